"""What the browser tests share: the demo password, a phone's viewport, signing in, and the
checks every page on a phone must pass (nothing wider than the screen, messages in Chinese)."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

PASSWORD = "demo12345"
PHONE = {"width": 375, "height": 740}
SOURCE = re.compile(r"《[^》]+》")  # a citation: the document's title, then its clause


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.locator("main form").get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if page.url.endswith("/me/survey"):  # the needs survey a qingdao teacher is asked at first: later
        page.get_by_role("button", name="以后再填").click()
        page.wait_for_load_state()


LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# The elements whose right edge passes the screen's, named by tag, id and class: what makes a page scroll sideways.
TOO_WIDE = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""


def on_phone(new_context: Callable[..., BrowserContext], base: str, username: str) -> Page:
    """A page in a new phone-sized context in Chinese (pytest-playwright's ``new_context``
    closes it after the test), signed in as ``username``."""
    page = new_context(viewport=PHONE, locale="zh-CN").new_page()
    sign_in(page, base, username)
    return page


def fits(page: Page, shots: Path) -> None:
    """Nothing on the page is wider than the phone's screen; else a screenshot in ``shots``
    and the elements that stick out are named. Measured once the page has loaded: a page
    answered by a form's redirect may be seen (its flash visible) before its stylesheet applies."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        shot = shots / f"too-wide-{len(list(shots.glob('too-wide-*.png')))}.png"
        page.screenshot(path=str(shot), full_page=True)
        wide = page.evaluate(TOO_WIDE, PHONE["width"])
        raise AssertionError(f"{page.url} is {width}px wide on a {PHONE['width']}px screen: {wide}; see {shot}")


def in_chinese(text: str) -> None:
    """A message shown to a zh-CN user has no word in Latin letters."""
    assert not LATIN_WORD.search(text), f"not in Chinese: {text!r}"


def succeeded(page: Page, shots: Path) -> None:
    """The page a step led to says it was done, in Chinese, and fits the screen."""
    flash = page.locator(".flash.success")
    expect(flash).to_be_visible()
    in_chinese(flash.inner_text())
    fits(page, shots)


def refused(page: Page, words: str, shots: Path) -> None:
    """The page a step led to says why it was not done, in Chinese, and fits the screen."""
    flash = page.locator(".flash.error")
    expect(flash).to_contain_text(words)
    in_chinese(flash.inner_text())
    fits(page, shots)


def declare_and_approve(organiser: Page, reviewer: Page, tmp_path: Path) -> str:
    """Save the project form the organiser filled in, declare it, and have the reviewer
    approve it: its page's address, published."""
    organiser.get_by_role("button", name="保存").click()
    expect(organiser.locator("main h1")).to_contain_text("草稿")
    succeeded(organiser, tmp_path)
    organiser.get_by_role("button", name="提交审核").click()
    expect(organiser.locator("main h1")).to_contain_text("待审核")
    succeeded(organiser, tmp_path)
    project = organiser.url
    reviewer.goto(project)
    fits(reviewer, tmp_path)
    reviewer.get_by_label("审核结论").select_option("approve")
    reviewer.get_by_role("button", name="提交审核意见").click()
    succeeded(reviewer, tmp_path)
    reviewer.goto(project)
    expect(reviewer.locator("main h1")).to_contain_text("已发布")
    fits(reviewer, tmp_path)
    return project


def training_begins(make_app, region: str, name: str, ends: bool = False) -> None:
    """The project named ``name`` begins today (and with ``ends``, ends today too: a region that
    assesses on the last day), as time would bring it: its dates moved in the served portal's
    database (a second app on the same file), so that its results may be recorded."""
    from sqlalchemy import update

    from portal import clock
    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app(region)
    with app.app_context():
        db.session.execute(update(TrainingProject).where(TrainingProject.name == name)
                           .values(start_date=clock.today(), **({"end_date": clock.today()} if ends else {})))
        db.session.commit()
