"""The ledger and the audit trail are append-only against every statement the app's
connections can send, on SQLite and PostgreSQL: only a ledger entry's audit state changes."""
import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError

from portal.extensions import db
from portal.models import AuditEvent, LedgerEntry, User
from portal.models.audit import AuditTrailIsAppendOnly
from portal.models.ledger import LedgerExplanation, LedgerIsAppendOnly
from portal.services import ledger

COUNTS = text("SELECT (SELECT count(*) FROM ledger_entry), (SELECT sum(amount) FROM ledger_entry), "
              "(SELECT min(id) FROM ledger_entry), (SELECT max(id) FROM ledger_entry), "
              "(SELECT count(*) FROM audit_event), (SELECT min(id) FROM audit_event), "
              "(SELECT max(at) FROM audit_event), (SELECT count(*) FROM ledger_explanation), "
              "(SELECT min(id) FROM ledger_explanation)")

LEDGER_COLUMNS = ("teacher_id, source, enrollment_id, activity_date, hours, amount, unit, category, title, "
                  "facts, explanation_id, rule_version, audit_state, reverses_id, created_at, created_by_id")

SQLITE_ONLY = {
    "the ledger": [
        # REPLACE deletes the row it replaces: refused only with recursive_triggers on
        "INSERT OR REPLACE INTO ledger_entry SELECT * FROM ledger_entry WHERE id = (SELECT min(id) FROM ledger_entry)",
        "REPLACE INTO ledger_entry SELECT * FROM ledger_entry WHERE id = (SELECT min(id) FROM ledger_entry)",
        # the conflict is on reverses_id (unique), not on the id: the reversal would be replaced
        f"INSERT OR REPLACE INTO ledger_entry ({LEDGER_COLUMNS}) SELECT {LEDGER_COLUMNS} FROM ledger_entry "
        "WHERE reverses_id IS NOT NULL",
        "UPDATE OR REPLACE ledger_entry SET id = (SELECT max(id) FROM ledger_entry) "
        "WHERE id = (SELECT min(id) FROM ledger_entry)",
        "UPDATE ledger_entry SET rowid = rowid + 1000",
        "UPDATE ledger_entry SET _rowid_ = _rowid_ + 1000",
    ],
    "the explanations": [
        "INSERT OR REPLACE INTO ledger_explanation SELECT * FROM ledger_explanation "
        "WHERE id = (SELECT min(id) FROM ledger_explanation)",
        "UPDATE OR REPLACE ledger_explanation SET id = (SELECT max(id) FROM ledger_explanation) "
        "WHERE id = (SELECT min(id) FROM ledger_explanation)",
    ],
    "the audit trail": [
        "INSERT OR REPLACE INTO audit_event SELECT * FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)",
        "REPLACE INTO audit_event SELECT * FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)",
        "UPDATE OR REPLACE audit_event SET id = (SELECT max(id) FROM audit_event) "
        "WHERE id = (SELECT min(id) FROM audit_event)",
    ],
}
POSTGRESQL_ONLY = {
    "the ledger": ["TRUNCATE ledger_entry CASCADE", "TRUNCATE teacher CASCADE"],  # CASCADE: appeals name entries
    "the explanations": ["TRUNCATE ledger_explanation CASCADE"],
    "the audit trail": ["TRUNCATE audit_event", "TRUNCATE user_account CASCADE"],
}
BOTH = {
    "the ledger": [
        "UPDATE ledger_entry SET id = id + 1000",
        "UPDATE ledger_entry SET id = -id WHERE id = (SELECT max(id) FROM ledger_entry)",
    ],
    "the explanations": [
        "UPDATE ledger_explanation SET steps = '[]'",
        "UPDATE ledger_explanation SET id = id + 1000",
        "DELETE FROM ledger_explanation",
    ],
    "the audit trail": [
        "UPDATE audit_event SET action = 'edited'",
        "UPDATE audit_event SET id = id + 1000",
        "UPDATE audit_event SET after = NULL WHERE id = (SELECT min(id) FROM audit_event)",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)",
    ],
}


@pytest.fixture
def ctx(app):
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "approved"))
        ledger.reverse(entry, db.session.scalar(select(User).where(User.username == "school_admin")), "重复登记")
        db.session.commit()
        yield


def statements(kind: str) -> list[str]:
    only = SQLITE_ONLY if db.engine.dialect.name == "sqlite" else POSTGRESQL_ONLY
    return BOTH[kind] + only[kind]


@pytest.mark.parametrize("kind", ["the ledger", "the explanations", "the audit trail"])
def test_raw_sql_cannot_rewrite(ctx, kind):
    before = db.session.execute(COUNTS).one()
    for statement in statements(kind):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
            db.session.commit()
        db.session.rollback()
        assert db.session.execute(COUNTS).one() == before, statement


def test_the_ledger_still_takes_new_entries_and_state_changes(ctx):
    submitted = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted"))
    db.session.execute(text("UPDATE ledger_entry SET audit_state = 'approved' WHERE id = :id"), {"id": submitted.id})
    db.session.execute(text(f"INSERT INTO ledger_entry ({LEDGER_COLUMNS}) SELECT {LEDGER_COLUMNS.replace('reverses_id', 'NULL').replace('enrollment_id', 'NULL')} "
                            "FROM ledger_entry WHERE id = :id"), {"id": submitted.id})
    db.session.commit()
    assert db.session.scalar(select(LedgerEntry.audit_state).where(LedgerEntry.id == submitted.id)) == "approved"


def test_the_orm_refuses_a_new_id_for_an_entry(ctx):
    entry = db.session.scalars(select(LedgerEntry)).first()
    entry.id += 1000
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_the_orm_refuses_to_edit_or_delete_an_explanation(ctx):
    explanation = db.session.scalars(select(LedgerExplanation)).first()
    explanation.steps = []
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(LedgerExplanation)).first())
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(LedgerIsAppendOnly):
        db.session.execute(delete(LedgerExplanation))
    db.session.rollback()


def test_the_orm_refuses_to_edit_or_delete_an_audit_event(ctx):
    event = db.session.scalars(select(AuditEvent)).first()
    event.action = "edited"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(AuditEvent)).first())
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_every_connection_of_the_app_fires_delete_triggers_on_replace(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("recursive_triggers is SQLite's")
        db.engine.dispose()
        assert db.session.execute(text("PRAGMA recursive_triggers")).scalar() == 1
