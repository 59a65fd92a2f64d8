"""A result refused before a training's first day is said with the region's own wait for its last
day (``_waiting_longer``), asking the region's guards with the step's data. A guard failing then
(a misspelt field: AttributeError) was swallowed and the first day said instead, the bug hidden:
it is raised, as a guard's bug asked without data is (``RegionGuardError``), and logged."""
from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.domain import Grade
from portal.extensions import db
from portal.models import Enrollment, User
from portal.services import enrollments
from tests.test_results_before_start import enrolled


def test_a_guard_failing_on_the_steps_data_is_raised_not_swallowed(make_app, monkeypatch, caplog):
    app = make_app("kaifeng", demo=True)
    start = clock.today() + timedelta(days=3)
    e = enrolled(app, start, start + timedelta(days=4), "区级将开班的集中培训", Decimal(30))
    with app.app_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        step = enrollments.result_step(region, admin, db.session.get(Enrollment, e.enrollment_id))
        data = enrollments.MoveInput(attended_hours=Decimal(30), grade=Grade.PASS)
        with pytest.raises(enrollments.MoveRefused):  # the guards as they are: refused, the day said
            enrollments.move(region, admin, e.enrollment_id, step.target, data)
        original = region.move_findings

        def buggy(move):  # a misspelt field of the project: a bug, whatever the data
            return original(move) if move.selection.project.nmae else []

        monkeypatch.setattr(region, "move_findings", buggy)
        with caplog.at_level(logging.ERROR), pytest.raises(enrollments.RegionGuardError, match="with its data"):
            enrollments.move(region, admin, e.enrollment_id, step.target, data)
        assert "guard failed" in caplog.text
        assert db.session.get(Enrollment, e.enrollment_id).status == e.status
