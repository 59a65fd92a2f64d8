"""Hours a project states are marked as conditional where the region attaches a condition to them
(``portal_hours_condition``): the region's short words, else the core's, never the hours alone."""
from __future__ import annotations

from flask import render_template_string

from portal.domain import HoursCondition

MARK = '{% from "macros.html" import conditional_hours %}{{ conditional_hours("60 hours", c) }}'


def test_a_condition_without_short_words_reads_the_cores(make_app):
    app = make_app("kaifeng")
    with app.test_request_context():
        assert render_template_string(MARK, c=None) == "60 hours"
        assert render_template_string(MARK, c=HoursCondition("passed", "§1")) == "60 hours（满足条件后计入）"
        assert render_template_string(MARK, c=HoursCondition("passed", "§1", "if passed")) == "60 hours（if passed）"
