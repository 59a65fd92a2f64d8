"""Before a city admin concludes the ended cycles, the page says how many teachers' ended cycles
still have entries in the audit (and how many entries): a run leaves those teachers unconcluded
(晋教师〔2017〕14号 §五(二) 区县须对教师周期完成学分情况进行审核，经市级审定), and the admin learnt it
only from the result after starting it."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher
from portal.services.teachers import standing_labels
from tests.support import login, text
from tests.test_cycle_conclusions import previous_cycle


def test_the_page_warns_with_the_count_before_a_run(make_app):
    app = make_app("shanxi", demo=True)
    previous = previous_cycle()
    with app.app_context():
        region = app.extensions["portal.region"]
        city_path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.code == "sx-ty"))
        rows = db.session.execute(
            select(LedgerEntry.teacher_id).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
            .join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .where(OrgUnit.path.startswith(city_path), LedgerEntry.reverses_id.is_(None),
                   LedgerEntry.audit_state.in_(standing_labels(region).auditing_states),
                   LedgerEntry.activity_date.between(previous.start, previous.end))).scalars().all()
        if not rows:  # on a day the demo leaves none, one entry of a city teacher's ended cycle waits
            entry = db.session.scalar(select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
                                      .join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                      .where(OrgUnit.path.startswith(city_path)).order_by(LedgerEntry.id))
            db.session.add(LedgerEntry(teacher_id=entry.teacher_id, source="claim", activity_date=previous.end,
                                       amount=entry.amount, unit=entry.unit, category=entry.category,
                                       title="待审核的申报", facts={}, explanation_id=entry.explanation_id,
                                       rule_version=entry.rule_version, audit_state=region.audit_workflow().initial))
            db.session.commit()
            rows = [entry.teacher_id]
    city = app.test_client()
    login(city, "city_admin")
    city.post("/locale/zh_Hans_CN")
    page = text(city.get("/admin/conclusions"))
    assert f"{len(set(rows))} 名教师已届满的周期尚有记录待审核（共 {len(rows)} 项）" in page


def test_the_count_reads_the_teachers_waiting_without_a_parameter_each(make_app):
    """The teachers with an entry waiting are read by a subquery: one parameter each went past the
    database's limit of a statement's parameters (SQLite 32,766, PostgreSQL 65,535) for a province's
    tens of thousands of teachers at a cycle's end, and the page failed."""
    from sqlalchemy import event

    from portal.services import conclusions
    from tests.test_reports import user

    app = make_app("shanxi", demo=True)
    previous = previous_cycle()
    with app.app_context():
        region = app.extensions["portal.region"]
        entry = db.session.scalar(select(LedgerEntry).order_by(LedgerEntry.id))
        ids = db.session.scalars(select(Teacher.id)).all()
        for teacher_id in ids:  # each teacher has an entry of the ended cycle waiting
            db.session.add(LedgerEntry(teacher_id=teacher_id, source="claim", activity_date=previous.end,
                                       amount=entry.amount, unit=entry.unit, category=entry.category,
                                       title="待审核的申报", facts={}, explanation_id=entry.explanation_id,
                                       rule_version=entry.rule_version, audit_state=region.audit_workflow().initial))
        db.session.commit()
        sent = []

        def spy(_connection, _cursor, _statement, parameters, *_):
            sent.append(len(parameters or ()))

        event.listen(db.engine, "before_cursor_execute", spy)
        try:
            view = conclusions.overview(region, user("city_admin"))
        finally:
            event.remove(db.engine, "before_cursor_execute", spy)
    assert view.waiting_teachers > 20
    assert max(sent) < 20, sent
