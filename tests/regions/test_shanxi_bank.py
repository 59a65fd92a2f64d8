"""Shanxi's appeal and credit bank (晋教师〔2017〕14号 §四(五), §五(三)), on worked examples.

School years run from 1 September (setting ``school_year_start_month``); the cycle in force is
2022-09-01 to 2027-08-31. A teacher in post since 2005 is asked 20 credits a school year.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

import plugins.shanxi as shanxi
from plugins.shanxi import parameters as P
from portal.domain import LedgerSource, Period, Record, TeacherFacts, Unit, UserRole
from portal.domain.appeals import AppealPolicy, CreditAccount
from portal.domain.text import using
from portal.plugins import Region

DOC = "shanxi-2017-credit-management.txt"
REGION = Region.load("shanxi")
VETERAN = TeacherFacts(entered_post=date(2005, 9, 1))
BORROWING = "credit_bank_borrowing"
CJK = re.compile(r"[\u4e00-\u9fff]")
SETTINGS = {p.name for p in P.settings()}


def earned(day: date, amount) -> Record:
    return Record(day, D(str(amount)), Unit.CREDIT, "centralized_city_up")


def borrowed(day: date, amount, source=LedgerSource.BORROWING, category=BORROWING) -> Record:
    return Record(day, D(str(amount)), Unit.CREDIT, category, source=source)


def account(records, as_of, teacher=VETERAN, **settings) -> CreditAccount:
    """The account as the core asks it, through the region with the bureau's settings."""
    region = Region.load("shanxi", settings=settings) if settings else REGION
    return region.credit_account(teacher, records, as_of)


def year(acct: CreditAccount, start_year: int):
    return next(y for y in acct.years if y.period.start.year == start_year)


def found(acct: CreditAccount, code: str):
    return next(f for f in acct.findings if f.code == code)


def assert_cites_and_reads(acct: CreditAccount):
    """Every finding and step cites clauses of the document and names only real settings;
    every message reads in English."""
    steps = acct.borrowing.steps if acct.borrowing else ()
    for item in (*acct.findings, *steps):
        for clause in REGION.library.resolve(item.source):
            assert clause.document is not None and clause.location.exact, item.source
        assert set(item.settings) <= SETTINGS
    for text in [acct.why_not, *(f.message for f in acct.findings), *(s.text for s in steps)]:
        if text:
            assert not CJK.search(text.render("en")), text.render("en")
            assert not any(name in text.render("zh_Hans_CN") for name in SETTINGS)


# The appeal (§五(三)) -------------------------------------------------------------------------


def test_the_county_bureau_that_runs_the_school_answers_an_appeal_made_within_half_a_year():
    policy = REGION.appeal_policy()
    assert isinstance(policy, AppealPolicy)
    assert policy.answered_by == UserRole.DISTRICT_ADMIN and policy.months == 6 and policy.settings == ()
    assert policy.evidence  # 提供证明材料: an appeal is made with its proof
    assert policy.source == (f"{DOC} §五(三)（在半年内提出申诉）、§五(三)（提供证明材料）、"
                             f"§五(三)（由所在学校主管教育行政部门受理并核实后予以回复）、§五(二)（每学年结束时）")
    phrases = [c.location.phrase for c in REGION.library.resolve(policy.source)]
    # the half year of a missing training runs from its school year's end (missing_from_year_end):
    # the clause saying when the school registers the year's trainings is cited too
    assert phrases == ["在半年内提出申诉", "提供证明材料", "由所在学校主管教育行政部门受理并核实后予以回复", "每学年结束时"]


@pytest.mark.parametrize("registered,closes", [
    (date(2026, 3, 15), date(2026, 9, 15)),  # an entry registered on 15 March may be appealed until 15 September
    (date(2026, 8, 31), date(2027, 2, 28)),  # half a year from 31 August ends on the last day of February
    (date(2025, 12, 1), date(2026, 6, 1)),   # across the new year
    (date(2027, 8, 31), date(2028, 2, 29)),  # into a leap February: its last day, the 29th
    (date(2023, 8, 29), date(2024, 2, 29)),  # the leap day itself
])
def test_an_entry_may_be_appealed_until_half_a_year_after_it_was_registered(registered, closes):
    assert REGION.appeal_policy().closes(registered) == closes


def test_the_window_is_the_dated_parameter_that_cites_the_clause():
    assert P.APPEAL_MONTHS.at(date(2026, 3, 15)) == 6 and not P.APPEAL_MONTHS.is_setting
    assert P.APPEAL_MONTHS.source_at(date(2026, 3, 15)) == f"{DOC} §五(三)（在半年内提出申诉）"


# The account on worked examples (§三(二), §四(五), §五(三)) -------------------------------------------


def test_a_year_short_by_5_is_covered_by_a_borrowing_and_the_next_years_8_extra_repay_it():
    """2022: 20 earned. 2023: 15 earned, 5 borrowed: the year is not failed. 2024: 28 earned,
    8 beyond the 20, which repay the 5 and leave 3 saved."""
    records = [earned(date(2022, 10, 1), 20), earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 5),
               earned(date(2024, 10, 1), 28)]
    acct = account(records, date(2025, 8, 31))
    assert [(y.period.start.year, y.required, y.earned, y.saved, y.borrowed, y.repaid) for y in acct.years] == [
        (2022, 20, 20, 0, 0, 0), (2023, 20, 15, 0, 5, 0), (2024, 20, 28, 8, 0, 5)]
    assert (acct.balance, acct.owed) == (D(3), D(0))
    covered = found(acct, "bank_borrowed_2023")
    assert covered.ok and (covered.required, covered.actual) == (D(20), D(20))
    assert covered.message == "2023—2024 学年修得 15 学分，借贷 5 学分补足 20 学分，该学年继续教育不判为不合格"
    assert covered.source.startswith(f"{DOC} §五(三)（凡学年培训学分未达学分基本要求且未实行学分“借贷”者）")
    repaid = found(acct, "bank_repaid_2024")
    assert repaid.message == "2024—2025 学年以积蓄归还 2023—2024 学年借贷的 5 学分"
    assert repaid.settings == ("borrowing_repaid_from_savings",)
    assert found(acct, "bank_saved_2024").actual == D(8)
    assert acct.source == (f"{DOC} §四(五)（实现教师培训学分的累积、查询、借贷、支取、应用）、"
                           f"§五(三)（凡学年培训学分未达学分基本要求且未实行学分“借贷”者）")
    assert_cites_and_reads(acct)
    with using("en"):
        assert str(repaid.message) == ("In school year 2024–2025: 5 credits borrowed for school year 2023–2024 "
                                       "repaid from savings")


def test_credits_saved_ahead_repay_a_later_borrowing_at_once():
    """鼓励提前积蓄学分 (§三(二)): 30 earned in 2022 save 10; the 5 borrowed in 2023 are repaid from them."""
    records = [earned(date(2022, 10, 1), 30), earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 5)]
    acct = account(records, date(2024, 8, 31))
    assert (year(acct, 2022).saved, year(acct, 2023).repaid, acct.balance, acct.owed) == (D(10), D(5), D(5), D(0))
    assert found(acct, "bank_saved_2022").message == "2022—2023 学年超出要求修得 10 学分，积蓄在学分银行"


def test_a_borrowing_partly_repaid_leaves_the_rest_owed_until_a_later_surplus():
    records = [earned(date(2022, 10, 1), 10), borrowed(date(2023, 8, 1), 10), earned(date(2023, 10, 1), 24)]
    acct = account(records, date(2024, 8, 31))
    assert (year(acct, 2023).saved, year(acct, 2023).repaid, acct.owed, acct.balance) == (D(4), D(4), D(6), D(0))


def test_a_borrowing_the_year_did_not_need_goes_back_at_once():
    """Borrowed 12 in October for a year that went on to earn its 20: nothing is owed."""
    records = [earned(date(2024, 9, 20), 8), borrowed(date(2024, 10, 1), 12), earned(date(2025, 5, 1), 12)]
    acct = account(records, date(2025, 8, 31))
    assert (year(acct, 2024).borrowed, year(acct, 2024).repaid, acct.owed) == (D(12), D(12), D(0))
    assert "不需要，当即退还" in found(acct, "bank_repaid_2024").message
    # the year's own finding says the borrowing was not needed, not that it made up the year
    said = found(acct, "bank_borrowed_2024").message
    assert said == "2024—2025 学年修得 20 学分，已达到 20 学分，借贷的 12 学分不需要" and "补足" not in said


def test_a_borrowing_larger_than_the_shortfall_says_what_of_it_makes_up_the_year():
    """A phone trial's bank read "修得 17.8，借贷 6.2 补足 20" beside "借贷的 4 不需要，当即退还"
    once an appeal had added 4 credits to the year."""
    records = [earned(date(2024, 9, 20), 13.8), borrowed(date(2024, 10, 1), 6.2), earned(date(2024, 10, 10), 4)]
    acct = account(records, date(2025, 8, 31))
    said = found(acct, "bank_borrowed_2024").message
    assert said == "2024—2025 学年修得 17.8 学分，借贷的 6.2 学分中 2.2 学分补足 20 学分，该学年继续教育不判为不合格"
    back = found(acct, "bank_repaid_2024").message
    assert back == "2024—2025 学年借贷的 4 学分超出该学年的差额，不需要，当即退还" and "已达到要求" not in back


def test_a_borrowing_too_small_leaves_the_year_failed_as_compliance_says():
    records = [earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 3)]
    acct = account(records, date(2024, 9, 15))
    f = found(acct, "bank_borrowed_2023")
    assert not f.ok and "仍不足 20 学分，该学年继续教育不合格" in f.message
    assert acct.owed == D(3)


# The borrowing offered now ------------------------------------------------------------------------


def test_a_teacher_8_credits_into_the_school_year_may_borrow_the_12_missing():
    acct = account([earned(date(2024, 10, 1), 8)], date(2025, 3, 1))
    b = acct.borrowing
    assert (b.amount, b.unit, b.category) == (D(12), Unit.CREDIT, BORROWING)
    assert acct.borrow_year == Period(date(2024, 9, 1), date(2025, 8, 31)) and acct.why_not == ""
    assert [s.value for s in b.steps[:3]] == [D(20), D(8), D(12)]
    assert b.steps[2].source.startswith(f"{DOC} §五(三)")
    assert b.steps[2].text == "差额以学分借贷补足，该学年继续教育不判为不合格"  # read 不为不合格, a double negative
    assert set(b.steps[3].settings) == {"borrowing_window_months", "borrowing_while_owing", "borrowing_max"}
    assert b.steps[-1].settings == ("borrowing_counts_for_cycle",)
    assert "不计入周期总学分" in b.steps[-1].text
    assert_cites_and_reads(acct)


def test_a_teacher_with_savings_borrows_and_the_savings_repay_it():
    acct = account([earned(date(2023, 10, 1), 30), earned(date(2024, 10, 1), 15)], date(2025, 3, 1))
    assert acct.borrowing.amount == D(5) and acct.balance == D(10)
    step = next(s for s in acct.borrowing.steps if "积蓄" in s.text)
    assert step.value == D(5) and step.settings == ("borrowing_repaid_from_savings",)


def test_the_borrowing_once_entered_covers_the_year_and_none_more_is_offered():
    """The core enters the offered borrowing as a ledger entry of source ``borrowing`` dated in the
    year; compliance then finds the year met, and the account offers nothing more."""
    records = [earned(date(2024, 10, 1), 8)]
    as_of = date(2025, 3, 1)
    offered = account(records, as_of).borrowing
    entered = [*records, Record(as_of, offered.amount, offered.unit, offered.category, source=LedgerSource.BORROWING)]
    compliance = shanxi.portal_check_compliance(teacher=VETERAN, records=entered, as_of=as_of, today=as_of)
    assert compliance.year(2024).ok and compliance.year(2024).counts == D(20)
    after = account(entered, as_of)
    assert after.borrowing is None and after.why_not == "2024—2025 学年已借贷 12 学分"


@pytest.mark.parametrize("records,as_of,teacher,settings,why_not", [
    ([earned(date(2024, 10, 1), 20)], date(2025, 3, 1), VETERAN, {},
     "2024—2025 学年已修得 20 学分，达到 20 学分，不需要借贷"),
    ([earned(date(2024, 10, 1), 8), borrowed(date(2024, 11, 1), 5)], date(2025, 3, 1), VETERAN, {},
     "2024—2025 学年已借贷 5 学分"),
    ([], date(2025, 3, 1), TeacherFacts(entered_post=date(2005, 9, 1), transferred_in=date(2025, 10, 1)), {},
     "2024—2025 学年不需要借贷；不作要求：2025-10-01 调入，从调入年度 2025—2026 学年起登记培训学分"),
    ([earned(date(2024, 10, 1), 8)], date(2025, 3, 1), VETERAN, {"borrowing_window_months": 2},
     "学年结束前 2 个月内才可以申请借贷，2024—2025 学年自 2025-07-01起可以申请"),
    ([earned(date(2023, 10, 1), 10), borrowed(date(2024, 8, 1), 10), earned(date(2024, 10, 1), 8)], date(2025, 3, 1),
     VETERAN, {"borrowing_while_owing": "false"}, "尚有借贷 10 学分未归还，归还前不能再借贷"),
    ([earned(date(2024, 10, 1), 8)], date(2025, 3, 1), VETERAN, {"borrowing_max": "10"},
     "2024—2025 学年差 12 学分，超过每学年最多可借贷的 10 学分，借贷补不足该学年"),
])
def test_no_borrowing_is_offered_and_the_teacher_is_told_why(records, as_of, teacher, settings, why_not):
    acct = account(records, as_of, teacher, **settings)
    assert acct.borrowing is None
    assert acct.why_not.render("zh_Hans_CN") == why_not
    assert_cites_and_reads(acct)


@pytest.mark.parametrize("settings,as_of", [
    ({"borrowing_window_months": 2}, date(2025, 7, 1)),      # the window's first day
    ({"borrowing_max": "12"}, date(2025, 3, 1)),             # the shortfall is exactly the most
    ({"borrowing_while_owing": "false"}, date(2025, 3, 1)),  # nothing owed
])
def test_a_borrowing_is_offered_at_the_edge_of_each_setting(settings, as_of):
    assert account([earned(date(2024, 10, 1), 8)], as_of, **settings).borrowing.amount == D(12)


def test_a_teacher_owing_may_borrow_again_unless_the_bureau_says_otherwise():
    records = [earned(date(2023, 10, 1), 10), borrowed(date(2024, 8, 1), 10), earned(date(2024, 10, 1), 8)]
    acct = account(records, date(2025, 3, 1))
    assert acct.owed == D(10) and acct.borrowing.amount == D(12)


# Settings changing the answer ------------------------------------------------------------------


def test_without_repayment_savings_and_borrowings_are_kept_apart():
    records = [earned(date(2022, 10, 1), 20), earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 5),
               earned(date(2024, 10, 1), 28)]
    acct = account(records, date(2025, 8, 31), borrowing_repaid_from_savings="false")
    assert (acct.balance, acct.owed, year(acct, 2024).repaid) == (D(8), D(5), D(0))
    assert found(acct, "bank_not_repaid").settings == ("borrowing_repaid_from_savings",)


def test_borrowed_credits_count_for_the_cycle_only_while_not_repaid_when_the_bureau_says_so():
    records = [earned(date(2022, 10, 1), 20), earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 5),
               earned(date(2024, 10, 1), 22)]
    as_of = date(2025, 8, 31)
    counted = Region.load("shanxi", settings={"borrowing_counts_for_cycle": "true"})
    standing = counted.check(VETERAN, records, as_of)
    assert standing.cycle.earned == D(57 + 3)  # 57 earned, and 3 of the 5 borrowed still owed
    acct = counted.credit_account(VETERAN, records, as_of)
    cycle = found(acct, "bank_cycle")
    assert acct.owed == D(3) and cycle.actual == D(3) and "已归还的 2 学分不重复计入" in cycle.message
    assert REGION.check(VETERAN, records, as_of).cycle.earned == D(57)
    assert found(account(records, as_of), "bank_cycle").actual == D(0)


# Consistency with compliance ---------------------------------------------------------------------

LEDGERS = [
    ([earned(date(2022, 10, 1), 20), earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 5),
      earned(date(2024, 10, 1), 28)], date(2025, 8, 31)),
    ([earned(date(2023, 10, 1), 15), borrowed(date(2024, 8, 1), 3)], date(2024, 9, 15)),
    ([earned(date(2022, 10, 1), 30), borrowed(date(2023, 9, 10), 20, LedgerSource.TRANSFER)], date(2026, 1, 1)),
    ([earned(date(2024, 10, 1), 8)], date(2025, 3, 1)),
    ([borrowed(date(2025, 1, 1), 20, category="online")], date(2025, 8, 31)),  # entered by the bank, any category
]


@pytest.mark.parametrize("records,as_of", LEDGERS)
def test_each_year_of_the_account_is_judged_as_compliance_judges_it(records, as_of):
    acct = account(records, as_of)
    compliance = REGION.check(VETERAN, records, as_of)
    assert [y.period.start.year for y in acct.years] == [y.year for y in compliance.years]
    for y, progress in zip(acct.years, compliance.years, strict=True):
        assert y.required == progress.required and y.earned + y.borrowed == progress.counts and y.earned == progress.earned
        assert (y.earned + y.borrowed >= y.required) is progress.ok
        code = f"bank_borrowed_{progress.year}"
        if y.borrowed:
            assert found(acct, code).ok is progress.ok
    yearly = [f for f in compliance.findings if f.code.startswith("yearly_minimum_")]
    assert [f.ok for f in yearly] == [y.earned + y.borrowed >= y.required for y in acct.years]
    assert acct.owed == sum((y.borrowed for y in acct.years), D(0)) - sum((y.repaid for y in acct.years), D(0))
    saved, repaid = sum((y.saved for y in acct.years), D(0)), sum((y.repaid for y in acct.years), D(0))
    assert acct.balance == saved - (repaid - handed_back(acct))
    assert_cites_and_reads(acct)


def handed_back(acct: CreditAccount) -> D:
    """What went back at once (not from savings): it leaves the balance as it was."""
    return sum((f.actual for f in acct.findings if f.code.startswith("bank_repaid_") and "当即退还" in f.message),
               D(0))


def test_a_borrowing_entered_by_the_bank_counts_whatever_its_category():
    records = [earned(date(2024, 10, 1), 15), borrowed(date(2025, 1, 1), 5, category="online")]
    compliance = REGION.check(VETERAN, records, date(2025, 8, 31))
    assert compliance.year(2024).ok and compliance.cycle.earned == D(15)


def test_self_study_beyond_the_cycle_cap_is_not_saved_in_the_bank():
    """五年周期内自主研修成果认定的学分总数不得超过20学分 (§四(四)): the 10 credits of 2023 come
    after the cycle's 20 and count nowhere, so the year saves nothing from them."""
    records = [earned(date(2022, 10, 1), 20),
               Record(date(2022, 12, 1), D(20), Unit.CREDIT, "self_study"),
               Record(date(2023, 10, 1), D(10), Unit.CREDIT, "self_study"),
               earned(date(2023, 11, 1), 20)]
    acct = account(records, date(2024, 8, 31))
    assert (year(acct, 2022).earned, year(acct, 2022).saved) == (D(40), D(20))
    assert (year(acct, 2023).earned, year(acct, 2023).saved) == (D(20), D(0))
    assert acct.balance == D(20)


def test_within_cap_counts_what_fits_under_the_cap():
    from plugins.shanxi.compliance import within_cap

    assert within_cap(D(26), D(0), D(20)) == D(20)
    assert within_cap(D(10), D(15), D(20)) == D(5)
    assert within_cap(D(10), D(25), D(20)) == D(0)
    assert within_cap(D(5), D(0), D(20)) == D(5)


def test_the_bank_counts_a_year_as_the_teachers_standing_does():
    """On the phone a teacher read 20 / 20 for the school year on their page (registered plus
    borrowed, as compliance counts it, §五(三)) and 13.8 / 20 on the bank's page (registered
    only): the account now carries the standing's figure for each year."""
    records = [earned(date(2024, 10, 1), "13.8"), borrowed(date(2025, 2, 1), "6.2")]
    as_of = date(2025, 3, 1)
    compliance = shanxi.portal_check_compliance(teacher=VETERAN, records=records, as_of=as_of, today=as_of)
    y = year(account(records, as_of), 2024)
    assert compliance.year(2024).counts == y.toward_required == y.counted == D(20)
    assert (y.earned, y.borrowed, y.required) == (D("13.8"), D("6.2"), D(20))
