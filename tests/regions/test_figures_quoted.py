"""A figure the notices give is cited by the words that hold it: the quoted words after the
clause, not only the clause (the contract finds the figure somewhere in the clause). A reader
of qingdao's intermediate-title figures (72, 216, 288) was shown 附件1(一)（教师参加中级职称评审时）,
words holding none of them; kaifeng's 1 名坊主, 1 月至 4 月 and the 1.5%－2.5% and 5% shares
were cited by the clause's number alone."""
from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal

import pytest

from portal.plugins import Region

CHINESE = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}


def figures(value) -> set[Decimal]:
    """The numbers a parameter's value holds (not its dates, nor a yes or no)."""
    if isinstance(value, bool) or isinstance(value, date) or value is None:
        return set()
    if isinstance(value, (int, Decimal)):
        return {Decimal(value)}
    if isinstance(value, dict):
        return set().union(*(figures(v) for v in value.values())) if value else set()
    if isinstance(value, (tuple, list, set, frozenset)):
        return set().union(*(figures(v) for v in value)) if value else set()
    if is_dataclass(value):
        return set().union(*(figures(getattr(value, f.name)) for f in fields(value)))
    return set()


def written(number: Decimal) -> set[str]:
    """How the notices write ``number``: 72, 1.5% (a share), 五 (a count of years)."""
    forms = {f"{number.normalize():f}"}
    if 0 < number < 1:
        forms.add(f"{(number * 100).normalize():f}%")
    if number == int(number) and int(number) in CHINESE:
        forms.add(CHINESE[int(number)])
    return forms


def quoted(source: str) -> str:
    return re.sub(r"\s+", "", "".join(re.findall(r"（(.*?)）(?:、|$)", source)))


@pytest.mark.parametrize("code", ["qingdao", "kaifeng"])
def test_every_figure_the_notices_give_is_in_the_words_its_citation_quotes(code):
    unquoted = []
    for parameter in Region.load(code).parameters():
        if parameter.is_setting:
            continue
        for value in parameter.values:
            words = quoted(value.source or "")
            for number in figures(value.value):
                if number == 0 and "不得" in words:  # 不得向参训教师收取任何费用: nothing, said in words
                    continue
                if not any(form in words for form in written(number)):
                    unquoted.append(f"{parameter.name} {number}: {value.source}")
    assert unquoted == []
