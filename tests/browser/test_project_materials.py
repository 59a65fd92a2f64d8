"""A project's training materials on a phone: the organiser uploads them (a file whose content is
not what its name says is refused on the form, in Chinese), the auditor of its participants'
credits reads them, a teacher is not shown them; nothing is wider than a 375 px screen."""
from __future__ import annotations

from playwright.sync_api import expect

from .pages import fits, in_chinese, on_phone

PROJECT = "2026年市南区专题培训：儿童保护法律教育"
PDF = b"%PDF-1.4\n% phone\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_organiser_uploads_and_the_auditor_reads_the_materials_on_a_phone(new_context, live_server, tmp_path):
    page = on_phone(new_context, live_server, "district_admin")
    page.goto(f"{live_server}/projects")
    page.get_by_role("link", name="儿童保护法律教育").first.click()
    page.wait_for_load_state()
    project_url = page.url
    section = page.locator("#materials")
    expect(section).to_contain_text("培训情况资料")
    expect(section.get_by_role("link", name="签到表.pdf")).to_be_visible()
    fits(page, tmp_path)

    page.set_input_files("#materials input[type=file]", files=[{
        "name": "一份名字很长很长的签到表_final_version_without_any_spaces_2026.pdf", "mimeType": "application/pdf",
        "buffer": b"<html>not a pdf</html>"}])
    section.get_by_role("button", name="上传").click()
    page.wait_for_load_state()
    error = page.locator("#materials p.error")
    expect(error).to_contain_text("不是 PDF")
    in_chinese(error.inner_text().replace("PDF", "").replace("JPEG", "").replace("PNG", "").replace("Office", "")
               .split(" 不是")[1])
    fits(page, tmp_path)

    page.set_input_files("#materials input[type=file]", files=[{
        "name": "Very_long_file_name_without_any_spaces_training_photos_final_v3.pdf", "mimeType": "application/pdf",
        "buffer": PDF}])
    page.locator("#materials").get_by_role("button", name="上传").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("已上传 1 个文件到培训情况资料")
    expect(page.locator("#materials")).to_contain_text("Very_long_file_name_without_any_spaces")
    fits(page, tmp_path)

    auditor = on_phone(new_context, live_server, "school_admin")
    auditor.goto(project_url)
    expect(auditor.locator("#materials").get_by_role("link", name="签到表.pdf")).to_be_visible()
    expect(auditor.locator("#materials input[type=file]")).to_have_count(0)
    expect(auditor.locator("#materials").get_by_role("button", name="移除")).to_have_count(0)
    fits(auditor, tmp_path)

    teacher = on_phone(new_context, live_server, "teacher")
    # not theirs to run: refused, told where to read the training (its catalog page), never its materials
    assert teacher.goto(project_url).status == 403
    expect(teacher.locator("#materials")).to_have_count(0)
    expect(teacher.locator("main a[href^='/catalog/']")).to_have_count(1)
