"""A teacher's credit bank account (§四(五) 探索建立教师培训学分银行: 累积、查询、借贷、支取、应用)
and the appeal of §五(三).

The account is read from the same standing as ``compliance.check``: each school year of the
cycle up to the day, what it asked of the teacher, what was registered (earned) and borrowed;
``bank.settle`` says what was saved (§三(二) 鼓励提前积蓄学分) and repaid. A year short of
its minimum and not covered by a borrowing is 不合格 (§五(三) 凡学年培训学分未达学分基本要求
且未实行学分“借贷”者); the borrowing offered now covers the current school year's shortfall.
The document sets no amount, no repayment, no condition and no time for a borrowing: those
are settings (``borrowing_max``, ``borrowing_repaid_from_savings``, ``borrowing_while_owing``,
``borrowing_window_months``; whether borrowed credits count for the cycle,
``borrowing_counts_for_cycle``).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from portal.domain import CreditResult, Finding, Record, Step, TeacherFacts, Unit, UserRole
from portal.domain.amounts import clean, credits
from portal.domain.appeals import AccountYear, AppealPolicy, CreditAccount
from portal.domain.findings import with_note
from portal.domain.results import Words
from portal.domain.text import listing

from . import parameters as P
from .bank import BankYear, Settlement
from .categories import BORROWING
from .compliance import YEAR_SETTINGS, YEARLY_SOURCE, Standing, YearFigures, covering_part, standing
from .parameters import src
from .periods import by_setting, school_year_of, year_name
from .words import _

ACCOUNT_SOURCE = src(P.BANK_CLAUSE, P.BORROWING_CLAUSE)
BORROWING_SOURCE = src(P.BORROWING_CLAUSE, P.BANK_CLAUSE)
SAVING_SOURCE = src(P.SAVING_CLAUSE, P.BANK_CLAUSE)
BANK_SOURCE = src(P.BANK_CLAUSE)
EARNED_SOURCE = src(P.YEAR_CREDITS_CLAUSE)
REPAY_SETTINGS = (P.BORROWING_REPAID_FROM_SAVINGS.name,)
WHEN_SETTINGS = (P.BORROWING_WINDOW_MONTHS.name, P.BORROWING_WHILE_OWING.name, P.BORROWING_MAX.name)


# The appeal (§五(三)) ---------------------------------------------------------------------------


def appeal_policy(on: date) -> AppealPolicy:
    """教师可以根据学分登记情况,在半年内提出申诉,提供证明材料,由所在学校主管教育行政部门受理并核实后
    予以回复 (§五(三)): the county bureau that runs the school answers, within half a year, the
    teacher's proof attached. The half year runs from the registration the appeal reads: a missing
    training's from its school year's end, when the school registers the year's trainings (§五(二)
    每学年结束时), not from its own date (a training of March, left out in August, read as closed to
    appeal since September)."""
    return AppealPolicy(UserRole.DISTRICT_ADMIN, P.APPEAL_MONTHS.at(on), src(P.APPEAL_CLAUSE, P.APPEAL_EVIDENCE_CLAUSE,
                                                                            P.APPEAL_ANSWER_CLAUSE,
                                                                            P.YEAR_END_REGISTRATION_CLAUSE), evidence=True,
                        missing_from_year_end=True)


# The account --------------------------------------------------------------------------------------


def account(teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> CreditAccount:
    s = standing(teacher, records, as_of)
    bank = s.bank
    # Each year counted as the teacher's standing counts it (compliance's YearProgress: registered
    # plus borrowed), so the bank and the teacher's page show one figure for the year.
    years = tuple(AccountYear(b.row.period, b.row.required, b.row.earned, b.saved, b.row.borrowed,
                              b.repaid, counted=s.year(b.row.year).progress.counts) for b in bank.years)
    current = s.year(school_year_of(as_of, as_of))
    borrowing, why_not = offer(s, current, bank)
    return CreditAccount(years, bank.balance, bank.owed, borrowing, current.period, why_not,
                         tuple(findings(s, bank)), ACCOUNT_SOURCE)


def offer(s: Standing, y: YearFigures, bank: Settlement) -> tuple[CreditResult | None, Words]:
    """The borrowing that would cover the current school year's shortfall now (§五(三)), or why
    none may be made: nothing asked, nothing short, already borrowed for, or a setting's limit
    (when in the year, while owing, how much)."""
    as_of, need = s.as_of, y.progress.required
    year = year_name(y.progress.year, as_of)
    if need is None:
        return None, with_note(_("{year}不需要借贷", year=year), y.progress.note)
    if y.earned >= need:
        return None, _("{year}已修得 {earned}，达到 {need}，不需要借贷", year=year, earned=credits(y.earned),
                       need=credits(need))
    if y.borrowed:
        return None, _("{year}已借贷 {amount}", year=year, amount=credits(y.borrowed))
    shortfall = clean(need - y.earned)
    window = P.BORROWING_WINDOW_MONTHS.at(as_of)
    opens = window_opens(y, window)
    if as_of < opens:
        return None, _("学年结束前 {n} 个月内才可以申请借贷，{year}自 {date}起可以申请", n=window, year=year, date=opens)
    if bank.owed and not P.BORROWING_WHILE_OWING.at(as_of):
        return None, _("尚有借贷 {owed}未归还，归还前不能再借贷", owed=credits(bank.owed))
    most = P.BORROWING_MAX.at(as_of)
    if most and shortfall > most:
        return None, _("{year}差 {shortfall}，超过每学年最多可借贷的 {most}，借贷补不足该学年",
                       year=year, shortfall=credits(shortfall), most=credits(most))
    year_settings = YEAR_SETTINGS + ((P.PARTIAL_YEAR.name,) if by_setting(y.progress.note) else ())
    steps = [
        Step(with_note(_("{year}要求的学分", year=year), y.progress.note), need, YEARLY_SOURCE, year_settings),
        Step(_("{year}已登记修得的学分", year=year), y.earned, EARNED_SOURCE),
        Step(_("差额以学分借贷补足，该学年继续教育不判为不合格"), shortfall, BORROWING_SOURCE),
        Step(_("可以申请借贷"), listing([P.BORROWING_WINDOW_MONTHS.display(window),
                                      P.BORROWING_WHILE_OWING.display(P.BORROWING_WHILE_OWING.at(as_of)),
                                      P.BORROWING_MAX.display(most)]),
             BANK_SOURCE, WHEN_SETTINGS),
    ]
    if bank.balance and P.BORROWING_REPAID_FROM_SAVINGS.at(as_of):
        steps.append(Step(_("已积蓄 {balance}，借贷即以积蓄归还", balance=credits(bank.balance)),
                          min(bank.balance, shortfall), SAVING_SOURCE, REPAY_SETTINGS))
    steps.append(cycle_step(as_of))
    return CreditResult(shortfall, Unit.CREDIT, BORROWING, tuple(steps)), ""


def window_opens(y: YearFigures, months: int) -> date:
    """The first day of the last ``months`` months of the school year (its first day for 0)."""
    if not months:
        return y.period.start
    end = y.period.end
    first = end.year * 12 + end.month - months  # months counted from year 0, January = 0
    return max(y.period.start, date(first // 12, first % 12 + 1, 1))


def cycle_step(as_of: date) -> Step:
    counts = P.BORROWING_COUNTS_FOR_CYCLE.at(as_of)
    text = (_("借来而尚未归还的学分计入周期总学分") if counts else
            _("借来的学分不是修得的学分，不计入周期总学分"))
    return Step(text, None, P.BORROWING_COUNTS_FOR_CYCLE.source_at(as_of), (P.BORROWING_COUNTS_FOR_CYCLE.name,))


# What the rules did -------------------------------------------------------------------------------


def findings(s: Standing, bank: Settlement) -> list[Finding]:
    """For each year: what it saved (§三(二), §四(五)), what its borrowing did to its finding
    (§五(三)), what it repaid (a setting); then what borrowing does to the cycle (a setting)."""
    as_of = s.as_of
    repay = P.BORROWING_REPAID_FROM_SAVINGS.at(as_of)
    found = []
    for b in bank.years:
        year = year_name(b.row.year, as_of)
        if b.saved:
            found.append(Finding(f"bank_saved_{b.row.year}", True, None, b.saved,
                                 _("{year}超出要求修得 {saved}，积蓄在学分银行", year=year, saved=credits(b.saved)),
                                 SAVING_SOURCE, settings=YEAR_SETTINGS))
        if b.row.borrowed:
            found.append(borrowing_finding(b, s))
        for r in b.repayments:
            figures = dict(year=year, amount=credits(r.amount), borrowed_in=year_name(r.borrowed_in, as_of))
            # beyond the year's shortfall: the year need not have reached its requirement by
            # earning alone ("修得的学分已达到要求" read of 17.8 earned of 20)
            message = (_("{year}借贷的 {amount}超出该学年的差额，不需要，当即退还", **figures) if r.handed_back
                       else _("{year}以积蓄归还 {borrowed_in}借贷的 {amount}", **figures))
            found.append(Finding(f"bank_repaid_{b.row.year}", True, None, r.amount, message, BANK_SOURCE,
                                 settings=REPAY_SETTINGS))
    if bank.borrowed:
        if not repay:
            found.append(Finding("bank_not_repaid", True, None, bank.owed,
                                 _("借贷不以积蓄归还：周期内借贷 {borrowed}，积蓄 {balance}分别累计",
                                   borrowed=credits(bank.borrowed), balance=credits(bank.balance)),
                                 BANK_SOURCE, settings=REPAY_SETTINGS))
        found.append(cycle_finding(s, bank))
    return found


def borrowing_finding(b: BankYear, s: Standing) -> Finding:
    """A year covered by its borrowing is not 不合格 (§五(三)); one still short is, once over.
    The same judgement as the year's ``yearly_minimum`` finding."""
    row, as_of = b.row, s.as_of
    figures = dict(year=year_name(row.year, as_of), earned=credits(row.earned), borrowed=credits(row.borrowed),
                   need=credits(row.required or 0))
    if row.required is None:
        message = _("{year}不要求学分，借贷 {borrowed}", **figures)
    elif b.covered:
        # what of the borrowing makes up the shortfall: the rest went back at once (its own finding);
        # a trial's bank read "修得 17.8，借贷 6.2 补足 20" beside "借贷的 4 不需要，当即退还"
        covering = covering_part(row.borrowed, row.required, row.earned)
        if covering == row.borrowed:
            message = _("{year}修得 {earned}，借贷 {borrowed}补足 {need}，该学年继续教育不判为不合格", **figures)
        elif covering:
            message = _("{year}修得 {earned}，借贷的 {borrowed}中 {covering}补足 {need}，该学年继续教育不判为不合格",
                        covering=credits(covering), **figures)
        else:
            message = _("{year}修得 {earned}，已达到 {need}，借贷的 {borrowed}不需要", **figures)
    elif row.period.ended_on(as_of):
        message = _("{year}修得 {earned}，借贷 {borrowed}仍不足 {need}，该学年继续教育不合格", **figures)
    else:
        message = _("{year}已修 {earned}，借贷 {borrowed}，尚不足 {need}", **figures)
    return Finding(f"bank_borrowed_{row.year}", b.covered, row.required, clean(row.earned + row.borrowed), message,
                   BORROWING_SOURCE, row.period.end,
                   settings=YEAR_SETTINGS)


def cycle_finding(s: Standing, bank: Settlement) -> Finding:
    """Whether borrowed credits count for the cycle total: the document does not say (a setting);
    when they do, only what is not yet repaid, lest a credit count twice."""
    as_of = s.as_of
    counts = P.BORROWING_COUNTS_FOR_CYCLE.at(as_of)
    figures = dict(borrowed=credits(bank.borrowed), owed=credits(bank.owed), repaid=credits(bank.repaid))
    if counts:
        message = _("周期内借贷 {borrowed}，其中尚未归还的 {owed}计入周期总学分，已归还的 {repaid}不重复计入", **figures)
        counted = bank.owed
    else:
        message = _("周期内借贷 {borrowed}，借来的学分不计入周期总学分，周期总学分只计修得的学分", **figures)
        counted = Decimal(0)
    return Finding("bank_cycle", True, None, counted, message, P.BORROWING_COUNTS_FOR_CYCLE.source_at(as_of),
                   s.cycle.period.end, settings=(P.BORROWING_COUNTS_FOR_CYCLE.name,) + REPAY_SETTINGS)

