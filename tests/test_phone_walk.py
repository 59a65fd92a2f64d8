"""Defects seen walking each region's demo on a phone, as its teachers and administrators would."""
from __future__ import annotations

from tests.support import signed_in, text


def test_the_trainings_that_would_help_open_as_a_whole_page_from_the_duties_pages_link(make_app):
    """The duties page's link "查看可补足这些要求的培训" (followed where its script has not loaded the
    list in place) opened a bare fragment: no header, no menu, no styles, no way back."""
    app = make_app("qingdao", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/me/compliance/trainings")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html and "portal.css" in html
    assert "/me/compliance" in html and "可补足学分的培训" in text(page)
    fragment = teacher.get("/me/compliance/trainings", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "可补足学分的培训" in fragment


def test_the_appeal_forms_date_is_marked_needed_where_an_appeal_without_it_is_refused(make_app):
    """An appeal about a missing training or a year's standing is refused without its date
    ("请填写日期，不能晚于今天"), yet the form marked only the subject and the reason as needed:
    a teacher on a phone learnt of it after sending (and choosing her photos again)."""
    app = make_app("ruian", demo=True)
    teacher = signed_in(app, "teacher")
    page = teacher.get("/appeals/new").get_data(as_text=True)
    label = page[page.index('for="day"'):]
    assert label.index('class="required"') < label.index("<input")
    refused = teacher.post("/appeals/new", data={"subject": "missing", "statement": "10月的培训没有登记"})
    assert refused.status_code == 422 and "请填写日期" in text(refused)
