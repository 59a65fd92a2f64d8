"""How a teacher's previous cycle ended: judged on each read by the rules in force on its last
day over its entries that count now, every duty of it ended; said not known where no entry of it
is kept here (before the portal, its credits not imported)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, User
from tests.support import login, text
from tests.test_imports import CREDIT_HEADINGS, confirm, sheet, upload


def shanxi_cycles():
    """shanxi's cycle holding the portal's today and the one before it (2022–2027 and 2017–2022 when
    these tests were written): the previous cycle's dates are read from the region, not named."""
    from plugins.shanxi.periods import cycle
    from portal import clock

    current = cycle(clock.today())
    return current, cycle(current.start - timedelta(days=1))


def old_row(number: str) -> list[str]:
    """A credit of the previous cycle's third school year from an older system, as a sheet's row."""
    _current, previous = shanxi_cycles()
    year = previous.start.year + 3
    return [number, f"{year}-03-02", f"{year - 1}年旧系统：课堂教学能力提升培训", "", "市级", "集中培训", "24", ""]


def teachers_without_history(app, count: int = 1, code: str = "sx-school-1") -> list[tuple[int, str, str]]:
    """Teachers of the school in post before the previous cycle began, none of whose entries
    kept is dated in it (the demo has some of its teachers' previous cycle, not all)."""
    current, previous = shanxi_cycles()
    with app.app_context():
        history = select(LedgerEntry.id).where(LedgerEntry.teacher_id == Teacher.id,
                                               LedgerEntry.activity_date < current.start).exists()
        found = db.session.execute(select(Teacher.id, Teacher.id_number, User.username)
                                   .join(OrgUnit, Teacher.school_id == OrgUnit.id).join(User, User.id == Teacher.user_id)
                                   .where(OrgUnit.code == code, Teacher.entered_post < previous.start, ~history)
                                   .order_by(Teacher.id).limit(count)).all()
    assert len(found) == count
    return [tuple(row) for row in found]


def school_teacher(app) -> tuple[int, str, str]:
    return teachers_without_history(app)[0]


@pytest.mark.parametrize("days_on", [0, 1, 140, 400, 1000])
def test_the_demo_keeps_no_previous_cycle_of_some_teachers_on_any_day(days_on):
    """The tests of a previous cycle not known here (and the city's 周期审定 of three teachers)
    need teachers of the demo school in post before it with none of its trainings on record:
    in a cycle's first school year the demo's trainings of the past calendar years fall in the
    previous cycle, and every teacher had some (from 2027-09-01 none was left)."""
    from plugins.shanxi.demo import build_demo
    from plugins.shanxi.periods import cycle
    from portal import clock
    from portal.domain import story_day

    for today in (clock.today() + timedelta(days=days_on),
                  cycle(clock.today()).end + timedelta(days=days_on + 1)):  # and into the next cycle
        demo, story = build_demo(today), story_day(today)
        current = cycle(story)
        previous = cycle(current.start - timedelta(days=1))
        trained = {e.teacher for p in demo.projects if p.start < current.start for e in p.enrollments}
        unknown = [t.username for t in demo.teachers if t.school_code == "sx-school-1" and t.username != "teacher"
                   and t.entered_post < previous.start and t.username not in trained]
        assert len(unknown) >= 3, (today, unknown)
        assert trained & {t.username for t in demo.teachers if t.school_code == "sx-school-1"}, \
            "the others' previous cycle is kept, for the city's 周期审定"


def test_a_previous_cycle_with_no_entry_kept_is_not_judged(make_app):
    app = make_app("shanxi", demo=True)
    teacher_id, _number, username = school_teacher(app)
    client = app.test_client()
    login(client, username)
    client.post("/locale/zh_Hans_CN")
    assert "上一周期的完成情况" in client.get("/me/compliance").get_data(as_text=True)
    page = client.get("/me/compliance/previous")
    assert page.status_code == 200
    _current, previous = shanxi_cycles()
    assert f"本平台没有 {previous.start} 至 {previous.end} 这一周期的学分记录" in text(page)
    assert "✗" not in text(page) and "未完成" not in text(page)


def test_credits_imported_for_the_previous_cycle_are_judged_there_and_not_today(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    teacher_id, number, username = school_teacher(app)
    admin = app.test_client()
    login(admin, "district_admin")
    admin.post("/locale/zh_Hans_CN")
    today_before = text(admin.get(f"/admin/teachers/{teacher_id}/compliance"))
    row = old_row(number)
    _current, previous = shanxi_cycles()
    preview = upload(admin, "credits", sheet(CREDIT_HEADINGS, [row]))
    assert preview.status_code == 200, preview.text
    assert confirm(admin, "credits", preview.text).status_code == 303
    with app.app_context():
        amount = db.session.scalar(select(LedgerEntry.amount).where(LedgerEntry.teacher_id == teacher_id,
                                                                    LedgerEntry.activity_date == date.fromisoformat(row[1])))
    assert amount > 0
    figure = f"{amount.normalize():f}"
    page = text(admin.get(f"/admin/teachers/{teacher_id}/compliance/previous"))
    assert f"上一周期（{previous.start.year} – {previous.end.year}）" in page and f"该周期已于 {previous.end} 届满" in page
    assert "本周期" not in page, "an ended cycle is no longer this one: its duties name it by its dates"
    assert f"{figure} / 120" in page
    assert f"期限已于 {previous.end} 结束" in page  # the cycle's total, short, is missed: history
    assert page.count("学分要求") == 1, "the cycle's limits and duties in one list, all of them ended"
    assert "学分应用" in today_before and "学分应用" not in page  # what the credits open is today's
    # today's cycle is as it was: an activity of 2020 counts in its own cycle only
    assert text(admin.get(f"/admin/teachers/{teacher_id}/compliance")).split("本周期")[1][:40] == \
        today_before.split("本周期")[1][:40]
    teacher = app.test_client()
    login(teacher, username)
    teacher.post("/locale/zh_Hans_CN")
    assert "可补足学分的培训" in text(teacher.get("/me/compliance"))
    assert "可补足学分的培训" not in text(teacher.get("/me/compliance/previous"))
    teacher.post("/locale/en")
    own = text(teacher.get("/me/compliance/previous"))
    assert f"The previous cycle ({previous.start.year} – {previous.end.year})" in own and f"{figure} / 120" in own
    assert "this cycle" not in own.lower()


def test_a_teacher_who_entered_post_after_the_previous_cycle_has_none(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "t0041")  # the demo's new hire: entered post this school year, in this cycle at any date
    assert "/me/compliance/previous" not in client.get("/me/compliance").get_data(as_text=True)
    assert client.get("/me/compliance/previous").status_code == 404


def test_another_schools_admin_may_not_read_it(make_app):
    app = make_app("shanxi", demo=True)
    teacher_id, _number, _username = school_teacher(app)
    with app.app_context():
        own_school = db.session.scalar(select(Teacher.school_id).where(Teacher.id == teacher_id))
        other = db.session.scalar(select(Teacher.id).where(Teacher.school_id != own_school).order_by(Teacher.id))
    client = app.test_client()
    login(client, "school_admin")
    reachable = {client.get(f"/admin/teachers/{t}/compliance").status_code == 200: t for t in (teacher_id, other)}
    assert set(reachable) == {True, False}, "the school admin reads one of the two schools"
    assert client.get(f"/admin/teachers/{reachable[False]}/compliance/previous").status_code == 404


def test_the_api_says_the_same_and_null_where_nothing_is_kept(make_app, tmp_path):
    app = make_app("shanxi", demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    teacher_id, number, username = school_teacher(app)
    client = app.test_client()
    login(client, username)
    _current, previous = shanxi_cycles()
    empty = client.get("/api/me/standing/previous").get_json()
    assert empty == {"cycle": {"start": previous.start.isoformat(), "end": previous.end.isoformat()},
                     "compliance": None, "conclusion": None}
    admin = app.test_client()
    login(admin, "district_admin")
    row = old_row(number)
    preview = upload(admin, "credits", sheet(CREDIT_HEADINGS, [row]))
    assert confirm(admin, "credits", preview.text).status_code == 303
    judged = client.get("/api/me/standing/previous").get_json()["compliance"]
    assert 0 < judged["cycle"]["counted"] < 120 and judged["cycle"]["end"] == previous.end.isoformat()
    assert not next(f for f in judged["findings"] if f["code"] == "cycle_total")["ok"]
    newcomer = app.test_client()
    login(newcomer, "t0041")
    assert newcomer.get("/api/me/standing/previous").status_code == 404


def teacher_without_entries_before(app, code: str, day: date) -> tuple[int, str, str]:
    """A teacher of the school in post long before, none of whose entries is dated before ``day``."""
    with app.app_context():
        earlier = select(LedgerEntry.id).where(LedgerEntry.teacher_id == Teacher.id,
                                               LedgerEntry.activity_date < day).exists()
        found = db.session.execute(select(Teacher.id, Teacher.id_number, User.username)
                                   .join(OrgUnit, Teacher.school_id == OrgUnit.id).join(User, User.id == Teacher.user_id)
                                   .where(OrgUnit.code == code, Teacher.entered_post < date(2016, 1, 1), ~earlier)
                                   .order_by(Teacher.id).limit(1)).first()
    assert found is not None
    return tuple(found)


@pytest.mark.parametrize("region, code, year_in, row, ended", [
    # qingdao's cycles are calendar years (2018–2022, 2023–2027 when this was written): an A-class
    # training of the previous cycle's third year and none of the compulsory contents
    ("qingdao", "sn-tpl", 2, ["{year}-06-12", "{year}年旧系统：市级专题培训", "A 类学分", "市级", "集中培训", "90", ""],
     "周期（至 {end}）届满，未参加的必修内容"),
    # ruian's (2021–2025, 2026–2030): a centralized training of the previous cycle's fourth year
    # below 90 base credits, none of 90 or more
    ("ruian", "ra-school-2", 3, ["{year}-05-10", "{year}年旧系统：县级专题培训", "集中培训（基础学分90以下）", "县级",
                                 "集中培训", "", "24"],
     "周期（至 {end}）届满，没有完成基础学分 90 及以上的集中培训"),
])
def test_the_previous_cycles_findings_name_the_cycle_not_this_one(make_app, tmp_path, region, code, year_in, row, ended):
    """An ended cycle is no longer 本周期 (this cycle): its findings name it by its dates (周期（…）,
    周期内), and a duty it ended without says the cycle ended without it, not 尚未 (not yet).
    The previous cycle is the region's, read on the portal's today (``year_in``: which of its
    years the old training falls in)."""
    from portal import clock

    app = make_app(region, demo=True, PORTAL_IMPORTS_DIR=str(tmp_path / "imports"))
    start = app.extensions["portal.region"].cycle(clock.today()).start
    previous = app.extensions["portal.region"].cycle(start - timedelta(days=1))
    row = [cell.format(year=previous.start.year + year_in) for cell in row]
    ended = ended.format(end=previous.end)
    teacher_id, number, username = teacher_without_entries_before(app, code, start)
    admin = app.test_client()
    login(admin, "city_admin")
    admin.post("/locale/zh_Hans_CN")
    preview = upload(admin, "credits", sheet(CREDIT_HEADINGS, [[number, *row]]))
    assert preview.status_code == 200, text(preview)
    assert confirm(admin, "credits", preview.text).status_code == 303
    page = text(admin.get(f"/admin/teachers/{teacher_id}/compliance/previous"))
    assert f"该周期已于 {start - timedelta(days=1)} 届满" in page
    assert "本周期" not in page and "尚未" not in page
    assert ended in page
    teacher = app.test_client()
    login(teacher, username)
    teacher.post("/locale/en")
    own = text(teacher.get("/me/compliance/previous"))
    assert "The previous cycle" in own and "this cycle" not in own.lower() and " yet" not in own
