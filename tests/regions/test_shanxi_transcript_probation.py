"""A new teacher's transcript states her probation training against what §三(二) asks of the
first school year in post (新任教师第一学年须接受不少于120学时的试用期培训，其中集中培训不少于60学时，
校本培训与网络研修不少于60学时): the training is kept in hours, never converted to credits, and
the cycle (which asks her nothing yet) said nothing of it, so the transcript, her one signed
document, read only the hours summed and never how far the plan was."""
from __future__ import annotations

from sqlalchemy import select

from plugins.shanxi import demo
from portal import clock
from portal.extensions import db
from portal.models import Teacher, User
from portal.services import transcripts
from tests.support import signed_in


def teacher(username):
    return db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == username))


def test_the_new_hires_transcript_states_the_probation_plan(make_app):
    app = make_app("shanxi", demo=True)
    today = clock.today()
    with app.app_context(), app.test_request_context():
        region = app.extensions["portal.region"]
        hire = teacher(demo.NEW_HIRE)
        t = transcripts.transcript_of(region, hire, region.cycle(today, hire.facts()), today)
        got = {d.code: (d.required, d.unit, d.ok) for d in t.duties_apart}
        assert {code: (int(required), unit) for code, (required, unit, _ok) in got.items()} == {
            "probation_centralized": (60, "hour"), "probation_school_online": (60, "hour"), "probation_total": (120, "hour")}
        # a veteran's transcript has no such lines
        veteran = teacher("teacher")
        assert not transcripts.transcript_of(region, veteran, region.cycle(today, veteran.facts()), today).duties_apart
    page = signed_in(app, demo.NEW_HIRE).get("/transcripts").get_data(as_text=True)
    assert "新任教师试用期集中培训不少于 60 学时" in page and "新任教师试用期校本培训与网络研修不少于 60 学时" in page
    assert "新任教师第一学年试用期培训不少于 120 学时" in page and "还需 60 学时，截止" in page
    assert "/ 60 学时" in page and "/ 120 学时" in page
    # the PDF, made from the same template, is issued with them
    hire_client = signed_in(app, demo.NEW_HIRE)
    assert hire_client.post("/transcripts/issue", data={}).status_code == 303
    english = signed_in(app, demo.NEW_HIRE)
    english.post("/locale/en")
    page = english.get("/transcripts").get_data(as_text=True)
    assert "of 60 hours" in page and "of 120 hours" in page


def test_the_first_school_years_card_names_the_probation_training_it_asks():
    """§三(二): the first school year in post asks no credits (registered from 转正) but the
    probation training; its card read 不作要求 alone above three open probation duties."""
    from datetime import date

    from plugins.shanxi import compliance
    from portal.domain import TeacherFacts
    from portal.domain.text import using

    hire = TeacherFacts(entered_post=date(2026, 9, 1))
    c = compliance.check(hire, (), date(2026, 12, 7))
    [first] = [y for y in c.years if y.year == 2026]
    assert first.required is None and str(first.note).startswith("不要求学分（新任教师第一学年须接受不少于 120 学时的试用期培训）：")
    assert "从转正年度" in str(first.note)
    with using("en"):
        assert "at least 120 hours of probation training" in str(first.note)
    assert c.cycle.note and "试用期培训" not in str(c.cycle.note)  # the cycle keeps its own note
    # a year that asks nothing for another reason keeps its note
    later = compliance.check(TeacherFacts(entered_post=date(2020, 9, 1)), (), date(2026, 12, 7))
    assert all("试用期培训" not in str(y.note) for y in later.years)
