"""Subjects and professional titles as the bureaus write them (语文, 一级教师): on a Chinese
page as written, on an English page in English; a name outside the nation's lists as written."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher, User
from portal.web.vocabulary import subject_label, title_label
from tests.support import login


def test_subjects_and_titles_read_in_the_pages_language(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        teacher.subjects, teacher.title = ["语文", "校本课程开发"], "一级教师"
        db.session.commit()
        teacher_id = teacher.id
    client = app.test_client()
    login(client, "school_admin")
    chinese = client.get(f"/admin/teachers/{teacher_id}").get_data(as_text=True)
    assert "语文、校本课程开发" in chinese
    assert "一级教师" in chinese
    client.post("/locale/en", data={"next": "/"})
    english = client.get(f"/admin/teachers/{teacher_id}").get_data(as_text=True)
    assert "Chinese, 校本课程开发" in english and "First-grade Teacher" in english
    assert "一级教师" not in english


def test_a_name_outside_the_lists_is_shown_as_written(app):
    with app.test_request_context():
        assert subject_label("校本课程开发") == "校本课程开发"
        assert title_label(None) is None and title_label("特级教师") == "特级教师"



def test_every_subject_the_ruian_demo_teaches_reads_in_english(make_app):
    """A phone trial's English enrolment list read 学前教育 (ruian's kindergarten) among English
    subjects; 历史与社会 is Zhejiang's junior-high subject."""
    import re

    from flask_babel import force_locale

    from plugins.ruian import demo

    taught = {subject for school in demo.SCHOOLS for subject in school[4]}
    assert {"学前教育", "历史与社会"} <= taught
    app = make_app("ruian")
    with app.test_request_context(), force_locale("en"):
        for name in taught:
            assert not re.search(r"[\u4e00-\u9fff]", str(subject_label(name))), name
