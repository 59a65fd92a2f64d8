"""Shanxi's credit audit (晋教师〔2017〕14号 §二(四), §五(一), §五(二)): the school registers, the
county audits and fixes each year's credits or returns a registration to the school, the city
approves once the cycle has ended (五年周期届满 / 五年周期结束…经市级审定), the province's centre
verifies.

The cycle of an activity in 2025 is 2022-09-01 to 2027-08-31 (the default settings: school
years from 1 September, cycles counted from the 2017 school year).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from plugins.shanxi import parameters as P
from plugins.shanxi.audit import CYCLE_END, audit_findings, cycle_end_finding
from plugins.shanxi.periods import cycle
from plugins.shanxi.workflow import AUDIT_WORKFLOW, CITY_APPROVED
from portal import clock
from portal.domain import AuditStep, Period, UserRole
from portal.domain.workflow import REASON
from portal.extensions import db
from portal.models import LedgerEntry, User
from portal.plugins import Region
from portal.services import reviews
from tests.support import login

REGION = Region.load("shanxi")
DOC = "shanxi-2017-credit-management.txt"
CYCLE = Period(date(2022, 9, 1), date(2027, 8, 31))
CYCLE_SOURCE = f"{DOC} §{P.CYCLE_APPROVAL_CLAUSE}、§{P.CITY_APPROVAL_CLAUSE}"


def step(on: date, source="county_verified", target=CITY_APPROVED, by=UserRole.CITY_ADMIN,
         activity=date(2025, 4, 8)) -> AuditStep:
    return AuditStep(source, target, by, on, activity, "centralized_county", D(4), {"level": "county"},
                     cycle(activity))


def english(text) -> str:
    said = text.render("en")
    assert not re.search(r"[\u4e00-\u9fff]", said), said
    return said


# The city approves once the cycle has ended (§二(四), §五(二)) ---------------------------------------

def test_the_cycle_of_the_examples():
    assert cycle(date(2025, 4, 8)) == CYCLE


@pytest.mark.parametrize("on,ok", [
    (date(2025, 4, 20), False),     # the same school year as the activity
    (date(2026, 12, 2), False),     # months before the cycle ends: the reported bug
    (date(2027, 8, 30), False),
    (CYCLE.end, False),             # the last day is inside the cycle: not yet 届满
    (date(2027, 9, 1), True),       # the first day after it
    (date(2028, 3, 1), True),
])
def test_the_city_approves_only_once_the_cycle_has_ended(on, ok):
    f = cycle_end_finding(step(on))
    assert (f.code, f.ok, f.source) == (CYCLE_END, ok, CYCLE_SOURCE)
    said = f.message.render("zh_Hans_CN")
    assert "2022-09-01" in said and "2027-08-31" in said and "届满" in said
    if ok:
        assert "市级审定" in said
        assert "2027-08-31" in english(f.message)
    else:
        assert "2027-09-01 起方可审定" in said  # when it becomes possible
        assert "2027-09-01" in english(f.message)


def test_the_cycle_is_the_activitys_not_the_days():
    """An activity of the previous cycle may be approved now; one of the current cycle not yet."""
    earlier = step(date(2026, 12, 2), activity=date(2021, 5, 10))
    assert earlier.cycle == Period(date(2017, 9, 1), date(2022, 8, 31)) and cycle_end_finding(earlier).ok
    assert not cycle_end_finding(step(date(2026, 12, 2))).ok


@pytest.mark.parametrize("source,target,by", [
    ("submitted", "registered", UserRole.SCHOOL_ADMIN),
    ("submitted", "rejected", UserRole.SCHOOL_ADMIN),
    ("registered", "county_verified", UserRole.DISTRICT_ADMIN),
    ("registered", "submitted", UserRole.DISTRICT_ADMIN),
    ("registered", "rejected", UserRole.DISTRICT_ADMIN),
    (CITY_APPROVED, "province_verified", UserRole.PROVINCE_ADMIN),
])
def test_the_other_steps_wait_for_no_date(source, target, by):
    on = date(2025, 4, 20)  # long before the cycle ends
    assert audit_findings(step(on, source, target, by)) == []
    assert REGION.audit_findings(step(on, source, target, by)) == []


def test_the_region_withholds_the_citys_step_through_its_hook():
    [before] = REGION.audit_findings(step(CYCLE.end))
    [after] = REGION.audit_findings(step(CYCLE.end + timedelta(days=1)))
    assert (before.code, before.ok, after.ok) == (CYCLE_END, False, True)


def test_the_cycle_end_clauses_say_so_in_their_own_section():
    text = REGION.library.text(REGION.library.documents[DOC])
    for clause, section in ((P.CYCLE_APPROVAL_CLAUSE, "二(四)"), (P.CITY_APPROVAL_CLAUSE, "五(二)")):
        [resolved] = REGION.library.resolve(f"{DOC} §{clause}")
        where = text.locate(section)
        assert resolved.location.exact and where.first <= resolved.location.first <= where.last, clause
    assert "审定" in text.text_of(text.locate("二(四)")) and "经市级审定" in text.text_of(text.locate("五(二)"))


# The workflow: reasons, a return to the school, final refusals ------------------------------------

def transition(source, target, by=UserRole.SCHOOL_ADMIN):
    """The step a publicly run school's entry takes (a private school's county takes its own)."""
    [t] = [t for t in AUDIT_WORKFLOW.transitions if (t.source, t.target) == (source, target)
           and (t.source != AUDIT_WORKFLOW.initial or t.actor == by)]
    return t


def test_every_refusal_and_return_asks_a_reason():
    for t in AUDIT_WORKFLOW.transitions:
        backwards = t.target == "rejected" or t.target == AUDIT_WORKFLOW.initial
        assert (REASON in t.asks) is backwards, (t.source, t.target)


def test_the_county_returns_a_registration_to_the_school_which_can_register_it_again():
    back = transition("registered", "submitted")
    assert back.actor == UserRole.DISTRICT_ADMIN and back.asks == (REASON,)
    assert "退回学校" in back.label.render("zh_Hans_CN") and english(back.label)
    assert "submitted" in AUDIT_WORKFLOW.awaiting(UserRole.SCHOOL_ADMIN)  # back in the school's queue
    assert not AUDIT_WORKFLOW.state("submitted").final and not AUDIT_WORKFLOW.state("submitted").counts
    assert AUDIT_WORKFLOW.transition("submitted", "registered", frozenset({UserRole.SCHOOL_ADMIN}))


def test_the_refusals_stay_final():
    assert AUDIT_WORKFLOW.state("rejected").final and not AUDIT_WORKFLOW.state("rejected").counts
    assert transition("submitted", "rejected").actor == UserRole.SCHOOL_ADMIN
    assert transition("registered", "rejected").actor == UserRole.DISTRICT_ADMIN
    assert not [t for t in AUDIT_WORKFLOW.transitions if t.source == "rejected"]


def test_the_city_step_is_the_one_guarded():
    approval = transition("county_verified", CITY_APPROVED)
    assert approval.actor == UserRole.CITY_ADMIN and approval.label.render("zh_Hans_CN") == "周期届满审定"


def test_every_citation_resolves_to_its_words():
    sources = {AUDIT_WORKFLOW.source, cycle_end_finding(step(CYCLE.end)).source}
    resolved = [r for s in sources for r in REGION.library.resolve(s)]
    assert resolved and all(r.document is not None and r.location.exact for r in resolved)


# Through the service: the demo's chain from the school to the province ----------------------------

def user(username) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def waiting(region, username) -> dict:
    """The rows waiting for a user, by entry id, with their reasons."""
    page = reviews.review_page(region, user(username), clock.today(), per_page=500)
    return {row.entry.id: row for row in page.items}


def first_submitted() -> LedgerEntry:
    """The demo's earliest entry waiting for its school (in an app context)."""
    return db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted")
                             .order_by(LedgerEntry.activity_date, LedgerEntry.id))


def test_a_city_admin_is_offered_the_approval_only_after_the_cycle(make_app):
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        entry = first_submitted()
        entry_id, teacher = entry.id, entry.teacher
        end = region.cycle(entry.activity_date, teacher.facts()).end
        school, county, city = user("school_admin"), user("district_admin"), user("city_admin")
        assert entry_id in waiting(region, "school_admin")
        reviews.review(region, school, [entry_id], "registered")

        # the county returns it to the school, with a reason: back in the school's queue
        with pytest.raises(reviews.ReviewRefused, match="reason"):
            reviews.review(region, county, [entry_id], "submitted", "  ")
        reviews.review(region, county, [entry_id], "submitted", "缺少结业证书，请核实后重新登记")
        db.session.expire_all()
        returned = waiting(region, "school_admin")[entry_id]
        assert returned.entry.audit_state == "submitted" and returned.reason == "缺少结业证书，请核实后重新登记"
        assert entry_id not in waiting(region, "district_admin")
        reviews.review(region, school, [entry_id], "registered")
        reviews.review(region, county, [entry_id], "county_verified")

        # the city: withheld until the cycle has ended, and says from when
        entry = db.session.get(LedgerEntry, entry_id)
        assert entry_id not in waiting(region, "city_admin")  # nothing to do yet: said apart (``later``)
        offered, withheld, _late = reviews.steps(region, city, entry, teacher, teacher.school, end)
        assert offered == () and [w.target for w in withheld] == [CITY_APPROVED]
        [finding] = withheld[0].findings
        said = finding.message.render("zh_Hans_CN")
        assert finding.code == CYCLE_END and f"{end + timedelta(days=1)} 起方可审定" in said
        assert finding.source == CYCLE_SOURCE
        with pytest.raises(reviews.ReviewRefused, match="refused") as refused:
            reviews.review(region, city, [entry_id], CITY_APPROVED, on=end)
        assert [f.code for f in refused.value.findings] == [CYCLE_END]
        assert db.session.get(LedgerEntry, entry_id).audit_state == "county_verified"

        after = end + timedelta(days=1)
        offered, withheld, _late = reviews.steps(region, city, entry, teacher, teacher.school, after)
        assert [t.target for t in offered] == [CITY_APPROVED] and withheld == ()
        [row] = reviews.review(region, city, [entry_id], CITY_APPROVED, on=after)
        assert row.entry.audit_state == CITY_APPROVED
        reviews.review(region, user("province_admin"), [entry_id], "province_verified", on=after)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "province_verified"


def test_the_demos_verified_entries_wait_for_the_city_until_their_cycle_ends(make_app):
    """Phone trial: the city admin's home read "待您审核 125" and every entry of the queue said
    "暂不能：周期届满审定…起方可审定". The count and the queue hold what the city may approve now;
    the entries whose cycle has not ended are said apart, with the day it may be approved."""
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    today = clock.today()
    with app.app_context():
        city = user("city_admin")
        verified = db.session.scalars(reviews._joined(select(LedgerEntry)).where(
            LedgerEntry.audit_state == "county_verified",
            reviews.awaiting_condition(city, region.audit_workflow()))).all()  # reversed ones wait for nobody
        assert verified
        ended = {e.id for e in verified if region.cycle(e.activity_date, e.teacher.facts()).end < today}
        rows = waiting(region, "city_admin")
        assert all(row.actions for row in rows.values())
        assert {i for i, r in rows.items() if r.entry.audit_state == "county_verified"} == ended
        page = reviews.review_page(region, user("city_admin"), today, per_page=500)
        assert page.later_total == len(verified) - len(ended) > 0
        assert all(f.code == CYCLE_END for findings, _n in page.later for f in findings)
        assert reviews.awaiting_count(region, user("city_admin"), today) == page.total == len(rows)
        count = page.total
    client = app.test_client()
    login(client, "city_admin")
    home = client.get("/admin/").get_data(as_text=True)
    assert re.search(rf"<strong>{count}</strong>", home)
    queue = client.get("/admin/reviews").get_data(as_text=True)
    later = len(verified) - len(ended)
    assert "现在还不能办理" in queue and f"另有 {later} 条记录" in queue and "起方可审定" in queue


def test_a_refusal_asks_a_reason_through_the_service(make_app):
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        entry_id = db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.audit_state == "submitted"))
        with pytest.raises(reviews.ReviewRefused, match="reason"):
            reviews.review(region, user("school_admin"), [entry_id], "rejected")
        reviews.review(region, user("school_admin"), [entry_id], "registered")
        with pytest.raises(reviews.ReviewRefused, match="reason"):
            reviews.review(region, user("district_admin"), [entry_id], "rejected")
        reviews.review(region, user("district_admin"), [entry_id], "rejected", "培训考核不合格，不能取得该项目学分")
        assert db.session.get(LedgerEntry, entry_id).audit_state == "rejected"
        assert entry_id not in waiting(region, "school_admin") and entry_id not in waiting(region, "district_admin")


def test_an_entry_waiting_for_the_school_reads_so_without_the_note_on_exchange_teachers():
    """§三(二)'s note on exchange and seconded teachers is the school's, on its step: a trial's
    teacher read it on her own credit-bank borrowing, as if it were about her. The state names
    no school: a private school's county registers its entries (§五(一))."""
    waiting = AUDIT_WORKFLOW.state(AUDIT_WORKFLOW.initial).label
    assert waiting == "待核实登记"
    step = next(t for t in AUDIT_WORKFLOW.transitions if t.source == AUDIT_WORKFLOW.initial and t.actor == UserRole.SCHOOL_ADMIN)
    assert "交流、挂职、借调教师" in step.note


def test_a_private_schools_teachers_are_registered_and_audited_by_their_county(make_app):
    """民办中小学、幼儿园教师……实行属地管理制度，由所在区县教师继续教育管理部门登记审核 (§五(一)): an
    examiner found a private school's credits registered by the school like any other's. The
    county registers and audits them in one step; the school has none, and its queue lists none."""
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        entry = first_submitted()
        entry_id, teacher = entry.id, entry.teacher
        teacher.school.private = True
        db.session.commit()
        school, county = user("school_admin"), user("district_admin")
        assert entry_id not in waiting(region, "school_admin")
        entry = db.session.get(LedgerEntry, entry_id)
        assert reviews.steps(region, school, entry, entry.teacher, entry.teacher.school, clock.today()).offered == ()
        with pytest.raises(reviews.ReviewRefused):
            reviews.review(region, school, [entry_id], "registered")

        row = waiting(region, "district_admin")[entry_id]
        assert {(a.target, str(a.label)) for a in row.actions} >= {("county_verified", "登记审核（民办学校）"),
                                                                  ("rejected", "不予登记")}
        with pytest.raises(reviews.ReviewRefused, match="reason"):
            reviews.review(region, county, [entry_id], "rejected")
        reviews.review(region, county, [entry_id], "county_verified")
        assert db.session.get(LedgerEntry, entry_id).audit_state == "county_verified"  # it counts from here
        assert entry_id not in waiting(region, "district_admin")


def test_a_private_schools_teacher_is_not_told_to_wait_for_the_school(make_app):
    """A phone trial's private-school teacher (民办, §五(一): the county registers and audits) read
    "待学校核实登记" on her claim, on her home page and in the county's queue, though her school
    has no step: the waiting state names no one, the step says who takes it."""
    app = make_app("shanxi", demo=True)
    with app.app_context():
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted")
                                  .order_by(LedgerEntry.activity_date, LedgerEntry.id))
        entry.teacher.school.private = True
        username = db.session.get(User, entry.teacher.user_id).username
        db.session.commit()
    client = app.test_client()
    login(client, username)
    for page in ("/me/", "/me/ledger"):
        text = client.get(page).get_data(as_text=True)
        assert "待核实登记" in text and "待学校核实登记" not in text
    login(client, "district_admin")
    queue = client.get("/admin/reviews").get_data(as_text=True)
    assert "登记审核（民办学校）" in queue and "待学校核实登记" not in queue


def test_the_countys_bulk_step_names_both_its_steps_to_one_state(make_app):
    """The county's bulk list read 登记审核（民办学校） for the step to 区县已审核核定, also over a
    public school's registrations (审核验证，核定学年学分), once a private school's entry was on the page."""
    app = make_app("shanxi", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        pending = db.session.scalars(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted")
                                     .order_by(LedgerEntry.activity_date, LedgerEntry.id)).all()
        school = user("school_admin")
        registered, left = [e for e in pending if e.teacher.school_id == pending[0].teacher.school_id][:2]
        reviews.review(region, school, [registered.id], "registered")
        left.teacher.school.private = True  # then its school is found privately run: the county registers it
        db.session.commit()
        assert left.teacher.school_id == registered.teacher.school_id
    client = app.test_client()
    login(client, "district_admin")
    queue = client.get("/admin/reviews").get_data(as_text=True)
    option = re.search(r'<option value="county_verified">([^<]*)</option>', queue).group(1)
    assert "登记审核（民办学校）" in option and "审核验证，核定学年学分" in option


def test_a_shanxi_appeal_is_made_with_its_proof(make_app):
    """教师可以根据学分登记情况，在半年内提出申诉，提供证明材料 (§五(三)): a trial's teacher's appeal
    went in with no file. The form says proof is asked; without a file nothing is kept."""
    import io

    from portal.models import Appeal
    from tests.support import signed_in

    app = make_app("shanxi", demo=True)
    teacher = signed_in(app, "teacher")
    form = teacher.get("/appeals/new?subject=missing").get_data(as_text=True)
    assert "请附上证明材料：未附文件的申诉不予受理。" in form and "五(三)</a>" in form  # its clause cited
    day = (clock.today() - timedelta(days=10)).isoformat()
    bare = teacher.post("/appeals/new?subject=missing", content_type="multipart/form-data",
                        data={"subject": "missing", "day": day, "statement": "参加了县级培训，未登记"})
    assert bare.status_code == 422 and "请至少附上一个证明材料文件" in bare.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Appeal.id)) is None
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    sent = teacher.post("/appeals/new?subject=missing", content_type="multipart/form-data",
                        data={"subject": "missing", "day": day, "statement": "参加了县级培训，未登记",
                              "files": (io.BytesIO(pdf), "结业证书.pdf")})
    assert sent.status_code == 303
