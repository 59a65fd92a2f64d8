"""Qingdao / Shinan: credits claimed with evidence outside the portal's projects, and the times
the district's trainings are registered in.

The notices' one such case is row 9 of the Shinan standard table (2017 annex 1), 其他情况: the
unit that undertook a training uploads its documents, participants and how it went, and the
district research centre recognises the credits on the facts and registers them. So a claim is
converted as the row's recognised credits, and only the research centre submits it. The same
table says when the district's trainings are registered: its yearly classes in January of the
next year (rows 1–5, 7), its cadre and topic trainings within a week of their end (rows 6, 8).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

import plugins.qingdao as plugin
from plugins.qingdao import audit, claims, compliance, parameters as P, workflow as W
from portal import clock
from portal.domain import (
    Activity, AuditStep, InvalidInput, LedgerSource, Level, Mode, Period, Record, TeacherFacts, Unit, UserRole,
)
from portal.domain.claims import CREDITS
from portal.domain.text import using
from portal.extensions import db
from portal.models import LedgerEntry, OrgUnit, Teacher, User
from portal.plugins import Region, make_manager
from portal.services import reviews
from tests.regions.test_qingdao_enrollment import pinned

D = Decimal
REGION = Region(make_manager(plugin), plugin)
SCHOOL, DISTRICT, INSTITUTION = UserRole.SCHOOL_ADMIN, UserRole.DISTRICT_ADMIN, UserRole.INSTITUTION_STAFF
CYCLE = Period(date(2023, 1, 1), date(2027, 12, 31))
ON = date(2025, 5, 6)


def region(**settings) -> Region:
    return Region.load("qingdao", {"qingdao": plugin}, settings or None)


def claimed(level: Level, credits_: str | int, on: date = ON) -> Activity:
    """The activity a claim of row 9's other cases stands for."""
    return claims.OTHER.activity(level, D(str(credits_)), on)


def claim_facts(level: Level = Level.NATIONAL, code: str = "other") -> dict:
    """What the ledger keeps of a claim: its activity's JSON and the kind claimed."""
    return {**claimed(level, 12).as_json(), "claim": code}


def enrollment_facts(level: Level, mode: Mode = Mode.CENTRALIZED, program: str | None = None) -> dict:
    return Activity(level=level, mode=mode, hours=D(3), program=program).as_json()


def step(by: UserRole, facts: dict, on: date = ON, ended: date = date(2025, 4, 20),
         entry_source: str = "enrollment", source: str = W.REGISTERED, target: str = W.SUBMITTED) -> AuditStep:
    return AuditStep(source, target, by, on, ended, "a_class", D(3), facts, CYCLE, entry_source)


def only(code: str, findings) -> list:
    return [f for f in findings if f.code == code]


# The kinds ---------------------------------------------------------------------------------


def test_the_region_takes_claims_of_row_9s_other_cases_only():
    """Neither notice credits self-study achievements or degree courses; rows 10 and 11 are
    projects in the portal; what is left is row 9's 其他情况."""
    assert [k.code for k in REGION.claim_kinds()] == ["other"]
    assert REGION.claim_kind("other") is claims.OTHER
    assert REGION.claim_kind("outside_training") is None  # the core's default is not offered besides


def test_the_kind_cites_row_9_in_the_notices_own_words():
    kind = claims.OTHER
    assert kind.source.startswith(f"{P.F2017} §附件1 第9项（由承办部门将文件依据和参训人员及培训情况等上传")
    pinned(kind.source)
    assert kind.label == "其他情况（区教育研究中心据实认定）"
    assert "由市南区教育研究中心据实认定，并登记学分" in kind.detail


def test_the_evidence_is_what_row_9_has_the_unit_upload():
    assert claims.OTHER.evidence == "文件依据和参训人员及培训情况"
    assert str(claims.OTHER.evidence) in claims.OTHER.source


def test_the_unit_that_undertook_the_training_claims_it_not_the_teacher():
    """Row 9: 由承办部门 ... 上传: a school or a district department, each with its account (§二1, §二2)."""
    assert set(claims.OTHER.who) == {SCHOOL, DISTRICT}
    assert UserRole.TEACHER not in claims.OTHER.who


def test_the_claimant_gives_the_credits_recognised_at_any_level():
    kind = claims.OTHER
    assert kind.figure == CREDITS and kind.ledger_source == LedgerSource.OUTSIDE
    assert kind.offered_levels() == tuple(Level) and kind.program == "other"


# Conversion --------------------------------------------------------------------------------


@pytest.mark.parametrize("level, credits_, category", [
    (Level.NATIONAL, 12, P.A_CLASS),
    (Level.PROVINCIAL, "7.5", P.A_CLASS),
    (Level.CITY, 6, P.A_CLASS),
    (Level.COUNTY, 5, P.A_CLASS),
    (Level.SCHOOL, 4, P.SCHOOL_BASED),  # a school's training counts as school-based (a setting)
])
def test_a_claim_is_registered_for_the_credits_the_research_centre_recognises(level, credits_, category):
    """2017 §附件1 第9项: 由市南区教育研究中心据实认定，并登记学分."""
    result = REGION.convert(claimed(level, credits_), on=ON)
    assert (result.amount, result.category) == (D(str(credits_)), category)
    assert any("据实认定" in str(s.text) and s.source == P.ROW_BY_CODE["other"].source for s in result.steps)


def test_recognised_credits_are_not_held_to_the_daily_cap_they_are_not_counted_by_the_hour():
    """The claim is dated one day; the 8 a day of 2018 §附件1 caps hours, not recognised credits."""
    result = REGION.convert(claimed(Level.NATIONAL, 30), on=ON)
    assert result.amount == 30
    assert not any("每天计不超过" in str(s.text) for s in result.steps)


@pytest.mark.parametrize("credits_", [0, -3])
def test_a_claim_of_no_credits_is_refused_on_the_form(credits_):
    with pytest.raises(InvalidInput) as refused:
        REGION.convert(claimed(Level.CITY, credits_), on=ON)
    assert refused.value.field == "base_credits" and "大于 0" in str(refused.value.message)


def test_a_school_claim_counts_towards_360_only_where_the_bureau_counts_only_school_based_training_as_such():
    """A school-level training that is not school-based is at no A-class level: other credits."""
    result = region(school_level_is_school_based=False).convert(claimed(Level.SCHOOL, 4), on=ON)
    assert (result.amount, result.category) == (D(4), P.OTHER)


def test_a_school_level_claim_counts_under_the_school_based_cap_of_120():
    """2018 §附件3后 不超过解释: 校本 五年至多计 120."""
    year = date(2024, 6, 1)
    school = REGION.convert(claimed(Level.SCHOOL, 40, year), on=year)
    records = [Record(date(2023, 9, 1), D(100), Unit.CREDIT, P.SCHOOL_BASED),
               Record.from_facts(year, school.amount, school.unit, school.category,
                                 {**claimed(Level.SCHOOL, 40, year).as_json(), "claim": "other"}, LedgerSource.OUTSIDE)]
    c = compliance.check_compliance(TeacherFacts(), records, date(2024, 12, 31))
    assert (c.cycle.earned, c.cycle.counted) == (D(140), D(120))
    (cap,) = [f for f in c.findings if f.code == "school_based_cap"]
    assert "按 120 学分计入" in cap.message


def test_a_national_claim_counts_towards_the_240_a_class_credits():
    year = date(2024, 6, 1)
    national = REGION.convert(claimed(Level.NATIONAL, 240, year), on=year)
    records = [Record(year, national.amount, national.unit, national.category, LedgerSource.OUTSIDE)]
    c = compliance.check_compliance(TeacherFacts(), records, date(2027, 12, 31))
    (a_class,) = [f for f in c.findings if f.code == "a_class_minimum"]
    assert a_class.ok


# Who submits a claim ------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(Level))
def test_only_the_research_centre_submits_a_claim_whatever_its_level(level):
    """Row 9: 由市南区教育研究中心据实认定，并登记学分; a school-level claim too, which a school's
    own training would not be."""
    facts = claim_facts(level)
    (ok,) = audit.audit_findings(step(DISTRICT, facts))
    assert ok.code == audit.RECOGNITION and ok.ok
    for other in (SCHOOL, INSTITUTION):
        (held,) = audit.audit_findings(step(other, facts))
        assert held.code == audit.RECOGNITION and not held.ok
        assert "§附件1 第9项（由市南区教育研究中心据实认定，并登记学分）" in held.source


def test_a_withheld_claim_says_who_recognises_it_with_the_clause():
    (held,) = audit.audit_findings(step(SCHOOL, claim_facts()))
    assert str(held.message) == ("其他情况（区教育研究中心据实认定）由市南区教育研究中心（区级管理员）据实认定，"
                                 "并登记学分、提交审核")
    pinned(held.source)
    with using("en"):
        assert "Research Center (district administrator)" in str(held.message)


def test_a_claim_is_known_by_its_ledger_source_as_well_as_its_fact():
    facts = enrollment_facts(Level.SCHOOL, Mode.SCHOOL_BASED)  # would be the school's, as a project's entry
    (held,) = audit.audit_findings(step(SCHOOL, facts, entry_source=LedgerSource.OUTSIDE))
    assert held.code == audit.RECOGNITION and not held.ok
    (held,) = audit.audit_findings(step(SCHOOL, {**facts, "claim": "outside_training"}))
    assert held.code == audit.RECOGNITION and "申报的学分" in held.message


def test_a_claim_has_no_registration_deadline_row_9_gives_none():
    late = date(2026, 6, 1)
    assert only(audit.DEADLINE, audit.audit_findings(step(DISTRICT, claim_facts(Level.COUNTY), on=late))) == []


@pytest.mark.parametrize("target", ["approved", W.REGISTERED, "rejected"])
def test_the_auditors_steps_on_a_claim_are_not_guarded(target):
    assert audit.audit_findings(step(DISTRICT, claim_facts(), source=W.SUBMITTED, target=target)) == []


@pytest.mark.parametrize("facts, registrar", [
    (enrollment_facts(Level.SCHOOL, Mode.SCHOOL_BASED), SCHOOL),
    (enrollment_facts(Level.CITY, program="city_personalized"), INSTITUTION),
    (enrollment_facts(Level.COUNTY, program="topic"), DISTRICT),
])
def test_a_projects_entry_is_still_submitted_by_whoever_ran_it(facts, registrar):
    findings = audit.audit_findings(step(registrar, facts))
    assert [f.ok for f in only(audit.REGISTRAR, findings)] == [True] and not only(audit.RECOGNITION, findings)


# When the district's trainings are registered -----------------------------------------------


TOPIC = enrollment_facts(Level.COUNTY, program="topic")
CADRE = enrollment_facts(Level.COUNTY, program="cadre")


def deadline(facts: dict, on: date, ended: date, by: UserRole = DISTRICT, settings=None):
    findings = (region(**settings) if settings else REGION).audit_findings(step(by, facts, on=on, ended=ended))
    (finding,) = only(audit.DEADLINE, findings)
    return finding


@pytest.mark.parametrize("facts", [TOPIC, CADRE])
def test_a_topic_or_cadre_training_is_registered_within_a_week_of_its_end(facts):
    """2017 §附件1 第6、8项: 在培训结束一周内，登记学分."""
    ended = date(2025, 4, 20)
    finding = deadline(facts, on=date(2025, 4, 27), ended=ended)
    assert finding.ok and finding.deadline == date(2025, 4, 27)
    assert "在培训结束一周内登记学分，截至 2025-04-27" in finding.message
    assert finding.source.endswith("（在培训结束一周内）")
    pinned(finding.source)


def test_on_the_day_it_ends_a_training_is_in_time():
    finding = deadline(TOPIC, on=date(2025, 4, 20), ended=date(2025, 4, 20))
    assert finding.ok and finding.deadline == date(2025, 4, 27) and finding.settings == ()


def test_a_week_and_a_day_after_its_end_it_is_offered_and_marked_late():
    """The notice says nothing of lateness: the core offers the step and marks it late."""
    finding = deadline(TOPIC, on=date(2025, 4, 28), ended=date(2025, 4, 20))
    assert finding.ok and finding.deadline == date(2025, 4, 27) < date(2025, 4, 28)
    assert str(finding.message).startswith("逾期登记：") and finding.settings == ("late_registration_refused",)


def test_where_the_bureau_refuses_late_registrations_a_late_one_is_withheld_saying_so():
    refused = {"late_registration_refused": True}
    late = deadline(TOPIC, on=date(2025, 4, 28), ended=date(2025, 4, 20), settings=refused)
    assert not late.ok and "本区不接受逾期登记" in late.message and late.deadline == date(2025, 4, 27)
    assert late.settings == ("late_registration_refused",)
    in_time = deadline(TOPIC, on=date(2025, 4, 27), ended=date(2025, 4, 20), settings=refused)
    assert in_time.ok


@pytest.mark.parametrize("program", ["new_teacher", "backbone", "subject_leader", "head_teacher", "music_pe_art",
                                     "teaching_research"])
def test_a_yearly_class_is_registered_in_january_of_the_next_year(program):
    """2017 §附件1 第1—5、7项: 在次年1月登记学分."""
    facts = enrollment_facts(Level.COUNTY, program=program)
    ended = date(2025, 6, 30)
    finding = deadline(facts, on=date(2026, 1, 5), ended=ended)
    assert finding.ok and finding.deadline == date(2026, 1, 31)
    assert "在次年1月登记学分，截至 2026-01-31" in finding.message
    assert finding.source == f"{P.ROW_BY_CODE[program].source}（在次年1月登记学分）"
    pinned(finding.source)


def test_before_january_of_the_next_year_a_yearly_class_is_not_yet_submitted():
    """"在次年1月" names the month to register in: the year's attendance decides the credits."""
    facts = enrollment_facts(Level.COUNTY, program="backbone")
    early = deadline(facts, on=date(2025, 12, 31), ended=date(2025, 11, 30))
    assert not early.ok and early.deadline == date(2026, 1, 31)
    assert str(early.message) == "尚未到登记时间：市南区骨干教师培训在次年1月登记学分，2026-01-01 至 2026-01-31"
    assert deadline(facts, on=date(2026, 1, 1), ended=date(2025, 11, 30)).ok


def test_after_january_a_yearly_class_is_late_and_still_offered_by_default():
    facts = enrollment_facts(Level.COUNTY, program="teaching_research")
    on_the_day = deadline(facts, on=date(2026, 1, 31), ended=date(2025, 12, 31))
    assert on_the_day.ok and str(on_the_day.message).startswith("市南区教研活动")
    late = deadline(facts, on=date(2026, 2, 1), ended=date(2025, 12, 31))
    assert late.ok and late.deadline == date(2026, 1, 31) and str(late.message).startswith("逾期登记：")
    refused = deadline(facts, on=date(2026, 2, 1), ended=date(2025, 12, 31),
                       settings={"late_registration_refused": True})
    assert not refused.ok


@pytest.mark.parametrize("facts", [
    enrollment_facts(Level.COUNTY),  # no row: the table gives no time
    enrollment_facts(Level.SCHOOL, Mode.SCHOOL_BASED),  # §二2: by the school's own standard
    enrollment_facts(Level.CITY, program="city_personalized"),  # row 11: 随即, no span of days
    enrollment_facts(Level.PROVINCIAL, Mode.ONLINE, program="internet_plus_compulsory"),  # row 10: by itself
    enrollment_facts(Level.COUNTY, program="other"),  # row 9
])
def test_trainings_whose_row_gives_no_time_have_no_deadline(facts):
    findings = audit.audit_findings(step(audit.registrar_of(facts), facts, on=date(2030, 1, 1)))
    assert only(audit.DEADLINE, findings) == []


def test_the_deadline_is_held_only_on_the_submission():
    for source, target in ((W.SUBMITTED, "approved"), (W.SUBMITTED, W.REGISTERED), (W.SUBMITTED, "rejected")):
        assert audit.audit_findings(step(DISTRICT, TOPIC, on=date(2026, 1, 1), source=source, target=target)) == []


def test_the_deadline_findings_read_in_english():
    with using("en"):
        finding = deadline(TOPIC, on=date(2025, 4, 28), ended=date(2025, 4, 20))
        assert str(finding.message) == ("Late registration: Shinan topic training: credits are registered within a week "
                                        "of the training's end, by 2025-04-27; it may still be submitted for review, "
                                        "recorded as late")


def test_the_setting_and_the_times_are_parameters_citing_the_rows():
    by_name = {p.name: p for p in plugin.portal_parameters()}
    assert by_name["late_registration_refused"].is_setting and by_name["late_registration_refused"].at(ON) is False
    assert not by_name["registration_month"].is_setting and by_name["registration_month"].at(ON) == 1
    assert not by_name["registration_weeks"].is_setting and by_name["registration_weeks"].at(ON) == 1
    for name in ("late_registration_refused", "registration_month", "registration_weeks"):
        pinned(by_name[name].source_at(ON))


# Through the service, on the demo ------------------------------------------------------------


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _claim_entry(level: Level) -> tuple[LedgerEntry, Teacher, OrgUnit]:
    """A claim of the demo teacher's, entered as the ledger enters one: in the audit's first
    state, with the claim's facts and its ledger source."""
    teacher, school = db.session.execute(
        select(Teacher, OrgUnit).join(OrgUnit, Teacher.school_id == OrgUnit.id).join(User, Teacher.user_id == User.id)
        .where(User.username == "teacher")).one()
    template = db.session.scalars(select(LedgerEntry).where(LedgerEntry.teacher_id == teacher.id)).first()
    activity = claimed(level, 12, clock.today())
    result = REGION.convert(activity, on=activity.end)
    entry = LedgerEntry(**{c.key: getattr(template, c.key) for c in LedgerEntry.__table__.columns
                           if c.key not in ("id", "created_at")})
    entry.source, entry.enrollment_id, entry.title = LedgerSource.OUTSIDE, None, "全国中小学教师信息技术应用能力提升培训"
    entry.activity_date, entry.amount, entry.category = activity.end, result.amount, result.category
    entry.facts, entry.audit_state = {**activity.as_json(), "claim": "other"}, W.REGISTERED
    db.session.add(entry)
    db.session.commit()
    return entry, teacher, school


@pytest.mark.parametrize("level", [Level.NATIONAL, Level.SCHOOL])
def test_on_the_demo_the_school_is_not_offered_a_claims_submission_the_district_is(make_app, level):
    app = make_app("qingdao", demo=True)
    today = clock.today()
    with app.app_context():
        region_ = app.extensions["portal.region"]
        entry, teacher, school = _claim_entry(level)
        offered, (held,), _late = reviews.steps(region_, _user("school_admin"), entry, teacher, school, today)
        assert offered == () and held.target == W.SUBMITTED
        assert "由市南区教育研究中心（区级管理员）据实认定" in str(held.findings[0].message)
        offered, withheld, _late = reviews.steps(region_, _user("district_admin"), entry, teacher, school, today)
        assert {t.target for t in offered} == {W.SUBMITTED} and withheld == ()
        reviews.review(region_, _user("district_admin"), [entry.id], W.SUBMITTED)
        reviews.review(region_, _user("district_admin"), [entry.id], "approved")
        assert db.session.get(LedgerEntry, entry.id).audit_state == "approved"
