"""What a qingdao teacher, school and bureau met walking a training's life on a phone (375 px)."""
from __future__ import annotations

from datetime import timedelta

from portal import clock
from portal.extensions import db
from portal.models import Enrollment, NeedsSurvey, TrainingProject
from portal.models.types import utcnow
from tests.support import signed_in
from tests.test_training_process import NEXT_YEAR, _enrollment, _new_project, _step, awaiting_payment


def _lapsed_after_the_end(app):
    """A personalized training with a fee, approved by the school, its 报名 unpaid and lapsed;
    the training then held and over (its last day yesterday)."""
    teacher, project_id, enrollment = awaiting_payment(app)
    with app.app_context():
        db.session.get(Enrollment, enrollment.id).state_since = utcnow() - timedelta(minutes=31)
        project = db.session.get(TrainingProject, project_id)
        project.start_date = project.end_date = clock.today() - timedelta(days=1)
        db.session.commit()
    return teacher, project_id, enrollment.id


def test_qingdao_no_renewed_enrolment_after_the_training_has_ended(make_app):
    """A teacher whose unpaid 报名 lapsed read 重新报名 offered the day after the training's last
    day, took it and paid: the step is refused, saying why, in both languages."""
    app = make_app("qingdao", demo=True)
    teacher, project_id, enrollment_id = _lapsed_after_the_end(app)
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert _enrollment(app, project_id).status == "cancelled"
    assert 'value="awaiting_payment"' not in page  # 重新报名 not offered
    assert "培训已于" in page and "结束，不能再报名" in page  # and why
    refused = _step(teacher, enrollment_id, "awaiting_payment", "cancelled", agreed="y",
                    **{f"m{enrollment_id}-invoice": "青岛市太平路小学"})
    assert refused.status_code == 303
    assert _enrollment(app, project_id).status == "cancelled"
    told = teacher.get(refused.headers["Location"]).get_data(as_text=True)
    assert "培训已于" in told and "结束，不能再报名" in told
    teacher.post("/locale/en", data={"next": "/me/enrollments"})
    refused = _step(teacher, enrollment_id, "awaiting_payment", "cancelled", agreed="y",
                    **{f"m{enrollment_id}-invoice": "青岛市太平路小学"})
    told = teacher.get(refused.headers["Location"]).get_data(as_text=True)
    assert "ended on" in told and "no longer" in told


def test_a_too_long_evaluation_comment_says_so_not_that_the_step_is_not_theirs(make_app):
    """A teacher's evaluation with a comment past 500 characters read 您现在不能对该报名执行此操作
    (you may not take this step): it says the comment is too long, nothing saved."""
    app = make_app("qingdao", demo=True)
    teacher, project_id, enrollment = awaiting_payment(app, fee="0")  # free: enrolled
    institution = signed_in(app, "institution")
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.start_date = project.end_date = clock.today()
        db.session.commit()
    _step(institution, enrollment.id, "finished", "enrolled", attended_hours="24", grade="pass")
    assert _enrollment(app, project_id).status == "finished"
    refused = _step(teacher, enrollment.id, "completed", "finished", evaluation="5", comment="好" * 501)
    told = teacher.get(refused.headers["Location"]).get_data(as_text=True)
    assert "意见请不超过 500 字" in told and "不能对该报名执行此操作" not in told
    assert _enrollment(app, project_id).status == "finished"
    teacher.post("/locale/en", data={"next": "/me/enrollments"})
    refused = _step(teacher, enrollment.id, "completed", "finished", evaluation="5", comment="好" * 501)
    assert "at most 500 characters" in teacher.get(refused.headers["Location"]).get_data(as_text=True)
    school = signed_in(app, "school_admin")
    # and a school's reason past 500 characters says so too, where it said only to give one
    other = _new_project(app, institution, fee="0", program="city_personalized")
    institution.post(f"/projects/{other}/declare")
    teacher.post(f"/catalog/{other}/select", data={"invoice": "x"})
    asked = _enrollment(app, other)
    refused = school.post(f"/enrollments/{asked.id}/moves", data={
        "target": "rejected", "state": "applied", "next": "/enrollments/awaiting", "reason": "不" * 501})
    assert "请填写不超过 500 字的理由" in school.get(refused.headers["Location"]).get_data(as_text=True)
    assert _enrollment(app, other).status == "applied"


def test_a_box_not_offered_is_refused_in_the_pages_language(make_app):
    """The needs survey (2018 附件2 二) posted with a level it does not offer read WTForms'
    "'bogus' is not a valid choice for this field." on the Chinese page; nothing is saved."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.post("/me/survey", data={"levels": ["city", "bogus"], "modes": ["online"]})
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "不在可选项中：bogus" in text and "is not a valid choice" not in text
    with app.app_context():
        assert db.session.query(NeedsSurvey).count() == 0
    teacher.post("/locale/en", data={"next": "/me/survey"})
    text = teacher.post("/me/survey", data={"modes": ["bogus"]}).get_data(as_text=True)
    assert "Not among the choices: bogus" in text


def test_a_teacher_who_answered_the_survey_is_not_asked_to_answer_it_again(make_app):
    """A teacher thanked for her needs survey (2018 附件2 二) with no open training matching it
    read, on the catalog she was sent to, 填写培训需求调研问卷，获取推荐培训 as if unanswered."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    before = teacher.get("/catalog").get_data(as_text=True)
    assert "填写培训需求调研问卷" in before
    answered = teacher.post("/me/survey", data={"modes": ["online"], "levels": ["national"], "subjects": "天文"})
    assert answered.status_code == 303
    with app.app_context():  # nothing open to recommend: every training has begun
        for project in db.session.query(TrainingProject):
            project.start_date = min(project.start_date, clock.today())
        db.session.commit()
    after = teacher.get("/catalog").get_data(as_text=True)
    assert "填写培训需求调研问卷" not in after
    assert "目前没有与您的问卷回答相符的可选培训" in after
    assert "修改培训需求" in after


def test_paying_after_the_30_minutes_says_the_time_ran_out_not_that_someone_moved_it(make_app):
    """A teacher who chose the payment 31 minutes after clicking 报名 (2018 附件2 四6) read
    该报名刚被他人处理 (someone else has just moved it): the hold lapsed, and the page says so."""
    app = make_app("qingdao", demo=True)
    teacher, project_id, enrollment = awaiting_payment(app)
    with app.app_context():
        db.session.get(Enrollment, enrollment.id).state_since = utcnow() - timedelta(minutes=31)
        db.session.commit()
    late = _step(teacher, enrollment.id, "enrolled", "awaiting_payment", payment="finance_office")
    told = teacher.get(late.headers["Location"]).get_data(as_text=True)
    assert _enrollment(app, project_id).status == "cancelled"
    assert "办理时限已过" in told and "被他人处理" not in told


def test_the_years_credits_read_no_figure_while_every_teachers_standing_is_computed_again(make_app):
    """A principal's home, every teacher of the school being computed again (the date changed,
    the worker not yet through), read 本年度已认定 0 学分 beside 人均学分 —: it reads — too."""
    from tests.test_waiting_figures import _some_stale_at_the_school_admins_school

    app = make_app("qingdao", demo=True)
    _some_stale_at_the_school_admins_school(app, 12)
    page = signed_in(app, "principal").get("/admin/").get_data(as_text=True)
    card = page.split("本年度计入")[1].split("</article>")[0]
    assert "—" in card and ">0<" not in card.replace(" ", "")


def test_a_box_not_offered_is_named_escaped_never_read_as_html(make_app):
    """The refusal of a box not offered names the value posted: it was shown as HTML, so a
    value ``<script>…`` posted to the survey ran on the page it came back to."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.post("/me/survey", data={"levels": ["city", "<script>alert(1)</script>"], "modes": ["online"]})
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "<script>alert(1)</script>" not in text
    assert "不在可选项中：&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_school_approving_an_application_reads_what_the_training_costs(make_app):
    """A phone trial's school admin approved a teacher's application for a 300 元 personalized
    training (the school's finance office pays: 2018 附件2 四2, 四5) without its fee anywhere on
    the card; a free training's card names no fee."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    paid = _new_project(app, institution, fee="300", program="city_personalized", name="收费的个性化培训")
    free = _new_project(app, institution, fee="0", program="city_personalized", name="免费的个性化培训",
                        start=f"{NEXT_YEAR}-04-06", end=f"{NEXT_YEAR}-04-08")  # not at the same time
    teacher = signed_in(app, "teacher")
    for project_id in (paid, free):
        institution.post(f"/projects/{project_id}/declare")
        teacher.post(f"/catalog/{project_id}/select", data={"invoice": "青岛市太平路小学"})
    school = signed_in(app, "school_admin")
    page = school.get("/enrollments/awaiting").get_data(as_text=True)
    cards = {name: page.split(name, 1)[1].split("</li>", 1)[0] for name in ("收费的个性化培训", "免费的个性化培训")}
    assert "费用：300 元" in cards["收费的个性化培训"]
    assert "费用" not in cards["免费的个性化培训"]
    school.post("/locale/en", data={"next": "/enrollments/awaiting"})
    assert "Fee: 300 yuan" in school.get("/enrollments/awaiting").get_data(as_text=True)


def test_the_payment_notice_spaces_its_figure_as_the_other_figures(make_app):
    """The 缴费须知 read 点击“报名”后需在30 分钟内完成支付: the figure spaced from the word
    after it and not from the one before, where every other figure on the page (48 学分, 30 分钟内完成)
    stands between two spaces."""
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    project_id = _new_project(app, institution, fee="100", program="city_personalized")
    institution.post(f"/projects/{project_id}/declare")
    teacher = signed_in(app, "teacher")
    teacher.post(f"/catalog/{project_id}/select", data={"invoice": "青岛市太平路小学"})
    _step(signed_in(app, "school_admin"), _enrollment(app, project_id).id, "approved", "applied")
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "点击“报名”后需在 30 分钟内完成支付" in page and "需在30" not in page


def test_a_teacher_who_failed_the_evaluation_reads_it_before_evaluating_the_course(make_app):
    """The institution recorded a personalized training's third-party evaluation as 不合格 (2017
    附件1 第11项); her card read 已结业，待教师评价 as after a pass, and she learned she had failed
    only after evaluating the course. It says so first, the step still hers."""
    app = make_app("qingdao", demo=True)
    teacher, project_id, enrollment = awaiting_payment(app, fee="0")  # free: enrolled at once
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.start_date = project.end_date = clock.today()
        db.session.commit()
    institution = signed_in(app, "institution")
    _step(institution, enrollment.id, "finished", "enrolled", attended_hours="24", grade="fail")
    assert _enrollment(app, project_id).status == "finished"
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "结业评价：不合格；已结业，待教师评价" in page and 'value="completed"' in page
    assert "结业评价：不合格" in institution.get(f"/projects/{project_id}/class").get_data(as_text=True)
    teacher.post("/locale/en", data={"next": "/me/enrollments"})
    # written as Pass is (a class list read Pass beside fail)
    assert "Completion evaluation: Fail; " in teacher.get("/me/enrollments").get_data(as_text=True)
    # a pass reads as before
    other = _new_project(app, institution, fee="0", program="city_personalized", name="合格的个性化培训",
                         start=f"{NEXT_YEAR}-04-06", end=f"{NEXT_YEAR}-04-08")
    institution.post(f"/projects/{other}/declare")
    teacher.post(f"/catalog/{other}/select", data={"invoice": "x"})
    asked = _enrollment(app, other)
    _step(signed_in(app, "school_admin"), asked.id, "approved", "applied")
    _step(teacher, asked.id, "enrolled", "approved")
    with app.app_context():
        project = db.session.get(TrainingProject, other)
        project.start_date = project.end_date = clock.today()
        db.session.commit()
    _step(institution, asked.id, "finished", "enrolled", attended_hours="24", grade="pass")
    teacher.post("/locale/zh_Hans_CN", data={"next": "/me/enrollments"})
    card = teacher.get("/me/enrollments").get_data(as_text=True).split("合格的个性化培训", 1)[1].split("</li>", 1)[0]
    assert "已结业，待教师评价" in card and "未通过" not in card


def test_school_based_training_is_named_as_the_rules_name_it_on_every_page(make_app):
    """A school-based project's page read 校级 · 校本研修 above its own credit steps' 校本培训
    (2017 §二2, 2018 附件1) and its category 校本培训学分; the catalog's filter, the project form
    and the needs survey said 校本研修 too."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(db.select(TrainingProject.id).where(TrainingProject.mode == "school_based"))
    teacher = signed_in(app, "teacher")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "校本培训" in page and "校本研修</" not in page and "· 校本研修" not in page
    assert "校本培训" in teacher.get("/me/survey").get_data(as_text=True)
    assert ">校本培训<" in signed_in(app, "school_admin").get("/projects/new").get_data(as_text=True)
    teacher.post("/locale/en", data={"next": "/me/survey"})
    assert "School-based training" in teacher.get("/me/survey").get_data(as_text=True)
