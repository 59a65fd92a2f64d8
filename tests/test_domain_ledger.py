"""A ledger line keeps the activity it converted: ``Record.from_facts`` reads back what
``register_completion`` stores (``Activity.as_json()``), through the database's JSON too."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest

from portal.domain import Activity, ActivityRole, Grade, InvalidInput, LedgerSource, Level, Mode, Record, Unit, all_in

FULL = Activity(
    level=Level.CITY, mode=Mode.ONLINE, hours=D("10.5"), days=3, start=date(2026, 3, 1), end=date(2026, 3, 3),
    grade=Grade.GOOD, role=ActivityRole.INSTRUCTOR, program="backbone", service_year=2, topics=("ethics", "it"),
    base_credits=D("0.01"), scores={"exam": D("87.5"), "tasks": D(90)}, weights={"exam": D(60), "tasks": D(40)},
)
BARE = Activity(level=Level.SCHOOL, mode=Mode.SCHOOL_BASED, hours=D(0))


@pytest.mark.parametrize("activity", [FULL, BARE], ids=["every field", "required fields only"])
def test_the_stored_facts_round_trip_into_the_record(activity):
    stored = json.loads(json.dumps(activity.as_json()))  # as the JSON column gives it back
    assert Activity.from_mapping(stored) == activity
    record = Record.from_facts(date(2026, 3, 3), D("12.5"), "credit", "a_class", stored, "enrollment")
    assert (record.date, record.amount, record.unit, record.category, record.source) == (
        date(2026, 3, 3), D("12.5"), Unit.CREDIT, "a_class", LedgerSource.ENROLLMENT)
    for name in ("level", "mode", "hours", "days", "grade", "role", "program", "service_year", "base_credits",
                 "scores", "weights"):
        assert getattr(record, name) == getattr(activity, name), name
    assert record.topics == activity.topics
    assert all(isinstance(v, D) for v in (record.hours, *record.scores.values(), *record.weights.values()))


def test_a_fact_the_ledger_does_not_know_is_none():
    record = Record.from_facts(date(2026, 1, 5), D(3), Unit.HOUR, "probation", {"reason": "a reversal's note"})
    assert (record.level, record.mode, record.grade, record.role, record.hours, record.days) == (None,) * 6
    assert record.topics == () and record.scores == {} and record.source == LedgerSource.ENROLLMENT


def test_parsed_values_are_taken_as_they_are():
    record = Record.from_facts(date(2026, 1, 5), D(3), Unit.CREDIT, "x",
                               {"level": Level.CITY, "grade": Grade.FAIL, "hours": D("2.25"), "topics": ["it"]})
    assert (record.level, record.grade, record.hours, record.topics) == (Level.CITY, Grade.FAIL, D("2.25"), ("it",))


@pytest.mark.parametrize(("grade", "amount", "completed"), [
    (Grade.PASS, D(0), True),  # the grade says so, whatever it earned
    (Grade.EXCELLENT, D(12), True),
    (Grade.FAIL, D(3), False),  # a fail that still earned something (a region's partial credit) is not completed
    (None, D(3), True),  # no grade known: by whether it earned anything
    (None, D(0), False),
])
def test_completed_reads_the_grade_before_the_amount(grade, amount, completed):
    facts = {"grade": grade.value} if grade else {}
    assert Record.from_facts(date(2026, 1, 5), amount, Unit.CREDIT, "x", facts).completed is completed


def test_the_ledger_gives_back_the_activity_register_completion_converted(app):
    """Through the database: each enrollment entry of the demo reads back as a record with
    the facts of the activity its enrollment stands for."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Enrollment, LedgerEntry
    from portal.services import ledger

    with app.app_context():
        states = frozenset(s.code for s in app.extensions["portal.region"].audit_workflow().states)
        entries = db.session.scalars(select(LedgerEntry).where(LedgerEntry.enrollment_id.is_not(None))).all()
        assert entries
        for entry in entries:
            activity = ledger.activity_for(db.session.get(Enrollment, entry.enrollment_id))
            record = next(r for r in ledger.records_for(entry.teacher_id, states)
                          if (r.date, r.amount, r.category) == (entry.activity_date, entry.amount, entry.category))
            for name in ("level", "mode", "hours", "days", "grade", "role", "program", "service_year",
                         "base_credits", "scores", "weights", "topics"):
                assert getattr(record, name) == getattr(activity, name), name


def test_records_in_another_unit_are_refused_by_their_place():
    in_credits = Record.from_facts(date(2026, 3, 3), D(12), "credit", "a_class", {}, "enrollment")
    in_hours = Record.from_facts(date(2026, 3, 4), D(10), "hour", "a_class", {}, "enrollment")
    assert all_in(Unit.CREDIT, [in_credits], "not in credits") == [in_credits]
    with pytest.raises(InvalidInput) as refused:
        all_in(Unit.CREDIT, [in_credits, in_hours], "not in credits")
    assert (refused.value.field, refused.value.message) == ("records[1].unit", "not in credits")
