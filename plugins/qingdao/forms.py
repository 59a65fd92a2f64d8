"""The region's forms: the calculator (规则试算) and a teacher's enrollment.

The calculator: every field is redefined, in the order a Shinan teacher fills it in, with Qingdao's own
words: the modes the documents name (集中、网络、校本; no self-study or degree courses),
the evaluation as pass or fail (the region gives no bonus for 优/良), the year of the
new-teacher training, and the compulsory content (2018 notice §三) as a multiple choice.
"""
from __future__ import annotations

from wtforms import (
    DateField, DecimalField, Form, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain import ActivityRole
from portal.web.forms import ActivityForm, Within

from .parameters import COMPULSORY_TOPICS
from .words import GRADE_NAMES, LEVEL_NAMES, MODE_NAMES, ROLE_NAMES, _


def _choices(labels: dict, blank=None) -> list[SelectChoice]:
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(getattr(k, "value", k), v) for k, v in labels.items()]


class QingdaoActivityForm(ActivityForm):
    program = SelectField(_("市南区学分标准表项目（不选则按 1 学时 1 学分）"), choices=[], validators=[Optional()],
                          validate_choice=False)
    level = SelectField(_("培训级别"), choices=_choices(LEVEL_NAMES), validators=[InputRequired()])
    mode = SelectField(_("培训形式"), choices=_choices(MODE_NAMES), validators=[InputRequired()])
    role = SelectField(_("身份"), choices=_choices(ROLE_NAMES), default=ActivityRole.PARTICIPANT.value)
    hours = DecimalField(_("学时（参训或授课的小时数）"), places=None,
                         validators=[InputRequired(), Within(min=0, max=10000)])
    days = IntegerField(_("培训天数（按每天上限计算）"), validators=[Optional(), Within(min=1, max=3660)])
    start = DateField(_("开始日期"), validators=[Optional()])
    end = DateField(_("结束日期（按当日有效的规则计算）"), validators=[Optional()])
    grade = SelectField(_("结业评价或第三方评价"), choices=_choices(GRADE_NAMES, blank=_("（没有给出）")),
                        validators=[Optional()])
    service_year = IntegerField(_("新教师培训第几年（1—3）"), validators=[Optional(), Within(min=1, max=3)])
    base_credits = DecimalField(_("区教育研究中心据实认定的学分（“其他情况”）"), places=None,
                                validators=[Optional(), Within(min=0, max=10000)])
    topics = None
    compulsory_topics = SelectMultipleField(
        _("必修内容"), choices=_choices(COMPULSORY_TOPICS), validators=[Optional()],
    )

    def activity_data(self) -> dict:
        data = super().activity_data()
        chosen = [t for t in self.compulsory_topics.data or () if t]  # an empty value sent alone is none chosen
        if chosen:
            data["topics"] = chosen
        return data


class QingdaoEnrollmentForm(Form):
    """What the teacher fills in on enrolling in a training with a fee (2018 notice annex 2
    §四3: 填写报销凭证及备注): the invoice their unit's finance office reimburses against, and a
    remark."""

    # required: this form is a training's with a fee, whose order, once made, keeps the invoice as
    # given (订单一经生成，则无法修改报销凭证信息): a trial's teacher selected one without it and
    # could never add it
    invoice = StringField(
        _("报销凭证（发票）信息"), validators=[InputRequired(), Length(max=200)],
        description=_("收费的培训填写。需提前与单位财务人员确认发票信息，订单一经生成，则无法修改报销凭证信息"),
    )
    remarks = TextAreaField(_("备注"), validators=[Optional(), Length(max=500)])


class QingdaoFreeEnrollmentForm(QingdaoEnrollmentForm):
    """On a training without a fee there is nothing to reimburse: a remark only."""

    invoice = None
