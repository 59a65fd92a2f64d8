"""The conclusions page's warning (teachers whose ended cycle still has entries in the audit, and
how many entries) is counted by the database a page of teachers at a time: it read every waiting
entry's date into Python and judged it against each teacher's previous cycle one by one, so a
province at a cycle's end read tens of thousands of rows to say two numbers. The statements no
longer grow with the teachers or their entries, and the counts are those of each teacher's own
ended cycle (an entry of today's cycle, or of the cycle before the ended one, is not counted)."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher
from portal.services import conclusions
from portal.services.scope import Scope
from portal.services.teachers import previous_period
from tests.test_cycle_conclusions import previous_cycle
from tests.test_queries import counted_queries
from tests.test_reports import user


def _waiting(region, entry, teacher_id, day):
    return LedgerEntry(teacher_id=teacher_id, source="claim", activity_date=day, amount=entry.amount, unit=entry.unit,
                       category=entry.category, title="待审核的申报", facts={}, explanation_id=entry.explanation_id,
                       rule_version=entry.rule_version, audit_state=region.audit_workflow().initial)


def test_the_warning_is_counted_in_the_database_whatever_the_number_of_teachers(make_app):
    app = make_app("shanxi", demo=True)
    previous = previous_cycle()
    found, sent = [], []
    with app.app_context():
        region = app.extensions["portal.region"]
        today = clock.today()
        scope = Scope.of(user("city_admin"), (region.cycle_conclusion.concluded_by,))
        entry = db.session.scalar(select(LedgerEntry).order_by(LedgerEntry.id))
        teachers = db.session.scalars(select(Teacher).order_by(Teacher.id)).all()
        before = conclusions.in_audit(region, scope, today)
        for n in (2, len(teachers)):
            for teacher in teachers[:n]:
                ended = previous_period(region, teacher.facts(), today)
                day = previous.end if ended is None else ended.end
                # two of the ended cycle, one of today's cycle, one of the cycle before the ended one
                db.session.add_all([_waiting(region, entry, teacher.id, day), _waiting(region, entry, teacher.id, day),
                                    _waiting(region, entry, teacher.id, day + timedelta(days=1)),
                                    _waiting(region, entry, teacher.id, previous.start - timedelta(days=1))])
            db.session.commit()
            db.session.expire_all()
            with counted_queries(app) as statements:
                found.append(conclusions.in_audit(region, scope, today))
            sent.append([s for s, _ in statements])
        # each teacher's own ended cycle, judged one by one: the counts the page gives
        expected_teachers = expected_entries = 0
        in_scope = set(db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                          .where(scope.teacher_condition(OrgUnit.path))))
        states = conclusions.standing_labels(region).auditing_states
        for teacher in teachers:
            ended = previous_period(region, teacher.facts(), today)
            if teacher.id not in in_scope or ended is None:
                continue
            days = db.session.scalars(select(LedgerEntry.activity_date).where(
                LedgerEntry.teacher_id == teacher.id, LedgerEntry.audit_state.in_(states),
                LedgerEntry.reverses_id.is_(None))).all()
            count = sum(ended.start <= d <= ended.end for d in days)
            expected_teachers, expected_entries = expected_teachers + bool(count), expected_entries + count
    assert found[-1] == (expected_teachers, expected_entries) and found[-1][0] > found[0][0] > before[0], found
    few, many = sent
    assert len(few) == len(many), (few, many)
    # the entries are counted where they are kept, never read one by one into Python
    for statement in many:
        selected = re.split(r"\sFROM\s", statement, maxsplit=1)[0]
        assert "ledger_entry." not in selected or selected.lstrip().startswith("SELECT count("), statement
