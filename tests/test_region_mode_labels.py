"""A region that names a mode of training otherwise than the core (面授培训 where the core says
集中培训) gives its word once (``portal_mode_labels``), and the core's pages naming a mode use
it: the project form, the catalog's filter and list, the project pages and the needs survey
(an outside author's catalog said 集中培训 where its form and steps said 面授培训)."""
from __future__ import annotations

from portal.domain import Mode
from portal.extensions import db
from portal.models import TrainingProject
from portal.domain.text import Messages
from portal.hookspecs import hookimpl
from tests.support import city_project, signed_in
from tests.test_region_level_labels import _option

_ = Messages("example", "tests.example_region")


class FaceToFace:
    @staticmethod
    @hookimpl
    def portal_mode_labels():
        return {Mode.CENTRALIZED: _("面授培训")}


def test_every_core_page_names_the_mode_in_the_regions_word(make_app):
    app = make_app("example", demo=True)
    app.extensions["portal.region"].pm.register(FaceToFace())
    project_id = city_project(app, name="面授培训示例")  # a centralized training

    admin = signed_in(app, "city_admin")
    form = admin.get("/projects/new").get_data(as_text=True)
    assert _option(form, "mode", "centralized") == "面授培训" and _option(form, "mode", "online") == "网络研修"
    shown = admin.get(f"/projects/{project_id}").get_data(as_text=True)
    assert "面授培训" in shown and "集中培训" not in shown

    teacher = signed_in(app, "teacher")
    catalog = teacher.get("/catalog").get_data(as_text=True)
    # a training's own name is its organiser's words, not the mode's: in January the demo's
    # 示例集中培训 (1 January to today) is still listed
    with app.app_context():
        names = sorted(db.session.scalars(db.select(TrainingProject.name)), key=len, reverse=True)
    words = catalog
    for name in names:
        words = words.replace(name, "")
    assert _option(catalog, "mode", "centralized") == "面授培训" and "集中培训" not in words
    if not any(name in catalog for name in names if "集中培训" in name):
        assert "集中培训" not in catalog
    page = teacher.get(f"/catalog/{project_id}").get_data(as_text=True)
    assert "面授培训" in page and "集中培训" not in page
    survey = teacher.get("/me/survey")
    if survey.status_code == 200:  # where the region asks it
        assert "集中培训" not in survey.get_data(as_text=True)


def test_without_the_hook_the_cores_words_stand(make_app):
    app = make_app("example", demo=True)
    form = signed_in(app, "city_admin").get("/projects/new").get_data(as_text=True)
    assert _option(form, "mode", "centralized") == "集中培训"
