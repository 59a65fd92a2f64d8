"""A whole kaifeng all-staff training on a phone: the institution declares a project, the
city's teacher-training department approves it and allocates its seats to a district, a teacher who would select it herself is
refused with the clause, the school's admin submits her before the 12-20 deadline, the
institution records the composite result (a score for each part the project weighs), the 60 学时 are in the teacher's ledger; the
district's department, which registers them only once the training has ended, returns them
with a reason, and the institution that ran the training finds them and hands them in again."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from portal import clock
from .pages import declare_and_approve, fits, on_phone, succeeded, training_begins

NAME = "全员网络研修小学语文（手机测试）"
TEACHER = "李静"


def training_year(today: date) -> int:
    """The first January whose enrollment deadline (the last 12-20 before it) is still to come."""
    return today.year + 1 if today <= date(today.year, 12, 20) else today.year + 2


def test_a_kaifeng_all_staff_training_from_a_new_project_to_hours_in_the_ledger(
        live_server_for, make_app, new_context, tmp_path: Path):
    base = live_server_for("kaifeng")
    year = training_year(clock.today())

    institution = on_phone(new_context, base, "institution")
    institution.goto(f"{base}/projects/new")
    fits(institution, tmp_path)
    institution.get_by_label("项目名称").fill(NAME)
    institution.get_by_label("培训级别").select_option("city")
    institution.get_by_label("培训形式").select_option("online")
    institution.get_by_label("开始日期").fill(f"{year}-01-04")  # the training runs January to April (§四(二)2)
    institution.get_by_label("结束日期").fill(f"{year}-04-30")
    institution.get_by_label("学时", exact=True).fill("60")
    institution.get_by_label("每位教师费用（元）").fill("0")
    audience = institution.locator("form details").filter(has_text="培训对象")
    if audience.get_attribute("open") is None:
        audience.locator("summary").click()
    institution.get_by_label("培训项目类型").select_option("all_staff_jpk")
    institution.get_by_label("面向学段（不选为全部）").select_option(["primary"])
    institution.get_by_label("项目简介").fill("小学语文教师全员网络研修")
    fits(institution, tmp_path)
    # the city's department reviews a city project
    city = on_phone(new_context, base, "city_admin")
    project = declare_and_approve(institution, city, tmp_path)
    # and allocates its seats to the units (§四(二)1 名额已分配到各单位系统中): 鼓楼区's, for its schools
    city.goto(f"{project}/quotas")
    city.get_by_label("鼓楼区", exact=True).fill("20")
    city.get_by_role("button", name="保存名额分配").click()
    succeeded(city, tmp_path)
    expect(city.get_by_label("鼓楼区", exact=True)).to_have_value("20")

    teacher = on_phone(new_context, base, "teacher")
    teacher.goto(f"{base}/catalog")
    teacher.get_by_label("项目名称、主办单位、专题或简介").fill("全员网络研修小学语文")
    result = teacher.locator("#results .card").filter(has_text=NAME)
    expect(result).to_have_count(1)  # htmx swapped the results as the words were typed
    fits(teacher, tmp_path)
    result.get_by_role("link", name=NAME).click()
    expect(teacher.locator("main h1")).to_have_text(NAME)
    fits(teacher, tmp_path)
    # A teacher does not enrol herself (§四(二)1): the page says so, citing the notice, and offers no button.
    refusal = teacher.locator(".findings li.missing").filter(has_text="教师不能自行报名")
    expect(refusal).to_have_count(1)
    expect(refusal.locator(".cite").first).to_contain_text("四(二)1")
    expect(teacher.locator(".findings li.missing")).to_have_count(1)  # the stage, the deadline, the fee: met
    expect(teacher.locator(".findings li.ok").filter(has_text="报名截止日为")).to_have_count(1)
    expect(teacher.get_by_role("button", name="选择该培训")).to_have_count(0)

    school = on_phone(new_context, base, "school_admin")
    school.goto(f"{project}/class")
    fits(school, tmp_path)
    school.get_by_role("link", name="批量报名").click()
    fits(school, tmp_path)
    school.locator(".card").filter(has_text=TEACHER).get_by_role("checkbox").check()
    school.get_by_role("button", name="为勾选的教师报名").click()
    succeeded(school, tmp_path)
    expect(school.locator(".projects .card").filter(has_text=TEACHER)).to_contain_text("已报名")

    teacher.goto(f"{base}/me/enrollments")
    mine = teacher.locator(".projects .card").filter(has_text=NAME)
    expect(mine).to_contain_text("已报名")
    expect(mine.get_by_role("button")).to_have_count(0)  # the teacher takes no step herself
    fits(teacher, tmp_path)

    institution.goto(f"{project}/class")
    fits(institution, tmp_path)
    card = institution.locator(".projects .card").filter(has_text=TEACHER)
    expect(card.locator("summary", has_text="录入综合考核结果")).to_have_count(0)  # not before the training ends
    training_begins(make_app, "kaifeng", NAME, ends=True)  # 考核发证：培训结束后 (§四(二)3)
    institution.reload()
    card = institution.locator(".projects .card").filter(has_text=TEACHER)
    card.locator("summary", has_text="录入综合考核结果").click()
    fits(institution, tmp_path)
    # the project was given the region's weights when created (§三(五)): a score for each part
    card.get_by_label("在线学习课程时间").fill("90")
    card.get_by_label("在线研讨交流积分").fill("80")
    card.get_by_label("研修任务完成").fill("85")
    card.get_by_label("参训学时").fill("58")
    card.get_by_label("考核等次").select_option("pass")
    card.locator("details button.primary").click()
    succeeded(institution, tmp_path)
    expect(institution.locator(".projects .card").filter(has_text=TEACHER)).to_contain_text("已考核")

    teacher.goto(f"{base}/me/ledger")
    entry = teacher.locator(".ledger .entry").filter(has_text=NAME)
    expect(entry).to_have_count(1)
    expect(entry.locator(".amount")).to_have_text("60 学时")  # a pass registers the program's 60 hours
    expect(entry.locator(".state")).to_have_text("待师训部门审核登记")
    expect(entry).to_have_class("entry pending")
    fits(teacher, tmp_path)

    district = on_phone(new_context, base, "district_admin")  # the district's department audits (§三(五), §五(一))
    district.goto(f"{base}/admin/reviews")
    waiting = district.locator(".ledger .entry").filter(has_text=NAME)
    expect(waiting).to_contain_text(TEACHER)
    # the training is still to come: its registration waits for its end (§四(二)3), a return does not
    expect(waiting).to_contain_text("暂不能：县区师训部门审核登记")
    expect(waiting.get_by_role("button", name="县区师训部门审核登记")).to_have_count(0)
    fits(district, tmp_path)
    waiting.locator("summary", has_text="退回培训机构核实").click()
    waiting.locator("textarea").fill("请核实在线研讨交流积分")
    waiting.locator("details.move button.primary").click()
    expect(district.locator(".ledger .entry").filter(has_text=NAME).locator(".review-done")).to_contain_text("已退回")
    fits(district, tmp_path)

    institution.goto(f"{base}/admin/reviews")  # back with whoever ran the training, with the reason
    returned = institution.locator(".ledger .entry").filter(has_text=NAME)
    expect(returned).to_contain_text("理由：请核实在线研讨交流积分")
    fits(institution, tmp_path)
    returned.locator(".review-actions button").first.click()
    expect(institution.locator(".ledger .entry").filter(has_text=NAME).locator(".review-done")).to_contain_text(
        "待师训部门审核登记")

    teacher.reload()
    entry = teacher.locator(".ledger .entry").filter(has_text=NAME)
    expect(entry.locator(".state")).to_have_text("待师训部门审核登记")
    expect(entry).to_have_class("entry pending")  # it counts once the department registers it, after the training
    fits(teacher, tmp_path)
