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
