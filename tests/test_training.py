"""Enrolling takes a seat only while one is left, even when admins act at the same moment."""
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.domain import Grade
from portal.extensions import db
from portal.models import AuditEvent, Enrollment, OrgUnit, Teacher, TrainingProject
from portal.services import training


def new_project(capacity):
    organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "ex-d"))
    return training.add_project(None, organiser, name="容量测试", level="county", mode="centralized",
                                start_date=date(2026, 3, 1), end_date=date(2026, 3, 1), year=2026,
                                hours=Decimal(6), capacity=capacity)


def test_seats_run_out_and_a_teacher_enrolls_once(app):
    region = app.extensions["portal.region"]
    with app.app_context():
        project = new_project(capacity=1)
        first, second = db.session.scalars(select(Teacher).order_by(Teacher.id)).all()[:2]
        training.enroll(region, None, project, first)
        with pytest.raises(training.EnrollmentRefused) as full:
            training.enroll(region, None, project, second)
        with pytest.raises(training.EnrollmentRefused) as already:
            training.enroll(region, None, project, first)
        assert (full.value.code, already.value.code) == ("full", "already")
        assert project.taken == 1
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "project.created",
                                                          AuditEvent.subject_id == project.id))
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "enrollment.created", AuditEvent.after["project"].as_integer() == project.id)) == 1


def test_completion_is_an_audit_event_and_a_ledger_entry(app):
    region = app.extensions["portal.region"]
    with app.app_context():
        project = new_project(capacity=None)
        teacher = db.session.scalars(select(Teacher)).first()
        enrollment = training.enroll(region, None, project, teacher)
        entry = training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS)
        db.session.commit()
        assert enrollment.status == "completed" and entry.amount == Decimal(6)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "enrollment.moved",
                                                           AuditEvent.subject_id == enrollment.id))
        assert event.before == {"status": "enrolled"} and event.after["status"] == "completed"


def test_concurrent_enrollments_never_overbook(app):
    region = app.extensions["portal.region"]
    with app.app_context():
        project_id = new_project(capacity=3).id
        school_id = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == "ex-s1"))
        for i in range(12):
            db.session.add(Teacher(school_id=school_id, name=f"并发{i}", gender="male",
                                   id_number=f"C{i:017d}", stages=["primary"], subjects=[]))
        db.session.commit()
        teacher_ids = db.session.scalars(select(Teacher.id).where(Teacher.name.like("并发%"))).all()
    barrier = threading.Barrier(len(teacher_ids))
    outcomes = []

    def attempt(teacher_id):
        with app.app_context():
            barrier.wait()
            try:
                training.enroll(region, None, db.session.get(TrainingProject, project_id),
                                db.session.get(Teacher, teacher_id))
                db.session.commit()
                outcomes.append("seat")
            except training.EnrollmentRefused:
                db.session.rollback()
                outcomes.append("full")

    threads = [threading.Thread(target=attempt, args=(t,)) for t in teacher_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        enrolled = db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id))
        taken = db.session.get(TrainingProject, project_id).taken
    assert outcomes.count("seat") == 3 and enrolled == 3 and taken == 3


def test_the_system_path_takes_the_units_quota_like_a_selection(app):
    """An import or the demo seating teachers draws on the same quota a school's selections do."""
    from portal.models import ProjectQuota

    region = app.extensions["portal.region"]
    with app.app_context():
        project = new_project(capacity=10)
        first, second = db.session.scalars(select(Teacher).order_by(Teacher.id)).all()[:2]
        root = db.session.scalar(select(OrgUnit.id).where(OrgUnit.parent_id.is_(None)))
        quota = ProjectQuota(project_id=project.id, org_unit_id=root, seats=1, taken=0)  # both teachers' unit
        db.session.add(quota)
        db.session.commit()
        enrollment = training.enroll(region, None, project, first)
        with pytest.raises(training.EnrollmentRefused) as used_up:
            training.enroll(region, None, project, second)
        assert used_up.value.code == "quota"
        db.session.refresh(quota)
        assert (quota.taken, enrollment.quota_id, project.taken) == (1, quota.id, 1)
