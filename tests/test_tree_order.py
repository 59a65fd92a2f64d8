"""Units are listed in the tree's order, siblings as they were added (as a bureau lists them), not
by their paths' text: kaifeng's quota page read 杞县、尉氏县、通许县、祥符区, the notice's 祥符区
(§二(三)) last, because "/1/2/11/" sorts before "/1/2/9/" as text."""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from portal.models import User
from portal.services.orgs import units_in_scope
from portal.services.scope import tree_order, viewer_scope


def test_siblings_by_their_ids_each_unit_before_those_below_it():
    paths = ["/1/2/11/", "/1/", "/1/2/9/", "/1/2/", "/1/2/9/40/", "/1/10/"]
    ordered = [u.path for u in tree_order(SimpleNamespace(path=p) for p in paths)]
    assert ordered == ["/1/", "/1/2/", "/1/2/9/", "/1/2/9/40/", "/1/2/11/", "/1/10/"]


def test_kaifeng_lists_its_counties_as_the_notice_does(make_app):
    app = make_app("kaifeng", demo=True)
    with app.app_context():
        from portal.extensions import db

        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        names = [u.name for u in units_in_scope(viewer_scope(city))]
    counties = [n for n in names if n in ("祥符区", "杞县", "尉氏县", "通许县")]
    assert counties == ["祥符区", "杞县", "尉氏县", "通许县"], names


def _eleven_schools(app):
    """Eleven schools added below the demo's district, their ids run past a power of ten
    (9991 … 9999, 10000, 10001: as text, ``/…/10000/`` sorts before ``/…/9991/``)."""
    from portal.domain import OrgKind
    from portal.extensions import db
    from portal.services.orgs import add_unit

    district = db.session.scalar(select(User).where(User.username == "district_admin")).roles[0].org_unit
    schools = []
    for n in range(1, 12):
        school = add_unit(district, OrgKind.SCHOOL, f"S{n:02d}", f"第{n}校")
        school.path = f"{district.path}{9990 + n}/"  # the path its id would give past 9990 units
        schools.append(school)
    db.session.flush()
    return district, schools


def test_the_roots_of_a_scope_of_eleven_schools_in_the_trees_order(make_app):
    from portal.services.orgs import scope_roots
    from portal.services.scope import Scope

    app = make_app("kaifeng", demo=True)
    with app.app_context():
        _district, schools = _eleven_schools(app)
        roots = scope_roots(Scope(tuple(s.path for s in schools)))
        assert [u.name for u in roots] == [f"第{n}校" for n in range(1, 12)]


def test_the_schools_waiting_for_activation_in_the_trees_order(make_app):
    from portal.domain import UserRole
    from portal.extensions import db
    from portal.models import Teacher
    from portal.services.activation import schools_waiting

    app = make_app("kaifeng", demo=True)
    with app.app_context():
        district, schools = _eleven_schools(app)
        for n, school in enumerate(schools, start=1):
            db.session.add(Teacher(school=school, name=f"老师{n}", gender="female", id_number=f"T{n:05d}",
                                   stages=["primary"]))
        db.session.flush()
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        assert any(a.role == UserRole.DISTRICT_ADMIN.value and a.org_unit_id == district.id for a in admin.roles)
        names = [w.unit.name for w in schools_waiting(admin) if w.unit.name.startswith("第")]
        assert names == [f"第{n}校" for n in range(1, 12)], names
