"""The calculator asks the fields in the order the region's ``portal_activity_fields`` gives them
(its hookspec: "those, in this order"): a field the region's own form (``portal_activity_form``)
defines anew under a declared name, its own ``hours`` with its own bounds, was put after every
other field, out of that order; a field of its own that is no activity field still comes last."""
from __future__ import annotations

from wtforms import DecimalField

from portal.domain import ActivityField
from portal.web.forms import ActivityForm, Within
from tests import example_region
from tests.test_calculator_declared import outside_region, with_region


class OwnForm(ActivityForm):
    hours = DecimalField("own hours", validators=[Within(min=0, max=100)])
    extra = DecimalField("extra", validators=[Within(min=0)])


def test_a_declared_field_the_regions_form_defines_keeps_its_declared_place(make_app):
    module = outside_region()
    module.portal_activity_fields = example_region.hookimpl(
        lambda on: ("mode", "days", ActivityField("hours"), "start", "end"))
    module.portal_activity_form = example_region.hookimpl(lambda: OwnForm)
    app, region = with_region(make_app, module)
    with app.test_request_context():
        form = region.activity_form()()
        names = [f.name for f in form if f.name != "csrf_token"]
    assert names == ["level", "mode", "days", "hours", "start", "end", "extra"]
    assert form.hours.label.text == "own hours"  # still the region's own field
