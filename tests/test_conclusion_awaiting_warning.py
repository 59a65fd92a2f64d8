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
