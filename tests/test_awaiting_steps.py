"""What an enrollment's pages offer a reader, found by phone trials: a step the reader will
never take on an enrollment (another role's, on this project) is not shown as "not yet"; an
enrollment on which the reader may only cancel (撤销报名) does not wait for them, in the list
nor in the home's count; an admin's bulk enrolment says the state the teachers reached (in
qingdao, the school approves first); the catalog's filters offer only what could match."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from plugins.qingdao import workflow as W
from portal import clock
from portal.domain import State, Transition, UserRole, Workflow, selection
from portal.extensions import db
from portal.models import Enrollment, Notification, OrgUnit, Teacher, TrainingProject, User
from portal.services import enrollments, training
from tests.support import signed_in


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _unit_of(username: str) -> OrgUnit:
    return _user(username).roles[0].org_unit


def _district_training(app, status: str | None = None, teachers: int = 2, **columns) -> tuple[int, list[int]]:
    """A free 区级 training run by the demo district, published, with ``teachers`` of the demo
    school enrolled in ``status`` (none if None)."""
    with app.app_context():
        region = app.extensions["portal.region"]
        start = clock.today() + timedelta(days=20)
        fields = dict(name="区级培训：作业设计", level="county", mode="centralized", start_date=start,
                      end_date=start + timedelta(days=1), year=start.year, hours=Decimal(12), capacity=30,
                      fee=Decimal(0), status="published", **columns)
        project = training.add_project(None, _unit_of("district_admin"), **fields)
        ids = []
        if status is not None:
            school = _unit_of("school_admin")
            for teacher in db.session.scalars(select(Teacher).where(Teacher.school_id == school.id)
                                              .order_by(Teacher.id).limit(teachers)):
                ids.append(training.enroll(region, None, project, teacher).id)
            db.session.execute(Enrollment.__table__.update().where(Enrollment.id.in_(ids)).values(status=status))
            db.session.commit()
        return project.id, ids


def test_a_step_the_reader_will_never_take_is_not_shown_as_not_yet(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id, _other) = _district_training(app, W.APPLIED)
    with app.app_context():
        region = app.extensions["portal.region"]
        row = enrollments.enrollment_row(region, _user("school_admin"), enrollment_id)
        # the school approves (学校批准报名) or not; 参训学员报名 is the district's, on its own training
        assert {t.target for t in row.moves} == {W.APPROVED, W.REJECTED}
        assert row.withheld == ()
        district = enrollments.enrollment_row(region, _user("district_admin"), enrollment_id)
        assert W.ENROLLED in {t.target for t in district.moves}
    school = signed_in(app, "school_admin")
    page = school.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "参训学员报名" not in page and "暂不能" not in page and "学校批准报名" in page
    refused = school.post(f"/enrollments/{enrollment_id}/moves", follow_redirects=True, data={
        "target": W.ENROLLED, "state": W.APPLIED, "next": f"/projects/{project_id}/class"})
    # and the click is still refused: 参训学员报名 is taken through the project one runs
    # (``Transition.over``), which the teacher's school does not hold here: the refusal says whose it is
    assert "这一步由培训举办单位（或其上级）的" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Enrollment, enrollment_id).status == W.APPLIED


def test_a_step_that_may_still_become_possible_is_still_shown_as_not_yet(make_app):
    app = make_app("qingdao", demo=True)
    project_id, (enrollment_id, _other) = _district_training(app, W.ENROLLED)
    with app.app_context():  # the result waits for the training's last day (the region's refusal), and says so
        row = enrollments.enrollment_row(app.extensions["portal.region"], _user("district_admin"), enrollment_id)
        assert [w.findings[0].code for w in row.withheld] == [selection.ENDED]


def test_a_workflow_waits_only_on_the_roles_with_a_step_forward():
    workflow = Workflow(initial="enrolled", states=(State("enrolled", "e"), State("completed", "c", final=True),
                                                    State("withdrawn", "w", final=True)), transitions=(
        Transition("enrolled", "completed", UserRole.INSTITUTION_STAFF, "complete"),
        Transition("enrolled", "withdrawn", UserRole.DISTRICT_ADMIN, "withdraw", cancels=True),
        Transition("enrolled", "withdrawn", UserRole.SCHOOL_ADMIN, "withdraw"),  # the default: a step forward
    ))
    assert workflow.awaiting(UserRole.INSTITUTION_STAFF) == {"enrolled"}
    assert workflow.awaiting(UserRole.DISTRICT_ADMIN) == frozenset()
    assert workflow.awaiting(UserRole.SCHOOL_ADMIN) == {"enrolled"}


def test_an_enrollment_the_admin_may_only_cancel_does_not_await_them(make_app):
    app = make_app("kaifeng", demo=True)
    _project_id, (enrolled, _other) = _district_training(app, "enrolled")
    with app.app_context():
        region = app.extensions["portal.region"]
        district = _user("district_admin")
        row = enrollments.enrollment_row(region, district, enrolled)
        assert [t.target for t in row.moves] == ["withdrawn"]  # 撤销报名 is still offered on the enrollment
        page = enrollments.awaiting_page(region, district, 1, 100)
        assert all(r.enrollment.status != "enrolled" for r in page.items)
        assert enrollments.awaiting_count(region, district) == page.total == len(page.items)
    home = signed_in(app, "district_admin").get("/enrollments/awaiting").get_data(as_text=True)
    assert "撤销报名" not in home


def test_a_bulk_enrolment_says_the_state_the_teachers_reached(make_app):
    app = make_app("qingdao", demo=True)
    project_id, _ = _district_training(app)
    with app.app_context():
        school = _unit_of("school_admin")
        teachers = db.session.scalars(select(Teacher).where(Teacher.school_id == school.id, Teacher.user_id.is_not(None))
                                      .order_by(Teacher.id).limit(2)).all()
        ids, users = [t.id for t in teachers], [t.user_id for t in teachers]
        third = db.session.scalar(select(Teacher.id).where(Teacher.school_id == school.id, Teacher.id.not_in(ids))
                                  .order_by(Teacher.id).limit(1))
    district = signed_in(app, "district_admin")
    done = district.post(f"/projects/{project_id}/enrol", data={"teacher": [str(i) for i in ids]},
                         follow_redirects=True).get_data(as_text=True)
    assert "已为 2 位教师提交报名，当前状态：已报名。" in done  # the school's submission is its approval
    assert "已为 2 位教师报名" not in done
    district.post("/locale/en")
    english = district.post(f"/projects/{project_id}/enrol", data={"teacher": [str(third)]},
                            follow_redirects=True).get_data(as_text=True)
    assert "1 teacher submitted, now: Enrolled." in english
    with app.app_context():
        assert {e.status for e in db.session.scalars(select(Enrollment).where(Enrollment.project_id == project_id))} == {W.ENROLLED}
        told = db.session.scalars(select(Notification).where(Notification.user_id.in_(users))
                                  .order_by(Notification.id.desc())).first()
        assert told.message["$text"]["id"] == "Your enrollment in \u201c{name}\u201d was submitted: {state}"
    teacher = signed_in(app, _username(app, users[0]))
    inbox = teacher.get("/notifications").get_data(as_text=True)
    assert "的报名，当前状态：已报名" in inbox
    teacher.post("/locale/en")
    assert "was submitted: " in teacher.get("/notifications").get_data(as_text=True)


def _username(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).username


def test_the_catalog_filters_offer_only_what_could_match_for_the_reader(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
        other = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "school", OrgUnit.id != teacher.school_id))
        start = clock.today() + timedelta(days=20)
        training.add_project(None, other, name="本校培训：课堂观察", level="school", mode="school_based",
                             start_date=start, end_date=start, year=start.year, hours=Decimal(3), capacity=None,
                             fee=Decimal(0), status="published")
        # the levels of the trainings listed, but another school's own (which this teacher is not offered)
        listed = {p.level for p in db.session.scalars(select(TrainingProject).where(
            TrainingProject.status == "published", TrainingProject.end_date >= clock.today()))
            if not (p.level == "school" and p.organiser_id != teacher.school_id)}
        other_name = other.name
    page = signed_in(app, "teacher").get("/catalog").get_data(as_text=True)
    levels = page.split('id="level"')[1].split("</select>")[0]
    organisers = page.split('id="organiser"')[1].split("</select>")[0]
    assert other_name not in organisers  # that school's own training is not offered to this teacher
    # only the levels of the trainings listed (the demo's provincial one is over)
    assert listed - {"school"} and all(f'value="{level}"' in levels for level in listed - {"school"})
    # a level no listed training has is not offered (in January the demo's provincial one runs from
    # 1 January to today, so it is listed and offered; from the spring on it is over)
    # (on 1 January the demo's short trainings of this year all fall on that day, its own school's too)
    assert all(f'value="{level}"' not in levels for level in {"provincial", "national", "school"} - listed)
    if "provincial" not in listed:
        assert 'value="provincial"' not in levels
    if not {"national", "school"} & listed:
        assert 'value="national"' not in levels and 'value="school"' not in levels
    admin = signed_in(app, "district_admin").get("/catalog").get_data(as_text=True)
    assert other_name in admin.split('id="organiser"')[1].split("</select>")[0]  # an admin browsing sees it
