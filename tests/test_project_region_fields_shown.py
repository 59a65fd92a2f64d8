"""A region's own project fields (``portal_project_form``: a filing number the district gives a
project, a funding source) are shown on the project's page and its catalog page, each under its
label and a choice by its label. They were kept and shown on the edit form alone, so the reviewer
approving a project, and the teachers choosing it, never read them, while an enrollment's own
fields are shown wherever the enrollment is."""
from __future__ import annotations

from sqlalchemy import select
from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from portal.domain.text import Messages
from portal.extensions import db
from portal.models import TrainingProject as Project
from tests import example_region
from tests.support import signed_in, text

_ = Messages("example", "tests.example_region")


class FilingFields(Form):
    filing_number = StringField(_("示例区"))
    funding = SelectField(_("示例集中培训"), choices=[SelectChoice("", "—"), SelectChoice("county", _("示例区"))])


class ProjectFormPlugin:
    @example_region.hookimpl
    def portal_project_form(self):
        return FilingFields


def test_the_regions_own_project_fields_are_shown_under_their_labels(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(ProjectFormPlugin())
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.name == "示例集中培训"))
        project.region_fields = {"filing_number": "XS2026-001", "funding": "county"}
        db.session.commit()
        project_id = project.id
    own = text(signed_in(app, "district_admin").get(f"/projects/{project_id}"))
    assert "示例区 XS2026-001" in own, own
    assert "示例集中培训 示例区" in own  # a choice by its label, not its code
    assert "county" not in own
    listed = text(signed_in(app, "teacher").get(f"/catalog/{project_id}"))
    assert "示例区 XS2026-001" in listed, listed
