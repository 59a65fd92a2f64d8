"""Finding region plugins, enabling one, and calling its hooks through one facade."""
from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, wraps
from types import ModuleType

import pluggy

from . import clock, defaults, hookspecs
from .domain import (
    Activity, AuditStep, CatalogListing, Category, ClaimKind, Compliance, ConclusionPolicy, CreditResult, DemoData, Described, Document, Duty, Eligibility,
    Finding, Move, Panel, Parameter,
    Period, Phase, Program, HighestLevel, Level, OrgKind, ProjectFacts, ProjectOrganisers, ProjectReview, ProjectStep, Purpose, Record, RegionInfo, Report, Requirements,
    RuleVersion, ScopeSummary, Selection, TeacherFacts, UnitFacts, UserRole, Workflow,
)
from .domain.findings import distinct
from .domain.region import activity_fields
from .domain.selection import said
from .domain.activity import InvalidInput
from .domain.appeals import AppealPolicy, CreditAccount
from .domain.transfers import Recognition, TransferredEntry
from .domain.parameters import applied, parse_overrides
from .domain.text import Messages
from .domain.workflow import COMPLETED

_ = Messages("messages", "portal")
NO_ACTIVITY = _("It was entered there without a training or an achievement to convert, so it is not recognised "
                "here by itself; it may be claimed here with its evidence.")

ENTRY_POINT_GROUP = "portal.regions"
DEFAULTS_GROUP = "portal.defaults"
DEFAULT_PLUGINS: tuple[ModuleType, ...] = (defaults,)


class UnknownRegion(RuntimeError):
    pass


class InvalidRegion(UnknownRegion):
    """A region package the portal cannot take as it is written (a hook misspelt, or one
    taking an argument the hook does not give): said in a line naming the hook and what the
    hook is, so the region's author knows what to change, rather than pluggy's traceback."""


class NoAnswer(RuntimeError):
    """A hook that needs an answer got none: the region plugin lacks an implementation."""


def installed_regions() -> dict[str, ModuleType]:
    """Every region package registered under the ``portal.regions`` entry points."""
    return {
        ep.name: ep.load()
        for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    }


def default_region() -> str | None:
    """The region used when ``PORTAL_REGION`` is unset: named by the distribution that
    ships the regions (entry point ``region`` in group ``portal.defaults``), never by the core."""
    for ep in importlib.metadata.entry_points(group=DEFAULTS_GROUP, name="region"):
        return ep.load()
    return None


def enabled_region(environ=None) -> str | None:
    env = os.environ if environ is None else environ
    return env.get("PORTAL_REGION") or default_region()


def installed_package(module: ModuleType) -> tuple[str, str] | None:
    """The distribution a plugin module was installed from, as (name, version); None for a
    module on the path that no distribution ships. Not the region's own version: that is
    ``RegionInfo.version``, under which the portal keeps standings."""
    top = module.__name__.split(".")[0]
    for dist in importlib.metadata.packages_distributions().get(top, []):
        return dist, importlib.metadata.version(dist)
    return None


def make_manager(region: ModuleType) -> pluggy.PluginManager:
    check_hooks(region)
    pm = pluggy.PluginManager("portal")
    pm.add_hookspecs(hookspecs)
    for plugin in DEFAULT_PLUGINS:
        pm.register(plugin, name=f"portal.{plugin.__name__.rsplit('.', 1)[-1]}")
    try:
        pm.register(region)
        pm.check_pending()
    except pluggy.PluginValidationError as error:  # what check_hooks does not foresee, still in a line
        raise InvalidRegion(f"Region {region.__name__}: {error}".replace("\n", " ")) from None
    return pm


def _hook_signature(function) -> str:
    return f"{function.__name__}({', '.join(inspect.signature(function).parameters)})"


def check_hooks(region: ModuleType) -> None:
    """Refuse, in words, a ``@hookimpl`` that is no hook of the portal (a misspelt name is never
    called) or that names an argument its hook does not give (pluggy passes arguments by name).
    What pluggy itself takes is not refused: a function named otherwise than its hook through
    ``@hookimpl(specname=...)``, and ``*args``/``**kwargs`` beside the hook's arguments (pluggy
    passes nothing into them)."""
    for attribute, function in sorted(vars(region).items()):
        options = getattr(function, "portal_impl", None) if callable(function) else None
        if options is None:
            continue
        name = options.get("specname") or attribute
        spec = getattr(hookspecs, name, None)
        if spec is None or getattr(spec, "portal_spec", None) is None:
            raise InvalidRegion(
                f"Region {region.__name__}: {_hook_signature(function)} is marked @hookimpl but the portal has no "
                f"hook {name!r}, so it would never be called. Name it as a hook of portal/hookspecs.py "
                f"(docs/writing-a-region.md, section 5, lists them), or remove @hookimpl.")
        given = inspect.signature(spec).parameters
        asked = {a: p for a, p in inspect.signature(function).parameters.items()
                 if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)}
        extra = [a for a in asked if a not in given]
        if extra:
            raise InvalidRegion(
                f"Region {region.__name__}: {_hook_signature(function)} takes {', '.join(extra)}, which the hook "
                f"does not give: the hook is {_hook_signature(spec)}. Name your arguments as the hook does "
                f"(any of them may be left out, none renamed).")
        defaulted = [a for a, p in asked.items() if p.default is not inspect.Parameter.empty]
        if defaulted:  # pluggy passes only the arguments without a default: the default would be all it ever got
            raise InvalidRegion(
                f"Region {region.__name__}: {function.__name__} gives {', '.join(defaulted)} a default value, so the "
                f"portal would never pass it (pluggy passes only arguments without one). Write "
                f"{_hook_signature(function)} without defaults, or leave out an argument you do not read.")


def implemented_hooks(module: ModuleType) -> list[str]:
    """The hook names a plugin module implements (for ``portal plugins``)."""
    pm = pluggy.PluginManager("portal")
    pm.add_hookspecs(hookspecs)
    pm.register(module)
    return sorted(caller.name for caller in pm.get_hookcallers(module) or ())


def declared(method):
    """A ``Region`` method answering one of the region's declarations (its info, rule versions,
    parameters, categories, duties, purposes, audit workflow): the answer is fixed for the
    process under the same settings and plugins, so it is asked once and kept. (Pages asked
    them on every request, each through pluggy and the bureau's settings.)"""

    @wraps(method)
    def kept(self, *args):
        plugins = len(self.pm.get_plugins())
        memo = self.__dict__.get("_declared")
        if memo is None or memo[0] is not self.settings or memo[1] != plugins:
            memo = self.__dict__["_declared"] = (self.settings, plugins, {})
        key = (method.__name__, *args)
        if key not in memo[2]:
            memo[2][key] = method(self, *args)
        return memo[2][key]

    return kept


def daily(method):
    """A ``Region`` method answering a declaration that may follow the day (a dated parameter in
    it): kept as ``declared`` keeps its answers, once for each day asked."""
    def on(self, day):
        return method(self)

    on.__name__ = method.__name__
    kept = declared(on)

    @wraps(method)
    def today(self):
        return kept(self, clock.today())

    return today


@dataclass
class Region:
    """The enabled region, seen through its hooks. Views and services call this, never pm.hook.

    ``settings`` are the bureau's overrides of the region's settings, checked on load and
    applied to every rules call.
    """

    pm: pluggy.PluginManager
    module: ModuleType
    settings: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    def load(cls, code: str | None, available: dict[str, ModuleType] | None = None,
             settings: Mapping[str, object] | None = None) -> Region:
        available = installed_regions() if available is None else available
        if code is None or code not in available:
            names = ", ".join(sorted(available)) or "none"
            raise UnknownRegion(f"Unknown region {code!r}: no installed region has this code. Installed regions: {names}.")
        region = cls(make_manager(available[code]), available[code])
        if region.info.code != code:  # transfers are signed, and `portal rules test` loads the demo, by the info's code
            raise InvalidRegion(
                f"Region {available[code].__name__}: portal_region_info gives the code {region.info.code!r}, but the "
                f"region is installed under the entry point {code!r} (PORTAL_REGION={code}): give RegionInfo the "
                f"entry point's name, as portal/hookspecs.py says")
        if settings is not None and settings != {}:  # a bare 9 is refused, not taken for none
            region.settings = parse_overrides(region.parameters(), settings)
        region.audit_workflow()  # one the portal cannot run is refused now, in words (the enrollment's, built
        # for the day, when first asked: create_app asks it, and `portal rules test` says it as its problem)
        return region

    def _answer(self, name: str, **kwargs):
        with applied(self.settings):
            result = getattr(self.pm.hook, name)(**kwargs)
        if result is None:
            raise NoAnswer(f"No plugin answered {name}; the region plugin must implement it.")
        return result

    def _joined(self, name: str, **kwargs) -> list:
        with applied(self.settings):
            return [item for items in getattr(self.pm.hook, name)(**kwargs) for item in items]

    @property
    def info(self) -> RegionInfo:
        return self._info()

    @declared
    def _info(self) -> RegionInfo:
        return self._answer("portal_region_info")

    def demo_data(self, today: date) -> DemoData:
        return self._answer("portal_demo_data", today=today)

    def documents(self) -> list[Document]:
        return self._joined("portal_documents")

    @cached_property
    def library(self):
        """The region's documents, their texts read once, for resolving citations."""
        from .documents import Library

        return Library(self.documents())

    @declared
    def rule_versions(self) -> list[RuleVersion]:
        versions = sorted(self._joined("portal_rule_versions"), key=lambda v: v.effective_from)
        if not versions:
            raise NoAnswer("No plugin answered portal_rule_versions; the region plugin must implement it.")
        return versions

    def rule_version(self, on: date) -> RuleVersion:
        """The version in force on ``on``: the latest begun, else the earliest."""
        versions = self.rule_versions()
        return next((v for v in reversed(versions) if v.effective_from <= on), versions[0])

    def rule_changes(self, after: date) -> tuple[date, ...]:
        """The days a later rule version takes effect."""
        return tuple(v.effective_from for v in self.rule_versions() if v.effective_from > after)

    def fingerprint(self, on: date) -> str:
        """What an answer of the rules on ``on`` depends on besides the teacher: the region and
        its version, the rule version in force and this deployment's settings. A kept
        standing computed under another fingerprint is stale."""
        from .domain.standing import FORMAT

        return self._fingerprint(self.rule_version(on).code, FORMAT)

    @declared
    def _fingerprint(self, version: str, format: int) -> str:
        info = self.info
        settings = sorted((name, str(value)) for name, value in self.settings.items())
        payload = [format, info.code, info.version, version, settings]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()

    @declared
    def parameters(self) -> list[Parameter]:
        return self._joined("portal_parameters")

    def settings_by_name(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters() if p.is_setting}

    def setting_value(self, parameter: Parameter, on: date):
        """A setting's value on ``on``, with this deployment's overrides applied."""
        with applied(self.settings):
            return parameter.at(on)

    @declared
    def categories(self) -> list[Category]:
        return self._joined("portal_credit_categories")

    def category_labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.categories()}

    def credited_categories(self) -> list[Category]:
        """The categories a training or an appeal may credit: not one only the ledger itself
        makes (a credit bank's borrowing, ``Category.project`` False)."""
        return [c for c in self.categories() if c.project]

    def level_labels(self) -> dict:
        """The region's own words for the levels it names otherwise (``portal_level_labels``);
        empty: the core's words for all."""
        with applied(self.settings):
            return dict(self.pm.hook.portal_level_labels() or {})

    def mode_labels(self) -> dict:
        """The region's own words for the modes it names otherwise (``portal_mode_labels``);
        empty: the core's words for all."""
        with applied(self.settings):
            return dict(self.pm.hook.portal_mode_labels() or {})

    @declared
    def activity_role_labels(self) -> dict:
        """The region's own words for what a teacher did in a training (``portal_activity_role_labels``);
        empty: the core's words for all."""
        with applied(self.settings):
            return dict(self.pm.hook.portal_activity_role_labels() or {})

    @declared
    def wording(self):
        """The region's own catalogue of words for the core's messages (``portal_wording``), or None."""
        with applied(self.settings):
            return self.pm.hook.portal_wording()

    @declared
    def role_labels(self) -> dict:
        """The region's own words for the roles it names otherwise (``portal_role_labels``);
        empty: the core's words for all."""
        with applied(self.settings):
            return dict(self.pm.hook.portal_role_labels() or {})

    @declared
    def project_labels(self) -> dict:
        """The region's own words for the core's project fields it names otherwise
        (``portal_project_labels``); empty: the core's words for all."""
        with applied(self.settings):
            return dict(self.pm.hook.portal_project_labels() or {})

    def programs(self) -> list[Program]:
        return self._joined("portal_programs")

    def assessment_parts(self) -> dict[str, object]:
        """The label of each part of a composite assessment, by its code."""
        return {part.code: part.label for part in self._joined("portal_assessment_parts")}

    def activity_fields(self, on: date):
        """The activity's fields the region's conversion reads (``portal_activity_fields``), as
        ``ActivityField``s; None where it declares none."""
        with applied(self.settings):
            return activity_fields(self.pm.hook.portal_activity_fields(on=on))

    def activity_form(self, on: date | None = None) -> type:
        """The calculator's form class, fitted to what the region declares on ``on`` (today):
        its fields, programs, choices and words (``ActivityForm.fitted``)."""
        form = self._answer("portal_activity_form")
        fitted = getattr(form, "fitted", None)
        return fitted(self, on or clock.today()) if fitted else form

    def convert(self, activity: Activity, on: date) -> CreditResult:
        """The region's conversion, stamped with the rule version in force on ``on``."""
        result = self._answer("portal_convert_activity", activity=activity, on=on)
        return replace(result, rule_version=self.rule_version(on).code)

    def cycle(self, on: date, teacher: TeacherFacts | None = None) -> Period:
        return self._answer("portal_cycle", on=on, teacher=teacher)

    def year(self, on: date, teacher: TeacherFacts | None = None) -> Period:
        return self._answer("portal_year", on=on, teacher=teacher)

    def requirements(self, on: date, teacher: TeacherFacts | None = None) -> Requirements:
        return self._answer("portal_requirements", on=on, teacher=teacher)

    def check(self, teacher: TeacherFacts, records: Sequence[Record], as_of: date,
              today: date | None = None) -> Compliance:
        """The rules' judgement on ``as_of``, read on ``today`` (``as_of`` unless given: a later
        day judges an ended cycle on its last day, its findings worded as ended)."""
        return self._answer("portal_check_compliance", teacher=teacher, records=records, as_of=as_of,
                            today=as_of if today is None else today)

    @declared
    def duties(self) -> list[Duty]:
        return self._joined("portal_duties")

    @declared
    def purposes(self) -> list[Purpose]:
        return self._joined("portal_purposes")

    def eligibility(self, teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> list[Eligibility]:
        return self._joined("portal_eligibility", teacher=teacher, records=records, as_of=as_of)

    @daily
    def enrollment_workflow(self) -> Workflow:
        return self._workable(self._answer("portal_enrollment_workflow"), "portal_enrollment_workflow",
                              frozenset({COMPLETED}))

    @declared
    def audit_workflow(self) -> Workflow:
        return self._workable(self._answer("portal_audit_workflow"), "portal_audit_workflow", None)

    def _workable(self, workflow: Workflow, hook: str, reach: frozenset[str] | None) -> Workflow:
        """The region's workflow, refused in a line naming the hook and what to change where the
        portal could not run it (a step's state misspelt, no state ``completed``): pages met a
        KeyError, and ``portal rules test`` a traceback, instead."""
        problems = workflow.problems(hook, reach)
        if problems:
            raise InvalidRegion(f"Region {self.module.__name__}: " + "; ".join(problems))
        return workflow

    def project_form(self) -> type | None:
        """The region's own project fields, as a WTForms form class, or None."""
        with applied(self.settings):
            return self.pm.hook.portal_project_form()

    def project_choices(self, on: date) -> dict[str, tuple[Described, ...]]:
        """The values the region allows for a project's ``level``, ``mode``, ``layer`` and ``topics`` (none: the core's).
        A level or mode it does not list here but gives choices of in ``portal_activity_fields`` (the
        ones its conversion takes) is offered from those: a region written elsewhere said its two
        modes there, and the project form still offered 校本研修, 自主研修 and 学历教育, refused
        only on saving."""
        with applied(self.settings):
            choices = dict(self.pm.hook.portal_project_choices(on=on) or {})
        for declared_field in self.activity_fields(on) or ():
            name, offered = declared_field.name, declared_field.choices
            if name in ("level", "mode") and name not in choices and offered:
                choices[name] = tuple(offered)
        return choices

    def project_required(self) -> frozenset[str]:
        return frozenset(self._joined("portal_project_required"))

    def selection_state(self, selection) -> str | None:
        """The state a selection enters where the region names one (``portal_selection_state``)."""
        with applied(self.settings):
            return self.pm.hook.portal_selection_state(selection=selection)

    def admins_select(self, roles, project: ProjectFacts | None = None) -> bool:
        """Whether one of the admin ``roles`` may submit teachers of their scope (into
        ``project``, where the region names who selects it: ``portal_selected_by``)."""
        if project is not None:
            with applied(self.settings):
                who = self.pm.hook.portal_selected_by(project=project)
            if who is not None:
                return any(r.is_admin and r in who for r in roles)
        return self.enrollment_workflow().admins_select(roles)

    def selects(self, role: UserRole, project: ProjectFacts | None = None) -> bool:
        """Whether ``role`` may select ``project`` for a teacher: ``portal_selected_by`` where the
        region names who selects that project, else the enrollment workflow's ``selected_by``."""
        if project is not None:
            with applied(self.settings):
                who = self.pm.hook.portal_selected_by(project=project)
            if who is not None:
                return role in who
        return self.enrollment_workflow().selects(role)

    def quotas_allocated_by(self, project: ProjectFacts) -> tuple[UserRole, ...] | None:
        """The roles who allocate the project's seats to units, where the region names them
        (``portal_quotas_allocated_by``); None: its organiser and its reviewer."""
        with applied(self.settings):
            who = self.pm.hook.portal_quotas_allocated_by(project=project)
        return tuple(who) if who is not None else None

    def unit_findings(self, project: ProjectFacts, unit: UnitFacts) -> list[Finding]:
        """Whether the project is for the unit's teachers at all (``portal_unit_findings``):
        the region's findings; one not ok leaves the unit out of the project's quotas."""
        return list(distinct(self._joined("portal_unit_findings", project=project, unit=unit)))

    def enrollment_form(self, project: ProjectFacts | None = None) -> type | None:
        """The region's own fields asked on selecting ``project``, as a WTForms form class, or None."""
        with applied(self.settings):
            return self.pm.hook.portal_enrollment_form(project=project)

    @declared
    def project_organisers(self) -> ProjectOrganisers | None:
        """Who creates training projects where the region names them (``portal_project_organisers``);
        None: every organiser role of the core."""
        with applied(self.settings):
            return self.pm.hook.portal_project_organisers()

    def project_review(self, project: ProjectFacts) -> ProjectReview:
        return self._answer("portal_project_review", project=project)

    def phase_concerns(self, phase: Phase, unit: UnitFacts) -> bool:
        """Whether a phase of the calendar concerns ``unit`` (``portal_phase_concerns``)."""
        with applied(self.settings):
            return self.pm.hook.portal_phase_concerns(phase=phase, unit=unit) is not False

    def hours_condition(self, project: ProjectFacts):
        """What a teacher must complete for the project's hours to be credited, said beside
        them (``portal_hours_condition``: a ``HoursCondition``), or None."""
        with applied(self.settings):
            return self.pm.hook.portal_hours_condition(project=project)

    def selection_findings(self, selection: Selection) -> list[Finding]:
        return list(said(distinct(self._joined("portal_selection_findings", selection=selection)), selection))

    def highest_levels(self) -> dict[OrgKind, HighestLevel]:
        """The highest level each kind of organiser's projects may have (``portal_highest_levels``),
        each with the clause saying it where the region gives one (a bare ``Level``: none); a kind
        left out: any level."""
        return {OrgKind(kind): reach if isinstance(reach, HighestLevel) else HighestLevel(Level(reach))
                for kind, reach in self._answer("portal_highest_levels").items()}

    @cached_property
    def school_projects_open(self) -> bool:
        """Whether a school's own trainings are offered to other schools' teachers too."""
        return bool(self._answer("portal_school_projects_open"))

    def move_findings(self, move: Move) -> list[Finding]:
        return list(distinct(self._joined("portal_move_findings", move=move)))

    def enrollment_notes(self, move: Move) -> list[Finding]:
        """What comes with an enrollment's state beyond its label (``portal_enrollment_notes``)."""
        return list(distinct(self._joined("portal_enrollment_notes", move=move)))

    def awaiting_when(self, roles, on, calendar) -> list[Finding]:
        """When enrollments come to wait for a step of ``roles`` (``portal_awaiting_when``)."""
        return list(distinct(self._joined("portal_awaiting_when", roles=frozenset(roles), on=on,
                                          calendar=tuple(calendar))))

    @declared
    def notes_enrollments(self) -> bool:
        """Whether any plugin says what comes with an enrollment's state (``portal_enrollment_notes``):
        a page's rows are not put to the hook one by one where none does."""
        return bool(self.pm.hook.portal_enrollment_notes.get_hookimpls())

    def appeal_policy(self) -> AppealPolicy:
        return self._answer("portal_appeal_policy")

    def credit_account(self, teacher: TeacherFacts, records: Sequence[Record], as_of: date) -> CreditAccount | None:
        """The teacher's credit bank account, or None where the region keeps none."""
        with applied(self.settings):
            return self.pm.hook.portal_credit_account(teacher=teacher, records=list(records), as_of=as_of)

    @cached_property
    def keeps_bank(self) -> bool:
        """Whether a plugin keeps a credit bank (implements ``portal_credit_account``)."""
        return bool(self.pm.hook.portal_credit_account.get_hookimpls())

    def claim_kinds(self) -> list[ClaimKind]:
        return self._answer("portal_claim_kinds")

    def claim_kind(self, code: str) -> ClaimKind | None:
        return next((kind for kind in self.claim_kinds() if kind.code == code), None)

    def audit_findings(self, step: AuditStep) -> list[Finding]:
        return list(distinct(self._joined("portal_audit_findings", step=step)))

    def needs_survey(self):
        """The region's needs survey (``NeedsSurvey``), or None when it asks none."""
        with applied(self.settings):
            return self.pm.hook.portal_needs_survey()

    def project_assessment_weights(self, project: ProjectFacts) -> dict:
        """The weights a new project is given when its organiser gives none (part → percent)."""
        with applied(self.settings):
            return dict(self.pm.hook.portal_project_assessment_weights(project=project) or {})

    def project_findings(self, step: ProjectStep) -> list[Finding]:
        return list(distinct(self._joined("portal_project_findings", step=step)))

    def runs_selection_calendar(self) -> bool:
        """Whether the region dates its selection by a calendar (``portal_selection_calendar``):
        where it does, nothing is declared or chosen outside the bureau's dates."""
        return any(impl.plugin not in DEFAULT_PLUGINS for impl in self.pm.hook.portal_selection_calendar.get_hookimpls())

    def selection_calendar(self, on: date) -> tuple[Phase, ...]:
        return tuple(self._answer("portal_selection_calendar", on=on))

    @cached_property
    def catalog_listing(self) -> CatalogListing | None:
        """From which phase of the calendar the teachers' catalog lists a term's projects
        (``portal_catalog_listing``); None: a published project is listed at once."""
        with applied(self.settings):
            return self.pm.hook.portal_catalog_listing()

    @cached_property
    def cycle_conclusion(self) -> ConclusionPolicy | None:
        """Who concludes each teacher's ended cycle (``portal_cycle_conclusion``); None: nobody."""
        with applied(self.settings):
            return self.pm.hook.portal_cycle_conclusion()

    def calendar_editors(self) -> frozenset:
        """The admin roles that edit the bureau's selection calendar."""
        return frozenset(self._answer("portal_calendar_editors"))

    def selection_phase_order(self) -> tuple:
        """The order of the calendar's phases the region's documents set (``PhaseOrder``)."""
        return tuple(self._answer("portal_selection_phase_order"))

    def payment_methods(self) -> list:
        return self._joined("portal_payment_methods")

    def payment_codes(self) -> frozenset[str]:
        return frozenset(m.code for m in self.payment_methods())

    def deliver(self, notice) -> None:
        self.pm.hook.portal_deliver_notification(notice=notice)

    def dashboard_panels(self, summary: ScopeSummary) -> list[Panel]:
        return self._joined("portal_dashboard_panels", summary=summary)

    def recognise_transfer(self, entry: TransferredEntry, teacher: TeacherFacts) -> Recognition:
        """The region's answer for an entry from another region, else its own conversion of
        the entry's activity (none without one)."""
        with applied(self.settings):
            answer = self.pm.hook.portal_recognise_transfer(entry=entry, teacher=teacher)
        if answer is not None:
            return answer
        if entry.activity is None:
            return Recognition(None, (Finding("transfer_without_activity", False, None, None, NO_ACTIVITY, ""),))
        try:
            return Recognition(self.convert(entry.activity, on=entry.day))
        except InvalidInput as refused:
            return Recognition(None, (Finding("transfer_not_convertible", False, None, None, refused.message, ""),))

    def reports(self) -> list[Report]:
        return self._joined("portal_reports")

    def certificates(self) -> list:
        """The region's certificates (``CertificateKind``), by their order."""
        return self._joined("portal_certificates")

    def report_cells(self, report: Report, summary: ScopeSummary) -> tuple:
        """A row of ``report``: each column's value read from ``summary`` under the bureau's settings."""
        with applied(self.settings):
            return tuple(column.value(summary) for column in report.columns)
