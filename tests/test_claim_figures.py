"""A claim's figure is checked before anything is saved: a paper above the cycle's cap of
achievements, hundreds of hours over three days, the same claim twice (a shanxi trial's teacher
saved all three)."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry, Teacher, User
from tests.support import signed_in


def _pdf(n: int) -> tuple[io.BytesIO, str]:
    return io.BytesIO(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + f"%{n}\n".encode()), f"证明{n}.pdf"


def _entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(LedgerEntry.id)))


def _claim(client, kind: str, n: int, **data):
    return client.post(f"/claims/new/{kind}", content_type="multipart/form-data",
                       data={**data, "files": _pdf(n)})


def _refused_then_taken(app, kind: str, data: dict, wrong: str, right: str, said: str) -> None:
    """The teacher's claim of ``wrong`` is refused saying ``said``, nothing saved; ``right`` is taken."""
    teacher = signed_in(app, "teacher")
    before = _entries(app)
    refused = _claim(teacher, kind, 1, figure=wrong, **data)
    assert refused.status_code == 422
    assert said in refused.get_data(as_text=True)
    assert _entries(app) == before
    assert _claim(teacher, kind, 2, figure=right, **data).status_code == 303


def test_a_paper_above_the_cycles_cap_of_achievements_is_refused_saying_the_most(make_app):
    data = {"title": "论文：课堂提问的设计", "level": "provincial",
            "activity_date": (clock.today() - timedelta(days=30)).isoformat()}
    _refused_then_taken(make_app("shanxi", demo=True), "paper", data, "25", "20", "此类申报每项最多认定 20 学分")


def test_hours_beyond_a_day_of_each_of_the_trainings_days_are_refused(make_app):
    end = clock.today() - timedelta(days=30)
    data = {"title": "外省骨干教师集中培训", "level": "provincial", "activity_date": end.isoformat(),
            "start": (end - timedelta(days=2)).isoformat()}
    _refused_then_taken(make_app("shanxi", demo=True), "outside_centralized", data, "500", "36",
                        "3 天的培训每天最多计 12 学时")


def test_the_same_claim_twice_is_refused_while_the_first_stands(make_app):
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    data = {"title": "国培计划：信息技术应用能力提升", "level": "national", "figure": "30",
            "activity_date": (clock.today() - timedelta(days=40)).isoformat()}
    assert _claim(teacher, "outside_online", 1, **data).status_code == 303
    before = _entries(app)
    again = _claim(teacher, "outside_online", 2, **data)
    assert again.status_code == 422
    assert '您已有同一日期的相同申报《<span translate="no">国培计划：信息技术应用能力提升</span>》' in again.get_data(as_text=True)
    assert _entries(app) == before
    other_day = {**data, "activity_date": (clock.today() - timedelta(days=20)).isoformat()}
    assert _claim(teacher, "outside_online", 3, **other_day).status_code == 303


def test_a_claim_worth_more_than_a_whole_cycle_is_refused(make_app):
    """A ruian trial's teacher claimed 99,999 credits for one outside training: approved with a
    tap, her home read 本周期 100113 / 360 学分."""
    data = {"title": "省外集中培训", "level": "provincial", "activity_date": (clock.today() - timedelta(days=30)).isoformat()}
    _refused_then_taken(make_app("ruian", demo=True), "outside_centralized", data, "99999", "90",
                        "一次申报计入的不能超过整个周期的要求（360 学分）")


def test_a_training_claimed_is_asked_as_a_training_not_as_an_award(make_app):
    """A kaifeng trial's teacher claiming a training elsewhere was asked for 奖项、论文 and a
    journal; an achievement's claim still is."""
    kaifeng = signed_in(make_app("kaifeng", demo=True), "teacher").get("/claims/new/outside_centralized")
    page = kaifeng.get_data(as_text=True)
    assert "培训名称" in page and "结业日期" in page and "主办单位" in page
    assert "奖项" not in page and "刊物" not in page


def test_an_achievement_claimed_is_still_asked_as_one(make_app):
    paper = signed_in(make_app("shanxi", demo=True), "teacher").get("/claims/new/paper").get_data(as_text=True)
    assert "奖项、论文" in paper and "刊物" in paper


def test_a_programs_certificate_is_claimed_by_the_teachers_of_its_stages(make_app):
    """A kaifeng trial's primary teacher claimed the senior high program's certificate (§四(一):
    高中学段 by 陕西师范大学, 初中、小学、幼儿园 by 中国教师教育网)."""
    app = make_app("kaifeng", demo=True)
    teacher = signed_in(app, "teacher")
    with app.app_context():
        stages = db.session.scalar(select(Teacher.stages).join(User, Teacher.user_id == User.id)
                                   .where(User.username == "teacher"))
    assert "senior_high" not in stages
    offered = teacher.get("/claims/new").get_data(as_text=True)
    assert "/claims/new/all_staff_jpk_certificate" in offered
    assert "/claims/new/all_staff_high_certificate" not in offered
    assert teacher.get("/claims/new/all_staff_high_certificate").status_code in (403, 404)


def test_a_region_whose_school_enters_claims_asks_the_teacher_no_question(make_app):
    """A phone trial's qingdao teacher read 申报哪类学分？ over no kind at all (the school enters
    credits earned elsewhere there); where the region offers kinds, the page asks which."""
    qingdao = signed_in(make_app("qingdao", demo=True), "teacher").get("/claims/new").get_data(as_text=True)
    assert "<h1>申报平台外取得的学分（附证明材料）</h1>" in qingdao and "申报哪类" not in qingdao
    assert 'class="card"' not in qingdao.split("<h1>")[1]
