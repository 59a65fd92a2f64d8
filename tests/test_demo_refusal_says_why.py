"""A demo's project refused by a cited finding (a level above the organiser's reach, given with
its clause) says the finding and its clause, so that ``portal rules test`` tells the region's
author why, not only ``refused: level``."""
from decimal import Decimal

import pytest

from portal.domain import Finding
from portal.services import demo, projects


def test_a_refusal_by_findings_says_them(monkeypatch):
    finding = Finding("project_level", False, None, None, "本校只能举办校级培训", "example.txt §9", field="level")

    def refuse(region, data):
        raise projects.ProjectRefused("refused", "level", findings=(finding,))

    monkeypatch.setattr(projects, "check_input", refuse)
    spec = type("Spec", (), dict(name="县级培训", level="county", mode="centralized", start=None, end=None,
                                 hours=Decimal(6), category=None, program=None, base_credits=None, stages=(),
                                 subjects=(), layer=None, topics=(), capacity=30, fee=Decimal(0), description="",
                                 region_fields={}, lodging=False))
    with pytest.raises(demo.DemoRefused) as refused:
        demo._check_project(None, spec)
    assert "本校只能举办校级培训" in str(refused.value) and "example.txt §9" in str(refused.value)
