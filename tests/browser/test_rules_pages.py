"""The calculator (规则试算) on a phone: the result follows the form through htmx, with CSRF on."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from .pages import PHONE, SOURCE, sign_in


def test_calculator_updates_as_the_form_changes(page: Page, live_server: str):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server}/rules/calculator")
    expect(page.locator("main h1")).to_have_text("规则试算")
    form = page.locator("main form.stacked")
    form.locator("select[name=level]").select_option("city")
    form.locator("select[name=mode]").select_option("centralized")
    form.locator("input[name=days]").fill("1")
    form.locator("input[name=hours]").fill("10")
    result = page.locator("#result")
    expect(result.locator(".figure strong")).to_have_text("8")  # the 8-a-day cap, without pressing a button
    expect(result.locator(".steps .source").filter(has_text=SOURCE).first).to_be_visible()

    form.locator("input[name=hours]").fill("6")
    expect(result.locator(".figure strong")).to_have_text("6")

    form.locator("input[name=hours]").fill("-3")
    expect(result.locator(".flash.error")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("规则试算")  # the 422 answer replaced only the result
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the calculator fits a phone without sideways scrolling"


def test_compliance_page_says_what_is_missing_and_by_when(page: Page, live_server: str):
    sign_in(page, live_server, "teacher")
    page.get_by_role("link", name="全部学分要求与学分应用 →").click()
    expect(page.locator("main h1")).to_contain_text("学分要求与资格")
    expect(page.locator(".findings li").first).to_be_visible()
    # a duty's line says what it still needs and by when; its clause is a tap away
    missing = page.locator(".findings li.missing").first
    expect(missing.locator("summary .still-needed")).to_contain_text("截止")
    missing.locator("summary").click()
    expect(page.locator(".findings .source").filter(has_text=SOURCE).first).to_be_visible()


def test_the_compliance_page_keeps_to_the_open_duties_on_a_phone(page: Page, live_server: str):
    """At 375 px the qingdao demo teacher's duties page was 3,200 px long: the years, the met
    duties, the past periods and the uses of credits each fold behind one line, opened by a tap;
    the open duties' lines stay in sight."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server}/me/compliance")
    expect(page.locator("main h1")).to_contain_text("学分要求与资格")
    expect(page.locator(".findings li.missing summary .still-needed").first).to_contain_text("截止")
    uses = page.locator("details.fold").filter(has=page.locator("summary", has_text="已满足"))
    expect(uses.locator("> summary")).to_be_visible()
    expect(uses.locator(".findings li").first).to_be_hidden()
    uses.locator("> summary").click()
    expect(uses.locator(".findings li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight") < 2600
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the duties page fits a phone without sideways scrolling"
