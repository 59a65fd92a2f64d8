"""The duties page names the trainings that would fill an open duty, and by how much, as the
region's own rules count them."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, Teacher, User
from portal.services import suggestions, training
from tests.support import login


def _published(app, name: str, hours: int, **columns) -> int:
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
        start = clock.today() + timedelta(days=20)
        return training.add_project(None, organiser, name=name, level="county", mode="centralized",
                                    start_date=start, end_date=start + timedelta(days=2), year=start.year,
                                    hours=Decimal(hours), status="published", **{"capacity": 30, **columns}).id


def test_a_training_that_fills_a_duty_is_offered_with_what_it_adds(make_app):
    app = make_app("shanxi", demo=True)
    helpful = _published(app, "县级集中培训（补足学分）", 40)
    full = _published(app, "已满的培训", 40, capacity=0)  # no seat: not offered
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        found = suggestions.suggestions(region, teacher, clock.today())
        open_duties = [f for f in region.check(teacher.facts(), suggestions._records(region, teacher),
                                               clock.today() + timedelta(days=22)).findings
                       if not f.ok and not f.cap and f.shortfall]
    assert open_duties  # the demo teacher still misses part of their duties
    # the most helpful first; the demo's own trainings to come are offered after it, the full one never
    assert found[0].project.id == helpful and full not in [s.project.id for s in found]
    assert all(h.after < h.before for h in found[0].helps)
    client = app.test_client()
    login(client, "teacher")
    assert "县级集中培训（补足学分）" in client.get("/me/compliance/trainings").get_data(as_text=True)
    assert "trainings" in client.get("/me/compliance").get_data(as_text=True)


def test_a_training_next_year_is_not_offered_for_this_years_met_minimum(make_app):
    """kaifeng's demo teacher has met this year's hours: a training next year fills next
    year's minimum, which is no duty open today, so it is offered for the cycle only."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        today = clock.today()
        now = {f.code: f for f in region.check(teacher.facts(), suggestions._records(region, teacher), today).findings}
        found = suggestions.suggestions(region, teacher, today)
    open_codes = {c for c, f in now.items() if not f.ok and not f.cap and f.shortfall}
    assert found and open_codes
    assert all(h.code in open_codes for s in found for h in s.helps), [(s.project.name, s.helps) for s in found]


def test_a_training_the_teacher_has_selected_is_not_offered_again(make_app):
    app = make_app("shanxi", demo=True)
    helpful = _published(app, "县级集中培训（补足学分）", 40)
    client = app.test_client()
    login(client, "teacher")
    assert "县级集中培训（补足学分）" in client.get("/me/compliance/trainings").get_data(as_text=True)
    assert client.post(f"/catalog/{helpful}/select").status_code == 303
    assert "县级集中培训（补足学分）" not in client.get("/me/compliance/trainings").get_data(as_text=True)


def _suggested_names(app, username="teacher") -> list[str]:
    """The names of the trainings the duties page suggests to ``username``."""
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == username))
        return [s.project.name for s in suggestions.suggestions(region, teacher, clock.today())]


def test_a_training_the_teacher_may_not_take_is_not_offered(make_app):
    """qingdao's demo teacher is no 学科带头人: the 2027 学科带头人培训班 would fill her cycle,
    but its page refuses her (the layer does not match), so the duties page does not send her
    there; the district's training open to her is still offered."""
    app = make_app("qingdao", demo=True)
    names = _suggested_names(app)
    assert names and not any("学科带头人" in n for n in names), names
    assert any("统编教材" in n for n in names), names


def test_where_the_school_submits_the_teacher_a_training_of_another_stage_is_not_offered(make_app):
    """kaifeng's teachers are submitted by their school (§四(二)1): the training of their
    stage is still offered to them, the high-school one never to a primary teacher."""
    app = make_app("kaifeng", demo=True)
    names = _suggested_names(app)
    assert any("初中、小学、幼儿园" in n for n in names), names
    assert not any("（高中）" in n for n in names), names


def test_in_chinese_each_duty_a_training_helps_is_followed_by_a_full_width_colon(make_app):
    """The page read "每周期应登记的学时: 尚差 276 → 216": a Latin colon in a Chinese line."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/me/compliance/trainings").get_data(as_text=True)
    assert "尚差" in page
    assert ": +" not in page and "：+" in page


def test_what_a_training_adds_is_said_in_the_unit_the_duty_counts(make_app):
    """shanxi's probation teacher (郭雨萱) counts her probation training in hours: a training
    that gives credits is offered with the hours it adds to those duties, never "+6 学分"."""
    from portal.domain import Unit

    app = make_app("shanxi", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).where(Teacher.name == "郭雨萱"))
        username = teacher.user.username
        found = suggestions.suggestions(region, teacher, clock.today())
    probation = [h for s in found for h in s.helps if h.code.startswith("probation")]
    assert probation and all(h.unit == Unit.HOUR and h.added == h.before - h.after > 0 for h in probation)
    client = app.test_client()
    login(client, username)
    client.post("/locale/zh_Hans_CN")
    page = client.get("/me/compliance/trainings").get_data(as_text=True)
    added = next(h for h in probation)
    assert f"：+{added.added.normalize():f} 学时，尚差" in page
    assert not any(f"+{s.result.amount.normalize():f} 学分" in page for s in found)
    client.post("/locale/en")
    page = client.get("/me/compliance/trainings").get_data(as_text=True)
    assert f": +{added.added.normalize():f} hours, still missing" in page


def test_between_two_rounds_a_training_is_offered_with_when_selection_opens_again(make_app):
    """A phone trial in ruian between its rounds read "no training would fill an open duty"
    while the catalog offered several: a training refused only because its window is closed
    now and opens later is offered, saying when; once the term's selection is over, none is."""
    from portal.models import SelectionPhase

    app = make_app("ruian", demo=True)
    today = clock.today()

    def rounds(first_end, second_start, second_end):
        with app.app_context():
            for kind, start, end in (("round1_selection", first_end - timedelta(days=3), first_end),
                                     ("round2_selection", second_start, second_end)):
                phase = db.session.scalar(select(SelectionPhase).where(SelectionPhase.kind == kind))
                phase.start_date, phase.end_date = start, end
            db.session.commit()

    rounds(today - timedelta(days=1), today + timedelta(days=2), today + timedelta(days=4))
    with app.app_context():  # she chose in round 1 and the school approved it: round 2 admits her (§四(二))
        from portal.models import Enrollment, Teacher, TrainingProject, User
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        chosen = db.session.scalar(select(TrainingProject).where(TrainingProject.name.like("%初中数学大概念%")))
        db.session.add(Enrollment(project_id=chosen.id, teacher_id=teacher.id, status="school_approved",
                                  phase="round1_selection"))
        db.session.commit()
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/me/compliance/trainings").get_data(as_text=True)
    assert "目前没有尚有名额" not in page
    assert f"现在不在选课时间内；教师第二轮选课为 {today + timedelta(days=2)} 至 {today + timedelta(days=4)}" in page
    rounds(today - timedelta(days=5), today - timedelta(days=2), today - timedelta(days=1))
    page = client.get("/me/compliance/trainings").get_data(as_text=True)
    # none is offered; the page says why, with the clause, rather than that none has a seat left
    assert "不在选课时间内" not in page and "目前没有尚有名额" not in page
    assert "但您现在不能选课：本期选课已结束" in page
