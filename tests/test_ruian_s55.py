"""Ruian: the layer caution read in the late review named the school's review and 本校 though the
school had not reviewed the choice; 基础学分90以上 read unspaced beside the pages' 基础学分 90 及以上;
the bureau was offered 上传 on the materials of a training an institution runs, and its upload
was kept. Each pinned by a test that failed before its fix."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from plugins.ruian import claims, compliance, parameters as P
from plugins.ruian.enrollment import selection_findings
from portal.domain import Level, Mode, SchoolStage, TeacherFacts, UserRole
from portal.domain.parameters import applied
from portal.domain.selection import LAYER, ProjectFacts, Selection
from portal.extensions import db
from portal.models import AuditEvent, ProjectMaterial, TrainingProject
from portal.services import materials
from tests.support import signed_in

NINETY = ProjectFacts("小学语文骨干教师分层分类培训", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 17),
                      Decimal(90), base_credits=Decimal(90), stages=(SchoolStage.PRIMARY,), subjects=("语文",),
                      layer="骨干教师")
# 9月11日: round 1's school review (9/1—9/9) is over, its recheck (9/13) ahead: the late review's time
LATE = datetime(2019, 9, 11, 2)


def _layer(reader: UserRole, project: ProjectFacts = NINETY, layer: str | None = "新教师", lang="zh_Hans_CN") -> str:
    sel = Selection(project, TeacherFacts(stages=(SchoolStage.PRIMARY,), layer=layer), LATE, UserRole.TEACHER,
                    subjects=("语文",), reader=reader)
    return next(f.message.render(lang) for f in selection_findings(sel) if f.code == LAYER)


def test_the_bureau_reviewing_late_reads_that_it_checks_the_layer_and_the_teachers_schools_rate():
    """§二 各校（园）要严格把关审核 …按分层分类匹配率须达到75%及以上: the school checks the match in
    its review; a choice it left unreviewed is checked by the bureau reviewing late (setting
    late_school_review), whose caution said 由学校审核把关 and 本校 (the bureau's own 'school')."""
    for teacher_layer, project in (("新教师", NINETY), (None, NINETY), ("新教师", ProjectFacts(
            "未注明分层", Level.COUNTY, Mode.CENTRALIZED, date(2019, 10, 8), date(2019, 10, 17), Decimal(90),
            base_credits=Decimal(90)))):
        said = _layer(UserRole.CITY_ADMIN, project, teacher_layer)
        assert "由教育局补审时把关" in said and "由学校审核把关" not in said and "学校审核时把关" not in said, said
        assert "本校" not in said, said
    said = _layer(UserRole.CITY_ADMIN)
    assert "计入教师所在学校 90 学分及以上项目的分层分类匹配率（须达到 75% 及以上）" in said
    english = _layer(UserRole.CITY_ADMIN, lang="en")
    assert "the education bureau checks it in the late review" in english and "the teacher's school's" in english


def test_the_zone_reviewing_late_reads_its_own_name_and_the_school_still_its_review():
    with applied({"late_school_review": "zone"}):
        assert "由学区补审时把关" in _layer(UserRole.DISTRICT_ADMIN)
        bureau = _layer(UserRole.CITY_ADMIN)  # not the late reviewer under this setting
    assert "由学校审核把关" in bureau and "本校" not in bureau
    for school in (UserRole.PRINCIPAL, UserRole.SCHOOL_ADMIN):
        said = _layer(school)
        assert "计入本校 90 学分及以上项目" in said and "由学校审核把关" in said and "补审" not in said


def test_the_institution_rechecking_reads_the_rate_as_the_teachers_schools():
    said = _layer(UserRole.INSTITUTION_STAFF)
    assert "计入教师所在学校" in said and "本校" not in said and "由学校审核把关" in said


UNSPACED = re.compile(r"基础学分\d|\d(?:及)?以[上下]|含\d")


def test_the_90_credit_training_is_written_with_spaces_as_the_pages_write_figures():
    """The duty read 基础学分90以上 beside its finding's 基础学分 90 及以上 (and 不少于 360 学分)."""
    words = [d.label for d in compliance.duties()] + [d.detail for d in compliance.duties() if d.detail]
    words += [c.label for c in P.CATEGORIES] + [c.detail for c in P.CATEGORIES if c.detail]
    words += [k.detail for k in claims.claim_kinds()]
    said = [w.render("zh_Hans_CN") if hasattr(w, "render") else str(w) for w in words]
    assert "周期内至少参加一次基础学分 90 以上的集中培训" in said
    assert "集中培训（基础学分 90 及以上）" in said and "集中培训（基础学分 90 以下）" in said
    assert not [s for s in said if UNSPACED.search(s)], [s for s in said if UNSPACED.search(s)]


def test_the_demo_pages_write_the_90_credit_training_with_spaces(make_app):
    app = make_app("ruian", demo=True)
    client = signed_in(app, "teacher")
    for url in ("/rules/", "/me/compliance", "/", "/claims/new/outside_centralized"):
        visible = re.sub(r"<[^>]*>", " ", client.get(url).get_data(as_text=True))
        visible = re.sub(r"clause=[^\"' ]*|“[^”]*”", "", visible)  # the notice's own words quoted stay as written
        assert not UNSPACED.search(visible), (url, UNSPACED.findall(visible))


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _institution_project(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingProject.id).where(TrainingProject.name.like("%初中数学教师分层分类培训%")))


def test_the_bureau_reads_an_institutions_materials_but_is_not_offered_or_allowed_the_upload(make_app):
    """附件 第4项 各培训机构举办培训班: the institution runs the training and records its results
    (workflow.ORGANISERS); the bureau over it edits and reviews the project, it does not hold the
    notice, sign-in sheets and photos. Its page offered 上传 and a posted file was kept."""
    app = make_app("ruian", demo=True)
    pid = _institution_project(app)
    bureau = signed_in(app, "city_admin")
    page = bureau.get(f"/projects/{pid}").get_data(as_text=True)
    assert "培训情况资料" in page  # it still reads them
    assert f'action="/projects/{pid}/materials"' not in page and 'enctype="multipart/form-data"' not in page
    posted = bureau.post(f"/projects/{pid}/materials", data={"files": [(io.BytesIO(PDF), "培训通知.pdf")]},
                         content_type="multipart/form-data")
    assert posted.status_code == 303 and posted.headers["Location"].endswith(f"/projects/{pid}#materials")
    told = bureau.get(f"/projects/{pid}").get_data(as_text=True)
    assert "培训情况资料由举办培训、登记培训结果的单位上传和删除" in told
    with app.app_context():
        assert db.session.scalars(select(ProjectMaterial).where(ProjectMaterial.project_id == pid)).all() == []
        assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == materials.ADDED)).all() == []
    institution = signed_in(app, "institution")
    assert f'action="/projects/{pid}/materials"' in institution.get(f"/projects/{pid}").get_data(as_text=True)
    sent = institution.post(f"/projects/{pid}/materials", data={"files": [(io.BytesIO(PDF), "培训通知.pdf")]},
                            content_type="multipart/form-data")
    assert sent.status_code == 303
    with app.app_context():
        assert len(db.session.scalars(select(ProjectMaterial).where(ProjectMaterial.project_id == pid)).all()) == 1
    # nor may the bureau remove the institution's file
    with app.app_context():
        item = db.session.scalar(select(ProjectMaterial.id).where(ProjectMaterial.project_id == pid))
    bureau.post(f"/projects/{pid}/materials/{item}/remove")
    with app.app_context():
        assert db.session.get(ProjectMaterial, item) is not None


def test_the_bureau_uploads_the_materials_of_a_training_it_runs_itself(make_app):
    """附件 第2项 lets the bureau declare projects too: one it runs has no institution, its own
    admins record its results (workflow.ORGANISERS) and keep its materials."""
    from tests.support import city_project

    app = make_app("ruian", demo=True)
    pid = city_project(app, level="county", base_credits=Decimal(6), category="centralized")
    bureau = signed_in(app, "city_admin")
    assert f'action="/projects/{pid}/materials"' in bureau.get(f"/projects/{pid}").get_data(as_text=True)
    sent = bureau.post(f"/projects/{pid}/materials", data={"files": [(io.BytesIO(PDF), "培训通知.pdf")]},
                       content_type="multipart/form-data")
    assert sent.status_code == 303
    with app.app_context():
        assert len(db.session.scalars(select(ProjectMaterial).where(ProjectMaterial.project_id == pid)).all()) == 1



def test_the_school_figures_note_writes_the_rates_90_credits_with_spaces():
    """The schools' figures' note read 90学分及以上项目选课 beside the dashboard's 90 学分及以上; its
    columns stay short for a phone's table (90学分完成, named so in the note) and the notice's
    program name (限定选修90学分集中培训) is quoted as written."""
    from plugins.ruian import reporting

    report = next(r for r in reporting.reports() if r.code == reporting.SCHOOL_FIGURES)
    note = report.description.render("zh_Hans_CN")
    assert "90 学分及以上项目选课按分层分类的匹配率" in note and "90学分及以上" not in note


def test_the_recheck_says_the_notice_comes_later_only_outside_round_2s_recheck():
    """附件 第3项: round 1's recheck (9月13日 培训机构受理复核) sends no training notice, round 2's
    (9月19日—9月22日 培训机构受理复核、发放培训通知) sends them. Beside 复核通过 the institution read
    培训通知在第二轮选课的复核时发放，第一轮复核只受理复核 on round 2's choices in round 2's recheck."""
    from plugins.ruian import workflow as W
    from portal.domain.selection import Move

    step = next(t for t in W.ENROLLMENT_WORKFLOW.transitions
                if t.target == W.CONFIRMED and t.actor == UserRole.INSTITUTION_STAFF)
    phases = {p.kind: p for p in P.PHASES_2019H2}

    def move(on: datetime, kind: str, phase: str) -> Move:
        sel = Selection(NINETY, TeacherFacts(), on, UserRole.INSTITUTION_STAFF, phases=(phases[kind],))
        return Move(sel, W.SCHOOL_APPROVED, W.CONFIRMED, UserRole.INSTITUTION_STAFF, phase)

    assert step.note_applies(move(datetime(2019, 9, 13, 2), P.RECHECKS[0], P.ROUND1))
    assert not step.note_applies(move(datetime(2019, 9, 20, 2), P.RECHECKS[1], P.ROUND2))


def test_a_choice_left_unreviewed_says_once_that_it_is_not_reviewed_any_more():
    """A teacher whose round-1 choice the school left unreviewed, read after every later review had
    passed: 审核时间…已过，学校未审核，不能再审核；本学期不能再审核，如有疑问请与学校联系."""
    from dataclasses import replace

    from plugins import ruian
    from plugins.ruian.enrollment import SCHOOL_REVIEW_WINDOW
    from portal.domain.selection import Move

    day = date(2019, 9, 28)  # round 2 and every recheck over
    sel = Selection(NINETY, TeacherFacts(), datetime.combine(day, datetime.min.time()), UserRole.TEACHER)
    sel = replace(sel, calendar=ruian.portal_selection_calendar(on=day))
    found = next(f for f in ruian.portal_move_findings(move=Move(sel, "selected", "x", UserRole.PRINCIPAL, P.ROUND1))
                 if f.code == SCHOOL_REVIEW_WINDOW)
    said = found.message.render("zh_Hans_CN")
    assert "学校未审核，不能再审核" in said and said.count("不能再审核") == 1 and "如有疑问请与学校联系" in said, said
    assert "Ask the school with any question" in found.message.render("en")


def test_the_late_reviewers_cautions_name_the_setting_their_words_follow():
    """Who reviews late is the bureau's setting (late_school_review), not §二's words (which name the
    school): the cautions saying 由教育局补审时把关 name that setting, so the page links it beside the
    clause; the school's own cautions name none (second read)."""
    def following(reader):
        sel = Selection(NINETY, TeacherFacts(stages=(SchoolStage.JUNIOR_HIGH,), layer="新教师"), LATE, UserRole.TEACHER,
                        subjects=("数学",), reader=reader)
        return {f.code: f.settings for f in selection_findings(sel) if f.caution}
    late = following(UserRole.CITY_ADMIN)
    assert len(late) == 3 and all(s == (P.LATE_SCHOOL_REVIEW.name,) for s in late.values()), late
    assert all(s == () for s in following(UserRole.PRINCIPAL).values())
