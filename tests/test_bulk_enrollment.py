"""Enrolling many at once: a sheet too long to judge while the admin waits runs as background
jobs whose page shows their progress and then their result, all or none; instructors and
mentors are enrolled in their role, without a participant's seat. (Jobs run at once here:
``conftest.jobs_run_at_once``.)"""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Enrollment, Job, Teacher, TrainingProject, User
from portal.services import background, bulk_enrollment, quotas, sheets
from portal.web import projects as project_views
from tests.support import signed_in
from tests.test_training_process import _new_project


def _sheet(*cells) -> bytes:
    return sheets.template(["身份证号"], "", [[c] for c in cells])


def _count(app, project_id, **where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Enrollment.id)).filter_by(project_id=project_id, **where))


def _shanxi_project(app, district) -> tuple[int, list[str]]:
    project_id = _new_project(app, district, level="county", stages=[])
    district.post(f"/projects/{project_id}/declare")
    with app.app_context():
        ids = [i for i, in db.session.execute(select(Teacher.id_number).order_by(Teacher.id).limit(3))]
    return project_id, ids


def test_a_long_sheet_is_judged_then_enrolled_by_background_jobs_the_page_following_them(
        make_app, monkeypatch):
    monkeypatch.setattr(project_views, "SHEET_NOW", 2)  # three rows are "long" here
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, ids = _shanxi_project(app, district)

    judging = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                            data={"sheet": (io.BytesIO(_sheet(*ids)), "list.xlsx")})
    assert judging.status_code == 303
    page_url = judging.headers["Location"]
    assert re.fullmatch(rf"/projects/{project_id}/enrol/sheet/\d+", page_url)
    judged = district.get(page_url).get_data(as_text=True)
    assert "共 3 位教师，各行均无问题" in judged and "确认并全部报名" in judged
    assert _count(app, project_id) == 0  # judged, nothing kept

    other = signed_in(app, "school_admin")
    assert other.get(page_url).status_code == 404  # another person's job is not theirs to see
    assert other.post(page_url + "/confirm").status_code == 404

    enrolling = district.post(page_url + "/confirm")
    assert enrolling.status_code == 303 and enrolling.headers["Location"] != page_url
    done = district.get(enrolling.headers["Location"]).get_data(as_text=True)
    assert "已为 3 位教师提交报名，当前状态：已选学，待考核或认定。" in done  # the state they reached
    assert _count(app, project_id) == 3
    again = district.post(page_url + "/confirm")  # the same sheet twice: the second enrols nobody
    assert "不能报名" in district.get(again.headers["Location"]).get_data(as_text=True)
    assert _count(app, project_id) == 3
    with app.app_context():
        assert {j.state for j in db.session.scalars(select(Job))} == {"done"}


def test_a_sheet_judged_in_parts_says_of_each_row_what_the_submission_would(make_app, monkeypatch):
    """A sheet's participants are judged a part at a time (one read of their selections for each
    part, not each row): every row of every part is judged, an enrolled teacher's as enrolled."""
    monkeypatch.setattr(bulk_enrollment, "JUDGED_AT_ONCE", 2)
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, ids = _shanxi_project(app, district)
    with app.app_context():
        region, admin = app.extensions["portal.region"], db.session.scalar(
            select(User).where(User.username == "district_admin"))
        cells = bulk_enrollment.sheet_cells([(n, [i]) for n, i in enumerate(ids, start=2)])
        assert all(row.ok for row in bulk_enrollment.sheet_preview(region, admin, project_id, cells))
        first = db.session.scalar(select(Teacher.id).where(Teacher.id_number == ids[2]))
    assert district.post(f"/projects/{project_id}/enrol", data={"teacher": [first]}).status_code == 303
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        rows = bulk_enrollment.sheet_preview(region, admin, project_id, cells)
    assert [row.ok for row in rows] == [True, True, False]
    assert [f.code for f in rows[2].findings] == ["selection_already"]


def test_a_long_sheet_with_bad_rows_lists_them_and_offers_no_confirmation(make_app, monkeypatch):
    monkeypatch.setattr(project_views, "SHEET_NOW", 1)
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, ids = _shanxi_project(app, district)
    judging = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                            data={"sheet": (io.BytesIO(_sheet(ids[0], ids[0])), "list.xlsx")})
    page = district.get(judging.headers["Location"]).get_data(as_text=True)
    assert "该教师已在前面的行中" in page and "确认并全部报名" not in page
    assert district.post(judging.headers["Location"] + "/confirm").status_code == 303  # refused, back to the list
    assert _count(app, project_id) == 0


def test_a_job_that_fails_on_its_last_try_is_kept_as_failed_and_says_so(make_app):
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, ids = _shanxi_project(app, district)
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        job_id = background.start(admin, bulk_enrollment.JUDGE, {"project": project_id, "cells": [], "role": "participant"},
                                  lambda job_id: None)  # queued nowhere: run by hand below

        def broken(region, actor, params, progress):
            raise RuntimeError("the database went away")

        region = app.extensions["portal.region"]
        with pytest.raises(RuntimeError):
            background.run(region, job_id, broken, last_try=False)
        assert db.session.get(Job, job_id).state == "running"  # the queue tries again
        with pytest.raises(RuntimeError):
            background.run(region, job_id, broken, last_try=True)
        db.session.rollback()
        job = db.session.get(Job, job_id)
        assert job.state == "failed" and "the database went away" in job.error
    page = district.get(f"/projects/{project_id}/enrol/sheet/{job_id}").get_data(as_text=True)
    assert "出错停止" in page and "the database went away" not in page


def test_a_running_job_shows_its_progress_and_polls_until_done(make_app):
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, _ = _shanxi_project(app, district)
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        job_id = background.start(admin, bulk_enrollment.JUDGE, {"project": project_id, "cells": [], "role": "participant"},
                                  lambda job_id: None)
        background.Progress(job_id)(40, 160)
    page = district.get(f"/projects/{project_id}/enrol/sheet/{job_id}").get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page and "40 / 160" in page


def test_instructors_and_mentors_are_enrolled_in_their_role_without_a_seat(make_app):
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, _ = _shanxi_project(app, district)
    with app.app_context():
        teacher_ids = [i for i, in db.session.execute(select(Teacher.id).order_by(Teacher.id).limit(2))]
    form = district.get(f"/projects/{project_id}/enrol?role=instructor").get_data(as_text=True)
    assert '<option value="instructor" selected>授课（参与培训、教研工作）</option>' in form
    done = district.post(f"/projects/{project_id}/enrol", data={"teacher": teacher_ids[:1], "role": "instructor"})
    assert done.status_code == 303
    district.post(f"/projects/{project_id}/enrol", data={"teacher": teacher_ids[1:], "role": "mentor"})
    region = app.extensions["portal.region"]
    with app.app_context():
        rows = db.session.scalars(select(Enrollment).where(Enrollment.project_id == project_id)
                                  .order_by(Enrollment.id)).all()
        assert [e.role for e in rows] == ["instructor", "mentor"]
        from portal.services.enrollments import taking_part

        assert {e.status for e in rows} == {taking_part(region.enrollment_workflow())}
        assert db.session.get(TrainingProject, project_id).taken == 0  # seats are participants'
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "enrollment.assigned")) == 2
    twice = district.post(f"/projects/{project_id}/enrol", data={"teacher": teacher_ids[:1], "role": "participant"})
    assert twice.status_code == 409 and "已选过该项目" in twice.get_data(as_text=True)
    with app.app_context():  # the instructor's own list says their part, not the trainees' hours (phone trial)
        (user_id,) = db.session.execute(select(Teacher.user_id).where(Teacher.id == teacher_ids[0])).one()
        username = db.session.get(User, user_id).username
        project = db.session.get(TrainingProject, project_id)
        name, hours = project.name, f"{project.hours.normalize():f} 学时"
    mine = signed_in(app, username).get("/me/enrollments").get_data(as_text=True)
    card = mine.split(name)[1].split("</li>")[0]
    assert "授课（参与培训、教研工作）" in card and hours not in card


def test_a_teacher_who_left_the_admins_scope_after_the_check_stops_the_enrollment_of_the_sheet(make_app, monkeypatch):
    from portal.models import OrgUnit

    monkeypatch.setattr(project_views, "SHEET_NOW", 2)
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, ids = _shanxi_project(app, district)
    judging = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                            data={"sheet": (io.BytesIO(_sheet(*ids)), "list.xlsx")})
    with app.app_context():  # moved to a school of another district
        admin = db.session.scalar(select(User).where(User.username == "district_admin"))
        elsewhere = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == "school")
                                      .where(~OrgUnit.path.startswith(admin.roles[0].org_unit.path)))
        db.session.scalar(select(Teacher).where(Teacher.id_number == ids[0])).school_id = elsewhere.id
        db.session.commit()
    enrolling = district.post(judging.headers["Location"] + "/confirm")
    page = district.get(enrolling.headers["Location"]).get_data(as_text=True)
    assert "未保存任何数据" in page and "离开了您的管理范围" in page
    assert _count(app, project_id) == 0


def _latest_published(program: str) -> int:
    """The id of the latest published project of ``program`` (in an app context)."""
    return db.session.scalar(select(TrainingProject.id).where(TrainingProject.program == program,
                                                              TrainingProject.status == "published")
                             .order_by(TrainingProject.start_date.desc()))


def test_a_refused_teacher_is_named_with_their_school_without_latin_punctuation(make_app):
    """kaifeng's school admin enrolling a primary teacher in the high-school training read
    "何佳怡 (开封市鼓楼区实验小学): 任教学段不符…": Latin brackets and colon in a Chinese
    line. The name and school are set apart as on the class list, the reason under them."""
    app = make_app("kaifeng", demo=True)
    school = signed_in(app, "school_admin")
    with app.app_context():
        high = _latest_published(program="all_staff_high")
        teacher = db.session.scalar(select(Teacher).where(Teacher.name == "何佳怡"))
        name, school_name = teacher.name, teacher.school.name
    refused = school.post(f"/projects/{high}/enrol", data={"teacher": [teacher.id], "role": "participant"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "任教学段不符" in page
    assert f"({school_name})" not in page and "</span>:" not in page
    assert name in page and school_name in page


def test_nobody_enrols_teachers_into_a_training_each_teacher_selects_themselves(make_app):
    """qingdao's city personalized training is selected by each teacher (2017 附件1 第11项):
    its class list offers a school admin no participants, nor instructors or mentors, whose
    credits the rules do not name there (附件1 第11项: a result for them could never be
    recorded), and submitting participants is refused before any teacher is judged."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.program == "city_personalized", TrainingProject.status == "published"))
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "t0002"))
    school = signed_in(app, "school_admin")
    page = school.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "添加授课教师或指导教师" not in page and "批量报名" not in page
    assert school.get(f"/projects/{project_id}/enrol").status_code == 404  # no role offered
    before = _count(app, project_id)
    assert school.post(f"/projects/{project_id}/enrol",
                       data={"teacher": [teacher_id], "role": "participant"}).status_code == 404
    assert _count(app, project_id) == before


def test_a_sheets_rows_keep_their_numbers_across_an_empty_row():
    """A kaifeng trial's sheet had an empty row 6: its rows 7 and 8 were reported as 6 and 7."""
    data = sheets.template(["身份证号"], "", [["110105199001010011"], [""], ["410204199999999999"]])
    assert [number for number, _row in sheets.rows(data)] == [2, 4]
    assert [cell[0] for cell in bulk_enrollment.sheet_cells(sheets.rows(data))] == [2, 4]


def test_a_sheet_of_headings_alone_is_refused_as_having_no_rows(make_app):
    """A kaifeng trial's sheet of headings alone read 未保存任何数据：有 0 行需要修改."""
    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    project_id, _ids = _shanxi_project(app, district)
    answer = district.post(f"/projects/{project_id}/enrol/sheet", content_type="multipart/form-data",
                           data={"sheet": (io.BytesIO(_sheet()), "list.xlsx")})
    assert answer.status_code == 303
    assert "表格在标题行下没有任何数据" in district.get(answer.headers["Location"]).get_data(as_text=True)


def test_a_refused_submission_keeps_the_teachers_ticked(make_app):
    """Phone trial: a school's quota of 3, five teachers ticked: "……本次均未报名", and every box
    came back empty, to be ticked again from memory."""
    app = make_app("kaifeng", demo=True)
    school = signed_in(app, "school_admin")
    with app.app_context():
        jpk = _latest_published(program="all_staff_jpk")
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        unit = admin.roles[0].org_unit_id
        city = db.session.scalar(select(User).where(User.username == "city_admin"))
        quotas.set_quotas(app.extensions["portal.region"], city, jpk, {unit: 1})
    offered = re.findall(r'name="teacher" value="(\d+)"', school.get(f"/projects/{jpk}/enrol").get_data(as_text=True))
    ticked = offered[:2]
    refused = school.post(f"/projects/{jpk}/enrol", data={"teacher": ticked, "role": "participant"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "本次均未报名" in page
    assert all(f'value="{i}" checked>' in page for i in ticked) and page.count(" checked>") == 2
