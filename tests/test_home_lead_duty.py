"""A region whose documents set a duty of their own, where its yearly and cycle figures are
settings they do not give (kaifeng: the notice asks every teacher to pass the 60-hour all-staff
online training, and gives no 72/360), has the teacher's home lead with that duty: a card with its
state, what the notice says of it and its clauses, before the figures, which are named as the
bureau's settings and never cite the notice."""
from __future__ import annotations

import re

from tests.support import login


def home_cards(make_app, region: str, locale: str) -> list[str]:
    """The cards heading the region's demo teacher's home, read in ``locale``."""
    app = make_app(region, demo=True)
    client = app.test_client()
    login(client, "teacher")
    client.post(f"/locale/{locale}")
    page = client.get("/me/").get_data(as_text=True)
    section = page.split('<section class="cards">', 1)[1].split("</section>", 1)[0]
    return section.split("<article")[1:]


def test_kaifengs_home_leads_with_the_all_staff_training_and_its_clauses(make_app):
    found = home_cards(make_app, "kaifeng", "zh_Hans_CN")
    assert len(found) == 3
    lead, year, cycle = found
    assert 'class="card lead"' in lead and "全市全员网络研修考核合格" in lead
    assert "已通过全市全员网络研修考核" in lead
    assert "60 学时" in lead and "在线学习课程时间" in lead.split("<details>", 1)[1]  # behind a tap: 这项要求的内容
    assert "三、三(五)、五(三)、五(四)" in re.sub(r"<[^>]+>", "", lead)  # the notice's clauses
    assert "任一期合格即可" in lead and "本地区设置" in lead  # its setting said as a setting
    for card in (year, cycle):  # the hours: the bureau's settings, no clause of the notice
        assert "本地区设置" in card and "通知》" not in card


def test_a_region_without_a_lead_duty_keeps_its_two_cards(make_app):
    found = home_cards(make_app, "qingdao", "zh_Hans_CN")
    assert len(found) == 2 and not any("card lead" in c for c in found)


def test_the_lead_card_reads_in_english(make_app):
    lead = home_cards(make_app, "kaifeng", "en")[0]
    assert "Passing the city-wide all-staff online training" in lead and "mostly online" in lead


def test_a_lead_duty_not_met_is_said_by_its_card_alone(make_app):
    """A teacher not yet through kaifeng's all-staff training read it twice on her home: in its
    card and again first in the list of duties still open."""
    from datetime import date

    from sqlalchemy import select

    from portal.domain import Gender, OrgKind, SchoolStage, UserRole
    from portal.extensions import db
    from portal.models import OrgUnit
    from portal.services import accounts

    app = make_app("kaifeng", demo=True)
    with app.app_context():
        school = db.session.scalar(select(OrgUnit).where(OrgUnit.kind == OrgKind.SCHOOL.value).order_by(OrgUnit.id))
        accounts.create_user(None, username="newcomer", display_name="新教师", password="secret123",
                             role=UserRole.TEACHER, org_unit=school, profile=accounts.TeacherProfile(
                                 "新教师", Gender.FEMALE, "410202199001010026", (SchoolStage.PRIMARY,),
                                 entered_post=date(2015, 9, 1)))
        db.session.commit()
    client = app.test_client()
    login(client, "newcomer", "secret123")
    client.post("/locale/zh_Hans_CN")
    page = client.get("/me/").get_data(as_text=True)
    lead = page.split('<article class="card lead">', 1)[1].split("</article>", 1)[0]
    assert "✗" in lead
    below = page.split("</section>", 1)[1]  # past the cards
    assert "全市全员网络研修考核合格" not in below.split("最近的学时记录", 1)[0]
