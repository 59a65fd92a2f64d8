"""The layers keep to their parts (DESIGN.md, "Layers"): the web layer never touches the
database, so no view and no template runs a query, and a use case commits its own work."""
from __future__ import annotations

import ast
import re
from contextlib import ExitStack, contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from flask import before_render_template, template_rendered
from jinja2_fragments.flask import before_render_template_block, template_block_rendered
from sqlalchemy import event, select

import portal
from portal.domain import COMPLETED, Grade
from portal.extensions import db
from portal.models import AuditEvent, Enrollment, LedgerEntry, OrgUnit, Teacher, TrainingProject
from portal.models.ledger import AuditStateRefused
from portal.services import training
from tests.support import login

WEB = Path(portal.__file__).parent / "web"
DATABASE_MODULES = ("sqlalchemy", "flask_sqlalchemy", "portal.models")


def imported(source: str, package: str = "portal.web") -> list[tuple[str, str]]:
    """(module, name) for every import in the source of a module of ``package``, made absolute."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found += [(module, alias.name) for alias in node.names]
    return found


def test_the_web_layer_never_imports_the_database():
    """Views and their helpers reach data only through the services: no SQLAlchemy, no
    models (``Model.query`` would be a query), no ``db`` session."""
    offending = {}
    for path in sorted(WEB.rglob("*.py")):
        bad = [f"{module}.{name}" if name else module for module, name in imported(path.read_text(encoding="utf-8"))
               if module.startswith(DATABASE_MODULES) or (module == "portal.extensions" and name == "db")
               or (module == "portal" and name in ("extensions", "models"))]
        if bad:
            offending[path.name] = bad
    assert not offending, offending


def test_the_import_check_resolves_relative_imports():
    source = "from ..extensions import db\nfrom ..models import Teacher\nfrom . import access\nimport sqlalchemy.orm\n"
    assert imported(source) == [("portal.extensions", "db"), ("portal.models", "Teacher"), ("portal.web", "access"),
                                ("sqlalchemy.orm", "")]


@contextmanager
def queries_in_templates(app):
    """Collects (template, statement) for every SQL statement run while a template renders."""
    rendering: list[str] = []
    found: list[tuple[str, str]] = []

    def started(_app, template=None, template_name=None, **_extra):
        rendering.append(template.name if template is not None else template_name)

    def ended(_app, **_extra):
        rendering.pop()

    def executed(_conn, _cursor, statement, *_args):
        if rendering:
            found.append((rendering[-1], statement))

    with app.app_context():
        engine = db.engine
    with ExitStack() as stack:
        for signal in (before_render_template, before_render_template_block):
            stack.enter_context(signal.connected_to(started, app))
        for signal in (template_rendered, template_block_rendered):
            stack.enter_context(signal.connected_to(ended, app))
        event.listen(engine, "before_cursor_execute", executed)
        stack.callback(event.remove, engine, "before_cursor_execute", executed)
        yield found


HTMX = {"HX-Request": "true"}
BRANCH = re.compile(r'href="/admin/orgs/(\d+)"')
UNIT = re.compile(r'<select[^>]*name="org_unit"[^>]*>\s*<option[^>]*value="(\d+)"')
STEP = re.compile(r'action="/admin/reviews/(\d+)"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="target" value="([^"]+)"')


def visit(client, method: str, url: str, expected: int, **options) -> str:
    response = client.open(url, method=method, follow_redirects=True, **options)
    assert response.status_code == expected, (method, url, response.status_code)
    return response.get_data(as_text=True)


def teacher_pages(client):
    visit(client, "GET", "/me/", 200)
    visit(client, "GET", "/me/ledger", 200)
    visit(client, "GET", "/me/compliance", 200)
    rules = visit(client, "GET", "/rules/", 200)
    for slug in sorted(set(re.findall(r'href="/rules/documents/([^"?#]+)', rules)))[:1]:
        visit(client, "GET", f"/rules/documents/{slug}?clause=1", 200)
    visit(client, "GET", "/rules/calculator", 200)
    visit(client, "POST", "/rules/calculator", 200, data={"level": "county", "mode": "centralized", "hours": "6",
                                                          "days": "1", "role": "participant"})
    visit(client, "POST", "/rules/calculator", 200, headers=HTMX, data={"level": "county", "mode": "centralized",
                                                                        "hours": "6", "days": "1"})
    visit(client, "GET", "/account/password", 200)
    visit(client, "POST", "/account/password", 422, data={"current": "wrong-password", "new": "another-one",
                                                           "confirm": "another-one"})
    visit(client, "GET", "/admin/teachers", 403)


def admin_pages(client, app):
    with app.app_context():
        teacher = db.session.scalar(select(Teacher.id).where(Teacher.user_id.is_not(None)).order_by(Teacher.id))
    visit(client, "GET", "/admin/", 200)
    visit(client, "GET", "/admin/teachers?q=%E8%80%81", 200)
    visit(client, "GET", "/admin/teachers?page=2", 200, headers=HTMX)
    visit(client, "GET", f"/admin/teachers/{teacher}", 200)
    visit(client, "GET", f"/admin/teachers/{teacher}/compliance", 200)
    visit(client, "GET", f"/admin/teachers/{teacher}/ledger", 200)
    visit(client, "GET", f"/admin/teachers/{teacher}/facts", 200)
    visit(client, "POST", f"/admin/teachers/{teacher}/facts", 422,
          data={"entered_post": "2010-09-01", "probation_end": "2009-08-31"})
    visit(client, "POST", f"/admin/teachers/{teacher}/facts", 200, data={"entered_post": "2010-09-01"})
    steps = STEP.findall(visit(client, "GET", "/admin/reviews", 200))
    for (entry, target), headers in zip(dict(steps).items(), (HTMX, {})):
        visit(client, "POST", f"/admin/reviews/{entry}", 200, headers=headers, data={"target": target, "reason": "核对"})
    visit(client, "POST", "/admin/reviews/2147483647", 404, headers=HTMX, data={"target": "approved"})
    school = UNIT.search(visit(client, "GET", "/admin/users/new", 200)).group(1)
    user = {"display_name": "新管理员", "password": "secret123", "role": "school_admin", "org_unit": school}
    visit(client, "POST", "/admin/users/new", 422, data={**user, "username": ""})
    visit(client, "POST", "/admin/users/new", 200, data={**user, "username": "layers_admin"})
    accounts = visit(client, "GET", "/admin/users?q=layers&state=active", 200)
    visit(client, "GET", "/admin/users?role=school_admin&page=2", 200, headers=HTMX)
    account = re.search(r'href="(/admin/users/\d+)"', accounts).group(1)
    visit(client, "GET", account, 200)
    visit(client, "POST", f"{account}/password", 422, data={"password": "short"})
    visit(client, "POST", f"{account}/name", 200, data={"display_name": "改名的管理员"})
    visit(client, "POST", f"{account}/deactivate", 200)
    visit(client, "GET", "/admin/teachers/2147483647", 404)


@pytest.mark.parametrize("region", ["example", "qingdao"])
def test_no_template_reads_the_database(make_app, region):
    """What a page shows reaches its template from a service: a template that read a
    relationship, or a row a use case had committed (and so expired), would query."""
    app = make_app(region, demo=True)
    client = app.test_client()
    with queries_in_templates(app) as found:
        visit(client, "GET", "/login", 200)
        visit(client, "POST", "/login", 422, data={"username": "teacher", "password": "wrong-password"})
        visit(client, "GET", "/no-such-page", 404)
        login(client, "teacher")
        teacher_pages(client)
        client.post("/logout")
        for username in ("school_admin", "district_admin", "workshop_leader"):
            login(client, username)
            visit(client, "GET", "/admin/", 200)
            visit(client, "GET", "/admin/teachers", 200)
            for unit in sorted(set(BRANCH.findall(visit(client, "GET", "/admin/orgs", 200))))[:1]:
                visit(client, "GET", f"/admin/orgs/{unit}", 200)
                visit(client, "GET", f"/admin/orgs/{unit}", 200, headers=HTMX)
            client.post("/logout")
        login(client, "institution")
        visit(client, "GET", "/admin/", 200)
        client.post("/logout")
        login(client, "school_admin")
        admin_pages(client, app)
    assert not found, found[:5]


def test_a_use_case_commits_its_own_work_and_a_refused_one_keeps_nothing(app):
    region = app.extensions["portal.region"]
    with app.app_context():
        organiser = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "district"))
        teacher = db.session.scalars(select(Teacher).order_by(Teacher.id)).first()
        project = training.add_project(None, organiser, name="自己提交", level="county", mode="centralized",
                                       start_date=date(2026, 3, 1), end_date=date(2026, 3, 1), year=2026,
                                       hours=Decimal(6), capacity=None)
        enrollment = training.enroll(region, None, project, teacher)
        with pytest.raises(AuditStateRefused):
            training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS, audit_state="bogus")
        enrollment_id = enrollment.id
        training.record_completion(region, None, enrollment, Decimal(6), Grade.PASS)
        db.session.remove()  # the caller commits nothing
    with app.app_context():
        kept = db.session.get(Enrollment, enrollment_id)
        assert kept.status == COMPLETED and kept.project.name == "自己提交"
        entries = db.session.scalars(select(LedgerEntry).where(LedgerEntry.enrollment_id == enrollment_id)).all()
        assert len(entries) == 1
        completed = select(AuditEvent).where(AuditEvent.action == "enrollment.moved",
                                             AuditEvent.subject_id == enrollment_id)
        assert len(db.session.scalars(completed).all()) == 1  # none from the refused attempt
        assert db.session.scalar(select(TrainingProject.taken).where(TrainingProject.id == kept.project_id)) == 1


def test_signing_in_hands_the_page_a_user_it_need_not_read_again(app):
    """The sign-in use case commits the new session; the page then signs the user in and sends
    them on by their roles: it read them again itself (two queries from the view), the user
    expired by that commit."""
    from sqlalchemy import inspect

    from portal.services.accounts import sign_in
    from tests.support import PASSWORD

    with app.test_request_context():
        user, _token = sign_in("teacher", PASSWORD)
        state = inspect(user)
        assert not state.expired_attributes and "roles" not in state.unloaded, (state.expired_attributes, state.unloaded)


@contextmanager
def _queried_within(app, function: str):
    """The statements run while ``function`` (a name on the call stack) runs, during the block."""
    import traceback

    with app.app_context():
        engine = db.engine
    read = []

    def executed(*args):
        if any(frame.name == function for frame in traceback.extract_stack()):
            read.append(args[2])

    event.listen(engine, "before_cursor_execute", executed)
    try:
        yield read
    finally:
        event.remove(engine, "before_cursor_execute", executed)


def test_marking_a_signed_in_answer_private_reads_nothing(app):
    """Every answer to a signed-in user is marked private (no shared or history cache); after a use
    case had committed (a step taken, the language chosen), asking whether the user was signed in
    read the expired user again: a query from the web layer on every such answer."""
    client = app.test_client()
    assert login(client, "teacher").status_code in (302, 303)
    with _queried_within(app, "_vary_on_htmx") as read:
        answer = client.post("/locale/en")
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert not read, read


def test_choosing_the_pages_language_reads_nothing_after_a_commit(app):
    """The page's language is the user's saved choice, taken when the request loaded the user: a
    page whose use case committed before its first words (a step taken, then its answer worded)
    read the expired user again to choose it, a query from the web layer."""
    from flask_babel import gettext

    @app.get("/test-commit-then-word")
    def commit_then_word():
        db.session.commit()  # as a use case's own commit: the loaded user's row expires
        return gettext("Yes")

    client = app.test_client()
    assert login(client, "teacher").status_code in (302, 303)
    with _queried_within(app, "select_locale") as read:
        answer = client.get("/test-commit-then-word")
    assert answer.status_code == 200
    assert not read, read
