"""开封市的申报登记：本平台项目之外参加的培训按实际参训学时登记，平台未录入结果的全员网络研修凭结业证书
登记 60 学时；申报由县区或市师训部门审核登记，退回时退回申报学校补正，不退回培训机构
(kaifeng-2018-online-training.txt §序言, §三(五), §四(二)3, §二(三), §五(一)).

Each kind is converted the way the core will convert a claim (``ClaimKind.activity`` through
the region's ``portal_convert_activity``), at the boundaries of its rules; the audit's routing
is checked as values through the hook, then end to end on the demo through
``portal.services.reviews`` with a claim entered as the core enters one (the activity's JSON
and the kind's code, in the workflow's first state). The notice sets no date by which hours
must be registered, so no audit step of Kaifeng has a deadline.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from plugins.kaifeng import compliance, parameters as P, workflow
from portal.domain import (
    AuditStep, Grade, InvalidInput, LedgerSource, Level, Mode, Period, Record, SchoolStage, TeacherFacts, Unit,
    UserRole,
)
from portal.domain.workflow import REASON
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher
from portal.services import ledger, reviews
from tests.regions.test_kaifeng_audit import END, english, queue, resolves_exactly, user
from tests.regions.test_kaifeng_rules import region  # takes a bureau's settings

D = Decimal
ON = date(2019, 6, 30)
AUDIT = workflow.AUDIT_WORKFLOW
CJK = range(0x4E00, 0xA000)
TEACHER = TeacherFacts(entered_post=date(2010, 9, 1), title="一级教师", stages=(SchoolStage.PRIMARY,))


def kind(code: str):
    found = region().claim_kind(code)
    assert found is not None, code
    return found


def claimed(code: str, level: Level, figure: str, on: date = ON, **settings):
    """The claim converted as the core converts it, under the rules in force on its date."""
    return region(**settings).convert(kind(code).activity(level, D(figure), on), on=on)


# -- the kinds -------------------------------------------------------------------------------


def test_kaifeng_offers_what_its_notice_supports_and_nothing_it_leaves_to_the_henan_rules():
    kinds = region().claim_kinds()
    assert [k.code for k in kinds] == ["outside_centralized", "outside_online",
                                       "all_staff_jpk_certificate", "all_staff_high_certificate"]
    assert {k.mode for k in kinds} == {Mode.CENTRALIZED, Mode.ONLINE}  # no self-study, no degree course
    assert all(k.ledger_source == LedgerSource.OUTSIDE for k in kinds)
    # Kaifeng counts 学时: given for a training elsewhere; fixed by the certificate's program
    assert [k.figure for k in kinds] == ["hours", "hours", "fixed", "fixed"]


def test_every_kind_cites_words_the_notice_has_and_reads_in_english():
    for k in region().claim_kinds():
        assert resolves_exactly(k.source), k.code
        for words in (k.label, k.detail, k.evidence):
            assert str(words) and not any(ord(c) in CJK for c in english(words)), (k.code, english(words))


def test_nobody_is_named_as_claimant_so_the_cores_claimants_stay():
    for k in region().claim_kinds():
        assert set(k.who) == {UserRole.TEACHER, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL}


@pytest.mark.parametrize(("code", "level", "figure", "hours"), [
    ("outside_centralized", Level.NATIONAL, "24", D(24)),       # another platform's 24 hours: 24 学时
    ("outside_centralized", Level.PROVINCIAL, "12.34", D("12.3")),  # rounded half up to 0.1 学时
    ("outside_online", Level.NATIONAL, "50", D(50)),
    ("outside_online", Level.CITY, "7.25", D("7.3")),
    ("outside_online", Level.SCHOOL, "0", D(0)),
])
def test_training_outside_the_portal_registers_the_hours_attended(code, level, figure, hours):
    result = claimed(code, level, figure)
    assert (result.amount, result.unit, result.category) == (hours, Unit.HOUR, P.CATEGORY_OTHER)
    assert result.steps[0].source == P.HENAN_RULES == kind(code).source
    assert set(result.steps[0].settings) == {P.OTHER_MODES.name, P.HOURS_QUANTUM.name}


def test_a_mode_the_bureau_no_longer_registers_by_hours_is_refused_on_the_form():
    with pytest.raises(InvalidInput) as refused:
        claimed("outside_online", Level.NATIONAL, "50", other_modes="centralized")
    assert refused.value.field == "mode" and "另行认定" in str(refused.value.message)
    assert claimed("outside_centralized", Level.NATIONAL, "50", other_modes="centralized").amount == D(50)


def test_the_rounding_is_the_bureaus_setting():
    assert claimed("outside_centralized", Level.CITY, "12.34", hours_quantum="0.5").amount == D("12.5")


@pytest.mark.parametrize("code", ["all_staff_jpk_certificate", "all_staff_high_certificate"])
@pytest.mark.parametrize("level", [Level.CITY, Level.COUNTY])
@pytest.mark.parametrize("figure", ["60", "45", "0"])
def test_the_all_staff_certificate_registers_the_programs_60_hours_whatever_hours_it_shows(code, level, figure):
    """Only a pass gets the certificate (§四(二)3), and a pass registers 60 学时 (§三, §三(五))."""
    result = claimed(code, level, figure)
    assert (result.amount, result.unit, result.category) == (D(60), Unit.HOUR, P.CATEGORY_ALL_STAFF)
    assert any("考核合格" in str(s.text) for s in result.steps)
    assert not any("平台记录在线学习" in str(s.text) for s in result.steps)  # no hours read as time online


def test_each_all_staff_kind_is_its_programs_at_the_levels_that_run_it():
    for code in P.PROGRAMS:
        k = kind(f"{code}_certificate")
        assert k.program == code and k.mode == Mode.ONLINE
        assert k.offered_levels() == (Level.CITY, Level.COUNTY)  # the city, or a county on its own (§二(三))
        activity = k.activity(Level.COUNTY, D(60), END)
        assert activity.grade == Grade.PASS and activity.hours == 0 and activity.end == END


def test_no_all_staff_certificate_before_the_notice_set_the_training_up():
    with pytest.raises(InvalidInput) as refused:
        claimed("all_staff_jpk_certificate", Level.CITY, "60", on=date(2018, 12, 14))
    assert refused.value.field == "program"


# -- counted like any entry: the notice sets no cap ------------------------------------------


def record(code: str, level: Level, figure: str, on: date) -> Record:
    result = claimed(code, level, figure, on)
    facts = {**kind(code).activity(level, D(figure), on).as_json(), "claim": code}
    return Record.from_facts(on, result.amount, result.unit, result.category, facts, LedgerSource.OUTSIDE)


def test_claimed_hours_count_in_full_towards_the_year_and_the_cycle():
    records = [record("outside_centralized", Level.NATIONAL, "300", date(2019, 5, 1)),
               record("outside_online", Level.PROVINCIAL, "80", date(2019, 9, 1))]
    result = compliance.check_compliance(TEACHER, records, date(2019, 12, 31))
    assert result.cycle.earned == result.cycle.counted == D(380)
    assert next(y for y in result.years if y.year == 2019).earned == D(380)
    assert not any(f.cap for f in result.findings)


def test_an_all_staff_certificate_meets_the_all_staff_duty():
    without = compliance.check_compliance(TEACHER, [], date(2019, 12, 31))
    assert not next(f for f in without.findings if f.code == "all_staff_training").ok
    certified = [record("all_staff_high_certificate", Level.COUNTY, "60", END)]
    with_it = compliance.check_compliance(TEACHER, certified, date(2019, 12, 31))
    assert next(f for f in with_it.findings if f.code == "all_staff_training").ok


# -- the audit: who returns a claim to whom ---------------------------------------------------


CLAIM = {"level": "national", "mode": "centralized", "hours": 24, "days": 1, "start": "2019-06-30",
         "end": "2019-06-30", "role": "participant", "claim": "outside_centralized"}
PROJECT = {"program": "all_staff_high", "level": "city", "mode": "online", "hours": 60,
           "start": "2019-01-01", "end": END.isoformat(), "grade": "pass"}


def step(target: str, facts: dict, entry_source: str = "enrollment", by=UserRole.DISTRICT_ADMIN,
         on: date = ON + timedelta(days=1), source="submitted") -> AuditStep:
    return AuditStep(source, target, by, on, ON, P.CATEGORY_OTHER, D(24), facts,
                     Period(date(2016, 1, 1), date(2020, 12, 31)), entry_source)


def refused(found) -> list[str]:
    return [f.code for f in found if not f.ok]


def test_a_department_returns_a_claim_to_the_school_and_a_projects_result_to_the_institution():
    kf = region()
    for by in (UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN):
        assert kf.audit_findings(step("claim_returned", CLAIM, "outside", by)) == []
        assert refused(kf.audit_findings(step("returned", CLAIM, "outside", by))) == [workflow.RETURNED_TO]
        assert kf.audit_findings(step("returned", PROJECT, by=by)) == []  # as before claims
        assert refused(kf.audit_findings(step("claim_returned", PROJECT, by=by))) == [workflow.RETURNED_TO]


def test_a_claim_is_known_by_its_source_or_by_the_kind_in_its_facts():
    """The core puts the kind's code in the facts and the kind's ledger source on the step;
    either tells a claim (and an entry made by hand or carried over is no project's result)."""
    without_code = {k: v for k, v in CLAIM.items() if k != "claim"}
    for facts, source in ((CLAIM, "enrollment"), (without_code, "outside"), (without_code, "manual"),
                          (without_code, "transfer")):
        assert refused(region().audit_findings(step("returned", facts, source))) == [workflow.RETURNED_TO]


def test_the_findings_say_where_the_entry_goes_with_the_clause_that_says_who_recorded_it():
    (to_school,) = region().audit_findings(step("returned", CLAIM, "outside"))
    assert "退回申报学校补正" in str(to_school.message) and "school" in english(to_school.message)
    (to_institution,) = region().audit_findings(step("claim_returned", PROJECT))
    assert "退回培训机构核实" in str(to_institution.message) and "institution" in english(to_institution.message)
    assert to_school.source == to_institution.source and resolves_exactly(to_school.source)


def test_the_claims_return_asks_a_reason_and_the_school_hands_it_in_again():
    returns = [t for t in AUDIT.transitions if t.target == "claim_returned"]
    assert {t.actor for t in returns} == {UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN}
    assert all(REASON in t.asks for t in returns)
    assert not AUDIT.state("claim_returned").final and not AUDIT.state("claim_returned").counts
    assert AUDIT.awaiting(UserRole.PRINCIPAL) == {"claim_returned"}
    # the school's admin also hands in again the result of a training the school ran itself (0.5.48)
    # and (0.5.55) a school's own result an older workflow returned to an institution it did not have
    assert AUDIT.awaiting(UserRole.SCHOOL_ADMIN) == {"claim_returned", "organiser_returned", "returned", "rejected"}
    # a teacher takes no audit step: the core would let them reach their colleagues' entries
    assert AUDIT.awaiting(UserRole.TEACHER) == frozenset()
    assert AUDIT.allowed("claim_returned", frozenset({UserRole.INSTITUTION_STAFF})) == ()


def test_an_all_staff_certificate_is_registered_after_the_training_it_certifies():
    certificate = {**kind("all_staff_high_certificate").activity(Level.CITY, D(60), END).as_json(),
                   "claim": "all_staff_high_certificate"}
    on_the_last_day = region().audit_findings(step("approved", certificate, "outside", on=END))
    assert refused(on_the_last_day) == [workflow.AFTER_TRAINING]
    assert refused(region().audit_findings(step("approved", certificate, "outside", on=END + timedelta(days=1)))) == []


def test_no_audit_step_has_a_deadline_the_notice_gives_none():
    kf = region()
    for facts, source in ((CLAIM, "outside"), (PROJECT, "enrollment")):
        for t in AUDIT.transitions:
            for on in (date(2019, 1, 20), date(2025, 12, 31)):
                found = kf.audit_findings(step(t.target, facts, source, t.actor, on, t.source))
                assert all(f.deadline is None for f in found), (t, facts)


# -- end to end on the demo -------------------------------------------------------------------


def enter_claim(kf, code: str, figure: str, on: date, school: str = "kf-gl-s1") -> LedgerEntry:
    """A claim entered as the core enters one: converted by the region, the activity's JSON
    with the kind's code, the kind's ledger source, in the workflow's first state."""
    k = kf.claim_kind(code)
    teacher = db.session.scalar(select(Teacher).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                .where(OrgUnit.code == school).order_by(Teacher.id))
    activity = k.activity(k.offered_levels()[0], D(figure), on)
    entry = ledger._entry(result=kf.convert(activity, on=on), actor=None, teacher_id=teacher.id,
                          source=k.ledger_source.value, enrollment_id=None, activity_date=on, hours=activity.hours,
                          title="外省集中培训", facts={**activity.as_json(), "claim": k.code},
                          audit_state=kf.audit_workflow().initial)
    db.session.commit()
    return entry


def test_the_district_returns_a_claim_to_the_school_which_hands_it_in_and_it_is_registered(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        district, school, principal = user("district_admin"), user("school_admin"), user("principal")
        entry = enter_claim(kf, "outside_centralized", "24", date(2026, 5, 10))
        entry_id, on = entry.id, date(2026, 5, 20)
        assert entry.amount == D(24) and entry.audit_state == "submitted"

        row = queue(app, district, on)[entry_id]
        assert {t.target for t in row.actions} == {"approved", "claim_returned"}
        assert row.withheld == ()  # the return to an institution does not apply to a claim
        with pytest.raises(reviews.ReviewRefused) as refused_step:
            reviews.review(kf, district, [entry_id], "returned", "请核实", on=on)
        # refused with the region's words on why (before 0.5.52 only "not allowed")
        assert refused_step.value.code == "refused" and "申报" in str(refused_step.value.findings[0].message)

        reviews.review(kf, district, [entry_id], "claim_returned", "证书未写明学时，请补充学时证明", on=on)
        assert db.session.get(LedgerEntry, entry_id).audit_state == "claim_returned"
        assert entry_id not in queue(app, district, on)
        for hands_in in (school, principal):  # the school's admin or principal, with the reason
            again = queue(app, hands_in, on)[entry_id]
            assert again.reason == "证书未写明学时，请补充学时证明" and [t.target for t in again.actions] == ["submitted"]
        reviews.review(kf, school, [entry_id], "submitted", on=on)
        reviews.review(kf, district, [entry_id], "approved", on=on)
        assert db.session.get(LedgerEntry, entry_id).audit_state in kf.audit_workflow().counting()


def test_a_projects_result_is_still_returned_only_to_the_institution(make_app):
    app = make_app("kaifeng", demo=True)
    kf = app.extensions["portal.region"]
    with app.app_context():
        city = user("city_admin")
        entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.audit_state == "submitted",
                                                            LedgerEntry.enrollment_id.is_not(None))
                                  .order_by(LedgerEntry.id))
        on = entry.activity_date + timedelta(days=1)
        with pytest.raises(reviews.ReviewRefused) as refused_step:
            reviews.review(kf, city, [entry.id], "claim_returned", "请核实", on=on)
        assert refused_step.value.code == "refused" and "培训机构" in str(refused_step.value.findings[0].message)
        assert db.session.get(LedgerEntry, entry.id).audit_state == "submitted"

