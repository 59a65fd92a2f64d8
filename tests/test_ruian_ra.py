"""Items of a ruian phone trial: the stage and subject cautions spoke of 教师 to the teacher herself,
and the zone's (教育学区) menu offered 选课审核 though under the settings in force the school reviews
and the bureau reviews late; each pinned by a test that failed before its fix."""
from __future__ import annotations

import re

from tests.support import signed_in
from tests.test_ruian_trial7 import MISMATCHED, _project_id


def _menu(client) -> str:
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    return page.split("<details class=\"more\">")[0]


def test_a_teacher_reads_the_stage_and_subject_cautions_of_herself(make_app):
    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MISMATCHED)
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "项目面向的学段与您任教的学段不同" in page and "项目面向的学科与您任教的学科不同" in page
    assert "教师任教学段" not in page and "教师任教学科" not in page
    english = signed_in(app, "teacher")
    english.post("/locale/en")
    text = english.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "than the one you teach" in text and "than the teacher's" not in text


def test_an_admin_reads_the_cautions_of_the_teacher():
    from datetime import date, datetime
    from decimal import Decimal

    from plugins.ruian.enrollment import selection_findings
    from portal.domain import Level, Mode, SchoolStage, TeacherFacts, UserRole
    from portal.domain.selection import ProjectFacts, Selection

    project = ProjectFacts("初中数学", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 20), Decimal(90),
                           base_credits=Decimal(90), stages=(SchoolStage.JUNIOR_HIGH,), subjects=("数学",), layer="新教师")
    teacher = TeacherFacts(layer="骨干教师", stages=(SchoolStage.PRIMARY,))
    said = {by: " ".join(str(f.message) for f in selection_findings(
                Selection(project, teacher, datetime(2019, 8, 27, 2), by, subjects=("语文",))))
            for by in (UserRole.TEACHER, UserRole.SCHOOL_ADMIN)}
    assert "与您任教的学段不同" in said[UserRole.TEACHER] and "与教师任教学段不同" not in said[UserRole.TEACHER]
    assert "与您任教的学科不同" in said[UserRole.TEACHER] and "分层分类与您的不同" in said[UserRole.TEACHER]
    admin = said[UserRole.SCHOOL_ADMIN]
    assert "与教师任教学段不同" in admin and "与教师任教学科不同" in admin and "分层分类与教师的不同" in admin
    assert "您任教" not in admin


def _enrollments_link(menu: str) -> str | None:
    found = re.search(r'<a href="/enrollments/awaiting">([^<]*)</a>', menu)
    return found and found.group(1)


def test_the_zone_is_offered_no_review_while_the_bureau_reviews_late(make_app):
    app = make_app("ruian", demo=True)  # the default: the bureau reviews late
    assert _enrollments_link(_menu(signed_in(app, "district_admin"))) != "选课审核"
    assert _enrollments_link(_menu(signed_in(app, "city_admin"))) == "选课审核"
    assert _enrollments_link(_menu(signed_in(app, "school_admin"))) == "选课审核"
    assert _enrollments_link(_menu(signed_in(app, "principal"))) == "选课审核"


def test_the_zone_is_offered_the_review_when_the_setting_names_it(make_app):
    app = make_app("ruian", demo=True, PORTAL_SETTINGS={"late_school_review": "zone"})
    assert _enrollments_link(_menu(signed_in(app, "district_admin"))) == "选课审核"
    assert _enrollments_link(_menu(signed_in(app, "city_admin"))) != "选课审核"


def test_nobody_above_the_school_is_offered_a_review_when_nobody_reviews_late(make_app):
    app = make_app("ruian", demo=True, PORTAL_SETTINGS={"late_school_review": "none"})
    for username in ("district_admin", "city_admin"):
        assert _enrollments_link(_menu(signed_in(app, username))) != "选课审核", username


def test_the_school_reviewing_a_choice_reads_its_cautions_of_the_teacher(make_app):
    """The awaiting page asked the cautions as the teacher's own choice, and the principal read
    项目面向的学段与您任教的学段不同 of the teacher she was reviewing."""
    from datetime import timedelta

    from portal import clock
    from tests.test_ruian_trial7 import REVIEW_1, _move_phase, _phase

    app = make_app("ruian", demo=True)
    project_id = _project_id(app, MISMATCHED)
    assert signed_in(app, "teacher").post(f"/catalog/{project_id}/select").status_code == 303
    round1 = _phase(app, "round1_selection")
    today = clock.today()
    _move_phase(app, REVIEW_1, today, today + timedelta(days=1),
                round1_selection=(round1.start, today - timedelta(days=1)))
    page = signed_in(app, "principal").get("/enrollments/awaiting").get_data(as_text=True)
    assert "项目面向的学段与教师任教学段不同" in page and "项目面向的学科与教师任教学科不同" in page
    assert "您任教" not in page


def test_round_2_refused_in_english_reads_for_the_teacher_herself():
    """The teacher refused round 2 read, in English, that it is closed “to this teacher”: the zh is
    neutral (第一轮未选课，不能参加第二轮补报选课), and so is the English now, for her and her school."""
    from datetime import datetime

    from plugins.ruian.enrollment import by_teacher_finding, round2_finding
    from portal.domain import TeacherFacts, UserRole
    from portal.domain.selection import Selection
    from portal.domain.text import using

    project = _project()
    selection = Selection(project, TeacherFacts(), datetime(2019, 9, 15, 2), UserRole.TEACHER)
    with using("en"):
        refused = str(round2_finding(selection).message)
        who = str(by_teacher_finding(selection).message)
    assert refused.startswith("No choice was made in the first round") and "this teacher" not in refused
    assert who == "Teachers select their courses themselves"


def _project():
    from datetime import date
    from decimal import Decimal

    from portal.domain import Level, Mode
    from portal.domain.selection import ProjectFacts

    return ProjectFacts("心理健康", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 10), Decimal(24),
                        base_credits=Decimal(24))


def test_in_english_the_role_a_step_waits_for_follows_a_colon(make_app):
    """“Waiting for Principal or School platform admin, not possible yet:” put a role's label,
    capitalised as a name, inside a sentence; it now follows a colon, as “Waiting for: …” does."""
    from tests.test_ruian_trial7 import MATCHING

    app = make_app("ruian", demo=True)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{_project_id(app, MATCHING)}/select").status_code == 303
    teacher.post("/locale/en")
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "Waiting for: " in page and "; not possible yet:" in page
    assert ", not possible yet:" not in page
