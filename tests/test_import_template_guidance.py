"""What the import templates show a bureau filling them in. The historical credits' template
shows, on its sheet of examples, rows that each region's rules count: a bureau filling in its
own rows after the examples' pattern (a provincial online training given as credits alone)
would otherwise have every such row refused as counting 0."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.domain import Activity, InvalidInput, Level, Mode
from portal.plugins import Region, installed_regions
from portal.services import imports

ON = date(2026, 12, 7)


@pytest.mark.parametrize("code", sorted(installed_regions()))
def test_each_example_row_of_the_credits_template_counts_under_the_regions_rules(code):
    region = Region.load(code)
    choices = imports.credit_choices(region, ON)
    levels = {word: code for code, word in choices["level"]}
    modes = {word: code for code, word in choices["mode"]}
    for row in imports.credit_examples(choices, region):
        _id, day, _title, _category, level, mode, hours, credits = row
        activity = Activity(level=Level(levels[level]), mode=Mode(modes[mode]), hours=Decimal(hours or 0), days=1,
                            start=date.fromisoformat(day), end=date.fromisoformat(day),
                            base_credits=Decimal(credits) if credits else None)
        try:
            result = region.convert(activity, on=date.fromisoformat(day))
        except InvalidInput as refused:
            pytest.fail(f"{code}: the example {row} is refused: {refused.message}")
        assert result.amount > 0, f"{code}: the example {row} counts nothing, so its import would be refused"


def test_the_units_template_offers_the_kinds_of_unit_as_a_drop_down_list(make_app):
    """A bureau building its tree typed 县区 where the import reads 区县: the kinds were only in
    the note on the first heading, which a phone's or WPS's viewer hardly shows. The kind column
    now offers them as a list, each a word the import reads."""
    from tests.support import login
    from tests.test_imports import _template_lists

    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "district_admin")
    lists, _note = _template_lists(client.get("/admin/imports/units/template.xlsx").data)
    assert lists == [",".join(imports.UNIT_KIND_LIST)]
    assert all(word in imports.KIND_WORDS for word in imports.UNIT_KIND_LIST)
