from datetime import date

import pytest

from portal.domain.idcard import InvalidIdNumber, check_digit, parse_id_number


@pytest.mark.parametrize(
    "first17, expected",
    [
        ("11010519491231002", "X"),  # the worked example of GB 11643-1999 annex
        ("44052418800101001", "4"),
    ],
)
def test_check_digit(first17, expected):
    assert check_digit(first17) == expected


@pytest.mark.parametrize(
    "raw, error",
    [
        ("11010519491231002", "length"),
        ("1101051949123100211", "length"),
        ("11010519491231002A", "characters"),
        ("1101051949A231002X", "characters"),
        ("110105194902300027", "birth_date"),  # 30 February
        ("110105209901010016", "birth_date"),  # born in the future
        ("110105194912310021", "check_digit"),
    ],
)
def test_rejects(raw, error):
    with pytest.raises(InvalidIdNumber) as exc:
        parse_id_number(raw, today=date(2026, 1, 1))
    assert str(exc.value) == error


def test_accepts_lower_case_x_and_spaces():
    parsed = parse_id_number(" 11010519491231002x ", today=date(2026, 1, 1))
    assert parsed.value == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.warnings == ()


def test_unknown_area_code_is_a_warning_not_an_error():
    first17 = "99010519800101001"
    parsed = parse_id_number(first17 + check_digit(first17), today=date(2026, 1, 1))
    assert parsed.warnings == ("area_code",)
