"""Fixes from a phone trial of kaifeng and shanxi (375 px): what a teacher or an admin of these
two regions read wrongly before."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Teacher, User
from portal.models import TrainingProject as Project
from portal.services import ledger
from portal.services.teachers import standing_labels
from tests.support import signed_in, text, unmarked


def test_an_ended_cycles_limit_does_not_say_so_far(make_app):
    """The previous cycle's self-study limit said 上限：目前全部计入 ("so far") of a cycle that
    had ended; a limit that took nothing off says nothing there, today's cycle still says it."""
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    previous = text(client.get("/me/compliance/previous"))
    assert "周期内自主研修成果认定的学分不超过 20 学分" in previous
    assert "目前全部计入" not in previous
    assert "上限：目前全部计入" in text(client.get("/me/compliance"))
    client.post("/locale/en")
    assert "so far" not in text(client.get("/me/compliance/previous"))


def test_the_quota_page_names_the_units_left_out_and_keeps_why_behind_a_tap(make_app):
    """kaifeng's quota page read four long citations (one per county that runs its own training,
    §二(三)) before the first quota on a phone: the units are named in one line, why and the
    clause open on a tap."""
    import re

    from tests.test_kaifeng_unit_quotas import _upcoming

    app = make_app("kaifeng", demo=True)
    project_id, _units, _first, _second = _upcoming(app)
    page = unmarked(signed_in(app, "city_admin").get(f"/projects/{project_id}/quotas").get_data(as_text=True))
    panel = re.search(r'<details class="panel left-out"><summary>(.*?)</summary>(.*?)</details>', page, re.S)
    assert panel is not None
    summary, body = panel.groups()
    assert all(name in summary for name in ("祥符区", "杞县", "尉氏县", "通许县")) and "二(三)" not in summary
    assert "祥符区的教师参加祥符区自行组织的全员培训" in body and "二(三)" in body


def test_kaifeng_rules_page_says_the_portal_does_not_hold_the_henan_documents(make_app):
    """The rules page read 该办法未收录 / 河南省文件未收录 (as if the rules were left out) of the Henan
    documents the notice rests on, by a name (河南省学时登记办法) the notice does not give them; it
    now says the portal does not hold their text, by their title, and who decides (教育局)."""
    app = make_app("kaifeng", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    page = text(client.get("/rules/"))
    assert "未收录" not in page and "河南省学时登记办法" not in page and "收录文件" not in page
    assert "本平台未收入" in page and "《河南省中小学教师继续教育学时登记管理暂行意见》" in page
    assert "本市教育局" in page
    client.post("/locale/en")
    english = text(client.get("/rules/"))
    assert "not included" not in english and "the portal does not hold" in english


def test_shanxi_words_of_the_document_for_what_the_school_registers(make_app):
    """§三(三) 研训经历学分 (credits by the hours) and §五(二) 培训个人档案, 继续教育证书 (what the school
    records credits in) name what the pages show; the school-year setting is a month."""
    from datetime import date
    from decimal import Decimal

    from portal.domain import Activity, ActivityRole, Grade, Level, Mode
    from plugins.shanxi import conversion, parameters, workflow

    result = conversion.convert(Activity(level=Level.CITY, mode=Mode.CENTRALIZED, hours=Decimal(24),
                                         role=ActivityRole.PARTICIPANT, grade=Grade.PASS, end=date(2025, 6, 30)),
                                date(2025, 6, 30))
    assert any("研训经历学分" in str(step.text) for step in result.steps)
    notes = [str(t.note) for t in workflow.AUDIT_WORKFLOW.transitions if t.note]
    assert any("培训个人档案" in n and "继续教育证书" in n for n in notes)
    assert parameters.SCHOOL_YEAR_START_MONTH.display(9) == "9 月"


def test_a_shanxi_project_declares_credits_recognised_in_the_documents_word(make_app):
    """§四(三)(四): what a shanxi project declares is credits the county recognises (认定学分); the
    core's 项目基础学分 read as §四(二)'s 基本学分, the figure the hours give. The form, the terms
    and the catalog read the region's word (portal_project_labels); another region keeps the core's."""
    import re

    app = make_app("shanxi", demo=True)
    admin = signed_in(app, "district_admin")
    admin.post("/locale/zh_Hans_CN")
    form = admin.get("/projects/new").get_data(as_text=True)
    assert re.search(r'<label[^>]*for="base_credits"[^>]*>\s*认定学分', form) and "项目基础学分" not in form
    with app.app_context():
        declared = db.session.scalar(select(Project.id).where(Project.base_credits.is_not(None)))
        listed = db.session.scalar(select(Project).where(Project.status == "published",
                                                         Project.start_date > clock.today()).order_by(Project.id))
        listed.base_credits = Decimal(2)  # a listed project declaring a figure, as the catalog shows it
        listed_name = listed.name
        db.session.commit()
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/zh_Hans_CN")
    catalog = text(teacher.get(f"/catalog?q={listed_name}"))
    assert listed_name in catalog and "认定学分：2" in catalog and "项目基础学分" not in catalog
    terms = text(admin.get(f"/projects/{declared}"))
    assert "认定学分" in terms and "项目基础学分" not in terms


def test_a_region_naming_no_project_field_keeps_the_cores_words(make_app):
    other = signed_in(make_app("qingdao", demo=True), "district_admin")
    other.post("/locale/zh_Hans_CN")
    assert "项目基础学分" in other.get("/projects/new").get_data(as_text=True)


def test_the_duties_page_counts_the_entries_still_in_their_audit(make_app):
    """shanxi t0040's 转正定级 read 还需 60 学时 while a 40-hour entry waited for the county: the
    duties page says how many entries are still in their audit and that they count once they pass."""
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "t0040")
    client.post("/locale/zh_Hans_CN")
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id).where(User.username == "t0040"))
        region = app.extensions["portal.region"]
        states = standing_labels(region).auditing_states
        waiting = ledger.count_in_audit(teacher.id, states, region.cycle(clock.today(), teacher.facts()).start)
    assert waiting >= 1
    assert f"另有 {waiting} 条记录尚未走完审核流程，审核通过后计入" in text(client.get("/me/compliance"))
