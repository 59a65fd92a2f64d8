"""Shanxi on a phone: a teacher contests an entry with a photo of the sign-in sheet and the
county bureau upholds it within the half-year window (§五(三)); a teacher short of this
school year's 20 credits asks the credit bank for the borrowing (§四(五), §五(三)), which the
school registers and the county verifies like any entry, and the school sees it in its list."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from .pages import fits, on_phone, succeeded
from tests.support import year_decided

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SHEET = "签到表显示实际参训 16 学时"


def test_an_appeal_upheld_by_the_county_changes_the_ledger(live_server_for, new_context, tmp_path: Path):
    base = live_server_for("shanxi")
    teacher = on_phone(new_context, base, "teacher")
    teacher.goto(f"{base}/me/ledger")
    entry = teacher.locator(".ledger .entry:not(.pending)").first
    title = entry.locator(".title").inner_text()
    entry.locator("summary").click()
    entry.get_by_role("link", name="申诉").click()
    expect(teacher.locator("main")).to_contain_text("可在")  # until when, with the clause
    expect(teacher.locator("main .source").first).to_contain_text("五(三)")
    fits(teacher, tmp_path)
    teacher.get_by_label("申诉理由（哪里有误、应当如何）").fill(SHEET)
    teacher.get_by_label("拍照上传").set_input_files(files=[{"name": "sheet.png", "mimeType": "image/png", "buffer": PNG}])
    teacher.get_by_role("button", name="提交申诉").click()
    succeeded(teacher, tmp_path)
    appeal = teacher.url

    county = on_phone(new_context, base, "district_admin")  # 所在学校主管教育行政部门 answers (§五(三))
    county.goto(f"{base}/appeals")
    county.locator(".card").filter(has_text=SHEET).first.get_by_role("link").click()
    expect(county.locator(".evidence a")).to_have_count(1)
    fits(county, tmp_path)
    county.get_by_label("答复").select_option("upheld")
    county.get_by_label("理由（教师可见）").fill("核实签到表，按 16 学时认定")
    county.locator("input[name=amount]").fill("16")
    county.get_by_role("button", name="提交答复").click()
    succeeded(county, tmp_path)

    teacher.goto(appeal)
    expect(teacher.locator("main")).to_contain_text("核实签到表，按 16 学时认定")
    teacher.goto(f"{base}/me/ledger")
    live = teacher.locator(".ledger .entry:not(.cancelled)").filter(has_text=title)
    expect(live.locator(".amount")).to_have_text("16 学分")
    fits(teacher, tmp_path)


def test_a_borrowing_covers_the_school_years_shortfall(live_server_for, new_context, tmp_path: Path):
    # no borrowing while the year's credits wait in the audit (test_bank_awaiting): the year decided first
    base = live_server_for("shanxi", prepare=lambda app: year_decided(app, "teacher"))
    teacher = on_phone(new_context, base, "teacher")
    teacher.goto(f"{base}/bank")
    fits(teacher, tmp_path)
    offer = teacher.locator("main").get_by_text("可补足")
    expect(offer).to_be_visible()
    teacher.get_by_role("button", name="申请借贷").click()
    succeeded(teacher, tmp_path)
    expect(teacher.locator("main")).to_contain_text("正在审核")

    school = on_phone(new_context, base, "school_admin")
    school.goto(f"{base}/admin/borrowings")
    expect(school.locator(".card")).to_have_count(1)
    fits(school, tmp_path)
    school.goto(f"{base}/admin/reviews?source=borrowing")
    entry = school.locator(".ledger .entry").first
    entry.get_by_role("button", name="核实并登记").click()
    expect(school.locator(".ledger .entry .review-done")).to_be_visible()

    county = on_phone(new_context, base, "district_admin")
    county.goto(f"{base}/admin/reviews?source=borrowing")
    county.locator(".ledger .entry").first.get_by_role("button", name="审核验证，核定学年学分").click()
    expect(county.locator(".ledger .entry .review-done")).to_be_visible()

    teacher.goto(f"{base}/bank")
    owed = teacher.locator(".cards .card").nth(1).locator("strong")
    expect(owed).not_to_have_text("0 学分")
    fits(teacher, tmp_path)
