"""qingdao: a teacher's layer and category (分层分类) and a project's are chosen from the
groups the Shinan standard table names (2017 annex 1 rows 1–4): a phone trial typed 新任教师 for
a teacher and 新教师 for a project, which never matched. A value kept from before the list stays
shown and kept until changed; a sheet's value outside the list is a row to correct."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Teacher, TrainingProject
from tests.support import first_organiser, login, signed_in, teacher_id
from tests.test_imports import TEACHER_HEADINGS, counts, sheet, teacher_row, upload

LAYERS = ["新教师", "骨干教师", "学科带头人", "班主任"]


def _options(page: str, name: str) -> list[str]:
    select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select_, f"no list for {name}"
    return re.findall(r'<option[^>]*value="([^"]*)"', select_.group(1))


def _selected(page: str, name: str) -> str | None:
    select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_)
    return None if chosen is None else chosen.group(1) or chosen.group(2)


def test_the_regions_layers_are_the_standard_tables_groups_citing_their_rows(make_app):
    app = make_app("qingdao")
    with app.app_context():
        layers = app.extensions["portal.region"].project_choices(date(2026, 3, 1))["layer"]
    assert [c.code for c in layers] == LAYERS
    assert all("§附件1 第1项" in c.source and "§附件1 第4项" in c.source for c in layers)


def test_a_teachers_layer_is_chosen_from_the_list_and_one_kept_from_before_stays(make_app):
    app = make_app("qingdao", demo=True)
    own = teacher_id(app, "teacher")
    school = signed_in(app, "school_admin")
    page = school.get(f"/admin/teachers/{own}/facts").get_data(as_text=True)
    assert _options(page, "layer") == ["", *LAYERS]
    assert school.post(f"/admin/teachers/{own}/facts", data={"layer": "新任教师"}).status_code == 422
    with app.app_context():
        db.session.get(Teacher, own).layer = "新任教师"  # typed on the form before it offered a list
        db.session.commit()
    page = school.get(f"/admin/teachers/{own}/facts").get_data(as_text=True)
    assert _options(page, "layer") == ["", *LAYERS, "新任教师"] and _selected(page, "layer") == "新任教师"
    assert school.post(f"/admin/teachers/{own}/facts", data={"layer": "新任教师"}).status_code == 302
    with app.app_context():
        assert db.session.get(Teacher, own).layer == "新任教师"  # kept until changed
    assert school.post(f"/admin/teachers/{own}/facts", data={"layer": "新教师"}).status_code == 302
    with app.app_context():
        assert db.session.get(Teacher, own).layer == "新教师"


def _project_data(client, **fields) -> dict:
    form = client.get("/projects/new").get_data(as_text=True)
    organiser = first_organiser(form)
    return {"organiser": organiser, "name": "市南区新教师培训（试）", "level": "county", "mode": "centralized",
            "program": "topic", "start": "2099-03-02", "end": "2099-03-02", "hours": "6", "classes": "1",
            "fee": "0", "stages": "primary", "description": "新教师", **fields}


def test_a_projects_layer_is_chosen_from_the_list_and_one_kept_from_before_stays(make_app):
    app = make_app("qingdao", demo=True)
    district = signed_in(app, "district_admin")
    form = district.get("/projects/new").get_data(as_text=True)
    assert _options(form, "layer") == ["", *LAYERS]
    assert district.post("/projects/new", data=_project_data(district, layer="新任教师")).status_code == 422
    saved = district.post("/projects/new", data=_project_data(district, layer="新教师"))
    assert saved.status_code == 303, saved.get_data(as_text=True)
    with app.app_context():
        project = db.session.scalar(select(TrainingProject).where(TrainingProject.name == "市南区新教师培训（试）"))
        project.layer = "新老师"  # typed before the form offered a list
        db.session.commit()
        project_id = project.id
    edit = district.get(f"/projects/{project_id}/edit").get_data(as_text=True)
    assert _options(edit, "layer") == ["", *LAYERS, "新老师"] and _selected(edit, "layer") == "新老师"
    kept = district.post(f"/projects/{project_id}/edit", data=_project_data(district, layer="新老师"))
    assert kept.status_code == 303, kept.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TrainingProject, project_id).layer == "新老师"
    assert "新老师" in district.get(f"/projects/{project_id}").get_data(as_text=True)


def test_the_project_page_names_the_layer_in_the_pages_language(make_app):
    app = make_app("qingdao", demo=True)
    district = signed_in(app, "district_admin")
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(TrainingProject.layer == "学科带头人"))
    district.post("/locale/en")
    page = html.unescape(district.get(f"/projects/{project_id}").get_data(as_text=True))
    assert "Subject leaders" in page


def test_an_import_refuses_a_layer_outside_the_list_in_chinese_and_english(make_app):
    app = make_app("qingdao", demo=True)
    client = app.test_client()
    login(client, "school_admin")
    before = counts(app)
    rows = [teacher_row(1, "新老师", "sn-tpl", layer="新任教师"), teacher_row(2, "好老师", "sn-tpl", layer="骨干教师")]
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert answer.status_code == 422
    assert "分层分类：须为新教师、骨干教师、学科带头人、班主任之一，即模板下拉列表中的选项；也可留空。" in answer.text
    assert "第 2 行" in answer.text.split("将要更改")[0]
    client.post("/locale/en")
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, rows))
    assert ("Layer and category: one of 新教师、骨干教师、学科带头人、班主任, as the template's list offers them, or leave "
            "it empty.") in html.unescape(answer.text)
    assert counts(app) == before
    answer = upload(client, "teachers", sheet(TEACHER_HEADINGS, [rows[1]]))
    assert answer.status_code == 200, answer.text


def test_the_service_refuses_a_layer_not_listed_but_keeps_the_teachers_own(make_app):
    """The form offers only the list; the service refuses another layer too (a request made by
    hand), yet leaves a teacher's layer kept from before the list as it is."""
    from portal.models import User
    from portal.services import teacher_facts

    app = make_app("qingdao", demo=True)
    own = teacher_id(app, "teacher")
    with app.test_request_context():
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        teacher = db.session.get(Teacher, own)
        facts = teacher_facts.current_facts(teacher)
        listed = set(LAYERS)
        try:
            teacher_facts.update_facts(admin, own, replace(facts, layer="新任教师"), date(2026, 12, 1), layers=listed)
        except teacher_facts.FactsRefused as refused:
            assert (refused.field, refused.code) == ("layer", "not_listed")
        else:
            raise AssertionError("a layer not listed was kept")
        db.session.get(Teacher, own).layer = "新任教师"
        db.session.commit()
        teacher_facts.update_facts(admin, own, replace(facts, layer="新任教师"), date(2026, 12, 1), layers=listed)
        assert db.session.get(Teacher, own).layer == "新任教师"
