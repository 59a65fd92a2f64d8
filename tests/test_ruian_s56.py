"""Ruian, session 56: what the institution, the bureau and the teacher read of a choice, each
pinned by a test that failed before its fix."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from plugins.ruian.enrollment import selection_findings
from portal.domain import Level, Mode, SchoolStage, TeacherFacts, UserRole
from portal.domain.parameters import applied
from portal.domain.selection import ProjectFacts, Selection

NINETY = ProjectFacts("小学语文骨干教师分层分类培训", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 17),
                      Decimal(90), base_credits=Decimal(90), stages=(SchoolStage.JUNIOR_HIGH,), subjects=("数学",),
                      layer="骨干教师")
RECHECK = datetime(2019, 9, 13, 2)  # round 1's recheck (附件 第3项 培训机构受理复核 9月13日)


def _cautions(reader: UserRole, lang="zh_Hans_CN", layer: str | None = "新教师") -> list[str]:
    sel = Selection(NINETY, TeacherFacts(stages=(SchoolStage.PRIMARY,), layer=layer), RECHECK, UserRole.TEACHER,
                    subjects=("语文",), reader=reader)
    return [f.message.render(lang) for f in selection_findings(sel) if f.caution]


def test_the_institution_rechecking_reads_that_a_late_approval_was_the_bureaus_check():
    """§二 各校（园）要严格把关审核: the school checks in its review; a choice it left unreviewed
    was approved late by the bureau (setting late_school_review). The institution rechecking such a
    choice read only 由学校审核把关 on its layer, stage and subject cautions: the wrong party."""
    for layer in ("新教师", None):
        said = _cautions(UserRole.INSTITUTION_STAFF, layer=layer)
        assert len(said) == 3, said
        for caution in said:
            assert "学校逾期未审核的，由教育局补审时把关" in caution, caution
    english = _cautions(UserRole.INSTITUTION_STAFF, "en")
    assert all("the education bureau checked it in the late review" in c for c in english), english
    with applied({"late_school_review": "none"}):  # nobody reviews late: the school alone checked it
        assert not [c for c in _cautions(UserRole.INSTITUTION_STAFF) if "补审" in c]
    for school in (UserRole.PRINCIPAL, UserRole.SCHOOL_ADMIN, UserRole.TEACHER):  # the school's own readers
        assert not [c for c in _cautions(school) if "补审" in c], school


def test_a_rejected_choice_on_the_class_list_speaks_of_the_teacher_not_to_her(make_app):
    """§四(二): a round-1 choice the school rejected says what it means for round 2. On the class
    list (the institution's, the school's, the bureau's: no step to take on it) it read 其间仍可另选课程
    / "you may still choose another course", said to the teacher; the teacher's own page keeps it."""
    from tests.support import signed_in
    from tests.test_ruian_recheck_notice import selected_for_review

    app = make_app("ruian", demo=True)  # round 1 open today, round 2 ahead
    project_id, teacher, enrollment_id = selected_for_review(app)
    assert signed_in(app, "school_admin").post(f"/enrollments/{enrollment_id}/moves", data={
        "target": "school_rejected", "state": "selected", "reason": "与本校安排冲突"}).status_code == 303
    for who in ("institution", "school_admin", "city_admin"):
        page = signed_in(app, who).get(f"/projects/{project_id}/class").get_data(as_text=True)
        assert "其间教师仍可另选课程" in page and "其间仍可另选课程" not in page, who
    own = teacher.get("/me/enrollments").get_data(as_text=True)
    assert "其间仍可另选课程" in own
    english = signed_in(app, "institution")
    english.post("/locale/en")
    page = english.get(f"/projects/{project_id}/class").get_data(as_text=True)
    assert "the teacher may still choose another course" in page and "you may" not in page


def _notice(kind, reader: UserRole | None, on: datetime, lang="zh_Hans_CN") -> str:
    from dataclasses import replace

    from plugins.ruian import workflow as W
    from plugins.ruian.enrollment import notice_notes
    from portal.domain import Move, OrgKind

    project = replace(NINETY, organiser_kind=getattr(OrgKind, kind), organiser="x")
    sel = Selection(project, TeacherFacts(stages=(SchoolStage.PRIMARY,)), on, UserRole.TEACHER, reader=reader)
    [note] = notice_notes(Move(sel, W.CONFIRMED, W.CONFIRMED, UserRole.TEACHER, "round1_selection"))
    return note.message.render(lang)


def test_the_training_notice_is_sent_by_whoever_runs_the_training():
    """附件 第3项 培训机构受理复核、发放培训通知: the institutions run the term's trainings; a training the
    bureau (附件 第2项) or a school (§一、§三) runs itself has no institution, and its own admins
    recheck and send the notice (workflow.ORGANISERS). Its notes said 培训机构 all the same."""
    before, during, after = datetime(2019, 9, 14, 2), datetime(2019, 9, 20, 2), datetime(2019, 9, 25, 2)
    assert "培训通知由培训机构在" in _notice("INSTITUTION", None, before)
    assert "培训通知由教育局在" in _notice("DISTRICT", None, before)
    assert "按进程表，教育局正在" in _notice("DISTRICT", None, during)
    assert "培训通知由举办培训的学校在" in _notice("SCHOOL", None, before)
    assert "未收到的请与教育局联系" in _notice("DISTRICT", None, after)
    assert "教师未收到的，请与举办培训的学校联系" in _notice("SCHOOL", UserRole.CITY_ADMIN, after)
    # the unit that sent it is not told to ask itself
    assert "联系" not in _notice("DISTRICT", UserRole.CITY_ADMIN, after)
    assert "联系" not in _notice("SCHOOL", UserRole.SCHOOL_ADMIN, after)
    assert "联系" not in _notice("INSTITUTION", UserRole.INSTITUTION_STAFF, after)
    assert "教师未收到的，请与教育局联系" in _notice("DISTRICT", UserRole.PRINCIPAL, after)
    assert "ask the education bureau" in _notice("DISTRICT", None, after, "en")
    assert "the training institution sends" in _notice("INSTITUTION", None, before, "en")


def test_the_bureau_reviews_an_institutions_training_but_neither_edits_nor_reschedules_it(make_app):
    """附件 第2项: 各培训机构 declare their projects, 各教育局 review them; 第4项: 各培训机构 hold the
    classes. The bureau was offered 修改 and 改期 on a training the institution declared and runs,
    and its edit was saved; the institution keeps both, and the bureau its own trainings."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import OrgUnit, TrainingProject
    from tests.support import signed_in

    app = make_app("ruian", demo=True)
    with app.app_context():
        rows = db.session.execute(select(TrainingProject.id, OrgUnit.kind, TrainingProject.status, TrainingProject.name)
                                  .join(OrgUnit, TrainingProject.organiser_id == OrgUnit.id)).all()
    theirs = next(r for r in rows if r.kind == "institution" and r.status == "published")
    bureau, institution = signed_in(app, "city_admin"), signed_in(app, "institution")
    page = bureau.get(f"/projects/{theirs.id}").get_data(as_text=True)
    assert f'href="/projects/{theirs.id}/edit"' not in page and "改期" not in page
    assert bureau.get(f"/projects/{theirs.id}/edit").status_code == 404
    posted = bureau.post(f"/projects/{theirs.id}/edit", data={"name": "改名"})
    assert posted.status_code == 404
    with app.app_context():
        assert db.session.get(TrainingProject, theirs.id).name == theirs.name
    assert f'href="/projects/{theirs.id}/edit"' in institution.get(f"/projects/{theirs.id}").get_data(as_text=True)
    school = next(r for r in rows if r.kind == "school" and r.status == "published")  # a school's 校（园）本培训
    assert f'href="/projects/{school.id}/edit"' not in bureau.get(f"/projects/{school.id}").get_data(as_text=True)
    with app.app_context():  # the same training declared by the bureau itself stays its own to edit
        db.session.get(TrainingProject, school.id).organiser_id = db.session.scalar(
            select(OrgUnit.id).where(OrgUnit.code == "ra"))
        db.session.commit()
    assert f'href="/projects/{school.id}/edit"' in bureau.get(f"/projects/{school.id}").get_data(as_text=True)
