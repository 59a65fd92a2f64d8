"""A claim asks 培训级别 only where it is a question that matters: a kind that carries one level
(shanxi's degree course, recognised by the county, §四(三); a school's own training, 校级) asked it
as a select of that one level, and a paper (论文发表, §四(四)), which is no training, was asked its
培训级别. A kind with one level records it without asking; an achievement offering several asks its
level as the achievement's (成果层次: the county gives credits by it), not a training's; a training
taken elsewhere still asks its training level (the rate of §四(一) reads it)."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry
from tests.support import signed_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _label(page: str) -> str | None:
    found = re.search(r'<label for="level"[^>]*>(.*?)</label>', page, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else None


def test_a_claim_asks_a_level_only_where_it_matters(make_app):
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    degree = client.get("/claims/new/degree_course").get_data(as_text=True)
    assert 'name="level"' not in degree and "培训级别" not in degree.split("<main", 1)[1]
    school = client.get("/claims/new/outside_school_based").get_data(as_text=True)
    assert 'name="level"' not in school
    paper = client.get("/claims/new/paper").get_data(as_text=True)
    assert "培训级别" not in paper.split("<main", 1)[1]
    assert _label(paper).startswith("成果层次")
    training = client.get("/claims/new/outside_centralized").get_data(as_text=True)
    assert _label(training).startswith("培训级别")
    client.post("/locale/en")
    assert _label(client.get("/claims/new/paper").get_data(as_text=True)).startswith("Level of the achievement")

    # the kind's one level is recorded without being asked
    day = (clock.today() - timedelta(days=10)).isoformat()
    sent = client.post("/claims/new/degree_course", content_type="multipart/form-data",
                       data={"title": "教育学原理", "activity_date": day, "figure": "4",
                             "files": (io.BytesIO(PDF), "成绩单.pdf")})
    assert sent.status_code == 303, sent.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(select(LedgerEntry).where(LedgerEntry.claim_id.is_not(None))
                                   .order_by(LedgerEntry.id.desc())).first()
        assert (entry.title, entry.facts["level"]) == ("教育学原理", "county")
        entry_id = entry.id
    assert 'name="level"' not in client.get(f"/claims/{entry_id}/correct").get_data(as_text=True)


def _level_select(page: str) -> str:
    return re.search(r'<select[^>]*name="level"[^>]*>(.*?)</select>', page, re.S).group(1)


def test_a_level_asked_starts_blank_and_a_claim_without_one_is_refused(make_app):
    """The level select started on 国家级 with no blank choice: a teacher who did not look sent
    国家级 (shanxi credits a national training at the highest rate, §四(一)). It starts on
    请选择…, and a claim sent without a level is refused saying so, in either language."""
    app = make_app("shanxi", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    options = re.findall(r"<option[^>]*>", _level_select(client.get("/claims/new/outside_centralized").get_data(as_text=True)))
    assert 'value=""' in options[0] and not any("selected" in option for option in options[1:]), options
    data = {"title": "省外集中培训", "activity_date": (clock.today() - timedelta(days=30)).isoformat(), "figure": "12",
            "files": (io.BytesIO(PDF), "结业证书.pdf")}
    with app.app_context():
        before = db.session.query(LedgerEntry).count()
    refused = client.post("/claims/new/outside_centralized", content_type="multipart/form-data", data=data)
    assert refused.status_code == 422 and "请选择级别（层次）：系统不会替您选定。" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(LedgerEntry).count() == before
    client.post("/locale/en")
    again = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                        data={**data, "files": (io.BytesIO(PDF), "certificate.pdf")})
    assert again.status_code == 422 and "Choose the level: none is chosen for you." in again.get_data(as_text=True)


def test_the_service_refuses_a_claim_without_a_level_as_one_not_chosen():
    from portal.web.claims import _refusal
    from portal.services.claims import ClaimRefused

    assert "none is chosen" in str(_refusal(ClaimRefused("level", "")))
    assert "levels offered" in str(_refusal(ClaimRefused("level", "galactic")))


def test_ruian_asks_the_level_from_a_blank_start_and_records_the_one_given(make_app):
    """Ruian's notice does not rank trainings by level (项目级别不影响学分), but the claim records the
    training's level as the teacher read it off the certificate: carried unasked, a provincial
    training would be recorded as the county's. The select starts blank; none chosen is refused,
    nothing saved; the one chosen is the one recorded."""
    app = make_app("ruian", demo=True)
    client = signed_in(app, "teacher")
    page = client.get("/claims/new/outside_centralized").get_data(as_text=True)
    assert 'name="level"' in page
    data = {"title": "省外集中培训", "activity_date": (clock.today() - timedelta(days=30)).isoformat(), "figure": "24"}
    refused = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                          data={**data, "files": (io.BytesIO(PDF), "结业证书.pdf")})
    assert refused.status_code == 422 and "请选择" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.title == "省外集中培训")) is None
    sent = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                       data={**data, "level": "provincial", "files": (io.BytesIO(PDF), "结业证书.pdf")})
    assert sent.status_code == 303, sent.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(select(LedgerEntry).where(LedgerEntry.claim_id.is_not(None))
                                   .order_by(LedgerEntry.id.desc())).first()
        assert (entry.title, entry.facts["level"]) == ("省外集中培训", "provincial")


def test_kaifeng_does_not_ask_the_level_its_hours_registration_does_not_read(make_app):
    """Kaifeng registers training taken outside the portal by the hours attended, whatever its
    level (the Henan rules named by the preamble; conversion.convert_other): its two kinds asked a
    level anyway, which changed nothing. They ask none and record none (not one nobody gave);
    the all-staff certificate, whose rules read who organised it (市 or 县区, §二(三)), still asks."""
    app = make_app("kaifeng", demo=True)
    client = signed_in(app, "teacher")
    client.post("/locale/zh_Hans_CN")
    for code in ("outside_centralized", "outside_online"):
        page = client.get(f"/claims/new/{code}").get_data(as_text=True)
        assert 'name="level"' not in page, code
    assert 'name="level"' in client.get("/claims/new/all_staff_jpk_certificate").get_data(as_text=True)
    sent = client.post("/claims/new/outside_online", content_type="multipart/form-data",
                       data={"title": "国家平台网络研修", "activity_date": (clock.today() - timedelta(days=20)).isoformat(),
                             "figure": "12", "files": (io.BytesIO(PDF), "学时证明.pdf")})
    assert sent.status_code == 303, sent.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.title == "国家平台网络研修"))
        assert entry.amount == 12 and "level" not in entry.facts
        entry_id = entry.id
    assert 'name="level"' not in client.get(f"/claims/{entry_id}/correct").get_data(as_text=True)
    with app.app_context():  # its registration names the mode, no level
        region = app.extensions["portal.region"]
        kind = next(k for k in region.claim_kinds() if k.code == "outside_online")
        step = region.convert(kind.activity(None, Decimal(12), clock.today()), on=clock.today()).steps[0]
        assert str(step.text).startswith("网络研修：按实际参训的 12")


def test_the_cores_claim_kinds_ask_the_level_only_where_the_regions_rules_read_one():
    """The core's kinds (a region without its own) asked a level of every region; they ask it
    where the region's rules read one: its activity fields list ``level``, or it declares none
    (every field, as before). A kind says so itself with ``asks_level``; one level is carried."""
    from portal.defaults import CLAIM_KINDS
    from portal.domain import ClaimKind, Level
    from portal.domain.region import ActivityField
    from portal.services.claims import level_asked

    class Rules:
        def __init__(self, fields):
            self.fields = fields

        def activity_fields(self, on):
            return self.fields

    day = clock.today()
    reading, not_reading, undeclared = (Rules((ActivityField("level"), ActivityField("mode"), ActivityField("hours"))),
                                        Rules((ActivityField("mode"), ActivityField("hours"))), Rules(None))
    for kind in CLAIM_KINDS:
        assert level_asked(reading, kind, day) and level_asked(undeclared, kind, day), kind.code
        assert not level_asked(not_reading, kind, day), kind.code
    told = ClaimKind("x", "x", "", asks_level=True)
    assert level_asked(not_reading, told, day) and not level_asked(reading, replace(told, asks_level=False), day)
    assert not level_asked(reading, ClaimKind("y", "y", "", levels=(Level.COUNTY,)), day)  # carried
