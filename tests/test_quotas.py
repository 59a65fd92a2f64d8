"""Quotas per org unit (名额分配) on every level: a selection takes a seat of the quota of each
unit on the teacher's school path that holds one (the school's, the district's, the city's),
all or none; a quota set when seats are already held counts them; a unit's quota never
exceeds the quota above it; a quota may be removed, its seats then counted above; released
seats return on every level. Shanxi: teachers select for themselves."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Enrollment, OrgUnit, ProjectQuota, Teacher, TrainingProject, User
from portal.services import enrollments, quotas, training
from tests.support import login


def _setup(app, capacity=30):
    """A published project of 小店区 (the demo's district admin's), and its two schools' teachers."""
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        district = admin.roles[0].org_unit
        project = training.add_project(None, district, name="两级名额", level="county", mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), capacity=capacity, status="published")
        schools = db.session.scalars(select(OrgUnit).where(OrgUnit.path.startswith(district.path),
                                                           OrgUnit.kind == "school").order_by(OrgUnit.path)).all()
        teachers = {s.id: db.session.scalars(select(Teacher.user_id).where(Teacher.school_id == s.id,
                                                                            Teacher.user_id.is_not(None))
                                             .order_by(Teacher.id)).all() for s in schools}
        db.session.commit()
        return project.id, district.id, [s.id for s in schools], teachers


def _set(app, project_id, seats):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        quotas.set_quotas(app.extensions["portal.region"], admin, project_id, seats)


def _select(app, project_id, user_id) -> str:
    with app.app_context():
        try:
            enrollments.select_project(app.extensions["portal.region"], db.session.get(User, user_id), project_id)
        except enrollments.SelectionRefused as refused:
            return "+".join(f.code for f in refused.findings)
        return "seat"


def _taken(app, project_id) -> dict[int, tuple[int, int]]:
    with app.app_context():
        return {q.org_unit_id: (q.seats, q.taken) for q in db.session.scalars(
            select(ProjectQuota).where(ProjectQuota.project_id == project_id))}


def test_a_seat_is_taken_on_every_level_holding_a_quota(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {district: 3, first: 2})
    assert [_select(app, project_id, u) for u in teachers[first][:3]] == ["seat", "seat", "selection_quota"]
    assert _taken(app, project_id) == {district: (3, 2), first: (2, 2)}
    # the second school has no quota of its own: the district's last seat is its
    assert [_select(app, project_id, u) for u in teachers[second][:2]] == ["seat", "selection_quota"]
    assert _taken(app, project_id) == {district: (3, 3), first: (2, 2)}
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 3


def test_a_refused_level_takes_no_seat_on_the_others(make_app):
    """The school's quota has seats, the district's has none: nothing is taken anywhere."""
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {district: 1, first: 1, second: 1})
    assert _select(app, project_id, teachers[second][0]) == "seat"
    with app.app_context():  # past the findings, straight to the seat: the district is full
        teacher = db.session.scalar(select(Teacher).where(Teacher.user_id == teachers[first][0]))
        enrollment = Enrollment(project_id=project_id, teacher_id=teacher.id, status="enrolled", role="participant")
        short = enrollments.hold_seat(enrollment, db.session.get(TrainingProject, project_id), teacher)
        assert short is not None and short.code == "selection_quota"
        assert {q.org_unit_id: q.taken for q in db.session.scalars(
            select(ProjectQuota).where(ProjectQuota.project_id == project_id))} == {district: 1, first: 0, second: 1}
        assert db.session.scalar(select(TrainingProject.taken).where(TrainingProject.id == project_id)) == 1
        db.session.rollback()


def test_seats_held_before_a_quota_is_set_are_counted(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    assert [_select(app, project_id, u) for u in teachers[first][:2] + teachers[second][:1]] == ["seat"] * 3
    with pytest.raises(quotas.QuotaRefused) as refused:
        _set(app, project_id, {first: 1})
    assert (refused.value.code, refused.value.seats, refused.value.limit) == ("held", 1, 2)
    _set(app, project_id, {district: 4, first: 2})
    assert _taken(app, project_id) == {district: (4, 3), first: (2, 2)}
    assert _select(app, project_id, teachers[first][2]) == "selection_quota"
    assert _select(app, project_id, teachers[second][1]) == "seat"
    assert _select(app, project_id, teachers[second][2]) == "selection_quota"  # the district's 4 are held


def test_a_units_quota_cannot_exceed_its_parents(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    with pytest.raises(quotas.QuotaRefused) as refused:
        _set(app, project_id, {district: 3, first: 5})
    assert (refused.value.code, refused.value.seats, refused.value.limit) == ("above_parent", 5, 3)
    assert _taken(app, project_id) == {}  # nothing of the refused request was kept
    _set(app, project_id, {district: 3, first: 3})
    with pytest.raises(quotas.QuotaRefused):  # lowering the parent under its child is the same refusal
        _set(app, project_id, {district: 2})
    assert _taken(app, project_id) == {district: (3, 0), first: (3, 0)}


def test_a_quota_with_seats_taken_may_be_removed_and_its_seats_count_above(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {district: 3, first: 2})
    assert [_select(app, project_id, u) for u in teachers[first][:2]] == ["seat", "seat"]
    _set(app, project_id, {first: None})
    assert _taken(app, project_id) == {district: (3, 2)}
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "project.quotas")
                                   .order_by(AuditEvent.id.desc())).first()
        assert event.before["quotas"] == {str(district): 3, str(first): 2}
        assert event.after["quotas"] == {str(district): 3}
    assert _select(app, project_id, teachers[first][2]) == "seat"  # the school's own limit is gone
    assert _select(app, project_id, teachers[first][3]) == "selection_quota"  # the district's is not
    # a withdrawal gives the seat back on every level it counts in
    _set(app, project_id, {first: 3})
    assert _taken(app, project_id) == {district: (3, 3), first: (3, 3)}
    with app.app_context():
        enrollment_id = db.session.scalar(select(Enrollment.id).join(Teacher).where(
            Enrollment.project_id == project_id, Teacher.user_id == teachers[first][0]))
        enrollments.move(app.extensions["portal.region"], db.session.get(User, teachers[first][0]),
                         enrollment_id, "withdrawn")  # shanxi's 退选
    assert _taken(app, project_id) == {district: (3, 2), first: (3, 2)}
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).taken == 2


def test_the_quota_page_says_why_a_quota_is_refused_and_keeps_what_was_typed(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    client = app.test_client()
    login(client, "district_admin")
    answer = client.post(f"/projects/{project_id}/quotas", data={f"unit-{district}": "3", f"unit-{first}": "5"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "太原市小店区第一中学" in page and "小店区" in page and "不能超过" in page
    assert f'name="unit-{first}" min="0" max="99999" inputmode="numeric" value="5"' in page
    client.post("/locale/en", data={"next": "/"})
    english = client.post(f"/projects/{project_id}/quotas", data={f"unit-{district}": "3", f"unit-{first}": "5"})
    assert english.status_code == 422 and "cannot exceed its parent" in english.get_data(as_text=True)


def _institution_project(app, base_credits=None) -> tuple[int, int, int, int]:
    """A published project of the demo's training institution: its id, the institution's unit,
    the unit above it and the demo teacher's school."""
    with app.app_context():
        institution = db.session.scalar(select(User).where(User.username == "institution")).roles[0].org_unit
        teacher = db.session.scalar(select(Teacher).join(User).where(User.username == "teacher"))
        project = training.add_project(None, institution, name="名额到学校", level="city", mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), base_credits=base_credits, capacity=30, status="published")
        db.session.commit()
        return project.id, institution.id, institution.parent_id, teacher.school_id


def test_an_institution_allocates_its_projects_seats_to_the_units_whose_teachers_take_it(make_app):
    """A training institution holds no teachers: its quotas go to the bureau it stands under
    and the units below it, never to itself (a quota there shut out every teacher)."""
    app = make_app("shanxi", demo=True)
    project_id, institution, above, school = _institution_project(app)
    with app.app_context():
        region = app.extensions["portal.region"]
        staff = db.session.scalar(select(User).where(User.username == "institution"))
        teacher = db.session.scalar(select(Teacher).join(User).where(User.username == "teacher"))
        _project, rows = quotas.quota_rows(staff, region, project_id)
        offered = {row.unit_id for row in rows}
        assert institution not in offered and above in offered and school in offered
        with pytest.raises(quotas.ProjectRefused):
            quotas.set_quotas(region, staff, project_id, {institution: 5})
        quotas.set_quotas(region, staff, project_id, {school: 2})
        assert quotas.left_for(project_id, teacher) == 2


def test_ruian_s_bureau_allocates_an_institutions_seats_and_the_institution_is_not_offered_it(make_app):
    """Ruian: an institution declares its classes and asks for more, the bureau grants them;
    the region's reading: only the bureau shares an institution's seats out among zones and
    schools."""
    app = make_app("ruian", demo=True)
    project_id, institution, above, school = _institution_project(app, base_credits=Decimal(24))
    with app.app_context():
        region = app.extensions["portal.region"]
        staff = db.session.scalar(select(User).where(User.username == "institution"))
        bureau = db.session.scalar(select(User).where(User.username == "city_admin"))
        with pytest.raises(quotas.ProjectRefused):
            quotas.quota_rows(staff, region, project_id)
        with pytest.raises(quotas.ProjectRefused):
            quotas.set_quotas(region, staff, project_id, {school: 2})
        _project, rows = quotas.quota_rows(bureau, region, project_id)
        assert {above, school} <= {row.unit_id for row in rows} and institution not in {row.unit_id for row in rows}
        quotas.set_quotas(region, bureau, project_id, {school: 2})
    institution_page, bureau_page = app.test_client(), app.test_client()
    login(institution_page, "institution")
    login(bureau_page, "city_admin")
    link = f'href="/projects/{project_id}/quotas"'
    assert link not in institution_page.get(f"/projects/{project_id}").get_data(as_text=True)
    assert link in bureau_page.get(f"/projects/{project_id}").get_data(as_text=True)
    assert institution_page.get(f"/projects/{project_id}/quotas").status_code == 404


def test_kaifeng_a_city_level_project_a_school_hosts_allocates_its_seats_across_the_city(make_app):
    """The catalog offers a school's city-level training to every teacher of the city, so its
    quotas go to the city and the units below it, not to the host school alone."""
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        host = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        project = training.add_project(None, host, name="市级培训（学校承办）", level="city", mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), capacity=30, status="published")
        db.session.commit()
        other = db.session.scalars(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(
            ~OrgUnit.path.startswith(host.parent.path)).order_by(Teacher.id)).first()  # another district's
        assert enrollments.offered_to(region, project, other)
        assert quotas.audience(project).kind == "city"
        _project, rows = quotas.quota_rows(city, region, project.id)
        offered = {row.unit_id for row in rows}
        assert {host.id, host.parent_id, other.school_id, other.school.parent_id} <= offered
        quotas.set_quotas(region, city, project.id, {host.id: 3, other.school_id: 2})
        assert quotas.left_for(project.id, other) == 2


def test_a_county_project_a_school_hosts_is_for_its_district_and_a_schools_own_for_the_school(make_app):
    app = make_app("shanxi", demo=True)
    with app.app_context():
        school = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        county, own = (training.add_project(None, school, name=f"{level}培训", level=level, mode="centralized",
                                            start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                            hours=Decimal(6), capacity=30, status="published")
                       for level in ("county", "school"))
        assert quotas.audience(county).id == school.parent_id and school.parent.kind == "district"
        assert quotas.audience(own).id == school.id


def test_a_quota_an_institution_gave_its_own_unit_before_is_shown_and_may_only_be_removed(make_app):
    """Set before the reach left out institutions: in force (it shuts every teacher out), so
    the page lists it, leaves it as it is or removes it, and refuses changing it."""
    app = make_app("shanxi", demo=True)
    project_id, institution, above, school = _institution_project(app)
    with app.app_context():
        db.session.add(ProjectQuota(project_id=project_id, org_unit_id=institution, seats=5, taken=0))
        db.session.commit()
    page = app.test_client()
    login(page, "institution")
    shown = page.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    assert f'name="unit-{institution}" min="5" max="5"' in shown and "只能删除" in shown
    with app.app_context():
        region = app.extensions["portal.region"]
        staff = db.session.scalar(select(User).where(User.username == "institution"))
        teacher = db.session.scalar(select(Teacher).join(User).where(User.username == "teacher"))
        assert quotas.left_for(project_id, teacher) == 0
        _project, rows = quotas.quota_rows(staff, region, project_id)
        row = next(r for r in rows if r.unit_id == institution)
        assert (row.seats, row.within) == (5, False) and next(r for r in rows if r.unit_id == school).within
        with pytest.raises(quotas.ProjectRefused):
            quotas.set_quotas(region, staff, project_id, {institution: 6})
        quotas.set_quotas(region, staff, project_id, {institution: 5, school: 2})  # the page posts it unchanged
        assert _taken(app, project_id) == {institution: (5, 0), school: (2, 0)}
        quotas.set_quotas(region, staff, project_id, {institution: None})
        assert _taken(app, project_id) == {school: (2, 0)}
        assert quotas.left_for(project_id, teacher) == 2


def test_ruian_s_school_allocates_the_seats_of_its_own_training(make_app):
    """Ruian's bureau allocates an institution's seats; a school's own training (校本培训) is
    allocated, as elsewhere, by the school that organises it."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        region = app.extensions["portal.region"]
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        school = admin.roles[0].org_unit
        project = training.add_project(None, school, name="校本培训", level="school", mode="school_based",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), base_credits=Decimal(6), capacity=30, status="published")
        db.session.commit()
        _project, rows = quotas.quota_rows(admin, region, project.id)
        assert rows[0].unit_id == school.id
        quotas.set_quotas(region, admin, project.id, {school.id: 10})
        assert _taken(app, project.id) == {school.id: (10, 0)}


def test_the_quota_page_shows_the_projects_seats_and_those_each_unit_holds_quota_or_not(make_app):
    """The admin allocating seats reads the project's total (classes × seats a class) and, for
    every unit, the seats its teachers already hold, a quota set there or not: one query."""
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app, capacity=30)
    with app.app_context():
        project = db.session.get(TrainingProject, project_id)
        project.classes, project.class_size = 2, 15
        db.session.commit()
    assert [_select(app, project_id, u) for u in teachers[first][:2] + teachers[second][:1]] == ["seat"] * 3
    _set(app, project_id, {first: 5})
    with app.app_context():
        region = app.extensions["portal.region"]
        assert quotas.seats_held_below(region, project_id, [district, first, second]) == {
            district: 3, first: 2, second: 1}
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/en", data={"next": "/"})
    page = client.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    assert "2 classes of 15 seats" in page and "3 of 30 seats taken" in page
    unit = {u: page.split(f'id="unit-{u}"')[1].split("</li>")[0] for u in (district, first, second)}
    assert "3 taken" in unit[district] and "2 taken" in unit[first] and "1 taken" in unit[second]
    # a unit without a quota is offered no less than its teachers hold already
    assert f'name="unit-{second}" min="1"' in page


def test_no_quota_holds_more_seats_than_the_project(make_app):
    """Phone trial: a school's quota of 60 on a project of 50 seats was saved."""
    app = make_app("shanxi", demo=True)
    project_id, district, (first, _second), _teachers = _setup(app, capacity=50)
    with pytest.raises(quotas.QuotaRefused) as refused:
        _set(app, project_id, {first: 60})
    assert (refused.value.code, refused.value.seats, refused.value.limit) == ("over_capacity", 60, 50)
    assert _taken(app, project_id) == {}
    client = app.test_client()
    login(client, "district_admin")
    answer = client.post(f"/projects/{project_id}/quotas", data={f"unit-{first}": "60"})
    assert answer.status_code == 422 and "60 个名额，超过本项目的 50 个名额" in answer.get_data(as_text=True)
    _set(app, project_id, {first: 50, district: 50})
    assert _taken(app, project_id) == {district: (50, 0), first: (50, 0)}


def test_whoever_allocates_reads_on_the_project_page_that_no_unit_holds_seats_yet(make_app):
    """kaifeng refuses a unit no seats were allocated to (§四(二)1): the bureau that allocates is
    told on the project's page while none is, with the way to the quota page."""
    app = make_app("kaifeng", demo=True)
    project_id, _district, schools, _teachers = _setup(app)
    client = app.test_client()
    login(client, "district_admin")
    client.post("/locale/zh_Hans_CN")
    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "尚未向任何单位分配该培训的名额" in page and f"/projects/{project_id}/quotas" in page
    _set(app, project_id, {schools[0]: 3})
    assert "尚未向任何单位分配" not in client.get(f"/projects/{project_id}").get_data(as_text=True)
