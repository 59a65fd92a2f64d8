"""Shanxi's rules name a level or mode inside an English sentence as a word: every entry's first
step read "For School-based training at School level: 1 credit per 5 hours" and "For Centralized
training at City level" on the demo teacher's page at 375 px (EN), and a county's refused 市级
project "at most County: it cannot declare a City training" (``WithinSentence``, as the core's
sentences do). Chinese reads as before."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from plugins.shanxi.conversion import convert
from portal.domain import Activity, ActivityRole, Grade, Level, Mode, OrgKind
from portal.domain.activity import InvalidInput

ON = date(2026, 12, 7)


def first_step(level: Level, mode: Mode) -> tuple[str, str]:
    step = convert(Activity(level=level, mode=mode, hours=Decimal(40), grade=Grade.PASS), ON).steps[0].text
    return step.render("en"), step.render("zh_Hans_CN")


def test_the_rate_step_names_the_level_and_mode_as_words():
    english, chinese = first_step(Level.SCHOOL, Mode.SCHOOL_BASED)
    assert english.startswith("For school-based training at school level: 1 credit per 5 hours"), english
    assert chinese.startswith("校级校本研修，按网络研修和校本研修每 5 学时折算 1 学分"), chinese
    english, _ = first_step(Level.CITY, Mode.CENTRALIZED)
    assert english.startswith("For centralized training at city level: 1 credit per 4 hours"), english


def test_teaching_in_a_training_names_the_level_and_mode_as_words():
    said = convert(Activity(level=Level.COUNTY, mode=Mode.CENTRALIZED, hours=Decimal(6), role=ActivityRole.INSTRUCTOR,
                            base_credits=Decimal(2)), ON).steps[0].text.render("en")
    assert " in centralized training at county level " in said, said
    try:
        convert(Activity(level=Level.COUNTY, mode=Mode.SELF_STUDY, hours=Decimal(0), role=ActivityRole.INSTRUCTOR,
                         base_credits=Decimal(2)), ON)
    except InvalidInput as refused:
        assert "for a self-study" in str(refused.message.render("en")).lower()
        assert "a Self" not in refused.message.render("en"), refused.message.render("en")


def test_a_units_highest_level_is_named_as_a_word(make_app):
    """The core's refusal of a level above a unit's reach (shanxi's, with its clause) names shanxi's
    levels as words."""
    from portal.models import OrgUnit
    from portal.services import projects

    app = make_app("shanxi")
    with app.app_context():
        try:
            projects._within_reach(app.extensions["portal.region"], Level.CITY,
                                   OrgUnit(name="小店区教育局", kind=OrgKind.DISTRICT.value))
        except projects.ProjectRefused as refusal:
            [refused] = refusal.findings
    english = refused.message.render("en")
    assert "organises trainings of county level or below, not of city level: choose county level" in english, english
    assert "不能举办市级培训" in refused.message.render("zh_Hans_CN")
