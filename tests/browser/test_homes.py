"""The teacher and admin home pages in a real browser: forms with CSRF, htmx search, the
language switch and the phone layout."""
from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from .pages import PHONE, SOURCE, sign_in



def test_teacher_home_ledger_and_language(page: Page, live_server: str):
    sign_in(page, live_server, "teacher")
    expect(page).to_have_url(f"{live_server}/me/")
    expect(page.locator("main h1")).to_contain_text("李晓雯")
    cards = page.locator(".cards .card h2")
    expect(cards.filter(has_text="本年度")).to_have_count(1)
    expect(cards.filter(has_text="本周期")).to_have_count(1)

    entries = page.locator(".ledger > li.entry")
    expect(entries.first).to_be_visible()
    entry = entries.first.locator("details")
    steps = entry.locator(".steps > li")
    expect(steps.first).to_be_hidden()  # closed until its summary is clicked
    entry.locator("summary").click()
    expect(entry).to_have_attribute("open", "")
    expect(steps.first).to_be_visible()
    citation = entry.locator(".steps .source a.cite").filter(has_text=SOURCE).first
    expect(citation).to_be_visible()
    citation.click()  # the citation opens the regulation at its clause, highlighted
    expect(page).to_have_url(re.compile(r"/rules/documents/[^?]+\?clause="))
    expect(page.locator(".document .cited").first).to_be_visible()
    page.go_back()

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server}/me/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(cards.filter(has_text="This year")).to_have_count(1)
    expect(page.get_by_role("heading", name="Latest entries")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text("李晓雯")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="最近的学分记录")).to_be_visible()
    expect(cards.filter(has_text="本年度")).to_have_count(1)


def _search(page: Page, term: str) -> None:
    """Types into the search box; htmx swaps #results and pushes ?q= without a page load."""
    # After a click the URL changes before the deferred htmx script has run; keys typed
    # before it binds the box would fire no search (CI saw this once under load).
    page.wait_for_load_state()
    page.evaluate("window.__samePage = true")  # a full page load would drop this
    page.get_by_role("searchbox").press_sequentially(term)
    expect(page).to_have_url(re.compile(re.escape(f"/admin/teachers?q={quote(term)}") + "$"))
    assert page.evaluate("window.__samePage") is True, "the search reloaded the whole page"


def test_school_admin_home_and_teacher_search(page: Page, live_server: str):
    sign_in(page, live_server, "school_admin")
    expect(page).to_have_url(f"{live_server}/admin/")
    teachers_card = page.locator("a.card", has=page.get_by_role("heading", name="教师", exact=True))
    expect(teachers_card.locator(".figure strong")).to_have_text(re.compile(r"^\d+$"))

    page.get_by_role("navigation").get_by_text("更多").click()  # the header's less used links, behind a tap
    page.get_by_role("navigation").get_by_role("link", name="教师", exact=True).click()
    expect(page).to_have_url(f"{live_server}/admin/teachers")
    results = page.locator("#results")
    expect(results).to_contain_text("李晓雯")  # the demo teacher is on the first page
    _search(page, "晓雯")  # pushes ?q=%E6%99%93%E9%9B%AF
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.locator("tbody tr").first).to_contain_text("李晓雯")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Teachers", exact=True)).to_be_visible()
    expect(page.get_by_label("Search by name, ID number or school")).to_be_visible()
    expect(results.locator("thead")).to_contain_text("This year")
    page.get_by_role("searchbox").fill("")
    _search(page, "Taiping")  # no school name matches Latin text
    expect(results).to_contain_text("No teachers found.")
    page.get_by_role("searchbox").fill("")
    _search(page, "李晓")
    expect(results.locator("tbody tr").first).to_contain_text("李晓雯")
    expect(results.locator(".note")).to_contain_text("only entries that have passed their audit count")


def test_phone_layout(browser: Browser, live_server: str, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/login")
        for name in ("用户名", "密码"):
            box = page.get_by_label(name, exact=True).bounding_box()
            assert box is not None and box["height"] >= 40, (name, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        login_shot = tmp_path / "login-phone.png"
        page.screenshot(path=str(login_shot), full_page=True)

        sign_in(page, live_server, "teacher")
        expect(page).to_have_url(f"{live_server}/me/")
        expect(page.locator(".ledger > li.entry").first).to_be_visible()
        page.locator(".ledger summary").first.click()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], f"horizontal scroll: {scroll_width}px wide"
        home_shot = tmp_path / "teacher-home-phone.png"
        page.screenshot(path=str(home_shot), full_page=True)
        assert login_shot.is_file() and login_shot.stat().st_size > 0
        assert home_shot.is_file() and home_shot.stat().st_size > 0
    finally:
        context.close()


def test_wrong_password_shows_error(page: Page, live_server: str):
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名", exact=True).fill("teacher")
    page.get_by_label("密码", exact=True).fill("not-the-password")
    with page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST") as answer:
        page.locator("main form").get_by_role("button", name="登录").click()
    assert answer.value.status == 422
    expect(page.locator("main .error")).to_contain_text("用户名或密码错误")
    expect(page.get_by_label("密码", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("用户名", exact=True)).to_have_value("teacher")
    expect(page).to_have_url(f"{live_server}/login")


def test_a_long_label_in_a_list_of_facts_wraps_within_a_phone(browser: Browser, live_server: str):
    """An enrollment's facts in English ("Reimbursement voucher (invoice) details") took the
    label's whole width and left its value a letter a line, 409 px wide on a 375 px phone: a
    label wraps now, and its value keeps at least half the line."""
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.evaluate("""() => { document.querySelector('main').innerHTML =
            '<dl class="facts"><dt>Reimbursement voucher (invoice) details for the school finance office</dt>' +
            '<dd>Qingdao No. 2 Middle School, tax number 91370200MA3C1234X</dd><dt>Paid</dt><dd>2026-12-01</dd></dl>'; }""")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        value = page.locator(".facts dd").first.bounding_box()
        assert value["x"] + value["width"] <= PHONE["width"] and value["width"] >= PHONE["width"] * 0.4, value
    finally:
        context.close()
