"""A region lists the levels and modes its rules credit (``portal_project_choices``): the
project form offers only those, in the region's words, and the service refuses any other, on
the page and in the JSON API, instead of a form that offers what saving then refuses."""
from __future__ import annotations

import base64
import re

from portal.domain import Described, Level, Mode
from portal.domain.text import Messages
from portal.hookspecs import hookimpl
from tests.support import first_organiser, signed_in

_ = Messages("example", "tests.example_region")


class FewChoices:
    """An outside region that credits district and school trainings, in person or online."""

    @staticmethod
    @hookimpl
    def portal_project_choices(on):
        return {"level": (Described(Level.COUNTY.value, _("区级"), "example.txt §1"),
                          Described(Level.SCHOOL.value, _("校级"), "example.txt §1")),
                "mode": (Described(Mode.CENTRALIZED.value, _("集中培训"), "example.txt §1"),
                         Described(Mode.ONLINE.value, _("网络研修"), "example.txt §1"))}


def _app(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(FewChoices())
    return app


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def _data(page: str, **fields) -> dict:
    organiser = first_organiser(page)
    return {"organiser": organiser, "name": "区级集中培训", "level": "county", "mode": "centralized",
            "start": "2099-03-02", "end": "2099-03-04", "hours": "24", "classes": "1", "fee": "0", **fields}


def test_the_form_offers_only_the_levels_and_modes_the_region_credits(make_app):
    app = _app(make_app)
    admin = signed_in(app, "city_admin")
    form = admin.get("/projects/new").get_data(as_text=True)
    assert _options(form, "level") == ["", "county", "school"]  # none chosen for the organiser
    assert _options(form, "mode") == ["centralized", "online"]
    assert "区级" in form
    refused = admin.post("/projects/new", data=_data(form, mode="degree"))
    assert refused.status_code == 422
    unchosen = admin.post("/projects/new", data=_data(form, level=""))
    assert unchosen.status_code == 422 and "必填" in unchosen.get_data(as_text=True)
    assert admin.post("/projects/new", data=_data(form)).status_code == 303


def test_the_service_and_the_api_refuse_a_level_or_mode_not_listed(make_app):
    app = _app(make_app)
    auth = {"Authorization": "Basic " + base64.b64encode(b"city_admin:demo12345").decode()}
    body = {"name": "接口培训", "level": "county", "mode": "self_study", "hours": 6,
            "start": "2099-04-01", "end": "2099-04-01"}
    found = app.test_client().post("/api/projects", json=body, headers=auth)
    assert found.status_code == 422 and found.json["field"] == "mode"
    found = app.test_client().post("/api/projects", json={**body, "mode": "online", "level": "city"}, headers=auth)
    assert found.status_code == 422 and found.json["field"] == "level"
    assert app.test_client().post("/api/projects", json={**body, "mode": "online"}, headers=auth).status_code == 201


def test_without_a_list_every_level_and_mode_is_offered(make_app):
    app = make_app("example", demo=True)
    form = signed_in(app, "city_admin").get("/projects/new").get_data(as_text=True)
    assert _options(form, "level") == ["", *(level.value for level in Level)]  # none chosen for the organiser
    assert _options(form, "mode") == [mode.value for mode in Mode]


def test_the_api_refuses_a_project_of_no_hours_as_the_form_does(make_app):
    """A training of 0 hours earns nothing and can never be completed: refused by the service,
    so the JSON API says so as the page does, in the caller's language."""
    app = make_app("qingdao", demo=True)
    auth = {"Authorization": "Basic " + base64.b64encode(b"city_admin:demo12345").decode(),
            "Accept-Language": "zh-CN"}
    body = {"name": "零学时培训", "level": "city", "mode": "centralized", "hours": 0, "stages": ["primary"],
            "description": "全市小学教师集中培训",
            "start": "2099-04-01", "end": "2099-04-01"}
    found = app.test_client().post("/api/projects", json=body, headers=auth)
    assert found.status_code == 422 and found.json["field"] == "hours", found.json
    assert "0" in found.json["message"]
    made = app.test_client().post("/api/projects", json={**body, "hours": 6}, headers=auth)
    assert made.status_code == 201, made.json


def test_a_recognition_of_declared_credits_may_have_no_hours(make_app):
    """shanxi credits a self-study achievement by the credits declared for it (四(四)): such a
    recognition has no hours and is not refused for it."""
    app = make_app("shanxi", demo=True)
    auth = {"Authorization": "Basic " + base64.b64encode(b"district_admin:demo12345").decode()}
    body = {"name": "自主研修成果认定", "level": "county", "mode": "self_study", "hours": 0, "base_credits": 5,
            "start": "2099-04-01", "end": "2099-04-20"}
    made = app.test_client().post("/api/projects", json=body, headers=auth)
    assert made.status_code == 201, made.json
    refused = app.test_client().post("/api/projects", json={**body, "mode": "centralized", "base_credits": None},
                                     headers=auth)
    assert refused.status_code == 422 and refused.json["field"] == "hours", refused.json



def test_ruian_offers_the_two_kinds_of_project_its_notice_names(make_app):
    """A deploying bureau was offered 网络研修, 自主研修 and 学历教育, which saving then refused."""
    app = make_app("ruian", demo=True)
    form = signed_in(app, "city_admin").get("/projects/new").get_data(as_text=True)
    assert _options(form, "mode") == ["centralized", "school_based"]
    assert "校（园）本培训" in form
