"""A project's mode reads in the rules' steps' words on its page: shanxi's project page said
"Centralized (in person)" above steps saying "centralized training" (the pages' own labels,
apart from the domain's); the pages now name modes with the domain's labels, as levels."""
from __future__ import annotations

from sqlalchemy import select

from portal.domain import Mode
from portal.extensions import db
from portal.models import TrainingProject
from tests.support import signed_in


def test_a_projects_mode_reads_as_its_steps_do_in_english(make_app):
    app = make_app("shanxi", demo=True)
    with app.app_context():
        project_id = db.session.scalar(select(TrainingProject.id).where(
            TrainingProject.mode == Mode.CENTRALIZED.value, TrainingProject.status == "published")
            .order_by(TrainingProject.id))
    teacher = signed_in(app, "teacher")
    teacher.post("/locale/en")
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    if "Level and mode" not in page:
        page = teacher.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "Centralized (in person)" not in page
    assert "Centralized training" in page
