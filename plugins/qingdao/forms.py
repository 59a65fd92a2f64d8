"""The region's form of a teacher's enrollment. (The calculator needs no form of its own: the
core's asks what ``conversion.activity_fields`` declares, in the notices' words.)"""
from __future__ import annotations

from wtforms import Form, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .words import _


class QingdaoEnrollmentForm(Form):
    """What the teacher fills in on enrolling (报名) in a training with a fee, after the school's
    approval (2018 notice annex 2 §四3: 核对培训课程的相关信息，填写报销凭证及备注): the invoice their
    unit's finance office reimburses against, and a remark. Asked at the 报名 step (``FIELDS``
    in ``workflow.py``), not with the request to the school (§四2), which it was."""

    # required: this form is a training's with a fee, whose order, once made, keeps the invoice as
    # given (订单一经生成，则无法修改报销凭证信息): a trial's teacher selected one without it and
    # could never add it; its note says so (a phone trial's teacher read 收费的培训填写 and was
    # stopped by the browser's own bubble, the field marked nowhere as required)
    invoice = StringField(  # spaces alone are no invoice: stripped, then required
        _("报销凭证（发票）信息"), validators=[DataRequired(), Length(max=200)], filters=[lambda v: v.strip() if v else v],
        description=_("必填（该培训收费）。需提前与单位财务人员确认发票信息，订单一经生成，则无法修改报销凭证信息"),
    )
    remarks = TextAreaField(_("备注"), validators=[Optional(), Length(max=500)], filters=[lambda v: v.strip() if v else v])


class QingdaoFreeEnrollmentForm(QingdaoEnrollmentForm):
    """On a training without a fee there is nothing to reimburse: a remark only."""

    invoice = None
