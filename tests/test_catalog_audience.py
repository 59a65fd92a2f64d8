"""The catalog offers a project to the teachers its quotas go to (``quotas.audience``): a
county-level training a school hosts is for its district, not city-wide; a city-level one for
the city. A phone trial found a school's county training offered to teachers of other
districts, while its quotas went to the district alone."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select

from portal import clock
from portal.extensions import db
from portal.domain import UserRole
from portal.models import Enrollment, LedgerEntry, OrgUnit, SelectionPhase, Teacher, TrainingProject, User
from portal.models.types import utcnow
from portal.services import catalog, enrollments, quotas, training
from tests.support import on_story_cycle_day, signed_in


def _hosted(app, level: str, name: str) -> int:
    with app.app_context():
        host = db.session.scalar(select(User).where(User.username == "school_admin")).roles[0].org_unit
        project = training.add_project(None, host, name=name, level=level, mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 1), year=2099,
                                       hours=Decimal(6), capacity=30, status="published")
        db.session.commit()
        return project.id


def _teachers(host: OrgUnit) -> tuple[Teacher, Teacher]:
    """A teacher of another school of the host's district, and one of another district."""
    same = db.session.scalars(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(
        OrgUnit.path.startswith(host.parent.path), OrgUnit.id != host.id, Teacher.user_id.is_not(None))
        .order_by(Teacher.id)).first()
    other = db.session.scalars(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id).where(
        ~OrgUnit.path.startswith(host.parent.path), Teacher.user_id.is_not(None)).order_by(Teacher.id)).first()
    return same, other


def _listed(region, teacher: Teacher, name: str) -> bool:
    user = db.session.get(User, teacher.user_id)
    page = catalog.catalog_page(catalog.CatalogQuery(), 100, clock.today(), region, user)
    return any(row.project.name == name for row in page.items)


def test_a_county_training_a_school_hosts_is_offered_to_its_district_only(make_app):
    app = make_app("kaifeng", demo=True)
    county = _hosted(app, "county", "区县级培训（学校承办）")
    city = _hosted(app, "city", "市级培训（学校承办）")
    with app.app_context():
        region = app.extensions["portal.region"]
        project, wide = db.session.get(TrainingProject, county), db.session.get(TrainingProject, city)
        host = project.organiser
        same, other = _teachers(host)
        assert other is not None and same is not None
        assert quotas.audience(project).id == host.parent_id
        # the catalog's audience is the quota's: the district's teachers, not another district's
        assert _listed(region, same, project.name) and not _listed(region, other, project.name)
        assert enrollments.offered_to(region, project, same) and not enrollments.offered_to(region, project, other)
        refusal = next(f for f in enrollments.selection_findings(region, project, other, UserRole.TEACHER, utcnow())
                       if f.code == enrollments.SCHOOL_OWN)
        assert not refusal.ok and host.parent.name in str(refusal.message)
        # a city-level one is the whole city's
        assert _listed(region, other, wide.name) and enrollments.offered_to(region, wide, other)
        username = db.session.get(User, other.user_id).username
    # the catalog page the other district's teacher reads lists the city training, not the county one
    page = signed_in(app, username).get("/catalog").get_data(as_text=True)
    assert "市级培训（学校承办）" in page and "区县级培训（学校承办）" not in page


def test_the_catalog_names_each_projects_program_in_the_regions_words(make_app):
    """A shanxi trial found a new teachers' probation training listed to an experienced teacher
    with nothing on its card saying whom it was for: the card and the page name the program."""
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    listed = teacher.get("/catalog?q=新任教师").get_data(as_text=True)
    assert "新任教师试用期培训" in listed.split('id="results"')[1]
    with app.app_context():
        probation = db.session.scalars(select(TrainingProject.id).where(
            TrainingProject.program == "new_teacher_probation", TrainingProject.status == "published")).first()
    page = teacher.get(f"/catalog/{probation}").get_data(as_text=True)
    assert "<dt>培训项目类型</dt><dd>新任教师试用期培训</dd>" in page


def test_a_card_says_the_credits_a_project_declares(make_app):
    """ruian credits a project by the base credits it declares (§二): a phone trial's teacher had to
    open each training to see them, its card saying only its hours."""
    app = make_app("ruian", demo=True)
    listed = signed_in(app, "teacher").get("/catalog").get_data(as_text=True).split('id="results"')[1]
    with app.app_context():
        declared = {f"{credits.normalize():f}" for credits in db.session.scalars(select(TrainingProject.base_credits).where(
            TrainingProject.status == "published", TrainingProject.end_date >= clock.today()))}
    assert declared and all(f"项目基础学分：{credits}" in listed for credits in declared)
    # in English a label and its figure are told apart ("Credits the project declares 30" ran them together)
    client = signed_in(app, "teacher")
    client.post("/locale/en")
    english = client.get("/catalog").get_data(as_text=True).split('id="results"')[1]
    assert all(f"Credits the project declares: {credits}" in english for credits in declared)


def test_a_layer_not_recorded_says_who_records_it(make_app):
    """A phone trial's teacher read 层次类别尚未登记 with no next step; the school's admin records it."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.layer.is_not(None), TrainingProject.status == "published"))
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == "teacher"))
        teacher.layer = None
        db.session.commit()
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    # a phone trial's teacher read of herself as 该教师 on her own page: she is addressed
    assert "您的层次类别尚未登记：请学校管理员在教师信息中登记" in page
    assert "该教师的层次类别" not in page


def _upcoming(app, condition) -> int:
    """A published project of the demo not started yet that meets ``condition``."""
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.status == "published", TrainingProject.start_date > clock.today(), condition))


def test_the_qingdao_demo_says_a_day_its_story_lies_in_one_cycle():
    """``in_one_cycle_day``: today where the demo's short year and its catalog's trainings lie in
    today's cycle, else the nearest same day of an earlier year where they do (the test above
    reads the demo then)."""
    from datetime import timedelta

    from plugins.qingdao.compliance import cycle
    from plugins.qingdao.demo import in_one_cycle_day, short_year, upcoming
    from portal.domain import story_day

    def in_one(day):
        return (cycle(day).start.year <= short_year(story_day(day))
                and all(p.end <= cycle(day).end for p in upcoming(day)))

    start = clock.today()
    for today in (start + timedelta(days=n) for n in range(0, 6 * 366, 29)):
        day = in_one_cycle_day(today)
        assert in_one(day) and day <= today and (day.month, day.day) in ((today.month, today.day), (2, 28)), today
        assert (day == today) == in_one(today), today
        assert not any(in_one(day.replace(year=y)) for y in range(day.year + 1, today.year) if (day.month, day.day) != (2, 29))


def test_a_projects_page_says_what_it_would_move_of_the_teachers_open_duties(make_app, monkeypatch):
    """What the training gives is not what it adds for this teacher: a region's caps and what
    is met already decide that (an outside region's trial read 10 学时 for a teacher past the
    yearly cap of online hours). The page asks the region's rules, as the suggestions do.
    Read on a day the demo's story and its subject-leader class lie in one cycle: from July of
    a cycle's last year the class ends in the next one and moves none of this cycle's duties,
    and in a new cycle's first years the demo's past years are the previous cycle's."""
    on_story_cycle_day(monkeypatch)
    app = make_app("qingdao", demo=True)
    project_id = _upcoming(app, TrainingProject.program == "subject_leader")
    teacher = signed_in(app, "teacher")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "按本地区规则计入后，对您尚未完成的要求：" in page
    # the A-class floor lacks 30 in the autumn's demo (in January, with the new year's first
    # trainings on record, another figure under 90): a 90-credit training moves it by that, not 90
    floor = next(f for f in teacher.get("/api/me/standing").get_json()["compliance"]["findings"]
                 if f["code"] == "a_class_minimum")
    lacks = Decimal(str(floor["required"])) - Decimal(str(floor["actual"]))
    assert 0 < lacks < 90
    figure = f"{lacks:f}".rstrip("0").rstrip(".") if "." in f"{lacks:f}" else f"{lacks:f}"
    # what the training earns (90) and the shortfall it closes, both: "+30 学分，即可达到要求"
    # read as if the training were worth 30
    assert f"每周期 A 类学分不低于 240：本培训 90 学分，补足尚差的 {figure} 学分，即可达到要求" in page
    assert f"+{figure} 学分，即可达到要求" not in page
    if lacks == 30:
        assert "每周期 A 类学分不低于 240：本培训 90 学分，补足尚差的 30 学分，即可达到要求" in page
    teacher.post("/locale/en")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert f"90 credits from this training cover the {figure} credits still missing: would be met" in page


def test_a_training_completed_and_on_record_says_nothing_more_it_would_add(make_app):
    """A ruian trial's teacher read “+90 学分” on the page of the training whose 90 credits her
    record already held."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        project_id = db.session.scalar(
            select(Enrollment.project_id).join(LedgerEntry, LedgerEntry.enrollment_id == Enrollment.id)
            .join(Teacher, Enrollment.teacher_id == Teacher.id).join(User, Teacher.user_id == User.id)
            .join(TrainingProject, TrainingProject.id == Enrollment.project_id)
            .where(User.username == "teacher", TrainingProject.status == "published", LedgerEntry.amount > 0).limit(1))
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "登记记录" in page
    assert "按本地区规则计入后" not in page


def test_a_project_not_started_says_what_passing_would_earn_not_a_result(make_app):
    """A kaifeng phone trial's teacher read, on an all-staff project starting next year,
    “平台报送的综合考核结果：合格” among the steps of what it would earn: the steps of a preview say
    the pass as a condition."""
    app = make_app("kaifeng", demo=True)
    project_id = _upcoming(app, TrainingProject.category == "all_staff_online")
    page = signed_in(app, "teacher").get(f"/catalog/{project_id}").get_data(as_text=True)
    earn = page.split('id="decision"')[0]
    assert "平台报送的综合考核结果" not in earn and "平台记录在线学习" not in earn
    assert "若综合考核合格" in earn


def test_each_card_says_whether_the_teacher_may_take_it_as_its_page_does(make_app):
    """A shanxi trial's experienced teacher found the new teachers' probation training in the
    catalog with nothing on its card saying it was not for her: she learnt it only on its page.
    Each card now says where the teacher stands (selected, or the first reason refusing them),
    and the JSON list says the same as each project's own answer."""
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    listed = teacher.get("/api/projects").get_json()["items"]
    assert listed and all("may_select" in p and "refusals" in p for p in listed)
    for project in listed:
        detail = teacher.get(f"/api/projects/{project['id']}").get_json()
        assert project["may_select"] == detail["may_select"], project["name"]
        assert project["refusals"] == [f for f in detail["findings"] if not f["ok"]] or project["selected"]
    probation = next(p for p in listed if p["program"] == "new_teacher_probation")
    assert not probation["may_select"]
    reason = next(f["message"] for f in probation["refusals"] if f["code"] == "selection_probation_year")
    cards = teacher.get("/catalog?q=新任教师").get_data(as_text=True).split('id="results"')[1]
    assert f"目前不能选：{reason}" in cards
    # an admin browsing is judged on nothing: the list says nothing of selecting
    admin = signed_in(app, "school_admin").get("/api/projects").get_json()["items"]
    assert admin and not any("may_select" in p for p in admin)


def test_a_card_says_the_teacher_selected_it(make_app):
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    project = next(p for p in teacher.get("/api/projects").get_json()["items"] if p["may_select"])
    assert teacher.post(f"/api/projects/{project['id']}/selections", json={}).status_code == 201
    row = next(p for p in teacher.get("/api/projects").get_json()["items"] if p["id"] == project["id"])
    assert row["selected"] and row["may_select"] is False and row["refusals"] == []
    card = teacher.get("/catalog").get_data(as_text=True).split(f'/catalog/{project["id"]}"')[1].split("</li>")[0]
    # qingdao's selection is a request to the school (2018 附件2 四2), as its button says: 已申请
    assert "已申请：" in card and "目前不能" not in card and "已选：" not in card


def test_a_refusal_every_card_shares_is_said_once_above_them(make_app):
    """Between ruian's rounds no training may be selected: said once, not on each card."""
    app = make_app("ruian", demo=True)
    with app.app_context():
        db.session.execute(delete(SelectionPhase).where(
            SelectionPhase.kind.in_(["round1_selection", "round2_selection"])))
        db.session.commit()
    teacher = signed_in(app, "teacher")
    listed = teacher.get("/api/projects").get_json()["items"]
    assert len(listed) > 1 and not any(p["may_select"] for p in listed)
    cards = teacher.get("/catalog").get_data(as_text=True).split('id="results"')[1]
    assert cards.count("以下培训目前都不能选：") == 1 and "目前不能选：" not in cards.replace("以下培训目前都不能选：", "")
