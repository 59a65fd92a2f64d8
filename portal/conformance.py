"""The conformance kit: a region's worked scenarios and the contract checks every region passes.

A region package ships ``scenarios/*.yaml``; each file is a list of cases in the rules
command's own JSON (so a case can be pasted into ``portal rules``)::

    - name: 一天 10 学时的集中培训，按每日上限计 8 学分
      source: notice-2018.txt §附件1
      convert: {level: city, mode: centralized, hours: 10, days: 1, end: 2018-05-04}
      expect: {amount: 8, unit: credit, category: general}

A case has ``convert`` (one activity) or ``check`` (``as_of``, ``teacher``, ``records``, and
optionally ``today``: the day it is read on, after ``as_of`` as the previous cycle's page reads it),
optionally ``on`` (the date whose rules apply) and ``settings`` (a bureau's overrides),
and ``expect``: a part of the answer that must match. Objects match key by key, lists
item by item in any order, numbers by value; ``findings`` may be given as an object by
code (where a code repeats, once a year, an object matches any of them). ``expect:
{error: {field: hours}}`` expects the input to be refused.

``portal rules test [--region R]`` runs a region's cases and the contract every region
keeps (``contract_problems``): every code it returns is declared, every amount a
``Decimal``, every step, finding and eligibility cites a clause of a document the region
ships, every figure of a parameter is found in the clause it cites, an unmet purpose says
what is missing, what people read holds no setting name or internal code and reads in
English in English, the shared duties keep their meaning (one cycle total, whose ``ok`` is
the cycle's; yearly minimums with their deadline), each setting of ``portal_requirements``
stands against the figure its findings bear it on (the cycle's or the year's), and the demo
has a user for every role.
The core's tests call the same functions; a region from another package can run them in
its own tests with ``scenario_params`` and ``contract_problems``. ``portal rules test
--cases FILE`` runs cases written elsewhere (an examiner's, from the documents alone)
against the installed region, in the same format, without the contract checks.
"""
from __future__ import annotations

import re
import tempfile
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from . import clock
from . import rulebook
from .documents import number_forms
from .domain import (
    Activity, ActivityRole, Compliance, Grade, InvalidInput, Level, Mode, UserRole,
)
from .domain.findings import CYCLE_TOTAL, is_yearly_minimum
from .domain.tenure import in_post_from
from .domain.selection import REQUIRABLE_PROJECT_FIELDS
from .domain.text import Said
from .domain.versions import rules_day
from .domain.workflow import REASON
from .plugins import InvalidRegion, Region
from .calculator import asked, unknown_fields
from .domain.region import ACTIVITY_FIELDS

SOURCE_PATTERN = re.compile(r"^\S+\.\w+ §\S")
KINDS = ("convert", "check")


@dataclass(frozen=True)
class Scenario:
    file: str
    name: str
    source: str
    kind: str
    input: Any
    expect: Mapping[str, Any]
    on: date | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file}: {self.name}"


class ScenarioError(ValueError):
    """A scenario file that does not follow the format."""


def load_scenarios(module: ModuleType) -> list[Scenario]:
    """Every case in the region package's ``scenarios/*.yaml``, in file order."""
    folder = resources.files(module).joinpath("scenarios")
    if not folder.is_dir():
        return []
    return read_scenarios(sorted((p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))),
                                 key=lambda p: p.name))


def read_scenarios(paths) -> list[Scenario]:
    """The cases of scenario files given by path (a package's resources or files anywhere),
    in the order given."""
    found = []
    for path in paths:
        try:
            cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as error:
            raise ScenarioError(f"{path.name}: not YAML ({error})") from None
        if not isinstance(cases, list):
            raise ScenarioError(f"{path.name}: a scenario file is a list of cases")
        found.extend(_scenario(path.name, i, case) for i, case in enumerate(cases))
    return found


def _scenario(file: str, index: int, case: Any) -> Scenario:
    where = f"{file} case {index + 1}"
    if not isinstance(case, Mapping):
        raise ScenarioError(f"{where}: a case is an object")
    if True in case:  # YAML 1.1 reads an unquoted key `on` as the boolean true
        case = {("on" if key is True else key): value for key, value in case.items()}
    kinds = [k for k in KINDS if k in case]
    if len(kinds) != 1:
        raise ScenarioError(f"{where}: a case has exactly one of convert, check")
    for key in ("name", "source", "expect"):
        if not case.get(key):
            raise ScenarioError(f"{where}: {key} is required")
    unknown = set(case) - {"name", "source", "expect", "on", "settings", *KINDS}
    if unknown:
        raise ScenarioError(f"{where}: unknown key {sorted(unknown)[0]}")
    if case.get("settings") is not None and not isinstance(case["settings"], Mapping):
        raise ScenarioError(f"{where}: settings is an object of setting names and values "
                            f"(settings: {{name: value}}), not {case['settings']!r}")
    return Scenario(file, str(case["name"]), str(case["source"]), kinds[0], case[kinds[0]],
                    case["expect"], case.get("on"), case.get("settings") or {})


def run(region: Region, scenario: Scenario) -> list[str]:
    """Run one case; return the differences from what it expects (empty when it passes)."""
    if scenario.settings:
        region = Region.load(region.info.code, {region.info.code: region.module}, scenario.settings)
    try:
        if scenario.kind == "convert":
            answer = rulebook.convert(region, scenario.input, scenario.on)
        else:
            answer = rulebook.check(region, scenario.input)
    except InvalidInput as error:
        answer = {"error": {"field": error.field, "message": error.message}}
    except Exception as error:  # noqa: BLE001 - a rule failing on one case is that case's problem, not the run's end
        # an examiner's case the region's rules crashed on ended `portal rules test` in a traceback,
        # with neither the other cases' lines nor the summary the guide promises
        return [f"the rules failed on it: {_raised(error)}"]
    if scenario.kind == "check" and isinstance(answer.get("findings"), list):
        answer = {**answer, "findings": _by_code(answer["findings"])}
    return differences(scenario.expect, answer)


def _raised(error: Exception) -> str:
    """An error and where it was raised (the innermost frame: the region's own line, as a rule
    that fails fails there), for a problem line."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return repr(error)
    last = frames[-1]
    return f"{error!r} in {last.name} ({Path(last.filename).name}, line {last.lineno})"


def _by_code(findings: list[dict]) -> dict:
    """Findings keyed by code; a code found more than once (one per year) keys a list."""
    grouped: dict[str, list[dict]] = {}
    for finding in findings:
        grouped.setdefault(finding["code"], []).append(finding)
    return {code: items[0] if len(items) == 1 else items for code, items in grouped.items()}


WRITTEN_WHEN_TRUE = frozenset({"cap", "exempt", "caution"})
"""A finding's flags its JSON writes only when true (``Finding.as_json``): ``false`` expected of
one left out matches; any other key expected and missing is reported, ``false`` or not."""


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` fails to contain ``expected``. An object expected where the
    answer has a list matches if any item of the list matches. ``false`` expected of a key the
    answer leaves out matches: the JSON writes a finding's flags (``cap``, ``exempt``,
    ``caution``) only when true."""
    if isinstance(expected, Mapping) and isinstance(actual, list):
        if any(not differences(expected, item) for item in actual):
            return []
        return [f"{path}: no item matches {dict(expected)!r}"]
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path or '.'}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                if value is False and key in WRITTEN_WHEN_TRUE:  # a flag the answer leaves out when false
                    continue
                found.append(f"{path}.{key}: missing (have {', '.join(map(str, actual))})")
            else:
                found.extend(differences(value, actual[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {actual!r}"]
        return [f"{path}: no item matches {item!r}" for item in expected
                if not any(not differences(item, candidate) for candidate in actual)]
    if _same(expected, actual):
        return []
    return [f"{path or '.'}: expected {expected!r}, got {actual!r}"]


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or actual is None:
        return expected is actual or expected == actual
    if isinstance(expected, (int, float, Decimal)):
        try:
            return Decimal(str(expected)) == Decimal(str(actual))
        except InvalidOperation:
            return False
    if isinstance(expected, date):
        return expected.isoformat() == actual
    return expected == actual


def scenario_params(module: ModuleType):
    """``pytest.param``s of a region's cases, for a plugin's own test module::

        @pytest.mark.parametrize("scenario", scenario_params(my_region))
        def test_scenario(scenario):
            assert run(Region.load("mine", {"mine": my_region}), scenario) == []
    """
    import pytest

    return [pytest.param(s, id=s.id) for s in load_scenarios(module)]


# The contract -------------------------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ENGLISH = "en"


@dataclass
class Report:
    """What ``portal rules test`` found for a region: cases run, and one line per problem."""

    region: str
    cases: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (f"{self.region}: {self.cases} worked cases, {self.failed} failed; "
                f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}")


def examine(region: Region, cases: list[Scenario] | None = None) -> Report:
    """Every worked case of the region and every contract check, as problem lines; given
    ``cases`` (an examiner's own files), those cases alone, without the contract checks."""
    report = Report(region.info.code)
    for scenario in load_scenarios(region.module) if cases is None else cases:
        report.cases += 1
        found = [f"{scenario.id}: {d}" for d in run(region, scenario)]
        found.extend(f"{scenario.id} (its source): {p}" for p in citation_problems(region, scenario.source))
        if found:
            report.failed += 1
            report.problems.extend(found)
    if cases is None:
        report.problems.extend(contract_problems(region))
        report.problems.extend(demo_problems(region))
    return report


def citation_problems(region: Region, source: str) -> Iterator[str]:
    """What is wrong with citing ``source``: not written 'file §clause', a document the region
    does not declare, a clause the document does not have, or quoted words it does not hold."""
    if not SOURCE_PATTERN.match(source):
        yield f"cite as 'file §clause', not {source!r}"
        return
    for resolved in region.library.resolve(source):
        if resolved.document is None:
            yield f"cites {resolved.citation.file}, which is not a declared document"
        elif not resolved.location.exact:
            yield f"§{resolved.citation.clause} is not a clause of {resolved.citation.file}"
        elif resolved.citation.parts[1] and not resolved.location.phrase:
            yield (f"§{resolved.citation.clause} quotes words {resolved.citation.file} does not hold: "
                   + "、".join(f"“{p}”" for p in resolved.citation.parts[1]))


def contract_problems(region: Region) -> list[str]:
    """What the region does that the documented contract does not allow, one line each."""
    return list(_contract(region))


def _contract(region: Region) -> Iterator[str]:
    try:  # built for the day, so asked here rather than on load: a workflow the portal cannot run is the one problem
        region.enrollment_workflow()
    except InvalidRegion as refused:
        yield str(refused)
        return
    texts = _Texts(region)
    yield from _described(region, texts)
    yield from _labels_capitalised(region)
    yield from _parameters(region)
    yield from _project_required(region)
    yield from _rejections(region)
    yield from _calculator(region, texts)
    yield from _claim_activities(region)
    judged = set()
    for scenario in load_scenarios(region.module):
        if "error" in scenario.expect:
            continue
        if scenario.settings:
            continue
        judged.add(scenario.kind)
        if scenario.kind == "convert":
            yield from _conversions(region, scenario, texts)
        else:
            yield from _checks(region, scenario, texts)
    # A region with no worked case of a kind is still held to the contract: one activity the
    # calculator offers converted, one teacher with no records judged today (else "0 problems"
    # would say nothing of its categories, duties and words).
    if "convert" not in judged:
        yield from _baseline_conversion(region, texts)
    if "check" not in judged:
        yield from _checks(region, Scenario("(no worked case)", "a teacher with no records, today", "", "check",
                                            {"as_of": clock.today().isoformat(), "teacher": {}, "records": []},
                                            {}), texts)
    yield from _panels(region)
    yield from texts.problems()
    yield from _demo(region)


class _Texts:
    """Everything the region says that people read, gathered to be checked at the end:
    cited clauses resolve, no code or setting name shows, English reads in English."""

    def __init__(self, region: Region):
        self.region = region
        self.sources: dict[str, str] = {}
        self.words: dict[str, Any] = {}
        self.settings = set(region.settings_by_name())
        self.codes = self.settings | {m.value for e in (Level, Mode, Grade, ActivityRole) for m in e} | {
            c.code for c in region.categories()} | {p.code for p in region.programs()} | {
            d.code for d in region.duties()} | {p.code for p in region.purposes()} | {"true", "false", "None"}

    def source(self, where: str, source: str) -> None:
        if source:
            self.sources.setdefault(source, where)

    def said(self, where: str, value: Any) -> None:
        if isinstance(value, (Said, str)) and str(value):
            self.words.setdefault(where, value)

    def settings_named(self, where: str, names) -> Iterator[str]:
        for name in names:
            if name not in self.settings:
                yield f"{where}: relies on {name!r}, which is not a setting of the region"

    def problems(self) -> Iterator[str]:
        documents = {d.file for d in self.region.documents()}
        if not documents:
            yield "portal_documents: the region declares no document; rules must cite the documents it ships"
        for document in self.region.documents():
            try:
                self.region.library.text(document)
            except (FileNotFoundError, ModuleNotFoundError):
                yield f"document {document.file}: not found in {document.package}/documents/"
        for source, where in sorted(self.sources.items(), key=lambda item: item[1]):
            yield from (f"{where}: {problem}" for problem in citation_problems(self.region, source))
        code_words = re.compile(r"(?<![A-Za-z_])(" + "|".join(map(re.escape, sorted(self.codes, key=len, reverse=True)))
                                + r")(?![A-Za-z_])")
        for where, value in sorted(self.words.items()):
            chinese = value.render("zh_Hans_CN") if hasattr(value, "render") else str(value)
            found = code_words.search(chinese)
            if found or "本地设置" in chinese:
                yield f"{where}: people would read {found.group(0) if found else '本地设置'!r} in {chinese!r}"
            if not isinstance(value, str):
                english = value.render(ENGLISH)
                if CJK.search(english):
                    yield f"{where}: not translated into English: {english!r}"
            elif CJK.search(value):
                yield f"{where}: a plain string, so it cannot be translated: {value!r} (use the region's Messages)"


# A scope where every base differs: 50 teachers, 3 asked nothing of the year and 2 no cycle total,
# 7 being computed again, 17 meeting the year and 9 the cycle's total. A count of the year's duty
# is out of the 40 judged (``year_judged``), the cycle's out of the 41 (``cycle_judged``).
_PANEL_SCOPE = dict(teachers=50, projects=3, year_total=Decimal(600), teachers_meeting_yearly=17,
                    teachers_meeting_cycle=9, waiting=7, year_exempt=3, cycle_exempt=2, teachers_done=4,
                    teachers_signed_in=31, teachers_surveyed=28)
_OUT_OF = re.compile(r"\d\s*/\s*\d")


def _panels(region: Region) -> Iterator[str]:
    """The home's panels agree with its cards and the compliance report: a count of teachers about
    the year's duty (met it, or short of it) is out of the teachers judged, the cycle's out of those
    judged of it (``Panel.judged``), never out of a base holding the teachers being computed again
    or those asked nothing; and a count out of a total is given as ``Panel.of``, not written
    "12/42" into the value (the home shows it as its own cards show theirs)."""
    from .domain import ScopeSummary

    today = clock.today()
    period = region.year(today)
    summary = ScopeSummary(year=period.start.year, year_period=period, **_PANEL_SCOPE)
    # an ordinary scope first, nobody waiting: a panel failing on every scope (a helper called with
    # another signature) was reported as failing "where some standings are being computed again"
    # and sent its author looking at ``summary.waiting``
    ordinary = ScopeSummary(year=period.start.year, year_period=period, **{**_PANEL_SCOPE, "waiting": 0})
    for scope, said in ((ordinary, ""), (summary, " on a scope where some standings are being computed again")):
        try:
            panels = region.dashboard_panels(scope)
        except Exception as error:  # noqa: BLE001 - a region's panel failing on a scope is the problem reported
            yield f"portal_dashboard_panels: fails{said}: {error!r}"
            return
    bases = {"year": (summary.year_judged, summary.teachers_meeting_yearly), "cycle": (
        summary.cycle_judged, summary.teachers_meeting_cycle)}
    for panel in panels:
        where = f"portal_dashboard_panels: the panel {str(panel.title)!r}"
        if _OUT_OF.search(str(panel.value)):
            yield (f"{where} writes a count out of a total into its value ({str(panel.value)!r}): give the count "
                   "as value and the total as Panel.of, which the home shows as its own cards show theirs")
        if panel.of is None or isinstance(panel.value, bool) or not isinstance(panel.value, int):
            continue
        for name, (judged, met) in bases.items():
            asked = judged + summary.waiting
            wrong = {asked, summary.teachers, summary.counted} - {judged}
            counts = {met, *(base - met for base in (judged, *wrong))}
            if panel.value in counts and panel.of in wrong:
                yield (f"{where} counts {panel.value} of the {name}'s duty out of {panel.of}, a base holding the "
                       f"teachers whose standing is being computed again or those asked nothing: count it out of "
                       f"the {judged} judged ({name}_judged; Panel.judged), as the home's cards and the "
                       "compliance report do")


def _described(region: Region, texts: _Texts) -> Iterator[str]:
    for kind, items in (("program", region.programs()), ("category", region.categories()),
                        ("duty", region.duties()), ("purpose", region.purposes())):
        for item in items:
            texts.source(f"{kind} {item.code}", item.source)
            texts.said(f"{kind} {item.code} label", item.label)
            texts.said(f"{kind} {item.code} detail", item.detail)
    for claim in region.claim_kinds():
        if claim.applies is not None:  # whom the kind is for: said in the refusal, with its clause
            texts.source(f"claim kind {claim.code} applies", claim.applies.source)
            texts.said(f"claim kind {claim.code} applies who", claim.applies.who)
    for version in region.rule_versions():
        texts.source(f"rule version {version.code}", version.source)
    texts.said("region name (RegionInfo.name)", region.info.name)
    for name, label in region.project_labels().items():
        texts.said(f"project field {name} label", label)
    for document in region.documents():
        texts.said(f"document {document.file} title", document.title)
    for name, workflow in (("enrollment", region.enrollment_workflow()), ("audit", region.audit_workflow())):
        for state in workflow.states:
            texts.said(f"{name} workflow state {state.code}", state.label)
        for t in workflow.transitions:
            texts.said(f"{name} workflow {t.source}→{t.target}", t.label)
            # shown under the step's button, and the notice a step asks to agree to: read as the label is
            texts.said(f"{name} workflow {t.source}→{t.target} note", t.note)
            if t.notice is not None:
                texts.said(f"{name} workflow {t.source}→{t.target} notice title", t.notice.title)
                for n, paragraph in enumerate(t.notice.paragraphs, 1):
                    texts.said(f"{name} workflow {t.source}→{t.target} notice paragraph {n}", paragraph)
                if t.notice.source:
                    texts.source(f"{name} workflow {t.source}→{t.target} notice", t.notice.source)
        if workflow.source:
            texts.source(f"{name} workflow", workflow.source)
    for method in region.payment_methods():  # the teacher picks one by its label and reads its instructions
        texts.said(f"payment method {method.code} label", method.label)
        texts.said(f"payment method {method.code} instructions", method.instructions)
    for parameter in region.parameters():
        texts.said(f"parameter {parameter.name} label", parameter.label)
        if parameter.is_setting:
            texts.said(f"setting {parameter.name} reason", parameter.assumption)
            texts.said(f"setting {parameter.name} value", parameter.display(parameter.default))
        for value in parameter.values:
            texts.source(f"parameter {parameter.name}", value.source)
    yield from _shown(region, texts)
    listing = region.catalog_listing
    if listing is not None:
        texts.source("portal_catalog_listing", listing.source)
    conclusion = region.cycle_conclusion
    if conclusion is not None:
        texts.source("portal_cycle_conclusion", conclusion.source)
    for kind, reach in region.highest_levels().items():  # cited by the refusal of a level above it
        texts.source(f"portal_highest_levels {kind.value}", reach.source)
        yield from texts.settings_named(f"portal_highest_levels {kind.value}", reach.settings)
    requirements = region.requirements(clock.today())
    texts.source("requirements (cycle)", requirements.cycle_source)
    texts.source("requirements (year)", requirements.yearly_source or "")
    yield from texts.settings_named("requirements", requirements.settings)
    yield from texts.settings_named("requirements (year)", requirements.yearly_settings)


def _shown(region: Region, texts: _Texts) -> Iterator[str]:
    """What the region's other hooks put on pages, held to the same words and clauses: its
    reports (title, line, sheet, columns), its selection calendar's phases, its own claim kinds and
    certificates, and its project and enrollment forms (labels, choices, validators' messages). A
    region written elsewhere shipped its report, calendar and form labels in Chinese alone, and
    ``portal rules test`` said 0 problems."""
    for report in region.reports():
        where = f"portal_reports {report.code}"
        texts.source(where, report.source)
        for part in ("title", "description", "sheet"):
            texts.said(f"{where} {part}", getattr(report, part))
        for column in report.columns:
            texts.said(f"{where} column {column.code}", column.label)
    for phase in region.selection_calendar(clock.today()):
        texts.source(f"portal_selection_calendar {phase.kind}", phase.source)
        texts.said(f"portal_selection_calendar {phase.kind} label", phase.label)
    for kind in region.claim_kinds():
        texts.source(f"claim kind {kind.code}", kind.source)
        texts.said(f"claim kind {kind.code} label", kind.label)
        texts.said(f"claim kind {kind.code} detail", kind.detail)
    for certificate in region.certificates():
        texts.source(f"certificate {certificate.code}", certificate.source)
        texts.said(f"certificate {certificate.code} title", certificate.title)
    forms = [("portal_project_form", region.project_form)]
    forms.append(("portal_enrollment_form", region.enrollment_form))
    for hook, form_of in forms:
        try:
            form = form_of()
        except Exception:  # noqa: BLE001 - a form built from the project it is asked for: judged where it is used
            continue
        if form is None:
            continue
        for name, unbound in vars(form).items():
            arguments = getattr(unbound, "kwargs", None)
            if not hasattr(unbound, "field_class") or arguments is None:
                continue
            where = f"{hook} field {name}"
            texts.said(f"{where} label", arguments.get("label") or (unbound.args[0] if unbound.args else ""))
            texts.said(f"{where} description", arguments.get("description", ""))
            for choice in arguments.get("choices") or ():
                if isinstance(choice, (tuple, list)) and len(choice) >= 2:
                    texts.said(f"{where} choice {choice[0]}", choice[1])
            for validator in arguments.get("validators") or ():
                texts.said(f"{where} {type(validator).__name__} message", getattr(validator, "message", None))
    yield from ()


def _labels_capitalised(region: Region) -> Iterator[str]:
    """In English a level, mode, program, category or a project's choice is a label, capitalised
    as the core's are (``County``, not ``county``), since pages set them beside the core's."""
    named = [("level", c, w) for c, w in region.level_labels().items()]
    named += [("mode", c, w) for c, w in region.mode_labels().items()]
    named += [("program", p.code, p.label) for p in region.programs()]
    named += [("category", c.code, c.label) for c in region.categories()]
    for field_name, choices in region.project_choices(clock.today()).items():
        named += [(f"project choice {field_name}", c.code, c.label) for c in choices]
    for kind, code, label in named:
        english = label.render(ENGLISH) if hasattr(label, "render") else str(label)
        if english[:1].isalpha() and english[:1].islower():
            yield f"{kind} {getattr(code, 'value', code)}: its English {english!r} is a label: capitalise it"


def _rejections(region: Region) -> Iterator[str]:
    """A step of the credit audit that ends an entry uncounted (rejected, not registered) asks
    a reason: the teacher reads why (docs/writing-a-region.md, ``portal_audit_workflow``)."""
    workflow = region.audit_workflow()
    for t in workflow.transitions:
        state = workflow.state(t.target)
        if state.final and not state.counts and REASON not in t.asks:
            yield (f"portal_audit_workflow: the step {t.source}→{t.target} ends the entry uncounted but asks no "
                   f"reason (asks=(REASON,)): the teacher would not read why")


def _calculator(region: Region, texts: _Texts) -> Iterator[str]:
    """The calculator offers what the conversion takes (``portal_activity_fields``): a level,
    mode or role it offers that the conversion refuses under that field whatever else is
    given (every other level, mode and role offered, with each program or none) is reported.
    Cheap: one conversion per combination, stopping at the first the choice passes."""
    on = clock.today()
    for name in unknown_fields(region, on):
        yield (f"portal_activity_fields: {name!r} is not a field of an activity "
               f"(one of {', '.join(ACTIVITY_FIELDS)})")
    fields = {f.name: f for f in asked(region, on)}
    for f in fields.values():  # what people read on the calculator: the region's words, in English too
        texts.said(f"portal_activity_fields {f.name} label", f.label or "")
        for choice in f.choices or ():
            texts.said(f"portal_activity_fields {f.name} choice {choice.code}", choice.label)
    offered = {name: fields[name].codes() if name in fields else (ActivityRole.PARTICIPANT.value,)
               for name in ("level", "mode", "role")}
    for name in ("level", "mode", "role"):
        for code in offered[name] if name in fields else ():
            refusal = _always_refused(region, on, fields, {**offered, name: (code,)}, name)
            if refusal is not None:
                yield (f"calculator: offers {name} {code!r}, which the conversion refuses whatever else is given "
                       f"({refusal}); offer only what it takes (portal_activity_fields, portal_project_choices)")
    # The project form offers the levels and modes of ``portal_project_choices``, else every one
    # of the core's: one the conversion refuses whatever else is given is refused only when the
    # organiser saves the project (a region written elsewhere offered 校本研修 and 学历教育 there).
    choices = region.project_choices(on)
    project = {"level": tuple(c.code for c in choices.get("level", ())) or tuple(m.value for m in Level),
               "mode": tuple(c.code for c in choices.get("mode", ())) or tuple(m.value for m in Mode),
               "role": (ActivityRole.PARTICIPANT.value,)}
    for name in ("level", "mode"):
        for code in project[name]:
            refusal = _always_refused(region, on, fields, {**project, name: (code,)}, name)
            if refusal is not None:
                yield (f"project form: offers {name} {code!r}, which the conversion refuses whatever else is given "
                       f"({refusal}); list the {name}s your rules credit in portal_project_choices")


def _claim_activities(region: Region) -> Iterator[str]:
    """Each claim kind's activity, as a claim gives it, converts or is refused in words: a kind
    offering several levels gives none where the claim does not ask it (``level_asked``: the
    region's activity fields do not list ``level``), and the template's conversion, reading
    ``LEVEL_LABELS[activity.level]`` without listing it, failed on a teacher's first claim (500)."""
    from .services.claims import level_asked

    on = clock.today()
    for kind in region.claim_kinds():
        offered = kind.offered_levels()
        level = offered[0] if len(offered) == 1 else (offered[0] if level_asked(region, kind, on) else None)
        activity = kind.activity(level, Decimal(8), on, grade=kind.grades[0] if kind.grades else None)
        try:
            region.convert(activity, on)
        except InvalidInput:
            continue  # refused in the region's words, as the claim form shows it
        except Exception as failed:  # noqa: BLE001 - what the teacher's claim would meet, named
            yield (f"claim kind {kind.code}: its activity as a claim gives it (level {level.value if level else None}) "
                   f"fails the conversion: {type(failed).__name__}: {failed}"
                   + ("; list \"level\" in portal_activity_fields where your rules read it (a claim then asks it), "
                      "or convert an activity without one" if level is None else ""))


def _always_refused(region: Region, on: date, fields: Mapping, offered: Mapping, name: str) -> str | None:
    """The conversion's refusal under ``name`` when every combination of what is ``offered``
    is refused under it; None as soon as one is converted or refused for something else."""
    refusal = None
    programs = [None, *region.programs()] if "program" in fields else [None]
    for program in programs:
        for level in offered["level"]:
            for mode in offered["mode"]:
                for role in offered["role"]:
                    activity = Activity(
                        level=Level(level), mode=Mode(mode), role=ActivityRole(role),
                        hours=Decimal(8) if program is None or program.needs_hours else Decimal(0),
                        program=None if program is None else program.code,
                        days=1 if "days" in fields else None,
                        grade=Grade.PASS if "grade" in fields else None,
                        service_year=1 if "service_year" in fields else None,
                        base_credits=Decimal(8) if "base_credits" in fields else None)
                    try:
                        region.convert(activity, on)
                    except InvalidInput as refused:
                        if refused.field != name:
                            return None
                        refusal = refusal or str(refused.message)
                    except Exception:  # noqa: BLE001 - another check reports a conversion that fails
                        return None
                    else:
                        return None
    return refusal


RELABELLED_PROJECT_FIELDS = frozenset({"base_credits"})  # those the pages name by portal_project_labels


def _project_required(region: Region) -> Iterator[str]:
    for name in sorted(region.project_required() - REQUIRABLE_PROJECT_FIELDS):
        yield (f"portal_project_required: {name!r} is not a project field a region may require "
               f"(one of {', '.join(sorted(REQUIRABLE_PROJECT_FIELDS))})")
    for name in sorted(set(region.project_labels()) - RELABELLED_PROJECT_FIELDS):
        yield (f"portal_project_labels: {name!r} is not a project field a region may name "
               f"(one of {', '.join(sorted(RELABELLED_PROJECT_FIELDS))})")


def _parameters(region: Region) -> Iterator[str]:
    """A figure the documents give is found in the clause it cites."""
    for parameter in region.parameters():
        if parameter.is_setting:
            continue
        for value in parameter.values:
            numbers = _numbers(value.value)
            if not numbers:
                continue
            clauses = region.library.resolve(value.source)
            texts = [region.library.text(c.document).text_of(c.location) for c in clauses
                     if c.document is not None and c.location.exact]
            if not texts:
                continue
            body = re.sub(r"\s+", "", "".join(texts))
            for number in numbers:
                if not any(form in body for form in number_forms(number)):
                    yield (f"parameter {parameter.name}: {number} is not in the clause it cites ({value.source}); "
                           "cite the clause that gives it, or make it a setting")


def _numbers(value: Any) -> list[Decimal]:
    """The figures in a parameter's value; zero is left out (documents say "none" in words)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, Decimal)):
        return [Decimal(value)] if value else []
    if isinstance(value, (tuple, list)):
        return [n for v in value for n in _numbers(v)]
    if isinstance(value, Mapping):
        return [n for v in value.values() for n in _numbers(v)]
    return []


def _conversions(region: Region, scenario: Scenario, texts: _Texts) -> Iterator[str]:
    categories = {c.code for c in region.categories()}
    versions = {v.code for v in region.rule_versions()}
    programs = {p.code for p in region.programs()}
    items = scenario.input if isinstance(scenario.input, list) else [scenario.input]
    for item in items:
        where = scenario.id
        try:  # read as the rules command reads it: a program's level, mode and hours filled in
            activity = rulebook.activity(region, item)
        except InvalidInput as invalid:
            yield f"{where}: {invalid.field}: {invalid.message}"
            continue
        if activity.program is not None and activity.program not in programs:
            yield f"{where}: program {activity.program!r} is not declared (portal_programs)"
        result = region.convert(activity, rules_day(activity, scenario.on, clock.today()))
        if not isinstance(result.amount, Decimal):
            yield f"{where}: the amount is a {type(result.amount).__name__}, not a Decimal"
        if result.category not in categories:
            yield f"{where}: category {result.category!r} is not declared (portal_credit_categories)"
        if result.rule_version not in versions:
            yield f"{where}: rule version {result.rule_version!r} is not declared"
        for i, step in enumerate(result.steps):
            texts.source(f"{where} step {i + 1}", step.source)
            texts.said(f"{where} step {i + 1}", step.text)
            texts.said(f"{where} step {i + 1} value", step.value)
            yield from texts.settings_named(f"{where} step {i + 1}", step.settings)


def _baseline_conversion(region: Region, texts: _Texts) -> Iterator[str]:
    """The first activity of a level and a mode (10 hours, ending today) the conversion takes,
    checked as a worked case would be; where none converts, the region is asked for a worked case."""
    on = clock.today()
    for level in Level:
        for mode in Mode:
            case = Scenario("(no worked case)", f"{level.value} {mode.value}, 10 hours", "", "convert",
                            {"level": level.value, "mode": mode.value, "hours": 10, "end": on.isoformat()}, {})
            try:
                found = list(_conversions(region, case, texts))
            except InvalidInput:
                continue
            yield from found
            return
    yield ("(no worked case): no activity of any level and mode converts with 10 hours alone: "
           "write a worked case of a conversion (scenarios/*.yaml), so that its categories and words are checked")


def _checks(region: Region, scenario: Scenario, texts: _Texts) -> Iterator[str]:
    duties = {d.code for d in region.duties()}
    caps = {d.code for d in region.duties() if d.cap}
    purposes = {p.code for p in region.purposes()}
    payload = scenario.input
    try:
        as_of, today = rulebook.judged_days(payload)
    except InvalidInput:  # the case's run says so, against what it expects
        return
    teacher = rulebook.teacher_facts(payload.get("teacher") or {})
    records = [rulebook.record(region, r)[0] for r in payload.get("records") or []]
    compliance = region.check(teacher, records, as_of, today)
    where = scenario.id
    for finding in compliance.findings:
        at = f"{where} finding {finding.code}"
        if finding.code not in duties:
            yield f"{at}: not declared (portal_duties)"
        if finding.cap and not finding.ok:
            yield f"{at}: a cap is always ok (the excess simply does not count)"
        if finding.cap and finding.code in duties and finding.code not in caps:
            yield f"{at}: a cap, declared as a duty without cap=True (portal_duties): reports would list it as unfinished"
        texts.source(at, finding.source)
        texts.said(at, finding.message)
        yield from texts.settings_named(at, finding.settings)
    for i, condition in enumerate(compliance.cycle.conditions):
        if condition.code not in {f.code for f in compliance.findings}:
            yield f"{where}: the cycle's condition {condition.code} is not among the findings"
    year = region.year(as_of, teacher)
    start = in_post_from(teacher)
    if compliance.year(year.start.year) is None and (start is None or start <= year.end):
        yield (f"{where}: compliance.years has no {year.start.year}, the year holding {as_of}: the teacher's home, "
               "lists and the standings API would show 0 earned this year")
    yield from _headline_findings(where, compliance)
    yield from _said_once(region, where, teacher, as_of, compliance)
    texts.said(f"{where} cycle note", compliance.cycle.note)
    for year in compliance.years:
        texts.said(f"{where} year {year.year} note", year.note)
    for eligibility in region.eligibility(teacher, records, as_of):
        at = f"{where} purpose {eligibility.purpose}"
        if eligibility.purpose not in purposes:
            yield f"{at}: not declared (portal_purposes)"
        if not eligibility.ok and not eligibility.missing:
            yield f"{at}: not met, but does not say what is missing"
        texts.source(at, eligibility.source)
        texts.said(at, eligibility.reason)
        texts.said(f"{at} missing", eligibility.missing)
        yield from texts.settings_named(at, eligibility.settings)


def _headline_findings(where: str, compliance: Compliance) -> Iterator[str]:
    """The shared duties keep their meaning: one cycle total, whose answer is the cycle's,
    and yearly minimums due at their year's end."""
    totals = [f for f in compliance.findings if f.code == CYCLE_TOTAL]
    if len(totals) > 1:
        yield f"{where}: {len(totals)} findings {CYCLE_TOTAL}; the cycle has one total"
    for finding in totals:
        if finding.ok != compliance.cycle.ok:
            yield f"{where}: finding {CYCLE_TOTAL} says ok={finding.ok}, the cycle ok={compliance.cycle.ok}"
    for finding in compliance.findings:
        if is_yearly_minimum(finding.code) and finding.deadline is None:
            yield f"{where}: finding {finding.code} is a yearly minimum without its deadline (the year's end)"


def _said_once(region: Region, where: str, teacher, as_of, compliance: Compliance) -> Iterator[str]:
    """A teacher's cycle and what is asked of them are said once: the hooks answer what the
    compliance judges (the kept standing and every list read the hooks' periods)."""
    cycle = region.cycle(as_of, teacher)
    if cycle != compliance.cycle.period:
        yield (f"{where}: portal_cycle gives {cycle.start}–{cycle.end} for this teacher, the compliance "
               f"{compliance.cycle.period.start}–{compliance.cycle.period.end}")
    asked = region.requirements(as_of, teacher)
    if asked.cycle != compliance.cycle.required:
        yield (f"{where}: portal_requirements asks {asked.cycle} of this teacher for the cycle, the compliance "
               f"{compliance.cycle.required}")
    year = compliance.year(region.year(as_of, teacher).start.year)
    if year is not None and asked.yearly != year.required:
        yield (f"{where}: portal_requirements asks {asked.yearly} of this teacher this year, the compliance "
               f"{year.required}")
    yield from _settings_placed(where, asked, compliance)


def _settings_placed(where: str, asked, compliance: Compliance) -> Iterator[str]:
    """Each setting of ``portal_requirements`` stands against the figure it bears on: the pages
    show ``settings`` on the cycle and ``yearly_settings`` on the year. A setting the
    compliance names for the yearly minimums alone, never for the cycle's total or its
    conditions, put on the cycle (or the reverse) would be shown against the wrong figure."""
    cycle = {name for f in (*[f for f in compliance.findings if f.code == CYCLE_TOTAL], *compliance.cycle.conditions)
             for name in f.settings}
    yearly = {name for f in compliance.findings if is_yearly_minimum(f.code) for name in f.settings}
    for name in asked.settings:
        if name in yearly and name not in cycle:
            yield (f"{where}: portal_requirements names the setting {name!r} against the cycle's figure "
                   f"(Requirements.settings), but the compliance names it only for the yearly minimum: "
                   f"give it in yearly_settings")
    for name in asked.yearly_settings:
        if name in cycle and name not in yearly:
            yield (f"{where}: portal_requirements names the setting {name!r} against the year's figure "
                   f"(Requirements.yearly_settings), but the compliance names it only for the cycle's total: "
                   f"give it in settings")


def _own_demo(region: Region) -> bool:
    impls = region.pm.hook.portal_demo_data.get_hookimpls()
    return bool(impls) and not all(impl.plugin_name.startswith("portal.") for impl in impls)


def demo_problems(region: Region) -> list[str]:
    """Whether the demo loads into an empty database as ``portal demo`` loads it, each
    teacher's facts and account checked as an admin's entry is: one line if it does not."""
    if not _own_demo(region):
        return []
    from . import create_app
    from .extensions import db
    from .services.demo import DemoRefused, load_demo

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/demo.sqlite3", "PORTAL_AUTO_MIGRATE": True,
                          "PORTAL_REGION": region.info.code, "PORTAL_SETTINGS": None},
                         regions={region.info.code: region.module})
        with app.app_context():
            try:
                load_demo(app.extensions["portal.region"], clock.today())
            except DemoRefused as refused:
                return [f"demo: does not load: {refused}"]
            except Exception as error:  # noqa: BLE001  whatever stops `portal demo` is the problem reported
                return [f"demo: does not load: {type(error).__name__}: {error}"]
            finally:
                db.session.remove()
                db.engine.dispose()
    return []


def _demo(region: Region) -> Iterator[str]:
    """The demo, where the region has one: a user for every role, unique names, a teacher."""
    if not _own_demo(region):
        return
    demo = region.demo_data(clock.today())
    roles = {u.role for u in demo.users} | ({UserRole.TEACHER} if demo.teachers else set())
    for role in UserRole:
        if role not in roles:
            yield f"demo: no user with the role {role.value} (every role signs in to the demo)"
    names = [u.username for u in demo.users] + [t.username for t in demo.teachers]
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield f"demo: the username {name!r} is used twice"
    if not demo.teachers:
        yield "demo: no teacher"
