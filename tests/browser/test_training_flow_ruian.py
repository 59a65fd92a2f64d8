"""A whole ruian training on a phone: the institution declares a project with its base credits,
the city's bureau approves it, a teacher selects it in round 1, the principal approves her
choice once the bureau has opened the school's review on the calendar, the institution
rechecks it in its own phase and registers completion, the school approves the entry, and
the credits are in the teacher's ledger. Outside its phase, each review is not offered (its
guard, asked before the click, refuses it in the annex's words); nor is the result before the
training begins."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from portal import clock
from .pages import declare_and_approve, fits, on_phone, succeeded, training_begins

NAME = "小学语文单元整体教学（手机测试）"
TEACHER = "陈晓燕"


def _phase(page: Page, label: str) -> Locator:
    """A phase of the calendar, by its whole label (培训机构受理复核 is not 培训机构受理复核、发放培训通知)."""
    return page.locator(".projects .card").filter(has=page.locator("summary strong", has_text=re.compile(f"^{label}$")))


def _open_today(page: Page, label: str, shots: Path, through: bool = False) -> None:
    """The bureau moves a phase of the calendar to start today, as it would for its own term
    (``through``: to end today too, a phase long past)."""
    phase = _phase(page, label)
    expect(phase).not_to_contain_text("今日进行中")
    phase.locator("summary").click()
    phase.get_by_label("开始").fill(clock.today().isoformat())
    if through:
        phase.get_by_label("截止").fill(clock.today().isoformat())
    fits(page, shots)
    page.get_by_role("button", name="保存选课进程").click()
    succeeded(page, shots)
    expect(_phase(page, label)).to_contain_text("今日进行中")


def test_a_ruian_training_from_a_new_project_to_credits_in_the_ledger(
        live_server_for, make_app, new_context, tmp_path: Path):
    base = live_server_for("ruian")
    start = clock.today() + timedelta(days=35)  # in the demo calendar's training phase

    institution = on_phone(new_context, base, "institution")
    institution.goto(f"{base}/projects/new")
    fits(institution, tmp_path)
    expect(institution.locator("form .note")).to_contain_text("本地区要求填写：项目基础学分")
    institution.get_by_label("项目名称").fill(NAME)
    institution.get_by_label("培训级别").select_option("county")
    institution.get_by_label("培训形式").select_option("centralized")
    institution.get_by_label("开始日期").fill(start.isoformat())
    institution.get_by_label("结束日期").fill((start + timedelta(days=2)).isoformat())
    institution.get_by_label("学时", exact=True).fill("24")
    institution.get_by_label("项目基础学分").fill("24")  # credits are the project's base credits (§二)
    institution.get_by_label("每位教师费用（元）").fill("0")
    expect(institution.locator("form details").filter(has_text="培训对象")).to_have_attribute("open", "")
    institution.get_by_label("学分类别").select_option("centralized")
    institution.get_by_label("面向学段（不选为全部）").select_option(["primary"])
    institution.get_by_label("项目简介").fill("小学语文教师单元整体教学设计")
    fits(institution, tmp_path)
    city = on_phone(new_context, base, "city_admin")  # the bureau reviews every project (§附件 第2项)
    city.goto(f"{base}/calendar")  # projects are declared and reviewed in their windows (§附件 第2项)
    _open_today(city, "受理培训项目申报", tmp_path, through=True)
    _open_today(city, "完成培训项目审核", tmp_path, through=True)
    project = declare_and_approve(institution, city, tmp_path)

    teacher = on_phone(new_context, base, "teacher")
    teacher.goto(f"{base}/calendar")
    expect(_phase(teacher, "教师第一轮选课")).to_contain_text("今日进行中")
    expect(_phase(teacher, "校长对第一轮选课进行审核")).not_to_contain_text("今日进行中")
    expect(teacher.get_by_role("button", name="保存选课进程")).to_have_count(0)  # a teacher reads it only
    fits(teacher, tmp_path)
    teacher.goto(f"{base}/catalog")
    teacher.get_by_label("项目名称、主办单位、专题或简介").fill("单元整体教学")
    result = teacher.locator("#results .card").filter(has_text=NAME)
    expect(result).to_have_count(1)  # htmx swapped the results as the words were typed
    fits(teacher, tmp_path)
    result.get_by_role("link", name=NAME).click()
    expect(teacher.locator("main h1")).to_have_text(NAME)
    expect(teacher.locator(".findings li.ok").filter(has_text="教师本人选课")).to_have_count(1)
    expect(teacher.locator(".findings li.ok").filter(has_text="教师第一轮选课")).to_have_count(1)
    expect(teacher.locator(".findings li.missing")).to_have_count(0)
    fits(teacher, tmp_path)
    teacher.get_by_role("button", name="选择该培训").click()
    succeeded(teacher, tmp_path)
    expect(teacher.locator(".projects .card").filter(has_text=NAME)).to_contain_text("已选课，待学校审核")

    principal = on_phone(new_context, base, "principal")
    principal.goto(f"{project}/class")
    fits(principal, tmp_path)
    row = principal.locator(".projects .card").filter(has_text=TEACHER)
    expect(row.get_by_role("button", name="学校审核通过")).to_have_count(0)  # round 1's review opens in four days
    expect(row.locator(".withheld").first).to_contain_text("起开始审核")  # and the row says why, and from when
    expect(row).to_contain_text("已选课，待学校审核")

    city.goto(f"{base}/calendar")
    fits(city, tmp_path)
    _open_today(city, "校长对第一轮选课进行审核", tmp_path)

    principal.reload()
    principal.locator(".projects .card").filter(has_text=TEACHER).get_by_role("button", name="学校审核通过").click()
    succeeded(principal, tmp_path)
    expect(principal.locator(".projects .card").filter(has_text=TEACHER)).to_contain_text("审核通过，待培训机构复核")

    institution.goto(f"{project}/class")
    fits(institution, tmp_path)
    expect(institution.locator(".projects .card").filter(has_text=TEACHER).get_by_role(
        "button", name="复核通过", exact=True)).to_have_count(0)  # the recheck's phase is later still
    expect(institution.locator(".projects .card").filter(has_text=TEACHER).locator(".withheld").first).to_contain_text(
        "起开始复核")

    city.goto(f"{base}/calendar")
    fits(city, tmp_path)
    _open_today(city, "培训机构受理复核", tmp_path)

    institution.reload()
    institution.locator(".projects .card").filter(has_text=TEACHER).get_by_role(
        "button", name="复核通过", exact=True).click()  # round 1's recheck: the notice comes at round 2's (附件 第3项)
    succeeded(institution, tmp_path)
    card = institution.locator(".projects .card").filter(has_text=TEACHER)
    expect(card).to_contain_text("培训机构复核通过（培训通知在第二轮复核时发放）")
    expect(card.locator("summary", has_text="登记结业")).to_have_count(0)  # not before the training begins
    training_begins(make_app, "ruian", NAME, ends=True)  # 结业 is recorded once the training has ended
    institution.reload()
    card = institution.locator(".projects .card").filter(has_text=TEACHER)
    card.locator("summary", has_text="登记结业").click()
    fits(institution, tmp_path)
    card.get_by_label("参训学时").fill("24")
    card.get_by_label("考核等次").select_option("pass")
    card.locator("details button.primary").click()
    succeeded(institution, tmp_path)
    expect(institution.locator(".projects .card").filter(has_text=TEACHER)).to_contain_text("已结业")

    teacher.goto(f"{base}/me/enrollments")
    expect(teacher.locator(".projects .card").filter(has_text=NAME)).to_contain_text("已结业")
    fits(teacher, tmp_path)
    teacher.goto(f"{base}/me/ledger")
    entry = teacher.locator(".ledger .entry").filter(has_text=NAME)
    expect(entry).to_have_count(1)
    expect(entry.locator(".amount")).to_have_text("24 学分")  # the project's base credits (§二)
    expect(entry.locator(".state")).to_have_text("待学校审核")
    expect(entry).to_have_class("entry pending")
    fits(teacher, tmp_path)

    school = on_phone(new_context, base, "school_admin")
    school.goto(f"{base}/admin/reviews")
    waiting = school.locator(".ledger .entry").filter(has_text=NAME)
    expect(waiting).to_contain_text(TEACHER)
    fits(school, tmp_path)
    waiting.get_by_role("button", name="通过", exact=True).click()
    done = school.locator(".ledger .entry").filter(has_text=NAME).locator(".review-done")
    expect(done).to_have_text("已处理：已审核")  # htmx swapped the entry in place
    fits(school, tmp_path)

    teacher.reload()
    entry = teacher.locator(".ledger .entry").filter(has_text=NAME)
    expect(entry.locator(".state")).to_have_text("已审核")
    expect(entry).to_have_class("entry")  # it counts now
    fits(teacher, tmp_path)
