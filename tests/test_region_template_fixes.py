"""What an outside author of a region found in the template and the guide, fixed: the
dashboard compares like with like, the conversion keeps no rule its document does not give,
the placeholder document gives the date the template declares, and the guide names the
facts a credit audit's ``applies`` may test."""
from __future__ import annotations

import dataclasses
import importlib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.domain import Activity, Grade, Level, Mode, Period, ScopeSummary
from portal.domain import text
from portal.domain.activity import _FIELDS as ACTIVITY_FACTS
from portal.domain.enums import LedgerSource
from portal.domain.text import using
from portal.plugins import Region

NAME = "scaffold_fixes"
PACKAGE = f"portal_region_{NAME}"
GUIDE = (Path(__file__).resolve().parent.parent / "docs" / "writing-a-region.md").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(params=["credit", "hour"])
def unit(request):
    return request.param


@pytest.fixture
def region(tmp_path, monkeypatch, unit) -> Region:
    result = CliRunner().invoke(main, ["plugins", "new", NAME, "--title", "余杭区", "--unit", unit,
                                       "--into", str(tmp_path)])
    assert result.exit_code == 0, result.output
    monkeypatch.syspath_prepend(str(tmp_path / f"portal-region-{NAME}"))
    yield Region.load(NAME, {NAME: importlib.import_module(PACKAGE)})
    for name in [m for m in list(importlib.sys.modules) if m.startswith(PACKAGE)]:
        del importlib.sys.modules[name]
    text._load.cache_clear()  # the next unit's package has the same name and another catalogue


def test_the_panels_set_each_figure_beside_one_of_its_kind(region, unit):
    """The year's average per teacher is shown with the year's total it comes from, over the
    teachers counted; the cycle's requirement with the cycle's years. No panel sets a year's
    figure against the cycle's requirement (2026 年人均学时 over 每周期不少于 360 学时)."""
    measure = {"credit": "学分", "hour": "学时"}[unit]
    summary = ScopeSummary(teachers=5, projects=1, year=2026, year_total=Decimal(300), teachers_meeting_yearly=0,
                           waiting=1)
    year, cycle = region.dashboard_panels(summary)
    assert year.title == f"2026 年人均{measure}" and year.value == "75"  # 300 over the 4 counted, not 5
    assert year.note == f"4 名教师本年共计入 300 {measure}；另有 1 名教师的{measure}正在重新计算，未计入"
    assert year.restates == ("year_total",)  # the home's own card would show the total again
    assert "周期" not in year.note
    assert cycle.title == "2026—2030 年周期要求" and str(cycle.value) == f"360 {measure}"
    assert cycle.source == f"{NAME}-policy.txt §2"
    with using("en"):
        for panel in (year, cycle):
            assert not CJK.search(" ".join(str(part) for part in (panel.title, panel.value, panel.note)))
        assert "cycle" not in str(year.note)
    school_year = dataclasses.replace(summary, year_period=Period(date(2026, 9, 1), date(2027, 8, 31)))
    assert region.dashboard_panels(school_year)[0].title == f"2026—2027 年人均{measure}"  # not 2026 alone


def test_a_conversion_keeps_no_rule_its_document_does_not_give(region, unit):
    """The credits placeholder says nothing of a training not passed: it is converted as any
    other. The hours placeholder says 考核不合格的，不登记学时: its example rule cites those words."""
    failed = Activity(level=Level.COUNTY, mode=Mode.CENTRALIZED, hours=Decimal(24), grade=Grade.FAIL)
    passed = Activity(level=Level.COUNTY, mode=Mode.CENTRALIZED, hours=Decimal(24), grade=Grade.PASS)
    on = date(2021, 3, 3)
    result = region.convert(failed, on)
    if unit == "credit":
        assert result.amount == region.convert(passed, on).amount == 24
        assert len(result.steps) == 1
    else:
        assert result.amount == 0
        source = result.steps[-1].source
        assert source == f"{NAME}-policy.txt §1（考核不合格的，不登记学时）"
        assert [r.location.phrase for r in region.library.resolve(source)] == ["考核不合格的，不登记学时"]  # found there


def test_the_document_gives_the_date_the_template_declares(region):
    document = region.documents()[0]
    assert document.issued == date(2020, 1, 1)
    assert "2020年1月1日" in (line.text for line in region.library.text(document).lines)


def test_the_guide_names_the_facts_and_sources_an_audit_step_may_test():
    """``Transition(..., applies=...)`` reads an entry's facts and ledger source: the guide names
    every fact an activity gives an entry and every source, and says the values are strings."""
    paragraph = GUIDE.split("`Transition(..., applies=...)`", 1)[1].split("\n### ", 1)[0]
    assert all(f"`{name}`" in paragraph for name in ACTIVITY_FACTS), sorted(
        name for name in ACTIVITY_FACTS if f"`{name}`" not in paragraph)
    assert all(f"`{source.value}`" in paragraph for source in LedgerSource)
    assert "compares strings" in paragraph


def test_a_teacher_asked_a_share_of_the_cycle_reads_their_own_figure_on_the_duty(region, unit):
    """A teacher who entered post mid-cycle is asked a share of the 360 (partial_cycle): an
    outside author's scaffold headed the duty "每周期不少于 360 学分" above "还需 56 学分",
    where every bundled region gives the finding the duty as asked of the teacher (as_asked,
    docs/writing-a-region.md, Compliance). A teacher asked the whole figure keeps the duty's label."""
    from portal.domain import TeacherFacts
    from portal.domain.findings import CYCLE_TOTAL

    measure, english = {"credit": ("学分", "credits"), "hour": ("学时", "hours")}[unit]
    new_hire = TeacherFacts(entered_post=date(2024, 1, 1))
    finding = next(f for f in region.check(new_hire, [], date(2024, 6, 30)).findings if f.code == CYCLE_TOTAL)
    assert finding.required == Decimal(144)
    assert finding.label == f"本周期应取得不少于 144 {measure}"
    with using("en"):
        assert str(finding.label) == f"At least 144 {english} this cycle"
    whole = next(f for f in region.check(TeacherFacts(entered_post=date(2010, 9, 1)), [], date(2024, 6, 30)).findings
                 if f.code == CYCLE_TOTAL)
    assert whole.required == Decimal(360) and not whole.label


def test_a_cycle_with_a_name_of_its_own_is_named_so_not_this_cycle(region, unit, monkeypatch):
    """A cycle may carry a name (``CycleProgress.label``, e.g. a late entrant's 个人周期), which the
    compliance page heads it by: the scaffold's finding and eligibility said 本周期（至 …）已结束
    and 本周期已获 under it. They name it by its label where it has one, in either language."""
    from portal.domain import TeacherFacts
    from portal.domain.findings import CYCLE_TOTAL

    package = importlib.import_module(PACKAGE)
    plain = package.compliance.cycle_progress

    def named(teacher, records, as_of):
        return dataclasses.replace(plain(teacher, records, as_of), label=text.Text(None, "个人周期"))

    monkeypatch.setattr(package.compliance, "cycle_progress", named)
    monkeypatch.setattr(package.eligibility, "cycle_progress", named)
    teacher = TeacherFacts(entered_post=date(2024, 1, 1))
    running = next(f for f in region.check(teacher, [], date(2024, 6, 30)).findings if f.code == CYCLE_TOTAL)
    ended = next(f for f in region.check(teacher, [], date(2030, 12, 31), today=date(2031, 1, 5)).findings
                 if f.code == CYCLE_TOTAL)
    reason = region.eligibility(teacher, [], date(2024, 6, 30))[0].reason
    for said in (running.message, running.label, ended.message, reason):
        assert str(said).startswith("个人周期") and "本周期" not in str(said), said
    assert "个人周期（至 2030-12-31）已结束" in str(ended.message)
    with using("en"):
        for said in (running.message, running.label, ended.message, reason):
            assert "个人周期" in str(said) and "this cycle" not in str(said) and "The cycle" not in str(said), str(said)


def test_the_credits_step_reads_as_english_with_one_hour_a_credit(region, unit):
    """The template converts at 1 学时 per 学分, and its English step read "24 hours ÷ 1 hours a
    credit": every region written from it showed that on its calculator and in each ledger
    entry's steps until its author noticed."""
    result = region.convert(Activity(level=Level.COUNTY, mode=Mode.ONLINE, hours=Decimal(24)), date(2021, 5, 1))
    with using("en"):
        words = " ".join(str(step.text) for step in result.steps)
    assert not CJK.search(words)
    assert not re.search(r"(?<![\d.])1 hours", words) and "hours a credit" not in words, words
    if unit == "credit":
        assert "24 hours ÷ 1 (hours per credit)" in words, words


def test_the_years_average_is_the_reports_once_a_yearly_minimum_is_asked(region, unit, monkeypatch):
    """An outside author added a yearly minimum (72 学时 a school year, none in a new teacher's first)
    to the template: the home's panel still averaged the year over every teacher (3 teachers, 112:
    37.3) while the compliance report's 本年人均 averaged over those judged on the year (2, 92: 46)."""
    measure = {"credit": "学分", "hour": "学时"}[unit]
    compliance = importlib.import_module(f"{PACKAGE}.compliance")
    reporting = importlib.import_module(f"{PACKAGE}.reporting")
    asked = compliance.requirements

    def yearly(on, teacher=None):
        return dataclasses.replace(asked(on, teacher), yearly=Decimal(72))

    summary = ScopeSummary(teachers=3, projects=1, year=2026, year_total=Decimal(112), year_total_asked=Decimal(92),
                           teachers_meeting_yearly=1, year_exempt=1)
    assert summary.year_average() == Decimal(46)
    monkeypatch.setattr(reporting, "requirements", yearly)
    year = region.dashboard_panels(summary)[0]
    assert year.value == "46" and year.note == f"2 名教师本年共计入 92 {measure}"
    # a summary made without the asked total (year_total_asked None) averages every teacher counted, as
    # year_average then does: the total it names and the teachers it names multiply out
    kept = dataclasses.replace(summary, year_total_asked=None)
    assert kept.year_average() == Decimal("37.3")
    year = region.dashboard_panels(kept)[0]
    assert year.value == "37.3" and year.note == f"3 名教师本年共计入 112 {measure}"
    monkeypatch.setattr(reporting, "requirements", asked)  # no yearly minimum: every teacher counted, as before
    year = region.dashboard_panels(summary)[0]
    assert year.value == "37.3" and year.note == f"3 名教师本年共计入 112 {measure}"


def test_a_claim_of_the_cores_kinds_converts_in_a_region_written_from_the_template(region):
    """The template's conversion reads the level; its activity fields did not list it, so a claim
    of the core's kinds gave it none (``level_asked``) and a teacher's first claim was a 500
    (KeyError: None). The template lists the level its conversion reads."""
    from portal import clock
    from portal.services.claims import level_asked

    on = clock.today()
    for kind in region.claim_kinds():
        level = Level.COUNTY if level_asked(region, kind, on) else None
        result = region.convert(kind.activity(level, Decimal(8), on), on)
        assert result.amount >= 0, kind.code


def test_the_templates_demo_users_are_named_as_people_not_as_their_roles(region):
    """The demo's admins were named by their roles' words (区县管理员), so an English home read
    "区县管理员 District admin": a Chinese word on an English page that no catalogue translates,
    since a person's name is data. They carry people's names, as the teachers do."""
    from portal.domain import labels

    demo = region.demo_data(date.today())
    role_words = {str(word) for word in labels.USER_ROLE_LABELS.values()} | {"培训机构", "坊主", "校长"}
    assert not [u.display_name for u in demo.users if u.display_name in role_words]
