"""A whole qingdao training on a phone: the institution declares a project, a teacher finds and
selects it, the school approves, the teacher enrols and pays, the institution records the
result, the teacher evaluates it, and the credits are in the teacher's ledger."""
from __future__ import annotations



from playwright.sync_api import Browser, Page, expect

from portal import clock
from .pages import PHONE, sign_in

NAME = "整本书阅读教学实践（手机测试）"


def _phone(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    sign_in(page, base, username)
    return page


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _step(page: Page, card, label: str) -> None:
    card.get_by_role("button", name=label).first.click()


def test_a_qingdao_training_from_a_new_project_to_the_ledger(browser: Browser, live_server: str):
    start = clock.today()  # a day's training, today: its result may be recorded once it has ended, today
    institution = _phone(browser, live_server, "institution")
    institution.goto(f"{live_server}/projects/new")
    _fits(institution)
    institution.get_by_label("项目名称").fill(NAME)
    institution.get_by_label("级别").select_option("city")
    institution.get_by_label("开始日期").fill(start.isoformat())
    institution.get_by_label("结束日期").fill(start.isoformat())
    institution.get_by_label("学时", exact=True).fill("6")
    institution.get_by_label("每位教师费用（元）").fill("120")
    audience = institution.locator("form details").filter(has_text="培训对象")
    if audience.get_attribute("open") is None:  # open already where the region requires one of its fields
        audience.locator("summary").click()
    institution.get_by_label("培训项目类型").select_option("city_personalized")
    institution.get_by_label("面向学段", exact=True).select_option(["primary"])
    institution.get_by_label("项目简介").fill("小学语文整本书阅读")
    institution.get_by_role("button", name="保存").click()
    expect(institution.locator("main h1")).to_contain_text("草稿")
    institution.get_by_role("button", name="发布").click()
    expect(institution.locator("main h1")).to_contain_text("已发布")
    class_list = institution.url + "/class"

    teacher = _phone(browser, live_server, "teacher")
    teacher.goto(f"{live_server}/catalog")
    teacher.get_by_label("项目名称、主办单位、专题或简介").fill("整本书阅读教学实践")
    result = teacher.locator("#results .card").filter(has_text=NAME)
    expect(result).to_have_count(1)  # htmx swapped the results as the words were typed
    _fits(teacher)
    result.get_by_role("link", name=NAME).click()
    expect(teacher.locator("main h1")).to_have_text(NAME)
    expect(teacher.locator(".findings li.ok").first).to_be_visible()
    _fits(teacher)
    teacher.get_by_role("button", name="向学校申请参加该培训").click()
    mine = teacher.locator(".projects .card").filter(has_text=NAME)
    expect(mine).to_contain_text("已向学校申请")

    school = _phone(browser, live_server, "school_admin")
    school.goto(class_list)
    row = school.locator(".projects .card").filter(has_text="李晓雯")
    _fits(school)
    _step(school, row, "学校批准报名")
    expect(school.locator(".flash.success")).to_be_visible()

    teacher.reload()
    enrol = "报名（核对培训信息，阅读《缴费须知》并同意）"
    mine.locator("summary", has_text=enrol).click()  # the payment notice, read and agreed to (§四4)
    expect(mine.locator(".notice")).to_contain_text("缴费须知")
    _fits(teacher)
    mine.get_by_label("报销凭证（发票）信息").fill("青岛太平路小学")  # a training with a fee asks it at 报名 (附件2 四3)
    mine.get_by_label("我已阅读并同意上述须知").check()
    mine.get_by_role("button", name=enrol).last.click()
    mine = teacher.locator(".projects .card").filter(has_text=NAME)
    expect(mine).to_contain_text("截至")  # the payment's deadline, in local time
    mine.locator("summary", has_text="选择支付方式并完成支付").click()
    mine.get_by_label("支付方式").select_option("finance_office")
    mine.get_by_role("button", name="选择支付方式并完成支付").click()
    expect(teacher.locator(".projects .card").filter(has_text=NAME)).to_contain_text("已报名")

    institution.goto(class_list)
    card = institution.locator(".projects .card").filter(has_text="李晓雯")
    card.locator("details:not(.entered) > summary").first.click()  # the step, not what she entered on selecting
    card.get_by_label("参训学时").fill("6")
    card.get_by_label("结业评价").select_option("pass")
    card.locator("details button.primary").click()
    expect(institution.locator(".flash.success")).to_be_visible()

    teacher.goto(f"{live_server}/me/enrollments")
    mine = teacher.locator(".projects .card").filter(has_text=NAME)
    mine.locator("details:not(.entered) > summary").first.click()
    mine.get_by_label("您的评价（5 为最好）").select_option("5")
    mine.locator("details button.primary").click()
    expect(teacher.locator(".projects .card").filter(has_text=NAME)).to_contain_text("学分已登记")
    teacher.goto(f"{live_server}/me/ledger")
    expect(teacher.locator(".ledger").filter(has_text=NAME)).to_have_count(1)
    _fits(teacher)
