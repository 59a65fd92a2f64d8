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

The documents leave the auditor's own steps unguarded: no time, no kind of entry.
"""
from __future__ import annotations

from collections.abc import Mapping

from portal.domain import AuditStep, Finding, Level, Mode, UserRole

from . import parameters as P
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


def audit_findings(step: AuditStep) -> list[Finding]:
    """The submission is the registering level's; the other steps are not guarded."""
    if (step.source, step.target) == (REGISTERED, SUBMITTED):
        return [registrar_finding(step)]
    return []


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
