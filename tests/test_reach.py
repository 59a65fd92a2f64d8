"""Nobody reaches a page of what lies outside their scope by typing its number: every page
addressed by a teacher's, a unit's, a user's or a project's id, asked by every demo account of
every bundled region with every id the demo holds, answers 403 or 404 where none of the
account's roles is over what the id names, and never fails where one is. The rule is written
here from the roles alone, not from the portal's scope code, so a page that forgets to check
its scope fails here whatever the scope code says."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.domain import UserRole
from portal.extensions import db
from portal.models import OrgUnit, Teacher, TrainingProject, User, Workshop
from tests.support import signed_in

REGIONS = ("qingdao", "kaifeng", "ruian", "shanxi")
ACCOUNTS = ("teacher", "school_admin", "principal", "district_admin", "institution", "workshop_leader")
TEACHER_PAGES = ("/admin/teachers/{}", "/admin/teachers/{}/compliance", "/admin/teachers/{}/compliance/previous",
                 "/admin/teachers/{}/facts", "/admin/teachers/{}/ledger", "/admin/teachers/{}/records")
UNIT_PAGES = ("/admin/orgs/{}", "/transcripts/schools/{}")
ORGANISER_PAGES = ("/projects/{}/edit", "/projects/{}/quotas")
# an admin submits the teachers of their scope to a published project and reads them in its class list
CLASS_PAGES = ("/projects/{}/class", "/projects/{}/enrol")
ADMIN_ROLES = {r.value for r in (UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL, UserRole.DISTRICT_ADMIN,
                                 UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)}
REFUSED = (403, 404)


def _demo(make_app, region: str):
    app = make_app(region, demo=True)
    with app.app_context():
        accounts = {}
        for name in ACCOUNTS:
            user = db.session.scalar(select(User).where(User.username == name))
            if user is not None:
                accounts[name] = ({r.role for r in user.roles}, [r.org_unit.path for r in user.roles])
        teachers = db.session.execute(select(func.min(Teacher.id), OrgUnit.path)  # one of each school
                                      .join(OrgUnit, Teacher.school_id == OrgUnit.id).group_by(OrgUnit.path)).all()
        units = db.session.execute(select(OrgUnit.id, OrgUnit.path)).all()
        users = [(u.id, [r.org_unit.path for r in u.roles]) for u in db.session.scalars(select(User))]
        projects = db.session.execute(select(TrainingProject.id, TrainingProject.status, OrgUnit.path)
                                      .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)).all()
        workshops = db.session.scalars(select(Workshop.id)).all()
    return app, accounts, teachers, units, users, projects, workshops


def _each_account(app, accounts: dict):
    """Each demo account signed in: its name, roles, their units' paths, its client and whether
    it is a teacher alone."""
    for name, (roles, paths) in accounts.items():
        yield name, roles, paths, signed_in(app, name), roles <= {UserRole.TEACHER.value}


def _over(paths, path: str) -> bool:
    return any(path.startswith(p) for p in paths)


def _asked(found: list, client, url: str, refused: bool, *where) -> None:
    """``url`` asked: where it must be refused and is not, noted in ``found``."""
    status = _answers(client, url)
    if refused and status not in REFUSED:
        found.append((*where, url, status))


def _answers(client, url: str) -> int:
    status = client.get(url).status_code
    assert status != 500, url
    return status


@pytest.mark.parametrize("region", REGIONS)
def test_no_account_reaches_a_teacher_a_unit_or_a_user_outside_its_roles(make_app, region):
    app, accounts, teachers, units, users, _, _ = _demo(make_app, region)
    found = []
    for name, roles, paths, client, only_teacher in _each_account(app, accounts):
        for teacher, school in teachers:
            for page in TEACHER_PAGES:
                _asked(found, client, page.format(teacher), only_teacher or not _over(paths, school), region, name)
        for unit, path in units:
            for page in UNIT_PAGES:
                _asked(found, client, page.format(unit), only_teacher or not _over(paths, path), region, name)
        for user, held in users:
            outside = not held or not all(_over(paths, p) for p in held)
            _asked(found, client, f"/admin/users/{user}", only_teacher or outside, region, name)
    assert not found


@pytest.mark.parametrize("region", REGIONS)
def test_no_account_organises_a_project_of_a_unit_outside_its_roles(make_app, region):
    app, accounts, _, _, _, projects, workshops = _demo(make_app, region)
    found = []
    for name, roles, paths, client, only_teacher in _each_account(app, accounts):
        for project, status_now, organiser in projects:
            for page in ORGANISER_PAGES:
                _asked(found, client, page.format(project), only_teacher or not _over(paths, organiser), region, name)
            submits = _over(paths, organiser) or bool(roles & ADMIN_ROLES and status_now == "published")
            for page in CLASS_PAGES:
                _asked(found, client, page.format(project), only_teacher or not submits, region, name)
            _asked(found, client, f"/catalog/{project}", only_teacher and status_now != "published", region, name)
        if only_teacher:
            for workshop in workshops:
                _asked(found, client, f"/workshops/{workshop}", True, region, name)
                _asked(found, client, f"/admin/workshops/{workshop}", True, region, name)
    assert not found
