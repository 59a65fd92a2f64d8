"""A region written from the core's template says its conversion step in English as two words
apart: "County (city, district) Centralized training: …" read as one run of labels, a capital
mid-sentence; the step now says the mode, then the level after a comma, in either unit."""
from __future__ import annotations

import importlib
import sys
from datetime import date
from decimal import Decimal

import pytest

from portal.domain import Activity, Level, Mode
from portal.domain.text import using
from portal.skeleton import write_region


@pytest.mark.parametrize("unit", ["credit", "hour"])
def test_the_templates_step_names_mode_and_level_apart_in_english(tmp_path, unit):
    name = f"skel{unit}"
    target = write_region(name, "示例市", tmp_path, set(), unit=unit)
    sys.path.insert(0, str(target))
    try:
        conversion = importlib.import_module(f"portal_region_{name}.conversion")
        result = conversion.convert(Activity(level=Level.COUNTY, mode=Mode.CENTRALIZED, hours=Decimal(12)),
                                    date(2026, 5, 1))
        with using("en"):
            said = str(result.steps[0].text)
        with using("zh_Hans_CN"):
            chinese = str(result.steps[0].text)
    finally:
        sys.path.remove(str(target))
        for module in [m for m in sys.modules if m.startswith(f"portal_region_{name}")]:
            del sys.modules[module]
    assert said.startswith("Centralized training, County (city, district): "), said
    assert chinese.startswith("县（市、区）级集中培训："), chinese
