"""What people saw on a phone in each region: the words a region's pages must use."""
from __future__ import annotations

import re

from portal import clock
from tests.support import login


def year_cells(html: str) -> list[str]:
    """The first cell of each line of the "Year by year" table."""
    table = html.split('id="years"', 1)[-1] if 'id="years"' in html else html.split("逐年情况", 1)[1]
    return re.findall(r'<td data-label="年度">([^<]*)', table.split("</table>", 1)[0])


def test_qingdao_years_on_the_compliance_page_are_headed_by_their_year(make_app):
    """Qingdao counts calendar years: each of the teacher's yearly lines reads "2026年", not a bare 2026."""
    client = make_app("qingdao", demo=True).test_client()
    login(client, "teacher")
    cells = year_cells(client.get("/me/compliance").get_data(as_text=True))
    assert cells and f"{clock.today().year}年" in cells
    assert all(re.fullmatch(r"\d{4}年", cell) for cell in cells), cells


def visible_with(html: str, pattern: str) -> list[str]:
    """The text a reader sees (the page's title included) that matches ``pattern``, except
    what is data (``translate="no"``: names people entered, the regulations' own text)."""
    from tests.test_page_language import Words

    parser = Words()
    parser.feed(html)
    title = re.findall(r"<title>([^<]*)</title>", html)
    return [text for text in (*title, *parser.found) if re.search(pattern, text)]


KAIFENG_TEACHER_PAGES = ["/me/", "/me/compliance", "/me/compliance/trainings", "/me/ledger", "/transcripts", "/rules/",
                         "/rules/calculator", "/catalog", "/claims", "/claims/new", "/appeals", "/me/enrollments",
                         "/account/password"]
KAIFENG_ADMIN_PAGES = ["/admin/", "/admin/teachers", "/admin/reviews", "/admin/reports", "/admin/reports/compliance",
                       "/admin/reports/credit_uses", "/admin/reports/categories"]


def kaifeng_pages(client, pages) -> dict:
    found = {}
    for page in pages:
        response = client.get(page, follow_redirects=True)
        if response.status_code != 200:
            continue
        left = visible_with(response.get_data(as_text=True), r"学分|[Cc]redit")
        if left:
            found[page] = left[:6]
    return found


def test_kaifeng_pages_say_hours_never_credits(make_app):
    """开封 counts 学时 (hours), not 学分: its pages, in Chinese and in English, say so from the title on."""
    client = make_app("kaifeng", demo=True).test_client()
    login(client, "teacher")
    home = client.get("/me/").get_data(as_text=True)
    assert "教师培训学时管理" in home and "教师培训学分管理" not in home
    found = kaifeng_pages(client, KAIFENG_TEACHER_PAGES)
    client.post("/locale/en")
    assert "Teacher training hours" in client.get("/me/").get_data(as_text=True)
    found.update({f"{page} (en)": left for page, left in kaifeng_pages(client, KAIFENG_TEACHER_PAGES).items()})
    client.post("/logout")
    login(client, "district_admin")
    found.update({f"{page} (admin)": left for page, left in kaifeng_pages(client, KAIFENG_ADMIN_PAGES).items()})
    for user, pages in (("institution", ["/projects", "/projects/new"]), ("province_admin", ["/admin/imports"])):
        client.post("/logout")
        login(client, user)
        found.update({f"{page} ({user})": left for page, left in kaifeng_pages(client, pages).items()})
        client.post("/locale/en")
        found.update({f"{page} ({user}, en)": left for page, left in kaifeng_pages(client, pages).items()})
        client.post("/locale/zh_Hans_CN")
    assert not found, found


def test_kaifengs_transcript_pdf_says_hours(make_app):
    """The PDF a Kaifeng teacher issues is a 学时 certificate, its lines and totals in hours."""
    import shutil
    import subprocess

    import pytest

    from portal.extensions import db
    from portal.models import IssuedDocument

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils' pdftotext reads the PDF's text")
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "teacher")
    assert client.post("/transcripts/issue", data={}).status_code == 303
    with app.app_context():
        document = db.session.scalars(db.select(IssuedDocument)).one()
    pdf = client.get(f"/transcripts/{document.id}.pdf").data
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "教师培训学时证书" in text and "学时" in text
    assert "学分" not in text, [line for line in text.splitlines() if "学分" in line]


def test_kaifengs_transcript_is_one_word_from_the_button_to_the_notice_of_its_revocation(make_app):
    """A trial's teacher tapped 开具 PDF 学时证书 under the heading 学时证书 and was told
    学时证明已开具: the hours wording of the flash and of the revocation notice said 证明 where
    every page, the PDF and the notice's own word (kaifeng-2018-online-training.txt §三(五)
    获得继续教育相应的学时证书) say 证书."""
    client = make_app("kaifeng", demo=True).test_client()
    login(client, "teacher")
    page = client.get("/transcripts").get_data(as_text=True)
    assert "开具 PDF 学时证书" in page
    issued = client.post("/transcripts/issue", data={}, follow_redirects=True).get_data(as_text=True)
    assert "学时证书已开具" in issued and "学时证明" not in issued
