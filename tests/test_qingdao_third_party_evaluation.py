"""Qingdao (s56, an open item): row 11's 第三方网络评价 is the teacher's own evaluation of the course on
the platform the city's 第三方服务机构 runs (2018 §二 引入第三方服务机构，开发了青岛市教师个性化培训平台;
附件2 五 评价流程: 填写培训评价表后提交完成评价; 六2 对所参加的培训课程进行评价，即可获取相应学分), while
the institution's 结业评价 records whether the training was completed as it requires (六1 用户按照培训
机构的相关要求完成培训). The portal asked both already; its words gave the institution's 不合格 as
“第三方网络评价没有合格” and the teacher's step named no 第三方网络评价."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from plugins.qingdao import conversion, parameters as P
from plugins.qingdao.enrollment import THIRD_PARTY_SOURCE
from plugins.qingdao.workflow import FINISHED, enrollment_workflow
from portal.domain import COMPLETED, Activity, Grade, Level, Mode, UserRole


def _personalized(grade):
    return Activity(level=Level.CITY, mode=Mode.CENTRALIZED, hours=Decimal(12), days=2, end=date(2018, 5, 20),
                    program="city_personalized", grade=grade)


def test_a_failed_completion_evaluation_is_the_institutions_not_the_third_party_evaluation():
    result = conversion.convert(_personalized(Grade.FAIL), date(2018, 5, 20))
    assert result.amount == 0
    step = result.steps[-1]
    assert "第三方网络评价" not in str(step.text) and "培训机构的相关要求" in str(step.text)
    assert "§附件2 六1" in step.source and P.F2018 in step.source


def test_the_teachers_evaluation_is_the_third_party_online_evaluation():
    steps = [t for t in enrollment_workflow(date(2026, 6, 1)).transitions
             if (t.source, t.target, t.actor) == (FINISHED, COMPLETED, UserRole.TEACHER)]
    assert len(steps) == 1 and "第三方网络评价" in str(steps[0].label)
    row = P.ROW_BY_CODE["city_personalized"]
    assert "培训机构" in str(row.detail) and "第三方网络评价（" in str(row.detail)
    assert "六1" in THIRD_PARTY_SOURCE


def test_a_personalized_training_without_a_result_says_both_conditions():
    try:
        conversion.convert(_personalized(None), date(2018, 5, 20))
    except Exception as refused:  # InvalidInput
        words = str(getattr(refused, "message", refused))
    assert "培训机构" in words and "第三方网络评价" in words


def test_the_evaluation_step_of_the_rules_names_the_third_party_evaluation():
    result = conversion.convert(_personalized(Grade.PASS), date(2018, 5, 20))
    last = result.steps[-1]
    assert "第三方网络评价" in str(last.text) and "§附件2 六2" in last.source and "§附件1 第11项" in last.source
