"""Labels are capitalised in English, the core's as a region's: a phone trial read a level
filter offering "city" beside "District (county)", a project's "county · Centralized (in
person)", and shanxi's "new teachers' probation training" beside capitalised labels. The core's
level, mode and stage words are labels (``portal.domain.labels``), and every region's English
for the levels, modes, programs, categories, topics and layers it names is capitalised alike;
in Chinese nothing changes (校级 is not 学校, the unit's "School")."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest

from portal.domain.labels import LEVEL_LABELS, MODE_LABELS, STAGE_LABELS
from portal.domain.text import from_data, using
from tests.support import signed_in

REGIONS = ("qingdao", "kaifeng", "ruian", "shanxi")


def lower_case(words) -> list[str]:
    return [w for w in map(str, words) if w[:1].isalpha() and w[:1].islower()]


def test_the_cores_level_mode_and_stage_words_are_labels_in_english_and_unchanged_in_chinese():
    with using("en"):
        assert not lower_case([*LEVEL_LABELS.values(), *MODE_LABELS.values(), *STAGE_LABELS.values()])
        assert [str(w) for w in LEVEL_LABELS.values()] == ["National", "Provincial", "City", "County", "School"]
    with using("zh_Hans_CN"):
        assert [str(w) for w in LEVEL_LABELS.values()] == ["国家级", "省级", "市级", "区县级", "校级"]
        assert [str(w) for w in MODE_LABELS.values()] == ["集中培训", "网络研修", "校本研修", "自主研修", "学历教育"]
        assert str(STAGE_LABELS[next(iter(STAGE_LABELS))]) == "高中"


def test_a_word_told_apart_by_its_context_is_kept_with_it():
    school = LEVEL_LABELS[next(reversed(list(LEVEL_LABELS)))]
    again = from_data(school.as_data())
    with using("zh_Hans_CN"):
        assert str(again) == "校级" == str(school)


@pytest.mark.parametrize("region", REGIONS)
def test_every_label_a_region_names_is_capitalised_in_english(make_app, region):
    app = make_app(region)
    named = app.extensions["portal.region"]
    with app.app_context(), using("en"):
        words = [*named.level_labels().values(), *named.mode_labels().values(),
                 *(p.label for p in named.programs()), *(c.label for c in named.categories())]
        for choices in named.project_choices(date(2026, 12, 1)).values():
            words += [c.label for c in choices]
        assert not lower_case(words), region


def _options(page: str, name: str) -> list[str]:
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return [html.unescape(w).strip() for w in re.findall(r"<option[^>]*>([^<]*)</option>", found.group(1))] if found else []


@pytest.mark.parametrize("region", REGIONS)
def test_the_catalog_and_a_project_page_read_capitalised_labels_in_english(make_app, region):
    client = signed_in(make_app(region, demo=True), "teacher")
    client.post("/locale/en")
    catalog = client.get("/catalog/").get_data(as_text=True)
    offered = [*_options(catalog, "level"), *_options(catalog, "mode"), *_options(catalog, "stage")]
    assert offered and not lower_case(offered), offered
    project = re.search(r'href="(/catalog/\d+)"', catalog).group(1)
    page = client.get(project).get_data(as_text=True)
    level_and_mode = re.search(r"<dt>Level and mode</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert not lower_case(w.strip() for w in html.unescape(level_and_mode).split("·")), level_and_mode
