"""``/api/projects`` gave a region's own project fields as codes only ("public"), which a script
could not show as the project's page does (经费来源：财政拨款): each is now given beside its code
in words, its field's label and its value's (the code kept)."""
from __future__ import annotations

from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from portal.domain.text import Messages
from tests import example_region
from tests.test_api_project_region_fields import PROJECT, _auth

_ = Messages("example", "tests.example_region")


class FundedFields(Form):
    funding = SelectField("经费来源", choices=[SelectChoice("public", "财政拨款"), SelectChoice("self", "自筹")])
    filing_number = StringField("备案号")


class ProjectFormPlugin:
    @example_region.hookimpl
    def portal_project_form(self):
        return FundedFields


def test_the_api_gives_a_region_fields_label_beside_its_code(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(ProjectFormPlugin())
    client = app.test_client()
    made = client.post("/api/projects", json={**PROJECT, "region_fields": {"funding": "public",
                                                                           "filing_number": "XS2026-001"}},
                       headers=_auth("district_admin"))
    assert made.status_code == 201, made.json
    assert made.json["region_fields"] == {"funding": "public", "filing_number": "XS2026-001"}
    assert made.json["region_field_labels"] == {"funding": {"label": "经费来源", "value": "财政拨款"},
                                                "filing_number": {"label": "备案号", "value": "XS2026-001"}}


def test_the_openapi_document_and_the_readme_describe_the_labels(make_app):
    from pathlib import Path

    app = make_app("example")
    document = app.test_client().get("/api/openapi.json").json
    project = document["components"]["schemas"]["Project"]
    assert "region_field_labels" in project["required"] and "region_field_labels" in project["properties"]
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`region_field_labels`" in readme
