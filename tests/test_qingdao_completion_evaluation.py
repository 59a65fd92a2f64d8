"""qingdao's result of a training is its 结业评价 (2017 附件2 第6步, by the learning tasks completed
and the attendance; 附件1 第11项 a personalized training's third-party evaluation 合格): 合格 or
不合格, none other. The institution's result form read 考核等次 and its class list 考核结果：优, and the
district's and the school's 结业评价 offered 优 and 良, which neither notice has. The first state of an
audit entry read 已登记（结业评价） also for a personalized training, whose credits are registered
after the third-party evaluation and the teacher's own evaluation, and for a claim."""
from __future__ import annotations

from datetime import date

from portal.domain import Grade, Transition, UserRole
from portal.domain.workflow import RESULT
from tests.support import signed_in, text


def test_every_result_step_records_pass_or_fail_only():
    from plugins.qingdao.workflow import AUDIT_WORKFLOW, enrollment_workflow
    steps = [t for t in enrollment_workflow(date(2026, 6, 1)).transitions if RESULT in t.asks]
    assert {t.actor for t in steps} == {UserRole.DISTRICT_ADMIN, UserRole.SCHOOL_ADMIN, UserRole.INSTITUTION_STAFF}
    for step in steps:
        assert step.grades == (Grade.PASS, Grade.FAIL)
        assert not step.grade_given(Grade.EXCELLENT) and not step.grade_given(Grade.GOOD)
        assert step.grade_given(Grade.PASS) and step.grade_given(Grade.FAIL)
    by = {t.actor: t for t in steps if t.target == "completed"}
    # a district's or a school's may leave it out (read by the setting grade_missing_means_pass) ...
    assert by[UserRole.DISTRICT_ADMIN].grade_given(None) and by[UserRole.SCHOOL_ADMIN].grade_given(None)
    # ... the third-party evaluation may not (附件1 第11项: 评价合格后登记)
    assert not by[UserRole.INSTITUTION_STAFF].grade_given(None)
    assert str(AUDIT_WORKFLOW.state("registered").label) == "学分已登记，待提交审核"


def test_a_step_without_grades_takes_any():
    step = Transition("a", "b", UserRole.SCHOOL_ADMIN, "x", asks=(RESULT,))
    assert step.grade_given(Grade.EXCELLENT) and step.grade_given(None)


def test_the_class_list_reads_the_completion_evaluation(make_app):
    app = make_app("qingdao", demo=True)
    institution = signed_in(app, "institution")
    institution.post("/locale/zh_Hans_CN")
    pages = [text(institution.get(f"/projects/{i}/class")) for i in range(1, 40)]
    pages = [p for p in pages if "学员名单" in p]
    joined = " ".join(pages)
    assert "结业评价：合格" in joined and "用 Excel 表登记结业评价" in joined
    assert "考核" not in joined and "：优" not in joined
    institution.post("/locale/en")
    joined = " ".join(text(institution.get(f"/projects/{i}/class")) for i in range(1, 40))
    assert "Completion evaluation: 合格" in joined or "Completion evaluation: Pass" in joined
