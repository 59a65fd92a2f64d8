"""A training the rules refuse the reading teacher for good (``Finding.never``) does not read
as an offer: a kaifeng trial's primary teacher read, on the high-school all-staff project,
“完成该培训可获得 60 学时” and “+60 学时, would be met” over “任教学段不符”. The page says what it
earns the teachers it is for, that it is not open to her and why, and nothing of her duties;
a refusal that may lift (admins submit, seats, a window) leaves the preview as an offer."""
from __future__ import annotations

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in


def _all_staff(app, stage_word: str) -> int:
    """The all-staff project of the stage named in its title, the latest not ended."""
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.status == "published", TrainingProject.category == "all_staff_online",
            TrainingProject.name.contains(stage_word), TrainingProject.end_date >= clock.today())
            .order_by(TrainingProject.start_date.desc()).limit(1))


def _earn(page: str) -> str:
    return page.split('id="decision"')[0].split("</dl>", 1)[1]


def test_another_stages_training_says_what_it_earns_those_it_is_for_not_an_offer(make_app):
    app = make_app("kaifeng", demo=True)
    teacher = signed_in(app, "teacher")  # a primary teacher
    teacher.post("/locale/zh_Hans_CN")
    other = _earn(teacher.get(f"/catalog/{_all_staff(app, '（高中）')}").get_data(as_text=True))
    assert "完成该培训可获得" not in other and "该培训面向的教师完成后可获得" in other
    assert "您不能参加此培训：任教学段不符" in other
    assert "按本地区规则计入后" not in other  # nothing said of her duties
    own = _earn(teacher.get(f"/catalog/{_all_staff(app, '（初中、小学、幼儿园）')}").get_data(as_text=True))
    assert "完成该培训可获得" in own and "您不能参加此培训" not in own  # admins submit her: not closed
    teacher.post("/locale/en")
    other = _earn(teacher.get(f"/catalog/{_all_staff(app, '（高中）')}").get_data(as_text=True))
    assert "What completing it earns the teachers it is for" in other and "Not open to you:" in other
    assert "What completing it would earn you" not in other


def test_a_resubmission_refused_for_a_stage_is_still_not_yet(make_app):
    """The stage finding is for good to the teacher reading the catalog; a withdrawn teacher's
    resubmission refused by it is still shown as withheld, not hidden (the school may correct
    the teacher's stage): only a deadline passed refuses a resubmission for good."""
    from plugins.kaifeng import enrollment as E
    from portal.domain import ActivityRole, UserRole
    from portal.domain.selection import Move
    from portal.models import Teacher, User
    from portal.models.types import utcnow
    from portal.services import enrollments

    app = make_app("kaifeng", demo=True)
    project_id = _all_staff(app, "（高中）")
    with app.app_context():
        region = app.extensions["portal.region"]
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
        project = db.session.get(TrainingProject, project_id)
        sel = enrollments.selection(region, project, teacher, UserRole.SCHOOL_ADMIN, utcnow(), ActivityRole.PARTICIPANT)
        stage = next(f for f in E.selection_findings(sel) if f.code == E.STAGE)
        assert not stage.ok and stage.never
        again = E.move_findings(Move(sel, "withdrawn", "enrolled", UserRole.SCHOOL_ADMIN))
        assert not next(f for f in again if f.code == E.STAGE).never


def test_a_training_that_has_ended_says_what_it_earned_not_an_offer(make_app):
    """A phone trial's teacher read, on a training over the day before, “what completing it would
    earn you: +6 credits” above ✗ “the training ended”: nothing reopens it, so the page says what
    it earns the teachers it is for and that it is not open to her."""
    from portal.models import Enrollment, Teacher, User

    app = make_app("qingdao", demo=True)
    with app.app_context():
        hers = select(Enrollment.project_id).join(Teacher, Enrollment.teacher_id == Teacher.id).join(
            User, Teacher.user_id == User.id).where(User.username == "teacher")
        ended = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.status == "published", TrainingProject.end_date < clock.today(),
            TrainingProject.id.not_in(hers)).order_by(TrainingProject.end_date.desc()).limit(1))
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    page = _earn(teacher.get(f"/catalog/{ended}").get_data(as_text=True))
    assert "该培训面向的教师完成后可获得" in page and "您不能参加此培训：培训已于" in page
    assert "完成该培训可获得" not in page and "按本地区规则计入后" not in page
