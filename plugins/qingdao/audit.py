"""Who takes which step of the credit audit, on which entries.

A training's credits are registered by whoever ran it (2017 §一, 谁举办谁登记): the district's
sections with the district account (§二1), a school its school-based training with its own
(§二2), a personalized training by the unit that runs it (annex 1 row 11), and what was run
outside the district by the district research centre, which recognises it (row 9). The account
that registered the credits (annex 2 step 6, 结业评价) is the one that submits them for audit
(step 8, 学分审核 → 提交审核). So each level is offered the submission only of the entries it
registers, decided from the facts the entry was converted from (its level, mode and program),
the same way ``enrollment.organiser_role`` decides who enrols and records the completion; a
withheld submission names who registers that kind of training, with the clause.

A claim (credits entered with evidence outside the portal's projects, ``claims.py``) is row 9's
其他情况: the research centre recognises it (据实认定) and registers it, so only the district
submits a claim, whatever its level; a claim is known by its ``claim`` fact or its ledger source.

The table also says when credits are registered (学分审核认定要求): the district's yearly classes
"在次年1月" (rows 1–5, 7), its cadre and topic trainings "在培训结束一周内" (rows 6, 8). The
submission of an enrollment's entry of such a training carries that last day as the finding's
``deadline``: a submission after it is offered and marked late (the notice says nothing of lateness),
unless the setting ``late_registration_refused`` refuses it. "在次年1月" names the month to register
in, not only its end: the classes' credits are the year's (每年不低于 N 学时), registered "根据参训
教师学习任务完成情况和实际出勤情况" once the year is over; so before January of the next year the
submission is withheld, saying from when it is open. The entry is dated on the training's last day
(the ledger's ``activity_date``), from which both times are counted.

The table asks one more thing of the unit running a training before it registers the credits:
"承担培训项目单位通过“教师教育平台”上传培训情况资料" (rows 1–8; row 9 的 文件依据和参训人员及培训情况; row
11 的 情况资料). So the submission of an entry of a project whose row says so is withheld while the
project holds no training materials (``AuditStep.project_materials`` 0), saying what to upload, with
the row's words; row 10's credits are registered by the platform itself and ask none. A training
naming no row (a school's 校本培训, registered by its own standard, §二2) is not held to it, nor is a
claim, whose evidence comes with it.

The documents leave the auditor's own steps unguarded: no time, no kind of entry.
"""
from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from datetime import date, timedelta

from portal.domain import AuditStep, Finding, LedgerSource, Level, Mode, UserRole

from . import parameters as P
from .claims import kind_label
from .compliance import PERSONALIZED_PROGRAM
from .enrollment import ORGANISERS, organiser_of
from .parameters import F2017
from .words import LEVEL_TRAINING, MODE_NAMES, _
from .workflow import REGISTERED, SUBMITTED

REGISTRAR = "audit_registrar"

# Who registers each kind of training, by the clause that says so (the words for who are those
# of ``enrollment.ORGANISERS``, who enrol the participants and record the completion).
PRINCIPLE = f"{F2017} §一（谁举办谁登记）"
REGISTRARS = {
    UserRole.SCHOOL_ADMIN: f"{PRINCIPLE}、§二2（参照各校校本培训标准登记学分）",
    UserRole.DISTRICT_ADMIN: f"{PRINCIPLE}、§二1（承担区级培训的各科室、各部门，教育中心各部门，用区级管理员账号登录）",
    UserRole.INSTITUTION_STAFF: f"{PRINCIPLE}、§附件1 第11项（承担培训项目的单位通过“教师教育平台”上传情况资料）",
}
# What the district registers that it did not run: the research centre recognises it.
ELSEWHERE = (_("市南区教育研究中心（区级管理员）"),
             f"{PRINCIPLE}、§附件1 第9项（由市南区教育研究中心据实认定，并登记学分）")
SUBMISSION_SOURCE = "§附件2 第8步（点击“学分审核”，再点击“提交审核”）"


RECOGNITION = "audit_recognition"
RECOGNITION_SOURCE = f"{F2017} §附件1 第9项（由市南区教育研究中心据实认定，并登记学分）、{SUBMISSION_SOURCE}"
DEADLINE = "audit_registration_deadline"
MATERIALS = "audit_training_materials"

# The ledger sources of claims (``ClaimKind.ledger_source``); transfers and manual entries are
# judged, as before, by their facts.
CLAIM_SOURCES = frozenset({LedgerSource.ACHIEVEMENT, LedgerSource.DEGREE_COURSE, LedgerSource.OUTSIDE})


def audit_findings(step: AuditStep) -> list[Finding]:
    """The submission is the registering level's (a claim's, the research centre's), and an
    enrollment's is held to its registration time; the other steps are not guarded."""
    if (step.source, step.target) != (REGISTERED, SUBMITTED):
        return []
    if claimed(step):
        return [recognition_finding(step)]
    findings = [registrar_finding(step)]
    deadline = deadline_finding(step)
    if deadline is not None:
        findings.append(deadline)
    materials = materials_finding(step)
    if materials is not None:
        findings.append(materials)
    return findings


def claimed(step: AuditStep) -> bool:
    """Whether the entry is a claim rather than a project's credits."""
    return bool(step.facts.get("claim")) or step.entry_source in CLAIM_SOURCES


def _code(kind, value):
    try:
        return kind(value)
    except ValueError:
        return None


def registrar_of(facts: Mapping[str, object]) -> UserRole:
    """Who registers the credits of the training an entry's facts describe."""
    return organiser_of(_code(Level, facts.get("level")), _code(Mode, facts.get("mode")), facts.get("program"))


def registrar(facts: Mapping[str, object]) -> tuple[UserRole, str, str]:
    """The role that registers the entry, who that is in words, and the clause."""
    role = registrar_of(facts)
    who, source = ORGANISERS[role][0], REGISTRARS[role]
    if role == UserRole.DISTRICT_ADMIN and _code(Level, facts.get("level")) != Level.COUNTY:
        who, source = ELSEWHERE
    return role, who, f"{source}、{SUBMISSION_SOURCE}"


def training_kind(facts: Mapping[str, object]) -> str:
    """The kind of training in the notices' words: the personalized training's row, 校本培训,
    or the training's level."""
    if facts.get("program") == PERSONALIZED_PROGRAM:
        return P.ROW_BY_CODE[PERSONALIZED_PROGRAM].label
    if _code(Mode, facts.get("mode")) == Mode.SCHOOL_BASED:
        return MODE_NAMES[Mode.SCHOOL_BASED]
    level = _code(Level, facts.get("level"))
    return LEVEL_TRAINING[level] if level is not None else _("这项培训")


def registrar_finding(step: AuditStep) -> Finding:
    """谁举办谁登记: only the level that registered an entry submits it."""
    role, who, source = registrar(step.facts)
    ok = step.by == role
    message = (_("由登记学分的举办单位提交审核：{who}", who=who) if ok
               else _("谁举办谁登记：{kind}由{who}登记学分并提交审核", kind=training_kind(step.facts), who=who))
    return Finding(REGISTRAR, ok, None, None, message, source)


def recognition_finding(step: AuditStep) -> Finding:
    """Row 9: 由市南区教育研究中心据实认定，并登记学分: only the district submits a claim."""
    kind = kind_label(step.facts.get("claim"))
    ok = step.by == UserRole.DISTRICT_ADMIN
    message = (_("{kind}由市南区教育研究中心据实认定，并登记学分", kind=kind) if ok
               else _("{kind}由市南区教育研究中心（区级管理员）据实认定，并登记学分、提交审核", kind=kind))
    return Finding(RECOGNITION, ok, None, None, message, RECOGNITION_SOURCE)


# When credits are registered -----------------------------------------------------------------

WHEN = {
    P.NEXT_JANUARY: _("在次年1月登记学分"),
    P.WEEK_AFTER_END: _("在培训结束一周内登记学分"),
}
PHRASES = {P.NEXT_JANUARY: "在次年1月登记学分", P.WEEK_AFTER_END: "在培训结束一周内"}


def registration_window(registration: str, end: date) -> tuple[date | None, date]:
    """The first and last day on which the credits of a training that ended on ``end`` are
    registered (``None``: from the end on), by the rules in force then."""
    if registration == P.NEXT_JANUARY:
        year, month = end.year + 1, P.REGISTRATION_MONTH.at(end)
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    return None, end + timedelta(weeks=P.REGISTRATION_WEEKS.at(end))


def registration_source(row: P.Row) -> str:
    """The row's clause with its words on when (``§附件1 第N项（在次年1月登记学分）``)."""
    return f"{row.source}（{PHRASES[row.registration]}）"


def deadline_finding(step: AuditStep) -> Finding | None:
    """The submission of a training whose row says when its credits are registered: withheld
    before the window opens; offered up to its last day (the finding's ``deadline``), and after it
    (late) unless the setting refuses late registrations."""
    program = step.facts.get("program")
    row = P.ROW_BY_CODE.get(program) if isinstance(program, str) else None
    if row is None or row.registration is None:
        return None
    opens, deadline = registration_window(row.registration, step.activity_date)
    source, when = registration_source(row), WHEN[row.registration]
    args = dict(program=row.label, when=when, opens=opens, deadline=deadline)
    if opens is not None and step.on < opens:
        message = _("尚未到登记时间：{program}{when}，{opens} 至 {deadline}", **args)
        return Finding(DEADLINE, False, None, None, message, source, deadline)
    if step.on <= deadline:
        return Finding(DEADLINE, True, None, None, _("{program}{when}，截至 {deadline}", **args), source, deadline)
    refused = P.LATE_REGISTRATION_REFUSED
    settings = (refused.name,)
    if refused.at(step.on):
        message = _("已逾期：{program}{when}，截至 {deadline}；本区不接受逾期登记", **args)
        return Finding(DEADLINE, False, None, None, message, source, deadline, settings=settings)
    message = _("逾期登记：{program}{when}，截至 {deadline}；仍可提交审核，记为逾期", **args)
    return Finding(DEADLINE, True, None, None, message, source, deadline, settings=settings)


# The training's materials ----------------------------------------------------------------------

def materials_row(facts: Mapping[str, object]) -> P.Row | None:
    """The row of the table whose 学分审核认定要求 asks the training's materials uploaded before its
    credits are registered, if the entry's program names one that does."""
    program = facts.get("program")
    row = P.ROW_BY_CODE.get(program) if isinstance(program, str) else None
    return row if row is not None and row.materials else None


def materials_source(row: P.Row) -> str:
    """The row's clause with its words on the materials (``§附件1 第N项（……上传培训情况资料）``)."""
    return f"{row.source}（{row.materials}）"


def materials_finding(step: AuditStep) -> Finding | None:
    """A project's credits go to audit with its training materials: the submission is withheld
    while the entry's project holds none, where its row asks them (rows 1–9, 11)."""
    row = materials_row(step.facts)
    if row is None or step.project_materials is None or step.project_materials > 0:
        return None
    message = _("尚未上传培训情况资料：{program}的承担单位在培训项目页面上传培训情况资料后，才能提交审核", program=row.label)
    return Finding(MATERIALS, False, None, None, message, materials_source(row))
