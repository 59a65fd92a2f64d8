"""Resident ID numbers (居民身份证号码) checked as GB 11643-1999 defines them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import mul

from .enums import Gender

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# First two digits: the province-level area codes of GB/T 2260.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)


class InvalidIdNumber(ValueError):
    pass


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    warnings: tuple[str, ...]


def check_digit(first17: str) -> str:
    return CHECK_CHARS[sum(map(mul, map(int, first17[:17]), WEIGHTS)) % 11]


def parse_id_number(raw: str, today: date | None = None) -> IdNumber:
    """Normalise and validate an 18-character ID number.

    Raises ``InvalidIdNumber`` for a wrong length, characters, birth date or check digit;
    an unknown area code is only a warning (DESIGN.md pitfall 8).
    """
    value = raw.strip().upper()
    if len(value) != 18:
        raise InvalidIdNumber("length")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise InvalidIdNumber("characters")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdNumber("birth_date") from None
    if born > (today or date.today()) or born.year < 1900:
        raise InvalidIdNumber("birth_date")
    if check_digit(value[:17]) != value[17]:
        raise InvalidIdNumber("check_digit")
    warnings = () if int(value[:2]) in PROVINCE_CODES else ("area_code",)
    return IdNumber(value, born, warnings)


def gender_of(value: str) -> Gender:
    """The gender a valid ID number records: its 17th digit, odd for a man (GB 11643)."""
    return Gender.MALE if int(value[16]) % 2 else Gender.FEMALE


def born_on(value: str) -> date:
    """The birth date a valid ID number records."""
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
