"""The duties page on a phone: a qingdao trial read it 3,200 px long at 375 px (every year's
figures, every past period's duty, seven uses of credits, each on lines of their own). The duties
still open keep their lines (what they still need, by when); the years, the met duties, the past
periods and the uses of credits are each counted on one line, their items behind a tap."""
import re

import pytest

from tests.support import login, on_demo_day, on_story_cycle_day

REGIONS = ("qingdao", "kaifeng", "ruian", "shanxi")


def _section(page: str, *headings: str) -> str:
    """The page's section headed by one of ``headings`` (a region counting hours heads it in
    hours): from its h2 to the section's end."""
    heading = next(h for h in headings if f"<h2>{h}</h2>" in page)
    return page.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]


def _folds(html: str) -> list[str]:
    """The groups folded behind one tap: each ``details.fold`` from its tag to its summary's end
    (a fold's items hold ``details`` of their own, so the fold's end is not read from the tags)."""
    return re.findall(r'<details class="fold">\s*<summary>(.*?)</summary>', html, re.S)


def _standing(client) -> dict:
    return client.get("/api/me/standing").get_json()


@pytest.mark.parametrize("region", REGIONS)
def test_the_duties_page_folds_the_years_the_past_and_the_uses_each_behind_one_line(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "teacher")
    data = _standing(client)
    as_of = data["as_of"]
    page = client.get("/me/compliance").get_data(as_text=True)
    findings = data["compliance"]["findings"]

    # every use of credits behind one line that counts those open to the teacher
    if data["eligibility"]:
        (line,) = _folds(_section(page, "学分应用", "学时应用"))
        uses = data["eligibility"]
        assert line.strip() == f"已满足 {sum(1 for e in uses if e['ok'])} / {len(uses)} 项"
        assert _section(page, "学分应用", "学时应用").index("<details class=\"fold\">") < _section(page, "学分应用", "学时应用").index('<ul class="findings">')

    # every year's figures behind one line counting the ended years asked something and met (the
    # running year, the cycle's latest so far, is its duty's line: still open is not missed)
    years = [y for _key, y in sorted(data["compliance"]["years"].items())]
    if years:
        (line,) = _folds(_section(page, "逐年情况"))
        asked = [y for y in years[:-1] if y["required"] is not None]
        if asked:
            # the ended years with nothing counted here (before the teacher's records on the portal) said apart
            empty = sum(1 for y in asked if not float(y["earned"]))
            assert line.strip() == f"已结束的年度达标 {sum(1 for y in asked if y['ok'])} / {len(asked)} 个" + (
                f"；其中 {empty} 个年度在本平台没有计入的记录" if empty else "")
        assert _section(page, "逐年情况").index("<details class=\"fold\">") < _section(page, "逐年情况").index("<table")

    # the past periods' duties behind one line: how many were met and how many missed
    past = [f for f in findings if not f.get("cap") and f["deadline"] and f["deadline"] < as_of]
    if past:
        (line,) = _folds(_section(page, "往期情况"))
        met = sum(1 for f in past if f["ok"] and not f.get("exempt"))
        missed = sum(1 for f in past if not f["ok"])
        assert line.strip().startswith(f"已完成 {met} 项")
        assert (f"未完成 {missed} 项" in line) == bool(missed)
        section = _section(page, "往期情况")
        assert section.index("<details class=\"fold\">") < section.index('<ul class="findings">')


def test_the_open_duties_keep_their_lines_and_the_met_ones_are_counted_on_one(make_app):
    """qingdao's demo teacher: five duties still open, each with what it still needs and by when,
    outside any fold; the limit taking nothing off (school-based at most 120) behind one line."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    data = _standing(client)
    as_of = data["as_of"]
    page = client.get("/me/compliance").get_data(as_text=True)
    section = _section(page, "学分要求", "学时要求")
    current = [f for f in data["compliance"]["findings"] if f.get("cap") or not (f["deadline"] and f["deadline"] < as_of)]
    still_open = [f for f in current if not f["ok"]]
    assert still_open, "the demo teacher has duties still open"
    shown, _, folded = section.partition('<details class="fold">')
    assert shown.count('<li class="missing">') == len(still_open)
    assert shown.count("还需") == len(still_open) and shown.count("截止") >= len(still_open)
    quiet = [f for f in current if f["ok"] and not (f.get("cap") and f["actual"] is not None and f["required"] is not None and float(f["actual"]) > float(f["required"]))]
    if quiet:
        (line,) = _folds(section)
        assert "上限，目前全部计入" in line or "已完成" in line
        assert folded.count("<li class=") == len(quiet)


def test_the_folds_are_said_in_english_too(make_app, monkeypatch):
    on_story_cycle_day(monkeypatch)  # the demo's past years in its cycle: in a cycle's first years (2028 of 2028–2032) they are the previous one's
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    client.post("/locale/en")
    page = client.get("/me/compliance").get_data(as_text=True)
    lines = " | ".join(_folds(page))
    assert re.search(r"\d+ of \d+ past years met", lines)
    assert re.search(r"\d+ dut(y|ies) met", lines)
    assert re.search(r"\d+ of \d+ open to you", lines)
    assert not re.search(r"[\u4e00-\u9fff]", lines)


def _fold_lines(app, *, english: bool) -> list[str]:
    """Every fold line of the demo's teachers' duties pages, as the city's admin reads them."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Teacher
    with app.app_context():
        ids = db.session.scalars(select(Teacher.id).order_by(Teacher.id)).all()
    client = app.test_client()
    login(client, "city_admin")
    client.post("/locale/en" if english else "/locale/zh_Hans_CN")  # the choice is kept with the user
    lines = []
    for teacher_id in ids:
        page = client.get(f"/admin/teachers/{teacher_id}/compliance").get_data(as_text=True)
        lines += [line.strip() for line in _folds(page)]
    return lines


def test_the_met_duties_line_is_one_sentence_in_both_languages(make_app, monkeypatch):
    """"1 duty met, 1 limit, everything counts so far" read as three parts (the limit's own comma
    ran into the list's), and in Chinese 已完成 1 项、1 项上限，目前全部计入 alike: the parts are
    apart by a semicolon, and the limit says it takes nothing off."""
    on_demo_day(monkeypatch)  # the demo's year: in January's first days the year just ended
    app = make_app("qingdao", demo=True)
    english = [line for line in _fold_lines(app, english=True) if "limit" in line]
    assert english, "a demo teacher has a limit taking nothing off"
    assert not any("everything counts so far" in line for line in english)
    for line in english:
        assert re.fullmatch(r"(\d+ dut(y|ies) met; )?\d+ (limit, which takes|limits, which take) nothing off so far"
                            r"(; \d+ not asked for now)?", line), line
    assert any("met; " in line for line in english), "a demo teacher has a duty met beside the limit"
    chinese = [line for line in _fold_lines(app, english=False) if "上限" in line]
    assert chinese and all(re.fullmatch(r"(已完成 \d+ 项；)?\d+ 项上限，目前全部计入(；\d+ 项目前不要求)?", line)
                           for line in chinese), chinese
    assert any("项；" in line for line in chinese)


def test_no_year_ended_is_said_rather_than_a_count_of_years(make_app):
    """A teacher in the cycle's first running year (qingdao's new hire, in post since 1 September):
    no year has ended, and the year-by-year line said "1 year" (一个年度), a count that read as one
    year behind them. It says so plainly."""
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "t0041")
    years = _standing(client)["compliance"]["years"]
    for locale, said in (("zh_Hans_CN", "尚无已结束的年度"), ("en", "No year has ended yet")):
        client.post(f"/locale/{locale}")
        (line,) = _folds(_section(client.get("/me/compliance").get_data(as_text=True), "逐年情况", "Year by year"))
        if len(years) == 1:  # the running year alone (from 1 September to 31 December)
            assert line.strip() == said
        else:
            assert re.fullmatch(r"已结束的年度达标 \d+ / \d+ 个(；其中 \d+ 个年度在本平台没有计入的记录)?"
                                r"|\d+ of \d+ past years met(; \d+ of them with nothing counted here)?", line.strip())


@pytest.mark.parametrize("locale, said", [("zh_Hans_CN", "尚无已结束的年度"), ("en", "No year has ended yet")])
def test_the_year_line_says_no_year_ended_only_where_none_has(make_app, monkeypatch, locale, said):
    """Whatever the day the tests run on: where no year of the cycle has ended, the line says so;
    where years ended asking nothing, it still counts the years."""
    from portal.services.teachers import StandingPage
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    client.post(f"/locale/{locale}")
    monkeypatch.setattr(StandingPage, "years_ended", lambda self: [])
    monkeypatch.setattr(StandingPage, "a_year_ended", lambda self: False)
    (line,) = _folds(_section(client.get("/me/compliance").get_data(as_text=True), "逐年情况", "Year by year"))
    assert line.strip() == said
    monkeypatch.setattr(StandingPage, "a_year_ended", lambda self: True)
    (line,) = _folds(_section(client.get("/me/compliance").get_data(as_text=True), "逐年情况", "Year by year"))
    assert re.fullmatch(r"\d+ 个年度|\d+ years?", line.strip()), line
