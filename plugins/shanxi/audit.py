"""When a level of Shanxi's credit audit may act on an entry (晋教师〔2017〕14号).

Steps (``audit_findings``), which steps the audit offers on an entry now; who takes each is
``workflow.AUDIT_WORKFLOW``:

- §二(四) 学年常规审核、五年周期审定 … 五年周期届满 … 各市教育行政部门对…本周期培训学分完成情况
  进行审定; §五(二) 五年周期结束，区县须对教师周期完成学分情况进行审核，经市级审定之后…: the
  city approves a cycle's credits once the cycle has ended, not before.

- §五(二) 每学年结束时，学校…汇总…逐年进行登记; 学校每年…上报所在区县: the school registers a
  school year's credits when the year ends, but the document names no last day, and §二(三)
  asks 学分适时登记审核 (registration as credits come, so the year's end is no window that
  opens then: the school may register during the year, as it always could). The deadline is
  the setting ``registration_deadline_months`` (default: none; else the last day of that
  many months after the school year holding the activity ends), on the school's registering
  step of every entry, since §五(二) registers the organisers' proof and the teacher's own
  alike. The document gives no consequence of lateness: a late registration is offered and
  marked late, unless the setting ``late_registration_refused`` (default: no) refuses it.

Claims (credits claimed with evidence outside the portal's projects, ``claims``): the school
registers them after verifying the proof the teacher submitted (§五(二) 对其本人提交的培训学分证明
材料进行核实后); the county recognises degree courses (§四(三) 经区县教师继续教育管理部门认定后)
and self-study achievements (§四(四) 各区县…赋予相应的学分) and verifies the rest with the proof
(§五(二) 由区县结合证明材料进行审核验证). A claim's registration taken by anyone but the school,
or its county step by anyone but the county, is refused with the clause. Entries from
enrollments are judged as before.
"""
from __future__ import annotations

from datetime import date, timedelta

from portal.domain import AuditStep, Finding, LedgerSource, UserRole

from . import parameters as P
from .claims import KINDS, recognition_clause
from .parameters import src
from .periods import school_year, school_year_of, span, year_name
from .words import _
from .workflow import CITY_APPROVED, COUNTY_VERIFIED, RECOGNISER, REGISTERED, SUBMITTED

CYCLE_END = "audit_cycle_end"
CLAIM_REGISTRATION = "audit_claim_registration"
CLAIM_RECOGNITION = "audit_claim_recognition"
REGISTRATION_DEADLINE = "audit_registration_deadline"
REGISTRAR = UserRole.SCHOOL_ADMIN  # 各学校负责本校教师继续教育培训学分登记工作 (§五(一))


def audit_findings(step: AuditStep) -> list[Finding]:
    """The city's approval waits for the end of the teacher's cycle (§二(四), §五(二)); the
    school's registration has its deadline if the bureau set one (§五(二)); a claim is
    registered by the school and recognised or verified by the county (§四(三), §四(四), §五(二))."""
    findings = []
    if step.target == CITY_APPROVED:
        findings.append(cycle_end_finding(step))
    if step.source == SUBMITTED and step.target in (REGISTERED, COUNTY_VERIFIED):  # a private school's: the county's
        deadline = registration_deadline_finding(step)
        if deadline is not None:
            findings.append(deadline)
    if is_claim(step):
        findings += claim_findings(step)
    return findings


# Claims (§四(三), §四(四), §五(二)) ----------------------------------------------------------------


def is_claim(step: AuditStep) -> bool:
    """An entry claimed with evidence: its source is not an enrollment, and its facts name the kind."""
    return step.entry_source != LedgerSource.ENROLLMENT.value and bool(step.facts.get("claim"))


def claim_findings(step: AuditStep) -> list[Finding]:
    """The school registers a claim once it has verified the proof; the county recognises or
    verifies it. Other steps (returns, refusals, the city's and the province's) as for any entry."""
    kind = KINDS.get(str(step.facts.get("claim")))
    what = kind.label if kind is not None else _("申报的学分")
    if step.target == REGISTERED:
        ok = step.by == REGISTRAR
        message = (_("{what}：学校核实本人提交的证明材料后登记", what=what) if ok else
                   _("{what}由学校核实本人提交的证明材料后登记", what=what))
        return [Finding(CLAIM_REGISTRATION, ok, None, None, message, src(P.OWN_PROOF_CLAUSE))]
    if step.target == COUNTY_VERIFIED:
        clause = recognition_clause(step.entry_source)
        ok = step.by == RECOGNISER
        if clause == P.COUNTY_VERIFICATION_CLAUSE:
            message = (_("{what}：区县结合证明材料审核验证", what=what) if ok else
                       _("{what}由区县教育行政部门结合证明材料审核验证", what=what))
        else:
            message = (_("{what}：区县教师继续教育管理部门认定学分", what=what) if ok else
                       _("{what}的学分须由区县教师继续教育管理部门认定", what=what))
        return [Finding(CLAIM_RECOGNITION, ok, None, None, message, src(clause))]
    return []


# The school's registration (§五(二)) ---------------------------------------------------------------


def registration_deadline(activity: date, on: date) -> date | None:
    """The last day to register the credits of an activity: ``registration_deadline_months``
    after the end of its school year; ``None`` when the setting sets none (the default)."""
    months = P.REGISTRATION_DEADLINE_MONTHS.at(on)
    if not months:
        return None
    after = school_year(school_year_of(activity, on), on).end + timedelta(days=1)  # the 1st of a month
    month = after.month - 1 + months
    return date(after.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def registration_deadline_finding(step: AuditStep) -> Finding | None:
    """每学年结束时…逐年进行登记 (§五(二)): the school's registration, against the bureau's deadline.
    Late is offered and marked late, unless ``late_registration_refused``."""
    deadline = registration_deadline(step.activity_date, step.on)
    if deadline is None:
        return None
    settings = (P.REGISTRATION_DEADLINE_MONTHS.name, P.LATE_REGISTRATION_REFUSED.name, P.SCHOOL_YEAR_START_MONTH.name)
    year = year_name(school_year_of(step.activity_date, step.on), step.on)
    late = step.on > deadline
    refused = late and P.LATE_REGISTRATION_REFUSED.at(step.on)
    if not late:
        message = _("{year}的学分由学校在学年结束时登记，登记期限 {deadline}", year=year, deadline=deadline)
    elif refused:
        message = _("{year}的学分登记期限 {deadline} 已过，逾期不予登记", year=year, deadline=deadline)
    else:
        message = _("{year}的学分登记期限 {deadline} 已过，仍可登记，记为逾期登记", year=year, deadline=deadline)
    return Finding(REGISTRATION_DEADLINE, not refused, None, None, message,
                   P.REGISTRATION_DEADLINE_MONTHS.source_at(step.on), deadline, settings=settings)


def cycle_end_finding(step: AuditStep) -> Finding:
    """五年周期届满 (§二(四)), 五年周期结束…经市级审定 (§五(二)): the city approves once the cycle
    holding the activity is over.

    ``cycle.end`` is the cycle's last day, inside the cycle (``Period`` is closed: a training
    on that day still counts in it). On that day the cycle is not yet 届满 or 结束: credits may
    still be earned and registered, and the county's audit of the whole cycle comes first. So
    the approval is offered from the day after (``on > cycle.end``), not on the last day."""
    cycle = step.cycle
    first = cycle.end + timedelta(days=1)
    ok = step.on > cycle.end
    figures = dict(cycle=span(cycle), end=cycle.end, first=first)
    # the cycle holding the activity, named by its days: 本周期 read as the current one, which it is
    # not once it has ended (the city approves it in the next)
    message = (_("周期（{cycle}）已于 {end} 届满，由市级审定", **figures) if ok else
               _("市级在五年周期届满后审定：周期 {cycle}，{end} 届满，{first} 起方可审定", **figures))
    return Finding(CYCLE_END, ok, None, None, message, src(P.CYCLE_APPROVAL_CLAUSE, P.CITY_APPROVAL_CLAUSE))
