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


def test_a_training_already_held_is_refused_with_where_its_credits_go(make_app):
    """A bureau starting mid-term: a school's 校本研修 of this term, already held, was refused with
    “correct its dates first” alone, as if mistyped. The refusal now says where a training held
    goes: its teachers' claims, or the historical credits' import."""
    from datetime import timedelta

    from portal import clock
    from tests.support import signed_in
    from tests.test_training_process import _new_project

    app = make_app("shanxi", demo=True)
    district = signed_in(app, "district_admin")
    held = clock.today() - timedelta(days=2)
    project_id = _new_project(app, district, level="county", start=held.isoformat(), end=held.isoformat(),
                              hours="8", stages=["junior_high"])
    refused = district.post(f"/projects/{project_id}/declare", follow_redirects=True).get_data(as_text=True)
    assert "如培训确已举办，其学分由教师申报（学分申报），或作为历史学分导入（批量导入）" in refused


def test_a_unit_below_a_row_to_correct_is_told_to_correct_that_row(make_app):
    """A bureau typed 县区 for its county: that row was refused, and each school below it answered
    “no unit of your scope, nor an earlier row, has this parent code” though the county was on
    the row above. A row whose parent is an earlier row to correct now says so."""
    from tests.support import login
    from tests.test_imports import UNIT_HEADINGS, sheet, upload

    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "district_admin")
    rows = [["bd-zone-1", "某学区", "县区", "sx-ty-xd"], ["bd-school-1", "某学校", "学校", "bd-zone-1"],
            ["bd-school-2", "另一学校", "学校", "bd-nowhere"]]
    answer = upload(client, "units", sheet(UNIT_HEADINGS, rows))
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "此上级单位代码是前面某一行的单位，而该行需要更正" in page
    assert page.count("此上级单位代码是前面某一行的单位") == 1
    assert "您管理范围内及前面各行中都没有此上级单位代码" in page  # a parent named nowhere is still unknown
