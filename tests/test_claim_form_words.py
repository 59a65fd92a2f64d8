"""What a claim form asks and says, in the region's words (phone trials).

- ruian: the claimant gives the base credits the training declared (§二 基础学分; the kind's
  own detail and evidence say so), not 认定或标明的学分 as if the teacher recognised them.
- shanxi: a private school's teacher (§五(一): the county registers and audits) read that 学校
  registers a training taken outside the portal; the form now says who registers for a private
  school, and cites the clause."""
from __future__ import annotations

from tests.support import signed_in


def test_ruian_asks_for_the_base_credits_the_training_declared(make_app):
    page = signed_in(make_app("ruian", demo=True), "teacher").get("/claims/new/outside_centralized").get_data(as_text=True)
    assert "培训申报的基础学分" in page
    assert "认定或标明的学分" not in page


def test_shanxi_says_the_county_registers_for_a_private_school(make_app):
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "t0040")  # 王志强, 太原市小店区实验小学 (民办)
    for kind in ("outside_centralized", "outside_online", "outside_school_based"):
        page = client.get(f"/claims/new/{kind}").get_data(as_text=True)
        assert "学校（民办学校为所在区县）" in page, kind
        assert "五(一)" in page, kind


def test_an_admin_who_enters_no_claim_for_a_teacher_is_not_told_the_region_takes_none(make_app):
    """Shanxi's county opened 学分申报 for a private school's teacher and read 本地区规定不受理学分申报:
    shanxi takes claims (§四(三), §四(四), §五(二)); the teacher or their school makes them."""
    app = make_app("shanxi", demo=True)
    with app.app_context():
        from sqlalchemy import select

        from portal.extensions import db
        from portal.models import Teacher, User
        teacher_id = db.session.scalar(select(Teacher.id).join(User, Teacher.user_id == User.id)
                                       .where(User.username == "t0040"))  # 王志强, 太原市小店区实验小学 (民办)
    page = signed_in(app, "district_admin").get(f"/claims/new?teacher={teacher_id}").get_data(as_text=True)
    assert "不受理学分申报" not in page
    assert "您不能为该教师申报" in page and "五(二)" in page
