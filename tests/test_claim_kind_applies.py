"""A claim kind for some teachers by their facts (``ClaimKind.applies``, ``ForTeachers``).

A shanxi phone trial: the demo teacher, in post since 2009, was offered the two claims of the new
teachers' probation training (§三(二) 新任教师第一学年须接受不少于120学时的试用期培训). The
core's filter knew only school stages; a region now says which teachers a kind is for by their
facts, and the core neither offers it to the others nor takes a claim of it for them."""
from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import func, select

from portal import clock
from portal.domain import ClaimKind, ForTeachers, TeacherFacts
from portal.extensions import db
from portal.models import LedgerEntry
from portal.plugins import Region
from tests.support import signed_in, teacher_id

PROBATION_KINDS = ("probation_centralized", "probation_school_online")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_kind_without_applies_is_every_teachers_and_one_with_it_asks_the_facts():
    every = ClaimKind("x", "x", "doc.txt §1")
    assert every.applies is None and every.applies_to(TeacherFacts(), date(2026, 1, 1))
    recent = ForTeachers(lambda t, on: t.entered_post is not None and (on - t.entered_post).days < 365,
                         "新任教师", "doc.txt §1")
    some = ClaimKind("y", "y", "doc.txt §1", applies=recent)
    assert some.applies_to(TeacherFacts(entered_post=date(2025, 9, 1)), date(2026, 1, 1))
    assert not some.applies_to(TeacherFacts(entered_post=date(2009, 9, 1)), date(2026, 1, 1))
    assert some.as_json()["applies"] == {"who": "新任教师", "source": "doc.txt §1"}
    assert "applies" not in every.as_json()


def test_shanxi_says_the_probation_kinds_are_new_teachers_by_the_clause():
    kinds = {k.code: k for k in Region.load("shanxi").claim_kinds()}
    for code in PROBATION_KINDS:
        applies = kinds[code].applies
        assert applies is not None and "新任教师第一学年" in applies.source, code
        today = date(2026, 12, 6)
        assert not applies.holds(TeacherFacts(entered_post=date(2009, 9, 1)), today)
        assert applies.holds(TeacherFacts(entered_post=date(2026, 9, 1)), today)
        assert applies.holds(TeacherFacts(entered_post=date(2025, 9, 1)), today)  # the year after: still registered
    assert all(kinds[c].applies is None for c in kinds if c not in PROBATION_KINDS)


def _entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(LedgerEntry.id)))


def _post(client, kind: str):
    day = (clock.today() - timedelta(days=5)).isoformat()
    return client.post(f"/claims/new/{kind}", content_type="multipart/form-data",  # one day's hours: no first day
                       data={"title": "新任教师试用期集中培训", "activity_date": day, "level": "county", "figure": "12",
                             "files": (io.BytesIO(PDF), "证明.pdf")})


def test_a_veteran_is_not_offered_the_probation_claims_and_one_posted_is_refused_saying_why(make_app):
    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")  # 李晓红, in post since 2009
    page = teacher.get("/claims/new").get_data(as_text=True)
    assert "试用期" not in page and "本平台外参加的集中培训" in page
    for kind in PROBATION_KINDS:
        assert f"/claims/new/{kind}" not in page
        before = _entries(app)
        refused = _post(teacher, kind)
        assert refused.status_code == 303 and _entries(app) == before, kind
        said = teacher.get(refused.headers["Location"]).get_data(as_text=True)
        assert "仅适用于新任教师" in said and "不能申报" in said and "三(二)" in said, kind
        assert teacher.get(f"/claims/new/{kind}").status_code == 303
    teacher.post("/locale/en", data={"next": "/claims/new"})
    _post(teacher, "probation_centralized")
    said = teacher.get("/claims/new").get_data(as_text=True)
    assert "is only for new teachers (in probation, or within 1 year(s) after it)" in said
    assert "it cannot be claimed for this teacher" in said
    # the school does not enter it for her either, nor is she told that it does
    admin = signed_in(app, "school_admin")
    veteran = teacher_id(app, "teacher")
    assert "试用期" not in admin.get(f"/claims/new?teacher={veteran}").get_data(as_text=True)


def test_a_new_teacher_is_offered_and_claims_the_probation_training(make_app):
    app = make_app("shanxi", demo=True)
    newcomer = signed_in(app, "t0041")  # entered post at the start of this school year
    page = newcomer.get("/claims/new").get_data(as_text=True)
    for kind in PROBATION_KINDS:
        assert f"/claims/new/{kind}" in page
    before = _entries(app)
    assert _post(newcomer, "probation_centralized").status_code == 303
    assert _entries(app) == before + 1
