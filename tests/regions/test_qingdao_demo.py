"""Qingdao's demo offers trainings to select: the catalog of its teacher is not empty, and
what she selects goes the way the notices describe (2018 annex 2 §四, §六; 2017 annex 1)."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from plugins.qingdao import demo, enrollment, parameters as P
from portal import clock
from portal.domain import Level, SchoolStage, UserRole
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, Teacher, TrainingProject, User
from portal.services import training
from tests.support import signed_in


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2026, 12, 31), date(2028, 2, 29), clock.today()])
def test_the_upcoming_trainings_are_to_come_and_say_whom_they_are_for(today):
    upcoming = demo.upcoming(today)
    assert 2 <= len(upcoming) <= 4
    nodes = {demo.INSTITUTION, demo.DISTRICT}
    for p in upcoming:
        assert today < p.start <= p.end and not p.enrollments
        assert p.organiser_code in nodes and 30 <= p.capacity <= 50 and p.stages and p.description
        assert all(getattr(p, f) for f in enrollment.REQUIRED_PROJECT_FIELDS)  # 2017 annex 2 step 3
        assert p.category == P.A_CLASS and p.program in P.ROW_BY_CODE
    personalized, district, leaders, literacy = upcoming
    # a personalized training: the institution runs it, for a fee paid through the finance office
    assert personalized.program == "city_personalized" and personalized.organiser_code == demo.INSTITUTION
    assert personalized.level == Level.CITY and personalized.fee == 300
    # the district's, without a fee, for the demo teacher's stage and subject
    assert district.organiser_code == demo.DISTRICT and district.fee == 0
    assert district.stages == (SchoolStage.PRIMARY,) and district.subjects == ("语文",)
    # a layer's class, which the demo teacher is not in
    teacher = next(t for t in demo.teachers(today) if t.username == "teacher")
    assert leaders.layer and leaders.layer != teacher.layer
    # the one compulsory content (2018 §三) the demo teacher's cycle still misses, for every teacher
    assert literacy.topics == ("financial_literacy",) and literacy.fee == 0 and not literacy.subjects


def _ids(app, projects) -> list[int]:
    with app.app_context():
        return [db.session.scalar(select(TrainingProject.id).where(TrainingProject.name == p.name)) for p in projects]


def _status(app, project_id, username="teacher") -> str | None:
    with app.app_context():
        return db.session.scalar(select(Enrollment.status).join(Teacher).join(User, Teacher.user_id == User.id)
                                 .where(Enrollment.project_id == project_id, User.username == username))


def _enrollment_id(app, project_id) -> int:
    with app.app_context():
        return db.session.scalar(select(Enrollment.id).where(Enrollment.project_id == project_id))


def _step(client, enrollment_id, target, state, **data):
    return client.post(f"/enrollments/{enrollment_id}/moves",
                       data={"target": target, "state": state, "next": "/me/enrollments", **data})


def test_the_demo_teacher_selects_what_is_for_her_and_reads_why_not_the_rest(make_app):
    app = make_app("qingdao", demo=True)
    upcoming = demo.upcoming(clock.today())
    personalized, district, leaders, _literacy = _ids(app, upcoming)
    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert all(p.name in catalog for p in upcoming)

    # the personalized training: she applies, the school approves, she clicks 报名 and pays
    # through the finance office (2018 annex 2 §四2, §四5, §四6)
    assert teacher.post(f"/catalog/{personalized}/select").status_code == 303
    assert _status(app, personalized) == "applied"
    enrollment_id = _enrollment_id(app, personalized)
    assert _step(signed_in(app, "school_admin"), enrollment_id, "approved", "applied").status_code == 303
    # the 《缴费须知》 agreed to (§四4), the invoice given at 报名 (§四3)
    _step(teacher, enrollment_id, "awaiting_payment", "approved", agreed="y",
          **{f"m{enrollment_id}-invoice": "青岛太平路小学"})
    with app.app_context():
        assert db.session.get(TrainingProject, personalized).taken == 1  # the click holds a seat
    _step(teacher, enrollment_id, "enrolled", "awaiting_payment", payment="finance_office")
    assert _status(app, personalized) == "enrolled"

    # the district's training for primary 语文: she selects it, and so does a colleague of hers
    assert teacher.post(f"/catalog/{district}/select").status_code == 303
    assert signed_in(app, "t0008").post(f"/catalog/{district}/select").status_code == 303  # primary 语文
    assert _status(app, district) == _status(app, district, "t0008") == "applied"

    # the subject-leader class is its members' (2017 annex 1 row 3): refused, with the clause
    refused = teacher.post(f"/catalog/{leaders}/select")
    page = re.sub(r"\s+", " ", refused.get_data(as_text=True))
    assert refused.status_code == 409 and "附件1 第3项" in page and 'class="cite"' in page
    assert _status(app, leaders) is None


def test_every_demo_school_with_teachers_has_a_school_admin():
    """2018 annex 2 §四2: 经学校批准后方可报名: no demo teacher's application waits on a school nobody runs."""
    admins = {u.org_code: u.username for u in demo.USERS if u.role == UserRole.SCHOOL_ADMIN}
    schools = {t.school_code for t in demo.teachers(clock.today())}
    assert schools <= set(admins) and len(schools) == len(demo.SCHOOLS)
    assert admins[demo.HOME] == "school_admin"  # the README's, as it was
    assert admins["sn-wdl"] == demo.school_admin_username("sn-wdl") == "school_admin_wdl"
    assert len(set(admins.values())) == len(admins)


def test_each_schools_admin_approves_its_own_teachers_applications(make_app):
    app = make_app("qingdao", demo=True)
    start = clock.today() + timedelta(days=20)
    with app.app_context():
        district = db.session.scalar(select(OrgUnit).where(OrgUnit.code == demo.DISTRICT))
        project_id = training.add_project(
            None, district, name="市南区专题培训：全体教师", level="county", mode="centralized", program="topic",
            start_date=start, end_date=start, year=start.year, hours=Decimal(3), capacity=40, status="published",
            description="面向全区教师").id
        schools = {t.user.username: t.school.code for t in db.session.scalars(select(Teacher))}
        names = {t.user.username: t.name for t in db.session.scalars(select(Teacher))}
    for code in ("sn-wdl", "sn-jyg", "sn-7z"):
        username = min(u for u, c in schools.items() if c == code)
        applicant = signed_in(app, username)
        assert applicant.post(f"/catalog/{project_id}/select").status_code == 303, username
        enrollment = _enrollment_of(app, project_id, username)
        assert _step(signed_in(app, "school_admin"), enrollment, "approved", "applied").status_code == 404
        assert _status(app, project_id, username) == "applied"  # not the demo teacher's school's to approve
        own = signed_in(app, demo.school_admin_username(code))
        assert names[username] in own.get("/enrollments/awaiting").get_data(as_text=True)  # in their queue
        assert _step(own, enrollment, "approved", "applied").status_code == 303
        assert _status(app, project_id, username) == "approved"
        _step(applicant, enrollment, "enrolled", "approved")  # free: 报名 enrols at once
        assert _status(app, project_id, username) == "enrolled"


def _enrollment_of(app, project_id, username) -> int:
    with app.app_context():
        return db.session.scalar(select(Enrollment.id).join(Teacher).join(User, Teacher.user_id == User.id)
                                 .where(Enrollment.project_id == project_id, User.username == username))


def test_the_demo_teachers_duties_page_suggests_the_training_of_the_compulsory_content_she_misses(make_app):
    """2018 §三: 财经素养 is one of the compulsory contents; the demo teacher has none of it this
    cycle, and the upcoming district training on it is what her duties page offers for that duty."""
    app = make_app("qingdao", demo=True)
    literacy = demo.upcoming(clock.today())[3]
    teacher = signed_in(app, "teacher")
    assert "财经素养" in teacher.get("/me/compliance").get_data(as_text=True)
    page = re.sub(r"\s+", " ", teacher.get("/me/compliance/trainings").get_data(as_text=True))
    offered = page[page.index(literacy.name):]
    card = offered[:offered.index("</li> </ul> </details> </li>")] if "</li> </ul> </details> </li>" in offered else offered[:3000]
    assert "必修内容" in card and "补足尚差的 1 项，即可达到要求" in card
