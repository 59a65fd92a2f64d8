"""The calculator (规则试算), the rules page, the compliance page and the JSON API, on the example region."""
from __future__ import annotations

import base64
import re

from portal import clock
import pytest

from tests.support import login, on_story_cycle_day


ACTIVITY = {"level": "county", "mode": "centralized", "hours": "10", "days": "1", "role": "participant"}


def test_calculator_needs_login(client):
    assert client.get("/rules/calculator").status_code == 302


def test_calculator_shows_the_amount_and_every_step(client):
    login(client, "teacher")
    page = client.get("/rules/calculator").get_data(as_text=True)
    assert 'name="hours"' in page and 'hx-post="/rules/calculator"' in page
    response = client.post("/rules/calculator", data=ACTIVITY)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>8</strong>" in html
    assert "《示例区教师培训学分办法》2" in html and 'href="/rules/documents/example?clause=2#L' in html
    assert "本地区设置：每天至多计的学分：8" in html and 'href="/rules/#setting-daily_cap"' in html
    assert "example.txt" not in visible(html) and "example-1" not in visible(html)


def test_calculator_answers_htmx_with_just_the_result(client):
    login(client, "teacher")
    response = client.post("/rules/calculator", data=ACTIVITY, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="result"') and "<form" not in html


@pytest.mark.parametrize(("change", "message"), [
    ({"hours": "abc"}, "Not a valid decimal value"),
    ({"hours": ""}, "This field is required"),
    ({"level": "galaxy"}, "Not a valid choice"),
    ({"hours": "120", "days": "30"}, "A training takes at most 100 hours"),
    ({"days": "3", "start": "2020-02-28", "end": "2020-02-28"},
     "Days (3) cannot be more than the 1 day from 2020-02-28 to 2020-02-28"),
])
def test_calculator_refuses_bad_input_with_a_message_and_422(client, change, message):
    login(client, "teacher")
    client.post("/locale/en")
    response = client.post("/rules/calculator", data={**ACTIVITY, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def visible(html: str) -> str:
    """The words a reader sees: the page without its tags and attributes."""
    return re.sub(r"<[^>]*>", " ", html)


def test_rules_page_lists_settings_with_why_in_words(client):
    login(client, "teacher")
    html = client.get("/rules/").get_data(as_text=True)
    assert 'id="setting-daily_cap"' in html and "每天至多计的学分" in html and "取 8" in html
    assert "资格定期注册" in html and "《示例区教师培训学分办法》" in html
    assert "daily_cap" not in visible(html) and "example" not in visible(html)


def test_a_citation_opens_the_document_at_its_clause(client):
    login(client, "teacher")
    html = client.get("/rules/documents/example?clause=2").get_data(as_text=True)
    assert re.search(r'<p id="L\d+" class="heading h3 cited">2\. 每天计的学分有上限', html)
    assert html.count(" cited") == 1
    assert client.get("/rules/documents/nothing").status_code == 404


def test_teacher_sees_own_compliance_with_what_is_missing_and_by_when(client):
    login(client, "teacher")
    html = client.get("/me/compliance").get_data(as_text=True)
    assert "周期 50 学分" in html
    assert "还需" in html and "截止" in html


def test_admin_sees_compliance_only_inside_scope(client):
    login(client, "school_admin")
    assert client.get("/admin/teachers/1/compliance").status_code == 200
    assert client.get("/admin/teachers/2/compliance").status_code == 404


def test_teacher_cannot_open_admin_compliance(client):
    login(client, "teacher")
    assert client.get("/admin/teachers/1/compliance").status_code == 403


def basic(username, password="demo12345"):
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def test_api_without_credentials_is_401_json(client):
    response = client.post("/api/rules/convert", json={"level": "county", "mode": "online", "hours": 2})
    assert response.status_code == 401 and response.json["error"] == "unauthorized"


def test_api_convert_with_basic_credentials_has_the_commands_contract(client):
    response = client.post("/api/rules/convert", headers=basic("teacher"),
                           json={"level": "county", "mode": "centralized", "hours": 10, "days": 1})
    assert response.status_code == 200
    assert response.json["amount"] == 8 and response.json["steps"][1]["source"] == "example.txt §2"
    assert response.json["steps"][1]["settings"] == ["daily_cap"]


def test_api_check_and_describe(client):
    login(client, "teacher")
    out = client.post("/api/rules/check", json={"as_of": "2022-06-30", "records": [
        {"date": "2021-05-01", "amount": 45, "category": "general"}]}).json
    assert out["cycle"]["earned"] == 45 and out["eligibility"]["renewal"]["missing"] == "还需 5 学分，截止 2025-12-31"
    assert client.get("/api/rules/describe").json["region"]["code"] == "example"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"json": {"level": "county", "hours": 2}}, "mode"),
    ({"data": "level=county", "content_type": "application/x-www-form-urlencoded"}, "json"),
    ({"data": "{oops", "content_type": "application/json"}, "json"),
])
def test_api_invalid_input_is_400_naming_the_field(client, kwargs, field):
    login(client, "teacher")
    response = client.post("/api/rules/convert", **kwargs)
    assert response.status_code == 400 and response.json["field"] == field


def test_api_wrong_password_is_401(client):
    response = client.post("/api/rules/convert", headers=basic("teacher", "nope"), json={})
    assert response.status_code == 401


def test_this_year_is_the_regions_year(make_app):
    """A region counting school years (portal_year) gets its own year on the teacher's home."""
    app = make_app("shanxi", demo=True)
    period = app.extensions["portal.region"].year(clock.today())
    assert period.start.month == 9
    client = app.test_client()
    login(client, "teacher")
    html = client.get("/me/").get_data(as_text=True)
    # each day kept on one line on a phone (``year_label``)
    assert (f'本年度（<span class="day">{period.start.isoformat()}</span> – '
            f'<span class="day">{period.end.isoformat()}</span>）') in html


def test_home_lists_only_what_is_still_open_and_links_to_the_rest(app, client):
    cycle_end = app.extensions["portal.region"].cycle(clock.today()).end
    login(client, "teacher")
    html = client.get("/me/").get_data(as_text=True)
    assert "尚未完成的学分要求" in html and f'还需 38 学分，截止 <span class="day">{cycle_end.isoformat()}</span>' in html
    assert html.count("还需 38 学分") == 1  # the shortfall is said once
    assert "已完成 0 / 1 项学分要求" in html and 'href="/me/compliance"' in html


def test_api_on_parameter_is_checked(client):
    login(client, "teacher")
    response = client.post("/api/rules/convert?on=someday", json={"level": "county", "mode": "online", "hours": 2})
    assert response.status_code == 400 and response.json["field"] == "on"


def test_no_deadline_already_past_is_shown_as_still_to_meet(make_app, monkeypatch):
    import re

    on_story_cycle_day(monkeypatch)  # the demo's past years in its cycle: in a cycle's first years (2028 of 2028–2032) they are the previous one's
    client = make_app("qingdao", demo=True).test_client()
    login(client, "teacher")
    html = client.get("/me/compliance").get_data(as_text=True)
    today = clock.today().isoformat()
    still = re.findall(r'class="still-needed">还需 [\d.]+ 学分，截止 <span class="day">(\d{4}-\d{2}-\d{2})', html)
    # a duty whose deadline has passed is missed, history: said as such, never as still needed
    passed = re.findall(r'class="note">未完成：差 [\d.]+ 学分，期限已于 <span class="day">(\d{4}-\d{2}-\d{2})</span> 结束', html)
    assert still and all(day >= today for day in still)
    assert passed and all(day < today for day in passed)


@pytest.mark.parametrize(("change", "message"), [
    ({"hours": "1.234"}, "At most two decimals."),
    ({"end": "2101-01-01"}, "Enter a date from 1950 to 2100."),
    ({"start": "2021-03-02", "end": "2021-03-01"}, "The end date is before the start date."),
])
def test_calculator_bounds_every_region_shares(client, change, message):
    login(client, "teacher")
    client.post("/locale/en")
    response = client.post("/rules/calculator", data={**ACTIVITY, **change})
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_a_program_sets_its_level_and_mode_and_may_ask_no_hours(make_app):
    """Qingdao's 'other cases' are credited case by case: no hours asked; a district
    program fixes the level the form would otherwise default to."""
    app = make_app("qingdao")
    region = app.extensions["portal.region"]
    client = app.test_client()
    with app.app_context():
        from portal.services.demo import load_demo

        load_demo(region, clock.today())
    login(client, "teacher")
    case_by_case = next(p for p in region.programs() if not p.needs_hours)
    page = client.post("/rules/calculator", data={"program": case_by_case.code, "level": "county",
                                                  "mode": "centralized", "role": "participant", "base_credits": "5"})
    assert 'name="hours"' not in page.get_data(as_text=True)
    fixed = next(p for p in region.programs() if p.level is not None and p.level.value != "national")
    page = client.post("/rules/calculator", data={"program": fixed.code, "level": "national", "mode": "centralized",
                                                  "hours": "6", "role": "participant"}).get_data(as_text=True)
    assert re.search(rf'<option selected value="{fixed.level.value}">', page)


def test_a_setting_on_the_rules_page_reads_with_the_full_width_colon(make_app):
    """An outside author read "学时保留到: 0.1 学时" on a Chinese page."""
    import re
    from tests.support import login
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/rules/").get_data(as_text=True)
    settings = re.findall(r'<li id="setting-[^"]+"><details><summary><strong>[^<]+</strong>(.)', page)
    assert settings and set(settings) == {"："}


def test_the_rules_page_lists_the_documents_figures_with_their_clauses(make_app):
    """An outside author: the rules page listed only the settings; a figure the document gives
    (每天计不超过 8 学分) was found only in `portal rules describe`."""
    import re
    from tests.support import login
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/rules/").get_data(as_text=True)
    daily = re.search(r'<li id="figure-daily_cap">(.*?)</li>', page, re.S).group(1)
    assert "：8" in daily and "/rules/documents/" in daily
    assert 'id="figure-new_teacher_standard">新教师培训：第一至第三年的标准学时与登记学分 <' in page  # a table: its label alone


def test_choosing_a_program_redraws_the_whole_form_not_nothing(make_app):
    """A first-day trial: choosing 项目类别 in ruian's calculator emptied the page. The select asks
    for the form (hx-select #calculator) and the server sent the result alone, so nothing matched."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "teacher")
    program = app.extensions["portal.region"].programs()[0]
    response = client.post("/rules/calculator", data={"program": program.code},
                           headers={"HX-Request": "true", "HX-Trigger-Name": "program"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="calculator"' in page and 'name="program"' in page
    assert "field invalid" not in page and 'class="error"' not in page  # a redraw, not a judgement of half a form
    typed = client.post("/rules/calculator", data={"program": program.code, "hours": "x"},
                        headers={"HX-Request": "true", "HX-Trigger-Name": "hours"})
    assert 'id="calculator"' not in typed.get_data(as_text=True)  # typing elsewhere: the result alone


def test_a_documents_table_reads_row_by_row_with_its_headings_on_a_phone(make_app):
    """ruian's annex (the 2019 H2 calendar of phases, 进程表) showed one cell a line: 序号, 主要工作和进程,
    时间 … then 1, 教师基本信息数据更新及完善, 2019年6月17日—9月5日 …, at 375 px nobody could tell a
    date from whom it concerns. Each row now reads under its work, every cell beside its column's
    heading, the rows of a merged cell (第3项's nine dates) under the one heading."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/rules/documents/ruian-2019h2-course-selection?clause=附件 第3项").get_data(as_text=True)
    third = re.search(r'<section class="doc-row">\s*<p class="heading"><span id="L(\d+)" class=" cited">3</span> '
                      r'<span[^>]*>教师自主选课、学校审核和培训机构复核</span></p>(.*?)</section>', page, re.S)
    assert third is not None
    rows = re.findall(r'<dl class="facts">(.*?)</dl>', third.group(2), re.S)
    assert len(rows) == 9  # from 选课窗口开放 (7月15日) to 培训机构受理复核、发放培训通知 (9月19日)
    assert re.search(r"<dt>时间</dt><dd[^>]*>2019年9月19日—9月22日</dd><dt>具体工作内容</dt><dd[^>]*>培训机构受理复核、发放培训通知</dd>"
                     r"<dt>参加单位和人员</dt><dd[^>]*>各培训机构有关人员</dd><dt>责任单位</dt><dd[^>]*>各培训机构</dd>",
                     rows[-1])
    assert page.count('<section class="doc-row">') == 4


def test_cells_that_make_no_table_stay_lines():
    """A blank form's cells (qingdao's registration sheet: three headings, a line of text, then empty
    cells) are no table: they stay lines as the text has them."""
    from portal.documents import DocumentText, Table, blocks

    text = DocumentText.parse("附件3\n\n统计表\n\t在岗专职教师人数\n\t已完成平台注册人数\n负责人\n\t签字\n\n\t\n\t\n")
    assert not any(isinstance(b, Table) for b in blocks(text.lines))
    table = DocumentText.parse("附件\n\n表\n\t序号\n\t项目\n\t学分\n\n\t1\n\t甲\n\t90\n\n\t2\n\t乙\n\t48\n")
    found = [b for b in blocks(table.lines) if isinstance(b, Table)]
    assert len(found) == 1 and [g.title[0].text for g in found[0].groups] == ["1", "2"]
    assert [(h.text, c.text) for h, c in found[0].groups[1].rows[0]] == [("学分", "48")]
    # a row short of a cell (merged in the original) spans the last columns with its last cell
    short = DocumentText.parse("附件\n\n表\n\t序号\n\t项目\n\t标准\n\t要求\n\n\t9\n\t其他情况\n\t由承办部门上传\n")
    spanned = [b for b in blocks(short.lines) if isinstance(b, Table)][0]
    assert [(h.text, c.text) for h, c in spanned.groups[0].rows[0]] == [("标准、要求", "由承办部门上传")]
