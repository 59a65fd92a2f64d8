"""Qingdao / Shinan: the way from applying to credits, and who may take which training.

The personalized-training platform's steps are annex 2 of the 2018 notice (§四 报名, §五 评价,
§六 学分授予); who registers and enrols is the 2017 notice (§一 谁举办谁登记, annex 2 steps 3–6,
annex 1 rows 1–11).
"""
from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

import plugins.qingdao as plugin
from plugins.qingdao import enrollment, parameters as P, workflow as W
from plugins.qingdao.forms import QingdaoEnrollmentForm, QingdaoFreeEnrollmentForm
from portal import clock
from portal.documents import split_clause
from portal.domain import COMPLETED, Level, Mode, ProjectFacts, SchoolStage, TeacherFacts, UserRole
from portal.domain.parameters import SettingError, parse_overrides
from portal.domain.selection import ENDED, LAYER, STAGE, SUBJECT, Move, Selection, refused
from portal.domain.text import using
from portal.domain import Grade
from portal.domain.workflow import AGREEMENT, EVALUATION, FIELDS, NOT_APPLICABLE, PAYMENT, REASON, RESULT
from portal.plugins import Region, make_manager

D = Decimal
REGION = Region(make_manager(plugin), plugin)
TODAY = date(2025, 5, 6)
WF = W.enrollment_workflow(TODAY)
AT = datetime(2025, 5, 6, 9, 30)
AFTER = datetime(2025, 6, 2, 9, 30)  # the day after the trainings below: when results are recorded
PRIMARY, JUNIOR = SchoolStage.PRIMARY, SchoolStage.JUNIOR_HIGH


def project(**fields) -> ProjectFacts:
    base = dict(name="2025年市南区专题培训", level=Level.COUNTY, mode=Mode.CENTRALIZED,
                start=date(2025, 6, 1), end=date(2025, 6, 1), hours=D(3))
    return ProjectFacts(**(base | fields))


DISTRICT = project(program="topic")
SCHOOL_BASED = project(name="校本研修", level=Level.SCHOOL, mode=Mode.SCHOOL_BASED)
SCHOOL_CENTRALIZED = project(name="学校举办的集中培训", level=Level.SCHOOL)
PERSONALIZED = project(name="个性化培训：整本书阅读", level=Level.CITY, program="city_personalized", fee=D(300))
PROVINCIAL = project(name="省互联网+", level=Level.PROVINCIAL, mode=Mode.ONLINE, program="internet_plus_compulsory")


def selection(p: ProjectFacts = DISTRICT, by: UserRole = UserRole.TEACHER, stages=(PRIMARY,), subjects=("语文",),
              layer: str | None = None, at: datetime = AT) -> Selection:
    return Selection(p, TeacherFacts(stages=stages, layer=layer), at, by, subjects=subjects)


def move(state: str, target: str, by: UserRole, p: ProjectFacts = DISTRICT, recorded=None, **data) -> Move:
    """The step taken when it would be: a result once the training has ended, the rest before it."""
    at = AFTER if (state, target) in enrollment.RESULT_STEPS else AT
    return Move(selection(p, at=at), state, target, by, data, recorded=recorded or {})


def codes(findings) -> dict[str, bool]:
    return {f.code: f.ok for f in findings}


def pinned(source: str) -> None:
    """Every clause of a source is found in its document, and a quoted phrase word for word."""
    resolved = REGION.library.resolve(source)
    assert resolved, source
    for r in resolved:
        assert r.document is not None and r.location.exact, (source, r.citation.clause)
        _numbering, phrases = split_clause(r.citation.clause)
        if phrases:
            assert r.location.phrase in phrases, (source, r.citation.clause)


# The workflow ------------------------------------------------------------------------------


def test_the_hook_builds_the_workflow_of_today():
    assert plugin.portal_enrollment_workflow() == W.enrollment_workflow(clock.today())
    assert REGION.enrollment_workflow().initial == "applied"


def test_the_teacher_asks_the_school_first_and_holds_no_seat_until_enrolling():
    """2018 annex 2 §四2: 报名前需向学校、幼儿园提出申请，经学校批准后方可报名."""
    assert WF.initial == W.APPLIED
    assert not WF.state(W.APPLIED).holds_seat and not WF.state(W.APPROVED).holds_seat
    approvers = {t.actor for t in WF.transitions if (t.source, t.target) == (W.APPLIED, W.APPROVED)}
    assert approvers == {UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL}
    assert WF.transition(W.APPLIED, W.APPROVED, frozenset({UserRole.TEACHER})) is None


def test_a_refusal_says_why():
    refusals = [t for t in WF.transitions if t.target == W.REJECTED]
    assert {t.actor for t in refusals} == {UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL}
    assert all(t.asks == (REASON,) for t in refusals)
    assert WF.state(W.REJECTED).final and not WF.state(W.REJECTED).holds_seat


def test_clicking_enrol_holds_a_seat_for_30_minutes_then_cancels():
    """2018 annex 2 §四6: 点击“报名”按钮后需在30分钟内完成支付，逾期系统将自动取消报名."""
    click = WF.transition(W.APPROVED, W.AWAITING_PAYMENT, frozenset({UserRole.TEACHER}))
    # §四3: the invoice and the remark filled in; §四4: the 《缴费须知》 read and agreed to
    assert click is not None and click.asks == (FIELDS, AGREEMENT)
    waiting = WF.state(W.AWAITING_PAYMENT)
    assert waiting.holds_seat and not waiting.final
    assert waiting.expires_after == timedelta(minutes=30) and waiting.expires_after != timedelta(minutes=31)
    assert waiting.expires_to == W.CANCELLED
    cancelled = WF.state(W.CANCELLED)
    assert not cancelled.holds_seat  # the seat returns
    again = WF.transition(W.CANCELLED, W.AWAITING_PAYMENT, frozenset({UserRole.TEACHER}))
    assert again is not None and again.asks == (FIELDS, AGREEMENT) and again.notice == click.notice  # 重新报名
    assert WF.expiring() == (waiting,)
    assert "30 分钟内完成" in waiting.label


def test_the_payment_is_what_enrols_in_a_training_with_a_fee():
    """The teacher's steps into ``enrolled``: the payment (method and confirmation) of a training
    with a fee, or the 报名 of a free one; which applies is the move findings' (below), as is the
    organiser's own enrolment."""
    into = {(t.source, t.actor): t.asks for t in WF.transitions if t.target == W.ENROLLED}
    assert into == {
        (W.AWAITING_PAYMENT, UserRole.TEACHER): (PAYMENT,),
        (W.APPROVED, UserRole.TEACHER): (FIELDS,),  # §四3: 填写…备注 at 报名, free or not
        (W.CANCELLED, UserRole.TEACHER): (FIELDS,),
        (W.APPLIED, UserRole.DISTRICT_ADMIN): (),
        (W.APPLIED, UserRole.SCHOOL_ADMIN): (),
    }


FREE_PERSONALIZED = project(name="个性化培训：免费讲座", level=Level.CITY, program="city_personalized", fee=D(0))


@pytest.mark.parametrize("p, state, target, ok", [
    (PERSONALIZED, W.APPROVED, W.AWAITING_PAYMENT, True),
    (PERSONALIZED, W.CANCELLED, W.AWAITING_PAYMENT, True),
    (PERSONALIZED, W.APPROVED, W.ENROLLED, False),
    (PERSONALIZED, W.CANCELLED, W.ENROLLED, False),
    (project(fee=D("0.01")), W.APPROVED, W.ENROLLED, False),
    (FREE_PERSONALIZED, W.APPROVED, W.ENROLLED, True),
    (FREE_PERSONALIZED, W.CANCELLED, W.ENROLLED, True),
    (FREE_PERSONALIZED, W.APPROVED, W.AWAITING_PAYMENT, False),
    (FREE_PERSONALIZED, W.CANCELLED, W.AWAITING_PAYMENT, False),
    (DISTRICT, W.APPROVED, W.AWAITING_PAYMENT, False),  # fee 0
])
def test_a_free_training_skips_the_payment_and_its_expiring_hold(p, state, target, ok):
    """2018 annex 2 §四4–§四6 (the 缴费须知, paying, the 30-minute hold) are a fee's: a training of
    0 元 is enrolled on the teacher's 报名, with no hold that expires; the other step is not for it
    at all (``NOT_APPLICABLE``: neither offered nor shown)."""
    findings = enrollment.move_findings(Move(selection(p), state, target, UserRole.TEACHER, None))
    assert (not refused(findings)) is ok
    if not ok:
        assert {f.code for f in refused(findings)} == {NOT_APPLICABLE}
    for finding in findings:
        pinned(finding.source)


def test_the_free_way_to_credits_has_no_payment_hold():
    """A free personalized training: approved by the school, 报名 enrols, the institution's result,
    the teacher's evaluation; never through the expiring ``awaiting_payment``."""
    assert walk(FREE_PERSONALIZED) == [
        (W.APPROVED, UserRole.SCHOOL_ADMIN), (W.ENROLLED, UserRole.TEACHER),
        (W.FINISHED, UserRole.INSTITUTION_STAFF), (COMPLETED, UserRole.TEACHER),
    ]
    assert not WF.state(W.ENROLLED).expires_after and WF.state(W.ENROLLED).holds_seat


def test_the_deadline_is_the_dated_parameter():
    assert P.PAYMENT_MINUTES.at(TODAY) == 30 and not P.PAYMENT_MINUTES.is_setting
    assert P.PAYMENT_MINUTES.values[0].since == date(2018, 4, 13)
    before = W.enrollment_workflow(date(2017, 1, 1))  # before the notice: its first value
    assert before.state(W.AWAITING_PAYMENT).expires_after == timedelta(minutes=30)
    with pytest.raises(SettingError):  # a figure the notice gives is no setting
        parse_overrides(plugin.portal_parameters(), {"payment_minutes": "60"})
    with using("en"):
        assert str(P.PAYMENT_MINUTES.display(30)) == "30 minutes"
        assert str(P.minutes(1)) == "1 minute"


def test_completion_asks_the_result_and_the_personalized_one_the_evaluation():
    completions = {(t.source, t.target, t.actor): t.asks for t in WF.transitions
                   if t.source == W.ENROLLED and t.target in (COMPLETED, W.FINISHED)}
    assert completions == {
        (W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN): (RESULT,),
        (W.ENROLLED, COMPLETED, UserRole.SCHOOL_ADMIN): (RESULT,),
        (W.ENROLLED, W.FINISHED, UserRole.INSTITUTION_STAFF): (RESULT,),
    }
    evaluation = WF.transition(W.FINISHED, COMPLETED, frozenset({UserRole.TEACHER}))
    assert evaluation is not None and evaluation.asks == (EVALUATION,)
    assert WF.state(W.FINISHED).holds_seat and WF.state(COMPLETED).holds_seat and WF.state(COMPLETED).final


def test_final_states_lead_nowhere_and_every_state_is_reachable():
    finals = {s.code for s in WF.states if s.final}
    assert finals == {COMPLETED, W.REJECTED}  # a cancelled hold or a withdrawal may be taken up again
    assert not any(t.source in finals for t in WF.transitions)
    reached, todo = {WF.initial}, deque([WF.initial])
    while todo:
        here = todo.popleft()
        for t in WF.transitions:
            if t.source == here and t.target not in reached:
                reached.add(t.target)
                todo.append(t.target)
        expiry = WF.state(here).expires_to
        if expiry and expiry not in reached:
            reached.add(expiry)
            todo.append(expiry)
    assert reached == {s.code for s in WF.states}


def test_who_acts_where():
    assert WF.awaiting(UserRole.SCHOOL_ADMIN) == {W.APPLIED, W.ENROLLED}
    assert WF.awaiting(UserRole.PRINCIPAL) == {W.APPLIED}
    # the teacher's application waits for the school: withdrawing it (撤回申请) is no step forward;
    # a hold cancelled unpaid has lapsed: enrolling again is the teacher's choice, nothing awaited
    assert WF.awaiting(UserRole.TEACHER) == {W.APPROVED, W.AWAITING_PAYMENT, W.FINISHED}
    assert WF.awaiting(UserRole.INSTITUTION_STAFF) == {W.ENROLLED, W.FINISHED}
    assert WF.awaiting(UserRole.DISTRICT_ADMIN) == {W.APPLIED, W.ENROLLED}
    withdrawal = WF.transition(W.ENROLLED, W.WITHDRAWN, frozenset({UserRole.SCHOOL_ADMIN}))
    assert withdrawal is not None and withdrawal.asks == (REASON,)


def test_the_workflow_reads_in_english():
    with using("en"):
        assert str(WF.state(W.AWAITING_PAYMENT).label) == (
            "Enrol clicked, awaiting payment (within 30 minutes, or cancelled automatically)")
        assert str(WF.state(W.CANCELLED).label) == (
            "Not paid in time, enrollment cancelled (it may be taken again while seats remain, before the training ends)")


def walk(p: ProjectFacts) -> list[tuple[str, UserRole]] | None:
    """The shortest way from applying to ``completed`` for a project of this kind, each step
    taken by the transition's actor and refused by none of the region's move findings."""
    todo = deque([(WF.initial, [], {})])
    seen = {WF.initial}
    while todo:
        here, path, recorded = todo.popleft()
        if here == COMPLETED:
            return path
        for t in WF.transitions:
            if t.source != here or t.target in seen:
                continue
            if refused(enrollment.move_findings(move(t.source, t.target, t.actor, p, recorded))):
                continue
            seen.add(t.target)
            todo.append((t.target, path + [(t.target, t.actor)],
                         {"grade": "pass"} if RESULT in t.asks else recorded))  # the result the step recorded
    return None


def test_each_kind_of_training_has_its_way_to_credits():
    assert walk(DISTRICT) == [(W.ENROLLED, UserRole.DISTRICT_ADMIN), (COMPLETED, UserRole.DISTRICT_ADMIN)]
    assert walk(SCHOOL_BASED) == [(W.ENROLLED, UserRole.SCHOOL_ADMIN), (COMPLETED, UserRole.SCHOOL_ADMIN)]
    assert walk(PERSONALIZED) == [
        (W.APPROVED, UserRole.SCHOOL_ADMIN), (W.AWAITING_PAYMENT, UserRole.TEACHER), (W.ENROLLED, UserRole.TEACHER),
        (W.FINISHED, UserRole.INSTITUTION_STAFF), (COMPLETED, UserRole.TEACHER),
    ]
    with_fee = project(fee=D(50))
    assert [step for step, _ in walk(with_fee)] == [W.APPROVED, W.AWAITING_PAYMENT, W.ENROLLED, COMPLETED]


# Selection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stages, teacher_stages, ok", [
    ((PRIMARY,), (PRIMARY,), True),
    ((PRIMARY, JUNIOR), (JUNIOR,), True),
    ((PRIMARY,), (JUNIOR,), False),
    ((PRIMARY,), (), False),
    ((), (JUNIOR,), True),  # a project for no stage in particular
])
def test_the_project_is_for_the_teachers_stage(stages, teacher_stages, ok):
    """2017 annex 2 step 3: 学段：指参培教师的学段（可多选）."""
    findings = enrollment.selection_findings(selection(project(stages=stages), stages=teacher_stages))
    assert codes(findings)[STAGE] is ok


@pytest.mark.parametrize("subjects, teacher_subjects, ok", [
    (("语文",), ("语文",), True),
    (("语文", "数学"), ("数学",), True),
    (("语文",), ("数学",), False),
    (("语文",), (), False),
    ((), ("数学",), True),
])
def test_the_project_is_for_the_teachers_subject(subjects, teacher_subjects, ok):
    """2017 annex 1 row 7: 分学科、分学段设计培训课程."""
    findings = enrollment.selection_findings(selection(project(subjects=subjects), subjects=teacher_subjects))
    assert codes(findings)[SUBJECT] is ok


@pytest.mark.parametrize("layer, teacher_layer, ok", [
    ("backbone", "backbone", True),
    ("backbone", "head_teacher", False),
    ("backbone", None, False),
    (None, None, True),
    (None, "backbone", True),
])
def test_the_project_is_for_the_teachers_layer(layer, teacher_layer, ok):
    """2017 annex 1 rows 1–4: 面向市南区骨干教师班学员 …"""
    findings = enrollment.selection_findings(selection(project(layer=layer), layer=teacher_layer))
    assert codes(findings)[LAYER] is ok


@pytest.mark.parametrize("by, words", [
    (UserRole.TEACHER, "您的层次类别尚未登记：请学校管理员在教师信息中登记"),
    (UserRole.SCHOOL_ADMIN, "该教师的层次类别尚未登记：请学校管理员在教师信息中登记"),
    (UserRole.DISTRICT_ADMIN, "该教师的层次类别尚未登记：请学校管理员在教师信息中登记"),
])
def test_a_layer_not_recorded_is_told_to_the_teacher_as_theirs(by, words):
    """A phone trial's teacher read 该教师的层次类别尚未登记 of herself: the teacher selecting is
    addressed, an admin submitting her reads of the teacher (as the self-selection finding does)."""
    finding = next(f for f in enrollment.selection_findings(selection(project(layer="backbone"), by=by))
                   if f.code == LAYER)
    with using("zh_Hans_CN"):
        assert words in str(finding.message)
    with using("en"):
        assert ("your layer is not recorded" in str(finding.message)) is (by == UserRole.TEACHER)


@pytest.mark.parametrize("by, ok", [
    (UserRole.TEACHER, True),
    (UserRole.SCHOOL_ADMIN, False),
    (UserRole.PRINCIPAL, False),
    (UserRole.INSTITUTION_STAFF, False),
    (UserRole.DISTRICT_ADMIN, False),
])
def test_a_personalized_training_is_selected_by_the_teacher(by, ok):
    """2017 annex 1 row 11: 教师自主选学; 2018 annex 2 §四1: 用户须在已登录的模式下进行报名."""
    findings = enrollment.selection_findings(selection(PERSONALIZED, by=by))
    assert codes(findings)[enrollment.SELF_SELECTION] is ok
    assert bool(refused(findings)) is not ok


@pytest.mark.parametrize("p", [DISTRICT, SCHOOL_BASED, PROVINCIAL])
def test_others_may_be_selected_by_an_admin(p):
    """2017 annex 2 step 4: the organiser enrols participants (批量导入，也可手选报名)."""
    findings = enrollment.selection_findings(selection(p, by=UserRole.DISTRICT_ADMIN))
    assert set(codes(findings)) == {STAGE, SUBJECT, LAYER} and not refused(findings)


def test_the_region_answers_the_selection_hook():
    findings = REGION.selection_findings(selection(PERSONALIZED, by=UserRole.SCHOOL_ADMIN, stages=(JUNIOR,)))
    assert {f.code for f in refused(findings)} >= {enrollment.SELF_SELECTION}
    assert REGION.selection_calendar(TODAY) == ()  # the notices date no phase of selection


def test_selection_findings_read_in_english():
    finding = enrollment.self_selection_finding(selection(PERSONALIZED, by=UserRole.SCHOOL_ADMIN))
    with using("en"):
        assert str(finding.message).startswith("City personalized training must be enrolled in by the teacher")


# Moves -------------------------------------------------------------------------------------


@pytest.mark.parametrize("p, state, target, by, ok", [
    (DISTRICT, W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, True),
    (DISTRICT, W.ENROLLED, COMPLETED, UserRole.SCHOOL_ADMIN, False),
    (DISTRICT, W.APPLIED, W.ENROLLED, UserRole.DISTRICT_ADMIN, True),
    (DISTRICT, W.APPLIED, W.ENROLLED, UserRole.SCHOOL_ADMIN, False),
    (SCHOOL_BASED, W.ENROLLED, COMPLETED, UserRole.SCHOOL_ADMIN, True),
    (SCHOOL_BASED, W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, False),
    (SCHOOL_CENTRALIZED, W.ENROLLED, COMPLETED, UserRole.SCHOOL_ADMIN, True),
    (SCHOOL_CENTRALIZED, W.APPLIED, W.ENROLLED, UserRole.DISTRICT_ADMIN, False),
    (PROVINCIAL, W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, True),  # row 9: the centre recognises them
    (PERSONALIZED, W.ENROLLED, W.FINISHED, UserRole.INSTITUTION_STAFF, True),
    (DISTRICT, W.ENROLLED, W.FINISHED, UserRole.INSTITUTION_STAFF, False),
    (PERSONALIZED, W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, False),
])
def test_whoever_runs_a_training_enrols_and_registers_it(p, state, target, by, ok):
    """2017 §一: 谁举办谁登记 (§二1 district sections, §二2 schools, annex 1 row 11 the unit running it)."""
    assert codes(enrollment.move_findings(move(state, target, by, p)))[enrollment.ORGANISER] is ok


@pytest.mark.parametrize("p, ok", [
    (DISTRICT, True),
    (project(fee=D(0)), True),
    (project(fee=D("0.01")), False),
    (PERSONALIZED, False),
    (project(level=Level.CITY, program="city_personalized", fee=D(0)), False),  # free, but on the platform
])
def test_the_organiser_enrols_directly_only_free_trainings_off_the_platform(p, ok):
    """2018 annex 2 §四2 (the school approves first) and §四6 (payment within 30 minutes)."""
    findings = enrollment.move_findings(move(W.APPLIED, W.ENROLLED, enrollment.organiser_role(p), p))
    assert codes(findings)[enrollment.PLATFORM_WAY] is ok


@pytest.mark.parametrize("state, by, ok", [
    (W.ENROLLED, UserRole.DISTRICT_ADMIN, False),
    (W.ENROLLED, UserRole.SCHOOL_ADMIN, False),
    (W.FINISHED, UserRole.TEACHER, True),
])
def test_a_personalized_training_earns_credits_after_the_teachers_evaluation(state, by, ok):
    """2018 annex 2 §六2: 培训结束后…对所参加的培训课程进行评价，即可获取相应学分."""
    findings = enrollment.move_findings(move(state, COMPLETED, by, PERSONALIZED, {"grade": "pass"},
                                             evaluation="满意"))
    assert codes(findings)[enrollment.EVALUATION_FIRST] is ok
    assert bool(refused(findings)) is not ok


def test_other_trainings_need_no_evaluation_by_the_teacher():
    findings = enrollment.move_findings(move(W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, DISTRICT))
    assert enrollment.EVALUATION_FIRST not in codes(findings) and not refused(findings)


@pytest.mark.parametrize("state, target, by", [
    (W.APPLIED, W.APPROVED, UserRole.PRINCIPAL),
    (W.APPLIED, W.REJECTED, UserRole.SCHOOL_ADMIN),
    (W.AWAITING_PAYMENT, W.ENROLLED, UserRole.TEACHER),
    (W.ENROLLED, W.WITHDRAWN, UserRole.SCHOOL_ADMIN),
])
def test_the_teachers_and_the_schools_own_steps_are_not_guarded(state, target, by):
    """Nothing but, for the school's approval, that the training is still to be attended (a
    training over is approved no more)."""
    expected = {enrollment.CLOSED: True} if (state, target) == (W.APPLIED, W.APPROVED) else {}
    assert codes(enrollment.move_findings(move(state, target, by, PERSONALIZED))) == expected


@pytest.mark.parametrize("state, target, by", [(W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN),
                                               (W.ENROLLED, W.FINISHED, UserRole.INSTITUTION_STAFF)])
def test_a_result_is_recorded_once_the_training_has_ended(state, target, by):
    """2017 附件2 第6步, 附件1 第8项: credits are registered from the attendance, 在培训结束一周内:
    a result recorded on a training's first day was approved and then not counted until its last
    (phone trial)."""
    p = project(program="topic", start=date(2025, 6, 1), end=date(2025, 6, 2))
    for day, ok in ((datetime(2025, 6, 1, 16), False), (datetime(2025, 6, 2, 16), True), (AFTER, True)):
        found = codes(enrollment.move_findings(Move(selection(p, at=day), state, target, by, {})))
        assert found[ENDED] is ok, day
    pinned(enrollment.RESULT_SOURCE)


def test_the_region_answers_the_move_hook():
    findings = REGION.move_findings(move(W.ENROLLED, COMPLETED, UserRole.DISTRICT_ADMIN, PERSONALIZED))
    assert {f.code for f in refused(findings)} == {enrollment.ORGANISER, enrollment.EVALUATION_FIRST}
    with using("en"):
        organiser = next(f for f in findings if f.code == enrollment.ORGANISER)
        assert "the unit running the training project" in str(organiser.message)


# Projects and the enrollment form --------------------------------------------------------------


@pytest.mark.parametrize("p", [DISTRICT, SCHOOL_BASED, PERSONALIZED])
def test_organisers_publish_their_projects_directly(p):
    """2017 annex 2 step 3: 是否启用审批流程，点击“不启用”."""
    review = REGION.project_review(p)
    assert review.role is None and "不启用" in review.source


def test_a_project_names_its_stages_and_its_content():
    assert REGION.project_required() == {"stages", "description"}
    assert REGION.project_form() is None  # the core's fields hold everything step 3 asks for


@pytest.mark.parametrize("data, ok", [
    ({}, False),  # the form of a training with a fee: its order keeps the invoice as given, so it is asked
    ({"invoice": "青岛太平路小学 税号 12370202", "remarks": "单位统一报销"}, True),
    ({"invoice": "x" * 200}, True),
    ({"invoice": "x" * 201}, False),
    ({"invoice": "x", "remarks": "x" * 501}, False),
    ({"invoice": "   "}, False),  # a phone trial's three spaces were taken, and the order then kept them
])
def test_the_enrollment_form_takes_the_invoice_and_a_remark(data, ok):
    """2018 annex 2 §四3: 填写报销凭证及备注."""
    assert REGION.enrollment_form() is QingdaoEnrollmentForm
    form = QingdaoEnrollmentForm(MultiDict(data))
    assert form.validate() is ok
    assert list(form.data) == ["invoice", "remarks"]
    with using("en"):
        assert str(form.invoice.label.text) == "Reimbursement voucher (invoice) details"


def test_a_training_without_a_fee_asks_no_invoice():
    """Nothing to pay, nothing to reimburse (§四3's 报销凭证 is for a fee): a remark only."""
    assert REGION.enrollment_form(project(fee=D(0))) is QingdaoFreeEnrollmentForm
    assert list(QingdaoFreeEnrollmentForm(MultiDict({"invoice": "x"})).data) == ["remarks"]
    assert REGION.enrollment_form(project(fee=D(120))) is QingdaoEnrollmentForm


# Citations ---------------------------------------------------------------------------------


def every_source() -> set[str]:
    sources = {WF.source, enrollment.REVIEW_SOURCE, P.PAYMENT_MINUTES.values[0].source}
    for p in (DISTRICT, SCHOOL_BASED, PERSONALIZED, FREE_PERSONALIZED):
        sources |= {f.source for f in enrollment.selection_findings(selection(p))}
        for t in WF.transitions:
            sources |= {f.source for f in enrollment.move_findings(move(t.source, t.target, t.actor, p))}
    return sources


def test_every_citation_pins_the_documents_own_words():
    sources = every_source()
    assert len(sources) >= 10
    for source in sources:
        pinned(source)


def test_the_deadline_cites_the_clause_that_gives_30_minutes():
    (clause,) = REGION.library.resolve(P.PAYMENT_MINUTES.values[0].source)
    assert "30分钟" in REGION.library.text(clause.document).text_of(clause.location)


# The third-party evaluation, the payment notice, taking a cancelled hold again -------------------


def test_the_institution_records_the_third_party_evaluation_as_pass_or_fail():
    """2017 annex 1 row 11: 参训教师参加第三方网络评价合格后，随即登记学分: the result is 合格 or 不合格
    by the district's default (pass_fail_only), recorded at the platform's 结业评价 (annex 2 step 6),
    so the step is named so, as the form and the class list name its result (it read
    第三方网络评价结果：合格或不合格 above a form reading 结业评价)."""
    finish = WF.transition(W.ENROLLED, W.FINISHED, frozenset({UserRole.INSTITUTION_STAFF}))
    assert finish.asks == (RESULT,) and finish.grades == (Grade.PASS, Grade.FAIL)
    assert str(finish.label).startswith("结业评价（") and "第三方" not in str(finish.label)


def test_a_finished_training_without_its_result_is_moved_on_by_the_third_party_result():
    """A personalized training finished without the evaluation's result: the teacher's evaluation
    would register nothing (the rules ask the result), so it is not offered; the institution's
    补登结业评价结果 (row 11) is, and registers the credits."""
    step = WF.transition(W.FINISHED, COMPLETED, frozenset({UserRole.INSTITUTION_STAFF}))
    assert step is not None and str(step.label) == "补登结业评价结果"
    assert step.asks == (RESULT,) and step.grades == (Grade.PASS, Grade.FAIL)
    lacking = enrollment.move_findings(Move(selection(PERSONALIZED), W.FINISHED, COMPLETED,
                                            UserRole.INSTITUTION_STAFF, None, recorded={"grade": None}))
    assert not refused(lacking) and codes(lacking)[enrollment.THIRD_PARTY]
    teacher = enrollment.move_findings(Move(selection(PERSONALIZED), W.FINISHED, COMPLETED, UserRole.TEACHER, None,
                                            recorded={"grade": None}))
    assert refused(teacher) and "尚未登记结业评价结果" in str(refused(teacher)[0].message)
    graded = {"grade": "pass"}
    assert refused(enrollment.move_findings(Move(selection(PERSONALIZED), W.FINISHED, COMPLETED,
                                                 UserRole.INSTITUTION_STAFF, None, recorded=graded)))
    assert not refused(enrollment.move_findings(Move(selection(PERSONALIZED), W.FINISHED, COMPLETED,
                                                     UserRole.TEACHER, None, recorded=graded)))
    for finding in (*lacking, *teacher):
        pinned(finding.source)
    assert "§附件1 第11项" in enrollment.THIRD_PARTY_SOURCE


def test_the_payment_notice_is_what_the_notice_says_of_paying_with_its_clauses():
    """2018 annex 2 §四4: 阅读《缴费须知》相关内容，点击“我同意”; the notice's text is §四3, §四5, §四6."""
    notice = WF.transition(W.APPROVED, W.AWAITING_PAYMENT, frozenset({UserRole.TEACHER})).notice
    assert str(notice.title) == "缴费须知" and len(notice.paragraphs) == 3
    assert "30 分钟内完成支付" in str(notice.paragraphs[2])
    pinned(notice.source)
    assert "§附件2 四4" in notice.source and "§附件2 四6" in notice.source
    with using("en"):
        assert str(notice.title) == "Payment notice"
        assert all(not any("\u4e00" <= c <= "\u9fff" for c in str(p)) for p in notice.paragraphs)
