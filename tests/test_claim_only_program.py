"""A program the region credits only as a claim is no training project's (``portal_project_choices``'
"program"). Ruian's 本平台以外参加、由学校认定的集中培训 is a training taken outside the portal and
recognised by the school from its certificate: its conversion asks no attendance and no grade. A
phone trial's institution saved a project in the portal of that program, and a participant who
attended 2 of its 24 hours would have had its 24 base credits."""
from __future__ import annotations

import base64
import re
from decimal import Decimal

from portal import clock
from portal.domain import Activity, Level, Mode
from plugins.ruian import parameters as P
from tests.support import first_organiser, signed_in


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def _data(page: str, **fields) -> dict:
    organiser = first_organiser(page)
    year = clock.today().year + 1
    return {"organiser": organiser, "name": "平台外认定的集中培训", "level": "county", "mode": "centralized",
            "start": f"{year}-03-01", "end": f"{year}-03-03", "hours": "24", "classes": "1", "class_size": "30",
            "fee": "0", "base_credits": "24", **fields}


def test_the_rules_credit_the_claims_program_without_attendance(make_app):
    """Why it matters: the claims' program gives its base credits whatever hours were attended."""
    region = make_app("ruian").extensions["portal.region"]
    day = clock.today()
    result = region.convert(Activity(level=Level.COUNTY, mode=Mode.CENTRALIZED, hours=Decimal(2), planned_hours=Decimal(24),
                                     base_credits=Decimal(24), program=P.PROGRAM_RECOGNISED, start=day, end=day),
                            on=day)
    assert result.amount == 24


def test_the_project_form_offers_no_claims_program_and_refuses_it(make_app):
    app = make_app("ruian", demo=True)
    institution = signed_in(app, "institution")
    form = institution.get("/projects/new").get_data(as_text=True)
    assert _options(form, "program") == ["", P.PROGRAM_RESTRICTED_ELECTIVE_90]
    assert "本平台以外参加、由学校认定的集中培训" not in form
    refused = institution.post("/projects/new", data=_data(form, program=P.PROGRAM_RECOGNISED))
    assert refused.status_code == 422
    assert "请从列出的选项中选择" in refused.get_data(as_text=True)
    saved = institution.post("/projects/new", data=_data(form, program=""))
    assert saved.status_code == 303


def test_the_api_refuses_the_claims_program_naming_the_field(make_app):
    app = make_app("ruian", demo=True)
    auth = {"Authorization": "Basic " + base64.b64encode(b"institution:demo12345").decode()}
    year = clock.today().year + 1
    body = {"name": "接口项目", "level": "county", "mode": "centralized", "hours": 24, "base_credits": 24,
            "start": f"{year}-03-01", "end": f"{year}-03-03", "program": P.PROGRAM_RECOGNISED}
    found = app.test_client().post("/api/projects", json=body, headers=auth)
    assert found.status_code == 422 and found.json["field"] == "program"
    assert app.test_client().post("/api/projects", json={**body, "program": P.PROGRAM_RESTRICTED_ELECTIVE_90,
                                                         "hours": 90, "base_credits": 90,
                                                         "end": f"{year}-03-12"},
                                  headers=auth).status_code == 201


def test_the_calculator_and_the_claim_still_take_the_program(make_app):
    app = make_app("ruian", demo=True)
    teacher = signed_in(app, "teacher")
    calculator = teacher.get("/rules/calculator").get_data(as_text=True)
    assert P.PROGRAM_RECOGNISED in _options(calculator, "program")
    assert teacher.get("/claims/new/outside_centralized").status_code == 200
