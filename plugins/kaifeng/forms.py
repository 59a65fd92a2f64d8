"""开封市的规则试算表单：全员网络研修的各项考核成绩与项目权重 (kaifeng-2018-online-training.txt §三(五)).

Kaifeng has no daily caps, year-in-post programs, topics or declared credits, and the
notice sets hours for participants only, so those fields are dropped. It adds the three
part scores §三(五) names and the project's weights for them; left empty, the weights
are the region's settings and the grade decides where no score is given.
"""
from __future__ import annotations

from wtforms import DecimalField
from wtforms.validators import Optional

from portal.web.forms import ActivityForm, Within

from .parameters import ASSESSMENT_PARTS
from .words import _


def _score(code: str) -> DecimalField:
    # The full score is a setting (full_score, default 100): the rules check the upper bound.
    return DecimalField(_("{part}成绩（分）", part=ASSESSMENT_PARTS[code]), places=None,
                        validators=[Optional(), Within(min=0)])


def _weight(code: str) -> DecimalField:
    return DecimalField(_("{part}权重（%，按项目方案）", part=ASSESSMENT_PARTS[code]), places=None,
                        validators=[Optional(), Within(min=0, max=100)])


class KaifengActivityForm(ActivityForm):
    """The core's activity form with the composite assessment's scores and weights."""

    days = None
    role = None
    service_year = None
    topics = None
    base_credits = None

    score_course_time = _score("course_time")
    score_discussion = _score("discussion")
    score_tasks = _score("tasks")
    weight_course_time = _weight("course_time")
    weight_discussion = _weight("discussion")
    weight_tasks = _weight("tasks")

    def field_for(self, path: str) -> str | None:
        """``scores.tasks`` is shown under ``score_tasks``, ``weights.tasks`` under ``weight_tasks``."""
        kind, _, code = path.partition(".")
        field = {"scores": "score_", "weights": "weight_"}.get(kind, "") + code
        return field if code and field in self else super().field_for(path)

    def activity_data(self) -> dict:
        data = super().activity_data()
        for key, prefix in (("scores", "score_"), ("weights", "weight_")):
            values = {
                code: self[prefix + code].data
                for code in ASSESSMENT_PARTS
                if self[prefix + code].data is not None
            }
            if values:
                data[key] = values
        return data
