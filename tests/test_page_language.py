"""In English, a page is English: every word the portal or a region says is translated.
What people entered (names of teachers, schools and trainings) and the regulations' own
text are data, marked ``translate="no"``, and may be in any language."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.support import BUNDLED_REGIONS, login

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Words(HTMLParser):
    """The text a reader sees, without what is marked as data (translate="no"), scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.skipping or dict(attrs).get("translate") == "no" or tag in ("script", "style", "title"):
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if self.skipping and tag not in VOID:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.found.append(data.strip())


def chinese_left(html: str) -> list[str]:
    parser = Words()
    parser.feed(html)
    return [text for text in parser.found if CJK.search(text)]


TEACHER_PAGES = ["/me/", "/me/compliance", "/me/ledger", "/rules/", "/rules/calculator", "/account/password"]
ADMIN_PAGES = ["/admin/", "/admin/teachers", "/admin/orgs", "/admin/reviews", "/admin/users/new", "/admin/users"]


def english(client, username: str) -> None:
    login(client, username)
    client.post("/locale/en")


def check_pages(client, pages: list[str]) -> dict:
    mixed = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        left = chinese_left(response.get_data(as_text=True))
        if left:
            mixed[page] = left[:8]
    return mixed


def teacher_pages(client) -> list[str]:
    html = client.get("/admin/teachers").get_data(as_text=True)
    first = re.search(r'href="(/admin/teachers/\d+)"', html).group(1)
    return [first, f"{first}/compliance", f"{first}/ledger"]


def document_pages(client) -> list[str]:
    html = client.get("/rules/").get_data(as_text=True)
    return sorted(set(re.findall(r'href="(/rules/documents/[^"?#]+)"', html)))


@pytest.mark.parametrize("region", ["example", *BUNDLED_REGIONS])
def test_every_page_reads_in_english(make_app, region):
    client = make_app(region, demo=True).test_client()
    assert client.get("/login").status_code == 200
    english(client, "teacher")
    mixed = check_pages(client, TEACHER_PAGES + document_pages(client))
    calculator = client.post("/rules/calculator", data={"level": "county", "mode": "centralized", "hours": "6",
                                                         "days": "1", "role": "participant"})
    if chinese_left(calculator.get_data(as_text=True)):
        mixed["/rules/calculator (result)"] = chinese_left(calculator.get_data(as_text=True))[:8]
    client.post("/logout")
    english(client, "district_admin")
    mixed.update(check_pages(client, ADMIN_PAGES + teacher_pages(client)))
    assert not mixed, mixed


CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\.txt\b|本地设置|默认\s*[a-z]")


def codes_left(html: str) -> list[str]:
    parser = Words()
    parser.feed(html)
    return [text for text in parser.found if CODE.search(text)]


@pytest.mark.parametrize("region", ["example", *BUNDLED_REGIONS])
def test_no_page_shows_a_file_name_setting_name_or_code(make_app, region):
    """In Chinese too: a citation is a title and a clause, a setting is said in words."""
    client = make_app(region, demo=True).test_client()
    login(client, "teacher")
    found = {}
    for page in TEACHER_PAGES + document_pages(client):
        left = codes_left(client.get(page).get_data(as_text=True))
        if left:
            found[page] = left[:5]
    client.post("/logout")
    login(client, "district_admin")
    for page in ADMIN_PAGES + teacher_pages(client):
        left = codes_left(client.get(page).get_data(as_text=True))
        if left:
            found[page] = left[:5]
    assert not found, found


# Every role, every page its menu and home link to ------------------------------------------------
# The pages above are a teacher's and a district admin's; a school admin's workshops, an
# institution's project form and a city admin's reports were read by no test, and each named a
# unit or a project inside an English sentence without marking it (``All of 青岛市``).

ROLES = ("teacher", "school_admin", "principal", "district_admin", "city_admin", "institution", "workshop_leader")
NOT_A_PAGE = re.compile(r"/logout|/locale/|/export|/download|\.csv|\.xlsx|\.pdf|/static/|/files/|/evidence/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not NOT_A_PAGE.search(href):
            self.found.append(href.split("#")[0])


def linked(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    # a regulation's page once, whatever its clause
    return list(dict.fromkeys(re.sub(r"^(/rules/documents/[^?]+)\?.*", r"\1", href) for href in parser.found))


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_every_role_reads_its_pages_in_english(make_app, region):
    client = make_app(region, demo=True).test_client()
    mixed = {}
    for role in ROLES:
        english(client, role)
        home = client.get("/", follow_redirects=True)
        if "/me/survey" in home.request.path:  # a qingdao teacher is asked first; the survey is a page too
            home = client.get("/me/")
        seen = {home.request.path}
        # the home, the pages it and the menu link to, and the first few each of those links to
        # (a report, a project's form, a workshop)
        queue = [(home.request.path, 0)] + [(page, 1) for page in linked(home.get_data(as_text=True))]
        while queue:
            page, depth = queue.pop(0)
            if page in seen and depth:
                continue
            seen.add(page)
            response = client.get(page)
            if response.status_code != 200 or response.mimetype != "text/html":  # a material, a sheet
                continue
            html = response.get_data(as_text=True)
            left = chinese_left(html) + codes_left(html)
            if left:
                mixed[f"{role} {page}"] = left[:4]
            if depth == 1:
                queued = seen | {p for p, _ in queue}
                queue += [(further, 2) for further in [p for p in linked(html) if p not in queued][:4]]
        client.post("/logout")
    assert not mixed, mixed


@pytest.mark.parametrize("region", BUNDLED_REGIONS)
def test_a_teacher_reads_why_a_training_is_not_for_them_addressed_to_them(make_app, region):
    """A qingdao teacher's catalog in English read “Not for you now: The project is for the layer
    “Subject leaders”, the teacher's is “Backbone teachers””, of herself in the third person, and
    a kaifeng teacher “The teacher is in no other all-staff project at the same time”."""
    client = make_app(region, demo=True).test_client()
    english(client, "teacher")
    pages = ["/catalog", *sorted(set(re.findall(r'href="(/catalog/\d+)"', client.get("/catalog").get_data(as_text=True))))]
    said = {page: re.findall(r"[^.>]*(?:the teacher(?:'s is| teaches)|The teacher is in)[^.<]*",
                             client.get(page).get_data(as_text=True))
            for page in pages}
    assert not any(said.values()), said
    if region == "qingdao":
        assert "yours is recorded as “Backbone teachers”" in client.get("/catalog").get_data(as_text=True)


def test_a_notification_marks_the_names_it_carries(make_app):
    """A ruian principal's notifications in English read “陈晓燕 selected “2027年瑞安市…专题培训”: it
    waits for your step”, the teacher's name and the training's title unmarked: a stored message's
    plain arguments are what people entered, marked as data as a page marks the names it shows."""
    app = make_app("ruian", demo=True)
    teacher = app.test_client()
    english(teacher, "teacher")
    listed = teacher.get("/catalog").get_data(as_text=True)
    selected = [p for p in sorted(set(re.findall(r'href="/catalog/(\d+)"', listed)))
                if teacher.post(f"/catalog/{p}/select").status_code in (302, 303)]
    assert selected
    principal = app.test_client()
    english(principal, "principal")
    page = principal.get("/notifications").get_data(as_text=True)
    assert " selected " in page and not chinese_left(page), chinese_left(page)


@pytest.mark.parametrize("region", ["kaifeng", "shanxi"])
def test_a_refusal_naming_a_unit_marks_the_name_as_data(make_app, region):
    """A refusal on the bureau's quotas and enrolment pages put a unit's name into an English
    sentence unmarked ("This training is for the teachers of 小店区", "Teachers of 杞县 take the
    all-staff training 杞县 runs itself"): a finding's message marks the names it carries, as a
    notification's does."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import TrainingProject

    app = make_app(region, demo=True)
    with app.app_context():
        projects = db.session.scalars(select(TrainingProject.id)).all()
    client = app.test_client()
    english(client, "city_admin")
    mixed, read = {}, 0
    for project in projects:
        for page in [f"/projects/{project}/quotas"] + [f"/projects/{project}/enrol?page={n}" for n in (1, 2, 3)]:
            response = client.get(page)
            if response.status_code == 200:
                read += 1
                left = chinese_left(response.get_data(as_text=True))
                if left:
                    mixed[page] = left[:3]
    assert read and not mixed, mixed


def test_the_catalog_list_marks_the_names_its_refusals_carry(make_app):
    """The refusals said on the catalog's list (above it, shared by every row, and on a row) put
    a unit's name into an English sentence unmarked: a kaifeng teacher of 祥符区 (t0023) read
    “None of these may be selected now: Teachers of 祥符区 take the all-staff training 祥符区 runs
    itself”, as the finding's own list on the training's page no longer does."""
    client = make_app("kaifeng", demo=True).test_client()
    english(client, "t0023")
    page = client.get("/catalog").get_data(as_text=True)
    assert "Teachers of " in page
    assert not chinese_left(page), chinese_left(page)
