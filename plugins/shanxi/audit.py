"""When a level of Shanxi's credit audit may act on an entry (晋教师〔2017〕14号).

Steps (``audit_findings``), which steps the audit offers on an entry now; who takes each is
``workflow.AUDIT_WORKFLOW``:

- §二(四) 学年常规审核、五年周期审定 … 五年周期届满 … 各市教育行政部门对…本周期培训学分完成情况
  进行审定; §五(二) 五年周期结束，区县须对教师周期完成学分情况进行审核，经市级审定之后…: the
  city approves a cycle's credits once the cycle has ended, not before.

The school's registration and the county's yearly audit are not held to a date: §五(二) says
the school registers 每学年结束时, but §二(三) asks 学分适时登记审核, so the core's default
applies (each level acts when the entry reaches it).
"""
from __future__ import annotations

from datetime import timedelta

from portal.domain import AuditStep, Finding

from . import parameters as P
from .parameters import src
from .periods import span
from .words import _
from .workflow import CITY_APPROVED

CYCLE_END = "audit_cycle_end"


def audit_findings(step: AuditStep) -> list[Finding]:
    """The city's approval waits for the end of the teacher's cycle (§二(四), §五(二))."""
    if step.target == CITY_APPROVED:
        return [cycle_end_finding(step)]
    return []


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
    message = (_("本周期（{cycle}）已于 {end} 届满，由市级审定", **figures) if ok else
               _("市级在五年周期届满后审定：本周期 {cycle}，{end} 届满，{first} 起方可审定", **figures))
    return Finding(CYCLE_END, ok, None, None, message, src(P.CYCLE_APPROVAL_CLAUSE, P.CITY_APPROVAL_CLAUSE))
