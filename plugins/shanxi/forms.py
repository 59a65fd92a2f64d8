"""The calculator's form (规则试算) for Shanxi: the core's activity form without the fields
Shanxi's rules do not read, with the compulsory content (§三(三)) as check boxes."""
from __future__ import annotations


from portal import clock
from portal.web.forms import ActivityForm, Within
from wtforms import DecimalField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from . import parameters as P
from .words import _


class ShanxiActivityForm(ActivityForm):
    """Level, mode, hours, dates, grade, role, program, and the credits a county
    recognised (degree courses §四(三), self-study achievements §四(四), teaching in a
    training §三(二)). Probation is a program, so the year in post is not asked."""

    service_year = None
    topics = None
    base_credits = DecimalField(
        _("认定学分（学历教育课程、自主研修成果、授课指导时填写）"), places=None,
        validators=[Optional(), Within(min=0, max=10000)])
    compulsory = SelectMultipleField(
        _("含必修内容"),
        choices=[SelectChoice(code, label) for code, label in P.COMPULSORY_TOPICS.at(clock.today()).items()],
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False), validators=[Optional()])

    def activity_data(self) -> dict:
        data = super().activity_data()
        if self.compulsory.data:
            data["topics"] = list(self.compulsory.data)
        return data
