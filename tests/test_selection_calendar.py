"""The selection calendar: seeded from the region's defaults (ruian's demo runs the annex's
calendar around today), edited by the bureau, and followed by every selection."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete, func, select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent, Enrollment, OrgUnit, SelectionPhase
from portal.services import training
from tests.support import login, signed_in


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _project(app) -> int:
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "institution"))
        start = clock.today() + timedelta(days=40)
        project = training.add_project(None, organiser, name="第一轮可选的培训", level="county", mode="centralized",
                                       start_date=start, end_date=start, year=start.year, hours=Decimal(6),
                                       base_credits=Decimal(6), capacity=30, status="published")
        return project.id


def test_ruian_teachers_select_in_round_one_and_not_once_the_bureau_closes_it(make_app):
    app = make_app("ruian", demo=True)
    project_id = _project(app)
    teacher = _client(app, "teacher")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "教师第一轮选课" in page  # the window finding names the open phase
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    with app.app_context():
        enrollment = db.session.scalar(select(Enrollment).where(Enrollment.project_id == project_id))
        assert (enrollment.status, enrollment.phase) == ("selected", "round1_selection")

    city = _client(app, "city_admin")
    form = city.get("/calendar").get_data(as_text=True)
    starts = dict(re.findall(r'name="(start-\d+)" value="([\d-]+)"', form))
    ends = dict(re.findall(r'name="(end-\d+)" value="([\d-]+)"', form))
    assert len(starts) == len(ends) == 14
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    round1 = re.search(r"教师第一轮选课.*?name=\"end-(\d+)\"", form, re.S).group(1)
    closed = {**starts, **ends, f"end-{round1}": yesterday, f"start-{round1}": starts[f"start-{round1}"],
              "on": clock.today().isoformat(), "from": "kept"}
    assert teacher.post("/calendar", data=closed).status_code == 403
    refused = city.post("/calendar", data={**closed, f"end-{round1}": "2000-01-01"})
    assert refused.status_code == 422  # the form again, as typed, saying which phase to correct
    page = refused.get_data(as_text=True)
    assert f'name="end-{round1}" value="2000-01-01"' in page and "“教师第一轮选课”" in page
    with app.app_context():  # an end before its start is refused, nothing saved
        assert _calendars_saved() == 1
    assert city.post("/calendar", data=closed).status_code == 303
    with app.app_context():
        assert _calendars_saved() == 2
        assert db.session.scalar(select(SelectionPhase.end_date).where(SelectionPhase.kind == "round1_selection")) \
            == clock.today() - timedelta(days=1)

    other = _project(app)
    refused = teacher.post(f"/catalog/{other}/select")
    assert refused.status_code == 409 and "选课" in refused.get_data(as_text=True)


def test_a_refused_calendar_is_shown_again_as_typed_with_its_errors(make_app):
    """A date left out or an end before its start: the page answers 422 with every date as it
    was typed (not a redirect to the saved calendar, which would lose them) and the error by
    the phase it concerns; nothing is saved."""
    app = make_app("ruian", demo=True)
    city = _client(app, "city_admin")
    form = city.get("/calendar").get_data(as_text=True)
    typed = dict(re.findall(r'name="((?:start|end)-\d+)" value="([\d-]+)"', form))
    typed.update({"start-0": "2031-05-06", "end-2": "", "on": clock.today().isoformat(), "from": "kept"})
    with app.app_context():
        saved = _calendars_saved()
    answer = city.post("/calendar", data=typed)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Location" not in answer.headers
    assert 'name="start-0" value="2031-05-06"' in page  # what was typed on another phase is kept
    assert re.search(r'name="end-2" value=""[^>]*aria-invalid="true"', page)
    assert "完成培训项目审核" in page and "日期" in page
    with app.app_context():
        assert _calendars_saved() == saved
    english = _client(app, "city_admin")
    english.post("/locale/en", data={"next": "/"})
    page = english.post("/calendar", data=typed).get_data(as_text=True)
    assert "Give both dates of" in page and "The calendar was not saved" in page


def test_a_teacher_reads_the_dates_and_only_the_bureau_is_told_they_are_not_confirmed(make_app):
    """Trial: the teacher's calendar page said “默认日期，尚未保存”, the bureau's own business. A
    teacher reads the dates; the bureau that edits them reads, in plain words, that they are the
    region's usual dates it has not confirmed yet."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        db.session.execute(SelectionPhase.__table__.delete())  # nothing saved: the region's dates
        db.session.commit()
    teacher = _client(app, "teacher").get("/calendar").get_data(as_text=True)
    main = teacher.split("<main", 1)[1]
    assert re.search(r"\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d", main)
    assert "默认" not in main and "尚未" not in main and "保存" not in main and "确认" not in main
    assert "报名及各环节按以下日期进行" in main  # kaifeng's own words (portal_wording): 报名, its 实施步骤
    bureau = _client(app, "city_admin").get("/calendar").get_data(as_text=True).split("<main", 1)[1]
    assert "尚未确认" in bureau and "尚未保存" not in bureau


def test_only_the_bureau_that_sets_the_calendar_edits_it(make_app):
    """kaifeng §四(二)1 报名截止时间为12月20日 is the city bureau's: a trial's district admin moved
    the deadline for the whole city. The district reads the calendar; the city edits it."""
    from tests.support import signed_in

    app = make_app("kaifeng", demo=True)
    district = signed_in(app, "district_admin")
    assert "保存实施步骤" not in district.get("/calendar").get_data(as_text=True)
    assert district.post("/calendar", data={"start-0": "2026-12-01", "end-0": "2026-12-31"}).status_code == 403
    assert "保存实施步骤" in signed_in(app, "city_admin").get("/calendar").get_data(as_text=True)


def test_a_term_the_region_gives_no_dates_for_starts_from_its_calendar_moved_and_the_bureau_saves_it(make_app):
    """A first-day trial: ruian's documents date one term (2019 下半年), so in any other term the
    calendar page had no form and the bureau could never declare a project (no 项目申报 phase).
    Its editors now start from the region's calendar moved by whole years, in force once saved;
    a teacher reads no calendar until then."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        db.session.execute(SelectionPhase.__table__.delete())
        db.session.commit()
    today = clock.today()
    teacher = _client(app, "teacher").get("/calendar").get_data(as_text=True).split("<main", 1)[1]
    assert not re.search(r"\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d", teacher)  # nothing in force
    bureau = _client(app, "city_admin")
    page = bureau.get("/calendar").get_data(as_text=True)
    assert "尚未生效" in page and "2019 年的进程" in page
    dates = dict(re.findall(r'name="((?:start|end)-\d+)" value="(\d{4}-\d\d-\d\d)"', page))
    assert dates and all(d.startswith(str(today.year)) for d in dates.values())
    saved = bureau.post("/calendar", data={"on": today.isoformat(), "from": "defaults", **dates})
    assert saved.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(SelectionPhase.id))) == len(dates) // 2


def test_a_teacher_reads_that_the_terms_calendar_is_not_set_where_the_region_runs_one(make_app):
    """A deploying bureau's teacher read 未设选课进程：项目发布后即可选课 while nothing could be
    declared or chosen until the bureau set this term's dates (ruian dates one term)."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        db.session.execute(delete(SelectionPhase))
        db.session.commit()
    page = signed_in(app, "teacher").get("/calendar").get_data(as_text=True)
    assert "本学期的选课进程尚未设定" in page and "项目发布后即可选课" not in page


def _summary(page: str, index: int) -> str:
    """The heading of the phase whose fields are ``start-<index>`` and ``end-<index>``."""
    before = page[:page.index(f'name="start-{index}"')]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", before[before.rindex("<summary>"):before.rindex("</summary>")]))


def test_every_phases_mistake_is_shown_at_once_and_the_headings_follow_the_form(make_app):
    """Phone trial: a bureau with three phases wrong was told of one per save, and the phase's
    heading kept the saved dates above the dates it had typed. Every phase's mistake is said
    beside its own dates, whether or not a date was left out; the headings give the dates the
    fields hold, marked as not saved, and nothing is saved."""
    from tests.test_workflow_fixes import _calendar_form

    app = make_app("ruian", demo=True)
    city = _client(app, "city_admin")
    typed, at = _calendar_form(city)
    round1, round2, review = (int(at[label]) for label in ("教师第一轮选课", "教师第二轮选课", "校长对第一轮选课进行审核"))
    saved_round2 = typed[f"start-{round2}"]
    wrong = {**typed,
             "end-0": "2000-01-01",  # a phase that ends before it starts
             f"start-{round2}": typed[f"end-{round1}"],  # round 2 opening the day round 1 closes
             f"start-{review}": (clock.today() - timedelta(days=400)).isoformat()}  # a review before its round
    with app.app_context():
        saved = _calendars_saved()
    for form in (wrong, {**wrong, "end-1": ""}):  # all dates given (the service's checks), or one left out
        answer = city.post("/calendar", data=form)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 422
        errors = dict(re.findall(r'<p class="error" id="error-(\d+)">(.*?)</p>', page))
        expected = {0, round2, review} | ({1} if form["end-1"] == "" else set())
        assert set(map(int, errors)) == expected, errors
        assert "截止日期早于开始日期" in errors["0"] and "教师第一轮选课" in errors[str(round2)]
        for index in expected:
            assert re.search(rf'name="start-{index}"[^>]*aria-invalid="true"', page)
        heading = _summary(page, round2)
        assert form[f"start-{round2}"] in heading and saved_round2 not in heading.split("–")[0]
        assert "已修改，尚未保存" in heading and "今日进行中" not in heading
        assert "2000-01-01" in _summary(page, 0)
    unchanged = _summary(page, round1)
    assert typed[f"start-{round1}"] in unchanged and "尚未保存" not in unchanged
    with app.app_context():
        assert _calendars_saved() == saved
    english = _client(app, "city_admin")
    english.post("/locale/en", data={"next": "/"})
    page = english.post("/calendar", data=wrong).get_data(as_text=True)
    assert "changed, not saved" in _summary(page, round2) and "ends before it starts" in page


def _calendars_saved() -> int:
    """How many times a calendar was saved (its audit events), in the app's context."""
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "calendar.saved"))


def test_a_one_day_phase_reads_as_its_day_not_a_range(make_app):
    app = make_app("ruian", demo=True)
    with app.app_context():
        phases = db.session.scalars(select(SelectionPhase)).all()
        one_day = [p for p in phases if p.start_date == p.end_date]
        assert one_day, "the annex's calendar has one-day phases"
        day = one_day[0].start_date.isoformat()
    page = _client(app, "teacher").get("/calendar").get_data(as_text=True)
    assert f"{day} – {day}" not in page and f" · {day}" in page


def test_in_the_half_year_before_its_dated_term_a_bureau_still_starts_from_the_regions_calendar(make_app):
    """From January to mid-June no earlier year of ruian's one dated term (2019-06-17 to
    2019-12-31) holds the day, and the bureau's calendar page had no form at all (a run on
    2027-01-04): it now starts from that calendar moved by the fewest whole years that bring it
    to the day, to be edited and saved."""
    from datetime import date

    from portal.services import calendar

    app = make_app("ruian", demo=True)
    with app.app_context():
        db.session.execute(SelectionPhase.__table__.delete())
        db.session.commit()
        region = app.extensions["portal.region"]
        for day in (date(2027, 1, 1), date(2027, 1, 4), date(2027, 6, 16)):
            view = calendar.calendar_view(region, day, seed=True)
            assert view.phases and not view.kept and view.moved_from == 2019, day
            assert min(p.start for p in view.phases) == date(2027, 6, 17), day
            assert max(p.end for p in view.phases) == date(2027, 12, 31), day
        moved = calendar.calendar_view(region, date(2027, 9, 1), seed=True)  # a day the term covers: by whole years
        assert moved.moved_from == 2019 and min(p.start for p in moved.phases) == date(2027, 6, 17)
        assert calendar.calendar_view(region, date(2027, 1, 4)).phases == ()  # nothing in force for a teacher


def test_a_calendar_moved_ahead_of_the_day_says_it_is_the_coming_terms(make_app):
    """In January ruian's calendar is moved to the second half of the year, which has not begun:
    the banner said "moved to this term"; it now says the coming term, and keeps "this term" for a
    day the moved calendar covers."""
    from datetime import date

    from portal.services import calendar

    app = make_app("ruian", demo=True)
    with app.app_context():
        db.session.execute(SelectionPhase.__table__.delete())
        db.session.commit()
        region = app.extensions["portal.region"]
        january, september = (calendar.calendar_view(region, day, seed=True) for day in (date(2027, 1, 4),
                                                                                          date(2027, 9, 1)))
    assert january.ahead_of(date(2027, 1, 4)) and not september.ahead_of(date(2027, 9, 1))
    editor = _client(app, "city_admin")
    page = editor.get("/calendar?on=2027-01-04").get_data(as_text=True)
    assert "日期已移到即将开始的学期" in page and "日期已移到本学期" not in page
    page = editor.get("/calendar?on=2027-09-01").get_data(as_text=True)
    assert "日期已移到本学期" in page and "即将开始的学期" not in page


def test_the_home_of_whoever_acts_in_a_phase_open_today_says_so_until_when(make_app):
    """A phone trial's school admin, whose part of kaifeng's enrollment (§四(二)1) is to submit the
    teachers by its deadline, landed on a home of figures with 培训项目 0 and nothing of the phase
    open for them; the calendar sat behind 更多. The home says each phase open today in which the
    user's roles act, until when, linking to the calendar; one who does not act in it (a principal)
    reads nothing of it."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        from portal.services import calendar
        region = app.extensions["portal.region"]
        phase = next(p for p in calendar.open_on(region, clock.today()) if p.kind == "enrollment")
    said = f"正在进行，截止 {phase.end.isoformat()}：报名（学校和区教育局的系统管理员提交参训教师名单）"
    for username in ("school_admin", "district_admin"):
        page = signed_in(app, username).get("/admin/").get_data(as_text=True)
        assert said in page and 'href="/calendar"' in page, username
    assert "正在进行，截止" not in signed_in(app, "principal").get("/admin/").get_data(as_text=True)
    school = signed_in(app, "school_admin")
    school.post("/locale/en", data={"next": "/"})
    english = school.get("/admin/").get_data(as_text=True)
    assert f"Open now, until {phase.end.isoformat()}: Enrollment (" in english
