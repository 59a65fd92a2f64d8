"""The completion certificate of the all-staff training (结业证书, ``portal_certificates``).

The notice gives it to those who pass: 培训结束后，综合考核合格的学员发放结业证书 (§四(二)3);
考核合格的教师，学时计入……登记系统，并获得继续教育相应的学时证书 (§三(五)). So a teacher is
eligible when their counted ledger holds a passed all-staff training (an entry of the
all-staff category whose assessment was passed: the platform's result through the project, or
the certificate itself claimed where the result is not in the portal); a failed assessment
gives none. §五(四) says only that no make-up is arranged for teachers who did not take
part (未参训的教师不再统一安排补训); of make-up for a failed teacher the notice says nothing.

Each pass gets its certificate (结业 of that phase's training): the latest is offered first,
and the earlier phases' too, so a teacher who passed in several years finds each year's. A
certificate covers that phase's training months (1月至4月,
§四(二)2, read each year as the enrollment calendar reads it) when the pass falls in them,
else the day of the pass alone (a county that ran its own phase, §二(三), whose dates the
notice does not give). It states the program, its hours as registered and that the teacher
passed the composite assessment.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from portal.domain import Period, Record, Unit
from portal.domain.amounts import hours
from portal.domain.certificates import Award, CertificateCase, CertificateKind
from portal.domain.findings import minimum

from . import parameters as P
from .words import _

CODE = "all_staff_completion"
SOURCE = P.src("四(二)3（综合考核合格的学员发放结业证书）")
PASSED = "all_staff_passed"
ANY_PROGRAM = _("开封市中小学教师继续教育全员培训")


def training_period(day: date) -> Period:
    """The phase's training months holding ``day`` (§四(二)2: 1月至4月), else ``day`` alone."""
    first, last = P.TRAINING_MONTHS.at(day)
    if first <= day.month <= last:
        end = date(day.year + 1, 1, 1) if last == 12 else date(day.year, last + 1, 1)
        return Period(date(day.year, first, 1), end - timedelta(days=1))
    return Period(day, day)


def _attempts(case: CertificateCase) -> tuple[list[Record], list[Record]]:
    """The all-staff entries up to the day: those passed and those failed."""
    entries = [r for r in case.records if r.category == P.CATEGORY_ALL_STAFF and r.date <= case.as_of]
    return [r for r in entries if r.completed], [r for r in entries if not r.completed]


def judge(case: CertificateCase) -> Award:
    """Eligible with a passed all-staff training (§四(二)3, §三(五)); the certificate is the
    latest pass's, with each earlier phase passed offered beside it (``Award.earlier``: the
    notice gives the certificate to whoever passes a phase, and a teacher who passed in several
    years is owed each). Not eligible otherwise, saying whether an assessment was failed."""
    passes, fails = _attempts(case)
    if not passes:
        if fails:
            # a teacher who failed took part: §五(四)'s 补训 sentence, of those who did not, is not hers
            message = _("{n} 次全员培训综合考核未合格；综合考核合格的学员才发放结业证书", n=len(fails))
            source = P.src("四(二)3（综合考核合格的学员发放结业证书）")
        else:
            message = _("尚无全员培训综合考核合格的记录；综合考核合格的学员才发放结业证书")
            source = SOURCE
        return Award(False, (minimum(PASSED, Decimal(1), Decimal(0), message, source, unit=Unit.TIME),))
    latest: dict[Period, Record] = {}  # each phase's latest pass, the phases latest first
    for record in sorted(passes, key=lambda r: r.date, reverse=True):
        latest.setdefault(training_period(record.date), record)
    first, *earlier = (_award(record, passed) for record, passed in
                       zip(latest.values(), [len(passes)] + [1] * (len(latest) - 1)))
    return replace(first, earlier=tuple(earlier))


def _award(record: Record, passed: int) -> Award:
    """The certificate of the phase ``record`` passed; its finding counts ``passed``."""
    program = P.PROGRAMS.get(record.program or "")
    label = program.label if program else ANY_PROGRAM
    finding = minimum(PASSED, Decimal(1), Decimal(passed),
                      _("已于 {day} 通过{program}综合考核", day=record.date, program=label), SOURCE, unit=Unit.TIME)
    statement = _("参加{program}（{hours}），综合考核合格，准予结业。", program=label, hours=hours(record.amount))
    details = ((_("培训项目"), label),)
    if program is not None:
        details += ((_("培训承担机构"), program.institution),)
    details += ((_("登记学时"), hours(record.amount)), (_("考核合格日期"), record.date.isoformat()))
    return Award(True, (finding,), training_period(record.date), statement, details)


CERTIFICATES = (
    CertificateKind(
        CODE, _("开封市中小学教师继续教育全员培训结业证书"), SOURCE, judge,
        detail=_("全员培训综合考核合格的学员发放结业证书，考核不合格不发；本次培训结束后，未参训的教师不再统一安排补训"),
    ),
)


def certificates() -> list[CertificateKind]:
    return list(CERTIFICATES)
