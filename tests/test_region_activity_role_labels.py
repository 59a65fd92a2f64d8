"""What a teacher did in a training in the region's words (``portal_activity_role_labels``):
shanxi's calculator offered the core's 学员 and 主讲/出课教师 where 晋教师〔2017〕14号 says 参训教师
(§四(二)) and calls teaching, mentoring and presenting 参与培训、教研工作 (§三(二)); a region
without the hook keeps the core's words (the default in ``portal.defaults``)."""
from __future__ import annotations

from portal.domain import ActivityRole
from portal.domain.text import Messages
from portal.hookspecs import hookimpl
from tests.support import signed_in
from tests.test_region_level_labels import _option

_ = Messages("example", "tests.example_region")


def test_shanxi_calculator_names_the_roles_in_the_documents_words(make_app):
    app = make_app("shanxi", demo=True)
    page = signed_in(app, "teacher").get("/rules/calculator").get_data(as_text=True)
    assert _option(page, "role", "participant") == "参训教师"
    assert _option(page, "role", "instructor") == "授课（参与培训、教研工作）"
    assert _option(page, "role", "presenter") == "主讲交流（参与培训、教研工作）"
    assert "主讲/出课教师" not in page and ">学员<" not in page
    with app.app_context():
        words = app.extensions["portal.region"].activity_role_labels()
    assert set(words) == set(ActivityRole)


class OwnWords:
    @staticmethod
    @hookimpl
    def portal_activity_role_labels():
        return {ActivityRole.PARTICIPANT: _("参训学员")}


def test_a_regions_word_replaces_the_cores_and_the_rest_stand(make_app):
    app = make_app("example", demo=True)
    page = signed_in(app, "teacher").get("/rules/calculator").get_data(as_text=True)
    assert _option(page, "role", "participant") == "学员"  # the default: the core's words
    app.extensions["portal.region"].pm.register(OwnWords())
    page = signed_in(app, "teacher").get("/rules/calculator").get_data(as_text=True)
    assert _option(page, "role", "participant") == "参训学员" and _option(page, "role", "mentor") == "指导教师"
