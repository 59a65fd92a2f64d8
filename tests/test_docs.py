"""The plugin author's guide covers the whole contract and points only at what they have."""
import inspect
import re
from pathlib import Path

from portal import hookspecs
from portal.rulebook import TEACHER_FIELDS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "writing-a-region.md").read_text(encoding="utf-8")


def test_every_hook_is_in_the_guide():
    hooks = [name for name, f in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("portal_")]
    missing = [name for name in hooks if f"`{name}(" not in GUIDE]
    assert hooks and not missing, missing


def test_the_guide_shows_every_teacher_field():
    assert all(f'"{field}"' in GUIDE for field in TEACHER_FIELDS)


def test_the_guide_links_only_to_what_an_installed_portal_has():
    links = re.findall(r"\]\(([^)]+)\)", GUIDE)
    assert all(link.startswith(("http://", "https://", "#")) for link in links), links
    assert "tests/test_conformance" not in GUIDE and "example_region" not in GUIDE and "DESIGN.md" not in GUIDE


def test_the_guides_signatures_name_every_field_a_region_may_give():
    """An outside author writes from the guide alone: a field its signature leaves out
    (``YearProgress.label``, ``Category.project``) is one they never learn of."""
    import dataclasses

    from portal.domain import Category, CycleProgress, Finding, YearProgress

    for kind in (YearProgress, CycleProgress, Finding, Category):
        written = re.search(rf"`\[?{kind.__name__}\(([^`]*)\)\]?`", GUIDE)
        assert written, kind.__name__
        named = {re.split(r"[=\s]", part.strip())[0] for part in written.group(1).split(",")}
        missing = [f.name for f in dataclasses.fields(kind) if f.name not in named]
        assert not missing, (kind.__name__, missing)


def test_the_guide_names_every_fact_of_a_project_the_rules_read():
    """``ProjectFacts`` reaches a dozen hooks (the enrollment form, the review, the selection, the
    units): the guide named it without its fields, so an outside author asking 是否需要住宿 of the
    projects offering lodging learned of ``lodging`` only from the source."""
    import dataclasses

    from portal.domain.selection import ProjectFacts

    written = re.search(r"`ProjectFacts\(([^`]*)\)`", GUIDE)
    assert written, "ProjectFacts"
    named = {re.split(r"[=\s]", part.strip())[0] for part in written.group(1).split(",")}
    missing = [f.name for f in dataclasses.fields(ProjectFacts) if f.name not in named]
    assert not missing, missing


def test_the_guide_names_every_key_of_the_check_answer():
    from portal.plugins import Region
    from portal.rulebook import check
    from tests.support import all_regions

    answer = check(Region.load("example", all_regions()), {"as_of": "2026-06-01", "teacher": {}, "records": []})
    said = re.search(r"answers\s+`\{([^`]*)\}`: the cycle's", GUIDE).group(1)
    assert set(answer) <= set(re.findall(r'"(\w+)"', said)), (sorted(answer), said)


def test_the_guide_names_every_drill_a_reports_column_may_open():
    """A region's report column opens its teachers by one of ``DRILLS``: the guide names each
    with its code, or an author never learns of one (it named neither ``duty_open`` nor those
    asked nothing: ``year_exempt``, ``cycle_exempt``, ``none_asked``)."""
    from portal.domain.reporting import DRILLS

    said = re.search(r"`drill` \((.*?)\) makes the figure open", GUIDE, re.S)
    assert said, "the guide's Column.drill"
    missing = [kind for kind in DRILLS if f"`{kind}`" not in said.group(1)]
    assert not missing, missing


def test_the_guide_names_what_an_audit_guard_reads_of_the_entrys_project_and_school():
    """``AuditStep.organiser_kind`` (added for a return to an institution that ran no training) and
    ``school_under`` are read by no name an author could guess from the entry: the audit guards'
    row names them, or an outside author never learns of them."""
    row = next(line for line in GUIDE.splitlines() if line.startswith("| `portal_audit_findings("))
    assert "`organiser_kind`" in row and "`school_under`" in row


def test_the_guide_says_the_claims_limit_of_hours_a_day_where_it_describes_claims(tmp_path):
    """A claim of a centralized training beyond PORTAL_CLAIM_HOURS_PER_DAY a day is refused
    whatever the region's kinds: the guide said so only of the demo's projects, not where an
    author reads of claims (``portal_claim_kinds``)."""
    from portal.config import from_environment

    row = next(line for line in GUIDE.splitlines() if line.startswith("| `portal_claim_kinds()`"))
    assert "`PORTAL_CLAIM_HOURS_PER_DAY`" in row
    default = from_environment(str(tmp_path), {})["PORTAL_CLAIM_HOURS_PER_DAY"]
    assert f"default {default}" in row
