"""Ruian's calculator form (规则试算): a project's declared base credits decide the credits.

The notice (§二) counts credits as the base credits a project declares, for centralized and
school-based training only, for participants only; days, year in post and topics play no
part, so those fields are dropped, and the fields are redeclared in the order that matters
here (form, base credits, then the rest). Labels are the region's own texts, so they read
in the page's language. The rules still validate whatever the form lets through.
"""
from __future__ import annotations

from wtforms import DateField, DecimalField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from portal.domain import Level, Mode
from portal.domain.labels import GRADE_LABELS
from portal.web.forms import ActivityForm, Within

from .words import MODE_LABELS, _

LEVEL_LABELS = {
    Level.NATIONAL: _("国家级"), Level.PROVINCIAL: _("省级"), Level.CITY: _("市级"),
    Level.COUNTY: _("县（市、区）级"), Level.SCHOOL: _("校级"),
}


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(k.value, v) for k, v in labels.items()]


class RuianActivityForm(ActivityForm):
    mode = SelectField(_("培训形式"), choices=_choices(MODE_LABELS), default=Mode.CENTRALIZED.value,
                       validators=[InputRequired()])
    base_credits = DecimalField(
        _("项目申报的基础学分"), places=None, validators=[InputRequired(), Within(min=0, max=10000)],
        description=_("学分按项目申报的基础学分认定，学时不折算学分"),
    )
    hours = DecimalField(_("参训学时（只记录，不折算学分）"), places=None,
                         validators=[InputRequired(), Within(min=0, max=10000)])
    planned_hours = DecimalField(
        _("项目学时（选填）"), places=None, validators=[Optional(), Within(min=0, max=10000)],
        description=_("填写后，参训学时不足项目学时的按未完成培训计算（出勤比例由本局设定）"),
    )
    grade = SelectField(_("考核结果"), choices=[SelectChoice("", _("未填"))] + _choices(GRADE_LABELS),
                        validators=[Optional()])
    program = SelectField(_("项目类别"), choices=[], validators=[Optional()], validate_choice=False)
    level = SelectField(_("项目级别（不影响学分）"), choices=_choices(LEVEL_LABELS), default=Level.COUNTY.value,
                        validators=[InputRequired()])
    start = DateField(_("开始日期"), validators=[Optional()])
    end = DateField(_("结业日期（按当日规则计算）"), validators=[Optional()])
    days = None
    role = None  # participants only: the notice credits no instructor, mentor or presenter
    service_year = None
    topics = None
