"""A level's or a role's label inside an English sentence reads as a word, not a label: the
refusal of a level above a unit's reach said "runs trainings of County level at most" (now
"organises trainings of school level or below, not of national level"), a
project nobody can review "it is reviewed by Training institution staff over its organiser",
where the steps' sentences already read "the training institution staff over …"
(``within_sentence``). Chinese reads as before, and a stored message keeps it so."""
from __future__ import annotations

import re
from datetime import timedelta

from portal import clock
from portal.domain import ProjectReview, UserRole
from portal.domain.labels import LEVEL_LABELS, USER_ROLE_LABELS
from portal.domain.text import Messages, WithinSentence, from_data, to_data, using
from portal.hookspecs import hookimpl
from tests import example_region
from tests.support import signed_in
from tests.test_project_reschedule import _school_project

_ = Messages("messages", "portal")


def test_a_label_within_a_sentence_loses_its_capital_in_english_only_and_keeps_it_stored():
    said = _("Nobody can review this project: it is reviewed by {role} over its organiser, and nobody holds that "
             "role over {unit}. It stays a draft.", role=WithinSentence(USER_ROLE_LABELS[UserRole.INSTITUTION_STAFF]),
             unit="示例市")
    again = from_data(to_data(said))
    with using("en"):
        assert "it is reviewed by training institution staff over its organiser" in str(said)
        assert str(again) == str(said)
        assert str(WithinSentence("IT")) == "IT"  # an acronym keeps its capitals
    with using("zh_Hans_CN"):
        assert "培训机构" in str(said) and str(again) == str(said)
        assert str(WithinSentence(LEVEL_LABELS[next(iter(LEVEL_LABELS))])) == "国家级"


def test_the_refusal_of_a_level_beyond_a_units_reach_says_the_level_as_a_word(make_app):
    app = make_app("shanxi", demo=True)
    school = signed_in(app, "school_admin")
    data = _school_project(school, name="学校自定国家级测试", level="national")
    school.post("/locale/en")
    refused = school.post("/projects/new", data=data).get_data(as_text=True)
    error = re.search(r'<p class="error" id="level-error">(.*?)</p>', refused, re.S).group(1)
    assert re.search(r"organises trainings of [a-z][^<]* level or below, not of [a-z][^<]* level", error), error
    school.post("/locale/zh_Hans_CN")
    chinese = school.post("/projects/new", data=data).get_data(as_text=True)
    assert re.search(r'<p class="error" id="level-error">[^<]*<span translate="no">[^<]+</span>[^<]*级', chinese)


def test_a_project_nobody_can_review_names_the_role_as_a_word(make_app, monkeypatch):
    @hookimpl
    def portal_project_review(project):
        return ProjectReview(UserRole.DISTRICT_ADMIN, "example.txt §1")

    monkeypatch.setattr(example_region, "portal_project_review", portal_project_review, raising=False)
    app = make_app("example", demo=True, PORTAL_TEST_CASE="reviewed by the district")
    city = signed_in(app, "city_admin")
    day = (clock.today() + timedelta(days=30)).isoformat()
    answer = city.post("/api/projects", json={"name": "市级培训", "level": "city", "mode": "centralized", "hours": 6,
                                              "start": day, "end": day, "classes": 1, "fee": 0, "declare": True})
    city.post("/locale/en")
    page = city.get(f"/projects/{answer.get_json()['project']['id']}").get_data(as_text=True)
    assert "it is reviewed by district admin over its organiser" in page
    assert "reviewed by District admin" not in page

