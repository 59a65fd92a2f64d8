"""Qingdao / Shinan: the credit audit.

Whoever ran a training registers its credits (2017 §一 谁举办谁登记: the district's sections
§二1, a school its school-based training §二2, the unit running a personalized training annex 1
row 11, the research centre what it recognises row 9), and the account that registered them
submits them (annex 2 step 8, 提交审核): each level is offered the submission only of its own
entries. The district audits; what it does not accept it returns for correction (back to the
registering level, with a reason) or refuses for good (with a reason).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.qingdao as plugin
from plugins.qingdao import audit, enrollment, workflow as W
from portal import clock
from portal.domain import Activity, AuditStep, Finding, Level, Mode, Period, ProjectFacts, UserRole
from portal.domain.text import using
from portal.domain.workflow import REASON
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, User
from portal.plugins import Region, make_manager
from portal.services import ledger, reviews
from tests.regions.test_qingdao_enrollment import pinned
from tests.support import login

D = Decimal
REGION = Region(make_manager(plugin), plugin)
WF = W.AUDIT_WORKFLOW
ON = date(2025, 5, 6)
CYCLE = Period(date(2021, 1, 1), date(2025, 12, 31))
SCHOOL, DISTRICT, INSTITUTION = UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.INSTITUTION_STAFF


def facts(level: Level, mode: Mode = Mode.CENTRALIZED, program: str | None = None) -> dict:
    """The facts an entry keeps: its activity as the ledger converted it (``Activity.as_json``)."""
    return Activity(level=level, mode=mode, hours=D(3), program=program).as_json()


DISTRICT_TOPIC = facts(Level.COUNTY, program="topic")
DISTRICT_OTHER = facts(Level.COUNTY)
SCHOOL_BASED = facts(Level.SCHOOL, Mode.SCHOOL_BASED)
SCHOOL_CENTRALIZED = facts(Level.SCHOOL)
PERSONALIZED = facts(Level.CITY, program="city_personalized")
PROVINCIAL = facts(Level.PROVINCIAL, Mode.ONLINE, program="internet_plus_compulsory")


def step(by: UserRole, entry_facts: dict, source: str = W.REGISTERED, target: str = W.SUBMITTED) -> AuditStep:
    return AuditStep(source, target, by, ON, date(2025, 4, 20), "a_class", D(3), entry_facts, CYCLE)


def registrar(findings) -> Finding:
    """The finding on who submits (a district topic or cadre training's also says by when)."""
    (finding,) = [f for f in findings if f.code == audit.REGISTRAR]
    return finding


# Who submits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("entry_facts, by, ok", [
    (DISTRICT_TOPIC, DISTRICT, True),
    (DISTRICT_TOPIC, SCHOOL, False),  # the reported bug: 校本培训由学校登记 on a district training
    (DISTRICT_TOPIC, INSTITUTION, False),
    (DISTRICT_OTHER, DISTRICT, True),
    (SCHOOL_BASED, SCHOOL, True),
    (SCHOOL_BASED, DISTRICT, False),
    (SCHOOL_BASED, INSTITUTION, False),
    (SCHOOL_CENTRALIZED, SCHOOL, True),
    (SCHOOL_CENTRALIZED, DISTRICT, False),
    (PERSONALIZED, INSTITUTION, True),
    (PERSONALIZED, SCHOOL, False),
    (PERSONALIZED, DISTRICT, False),
    (PROVINCIAL, DISTRICT, True),  # row 9: the research centre recognises and registers it
    (PROVINCIAL, SCHOOL, False),
    ({}, DISTRICT, True),  # facts unknown: the research centre's 据实认定
    ({}, SCHOOL, False),
])
def test_each_level_submits_only_what_it_registers(entry_facts, by, ok):
    """2017 §一 谁举办谁登记, annex 2 step 8 (学分审核 → 提交审核)."""
    finding = registrar(audit.audit_findings(step(by, entry_facts)))
    assert finding.code == audit.REGISTRAR and finding.ok is ok


@pytest.mark.parametrize("entry_facts, words", [
    (DISTRICT_TOPIC, ("区（市县）级培训", "承担区级培训的科室、部门（区级管理员）")),
    (SCHOOL_BASED, ("校本培训", "学校（学校管理员）")),
    (SCHOOL_CENTRALIZED, ("校级培训", "学校（学校管理员）")),
    (PERSONALIZED, ("基于教师需求的市级教师个性化培训", "承担培训项目的单位")),
    (PROVINCIAL, ("省级培训", "市南区教育研究中心（区级管理员）")),
    ({}, ("这项培训", "市南区教育研究中心（区级管理员）")),
])
def test_a_withheld_submission_names_who_registers_that_kind_of_training(entry_facts, words):
    wrong = next(r for r in (SCHOOL, DISTRICT, INSTITUTION) if r != audit.registrar_of(entry_facts))
    finding = registrar(audit.audit_findings(step(wrong, entry_facts)))
    message = str(finding.message)
    assert not finding.ok and message.startswith("谁举办谁登记：")
    assert all(w in message for w in words) and "提交审核" in message
    assert "§一（谁举办谁登记）" in finding.source and "§附件2 第8步" in finding.source


@pytest.mark.parametrize("entry_facts, clause", [
    (DISTRICT_TOPIC, "§二1（承担区级培训的各科室"),
    (SCHOOL_BASED, "§二2（参照各校校本培训标准登记学分）"),
    (PERSONALIZED, "§附件1 第11项"),
    (PROVINCIAL, "§附件1 第9项"),
])
def test_the_finding_cites_the_clause_of_that_level(entry_facts, clause):
    finding = registrar(audit.audit_findings(step(audit.registrar_of(entry_facts), entry_facts)))
    assert finding.ok and clause in finding.source
    pinned(finding.source)


@pytest.mark.parametrize("project, entry_facts", [
    (ProjectFacts("专题", Level.COUNTY, Mode.CENTRALIZED, ON, ON, D(3), program="topic"), DISTRICT_TOPIC),
    (ProjectFacts("校本研修", Level.SCHOOL, Mode.SCHOOL_BASED, ON, ON, D(3)), SCHOOL_BASED),
    (ProjectFacts("学校集中培训", Level.SCHOOL, Mode.CENTRALIZED, ON, ON, D(3)), SCHOOL_CENTRALIZED),
    (ProjectFacts("个性化", Level.CITY, Mode.CENTRALIZED, ON, ON, D(3), program="city_personalized"), PERSONALIZED),
    (ProjectFacts("省互联网+", Level.PROVINCIAL, Mode.ONLINE, ON, ON, D(3), program="internet_plus_compulsory"),
     PROVINCIAL),
])
def test_whoever_recorded_the_completion_submits_it(project, entry_facts):
    """The same organiser enrols, records the completion (结业评价) and submits the credits."""
    assert audit.registrar_of(entry_facts) == enrollment.organiser_role(project)


@pytest.mark.parametrize("source, target, by", [
    (W.SUBMITTED, "approved", DISTRICT),
    (W.SUBMITTED, W.REGISTERED, DISTRICT),
    (W.SUBMITTED, "rejected", DISTRICT),
])
def test_the_auditors_steps_are_not_guarded(source, target, by):
    for entry_facts in (DISTRICT_TOPIC, SCHOOL_BASED, PERSONALIZED):
        assert audit.audit_findings(step(by, entry_facts, source, target)) == []


def test_the_region_answers_the_audit_hook():
    findings = REGION.audit_findings(step(SCHOOL, DISTRICT_TOPIC))
    # the topic training ended 2025-04-20: registered within a week, by 04-27; on 05-06 late, still offered
    assert [(f.code, f.ok) for f in findings] == [(audit.REGISTRAR, False), (audit.DEADLINE, True)]
    assert REGION.audit_findings(step(DISTRICT, DISTRICT_TOPIC))[0].ok


def test_the_finding_reads_in_english():
    with using("en"):
        finding = registrar(audit.audit_findings(step(SCHOOL, DISTRICT_TOPIC)))
        message = str(finding.message)
        assert "whoever runs a training registers it" in message.lower()
        assert "district" in message.lower() and "submitted for review" in message.lower()
        (ok,) = audit.audit_findings(step(SCHOOL, SCHOOL_BASED))
        assert "school" in str(ok.message).lower()


# The workflow --------------------------------------------------------------------------------


def test_the_district_returns_an_entry_to_the_level_that_registered_it():
    back = WF.transition(W.SUBMITTED, W.REGISTERED, frozenset({DISTRICT}))
    assert back is not None and back.asks == (REASON,) and str(back.label) == "退回修改"
    assert not WF.state(W.REGISTERED).final  # it waits there again, for its registering level
    for entry_facts in (DISTRICT_TOPIC, SCHOOL_BASED, PERSONALIZED, PROVINCIAL):
        registrar = audit.registrar_of(entry_facts)
        again = WF.transition(W.REGISTERED, W.SUBMITTED, frozenset({registrar}))
        assert again is not None and audit.audit_findings(step(registrar, entry_facts))[0].ok


def test_a_rejection_asks_a_reason_and_is_final():
    rejection = WF.transition(W.SUBMITTED, "rejected", frozenset({DISTRICT}))
    assert rejection is not None and rejection.asks == (REASON,)
    assert WF.state("rejected").final and not WF.state("rejected").counts


def test_every_step_back_or_out_asks_a_reason():
    forward = {(W.REGISTERED, W.SUBMITTED), (W.SUBMITTED, "approved")}
    for t in WF.transitions:
        assert (REASON in t.asks) is ((t.source, t.target) not in forward), t


def test_the_hook_answers_the_workflow_and_it_reads_in_english():
    assert REGION.audit_workflow() is WF
    with using("en"):
        labels = {(t.source, t.target): str(t.label) for t in WF.transitions}
        assert "correction" in labels[(W.SUBMITTED, W.REGISTERED)].lower()
        assert labels[(W.SUBMITTED, "rejected")] == "Reject"


def test_every_citation_pins_the_documents_own_words():
    sources = {WF.source, audit.ELSEWHERE[1]} | {s + "、" + audit.SUBMISSION_SOURCE for s in audit.REGISTRARS.values()}
    for entry_facts in (DISTRICT_TOPIC, SCHOOL_BASED, PERSONALIZED, PROVINCIAL, {}):
        sources |= {f.source for f in audit.audit_findings(step(SCHOOL, entry_facts))}
    for source in sources:
        pinned(source)


# Through the service, on the demo ------------------------------------------------------------


CHILD_LAW = "儿童保护法律教育"  # the demo's district topic training, registered, not yet audited


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _waiting(title_part: str, state: str = W.REGISTERED) -> tuple[LedgerEntry, Teacher, OrgUnit]:
    """The demo teacher's entry of that training, in that state."""
    return db.session.execute(
        select(LedgerEntry, Teacher, OrgUnit).join(Teacher, LedgerEntry.teacher_id == Teacher.id)
        .join(OrgUnit, Teacher.school_id == OrgUnit.id).join(User, Teacher.user_id == User.id)
        .where(User.username == "teacher", LedgerEntry.title.contains(title_part),
               LedgerEntry.audit_state == state, LedgerEntry.reverses_id.is_(None))).one()


def _registered_copy(title_part: str) -> int:
    """The demo teacher's (approved) entry of that training corrected (reversed and entered
    again for its enrollment), waiting to be submitted."""
    first = db.session.execute(
        select(LedgerEntry).join(Teacher, LedgerEntry.teacher_id == Teacher.id).join(User, Teacher.user_id == User.id)
        .where(User.username == "teacher", LedgerEntry.title.contains(title_part))).scalar_one()
    copy = LedgerEntry(**{c.key: getattr(first, c.key) for c in LedgerEntry.__table__.columns
                          if c.key not in ("id", "created_at")})
    copy.audit_state = W.REGISTERED
    copy.corrects_id = first.id
    by = db.session.get(User, first.created_by_id) if first.created_by_id is not None else None
    ledger.reversal(first, by or _user("district_admin"), "更正")
    db.session.add(copy)
    db.session.commit()
    return copy.id


def _targets(offered) -> set[str]:
    return {t.target for t in offered}


def test_on_the_demo_each_level_is_offered_only_its_own_submissions(make_app):
    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        school_admin, district_admin = _user("school_admin"), _user("district_admin")
        entry, teacher, school = _waiting(CHILD_LAW)
        assert entry.facts["level"] == "county" and entry.facts["program"] == "topic"

        # the school admin is not offered the district training's submission, and reads why
        offered, withheld, _late = reviews.steps(region, school_admin, entry, teacher, school, today)
        assert offered == ()
        (held,) = withheld
        assert held.target == W.SUBMITTED
        (finding,) = held.findings
        assert "区（市县）级培训由承担区级培训的科室、部门（区级管理员）登记学分并提交审核" in str(finding.message)
        with pytest.raises(reviews.ReviewRefused) as refused:
            reviews.review(region, school_admin, [entry.id], W.SUBMITTED)
        assert refused.value.code == "refused" and refused.value.findings == (finding,)
        assert db.session.get(LedgerEntry, entry.id).audit_state == W.REGISTERED

        # the district admin, whose section ran it, is offered it and submits it
        offered, withheld, _late = reviews.steps(region, district_admin, entry, teacher, school, today)
        assert _targets(offered) == {W.SUBMITTED} and withheld == ()
        assert str(offered[0].label) == "提交审核（区级培训由承担科室登记）"
        reviews.review(region, district_admin, [entry.id], W.SUBMITTED)

        # the school admin is offered the submission of its own school-based training
        own = _registered_copy("校本研修：师德师风专题")
        own_entry = db.session.get(LedgerEntry, own)
        offered, withheld, _late = reviews.steps(region, school_admin, own_entry, teacher, school, today)
        assert _targets(offered) == {W.SUBMITTED} and withheld == ()
        offered, withheld, _late = reviews.steps(region, district_admin, own_entry, teacher, school, today)
        assert offered == () and "校本培训由学校（学校管理员）登记" in str(withheld[0].findings[0].message)


def test_on_the_demo_a_returned_entry_goes_back_to_its_registering_level_with_the_reason(make_app):
    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        district_admin = _user("district_admin")
        entry, teacher, school = _waiting(CHILD_LAW)
        reviews.review(region, district_admin, [entry.id], W.SUBMITTED)
        offered, _withheld, _late = reviews.steps(region, district_admin, entry, teacher, school, today)
        assert _targets(offered) == {"approved", W.REGISTERED, "rejected"}

        with pytest.raises(reviews.ReviewRefused, match="reason"):
            reviews.review(region, district_admin, [entry.id], W.REGISTERED, "  ")
        reviews.review(region, district_admin, [entry.id], W.REGISTERED, "参训学时与签到表不符，请核对后重新登记")
        assert db.session.get(LedgerEntry, entry.id).audit_state == W.REGISTERED

        # back in the registering level's queue, with the reason, to submit again
        rows = [r for r in reviews.review_page(region, district_admin, today, per_page=100).items
                if r.entry.id == entry.id]
        assert len(rows) == 1 and rows[0].reason == "参训学时与签到表不符，请核对后重新登记"
        assert _targets(rows[0].actions) == {W.SUBMITTED}
        reviews.review(region, district_admin, [entry.id], W.SUBMITTED)

        with pytest.raises(reviews.ReviewRefused, match="reason"):
            reviews.review(region, district_admin, [entry.id], "rejected")
        reviews.review(region, district_admin, [entry.id], "rejected", "非本人参训")
        assert db.session.get(LedgerEntry, entry.id).audit_state == "rejected"
        assert reviews.steps(region, district_admin, entry, teacher, school, today) == ((), (), ())


def test_the_school_admins_queue_holds_only_what_waits_on_the_school(make_app):
    """A district training's entry waits on the district's submission, not the school's: it is
    not in the school admin's queue (nor counted), and a submission posted anyway is refused with why."""
    app = make_app("qingdao", demo=True)
    with app.app_context():
        entry_id = _waiting(CHILD_LAW)[0].id
        own = _registered_copy("校本研修：师德师风专题")  # the school's own training, waiting on the school
        region = app.extensions["portal.region"]
        school_admin = _user("school_admin")
        queue = reviews.review_page(region, school_admin, clock.today(), per_page=100)
        ids = {r.entry.id for r in queue.items}
        assert entry_id not in ids and own in ids
        assert queue.total == reviews.awaiting_count(region, school_admin, clock.today()) == len(ids)
        assert all(_targets(r.actions) for r in queue.items if r.entry.audit_state == W.REGISTERED)
        district = {r.entry.id for r in reviews.review_page(region, _user("district_admin"), clock.today(),
                                                            per_page=100).items}
        assert entry_id in district and own not in district
    client = app.test_client()
    login(client, "school_admin")
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert f'id="review-{entry_id}"' not in page and f'id="review-{own}"' in page
    refused = client.post(f"/admin/reviews/{entry_id}", data={"target": W.SUBMITTED}, follow_redirects=True)
    assert "谁举办谁登记" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(LedgerEntry, entry_id).audit_state == W.REGISTERED



def test_on_the_demo_the_institution_submits_its_personalized_entries(make_app):
    """Row 11: the unit that runs the personalized training registers and submits it; the core
    reaches its participants' entries through the project it ran, wherever they teach."""
    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        region = app.extensions["portal.region"]
        institution, school_admin = _user("institution"), _user("school_admin")
        entry_id = _registered_copy("个性化培训")
        rows = reviews.review_page(region, institution, today, per_page=100).items
        (row,) = [r for r in rows if r.entry.id == entry_id]
        assert _targets(row.actions) == {W.SUBMITTED} and row.withheld == ()
        entry, teacher, school = _waiting("个性化培训")
        offered, (held,), _late = reviews.steps(region, school_admin, entry, teacher, school, today)
        assert offered == () and "由承担培训项目的单位登记学分并提交审核" in str(held.findings[0].message)
        (moved,) = reviews.review(region, institution, [entry_id], W.SUBMITTED)
        assert moved.entry.audit_state == W.SUBMITTED


def test_who_submits_is_asked_of_the_whole_queue_as_the_guard_asks_it_of_one_entry():
    """The conditions the queue's query asks (``Transition.applies``) divide the entries as the
    guard's 谁举办谁登记 does (``audit.registrar_of``): each entry is exactly one level's."""
    applying = {t.actor: t.applies for t in W.AUDIT_WORKFLOW.transitions if (t.source, t.target) == (W.REGISTERED, W.SUBMITTED)}
    for level in (*Level, None):
        for mode in (*Mode, None):
            for program in ("city_personalized", "topic", None):
                for claim in ("", "achievement"):
                    for source in ("enrollment", "outside", "manual"):
                        facts = {k: v for k, v in (("level", level and level.value), ("mode", mode and mode.value),
                                                   ("program", program), ("claim", claim)) if v}
                        holders = {role for role, c in applying.items() if c.holds(facts, source)}
                        claimed = bool(claim) or source == "outside"
                        expected = UserRole.DISTRICT_ADMIN if claimed else audit.registrar_of(facts)
                        assert holders == {expected}, (facts, source)
