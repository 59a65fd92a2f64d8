"""Admin pages on a phone: the workshop leader's lists, the new-user form's date checks, the teacher's facts."""
from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from portal import clock
from portal.domain.idcard import check_digit

from .pages import PHONE, sign_in


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"horizontal scroll: {width}px wide"


def _phone(browser: Browser):
    return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)


def test_workshop_leader_follows_their_workshop_on_a_phone(browser: Browser, live_server: str, tmp_path):
    context = _phone(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "workshop_leader")
        expect(page).to_have_url(f"{live_server}/admin/")
        expect(page.locator("main")).to_contain_text("您主持的工作坊：太平路小学语文工作坊")
        expect(page.locator("main")).not_to_contain_text("待您审核")
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "leader-home.png"), full_page=True)

        page.goto(f"{live_server}/admin/teachers")
        rows = page.locator("#results tbody tr")
        expect(rows).to_have_count(6)  # the demo teacher and five other primary 语文 teachers of 太平路小学
        expect(page.locator("#results")).to_contain_text("李晓雯")
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "leader-teachers.png"), full_page=True)

        page.get_by_role("searchbox").press_sequentially("%")
        expect(page.locator("#results")).to_contain_text("未找到教师")
    finally:
        context.close()


def test_new_user_form_refuses_a_future_title_date_on_a_phone(browser: Browser, live_server: str, tmp_path):
    today = clock.today()
    context = _phone(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "school_admin")
        page.goto(f"{live_server}/admin/users/new")
        expect(page.locator("#entered_post-hint")).to_contain_text("最多 60 天")
        expect(page.locator("#title_date")).to_have_attribute("max", today.isoformat())

        first17 = "37020219900101088"
        page.locator("#username").fill("newhire")
        page.locator("#display_name").fill("新老师")
        page.locator("#password").fill("secret123")
        page.locator("#role").select_option("teacher")
        page.locator("#gender").select_option("female")
        page.locator("#id_number").fill(first17 + check_digit(first17))
        page.locator("#stages").select_option(["primary"])
        page.locator("#title_date").fill((today + timedelta(days=3)).isoformat())
        page.locator("#entered_post").fill((today + timedelta(days=30)).isoformat())
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#title_date-error")).to_have_text("日期不能晚于今天。")
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "new-user-refused.png"), full_page=True)

        page.locator("#password").fill("secret123")  # password fields come back empty
        page.locator("#title_date").fill("")
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".flash.info")).to_contain_text("在今天之后：将于该日起计算")
        _no_horizontal_scroll(page)
    finally:
        context.close()


def _school_admins_page_of(context, live_server: str, name: str):
    """The school admin's page of the teacher ``name``, reached from the teachers' list."""
    page = context.new_page()
    sign_in(page, live_server, "school_admin")
    page.goto(f"{live_server}/admin/teachers")
    page.locator("#results a", has_text=name).click()
    return page


def test_teacher_facts_form_records_leave_on_a_phone(browser: Browser, live_server: str, tmp_path):
    """The school admin records a period of leave from the teacher's page; the form fits the screen."""
    context = _phone(browser)
    try:
        page = _school_admins_page_of(context, live_server, "李晓雯")
        page.get_by_role("link", name="修改教师信息").click()
        expect(page.locator("main h1")).to_contain_text("教师信息")
        _no_horizontal_scroll(page)
        page.locator("#leave-0-start").fill("2025-03-01")
        page.locator("#leave-0-end").fill("2025-08-31")
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text("教师信息已保存")
        expect(page.locator("dl.facts")).to_contain_text("2025-03-01 – 2025-08-31")
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "teacher-facts.png"), full_page=True)
    finally:
        context.close()


def test_the_admins_page_of_a_teacher_keeps_who_they_are_behind_a_tap_on_a_phone(browser: Browser, live_server: str, tmp_path):
    """The teacher's masked ID number, gender, school stages and subjects are one tap away, and
    the page fits the screen closed and open."""
    context = _phone(browser)
    try:
        page = _school_admins_page_of(context, live_server, "李晓雯")
        card = page.locator("details.teacher-card")
        expect(card.locator("summary")).to_contain_text("小学")
        expect(card.locator("dl.facts")).to_be_hidden()
        _no_horizontal_scroll(page)
        card.locator("summary").click()
        expect(card.locator("dl.facts")).to_contain_text("身份证号")
        expect(card.locator("dl.facts")).to_contain_text("********")
        expect(card.locator("dl.facts")).to_contain_text("性别")
        expect(card.locator("dl.facts")).to_contain_text("任教学段")
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "teacher-card.png"), full_page=True)
    finally:
        context.close()


def test_an_admin_finds_an_account_and_deactivates_it_on_a_phone(browser: Browser, live_server: str, tmp_path):
    """The accounts read as cards at 375 px; the search answers as one types; the account's
    page deactivates it with its CSRF token, and says so."""
    context = _phone(browser)
    try:
        page = context.new_page()
        sign_in(page, live_server, "district_admin")
        page.goto(f"{live_server}/admin/users")
        expect(page.locator("#results")).to_contain_text("school_admin")
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "users.png"), full_page=True)

        page.get_by_role("searchbox").press_sequentially("t0001")
        expect(page.locator("#results tbody tr")).to_have_count(1)
        page.locator("#results tbody a").click()
        expect(page.locator("h1")).to_contain_text("t0001")
        page.get_by_role("button", name="停用账户").click()
        expect(page.locator(".flash.success")).to_contain_text("账户已停用")
        expect(page.get_by_role("button", name="重新启用账户")).to_be_visible()
        _no_horizontal_scroll(page)
        page.screenshot(path=str(tmp_path / "account.png"), full_page=True)
    finally:
        context.close()
