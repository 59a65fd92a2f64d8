"""Kaifeng's city all-staff projects come with their seats allocated to the units
(kaifeng-2018-online-training.txt §四(二)1 系统内已设置两个培训项目……名额已分配到各单位系统中，名额如果不够
请及时与教师教育科联系进行修改). An examiner found a city project with no quota allocated letting any unit
submit up to its whole capacity: a unit the bureau has allocated none is refused, saying so, until
the bureau allocates it seats on the project's quota page. The demo's projects come allocated,
so its school and district admins submit their teachers."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from portal import clock
from portal.domain import Level, OrgKind
from portal.extensions import db
from portal.models import Enrollment, OrgUnit, ProjectQuota, Teacher, TrainingProject, User
from tests.support import signed_in, unmarked
from tests.test_page_language import chinese_left

NOT_ALLOCATED = "名额尚未分配到本单位"


def _upcoming(app) -> tuple[int, dict[str, int], int, int]:
    """The next training's junior/primary/kindergarten project, the ids of the units by code, and
    two primary teachers of the demo's school (鼓楼区实验小学)."""
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.program == "all_staff_jpk", TrainingProject.status == "published",
            TrainingProject.start_date > clock.today()))
        units = dict(db.session.execute(select(OrgUnit.code, OrgUnit.id)).all())
        first, second = db.session.scalars(
            select(Teacher.id).join(User, Teacher.user_id == User.id)
            .where(Teacher.school_id == units["kf-gl-s1"], User.username != "teacher").order_by(Teacher.id)).all()[:2]
        return project_id, units, first, second


def _enrolled(app, project_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Enrollment.id)).where(Enrollment.project_id == project_id))


def test_the_demos_projects_come_with_their_seats_allocated_so_school_and_district_admins_submit(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, units, first, second = _upcoming(app)
    with app.app_context():
        held = dict(db.session.execute(select(OrgUnit.code, ProjectQuota.seats)
                                       .join(OrgUnit, ProjectQuota.org_unit_id == OrgUnit.id)
                                       .where(ProjectQuota.project_id == project_id)).all())
    assert held["kf-gl"] > 0 and "kf-xf" not in held  # 祥符区 organises its own (§二(三))
    school = signed_in(app, "school_admin")
    assert NOT_ALLOCATED not in school.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]}).status_code == 303
    district = signed_in(app, "district_admin")
    assert district.post(f"/projects/{project_id}/enrol", data={"teacher": [str(second)]}).status_code == 303
    assert _enrolled(app, project_id) == 2
    with app.app_context():  # both seats from the district's quota
        assert db.session.scalar(select(ProjectQuota.taken).where(ProjectQuota.project_id == project_id,
                                                                  ProjectQuota.org_unit_id == units["kf-gl"])) == 2


def test_a_unit_the_bureau_allocated_no_seats_is_refused_until_it_allocates_some_on_the_quota_page(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, units, first, second = _upcoming(app)
    city = signed_in(app, "city_admin")
    # the bureau takes back 鼓楼区's seats, the other districts keeping theirs
    page = city.get(f"/projects/{project_id}/quotas").get_data(as_text=True)
    assert f'name="unit-{units["kf-gl"]}"' in page and f'name="unit-{units["kf-gl-s1"]}"' in page
    assert city.post(f"/projects/{project_id}/quotas", data={f"unit-{units['kf-gl']}": ""}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(ProjectQuota.id)).where(ProjectQuota.project_id == project_id)) > 0

    school = signed_in(app, "school_admin")
    offered = school.get(f"/projects/{project_id}/enrol").get_data(as_text=True)
    assert NOT_ALLOCATED in offered and str(first) not in re.findall(r'name="teacher" value="(\d+)"', offered)
    refused = school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]})
    said = refused.get_data(as_text=True)
    assert refused.status_code == 409 and NOT_ALLOCATED in said and "名额已用完" not in said
    assert "四(二)1" in said  # the clause, cited
    assert signed_in(app, "district_admin").post(f"/projects/{project_id}/enrol",
                                                 data={"teacher": [str(second)]}).status_code == 409
    api = school.post(f"/api/projects/{project_id}/selections", json={"teacher": first})
    assert api.status_code == 422 and "selection_quota_unallocated" in api.get_data(as_text=True)
    assert _enrolled(app, project_id) == 0

    # the bureau allocates the school its seats on the same page: the school submits within them
    assert city.post(f"/projects/{project_id}/quotas", data={f"unit-{units['kf-gl-s1']}": "1"}).status_code == 303
    assert school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(first)]}).status_code == 303
    full = school.post(f"/projects/{project_id}/enrol", data={"teacher": [str(second)]})
    assert full.status_code == 409 and "名额已用完" in full.get_data(as_text=True)  # its one seat is taken
    assert _enrolled(app, project_id) == 1


# A phone trial's city admin was offered 祥符区、杞县、尉氏县、通许县 and their schools on the city
# project's quota page, though their teachers take the training their county organises itself
# (§二(三)) and a submission of them is refused: the page offers only the units the region's
# rules accept (``portal_unit_findings``), and a quota set for another is refused, naming why
# and the clause, in Chinese and English.
COUNTIES = ("kf-xf", "kf-qx", "kf-ws", "kf-tx")


def test_the_quota_page_offers_only_the_units_the_city_project_is_for(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, units, _first, _second = _upcoming(app)
    city = signed_in(app, "city_admin")
    page = unmarked(city.get(f"/projects/{project_id}/quotas").get_data(as_text=True))
    offered = set(re.findall(r'name="unit-(\d+)"', page))
    assert str(units["kf-gl"]) in offered and str(units["kf-gl-s1"]) in offered and str(units["kf-hdfz"]) in offered
    assert not offered & {str(units[c]) for c in (*COUNTIES, "kf-xf-s1")}
    # the page says which units are left out, why, and the clause
    assert "不在本项目范围内" in page and "祥符区的教师参加祥符区自行组织的全员培训" in page and "二(三)" in page
    assert all(name in page for name in ("杞县", "尉氏县", "通许县"))

    for unit in ("kf-xf", "kf-xf-s1"):
        refused = city.post(f"/projects/{project_id}/quotas", data={f"unit-{units[unit]}": "5"})
        said = refused.get_data(as_text=True)
        assert refused.status_code == 422, unit
        assert "本项目的名额不分配到该单位" in said and "自行组织的全员培训" in said and "二(三)" in said
    with app.app_context():
        held = set(db.session.scalars(select(ProjectQuota.org_unit_id).where(ProjectQuota.project_id == project_id)))
        assert not held & {units[c] for c in (*COUNTIES, "kf-xf-s1")}
    city.post("/locale/en", data={"next": "/"})
    english = city.post(f"/projects/{project_id}/quotas", data={f"unit-{units['kf-qx']}": "5"}).get_data(as_text=True)
    assert not chinese_left(english), "the unit's names marked as data, the rest in English"
    english = unmarked(english)
    assert "this project&#39;s seats do not go to this unit" in english
    assert "take the all-staff training 杞县 runs itself" in english and "2(3)" in english
    assert "not the city bureau&#39;s project" in english and "&amp;#39;" not in english  # escaped once


def test_a_quota_a_left_out_unit_held_before_is_listed_with_why_and_only_removed(make_app):
    app = make_app("kaifeng", demo=True)
    project_id, units, _first, _second = _upcoming(app)
    with app.app_context():  # set before the rule (an older portal offered the county)
        db.session.add(ProjectQuota(project_id=project_id, org_unit_id=units["kf-xf"], seats=4, taken=0))
        db.session.commit()
    city = signed_in(app, "city_admin")
    page = unmarked(city.get(f"/projects/{project_id}/quotas").get_data(as_text=True))
    row = page.split(f'id="unit-{units["kf-xf"]}"')[1].split("</li>")[0]
    assert "此前在此设置的名额只能删除" in row
    assert "祥符区的教师参加祥符区自行组织的全员培训" in row
    assert city.post(f"/projects/{project_id}/quotas", data={f"unit-{units['kf-xf']}": "6"}).status_code == 422
    assert city.post(f"/projects/{project_id}/quotas", data={f"unit-{units['kf-xf']}": ""}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(ProjectQuota.id)).where(
            ProjectQuota.project_id == project_id, ProjectQuota.org_unit_id == units["kf-xf"])) == 0


def test_a_countys_own_project_and_other_training_leave_no_unit_out():
    """The rule is the city all-staff project's (§二(三)): a county's own all-staff project, and a
    city training of no all-staff program, are for every unit under it; the city project is for
    a school of 鼓楼区 and not for one of 祥符区, by the name it sits under."""
    from portal.domain import UnitFacts
    from tests.regions.test_kaifeng_enrollment import project, region

    kf = region()
    school = UnitFacts("开封市祥符区第一初级中学", OrgKind.SCHOOL, ("祥符区", "开封市"))
    county = UnitFacts("杞县", OrgKind.DISTRICT, ("开封市",))
    refused = kf.unit_findings(project(), county)
    assert [f.ok for f in refused] == [False] and "杞县" in str(refused[0].message) and "二(三)" in refused[0].source
    assert not kf.unit_findings(project(), school)[0].ok
    assert kf.unit_findings(project(), UnitFacts("开封市鼓楼区实验小学", OrgKind.SCHOOL, ("鼓楼区", "开封市"))) == []
    assert kf.unit_findings(project(level=Level.COUNTY), school) == []
    assert kf.unit_findings(project(program=None), county) == []
