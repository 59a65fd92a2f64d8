"""Workflow defects found when people tried the portal on a phone (shanxi, ruian), each pinned
by a test that failed before its fix."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from portal.domain import Level, Mode, Move, PastSelection, ProjectFacts, Selection, TeacherFacts, UserRole

from portal.extensions import db
from portal.models import AuditEvent, Enrollment, SelectionPhase, TrainingProject, User
from tests.support import city_project, signed_in, year_decided


def _city_project(app, **fields) -> int:
    """A published project of the city admin's unit, two months ahead and more."""
    return city_project(app, **{"name": "退选后再选的培训", "capacity": 5, **fields})


def _mine(app, project_id) -> Enrollment:
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        return db.session.scalar(select(Enrollment).where(Enrollment.project_id == project_id,
                                                          Enrollment.teacher.has(user_id=teacher.id)))


def _taken(app, project_id) -> int:
    with app.app_context():
        return db.session.get(TrainingProject, project_id).taken


# 1. shanxi: 退选 was one tap, and a withdrawn teacher could never select the training again ----


def test_shanxi_withdrawal_asks_to_confirm_before_it_is_taken(make_app):
    app = make_app("shanxi", demo=True)
    project_id = _city_project(app)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    page = teacher.get("/me/enrollments").get_data(as_text=True)
    card = page[page.index("退选后再选的培训"):]
    card = card[:card.index("</li>")]
    # the step opens a confirmation; the submit button is the confirmation, not the first tap
    assert re.search(r'<summary class="button secondary">退选</summary>', card)
    assert "确认：退选" in card and '<button type="submit" class="secondary">退选</button>' not in card
    assert "名额随之交还" in card  # what confirming does, said before it is done


def test_a_shanxi_teacher_selects_again_a_training_they_withdrew_from(make_app):
    app = make_app("shanxi", demo=True)
    project_id = _city_project(app)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    first = _mine(app, project_id)
    assert _taken(app, project_id) == 1
    answer = teacher.post(f"/enrollments/{first.id}/moves", data={"target": "withdrawn", "state": "enrolled"})
    assert answer.status_code in (302, 303)
    assert _mine(app, project_id).status == "withdrawn" and _taken(app, project_id) == 0
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "已退选" in page and f'action="/catalog/{project_id}/select"' in page
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    again = _mine(app, project_id)
    assert again.id == first.id and again.status == "enrolled"  # the same row, taken up again
    assert _taken(app, project_id) == 1
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "enrollment.selected")
                                    .order_by(AuditEvent.id)).all()
        assert events[-1].before == {"status": "withdrawn"}
    # selected again, it is selected: a third select is refused as already selected
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 409


def test_a_withdrawn_selection_is_judged_as_any_when_taken_up_again(make_app):
    app = make_app("shanxi", demo=True)
    project_id = _city_project(app, capacity=1)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    enrollment = _mine(app, project_id)
    teacher.post(f"/enrollments/{enrollment.id}/moves", data={"target": "withdrawn", "state": "enrolled"})
    other = signed_in(app, "t0001")
    assert other.post(f"/catalog/{project_id}/select").status_code == 303  # the seat given back is taken
    answer = teacher.post(f"/catalog/{project_id}/select")
    assert answer.status_code == 409 and "名额已满" in answer.get_data(as_text=True)
    assert _mine(app, project_id).status == "withdrawn" and _taken(app, project_id) == 1


def test_a_shanxi_teacher_the_school_withdrew_may_not_select_again_but_the_school_may(make_app):
    """§二(二) 自主选学: the teacher's own withdrawal leaves the choice theirs; the school's is not
    theirs to undo. The enrollment keeps who withdrew in its state."""
    from portal.services import enrollments
    app = make_app("shanxi", demo=True)
    project_id = _city_project(app)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    school = signed_in(app, "school_admin")
    first = _mine(app, project_id)
    answer = school.post(f"/enrollments/{first.id}/moves", data={"target": "school_withdrawn", "state": "enrolled"})
    assert answer.status_code in (302, 303)
    assert _mine(app, project_id).status == "school_withdrawn" and _taken(app, project_id) == 0
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "学校已退选" in page and f'action="/catalog/{project_id}/select"' not in page
    refused = teacher.post(f"/catalog/{project_id}/select")
    assert refused.status_code == 409 and "学校已为你退选该培训" in refused.get_data(as_text=True)
    assert _mine(app, project_id).status == "school_withdrawn" and _taken(app, project_id) == 0
    region = app.extensions["portal.region"]
    with app.app_context():  # the school submits the teacher again
        admin = db.session.scalar(select(User).where(User.username == "school_admin"))
        enrollment = enrollments.select_project(region, admin, project_id, first.teacher_id)
        assert enrollment.id == first.id and enrollment.status == "enrolled"
    assert _taken(app, project_id) == 1


# 2. ruian: a choice waiting for the school's review could not be withdrawn ------------------

def _ruian_move(day: date, phase: str | None, target: str = "withdrawn") -> Move:
    import plugins.ruian as ruian
    on = tuple(p for p in ruian.portal_selection_calendar(on=day) if p.open_on(day))
    sel = Selection(ProjectFacts(name="小学骨干教师分层分类培训", level=Level.COUNTY, mode=Mode.CENTRALIZED,
                                 start=date(2019, 10, 8), end=date(2019, 10, 17), hours=Decimal(90), id=7),
                    TeacherFacts(), datetime.combine(day, time(9)), UserRole.TEACHER, (), on)
    return Move(sel, "selected", target, UserRole.TEACHER, phase)


def test_the_ruian_teacher_may_withdraw_a_choice_awaiting_review():
    from plugins.ruian.workflow import ENROLLMENT_WORKFLOW as WF
    step = WF.transition("selected", "withdrawn", frozenset({UserRole.TEACHER}))
    assert step is not None and step.label == "退选"
    assert "withdrawn" not in WF.standing() and not WF.state("withdrawn").final  # chosen again in the round
    assert WF.transition("school_approved", "withdrawn", frozenset({UserRole.TEACHER})) is None


@pytest.mark.parametrize("day, phase, ok, never", [
    (date(2019, 8, 27), "round1_selection", True, False), (date(2019, 9, 5), "round1_selection", True, False),
    # round 1 over: the choice waits for the review, and will never be withdrawn (not "not yet")
    (date(2019, 9, 6), "round1_selection", False, True),
    (date(2019, 9, 15), "round1_selection", False, True), (date(2019, 9, 15), "round2_selection", True, False),
    (date(2019, 9, 18), "round2_selection", False, True), (date(2019, 9, 15), None, True, False),
    (date(2019, 9, 6), None, False, False),  # a choice made in no round: round 2 is still ahead
])
def test_a_ruian_withdrawal_is_made_while_its_round_is_open(day, phase, ok, never):
    import plugins.ruian as ruian
    (f,) = ruian.portal_move_findings(move=_ruian_move(day, phase))
    assert (f.ok, f.never) == (ok, never) and "四(二)" in f.source
    assert ok or "退选" in str(f.message)


def test_a_withdrawn_round_one_choice_is_no_round_one_choice_for_round_two():
    from plugins.ruian import enrollment as E
    day = date(2019, 9, 15)
    past = (PastSelection(3, "withdrawn", "round1_selection", datetime(2019, 8, 27, 20)),)
    found = E.round2_finding(replace(_ruian_move(day, None).selection, others=past))
    assert not found.ok and "第一轮未选课" in str(found.message)


def test_a_ruian_teacher_withdraws_and_selects_again_in_the_round(make_app):
    from portal.services import enrollments
    app = make_app("ruian", demo=True)
    project_id = _city_project(app, start_date=date(2019, 10, 8), end_date=date(2019, 10, 17), year=2019)
    region = app.extensions["portal.region"]
    at = datetime(2019, 8, 27, 1)
    with app.app_context():  # the annex's own dates, not the demo's calendar around today
        db.session.execute(delete(SelectionPhase))
        db.session.commit()
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        chosen = enrollments.select_project(region, teacher, project_id, at=at)
        chosen_id = chosen.id
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        enrollments.move(region, teacher, chosen_id, "withdrawn", at=at)
        assert db.session.get(Enrollment, chosen_id).status == "withdrawn"
    with app.app_context():
        teacher = db.session.scalar(select(User).where(User.username == "teacher"))
        again = enrollments.select_project(region, teacher, project_id, at=at)
        assert (again.id, again.status, again.phase) == (chosen_id, "selected", "round1_selection")


# 3. ruian: the calendar saved a round 2 that starts before round 1 ends -------------------

def _calendar_form(client) -> tuple[dict, dict]:
    form = client.get("/calendar").get_data(as_text=True)
    typed = dict(re.findall(r'name="((?:start|end)-\d+)" value="([\d-]+)"', form))
    index = {label: re.search(label + r".*?name=\"start-(\d+)\"", form, re.S).group(1)
             for label in ("教师第一轮选课", "教师第二轮选课", "校长对第一轮选课进行审核")}
    return {**typed, "on": date.today().isoformat(), "from": "kept"}, index


def test_the_calendar_refuses_round_two_starting_before_round_one_ends(make_app):
    app = make_app("ruian", demo=True)
    city = signed_in(app, "city_admin")
    typed, at = _calendar_form(city)
    with app.app_context():
        saved = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "calendar.saved"))
    round1_end = typed[f"end-{at['教师第一轮选课']}"]
    early = {**typed, f"start-{at['教师第二轮选课']}": round1_end}  # round 2 opens the day round 1 closes
    answer = city.post("/calendar", data=early)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    i = at["教师第二轮选课"]
    assert re.search(rf'name="start-{i}" value="{round1_end}"[^>]*aria-invalid="true"', page)
    assert re.search(rf'<p class="error" id="error-{i}">“教师第二轮选课”.*?“教师第一轮选课”.*?{round1_end}', page)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "calendar.saved")) \
            == saved
    english = signed_in(app, "city_admin")
    english.post("/locale/en", data={"next": "/"})
    assert "must start after" in english.post("/calendar", data=early).get_data(as_text=True)


def test_a_principal_review_may_run_alongside_its_round_but_not_before_it(make_app):
    app = make_app("ruian", demo=True)
    city = signed_in(app, "city_admin")
    typed, at = _calendar_form(city)
    review, round1 = at["校长对第一轮选课进行审核"], at["教师第一轮选课"]
    before = (date.fromisoformat(typed[f"start-{round1}"]) - timedelta(days=1)).isoformat()
    answer = city.post("/calendar", data={**typed, f"start-{review}": before})
    assert answer.status_code == 422 and f'id="error-{review}"' in answer.get_data(as_text=True)
    assert city.post("/calendar", data=typed).status_code == 303  # the annex's overlap is as the notice has it


def test_the_order_is_the_regions_declaration_and_the_annex_keeps_it():
    import plugins.ruian as ruian
    from plugins.ruian import parameters as P
    from portal.services.calendar import out_of_order
    assert ruian.portal_selection_phase_order() == P.PHASE_ORDER
    assert out_of_order(P.PHASES_2019H2, P.PHASE_ORDER) is None
    assert all("四(二)" in o.source or "附件" in o.source for o in P.PHASE_ORDER)
    late = tuple(replace(p, start=date(2019, 9, 5)) if p.kind == P.ROUND2 else p for p in P.PHASES_2019H2)
    wrong = out_of_order(late, P.PHASE_ORDER)
    assert wrong is not None and late[wrong.index].kind == P.ROUND2


def test_the_recheck_comes_after_the_principals_review_and_classes_are_granted_after_asked():
    """Phone trial: the bureau moved 培训机构受理复核 into round 1 and saw 已保存; the annex
    has the recheck (9/13) after the principal's review (9/1—9/9): it may run alongside the
    review (an institution rechecks the choices already reviewed) but neither starts nor ends
    before it; and the classes are granted (受理扩班 9/11—9/12) not before they are asked for
    (扩班申请 9/10—9/11). The class expansion is not tied to the review and the recheck: a
    bureau may open it when a round's demand shows."""
    from plugins.ruian import parameters as P
    from portal.services.calendar import out_of_order
    for kind, day in ((P.RECHECKS[0], date(2019, 9, 5)), ("class_expansion_decision", date(2019, 9, 9))):
        moved = tuple(replace(p, start=day, end=max(day, p.end) if p.kind != P.RECHECKS[0] else day)
                      if p.kind == kind else p for p in P.PHASES_2019H2)
        wrong = out_of_order(moved, P.PHASE_ORDER)
        assert wrong is not None and kind in (moved[wrong.index].kind, wrong.order.first, wrong.order.then), kind


# 4. shanxi: the action buttons were long policy sentences ---------------------------------

def test_shanxi_steps_have_short_labels_and_keep_the_policy_sentence_as_a_note():
    from plugins.shanxi.workflow import AUDIT_WORKFLOW, ENROLLMENT_WORKFLOW
    for transition in (*ENROLLMENT_WORKFLOW.transitions, *AUDIT_WORKFLOW.transitions):
        assert len(str(transition.label)) <= 12, transition.label
    register = AUDIT_WORKFLOW.transition("submitted", "registered", frozenset({UserRole.SCHOOL_ADMIN}))
    assert register.label == "核实并登记" and str(register.note).startswith("核实证明材料并登记（交流、挂职、借调教师")
    assess = ENROLLMENT_WORKFLOW.transition("enrolled", "completed", frozenset({UserRole.INSTITUTION_STAFF}))
    assert assess.label == "登记考核结果" and "学历教育课程、自主研修成果由区县认定" in str(assess.note)


def test_the_review_queue_shows_the_short_label_with_its_note_under_it(make_app):
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    page = school.get("/admin/reviews").get_data(as_text=True)
    # the rows share the step: its note is said once, above the list (shared_notes), the button short
    assert re.search(r'<button type="submit" class="\w+">核实并登记</button>\s*</form>', page)
    assert re.search(r'<dt>核实并登记</dt><dd class="note">核实证明材料并登记（', page)
    assert page.count("核实证明材料并登记（交流") == 1
    school.post("/locale/en", data={"next": "/"})
    english = school.get("/admin/reviews").get_data(as_text=True)
    assert "核实" not in english and "Verify and register" in english


def test_a_qingdao_teacher_who_withdrew_an_application_asks_the_school_again(make_app):
    """A phone trial's teacher withdrew an application (撤回申请) by mistake and could never ask
    again, though seats were left: 已退出 was final. The school's approval is asked anew."""
    app = make_app("qingdao", demo=True)
    project_id = _city_project(app, fee=0)
    teacher = signed_in(app, "teacher")
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    first = _mine(app, project_id)
    assert first.status == "applied"
    answer = teacher.post(f"/enrollments/{first.id}/moves", data={"target": "withdrawn", "state": "applied"})
    assert answer.status_code in (302, 303) and _mine(app, project_id).status == "withdrawn"
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "可重新向学校申请" in page and f'action="/catalog/{project_id}/select"' in page
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 303
    again = _mine(app, project_id)
    assert again.id == first.id and again.status == "applied"  # the same row, the school asked again
    assert teacher.post(f"/catalog/{project_id}/select").status_code == 409


def test_a_shanxi_borrowing_in_the_review_queue_reads_its_own_step_not_a_claims_proof(make_app):
    """A borrowing has no proof of a training to check: the school's step on it read the
    claim's note (核实证明材料并登记（交流、挂职、借调教师…）). It keeps the short label 核实并登记
    with a note about the year's shortfall; a claim keeps its note; each entry offers it once."""
    from plugins.shanxi.workflow import AUDIT_WORKFLOW

    registers = [t for t in AUDIT_WORKFLOW.transitions if (t.source, t.target) == ("submitted", "registered")]
    assert all(t.label == "核实并登记" for t in registers)
    app = make_app("shanxi", demo=True)
    year_decided(app, "teacher")  # no borrowing while the year's credits wait (test_bank_awaiting)
    teacher = signed_in(app, "teacher")
    assert teacher.post("/bank/borrow").status_code == 303
    school = signed_in(app, "school_admin")
    page = school.get("/admin/reviews?source=borrowing").get_data(as_text=True)
    entry = page.split('class="ledger', 1)[1]
    assert "核实该学年未达基本要求的学分差额后登记借贷" in entry
    assert "核实证明材料并登记" not in entry
    assert len(re.findall(r'<button type="submit" class="\w+">核实并登记</button>', entry)) == 1
    claims = school.get("/admin/reviews").get_data(as_text=True)
    assert "核实证明材料并登记（交流" in claims
    school.post("/locale/en", data={"next": "/"})
    assert "register the borrowing" in school.get("/admin/reviews?source=borrowing").get_data(as_text=True)


def test_a_step_withheld_is_read_once_where_a_twin_step_to_the_same_state_is_for_other_entries(make_app):
    """shanxi's registration is two steps to one state under one label (a claim's, a
    borrowing's, by ``applies``); a region withholding it said "not yet" once per step."""
    from portal.domain.results import Finding
    from portal.models import LedgerEntry, Teacher
    from portal.services import reviews

    class Withholding:
        def __init__(self, region):
            self.region = region

        def __getattr__(self, name):
            return getattr(self.region, name)

        def audit_findings(self, step):
            return [Finding("not_yet", False, None, None, "not yet", "")]

    app = make_app("shanxi", demo=True)
    with app.app_context():
        region = Withholding(app.extensions["portal.region"])
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted",
                                                            LedgerEntry.source != "borrowing"))
        teacher = db.session.get(Teacher, entry.teacher_id)
        user = db.session.scalar(select(User).where(User.username == "school_admin"))
        found = reviews.steps(region, user, entry, teacher, teacher.school, entry.activity_date)
        assert not found.offered
        assert [w.target for w in found.withheld].count("registered") == 1
