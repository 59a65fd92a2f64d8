"""A limit on what counts that sets no amount reads as a rule on what counts, not as an upper
limit with its excess cut off: shanxi's teacher arrived by transfer (§三(二) 从转正和调入年度开始登记
培训学分) read beside "2025-09-01 前的 26.8 学分仍列在学分记录中，但不计入" the note "上限：超出部分不计入"
on her duties at 375 px, though nothing was above anything: her credits before arriving do not
count. A limit with an amount (the self-study credits' 20 a cycle, §四(四)) still reads 上限."""
from __future__ import annotations

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import Teacher, User
from tests.support import signed_in


def _arrived_this_school_year(app, username: str) -> int:
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).join(User, Teacher.user_id == User.id)
                                    .where(User.username == username))
        # the first day of this school year: her credits of the cycle's earlier years stay apart
        teacher.transferred_in = app.extensions["portal.region"].year(clock.today()).start
        teacher.transferred_from = "晋中市榆次区第二中学"
        db.session.commit()  # the standing is computed again in the same transaction
        return teacher.id


def _item(page: str, label: str) -> str:
    return page.split(label)[1].split("</summary>")[0]


def test_a_limit_without_an_amount_is_not_read_as_an_upper_limit(make_app):
    app = make_app("shanxi", demo=True)
    teacher_id = _arrived_this_school_year(app, "teacher")
    for page in (signed_in(app, "teacher").get("/me/compliance").get_data(as_text=True),
                 signed_in(app, "school_admin").get(f"/admin/teachers/{teacher_id}/compliance").get_data(as_text=True)):
        item = _item(page, "转正和新调入的教师从转正和调入年度开始登记培训学分")
        assert "计入规则：部分学分不计入" in item, item
        assert "上限" not in item and "超出部分" not in item, item
        assert "上限：目前全部计入" in _item(page, "周期内自主研修成果认定的学分不超过 20 学分")
    client = signed_in(app, "teacher")
    client.post("/locale/en")
    english = _item(client.get("/me/compliance").get_data(as_text=True),
                    "Credits are registered from the school year of")
    assert "a rule on what counts: part of what was earned does not count" in english, english


def test_the_rules_page_does_not_say_an_excess_of_a_rule_that_sets_no_amount(make_app):
    """The rules page tagged 转正和新调入的教师从转正和调入年度开始登记培训学分 (and kaifeng's one project
    a year by stage) 上限，不是义务：超出部分不计入: the tag says what every limit is, a rule on what
    counts and not a duty to meet; each limit's own line says how it limits."""
    client = signed_in(make_app("shanxi", demo=True), "teacher")
    page = client.get("/rules/").get_data(as_text=True)
    item = page.split("转正和新调入的教师从转正和调入年度开始登记培训学分")[1].split("</summary>")[0]
    assert "计入规则或上限，不是须完成的义务" in item and "超出部分" not in item, item
    client.post("/locale/en")
    assert "a rule or limit on what counts, not a duty to meet" in client.get("/rules/").get_data(as_text=True)
