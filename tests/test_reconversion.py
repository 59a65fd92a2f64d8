"""Re-converting the ledger under the rules in force (``portal ledger reconvert``): an entry a
rule change would convert otherwise is listed by the dry run and nothing is kept; the run
reverses it and enters the new figure correcting it, in the state the old one had reached,
audited, the teacher's standing refreshed; run again it finds nothing. Ruian's attendance
rule (a training attended below ``attendance_for_completion`` of its planned hours is not
completed) is the change: entries made before it kept their credits."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

import plugins.ruian.conversion as ruian_conversion
from portal.domain import ActivityRole
from portal.domain.workflow import COMPLETED
from portal.extensions import db
from portal.models import Appeal, AuditEvent, Enrollment, LedgerEntry, Teacher, TeacherStanding, User
from portal.services import ledger, reconversion, training


def _entered_before_the_rule(app, monkeypatch) -> tuple[int, int]:
    """A training of 60 planned hours its teacher attended 30 of, early in the teacher's cycle,
    entered at 90 credits as the rules without the attendance condition converted it: the
    teacher's id and the entry's."""
    with app.app_context():
        region = app.extensions["portal.region"]
        institution = db.session.scalar(select(User).where(User.username == "institution")).roles[0].org_unit
        teacher = db.session.scalar(select(Teacher).join(User).where(User.username == "teacher"))
        start = db.session.scalar(select(TeacherStanding.cycle_start).where(TeacherStanding.teacher_id == teacher.id))
        project = training.add_project(None, institution, name="出勤一半的培训", level="county", mode="centralized",
                                       start_date=start, end_date=start + timedelta(days=4), year=start.year,
                                       hours=Decimal(60), base_credits=Decimal(90), status="published")
        enrollment = Enrollment(project_id=project.id, teacher_id=teacher.id, role=ActivityRole.PARTICIPANT.value,
                                status=COMPLETED, attended_hours=Decimal(30), grade="pass")
        db.session.add(enrollment)
        db.session.flush()
        with monkeypatch.context() as m:
            m.setattr(ruian_conversion, "attendance", lambda activity, on: (None, True))
            entry = ledger.register_completion(region, enrollment, None,
                                               audit_state=sorted(region.audit_workflow().counting())[0])
        db.session.commit()
        assert entry.amount == 90
        return teacher.id, entry.id


def _earned(teacher_id: int) -> Decimal:
    return db.session.scalar(select(TeacherStanding.cycle_earned).where(TeacherStanding.teacher_id == teacher_id))


def test_an_entry_the_rules_now_convert_otherwise_is_reversed_and_entered_again(make_app, monkeypatch):
    app = make_app("ruian", demo=True)
    teacher_id, entry_id = _entered_before_the_rule(app, monkeypatch)
    with app.app_context():
        region = app.extensions["portal.region"]
        entries = db.session.scalar(select(func.count(LedgerEntry.id)))
        earned = _earned(teacher_id)
        listed = [c for c in reconversion.preview(region, [teacher_id]) if c.entry_id == entry_id]
        assert [(c.amount, c.after.amount) for c in listed] == [(90, 0)]
        assert db.session.scalar(select(func.count(LedgerEntry.id))) == entries, "the dry run keeps nothing"

        done = reconversion.reconvert(region, reconversion.teacher_ids(), "出勤不足按未完成培训处理")
        assert entry_id in {c.entry_id for c in done}
        old = db.session.get(LedgerEntry, entry_id)
        new = db.session.scalar(select(LedgerEntry).where(LedgerEntry.corrects_id == entry_id))
        reversal = db.session.scalar(select(LedgerEntry).where(LedgerEntry.reverses_id == entry_id))
        assert reversal.amount == -90 and new.amount == 0 and new.audit_state == old.audit_state
        assert new.enrollment_id == old.enrollment_id and new.facts["planned_hours"] == 60
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ledger.reconverted"))
        assert event is not None and event.after["reason"] == "出勤不足按未完成培训处理"
        assert _earned(teacher_id) == earned - 90, "the kept standing is refreshed with the entries"
        assert reconversion.preview(region, reconversion.teacher_ids()) == [], "nothing left to change"


def test_the_command_lists_without_changing_and_asks_why_before_it_changes(make_app, monkeypatch):
    app = make_app("ruian", demo=True)
    _teacher_id, entry_id = _entered_before_the_rule(app, monkeypatch)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["ledger", "reconvert", "--dry-run"])
    assert dry.exit_code == 0 and f"entry {entry_id}\t" in dry.output and "-> 0 credit" in dry.output
    assert runner.invoke(args=["ledger", "reconvert"]).exit_code == 2
    with app.app_context():
        assert db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry_id)) is None
    run = runner.invoke(args=["ledger", "reconvert", "--reason", "出勤比例规则"])
    assert run.exit_code == 0 and "Changed" in run.output
    with app.app_context():
        assert db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry_id)) is not None


def test_an_entry_an_open_appeal_contests_is_left_to_the_appeal(make_app, monkeypatch):
    app = make_app("ruian", demo=True)
    teacher_id, entry_id = _entered_before_the_rule(app, monkeypatch)
    with app.app_context():
        region = app.extensions["portal.region"]
        user_id = db.session.scalar(select(Teacher.user_id).where(Teacher.id == teacher_id))
        entry = db.session.get(LedgerEntry, entry_id)
        db.session.add(Appeal(teacher_id=teacher_id, subject="entry", entry_id=entry_id, matter_date=entry.activity_date,
                              statement="出勤记录有误", state="open", answer="", created_by_id=user_id))
        db.session.commit()
        listed = [c for c in reconversion.reconvert(region, [teacher_id], "出勤比例规则") if c.entry_id == entry_id]
        assert [(c.appealed, c.after) for c in listed] == [(True, None)]
        assert db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry_id)) is None


def test_the_dry_run_reads_the_teachers_a_batch_at_a_time(make_app, monkeypatch):
    app = make_app("ruian", demo=True)
    _teacher_id, entry_id = _entered_before_the_rule(app, monkeypatch)
    monkeypatch.setattr(reconversion, "BATCH", 1)
    with app.app_context():
        region = app.extensions["portal.region"]
        ids = reconversion.teacher_ids()
        assert len(ids) > 1
        assert entry_id in {c.entry_id for c in reconversion.preview(region, ids)}
