"""A whole shanxi training on a phone: the county's bureau publishes a county training, a
teacher finds and selects it (自主选学), the bureau, as the organiser of its level, assesses her
and records the grade, the credits the catalog promised are in her ledger, and count once the
school has registered them and the county has audited them."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect

from portal import clock
from .pages import fits, on_phone, succeeded, training_begins

NAME = "初中语文大单元教学设计（手机测试）"
TEACHER = "李晓红"


def test_a_shanxi_training_from_a_new_project_to_credits_in_the_ledger(
        live_server_for, make_app, new_context, tmp_path: Path):
    base = live_server_for("shanxi")
    start = clock.today() + timedelta(days=30)

    county = on_phone(new_context, base, "district_admin")
    county.goto(f"{base}/projects/new")
    fits(county, tmp_path)
    county.get_by_label("项目名称").fill(NAME)
    county.get_by_label("培训级别").select_option("county")
    county.get_by_label("培训形式").select_option("centralized")
    county.get_by_label("开始日期").fill(start.isoformat())
    county.get_by_label("结束日期").fill((start + timedelta(days=2)).isoformat())
    county.get_by_label("学时", exact=True).fill("24")
    county.get_by_label("每位教师费用（元）").fill("0")
    audience = county.locator("form details").filter(has_text="培训对象")
    if audience.get_attribute("open") is None:
        audience.locator("summary").click()
    county.get_by_label("学分类别").select_option("centralized_county")
    county.get_by_label("面向学段（不选为全部）").select_option(["junior_high"])
    county.get_by_label("项目简介").fill("初中语文教师大单元教学设计")
    fits(county, tmp_path)
    county.get_by_role("button", name="保存").click()
    expect(county.locator("main h1")).to_contain_text("草稿")
    succeeded(county, tmp_path)
    county.get_by_role("button", name="发布").click()  # nobody reviews a project in shanxi
    expect(county.locator("main h1")).to_contain_text("已发布")
    succeeded(county, tmp_path)
    project = county.url

    teacher = on_phone(new_context, base, "teacher")
    teacher.goto(f"{base}/catalog")
    teacher.get_by_label("项目名称、主办单位、专题或简介").fill("大单元教学设计")
    result = teacher.locator("#results .card").filter(has_text=NAME)
    expect(result).to_have_count(1)  # htmx swapped the results as the words were typed
    fits(teacher, tmp_path)
    result.get_by_role("link", name=NAME).click()
    expect(teacher.locator("main h1")).to_have_text(NAME)
    expect(teacher.locator(".findings li.ok").first).to_be_visible()
    expect(teacher.locator(".findings li.missing")).to_have_count(0)
    promised = teacher.locator("section").filter(has_text="完成该培训可获得").locator("summary strong").inner_text()
    assert promised.endswith("学分"), promised
    fits(teacher, tmp_path)
    teacher.get_by_role("button", name="选择该培训").click()
    succeeded(teacher, tmp_path)
    expect(teacher.locator(".projects .card").filter(has_text=NAME)).to_contain_text("已选学，待考核或认定")

    county.goto(f"{project}/class")
    fits(county, tmp_path)
    card = county.locator(".projects .card").filter(has_text=TEACHER)
    expect(card).to_contain_text("已选学，待考核或认定")
    expect(card.locator("summary", has_text="登记考核结果")).to_have_count(0)  # not before the training's last day
    training_begins(make_app, "shanxi", NAME, ends=True)
    county.reload()
    card = county.locator(".projects .card").filter(has_text=TEACHER)
    card.locator("summary", has_text="登记考核结果").click()  # the bureau of the training's level assesses (§四(二))
    fits(county, tmp_path)
    card.get_by_label("参训学时").fill("24")
    card.get_by_label("考核等次").select_option("pass")
    card.locator("details button.primary").click()
    succeeded(county, tmp_path)
    expect(county.locator(".projects .card").filter(has_text=TEACHER)).to_contain_text("已完成考核或认定")

    teacher.goto(f"{base}/me/enrollments")
    expect(teacher.locator(".projects .card").filter(has_text=NAME)).to_contain_text("已完成考核或认定")
    fits(teacher, tmp_path)
    teacher.goto(f"{base}/me/ledger")
    entry = teacher.locator(".ledger .entry").filter(has_text=NAME)
    expect(entry).to_have_count(1)
    expect(entry.locator(".amount")).to_have_text(promised)  # attended in full and passed, as the catalog said
    expect(entry).to_have_class("entry pending")
    fits(teacher, tmp_path)

    school = on_phone(new_context, base, "school_admin")  # the school registers from the organiser's proof (§五(二))
    school.goto(f"{base}/admin/reviews")
    waiting = school.locator(".ledger .entry").filter(has_text=NAME)
    expect(waiting).to_contain_text(TEACHER)
    fits(school, tmp_path)
    waiting.get_by_role("button", name="核实并登记").click()
    expect(school.locator(".ledger .entry").filter(has_text=NAME).locator(".review-done")).to_have_text(
        "已处理：学校已登记，待区县审核")  # htmx swapped the entry in place
    fits(school, tmp_path)

    county.goto(f"{base}/admin/reviews")  # the county audits and fixes the year's credits (§五(二))
    waiting = county.locator(".ledger .entry").filter(has_text=NAME)
    fits(county, tmp_path)
    waiting.get_by_role("button", name="审核验证，核定学年学分").click()
    expect(county.locator(".ledger .entry").filter(has_text=NAME).locator(".review-done")).to_have_text(
        "已处理：区县已审核核定")
    fits(county, tmp_path)

    teacher.reload()
    entry = teacher.locator(".ledger .entry").filter(has_text=NAME)
    expect(entry.locator(".state")).to_have_text("区县已审核核定")
    expect(entry).to_have_class("entry")  # it counts now
    fits(teacher, tmp_path)
