"""A unit's kept teacher count follows its teachers whatever writes them, and an admin list's
total (the sum of the counts over the units in scope) is the number of teachers it lists."""
from sqlalchemy import delete, func, insert, select, update

from portal import clock
from portal.extensions import db
from portal.models import OrgUnit, Teacher
from portal.services.scope import Scope
from portal.services.teachers import TeacherFilter, teacher_page


def _kept_and_counted():
    kept = dict(db.session.execute(select(OrgUnit.id, OrgUnit.teacher_count)).all())
    counted = dict(db.session.execute(select(Teacher.school_id, func.count()).group_by(Teacher.school_id)).all())
    return kept, {unit: counted.get(unit, 0) for unit in kept}


def test_counts_follow_inserts_moves_and_deletes(app):
    with app.app_context():
        kept, counted = _kept_and_counted()
        assert kept == counted and sum(kept.values()) > 0  # the demo's teachers, counted as they were added
        schools = [u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "school").order_by(OrgUnit.id))]
        first, second = schools[0], schools[1]
        # a bulk insert by the database's own statement, as an import writes
        db.session.execute(insert(Teacher), [
            {"name": f"计数{i}", "gender": "女", "id_number": f"11010119800101{i:04d}", "school_id": first.id} for i in range(3)])
        db.session.execute(update(Teacher).where(Teacher.name == "计数0").values(school_id=second.id))
        db.session.execute(delete(Teacher).where(Teacher.name == "计数1"))
        db.session.flush()
        db.session.expire_all()
        kept_after, counted_after = _kept_and_counted()
        assert kept_after == counted_after
        assert kept_after[first.id] == kept[first.id] + 1 and kept_after[second.id] == kept[second.id] + 1
        db.session.rollback()


def test_list_total_is_what_it_lists(app):
    with app.app_context():
        region = app.extensions["portal.region"]
        top = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.id))
        scope = Scope((top.path,))
        everyone = teacher_page(region, scope, clock.today(), per_page=10_000)
        assert everyone.total == len(everyone.items) == db.session.scalar(select(func.count(Teacher.id)))
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "school", OrgUnit.teacher_count > 0))
        below = teacher_page(region, scope, clock.today(), per_page=10_000, narrowed=TeacherFilter(unit=school))
        assert below.total == len(below.items) == school.teacher_count


def test_org_tree_counts_read_the_kept_counts(app):
    from portal.services.orgs import children_with_counts
    with app.app_context():
        top = db.session.scalar(select(OrgUnit).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.id))
        shown = children_with_counts(top, Scope((top.path,)))
        assert sum(n for _child, n in shown) == db.session.scalar(select(func.count(Teacher.id)))
        for child, n in shown:
            assert n == db.session.scalar(select(func.count(Teacher.id)).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                          .where(OrgUnit.path.startswith(child.path)))
