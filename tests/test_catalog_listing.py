"""When the teachers' catalog lists a term's projects (``portal_catalog_listing``). Ruian's annex
dates the formal publication (附件 第2项 培训项目正式发布, the bureaus' and institutions' work) and
then opens the window for teachers to browse the menu (附件 第3项 选课窗口开放，供教师浏览培训项目菜单):
a project the bureau approves in its review window is listed to teachers from the browsing
window's first day, while its organiser and the bureau see it all along. An examiner found one
listed to teachers the moment it was approved. A region without the hook lists at once."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from plugins.ruian import parameters as RP
from portal import clock
from portal.domain import CatalogListing, Phase, UserRole
from portal.domain.selection import LISTED
from portal.extensions import db
from portal.models import Teacher, TrainingProject, User
from portal.models.types import utcnow
from portal.services import calendar as calendar_service
from portal.services import catalog, enrollments, listing
from tests.support import first_organiser, signed_in

BROWSING_CLAUSE = "ruian-2019h2-course-selection.txt §附件 第3项（选课窗口开放，供教师浏览培训项目菜单）"
NAME = "小学语文整本书阅读教学专题培训"


def _term(app, browsing_in: int) -> date:
    """The bureau's calendar for the term, as a bureau enters it (the test suite's way of fixing
    "today"): the annex's phases moved so that the browsing window opens ``browsing_in`` days
    from today, the declaration and review windows open today (a test's calendar, out of the
    annex's order, as the bureau may keep it). Returns the browsing window's first day."""
    today = clock.today()
    browsing = next(p for p in RP.PHASES_2019H2 if p.kind == "browsing")
    shift = today + timedelta(days=browsing_in) - browsing.start
    phases = [replace(p, start=p.start + shift, end=p.end + shift) for p in RP.PHASES_2019H2]
    phases = [replace(p, start=today, end=today) if p.kind in ("project_declaration", "project_review") else p
              for p in phases]
    with app.app_context():
        calendar_service.keep(None, phases)
        db.session.commit()
    return browsing.start + shift


def _approved(app) -> int:
    """An institution's project, declared and approved by the bureau in its review window."""
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    start = clock.today() + timedelta(days=60)
    created = institution.post("/projects/new", data={
        "organiser": organiser, "name": NAME, "level": "county", "mode": "centralized",
        "start": start.isoformat(), "end": (start + timedelta(days=2)).isoformat(), "hours": "24",
        "base_credits": "24", "classes": "1", "class_size": "30", "fee": "0", "stages": ["primary"],
        "description": "小学语文教师"})
    assert created.status_code == 303, created.get_data(as_text=True)
    project_id = int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    city = signed_in(app, "city_admin")
    assert city.post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""}).status_code == 303
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).status == "published"
    return project_id


def _api_names(client) -> list[str]:
    answer = client.get("/api/projects")
    assert answer.status_code == 200
    return [p["name"] for p in answer.get_json()["items"]]


def test_a_ruian_project_approved_before_the_browsing_window_is_listed_to_teachers_from_its_first_day(make_app):
    app = make_app("ruian", demo=True)
    opens = _term(app, browsing_in=10)
    project_id = _approved(app)
    teacher = signed_in(app, "teacher")

    # the teacher: not in the catalog, its filters' organisers, the API, nor its page
    page = teacher.get("/catalog").get_data(as_text=True)
    assert NAME not in page
    assert teacher.get(f"/catalog?q={NAME[:6]}").get_data(as_text=True).count(NAME) == 0
    assert NAME not in _api_names(teacher)
    assert teacher.get(f"/catalog/{project_id}").status_code == 404
    assert teacher.get(f"/api/projects/{project_id}").status_code == 404
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 404
    with app.app_context():
        region = app.extensions["portal.region"]
        project = db.session.get(TrainingProject, project_id)
        own = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
        found = {f.code: f for f in enrollments.selection_findings(region, project, own, UserRole.TEACHER, utcnow())}
        assert not found[LISTED].ok and found[LISTED].source == BROWSING_CLAUSE
        assert opens.isoformat() in str(found[LISTED].message)
        assert listing.listed_from(region, project, clock.today()).start == opens

    # its organiser and the bureau see it, and its page tells them when teachers will, with the clause
    told = f"教师自 {opens.isoformat()} 起可在培训目录中看到本项目（选课窗口开放，供教师浏览培训项目菜单），此前不向教师列出"
    for username in ("institution", "city_admin"):
        reader = signed_in(app, username)
        shown = reader.get(f"/projects/{project_id}").get_data(as_text=True)
        assert told in shown and "附件 第3项" in shown.split(told)[1][:600]
        assert NAME in reader.get("/catalog").get_data(as_text=True)  # an admin browsing the catalog
        assert told in reader.get(f"/catalog/{project_id}").get_data(as_text=True)
        assert NAME in _api_names(reader)
        assert reader.get(f"/api/projects/{project_id}").get_json()["listed_from"] == opens.isoformat()
    with app.app_context():  # the organiser was told so with the approval
        from portal.models import Notification

        said = [str(n.message) for n in db.session.scalars(select(Notification))]
        assert any(NAME in s and opens.isoformat() in s for s in said)

    # the day comes (the bureau's term moved on by ten days): listed to teachers, selectable per the calendar
    assert _term(app, browsing_in=0) == clock.today()
    assert NAME in teacher.get("/catalog").get_data(as_text=True)
    assert NAME in _api_names(teacher)
    assert teacher.get(f"/catalog/{project_id}").status_code == 200
    assert teacher.get(f"/api/projects/{project_id}").get_json()["listed_from"] is None
    assert "起可在培训目录中看到" not in signed_in(app, "institution").get(f"/projects/{project_id}").get_data(as_text=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        project = db.session.get(TrainingProject, project_id)
        own = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == "teacher"))
        assert LISTED not in {f.code for f in enrollments.selection_findings(region, project, own, UserRole.TEACHER,
                                                                             utcnow())}


def test_a_teachers_catalog_before_the_browsing_window_says_from_when_the_terms_trainings_are_listed(make_app):
    """Phone trial (ruian): before the browsing window a teacher's catalog read 找到 0 个培训 and
    没有符合条件的已发布培训，请减少关键词或筛选条件, with no word typed nor filter set: it now says
    from which day (and phase) the term's trainings are listed; an admin browsing is not told."""
    app = make_app("ruian", demo=True)
    opens = _term(app, browsing_in=10)
    _approved(app)
    told = f"本学期的培训项目自 {opens.isoformat()}（选课窗口开放，供教师浏览培训项目菜单）起向教师列出"
    page = signed_in(app, "teacher").get("/catalog").get_data(as_text=True)
    assert told in page
    assert "暂时还没有向教师列出的培训" in page and "请减少关键词或筛选条件" not in page  # nothing typed to reduce
    searched = signed_in(app, "teacher").get("/catalog?q=没有这个词").get_data(as_text=True)
    assert "请减少关键词或筛选条件" in searched  # a search that finds nothing is still told so
    assert told not in signed_in(app, "city_admin").get("/catalog").get_data(as_text=True)
    _term(app, browsing_in=0)  # the day comes: nothing more to say
    assert "起向教师列出" not in signed_in(app, "teacher").get("/catalog").get_data(as_text=True)


def test_a_project_approved_once_the_browsing_window_is_open_is_listed_at_once(make_app):
    app = make_app("ruian", demo=True)
    _term(app, browsing_in=0)
    project_id = _approved(app)
    teacher = signed_in(app, "teacher")
    assert NAME in teacher.get("/catalog").get_data(as_text=True)
    assert teacher.get(f"/catalog/{project_id}").status_code == 200


def test_the_catalog_list_stays_one_query_a_page(make_app):
    """The listing is one clause of the list's query: a page of teachers' rows is still read by
    one statement for its rows, whatever the calendar."""
    from sqlalchemy import event

    app = make_app("ruian", demo=True)
    _term(app, browsing_in=10)
    _approved(app)
    with app.app_context():
        region = app.extensions["portal.region"]
        user = db.session.scalar(select(User).where(User.username == "teacher"))
        seen: list[str] = []
        listen = lambda *args: seen.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            page = catalog.catalog_page(catalog.CatalogQuery(), 20, clock.today(), region, user)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        assert NAME not in [row.project.name for row in page.items]
        rows = [s for s in seen if "FROM training_project" in s and "LIMIT" in s]
        assert len(rows) == 1 and "published_at" in rows[0]


def test_a_region_without_the_hook_lists_a_published_project_at_once(make_app):
    app = make_app("qingdao", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        assert region.catalog_listing is None
        assert listing.pending(region, clock.today()) is None
    teacher = signed_in(app, "teacher")
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    year = clock.today().year + 1
    created = institution.post("/projects/new", data={
        "organiser": organiser, "name": NAME, "level": "city", "mode": "centralized", "start": f"{year}-03-02",
        "end": f"{year}-03-04", "hours": "24", "classes": "1", "class_size": "30", "fee": "0",
        "stages": ["primary"], "description": "小学语文教师", "program": "city_personalized"})
    project_id = int(re.search(r"/projects/(\d+)", created.headers["Location"]).group(1))
    assert institution.post(f"/projects/{project_id}/declare").status_code == 303
    assert NAME in teacher.get("/catalog").get_data(as_text=True)
    assert NAME in _api_names(teacher)


# The rule itself, on the annex's dates -------------------------------------------------------------


ANNEX = RP.PHASES_2019H2
RULE = CatalogListing("browsing", BROWSING_CLAUSE)


def test_the_listing_day_is_the_browsing_windows_first_day_for_a_project_published_within_the_term():
    browsing = next(p for p in ANNEX if p.kind == "browsing")
    assert browsing.start == date(2019, 7, 15)
    # approved in the review window (7-1 to 7-11), read on the publication day: listed from 7-15
    assert RULE.listed_from(ANNEX, date(2019, 7, 12), date(2019, 7, 5)) == browsing
    assert RULE.listed_from(ANNEX, date(2019, 7, 14), date(2019, 7, 5)) == browsing
    assert RULE.listed_from(ANNEX, date(2019, 7, 15), date(2019, 7, 5)) is None  # the day has come
    # published before the term's first day (6-17): an earlier term's, listed as it was
    assert RULE.listed_from(ANNEX, date(2019, 7, 1), date(2019, 6, 16)) is None
    assert RULE.listed_from(ANNEX, date(2019, 7, 1), date(2019, 6, 17)) == browsing
    # a moment not kept, a calendar without the phase, no calendar: listed at once
    assert RULE.listed_from(ANNEX, date(2019, 7, 12), None) is None
    assert RULE.listed_from([p for p in ANNEX if p.kind != "browsing"], date(2019, 7, 12), date(2019, 7, 5)) is None
    assert RULE.listed_from((), date(2019, 7, 12), date(2019, 7, 5)) is None


def test_the_refusal_and_the_note_cite_the_listings_clause_else_the_phases():
    phase = Phase("browsing", "选课窗口开放，供教师浏览培训项目菜单", date(2019, 7, 15), date(2019, 8, 25),
                  source="ruian-2019h2-course-selection.txt §附件 第3项")
    assert RULE.not_yet(phase).source == BROWSING_CLAUSE and not RULE.not_yet(phase).ok
    assert CatalogListing("browsing").cited(phase) == phase.source
    assert "2019-07-15" in str(RULE.note(phase))


def test_a_teacher_asking_for_an_unlisted_projects_own_page_is_told_nothing_of_it(make_app):
    """A published project's own page, asked by someone who does not run it, answers 403 with
    its name and a link to its catalog page: for a teacher before the region lists it (附件 第3项)
    that page is not found, and the 403 named the training the catalog still keeps from them."""
    app = make_app("ruian", demo=True)
    _term(app, browsing_in=10)
    project_id = _approved(app)
    teacher = signed_in(app, "teacher")
    asked = teacher.get(f"/projects/{project_id}")
    assert asked.status_code == 404 and NAME not in asked.get_data(as_text=True)
    _term(app, browsing_in=0)  # listed now: its catalog page is theirs, and the 403 leads there
    asked = teacher.get(f"/projects/{project_id}")
    assert asked.status_code == 403 and f'href="/catalog/{project_id}"' in asked.get_data(as_text=True)
