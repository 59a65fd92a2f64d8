"""What the browser tests share: the demo password, a phone's viewport, signing in."""
from __future__ import annotations

import re

from playwright.sync_api import Page

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
        page.get_by_role("link", name="以后再填").click()
