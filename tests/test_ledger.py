"""The ledger is append-only; totals are computed in SQL from what counts."""
import threading
import time
from decimal import Decimal

from portal import clock
from portal.domain.text import from_data, using

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import LedgerEntry, Teacher, TeacherStanding, User
from portal.models.ledger import LedgerExplanation, LedgerIsAppendOnly
from portal.services import ledger
from portal.services.transactions import writing


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app.extensions["portal.region"]


def demo_teacher():
    return db.session.scalar(select(Teacher).join(Teacher.user).where(User.username == "teacher"))


def year_totals():
    """This year's counted totals as every list reads them: from the kept standings, which
    the commit that changed the ledger refreshed."""
    return {teacher_id: total for teacher_id, total in db.session.execute(
        select(TeacherStanding.teacher_id, TeacherStanding.year_counted)
        .where(TeacherStanding.year == clock.today().year, TeacherStanding.year_counted != 0))}


def test_entries_cannot_be_edited_or_deleted(ctx):
    entry = db.session.scalars(select(LedgerEntry)).first()
    entry.amount = Decimal(99)
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    entry = db.session.scalars(select(LedgerEntry)).first()
    db.session.delete(entry)
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_only_the_audit_state_may_change(ctx):
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted"))
    entry.audit_state = "approved"
    db.session.commit()
    assert year_totals()[entry.teacher_id] == Decimal(15)


def test_a_reversal_cancels_an_entry_without_touching_it(ctx):
    teacher = demo_teacher()
    assert year_totals()[teacher.id] == Decimal(12)
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == teacher.id,
                                                        LedgerEntry.audit_state == "approved"))
    admin = db.session.scalar(select(User).where(User.username == "school_admin"))
    reversal = ledger.reverse(entry, admin, "重复登记")
    db.session.commit()
    assert reversal.amount == Decimal(-12) and entry.amount == Decimal(12)
    assert year_totals().get(teacher.id, Decimal(0)) == Decimal(0)
    assert ledger.records_for(teacher.id, frozenset({"approved"})) == []


def test_a_reversal_explains_its_amount_as_the_other_entries_do(ctx):
    """A teacher's ledger read an upheld appeal's reversal as "→ -12.00" beside entries reading
    "→ 12": the reversal kept its amount as the column's text, not as the explanations' figure."""
    teacher = demo_teacher()
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.teacher_id == teacher.id,
                                                        LedgerEntry.audit_state == "approved"))
    admin = db.session.scalar(select(User).where(User.username == "school_admin"))
    reversal = ledger.reverse(entry, admin, "重复登记")
    db.session.commit()
    assert reversal.steps == [{"text": "重复登记", "value": -12, "source": ""}]


def test_entries_keep_their_explanation_and_rule_version(ctx):
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.title == "示例集中培训"))
    assert entry.rule_version == "example-1"
    assert entry.steps == [{"text": "12 学时按 1:1 计学分", "value": 12, "source": "example.txt §1",
                            "words": {"$text": {"domain": "example", "id": "{hours} 学时按 1:1 计学分",
                                                "args": {"hours": "12"}}}}]
    with using("en"):  # kept as a message, so it reads in English years later
        assert str(from_data(entry.steps[0]["words"])) == "12 hours count one to one as credits"
    assert entry.facts["level"] == "county" and entry.facts["hours"] == 12


def test_amounts_are_decimals(ctx):
    entry = db.session.scalars(select(LedgerEntry)).first()
    assert isinstance(entry.amount, Decimal)
    assert all(isinstance(r.amount, Decimal) for r in ledger.records_for(entry.teacher_id, frozenset({"approved"})))


def test_the_same_steps_are_kept_once(ctx):
    steps = [{"text": "12 学时", "value": 12, "source": "example.txt §1"}]
    first = ledger.explanation_for(steps)
    assert ledger.explanation_for([{"source": "example.txt §1", "value": 12, "text": "12 学时"}]) == first
    assert ledger.explanation_for([{**steps[0], "value": 13}]) != first


def test_the_teachers_of_a_project_share_its_explanation(make_app):
    with make_app("qingdao", demo=True).app_context():
        entries = db.session.scalar(select(func.count(LedgerEntry.id)))
        kept = db.session.scalar(select(func.count(LedgerExplanation.id)))
        assert kept < entries / 2


def test_records_of_more_teachers_than_a_statement_takes_parameters(ctx):
    """A whole city at once: more ids than PostgreSQL (65,535) or SQLite (32,766) bind."""
    teacher = demo_teacher().id
    few = ledger.records_by_teacher([teacher], frozenset({"approved"}))
    many = ledger.records_by_teacher(range(1, 70_001), frozenset({"approved"}))
    assert few[teacher] and many[teacher] == few[teacher] and len(many) == 70_000


def test_two_writers_keeping_the_same_new_steps_share_one_explanation(app):
    """The second waits for the first to commit, then finds its row (no unique violation)."""
    steps = [{"text": "并发", "value": 1, "source": ""}]
    inserted, ids = threading.Event(), []

    def first():
        with app.app_context():
            writing()
            ids.append(ledger.explanation_for(steps))
            inserted.set()
            time.sleep(0.3)
            db.session.commit()

    def second():
        inserted.wait(10)
        with app.app_context():
            writing()
            ids.append(ledger.explanation_for(steps))
            db.session.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with app.app_context():
        kept = db.session.scalars(select(LedgerExplanation.id)
                                  .where(LedgerExplanation.digest == ledger.explanation_digest(steps))).all()
    assert len(ids) == 2 and ids[0] == ids[1] and kept == [ids[0]]
