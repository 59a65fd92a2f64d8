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


def test_ruian_pages_name_the_teachers_act_selection_as_its_notice_does(make_app):
    """ruian's notice calls the teacher's act 选课 throughout (§四 教师选课时间及程序, 教师自主选课与审核),
    and its states read 已选课，待学校审核; the core's pages around them read 报名审核 (the menu) and
    待办报名 (the school's list) for the same choices. The region words the core's messages its own
    way (portal_wording), in Chinese and English; another region keeps the core's words."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    page = client.get("/enrollments/awaiting").get_data(as_text=True)
    assert "选课审核" in page and "<h1>待办选课</h1>" in page
    assert not visible_with(page, "报名")
    client.post("/locale/en", data={"next": "/"})
    english = client.get("/enrollments/awaiting").get_data(as_text=True)
    assert "<h1>Course selections awaiting you</h1>" in english and ">Course selections</a>" in english
    with app.test_request_context():  # a service's message (portal.domain.text) reads the region's words too
        from portal.services.enrollments import _ as core

        assert str(core("This enrollment has no such step in its state now.")) == "该选课在当前状态下没有这一步。"


def test_a_region_without_words_of_its_own_keeps_the_cores(make_app):
    qingdao = make_app("qingdao", demo=True).test_client()
    login(qingdao, "school_admin")
    assert "<h1>待办报名</h1>" in qingdao.get("/enrollments/awaiting").get_data(as_text=True)


def test_kaifengs_calendar_is_named_in_its_notices_words(make_app):
    """kaifeng's notice has the schools and districts 报名 their teachers within its 实施步骤 (§四(二):
    1.报名 … 2.实施); no teacher selects (选课). Its calendar page read 选课进程 and 选课及各环节按以下日期进行."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/calendar/").get_data(as_text=True)
    assert "<h1>实施步骤</h1>" in page and "保存实施步骤" in page
    assert not visible_with(page, "选课|学期")
    assert ">实施步骤</a>" in client.get("/admin/").get_data(as_text=True)  # the menu
    client.post("/locale/en", data={"next": "/"})
    english = client.get("/calendar/").get_data(as_text=True)
    assert "<h1>Implementation steps</h1>" in english and not visible_with(english, "[Ss]election")
    teacher = app.test_client()  # the catalog says a training may not be enrolled in, not selected (不能选)
    login(teacher, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    assert "以下培训目前都不能报名" in catalog and not visible_with(catalog, "不能选")
    with app.app_context():
        from sqlalchemy import select

        from portal.extensions import db
        from portal.models import TrainingProject
        ids = db.session.scalars(select(TrainingProject.id).where(TrainingProject.status == "published")).all()
    pages = [teacher.get(f"/catalog/{i}").get_data(as_text=True) for i in ids]
    assert any("能否为您报名该项目？" in p for p in pages) and not any(visible_with(p, "选择该项目|选课") for p in pages)


def test_kaifengs_school_admin_reads_why_no_enrollment_waits_for_them(make_app):
    """kaifeng's schools submit their teachers (§四(二)1) and nobody reviews a submission: the school
    admin's 报名审核 list was empty with nothing saying why. It now says so, and where teachers are
    submitted; a region whose school reviews its teachers' choices (ruian) says nothing of the kind."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    page = client.get("/enrollments/awaiting").get_data(as_text=True)
    assert "暂无待办" in page and 'id="why-empty"' in page
    assert "本地区没有对本单位教师报名的审核：由本单位直接提交报名，提交即报名成功。" in page
    assert "报名审核" not in page  # the menu: nobody reviews an enrollment here


def test_a_school_that_reviews_its_teachers_choices_is_not_told_nobody_does(make_app):
    client = make_app("ruian", demo=True).test_client()
    login(client, "school_admin")
    assert 'id="why-empty"' not in client.get("/enrollments/awaiting").get_data(as_text=True)


def test_ruians_quota_page_and_class_list_speak_of_selections(make_app):
    """A ruian phone trial: the bureau's quota page said teachers of a unit without a quota 不能报名,
    and the class list's English offered a template "with the enrollments awaiting a result", beside
    pages that say 选课 / course selections everywhere else (§四 教师选课)."""
    app = make_app("ruian", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    page = client.get("/projects/3/quotas").get_data(as_text=True)
    assert "未分配名额单位的教师将不能选课" in page and not visible_with(page, "报名")
    client.post("/logout")
    login(client, "school_admin")
    client.post("/locale/en", data={"next": "/"})
    english = client.get("/projects/3/class").get_data(as_text=True)
    assert "Download the template with the course selections awaiting a result" in english
    assert not visible_with(english, "[Ee]nrol")


def test_kaifengs_english_catalog_and_calendar_keep_its_words(make_app):
    """A kaifeng phone trial in English: the catalog's sort read "Most selected" (报名人数最多 in
    Chinese) and the calendar, headed Implementation steps and speaking of "this training", offered
    to "Start from the region's dates for the term of" a day: the region's Chinese had been reworded
    (§四(二) 实施步骤, 报名), its English not."""
    app = make_app("kaifeng", demo=True)
    client = app.test_client()
    login(client, "city_admin")
    client.post("/locale/en", data={"next": "/"})
    calendar = client.get("/calendar/").get_data(as_text=True)
    assert "Start from the region's dates for the training under way on" in calendar
    assert not visible_with(calendar, r"\b[Tt]erm\b|[Ss]elect")
    catalog = client.get("/catalog").get_data(as_text=True)
    assert "Most enrolled" in catalog and "Most selected" not in catalog


def test_kaifengs_withdrawal_of_a_submission_is_worded_as_its_enrollment(make_app):
    """Core messages kaifeng's wording left in the core's 选课 / 学期 (read from the catalogue after a
    phone trial of 批量报名, §四(二)1): the note under a withdrawal confirmed without a reason
    (此操作将结束该选课, unreachable while 撤销报名 asks a reason, so it reads right should it stop),
    the project form's refusal (已有教师选择该项目) and the calendar's unconfirmed dates (所在学期)."""
    from flask_babel import force_locale, gettext

    app = make_app("kaifeng", demo=True)
    with app.test_request_context():
        said = {"This ends the selection; its seat is given back.": ("此操作将撤销该报名，所占名额随之交还。",
                                                                     "This withdraws the enrollment; its seat is given back."),
                "This ends the selection.": ("此操作将撤销该报名。", "This withdraws the enrollment."),
                "Teachers have already selected this project: this field cannot change now.": (
                    "已有教师报名该项目，此项不能再修改。", "Teachers are already enrolled in this project: this field cannot change now.")}
        for msgid, (chinese, english) in said.items():
            with force_locale("zh_Hans_CN"):
                assert gettext(msgid) == chinese
            with force_locale("en"):
                assert gettext(msgid) == english
        with force_locale("zh_Hans_CN"):
            unconfirmed = gettext("These are the region's usual dates for the term of %(day)s; the bureau has not "
                                  "confirmed them yet. Check them and save the calendar to confirm them.", day="2027-01-01")
        assert "所在一期的常规日期" in unconfirmed and "学期" not in unconfirmed


def test_a_unit_quota_judged_by_the_region_is_told_once(make_app):
    """A kaifeng phone trial: a teacher's page of the city's all-staff project, its unit holding 30
    of its 50 seats, read both ✓本单位名额剩余 30 个 (the core) and ✓本单位名额尚有剩余 (the region's,
    §四(二)1): the same quota twice. The region judges the unit's quota itself, with its clause, so
    the core's word on it gives way, as its refusal already did (the quota stays told above)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app("kaifeng", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.name.contains("初中、小学、幼儿园）继续教育全员培训（2027")))
    client = app.test_client()
    login(client, "teacher")
    page = client.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "本单位名额尚有剩余" in page
    assert "本单位名额剩余" not in page
