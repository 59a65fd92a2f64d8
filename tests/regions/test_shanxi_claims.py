"""Credits a Shanxi teacher claims with evidence outside the portal's projects (晋教师〔2017〕14号):
self-study achievements (§四(四), at most 20 credits a cycle), degree courses (§四(三)), trainings
taken elsewhere and registered by the school from the organiser's proof (§五(二), hours converted
by §四(一)), the probation training in hours (§三(二)), and teaching in a training (§三(二) 酌情转换).
Each kind's activity goes through the region's own conversion; the audit has the school register
a claim once it has verified the proof and the county recognise or verify it; the school's yearly
registration has a deadline only when the bureau sets one (the document names no last day).

The activities are of 2025-04-08: school year 2024 (2024-09-01 to 2025-08-31), cycle 2022-09-01 to
2027-08-31 (the default settings).
"""
from __future__ import annotations

import io
import re
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import LedgerEntry
from tests.support import login

from plugins.shanxi import parameters as P
from plugins.shanxi.audit import (
    CLAIM_RECOGNITION, CLAIM_REGISTRATION, REGISTRATION_DEADLINE, audit_findings, registration_deadline,
)
from plugins.shanxi.claims import CLAIM_KINDS, KINDS
from plugins.shanxi.periods import cycle
from plugins.shanxi.workflow import AUDIT_WORKFLOW, CITY_APPROVED, COUNTY_VERIFIED, REGISTERED, SUBMITTED
from portal.documents import split_clause
from portal.domain import AuditStep, Grade, LedgerSource, Level, TeacherFacts, Unit, UserRole
from portal.domain.claims import CREDITS, HOURS
from portal.domain.ledger import Record
from portal.domain.parameters import applied, parse_overrides
from portal.plugins import Region

REGION = Region.load("shanxi")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOC = "shanxi-2017-credit-management.txt"
ON = date(2025, 4, 8)
ACHIEVEMENTS = ("award", "honour", "paper", "book", "other_achievement")
TRAININGS = ("outside_centralized", "outside_online", "outside_school_based")


@contextmanager
def settings(**overrides):
    """A bureau's overrides, as ``Region.load(..., settings=...)`` applies them."""
    with applied(parse_overrides(list(P.PARAMETERS), overrides)):
        yield


def english(text) -> str:
    said = text.render("en")
    assert not re.search(r"[\u4e00-\u9fff]", said), said
    return said


def chinese(text) -> str:
    return text.render("zh_Hans_CN")


def assert_cites_its_words(source: str):
    """Every clause of ``source`` resolves in the document, and the words it quotes stand in the
    section it names (not merely somewhere in the document)."""
    text = REGION.library.text(REGION.library.documents[DOC])
    resolved = REGION.library.resolve(source)
    assert resolved, source
    for r in resolved:
        assert r.document is not None and r.location.exact, r.citation.clause
        numbering, phrases = split_clause(r.citation.clause)
        section = text.locate(numbering)
        assert section.exact, numbering
        if phrases:
            assert section.first <= r.location.first <= section.last, r.citation.clause


def converted(code: str, figure, level: Level | None = None, on: date = ON, grade: Grade | None = None):
    kind = KINDS[code]
    return REGION.convert(kind.activity(level or kind.offered_levels()[0], D(str(figure)), on, grade=grade), on=on)


# The kinds, as the region lists them -------------------------------------------------------------

def test_the_region_lists_its_kinds_through_the_hook():
    assert [k.code for k in REGION.claim_kinds()] == [k.code for k in CLAIM_KINDS]
    assert REGION.claim_kind("degree_course") is KINDS["degree_course"]
    assert {*ACHIEVEMENTS, "degree_course", *TRAININGS, "probation_centralized", "probation_school_online",
            "training_service"} == set(KINDS)


@pytest.mark.parametrize("kind", CLAIM_KINDS, ids=lambda k: k.code)
def test_every_kind_cites_the_clause_that_says_it(kind):
    assert kind.source.startswith(f"{DOC} §")
    assert_cites_its_words(kind.source)


@pytest.mark.parametrize("kind", CLAIM_KINDS, ids=lambda k: k.code)
def test_every_kind_says_what_it_is_and_what_proves_it_in_both_languages(kind):
    for text in (kind.label, kind.detail, kind.evidence):
        assert chinese(text) and english(text)


@pytest.mark.parametrize("kind", CLAIM_KINDS, ids=lambda k: k.code)
def test_the_teacher_claims_and_the_school_enters_every_kind(kind):
    """§五(二): the school verifies 本人提交的培训学分证明材料 and registers it."""
    assert {UserRole.TEACHER, UserRole.SCHOOL_ADMIN} <= set(kind.who)
    assert not {UserRole.DISTRICT_ADMIN, UserRole.CITY_ADMIN} & set(kind.who)  # the county verifies, it does not claim


def test_each_kind_enters_the_ledger_under_its_source():
    sources = {k.code: k.ledger_source for k in CLAIM_KINDS}
    assert {sources[c] for c in ACHIEVEMENTS} == {LedgerSource.ACHIEVEMENT}
    assert sources["degree_course"] == LedgerSource.DEGREE_COURSE
    assert {sources[c] for c in (*TRAININGS, "probation_centralized", "probation_school_online",
                                 "training_service")} == {LedgerSource.OUTSIDE}


def test_what_the_county_credits_is_claimed_in_credits_and_trainings_in_hours():
    assert {KINDS[c].figure for c in (*ACHIEVEMENTS, "degree_course", "training_service")} == {CREDITS}
    assert {KINDS[c].figure for c in (*TRAININGS, "probation_centralized", "probation_school_online")} == {HOURS}


def test_achievements_of_every_level_and_the_levels_each_training_has():
    """§四(四) 不同层次…的研修成果: every level; a degree course is recognised by the county; a school's
    own training is school-based (§二(一))."""
    for code in ACHIEVEMENTS:
        assert KINDS[code].offered_levels() == tuple(Level)
    assert KINDS["degree_course"].offered_levels() == (Level.COUNTY,)
    assert KINDS["outside_school_based"].offered_levels() == (Level.SCHOOL,)
    assert Level.SCHOOL not in KINDS["outside_centralized"].offered_levels()
    assert KINDS["outside_online"].offered_levels() == tuple(Level)


def test_the_trainings_evidence_is_the_proof_the_document_lists():
    """§五(二) 培训通知、参训学员花名表、培训档案、结业证书等; exchange teachers add their unit's proof (§三(二))."""
    for code in (*TRAININGS, "probation_centralized", "probation_school_online"):
        said = chinese(KINDS[code].evidence)
        assert all(word in said for word in ("培训通知", "参训学员花名表", "培训档案", "结业证书", "现工作单位证明材料"))
        assert f"§{P.PROOF_LIST_CLAUSE}" in KINDS[code].source


def test_the_cap_and_the_rates_in_the_details_are_the_documents():
    assert "20 学分" in chinese(KINDS["paper"].detail) and "20 credits" in english(KINDS["paper"].detail)
    said = chinese(KINDS["outside_centralized"].detail)
    assert "每 3 学时" in said and "每 4 学时" in said
    assert "每 5 学时" in chinese(KINDS["outside_online"].detail)


# Each kind converts through the region's rules to what its clause gives ---------------------------

@pytest.mark.parametrize("code", ACHIEVEMENTS)
@pytest.mark.parametrize("level", [Level.NATIONAL, Level.COUNTY, Level.SCHOOL])
def test_an_achievement_earns_the_credits_the_county_gave_it(code, level):
    """§四(四): the county gives credits by level and type; the claimant enters them."""
    result = converted(code, 5, level)
    assert (result.amount, result.unit, result.category) == (D(5), Unit.CREDIT, "self_study")
    assert any(s.source == f"{DOC} §四(四)" and s.value is None for s in result.steps)  # the cap, said as a note


def test_a_degree_course_earns_the_credits_the_county_recognised():
    result = converted("degree_course", 4)
    assert (result.amount, result.category) == (D(4), "degree")
    assert result.steps[0].source == f"{DOC} §四(三)"


@pytest.mark.parametrize("level,hours,amount,category", [
    (Level.NATIONAL, 30, D(10), "centralized_city_up"),     # 3 hours a credit, province and up
    (Level.PROVINCIAL, 30, D(10), "centralized_city_up"),
    (Level.CITY, 24, D(6), "centralized_city_up"),          # 4 hours a credit, city and county
    (Level.COUNTY, 16, D(4), "centralized_county"),
    (Level.PROVINCIAL, 10, D("3.3"), "centralized_city_up"),  # 3.33 kept to one decimal
])
def test_a_centralized_training_taken_elsewhere_converts_its_hours_by_its_level(level, hours, amount, category):
    result = converted("outside_centralized", hours, level)
    assert (result.amount, result.unit, result.category) == (amount, Unit.CREDIT, category)
    assert result.steps[0].source == f"{DOC} §四(一)"


def test_a_claimed_training_without_a_grade_earns_the_basic_credits():
    """No grade stated: the setting missing_grade (合格) gives the basic credits, no 优/良 bonus."""
    result = converted("outside_centralized", 30, Level.PROVINCIAL)
    assert any(P.MISSING_GRADE.name in s.settings for s in result.steps) and result.amount == D(10)


@pytest.mark.parametrize("code,level,hours,grade,amount", [
    ("outside_centralized", Level.NATIONAL, 30, Grade.EXCELLENT, D(12)),  # 国培 30 学时 优: 10 + 20%
    ("outside_centralized", Level.NATIONAL, 30, Grade.GOOD, D(11)),       # 良: 10 + 10%
    ("outside_centralized", Level.NATIONAL, 30, Grade.PASS, D(10)),
    ("outside_online", Level.PROVINCIAL, 50, Grade.EXCELLENT, D(12)),     # 5 hours a credit, + 20%
    ("outside_school_based", Level.SCHOOL, 40, Grade.GOOD, D("8.8")),
])
def test_a_claimed_training_earns_the_bonus_of_the_grade_its_certificate_states(code, level, hours, grade, amount):
    """§四(二) 评定为“优”、“良”的参训教师，在其原学分基础上分别增加20%、10%学分奖励."""
    result = converted(code, hours, level, grade=grade)
    assert result.amount == amount
    assert not any(P.MISSING_GRADE.name in s.settings for s in result.steps)


def test_the_trainings_offer_the_grades_a_certificate_states_and_say_what_they_do():
    kinds = {k.code: k for k in REGION.claim_kinds()}
    for code in TRAININGS:
        assert kinds[code].grades == (Grade.EXCELLENT, Grade.GOOD, Grade.PASS)
        assert f"§{P.GRADE_RECORD_CLAUSE}" in kinds[code].source
        assert_cites_its_words(kinds[code].source)
        said = chinese(kinds[code].detail)
        assert "优在原学分上增加 20%" in said and "未写明等级的，按“合格”计" in said
        assert "counts as pass" in english(kinds[code].detail)
    assert not any(k.grades for code, k in kinds.items() if code not in TRAININGS)
    bureau = Region.load("shanxi", settings={"missing_grade": "good"})
    said = chinese(bureau.claim_kind("outside_online").detail)
    assert "未写明等级的，按“良”计" in said


def test_a_teacher_claims_a_national_training_graded_excellent_through_the_form(make_app):
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/claims/new/outside_centralized").get_data(as_text=True)
    assert 'name="grade"' in page and 'value="excellent"' in page
    assert 'name="grade"' not in client.get("/claims/new/paper").get_data(as_text=True)
    day = (clock.today() - timedelta(days=10)).isoformat()
    # 30 hours over its five days: a claim without its first day took one (12 hours at most)
    first = (clock.today() - timedelta(days=14)).isoformat()
    data = {"title": "国培计划：信息技术应用能力提升", "start": first, "activity_date": day, "level": "national",
            "figure": "30", "grade": "fail"}
    refused = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                          data={**data, "files": (io.BytesIO(PDF), "证书.pdf")})
    assert refused.status_code == 422
    sent = client.post("/claims/new/outside_centralized", content_type="multipart/form-data",
                       data={**data, "grade": "excellent", "files": (io.BytesIO(PDF), "证书.pdf")})
    assert sent.status_code == 303
    with app.app_context():
        entry = db.session.scalars(select(LedgerEntry).where(LedgerEntry.claim_id.is_not(None))
                                   .order_by(LedgerEntry.id.desc())).first()
        assert (entry.amount, entry.facts["grade"], entry.facts["claim"]) == (D(12), "excellent", "outside_centralized")
        entry_id = entry.id
    correcting = client.get(f"/claims/{entry_id}/correct").get_data(as_text=True)
    assert re.search(r'<option selected value="excellent"|<option value="excellent" selected', correcting)


@pytest.mark.parametrize("code,level,hours,amount,category", [
    ("outside_online", Level.NATIONAL, 50, D(10), "online"),           # 5 hours a credit
    ("outside_online", Level.COUNTY, 12, D("2.4"), "online"),
    ("outside_school_based", Level.SCHOOL, 40, D(8), "school_based"),
])
def test_online_and_school_based_trainings_taken_elsewhere_are_five_hours_a_credit(code, level, hours, amount,
                                                                                   category):
    result = converted(code, hours, level)
    assert (result.amount, result.category) == (amount, category)


@pytest.mark.parametrize("code,hours,category", [
    ("probation_centralized", 60, "probation_centralized"),
    ("probation_school_online", 40, "probation_school_online"),
])
def test_probation_training_taken_elsewhere_is_registered_in_hours(code, hours, category):
    """§三(二): the probation year in hours, centralized apart from school-based and online."""
    result = converted(code, hours, Level.COUNTY)
    assert (result.amount, result.unit, result.category) == (D(hours), Unit.HOUR, category)


def test_teaching_in_a_training_is_credited_at_the_authoritys_discretion():
    """§三(二) 一线教师参与培训、教研工作可酌情转换学分: the credits granted, not city-level training."""
    result = converted("training_service", 3, Level.CITY)
    assert (result.amount, result.category) == (D(3), "training_service")
    assert result.steps[0].source == f"{DOC} §{P.TRAINING_SERVICE_CLAUSE}"
    said = chinese(result.steps[0].text)
    assert "参与市级培训、教研工作" in said and english(result.steps[0].text)


# Caps apply to claims as to any entry ----------------------------------------------------------------

def record(code: str, figure, day: date) -> Record:
    kind = KINDS[code]
    activity = kind.activity(kind.offered_levels()[0], D(str(figure)), day)
    result = REGION.convert(activity, on=day)
    return Record(day, result.amount, result.unit, result.category, source=kind.ledger_source)


def test_achievements_count_at_most_20_credits_a_cycle():
    """§四(四) 五年周期内自主研修成果认定的学分总数不得超过20学分."""
    teacher = TeacherFacts(entered_post=date(2005, 9, 1))
    records = [record("paper", 8, date(2023, 3, 1)), record("award", 10, date(2024, 5, 1)),
               record("book", 8, ON), record("outside_centralized", 30, ON)]
    c = REGION.check(teacher, records, date(2025, 6, 1))
    assert c.cycle.earned == D(36) and c.cycle.counted == D(30)  # 26 of achievements count as 20, with 10 of training
    [cap] = [f for f in c.findings if f.code == "self_study_cap"]
    assert cap.ok and cap.actual == D(26) and cap.required == D(20)


def test_a_degree_course_is_not_capped_as_an_achievement():
    teacher = TeacherFacts(entered_post=date(2005, 9, 1))
    c = REGION.check(teacher, [record("degree_course", 30, ON)], date(2025, 6, 1))
    assert c.cycle.counted == D(30)


# The audit: the school registers a claim, the county recognises it ----------------------------------

def step(source=SUBMITTED, target=REGISTERED, by=UserRole.SCHOOL_ADMIN, on=date(2025, 6, 1), claim="paper",
         entry_source=None, activity=ON) -> AuditStep:
    facts = {"level": "county", "mode": "self_study"}
    if claim:
        facts["claim"] = claim
        entry_source = entry_source or KINDS[claim].ledger_source.value
    return AuditStep(source, target, by, on, activity, "self_study", D(5), facts, cycle(activity),
                     entry_source=entry_source or "enrollment")


def found(s: AuditStep, region: Region = REGION) -> dict:
    return {f.code: f for f in region.audit_findings(s)}


def bureau(**overrides) -> Region:
    """The region with a bureau's settings, as the app loads it."""
    return Region.load("shanxi", settings=overrides)


@pytest.mark.parametrize("claim", sorted(KINDS))
def test_the_school_registers_a_claim_once_it_has_verified_the_proof(claim):
    f = found(step(claim=claim))[CLAIM_REGISTRATION]
    assert f.ok and f.source == f"{DOC} §{P.OWN_PROOF_CLAUSE}"
    assert "学校核实本人提交的证明材料后登记" in chinese(f.message) and english(f.message)


def test_a_claims_registration_by_anyone_but_the_school_is_refused():
    f = found(step(by=UserRole.DISTRICT_ADMIN))[CLAIM_REGISTRATION]
    assert not f.ok and "由学校核实" in chinese(f.message)


@pytest.mark.parametrize("claim,clause", [
    ("degree_course", P.DEGREE_RECOGNITION_CLAUSE),
    ("paper", P.SELF_STUDY_RECOGNITION_CLAUSE),
    ("award", P.SELF_STUDY_RECOGNITION_CLAUSE),
    ("other_achievement", P.SELF_STUDY_RECOGNITION_CLAUSE),
    ("outside_centralized", P.COUNTY_VERIFICATION_CLAUSE),
    ("probation_centralized", P.COUNTY_VERIFICATION_CLAUSE),
    ("training_service", P.COUNTY_VERIFICATION_CLAUSE),
])
def test_the_county_recognises_degree_courses_and_achievements_and_verifies_the_rest(claim, clause):
    county = step(REGISTERED, COUNTY_VERIFIED, UserRole.DISTRICT_ADMIN, claim=claim)
    f = found(county)[CLAIM_RECOGNITION]
    assert f.ok and f.source == f"{DOC} §{clause}"
    assert chinese(KINDS[claim].label) in chinese(f.message) and english(f.message)
    other = found(step(REGISTERED, COUNTY_VERIFIED, UserRole.CITY_ADMIN, claim=claim))[CLAIM_RECOGNITION]
    assert not other.ok and other.source == f.source and english(other.message)


def test_the_county_step_is_the_countys_in_the_workflow():
    [t] = [t for t in AUDIT_WORKFLOW.transitions if (t.source, t.target) == (REGISTERED, COUNTY_VERIFIED)]
    assert t.actor == UserRole.DISTRICT_ADMIN


def test_a_claim_of_a_kind_no_longer_listed_is_still_verified_by_the_county():
    s = step(REGISTERED, COUNTY_VERIFIED, UserRole.DISTRICT_ADMIN, claim=None, entry_source="outside")
    s = AuditStep(**{**s.__dict__, "facts": {"claim": "retired_kind"}})
    f = found(s)[CLAIM_RECOGNITION]
    assert f.ok and f.source == f"{DOC} §{P.COUNTY_VERIFICATION_CLAUSE}" and english(f.message)


@pytest.mark.parametrize("source,target,by", [
    (SUBMITTED, "rejected", UserRole.SCHOOL_ADMIN),
    (REGISTERED, SUBMITTED, UserRole.DISTRICT_ADMIN),
    (REGISTERED, "rejected", UserRole.DISTRICT_ADMIN),
    (CITY_APPROVED, "province_verified", UserRole.PROVINCE_ADMIN),
])
def test_returns_refusals_and_the_provinces_step_are_as_for_any_entry(source, target, by):
    assert found(step(source, target, by)) == {}


def test_the_city_waits_for_the_cycle_for_a_claim_too():
    assert set(found(step(COUNTY_VERIFIED, CITY_APPROVED, UserRole.CITY_ADMIN))) == {"audit_cycle_end"}


@pytest.mark.parametrize("source,target,by", [
    (SUBMITTED, REGISTERED, UserRole.SCHOOL_ADMIN),
    (REGISTERED, COUNTY_VERIFIED, UserRole.DISTRICT_ADMIN),
])
def test_enrollment_entries_are_judged_as_before(source, target, by):
    assert audit_findings(step(source, target, by, claim=None)) == []
    # a claim's name in an enrollment's facts does not make it a claim
    s = step(source, target, by)
    assert audit_findings(AuditStep(**{**s.__dict__, "entry_source": "enrollment"})) == []


def test_every_audit_citation_resolves_to_its_words():
    sources = {f.source for claim in KINDS for s in (step(claim=claim), step(REGISTERED, COUNTY_VERIFIED,
                                                                               UserRole.DISTRICT_ADMIN, claim=claim))
               for f in audit_findings(s)}
    with settings(registration_deadline_months=2):
        sources |= {f.source for f in audit_findings(step(claim=None))}
    assert len(sources) == 5
    for source in sources:
        assert_cites_its_words(source)


# The school's yearly registration (§五(二) 每学年结束时): a deadline only if the bureau sets one ------------

def test_the_document_names_no_last_day_so_there_is_no_deadline():
    assert P.REGISTRATION_DEADLINE_MONTHS.default == 0 and P.REGISTRATION_DEADLINE_MONTHS.is_setting
    assert registration_deadline(ON, date(2030, 1, 1)) is None
    assert REGISTRATION_DEADLINE not in found(step(on=date(2030, 1, 1), claim=None))


def test_registering_during_the_school_year_is_no_earlier_than_allowed():
    """§二(三) 学分适时登记审核: 每学年结束时 is when the year is summed up, not a window that opens then."""
    f = found(step(on=ON + timedelta(days=1), claim=None), bureau(registration_deadline_months=2))[REGISTRATION_DEADLINE]
    assert f.ok and f.deadline == date(2025, 10, 31)


@pytest.mark.parametrize("months,start_month,deadline", [
    (2, 9, date(2025, 10, 31)),    # school year 2024 ends 2025-08-31
    (1, 9, date(2025, 9, 30)),
    (12, 9, date(2026, 8, 31)),
    (2, 1, date(2026, 2, 28)),     # calendar years: 2025 ends 2025-12-31
])
def test_the_deadline_is_the_last_day_of_the_months_after_the_school_year(months, start_month, deadline):
    with settings(registration_deadline_months=months, school_year_start_month=start_month):
        assert registration_deadline(ON, ON) == deadline


@pytest.mark.parametrize("on,late", [
    (date(2025, 8, 31), False),
    (date(2025, 10, 31), False),   # the last day
    (date(2025, 11, 1), True),
    (date(2026, 3, 1), True),
])
def test_a_late_registration_is_offered_and_marked_late_by_default(on, late):
    f = found(step(on=on, claim=None), bureau(registration_deadline_months=2))[REGISTRATION_DEADLINE]
    assert f.ok and f.deadline == date(2025, 10, 31) and (on > f.deadline) is late
    assert f.source == f"{DOC} §{P.YEAR_END_REGISTRATION_CLAUSE}"
    assert f.settings == ("registration_deadline_months", "late_registration_refused", "school_year_start_month")
    said = chinese(f.message)
    assert "2025-10-31" in said and "2024—2025 学年" in said and ("逾期" in said) is late
    assert "2025-10-31" in english(f.message)


@pytest.mark.parametrize("on,ok", [(date(2025, 10, 31), True), (date(2025, 11, 1), False)])
def test_a_bureau_may_refuse_late_registrations(on, ok):
    region = bureau(registration_deadline_months=2, late_registration_refused=True)
    f = found(step(on=on, claim=None), region)[REGISTRATION_DEADLINE]
    assert f.ok is ok and f.deadline == date(2025, 10, 31)
    if not ok:
        assert "逾期不予登记" in chinese(f.message) and english(f.message)


def test_the_deadline_is_on_the_schools_registration_of_claims_too_and_on_no_other_step():
    region = bureau(registration_deadline_months=2)
    assert REGISTRATION_DEADLINE in found(step(on=date(2025, 11, 1)), region)
    for source, target, by in ((REGISTERED, COUNTY_VERIFIED, UserRole.DISTRICT_ADMIN),
                               (SUBMITTED, "rejected", UserRole.SCHOOL_ADMIN)):
        assert REGISTRATION_DEADLINE not in found(step(source, target, by, on=date(2025, 11, 1), claim=None), region)


def test_the_settings_say_why_and_read_in_both_languages():
    for p in (P.REGISTRATION_DEADLINE_MONTHS, P.LATE_REGISTRATION_REFUSED):
        assert "须由本区教育行政部门确认" in chinese(p.assumption) and english(p.assumption)
        assert english(p.display(p.default)) and english(p.label)
    assert english(P.REGISTRATION_DEADLINE_MONTHS.display(2)) == "within 2 months after the school year ends"


def test_the_claims_pages_say_this_platform_and_an_achievement_asks_the_credits_the_countys_rules_give(make_app):
    """The phone trial: /claims/new said 门户外 where every other page says 本平台; the paper
    form asked the teacher for 认定或标明的学分, a figure the county's own rules set (§四(四)
    各区县…对不同层次、不同类型的研修成果赋予相应的学分), not one a teacher is told or reads on
    a certificate: it asks for what those rules give."""
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "teacher")
    page = client.get("/claims/new").get_data(as_text=True)
    assert "门户" not in page and "本平台外参加的集中培训" in page
    assert "门户" not in client.get("/claims/new/outside_centralized").get_data(as_text=True)
    paper = client.get("/claims/new/paper").get_data(as_text=True)
    assert "按区县制度规定赋予的学分" in paper and "认定或标明的学分" not in paper
    client.post("/locale/en", data={"next": "/"})
    assert "Credits the county" in client.get("/claims/new/paper").get_data(as_text=True)


def test_the_degree_course_form_asks_the_credits_as_the_document_words_them(make_app):
    """The phone trial: the degree-course form asked 认定或标明的学分, words of no document. §四(三)
    教师参加高等学校学历教育课程学习，经区县教师继续教育管理部门认定后，可以按照其学习结果认定其培训学分:
    the form asks for those credits in those words."""
    [degree] = [k for k in CLAIM_KINDS if k.code == "degree_course"]
    assert str(degree.figure_label) == "区县教师继续教育管理部门按学习结果认定的培训学分"
    app = make_app("shanxi", demo=True)
    client = app.test_client()
    login(client, "teacher")
    form = client.get("/claims/new/degree_course").get_data(as_text=True)
    assert "区县教师继续教育管理部门按学习结果认定的培训学分" in form and "认定或标明的学分" not in form
    client.post("/locale/en", data={"next": "/"})
    assert "from the course results" in client.get("/claims/new/degree_course").get_data(as_text=True)
