"""What a claim form asks and says, in the region's words (phone trials).

- ruian: the claimant gives the base credits the training declared (§二 基础学分; the kind's
  own detail and evidence say so), not 认定或标明的学分 as if the teacher recognised them.
- shanxi: a private school's teacher (§五(一): the county registers and audits) read that 学校
  registers a training taken outside the portal; the form now says who registers for a private
  school, and cites the clause."""
from __future__ import annotations

import pytest

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
        # 学校（民办学校为所在区县） read as if the county were the school: who registers, said in full
        assert "由本校" in page and "民办学校的教师由所在区县教师继续教育管理部门登记审核" in page, kind
        assert "民办学校为所在区县" not in page, kind
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


def test_kaifeng_claim_form_says_what_the_notice_says_in_its_terms(make_app):
    """A kaifeng phone trial read the claim form awkwardly: the example dangled after "由本市设置"
    (as if the city set it), the Henan rules went by a name the notice does not give them, beside
    a note that they are 未收录, and the certificate's claim spoke of 全员网络研修 and 县区 where the
    notice says 全员培训, 综合考核 and names the four counties that 自行组织实施 (§二(三)), and of a
    date the form calls 结业日期."""
    app = make_app("kaifeng", demo=True)
    teacher = signed_in(app, "teacher")
    kinds = teacher.get("/claims/new").get_data(as_text=True)
    for page in (kinds, teacher.get("/claims/new/outside_centralized").get_data(as_text=True)):
        assert "《河南省中小学教师继续教育学时登记管理暂行意见》" in page
        assert "河南省学时登记办法" not in page and "该办法未收录" not in page and "由本市设置（如" not in page
        assert "如外省市或上级部门举办的集中培训。" in page
    certificate = teacher.get("/claims/new/all_staff_jpk_certificate").get_data(as_text=True)
    assert "本平台未录入综合考核结果的全员培训（如祥符区、杞县、尉氏县、通许县自行组织实施的）" in certificate
    assert "综合考核合格的教师获得结业证书和继续教育学时证书" in certificate
    assert "结业日期填培训结束之日" in certificate and "全员网络研修" not in certificate
    teacher.post("/locale/en", data={"next": "/"})
    english = teacher.get("/claims/new").get_data(as_text=True)
    assert ", say)" not in english and "registered on its completion certificate" not in english
    assert "Interim Rules on Registering Continuing Education Hours of Henan Teachers" in english
    assert "claimed with its completion certificate" in english and "organised by the four counties that run their own" in english


@pytest.mark.parametrize("region", ["kaifeng", "shanxi"])
def test_what_each_claim_kind_covers_is_behind_a_tap(make_app, region):
    """A shanxi phone in English read twelve kinds, each with its explanation and the province's
    60-word title open: 4,500 px. Each kind's name is its link; what it covers and its clause are
    one tap away."""
    import re
    teacher = signed_in(make_app(region, demo=True), "teacher")
    teacher.post("/locale/en", data={"next": "/"})
    page = teacher.get("/claims/new").get_data(as_text=True)
    cards = re.findall(r'<li class="card">(.*?)</li>', page, re.S)
    assert len(cards) >= 3
    for card in cards:
        shown = re.sub(r"<details>.*?</details>", "", card, flags=re.S)
        assert "<strong>" in shown and 'class="note"' not in shown and 'class="source"' not in shown, shown
        assert "What it covers, and the rule" in card
