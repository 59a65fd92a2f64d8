"""Shanxi names the degree mode 学历教育课程 (§四(三) 高等学校学历教育课程), as its rules' steps, claims
and categories do; the core's pages (the project form a district fills in at 375 px, the catalog's
filter) read the core's 学历教育 beside them, for want of the region's ``portal_mode_labels``."""
from __future__ import annotations

import re

from portal.domain import Mode
from portal.domain.text import using
from tests.support import signed_in


def test_the_region_names_the_degree_mode_as_its_rules_do(make_app):
    app = make_app("shanxi")
    with app.app_context(), using("zh_Hans_CN"):
        named = app.extensions["portal.region"].mode_labels()
        assert str(named[Mode.DEGREE]) == "学历教育课程"
        assert str(named.get(Mode.CENTRALIZED, "集中培训")) == "集中培训"  # as the core says it: left to the core
    with app.app_context(), using("en"):
        assert str(app.extensions["portal.region"].mode_labels()[Mode.DEGREE]) == "Degree course"


def test_the_project_form_offers_the_regions_word_for_the_degree_mode(make_app):
    page = signed_in(make_app("shanxi", demo=True), "district_admin").get("/projects/new").get_data(as_text=True)
    modes = re.search(r'<select[^>]*name="mode"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = [o.strip() for o in re.findall(r"<option[^>]*>([^<]*)</option>", modes)]
    assert "学历教育课程" in options and "学历教育" not in options, options


def test_the_calculator_offers_the_regions_word_for_the_degree_mode(make_app):
    """规则试算 at 375 px offered 学历教育 right above its own hint 认定学分（学历教育课程、自主研修成果……）:
    the calculator named the levels in the region's words, not the modes."""
    page = signed_in(make_app("shanxi", demo=True), "teacher").get("/rules/calculator").get_data(as_text=True)
    modes = re.search(r'<select[^>]*name="mode"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = [o.strip() for o in re.findall(r"<option[^>]*>([^<]*)</option>", modes)]
    assert "学历教育课程" in options and "学历教育" not in options, options
    assert "集中培训" in options, options
