"""The enrollment workflow is asked of the region once a day under the same settings: every
page of a teacher asked it (the home counts what waits for them), and a region builds it anew
each time (qingdao's payment deadline is a dated parameter). A new day, or new settings, ask
again."""
from __future__ import annotations

import dataclasses
from datetime import date

from portal import clock
from portal.defaults import ENROLLMENT_WORKFLOW
from portal.hookspecs import hookimpl
from portal.plugins import Region
from tests import example_region


def test_the_workflow_is_asked_once_a_day_and_again_the_next(monkeypatch):
    asked = []

    @hookimpl
    def portal_enrollment_workflow():
        asked.append(clock.today())
        return dataclasses.replace(ENROLLMENT_WORKFLOW)

    monkeypatch.setattr(example_region, "portal_enrollment_workflow", portal_enrollment_workflow, raising=False)
    region = Region.load("example", {"example": example_region})
    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))
    first = region.enrollment_workflow()
    assert region.enrollment_workflow() is first
    assert asked == [date(2026, 3, 1)]

    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 2))
    region.enrollment_workflow()
    assert asked == [date(2026, 3, 1), date(2026, 3, 2)]

    region.settings = {}  # the bureau's settings changed: asked again the same day
    region.enrollment_workflow()
    assert asked == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 2)]


def test_qingdao_s_payment_deadline_follows_the_day_asked(monkeypatch):
    from plugins import qingdao

    region = Region.load("qingdao", {"qingdao": qingdao})
    built = []
    real = qingdao.workflow.enrollment_workflow
    monkeypatch.setattr(qingdao.workflow, "enrollment_workflow", lambda on: built.append(on) or real(on))
    for day in (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 2)):
        monkeypatch.setattr(clock, "today", lambda day=day: day)
        region.enrollment_workflow()
    assert built == [date(2026, 3, 1), date(2026, 3, 2)]
