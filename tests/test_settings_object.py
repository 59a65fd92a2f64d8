"""A bureau's settings are an object of setting names and values: a worked case written with
``settings: 9`` stopped ``portal rules test`` with a traceback (``'int' object has no attribute
'items'``), and a region loaded with settings 9 from the app's configuration did the same at
start-up. Each is now refused with a sentence saying what the settings must be."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.domain import SettingError
from portal.plugins import Region


@pytest.mark.parametrize("given", [9, "9", [9]])
def test_a_region_loaded_with_settings_that_are_no_object_is_refused_in_words(given):
    with pytest.raises(SettingError, match=r"must be an object of setting names and values"):
        Region.load("kaifeng", settings=given)
    assert Region.load("kaifeng", settings={}).settings == {}


def test_a_worked_case_whose_settings_are_a_bare_number_is_a_one_line_error(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("""
- name: 设置写成了一个数
  source: kaifeng §1
  settings: 9
  convert: {level: county, mode: centralized, hours: 10}
  expect: {amount: 1}
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", "--region", "kaifeng", "--cases", str(cases)])
    assert result.exit_code == 1 and not isinstance(result.exception, AttributeError)
    assert "cases.yaml case 1: settings is an object of setting names and values" in result.output
    assert "Traceback" not in result.output


def test_the_app_configured_with_settings_that_are_no_object_does_not_start(make_app):
    with pytest.raises(SettingError, match=r"not 9"):
        make_app("kaifeng", PORTAL_SETTINGS=9)
