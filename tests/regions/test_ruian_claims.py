"""Ruian's claims (ruian-2019h2-course-selection.txt §二): the notice names no self-study, degree
or outside case, so the one kind is a centralized training taken outside the portal, credited by
the base credits it declared and recognised by the school (各校（园）…合理安排好教师在培训周期内的
参训和学分认定时间); the notice dates no registration, so no audit step has a deadline."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

import plugins.ruian as ruian
from plugins.ruian import compliance
from plugins.ruian.audit import RECOGNISED_BY_SCHOOL, audit_findings
from plugins.ruian.claims import OUTSIDE_CENTRALIZED
from portal import clock
from portal.domain import (
    Activity, AuditStep, InvalidInput, LedgerSource, Level, Mode, Period, Record, TeacherFacts, Unit, UserRole,
)
from portal.domain.claims import CREDITS
from portal.domain.text import using
from portal.extensions import db
from portal.models import Teacher, User
from portal.plugins import Region
from portal.services import ledger, reviews

DOC = "ruian-2019h2-course-selection.txt"
RECOGNITION_CLAUSE = f"{DOC} §二（合理安排好教师在培训周期内的参训和学分认定时间）"
CJK = re.compile(r"[\u4e00-\u9fff]")
ON = date(2019, 11, 3)
CYCLE = Period(date(2016, 1, 1), date(2020, 12, 31))
VETERAN = TeacherFacts(entered_post=date(2010, 9, 1))


def region(**settings) -> Region:
    return Region.load("ruian", {"ruian": ruian}, settings or None)


def kind():
    (only,) = region().claim_kinds()
    return only


def claimed(credits, on=ON, level=Level.PROVINCIAL, **settings):
    return region(**settings).convert(kind().activity(level, D(credits), on), on)


def step(by=UserRole.SCHOOL_ADMIN, claim=OUTSIDE_CENTRALIZED, entry_source="outside", on=date(2019, 12, 10),
         source="submitted", target="approved") -> AuditStep:
    facts = {"level": "provincial", "mode": "centralized", "hours": "0", "base_credits": "90",
             "program": "recognised_elsewhere"}
    if claim is not None:
        facts["claim"] = claim
    return AuditStep(source, target, by, on, ON, "centralized_90", D(90), facts, CYCLE, entry_source)


# The kind the notice allows --------------------------------------------------------------------


def test_ruian_takes_one_kind_of_claim_a_centralized_training_taken_outside_the_portal():
    k = kind()
    assert k.code == OUTSIDE_CENTRALIZED
    assert (k.ledger_source, k.mode, k.figure, k.program) == (
        LedgerSource.OUTSIDE, Mode.CENTRALIZED, CREDITS, "recognised_elsewhere")
    assert str(k.label) == "在本平台以外参加的集中培训"
    assert "按培训申报的基础学分计" in str(k.detail) and "学时不折算" in str(k.detail)


def test_the_claimant_gives_credits_since_the_notice_converts_no_hours():
    activity = kind().activity(Level.CITY, D(24), ON)
    assert (activity.hours, activity.base_credits, activity.start, activity.end) == (D(0), D(24), ON, ON)


def test_every_level_is_offered_since_the_notice_credits_none_differently():
    assert kind().offered_levels() == tuple(Level)
    assert {claimed("30", level=level).amount for level in Level} == {D(30)}


def test_the_teacher_claims_and_the_school_enters_a_claim():
    assert set(kind().who) == {UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL}


def test_the_kind_cites_the_notices_words_on_recognising_credits_by_the_school():
    k = kind()
    assert k.source == RECOGNITION_CLAUSE
    [resolved] = region().library.resolve(k.source)
    assert resolved.document is not None and resolved.location.exact
    text = (ruian.__path__[0] + f"/documents/{DOC}")
    with open(text, encoding="utf-8") as f:
        notice = f.read()
    assert "各校（园）要在整体规划的基础上指导督促教师及时选课参训，按时足额完成培训任务，并按教师实际进入平台的时间，" \
           "合理安排好教师在培训周期内的参训和学分认定时间" in notice


def test_the_evidence_says_what_proves_the_claim_without_citing():
    evidence = str(kind().evidence)
    assert "结业证书" in evidence and "基础学分" in evidence and "§" not in evidence


def test_the_kinds_words_read_in_english():
    k = kind()
    with using("en"):
        for words in (k.label, k.detail, k.evidence):
            assert str(words) and not CJK.search(str(words)), str(words)


# Its credits, by the notice's rules (§二) ----------------------------------------------------------


@pytest.mark.parametrize("credits, category", [
    ("90", "centralized_90"),    # 基础学分为90以上 includes 90: the cycle's 90+ centralized training
    ("120", "centralized_90"),   # credited in full, above 90 too
    ("89.5", "centralized"),     # half a credit short of 90
    ("24", "centralized"),
])
def test_a_claimed_training_earns_the_base_credits_it_declared(credits, category):
    result = claimed(credits)
    assert (result.amount, result.unit, result.category, result.rule_version) == (
        D(credits), Unit.CREDIT, category, "ruian-2019")


def test_the_schools_recognition_is_the_claims_completion():
    steps = claimed("90").steps
    texts = [str(s.text) for s in steps]
    assert "学校凭证明认定已完成培训，得培训申报的基础学分 90 学分" in texts
    recognised = steps[texts.index("学校凭证明认定已完成培训，得培训申报的基础学分 90 学分")]
    assert (recognised.value, recognised.source, recognised.settings) == (D(90), RECOGNITION_CLAUSE, ())
    assert not any("参训学时" in t for t in texts)  # a claim gives no hours, so none are shown
    with using("en"):
        assert not any(CJK.search(str(s.text)) for s in steps)


def test_a_claim_earns_its_credits_even_where_a_missing_grade_would_fail_a_project():
    """The setting for a project's missing grade is the bureau's; a claim has no grade, and the
    school's recognition of its certificate is its completion."""
    assert claimed("90", missing_grade_is_pass=False).amount == D(90)
    project = region(missing_grade_is_pass=False).convert(
        Activity(level=Level.COUNTY, mode=Mode.CENTRALIZED, hours=D(90), base_credits=D(90)), ON)
    assert project.amount == D(0)


@pytest.mark.parametrize("credits", ["0", "-6"])
def test_a_claim_without_credits_is_refused_on_the_form(credits):
    with pytest.raises(InvalidInput) as refused:
        claimed(credits)
    assert refused.value.field == "base_credits"


# Compliance: the notice caps nothing, and a claimed 90 counts as the cycle's 90+ training ------------


def record_of(result, on) -> Record:
    facts = {**kind().activity(Level.PROVINCIAL, result.amount, on).as_json(), "claim": OUTSIDE_CENTRALIZED}
    return Record.from_facts(on, result.amount, result.unit, result.category, facts, LedgerSource.OUTSIDE)


def test_claimed_credits_count_in_full_since_the_notice_sets_no_cap():
    days = [date(2017, 5, 2), date(2018, 5, 2), date(2019, 5, 2), date(2020, 5, 2)]
    records = [record_of(claimed("90", on=day), day) for day in days]
    comp = compliance.check_compliance(VETERAN, records, date(2020, 12, 31))
    assert (comp.cycle.earned, comp.cycle.counted) == (D(360), D(360))
    assert comp.cycle.ok and all(f.ok for f in comp.findings)


def test_a_claimed_90_credit_training_is_the_cycles_centralized_training_of_90():
    day = date(2019, 5, 2)
    comp = compliance.check_compliance(VETERAN, [record_of(claimed("90", on=day), day)], date(2020, 12, 31))
    ninety = next(f for f in comp.findings if f.code == "centralized_90")
    assert ninety.ok and "2019-05-02" in ninety.message.render("zh_Hans_CN")
    comp = compliance.check_compliance(VETERAN, [record_of(claimed("89.5", on=day), day)], date(2020, 12, 31))
    assert not next(f for f in comp.findings if f.code == "centralized_90").ok


# The audit: the school recognises a claim (§二 学分认定) ------------------------------------------------


@pytest.mark.parametrize("by, ok", [
    (UserRole.SCHOOL_ADMIN, True),
    (UserRole.PRINCIPAL, True),
    (UserRole.DISTRICT_ADMIN, False),
    (UserRole.CITY_ADMIN, False),
    (UserRole.INSTITUTION_STAFF, False),
    (UserRole.TEACHER, False),
])
def test_only_the_school_recognises_a_claim(by, ok):
    [finding] = audit_findings(step(by=by))
    assert (finding.code, finding.ok, finding.source, finding.deadline) == (RECOGNISED_BY_SCHOOL, ok, RECOGNITION_CLAUSE,
                                                                           None)
    said = finding.message.render("zh_Hans_CN")
    assert said.startswith("在本平台以外参加的集中培训")
    assert ("由学校认定学分" in said) if ok else ("其他单位不能审核" in said)
    with using("en"):
        assert not CJK.search(str(finding.message))


def test_a_claim_is_known_by_its_claim_or_by_its_source():
    assert [f.ok for f in audit_findings(step(by=UserRole.CITY_ADMIN, claim=None))] == [False]
    [finding] = audit_findings(step(by=UserRole.CITY_ADMIN, entry_source="enrollment"))  # as reviews.py builds it now
    assert not finding.ok


@pytest.mark.parametrize("by", list(UserRole))
def test_entries_from_the_portals_projects_keep_their_chain(by):
    assert audit_findings(step(by=by, claim=None, entry_source="enrollment")) == []


def test_the_school_admin_is_the_one_to_act_on_a_new_claim():
    workflow = region().audit_workflow()
    assert {t.actor for t in workflow.transitions if t.source == workflow.initial} == {UserRole.SCHOOL_ADMIN}


def test_the_region_guards_the_audit_through_its_hook():
    assert [f.ok for f in region().audit_findings(step(by=UserRole.CITY_ADMIN))] == [False]
    assert region().audit_findings(step(claim=None, entry_source="enrollment")) == []


# Deadlines: the notice dates no registration of credits -----------------------------------------------


@pytest.mark.parametrize("on", [date(2019, 9, 22), date(2019, 12, 31), date(2020, 1, 31), date(2024, 6, 1)])
def test_no_audit_step_has_a_registration_deadline(on):
    for by in UserRole:
        assert audit_findings(step(by=by, claim=None, entry_source="enrollment", on=on)) == []
        assert all(f.deadline is None for f in audit_findings(step(by=by, on=on)))


# Through the service: a claim in the demo's ledger, recognised by the school ----------------------------


def user(username) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def test_the_school_admin_recognises_a_claim_in_the_demo(make_app):
    app = make_app("ruian", demo=True)
    region = app.extensions["portal.region"]
    with app.app_context():
        school = user("school_admin")
        (school_unit,) = {a.org_unit_id for a in school.roles if a.role == UserRole.SCHOOL_ADMIN}
        teacher = db.session.scalar(select(Teacher).where(Teacher.school_id == school_unit).order_by(Teacher.id))
        k = region.claim_kinds()[0]
        day = clock.today()
        result = region.convert(k.activity(Level.PROVINCIAL, D(90), day), day)
        entry = ledger._entry(result=result, actor=school, teacher_id=teacher.id, source=k.ledger_source.value,
                              activity_date=day, hours=None, title="浙江省教师培训平台：小学数学骨干教师培训",
                              facts={**k.activity(Level.PROVINCIAL, D(90), day).as_json(), "claim": k.code},
                              audit_state=region.audit_workflow().initial)
        db.session.commit()
        offered, withheld, _late = reviews.steps(region, school, entry, entry.teacher, entry.teacher.school, day)
        assert withheld == () and {t.target for t in offered} == {"approved", "rejected"}
        [row] = reviews.review(region, school, [entry.id], "approved")
        assert row.entry.audit_state == "approved" and row.entry.amount == D(90)
