"""Phone walk (qingdao, s56): a district admin saved a new project and read 已保存为草稿，完善后请提交
above a page whose one button reads 发布 (the region names no reviewer: the organiser publishes).
The flash names the step the page offers: publish where nobody reviews, declare where someone does."""
from __future__ import annotations

from tests.support import first_organiser, signed_in, text


def _new(client, **fields):
    client.post("/locale/zh_Hans_CN")
    form = client.get("/projects/new").get_data(as_text=True)
    data = {"organiser": first_organiser(form), "name": "2099年草稿测试", "level": "county", "mode": "centralized",
            "start": "2099-03-01", "end": "2099-03-01", "hours": "6", "classes": "1", "fee": "0",
            "stages": "primary", "description": "草稿", **fields}
    return client.post("/projects/new", data=data, follow_redirects=True)


def test_a_project_its_organiser_publishes_is_saved_as_a_draft_to_publish(make_app):
    client = signed_in(make_app("qingdao", demo=True), "district_admin")
    page = text(_new(client, program="topic"))
    assert "发布" in page and "已保存为草稿，完善后请发布。" in page
    assert "完善后请提交" not in page


def test_a_project_someone_reviews_is_saved_as_a_draft_to_declare(make_app):
    client = signed_in(make_app("kaifeng", demo=True), "institution")
    form = client.get("/projects/new").get_data(as_text=True)
    assert "organiser" in form
    page = text(_new(client, program="", stages="", description=""))
    assert "已保存为草稿，完善后请提交。" in page
