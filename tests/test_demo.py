"""Every bundled region's demo loads, each demo account opens its home page, and the demo
teacher finds trainings still to come in the catalog."""
import re

from portal import clock
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import TrainingProject

from tests.support import BUNDLED_REGIONS, login

REGIONS = sorted(BUNDLED_REGIONS)
ADMINS = ["school_admin", "principal", "district_admin", "city_admin", "province_admin", "institution",
          "workshop_leader"]


@pytest.mark.parametrize("region", REGIONS)
def test_demo_teacher_sees_their_credits(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    assert login(client, "teacher").status_code == 302
    page = client.get("/me/").get_data(as_text=True)
    assert "本年度" in page and "本周期" in page
    assert page.count('class="entry') >= 1
    assert 'class="cite" href="/rules/documents/' in page  # figures cite their clause, by title
    assert ".txt" not in re.sub(r"<[^>]*>", " ", page)  # never by file name


@pytest.mark.parametrize("region", REGIONS)
def test_the_demo_teacher_finds_trainings_to_come_in_the_catalog(make_app, region):
    """The catalog lists trainings that have not ended: each demo publishes a few still to come
    (which of them the teacher may select is the region's: tests/regions/test_<region>_demo.py)."""
    app = make_app(region, demo=True)
    today = clock.today()
    coming = [p.name for p in app.extensions["portal.region"].demo_data(today).projects
              if p.start > today and p.status == "published"]
    assert 2 <= len(coming) <= 4
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/catalog?sort=starting").get_data(as_text=True)
    assert all(name in page for name in coming)


@pytest.mark.parametrize("region", REGIONS)
def test_every_demo_admin_has_a_home(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    for username in ADMINS:
        assert login(client, username).status_code == 302, username
        assert client.get("/admin/").status_code == 200, username
        client.post("/logout")


@pytest.mark.parametrize("region", REGIONS)
def test_admin_lists_show_the_demo_teachers(make_app, region):
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "province_admin")
    page = client.get("/admin/teachers").get_data(as_text=True)
    assert "第 1 / 3 页" in page  # about 40 demo teachers, 20 a page
    assert client.get("/admin/orgs").status_code == 200


def test_demo_command_loads_once(make_app):
    app = make_app("qingdao")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "demo12345" in first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "already has data" in second.output


@pytest.mark.parametrize("region", REGIONS)
def test_every_link_of_every_demo_persons_menu_opens(make_app, region):
    """A menu offers only what its reader may open: no link to a refusal."""
    app = make_app(region, demo=True)
    client = app.test_client()
    for username in ("teacher", *ADMINS):
        assert login(client, username).status_code == 302, username
        menu = re.search(r'<nav class="menu">(.*?)</nav>', client.get("/", follow_redirects=True).get_data(as_text=True), re.S).group(1)
        links = re.findall(r'<a href="([^"]+)"', menu)
        assert links, username
        for link in links:
            assert client.get(link, follow_redirects=True).status_code == 200, (username, link)
        client.post("/logout")


@pytest.mark.parametrize("region", REGIONS)
def test_a_demo_projects_seats_are_its_classes_seats(make_app, region):
    """A project's capacity is its classes times their seats: a ruian trial's institution found
    no way to ask for more classes on any demo project, which had seats but no class."""
    app = make_app(region, demo=True)
    with app.app_context():
        projects = db.session.scalars(select(TrainingProject).where(TrainingProject.capacity.is_not(None))).all()
        assert projects and all(p.class_size is not None and p.classes * p.class_size == p.capacity for p in projects)


def test_a_demo_the_portal_refuses_stops_in_one_line_and_keeps_nothing(make_app, monkeypatch):
    from dataclasses import replace
    from datetime import timedelta

    from portal.hookspecs import hookimpl
    from portal.models import OrgUnit
    from tests import example_region

    original = example_region.portal_demo_data

    @hookimpl
    def portal_demo_data(today):
        demo = original(today)
        return replace(demo, teachers=(replace(demo.teachers[0], probation_end=today + timedelta(days=200)),
                                       *demo.teachers[1:]))

    monkeypatch.setattr(example_region, "portal_demo_data", portal_demo_data)
    app = make_app("example")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: The example demo was not loaded: teacher teacher: probation_end: future"
    with app.app_context():
        assert db.session.scalar(select(func.count(OrgUnit.id))) == 0


def test_a_demo_enrollment_keeps_what_the_teacher_entered_and_it_is_read_on_her_page(make_app, monkeypatch):
    """``DemoEnrollment.region_fields``: what the teacher entered in the region's enrollment
    form (qingdao's remark), kept as a selection keeps it and shown where hers are."""
    from dataclasses import replace

    import plugins.qingdao as qingdao
    from portal.hookspecs import hookimpl
    from tests.support import signed_in

    original = qingdao.portal_demo_data

    @hookimpl
    def portal_demo_data(today):
        demo = original(today)
        project = next(p for p in demo.projects if any(e.teacher == "teacher" for e in p.enrollments))
        enrollments = tuple(replace(e, region_fields={"remarks": "请安排靠前座位"}) if e.teacher == "teacher" else e
                            for e in project.enrollments)
        projects = tuple(replace(p, enrollments=enrollments) if p is project else p for p in demo.projects)
        return replace(demo, projects=projects)

    monkeypatch.setattr(qingdao, "portal_demo_data", portal_demo_data)
    # a configuration of its own, so the demo is loaded with the patched data rather than copied
    # from the session's snapshot of qingdao's demo (``make_app`` keys its snapshots by configuration)
    app = make_app("qingdao", demo=True, TESTING_DEMO="remarks")
    page = signed_in(app, "teacher").get("/me/enrollments?state=").get_data(as_text=True)
    assert "请安排靠前座位" in page


def test_a_region_without_a_demo_says_so_in_one_line(make_app, monkeypatch):
    """portal_demo_data is optional: `portal demo` for a region that has none named the hook in
    a traceback (NoAnswer); it says so in one line and points to `portal setup`."""
    from tests import example_region

    monkeypatch.delattr(example_region, "portal_demo_data")
    app = make_app("example")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 1
    assert "has no demo" in result.output and "portal setup" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_demo_project_whose_region_fields_its_own_form_refuses_is_not_loaded(make_app, monkeypatch):
    """``DemoProject.region_fields`` are checked by the region's project form as an organiser's
    are: a required field left out was loaded silently (only a name the form lacks was refused),
    so a demo held projects the region's own form would not save and `portal rules test` said 0
    problems."""
    from wtforms import Form, StringField
    from wtforms.validators import DataRequired

    from portal.hookspecs import hookimpl
    from portal.models import OrgUnit
    from tests import example_region

    class Filing(Form):
        filing_number = StringField("备案编号", validators=[DataRequired(message="请填写备案编号")])

    @hookimpl
    def portal_project_form():
        return Filing

    monkeypatch.setattr(example_region, "portal_project_form", portal_project_form, raising=False)
    app = make_app("example")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: The example demo was not loaded: project 示例集中培训: "
                                     "region_fields.filing_number: 请填写备案编号")
    with app.app_context():
        assert db.session.scalar(select(func.count(OrgUnit.id))) == 0
