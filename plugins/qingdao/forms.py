"""The calculator form (规则试算) for 青岛市市南区.

Every field is redefined, in the order a Shinan teacher fills it in, with Qingdao's own
words: the modes the documents name (集中、网络、校本; no self-study or degree courses),
the evaluation as pass or fail (the region gives no bonus for 优/良), the year of the
new-teacher training, and the compulsory content (2018 notice §三) as a multiple choice.
"""
from __future__ import annotations

from wtforms import DateField, DecimalField, IntegerField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.domain import ActivityRole, Grade, Level, Mode
from portal.web.forms import ActivityForm

from .parameters import COMPULSORY_TOPICS

LEVELS = {
    Level.NATIONAL: "国家级", Level.PROVINCIAL: "省级", Level.CITY: "市级",
    Level.COUNTY: "区（市县）级", Level.SCHOOL: "校级",
}
MODES = {Mode.CENTRALIZED: "集中培训", Mode.ONLINE: "网络研修", Mode.SCHOOL_BASED: "校本培训"}
GRADES = {Grade.PASS: "合格（完成学习任务 / 评价合格）", Grade.FAIL: "不合格（未完成 / 评价不合格）"}
ROLES = {
    ActivityRole.PARTICIPANT: "参训教师",
    ActivityRole.INSTRUCTOR: "承担培训任务（授课）的教师",
    ActivityRole.PRESENTER: "教研活动出课（讲座、大会主旨发言）的教师",
    ActivityRole.MENTOR: "新教师脱岗培训期间的指导教师",
}


def _choices(labels: dict, blank: str | None = None) -> list[SelectChoice]:
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(k.value, v) for k, v in labels.items()]


class QingdaoActivityForm(ActivityForm):
    program = SelectField("市南区学分标准表项目（不选则按 1 学时 1 学分）", choices=[], validators=[Optional()],
                          validate_choice=False)
    level = SelectField("培训级别", choices=_choices(LEVELS), validators=[InputRequired()])
    mode = SelectField("培训形式", choices=_choices(MODES), validators=[InputRequired()])
    role = SelectField("身份", choices=_choices(ROLES), default=ActivityRole.PARTICIPANT.value)
    hours = DecimalField("学时（参训或授课的小时数）", places=None,
                         validators=[InputRequired(), NumberRange(min=0, max=10000)])
    days = IntegerField("培训天数（按每天上限计算）", validators=[Optional(), NumberRange(min=1, max=3660)])
    start = DateField("开始日期", validators=[Optional()])
    end = DateField("结束日期（按当日有效的规则计算）", validators=[Optional()])
    grade = SelectField("结业评价 / 第三方评价", choices=_choices(GRADES, blank="—（未给出）"), validators=[Optional()])
    service_year = IntegerField("新教师培训第几年（1—3）", validators=[Optional(), NumberRange(min=1, max=3)])
    base_credits = DecimalField("区教育研究中心据实认定的学分（“其他情况”）", places=None,
                                validators=[Optional(), NumberRange(min=0, max=10000)])
    topics = None
    compulsory_topics = SelectMultipleField(
        "必修内容", choices=[SelectChoice(code, label) for code, label in COMPULSORY_TOPICS.items()],
        validators=[Optional()],
    )

    def activity_data(self) -> dict:
        data = super().activity_data()
        if self.compulsory_topics.data:
            data["topics"] = list(self.compulsory_topics.data)
        return data
