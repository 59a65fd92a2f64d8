"""A transcript on a phone: the teacher opens it from their page, issues the PDF, downloads
the kept file, and the verification page its QR code leads to opens for someone signed out,
saying only that it is genuine, its date and the masked holder."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .pages import PHONE, fits, in_chinese, on_phone, succeeded


def test_a_teacher_issues_a_transcript_on_a_phone_and_anyone_verifies_it(live_server, new_context, tmp_path):
    page = on_phone(new_context, live_server, "teacher")
    page.goto(f"{live_server}/me/")
    page.get_by_role("link", name=re.compile("学分证明")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("学分证明")
    expect(page.locator(".transcript")).to_contain_text("370202********")  # the ID number masked
    fits(page, tmp_path)
    page.get_by_role("button", name="开具 PDF 学分证明").click()
    succeeded(page, tmp_path)
    expect(page.locator(".documents .entry")).to_have_count(1)
    expect(page.locator(".documents .tag")).to_have_text("有效")
    download = page.context.request.get(live_server + page.get_by_role("link", name="下载 PDF").get_attribute("href"))
    assert download.ok and download.body().startswith(b"%PDF")
    verify = page.get_by_role("link", name="核验页面").get_attribute("href")

    stranger = new_context(viewport=PHONE, locale="zh-CN").new_page()  # nobody signed in
    stranger.goto(f"{live_server}{verify}")
    text = stranger.locator("main").inner_text()
    assert "真实有效" in text and "李*雯" in text and "李晓雯" not in text and "太平路小学" not in text
    in_chinese(stranger.locator("main .verification p").first.inner_text())
    fits(stranger, tmp_path)
    stranger.goto(f"{live_server}/verify/no-such-code")
    expect(stranger.locator("main")).to_contain_text("未查到该证明")
