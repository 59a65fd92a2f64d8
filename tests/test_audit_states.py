"""A ledger entry lives only in the states of the enabled region's audit workflow and
moves only along its steps, whichever code path writes it."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select, update

from portal.domain import Grade
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, User
from portal.models.ledger import AuditStateRefused, LedgerIsAppendOnly
from portal.services import reviews, training


def count_entries() -> int:
    return db.session.scalar(select(func.count(LedgerEntry.id)))


def completed_enrollment(region):
    organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
    project = training.add_project(None, organiser, name="状态测试", level="county", mode="centralized",
                                   start_date=date(2026, 3, 1), end_date=date(2026, 3, 1), year=2026,
                                   hours=Decimal(6), capacity=None)
    return training.enroll(region, None, project, db.session.scalars(select(Teacher)).first())


def test_a_completion_is_not_entered_in_an_undeclared_state(app):
    region = app.extensions["portal.region"]
    with app.app_context():
        before = count_entries()
        enrollment = completed_enrollment(region)
        with pytest.raises(AuditStateRefused):
            training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS, audit_state="bogus")
        db.session.rollback()
        assert count_entries() == before


def test_the_state_is_the_enabled_regions(make_app):
    app = make_app("shanxi", demo=True)  # shanxi's workflow has no "approved"
    region = app.extensions["portal.region"]
    with app.app_context():
        enrollment = completed_enrollment(region)
        with pytest.raises(AuditStateRefused):
            training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS, audit_state="approved")
        db.session.rollback()
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted"))
        entry.audit_state = "approved"
        with pytest.raises(AuditStateRefused):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("source, target", [
    ("submitted", "bogus"),
    ("approved", "submitted"),  # both declared, but no step leads back
    ("approved", "rejected"),
])
def test_the_orm_moves_an_entry_only_along_a_declared_step(app, source, target):
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == source))
        entry.audit_state = target
        with pytest.raises(AuditStateRefused):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(LedgerEntry, entry.id).audit_state == source


def test_the_orm_creates_an_entry_only_in_a_declared_state(app):
    with app.app_context():
        template = db.session.scalars(select(LedgerEntry)).first()
        columns = {c.key: getattr(template, c.key) for c in LedgerEntry.__table__.columns if c.key != "id"}
        columns["enrollment_id"] = None  # an entry by hand: the enrollment's own entry is there already
        db.session.add(LedgerEntry(**{**columns, "audit_state": "bogus"}))
        with pytest.raises(AuditStateRefused):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AuditStateRefused):
            db.session.execute(insert(LedgerEntry), [{**columns, "audit_state": "bogus"}])
        db.session.rollback()
        with pytest.raises(AuditStateRefused):
            db.session.execute(insert(LedgerEntry).values(**{**columns, "audit_state": "bogus"}))
        db.session.rollback()
        db.session.execute(insert(LedgerEntry), [{**columns, "audit_state": "approved"}])
        db.session.commit()


def test_a_bulk_update_cannot_skip_the_workflow(app):
    with app.app_context():
        with pytest.raises(LedgerIsAppendOnly):
            db.session.execute(update(LedgerEntry).values(audit_state="bogus"))
        db.session.rollback()
        assert "bogus" not in db.session.scalars(select(LedgerEntry.audit_state)).all()


def test_a_review_is_refused_a_target_outside_the_workflow(app):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        entry_id = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.audit_state == "submitted"))
        region = app.extensions["portal.region"]
        for target in ("bogus", "submitted"):
            with pytest.raises(reviews.ReviewRefused, match="not_allowed"):
                reviews.move(region, admin, entry_id, target)
        assert reviews.move(region, admin, entry_id, "approved").entry.audit_state == "approved"
