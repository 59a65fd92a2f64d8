"""Guards on the credit audit (``portal_audit_findings``).

Ruian keeps the core's audit chain: the school reviews each entry. The notice says who
recognises credits (学分认定) once: 各校（园）…合理安排好教师在培训周期内的参训和学分认定时间
(§二). So a claimed credit (claims.py) is recognised by the school, its platform admin or its
principal, and by no one else; a step on a claim by any other role is refused with that
clause. Entries from the portal's own projects are not guarded here: their completion is
registered by the institution (workflow.py) and the chain reviews them as before.

The notice gives no deadline for registering or recognising credits: its calendar (§附件)
dates declaration, selection, review, recheck and the training (to 2019-12-31), nothing
after. So no step carries a registration deadline.
"""
from __future__ import annotations

from portal.domain import AuditStep, Finding, UserRole

from . import parameters as P
from .claims import KINDS, KINDS_BY_CODE
from .words import _

RECOGNISED_BY_SCHOOL = "claim_recognised_by_school"
SCHOOL_ROLES = frozenset({UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL})
CLAIM_SOURCES = frozenset(kind.ledger_source.value for kind in KINDS)


def is_claim(step: AuditStep) -> bool:
    """An entry claimed with evidence: the core marks its facts with the kind's code, and its
    source is a claim's (a training taken outside the portal)."""
    return step.facts.get("claim") is not None or step.entry_source in CLAIM_SOURCES


def recognition_finding(step: AuditStep) -> Finding:
    """§二: the school recognises credits; a claim's step by another role is not offered."""
    kind = KINDS_BY_CODE.get(str(step.facts.get("claim")))
    what = kind.label if kind is not None else _("平台外申报的学分")
    if step.by in SCHOOL_ROLES:
        return Finding(RECOGNISED_BY_SCHOOL, True, None, None,
                       _("{what}由学校认定学分", what=what), P.RECOGNITION_CLAUSE)
    return Finding(RECOGNISED_BY_SCHOOL, False, None, None,
                   _("{what}由教师所在学校认定学分，其他单位不能审核", what=what), P.RECOGNITION_CLAUSE)


def audit_findings(step: AuditStep) -> list[Finding]:
    return [recognition_finding(step)] if is_claim(step) else []
