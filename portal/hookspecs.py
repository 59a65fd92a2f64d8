"""The contract between the core and a region plugin.

A region is a Python package registered under the entry-point group ``portal.regions``
(see ``pyproject.toml``). It implements the hooks below with ``@hookimpl`` from this
module; only the enabled region (``PORTAL_REGION``) is registered, next to the core's
defaults in ``portal.defaults``. Hooks are called with keyword arguments, so an
implementation may accept just the arguments it needs.

Every hook returns plain domain values from ``portal.domain``; the core renders them,
stores them and enforces them. A hook marked *first result wins* is answered by the
region (the core's defaults answer only when the region does not); the others collect
a list from every registered plugin.

The region's declarations (``portal_region_info``, ``portal_rule_versions``,
``portal_parameters``, ``portal_credit_categories``, ``portal_duties``, ``portal_purposes``,
``portal_audit_workflow``) take no arguments and are answered once under the bureau's
settings and kept for the process: answer them from the region's own constants and
parameters, never from the date or the database.

After the region's set-up hooks come the four families (docs/writing-a-region.md): credit
conversion, compliance and eligibility, registration workflow, and reporting.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("portal")
hookimpl = pluggy.HookimplMarker("portal")


# Region set-up ---------------------------------------------------------------------


@hookspec(firstresult=True)
def portal_region_info():
    """Describe the region.

    Returns a ``RegionInfo``: its code (the entry-point name), its display name in
    Chinese, the unit its duties are counted in (``Unit.CREDIT`` or ``Unit.HOUR``) and
    the plugin's version. First result wins; every region must answer.
    """


@hookspec(firstresult=True)
def portal_demo_data(today):
    """Return the region's demo as ``DemoData``: org tree, one user per role, teachers
    and projects with their enrollments, dated relative to ``today`` so that the demo
    always has this year's and this cycle's figures. ``portal demo`` loads it into an empty
    database and converts the completed enrollments with the region's own rules.
    First result wins. Optional: for a region without one, ``portal demo`` says so and a
    deployment starts with ``portal setup`` (the bureau's unit and its first admin) instead.
    """


@hookspec
def portal_documents():
    """Return the regulations the region implements, a list of ``Document``: each file is
    shipped in the package (``<package>/documents/<file>``) with the short title people
    cite it by. Rules cite them as ``<file> §clause``; pages show a citation as the title
    and the clause, linking to the text with the clause highlighted, and
    ``portal rules test`` checks that every citation names a declared document and a
    clause its text has. Lists from all plugins are joined. Not optional in practice: every
    step, finding and parameter cites a document the region ships, and ``portal rules test``
    reports a region that declares none.
    """


# Credit conversion ------------------------------------------------------------------


@hookspec
def portal_rule_versions():
    """Return the region's rule versions, a list of ``RuleVersion`` (code, the date it
    applies from, its source). The core picks the one in force on a date: the latest
    that has begun, or the earliest for dates before them all. Each ledger entry keeps
    the code of the version that produced it. Every region must answer.
    """


@hookspec
def portal_parameters():
    """Return the region's numbers as a list of ``Parameter``: each with its dated values
    and clauses. A parameter with an ``assumption`` is a *setting*: the documents do not
    give it, the region chose a default and says why, and a bureau may override it
    (``PORTAL_SETTINGS``). Rules read them with ``Parameter.at(on)``, which sees the
    overrides. ``portal rules describe`` lists them all.
    """


@hookspec(firstresult=True)
def portal_level_labels():
    """Return the region's words for the training levels its documents name otherwise than the
    core (区级 where the core says 区县级): a mapping from ``Level`` to a ``Text`` of the
    region's catalogue, ``{Level.COUNTY: _("区级")}``. Every page of the core that names a
    level (the project form and its messages, the catalog's filters and lists, the project
    pages, the calculator, claims and the needs survey) then uses it; a level the mapping
    leaves out keeps the core's word. The region's own rules use the same mapping
    (``labels(LEVEL_LABELS, ...)``) so that its sentences agree. In English a level is a label,
    capitalised as the core's are (``City``, ``County``) and every label beside it: translate
    yours so (``District (county)``, not ``district``). First result wins; the core's default
    is none.
    """


@hookspec(firstresult=True)
def portal_mode_labels():
    """Return the region's words for the modes of training its documents name otherwise than
    the core (面授培训 where the core says 集中培训): a mapping from ``Mode`` to a ``Text`` of
    the region's catalogue, ``{Mode.CENTRALIZED: _("面授培训")}``. The core's pages that name
    a mode (the project form, the catalog's filters and lists, the project pages, the needs
    survey) then use it; a mode the mapping leaves out keeps the core's word. Your rules use
    the same words (``labels(MODE_LABELS, ...)``) so that steps and pages agree. In English a
    mode is a label, capitalised as the core's are (``Centralized training``). First result
    wins; the core's default is none.
    """


@hookspec(firstresult=True)
def portal_role_labels():
    """Return the region's words for the users' roles its documents name otherwise than the
    core (教育局 for the city's admin, 教育学区 for a district's): a mapping from ``UserRole`` to
    a ``Text`` of the region's catalogue, ``{UserRole.CITY_ADMIN: _("教育局")}``. Every page
    that names a role (a user's roles on their home page, the user form, the selection
    calendar's actors, whom an enrollment waits for) then uses it; a role the mapping leaves
    out keeps the core's word. First result wins; the core's default is none.
    """


@hookspec(firstresult=True)
def portal_activity_role_labels():
    """Return the region's words for what a teacher did in a training (the ``ActivityRole``:
    taking part, teaching, mentoring, presenting) where its documents name it otherwise than
    the core (参训教师 where the core says 学员): a mapping from ``ActivityRole`` to a ``Text`` of
    the region's catalogue, ``{ActivityRole.PARTICIPANT: _("参训教师")}``. The calculator's
    role field, the roles an admin enrols teachers in, a class list, a teacher's trainings and
    transcript, and the notice of being added to a training then use it; a role the mapping
    leaves out keeps the core's word. Your rules' steps use the same words so that the field
    and the step agree. In English each is a label, capitalised as the core's (``Participant``).
    First result wins; the core's default (``portal.defaults``) is an empty mapping: the core's
    words for all.
    """


@hookspec(firstresult=True)
def portal_wording():
    """Return the region's own words for messages of the core's pages where its documents name
    an act or a page otherwise than the core (选课 where the core says 报名, a calendar its notice
    calls 实施步骤): a ``Messages`` (``portal.domain.text``) of the region's package whose domain
    is a catalogue of the core's messages, ``Messages("myregion_wording", __name__)``, shipped
    as ``translations/<locale>/LC_MESSAGES/myregion_wording.po`` for each of the portal's
    locales (``zh_Hans_CN`` and ``en``), each ``msgid`` the core's English message and its
    ``msgstr`` the region's words in that locale. Every page, flash and message of the core
    then reads those words; a message the catalogue leaves out keeps the core's (and a message
    the core rewords later reads the core's words until the region words it again). Where the
    region counts hours, its words are read over the core's ``hours`` wording. First result
    wins; the core's default is None: the core's words throughout.
    """


@hookspec
def portal_credit_categories():
    """Return a list of ``Category`` (code, label, source clause) that the region's
    conversions put entries in: every category a conversion returns (an undeclared one is
    shown to teachers as its code, and ``portal rules test`` reports it). A category whose entries are kept in another unit than the
    region's (hours never converted to credits) says so (``unit``): an entry a person makes in
    it (an upheld appeal about a missing training) is kept in that unit. Lists from all plugins
    are joined.
    """


@hookspec
def portal_programs():
    """Return a list of ``Program``: the codes ``Activity.program`` may take, with the
    clause that defines each and a line on how it is credited. The calculator offers
    them; ``portal rules describe`` lists them.
    """


@hookspec
def portal_assessment_parts():
    """Return the parts of a composite assessment the region's rules score (``Described``:
    the code an ``Activity.scores`` key and a project's ``assessment_weights`` key take, its
    label, its clause). The organiser's result form asks a score for each part a project
    weighs, under these labels. Lists from all plugins are joined.
    """


@hookspec(firstresult=True)
def portal_activity_fields(on):
    """Say which fields of an ``Activity`` the region's conversion reads, for the calculator
    (规则试算) in force on ``on``: a sequence of ``ActivityField`` (``portal.domain``), or of bare
    names (``"days"``: the core's field as it is), among ``ACTIVITY_FIELDS``. The calculator asks
    those, in this order, and no other; ``level``, ``mode`` and ``hours`` always (listed, they
    take their place and may carry the region's label or choices; list ``level`` where the
    conversion reads it, since a claim of the core's kinds asks the level only then and otherwise
    gives an activity whose ``level`` is None), ``program`` wherever the
    region has programs (``portal_programs``; never where it has none), ``scores`` and
    ``weights`` as one field per part of ``portal_assessment_parts``. ``level`` or ``hours``
    declared with ``required=False`` may be left out, in the calculator and in ``portal rules
    convert`` alike (a level left out is none, hours left out are 0); a field needed and left
    out is refused in the field's label. A field's ``choices``
    (``Described``: code, label, clause) are the codes offered for ``level``, ``mode``, ``role``,
    ``grade`` or ``topics``; without them the calculator offers the project's
    (``portal_project_choices``) and else the core's (every level in the region's words,
    every mode, role and grade; topics typed). Offer only what the conversion takes:
    ``portal rules test`` reports a level, mode or role the calculator offers that the
    conversion refuses whatever else is given. First result wins; the core's default is
    None: every field, as before this hook.
    """


@hookspec(firstresult=True)
def portal_activity_form():
    """Return the WTForms form class the calculator page (规则试算) shows for an
    activity, for a region that needs a field no ``Activity`` field is (most need none:
    ``portal_activity_fields`` says which fields are asked, with the region's labels and
    choices). A subclass of ``portal.web.forms.ActivityForm`` that adds its own fields
    (``Within`` bounds a number without a second message on a non-number), overriding
    ``activity_data()`` to put them into the activity's JSON and ``field_for()`` to show a
    refusal of them under their field. The core fits the fields it inherits to
    ``portal_activity_fields``; a field the subclass defines or sets to ``None`` stays as
    it says. First result wins; the core's default is ``ActivityForm``.
    """


@hookspec(firstresult=True)
def portal_convert_activity(activity, on):
    """Convert one ``Activity`` into a ``CreditResult`` under the rules in force on ``on``.

    The result carries the amount (``Decimal``), its unit, its category and every step
    of the calculation, each ``Step`` citing its source as ``file §clause`` and naming the
    settings it relied on. The core stamps the rule version in force on ``on``
    (``portal_rule_versions``); the region does not choose it a second time. Return
    ``None`` only when the activity is not yours to convert; raise
    ``portal.domain.InvalidInput`` naming the field when the activity cannot be
    converted under your rules. First result wins.
    """


# Compliance and eligibility --------------------------------------------------------


@hookspec(firstresult=True)
def portal_cycle(on, teacher):
    """Return the ``Period`` of the region's training cycle (周期) that holds the date
    ``on`` for ``teacher`` (``TeacherFacts``), or for the region as a whole when
    ``teacher`` is ``None``. A region whose cycle depends on the teacher (counted from
    entering post, say) answers for the teacher here once; the teacher's kept standing,
    every list and every report follow it. An implementation may leave ``teacher`` out
    of its arguments when the cycle is the same for everyone.
    First result wins; every region must answer.
    """


@hookspec(firstresult=True)
def portal_year(on, teacher):
    """Return the ``Period`` of the region's year that holds the date ``on``: the year
    its yearly duty is counted over (a calendar year, or a school year from September),
    for ``teacher`` (``TeacherFacts``, or ``None`` for the region as a whole).
    ``Compliance.years`` are keyed by the year each such period starts in; the teacher's
    kept standing reports "this year" over this period. First result wins; the core's
    default is the calendar year.
    """


@hookspec(firstresult=True)
def portal_requirements(on, teacher):
    """Return the ``Requirements`` in force on ``on``: the cycle total and the yearly
    minimum (``None`` where the region sets none for a single teacher), with sources.
    With ``teacher`` (``TeacherFacts``) they are what is asked of that teacher (a new
    hire's first year, a cycle counted from entering post); with ``None``, the region's
    headline figures for the rules page. Each figure names the settings it comes from
    apart: ``settings`` the cycle's (``partial_cycle``), ``yearly_settings`` the year's
    (``partial_year``); every page and the JSON show each beside its own figure only.
    First result wins; every region must answer.
    """


@hookspec(firstresult=True)
def portal_check_compliance(teacher, records, as_of, today):
    """Judge one teacher's ledger on the date ``as_of``, as read on ``today``.

    Receives ``TeacherFacts`` and the teacher's counted ledger as a sequence of
    ``Record``. Returns a ``Compliance``: the cycle's progress (earned, and counted
    after the region's caps), each year of the cycle (every year from the cycle's first, or
    the teacher's first in post, to the year holding ``as_of``, keyed as ``portal_year``
    says: the teacher's home, the lists and the standings API read "this year" from it, and
    a year left out reads as nothing earned; ``required=None`` where the region asks nothing
    of a year), and ``Finding`` objects for every
    duty (minimums, caps, compulsory topics) with the clause it comes from and, for a
    minimum, the ``deadline`` by which it must be met: its last day. Once that day has
    passed, a finding not met is *missed* (``Finding.missed_on``): its period ended (a past
    year's minimum), nothing done now counts for it, so the pages show it as history, no
    training is suggested for it and it is not counted among the teacher's open duties
    (``open_duties``, every duty met); give a deadline only where that is so. Where what a
    duty asks of this teacher is not the documents' figure its ``Duty`` label states (a
    share for a teacher in post part of the period), give the finding a ``label`` saying
    what is asked of them (``findings.as_asked``); the pages head the duty with it.

    ``today`` says whether a period has ended, for the words of its findings: a period ends
    after its last day, not on it (``Period.ended_on(today)``, the one test the core's
    ``Finding.ended_on`` makes too). It is ``as_of`` on a running period's days: on its last day
    (31 December of a calendar year) a finding of it is still open, says what is still needed by
    that day, and is not worded as missed. Where the core judges a cycle that has ended by the
    rules of its last day (the previous cycle's page, a cycle's conclusion: ``as_of`` its last
    day, so that ``portal_cycle`` still finds it) ``today`` is a later day, and its findings say
    it ended. Only whether a period ended on it may depend on ``today``, never a figure.
    Optional: an implementation without it is called as before the argument (its findings read
    ``as_of`` alone).

    The core keeps the answer as the teacher's standing (with ``portal_eligibility``,
    ``portal_requirements`` and ``portal_year`` for the teacher) and every page, list and
    report reads it; it is asked again when the teacher's ledger or facts change, when the
    year or cycle ends, when a finding's deadline passes, and when a rule version, the
    plugin's version or a bureau's setting changes. So the answer must depend on nothing
    else: the arguments, the region's parameters and settings. The cycle reported must be
    ``portal_cycle(on=as_of, teacher=teacher)`` and ``cycle.required`` what
    ``portal_requirements(on=as_of, teacher=teacher)`` says (``portal rules test`` checks both).
    First result wins; every region must answer.
    """


@hookspec
def portal_duties():
    """Return a list of ``Duty``: one for each ``Finding`` code that
    ``portal_check_compliance`` may return, with its clause (for ``portal rules describe``
    and the compliance page's legend). The pages head a finding with its duty's label: a code
    left undeclared is shown as the code itself (the two every region shares, ``cycle_total``
    and the yearly minimum, in the core's words), and ``portal rules test`` reports it.
    A duty marked ``lead`` is one the documents set themselves where the year's and the
    cycle's figures are settings they do not give: a teacher's home shows its finding first,
    in a card with its clause and the duty's ``detail``, before those figures.
    """


@hookspec
def portal_purposes():
    """Return a list of ``Purpose``: each use of credits ``portal_eligibility`` judges
    (title review levels, certificate re-registration, awards, annual rating ...).
    """


@hookspec
def portal_eligibility(teacher, records, as_of):
    """Return a list of ``Eligibility``, one for each purpose the plugin knows (title
    review levels, certificate re-registration, awards, annual rating ...), each with
    ``ok``, the reason in words a teacher understands, its source clause and, when not
    ok, ``missing``: what is still needed and by when. The answer is kept with the teacher's
    standing: where the passing of days alone changes it (a rolling 近 N 年 window counted back
    from ``as_of``), give ``holds_until``, the last day it holds, and it is asked again then.
    Lists from all plugins are joined, so an add-on can contribute a purpose.
    """


# Registration workflow -------------------------------------------------------------


@hookspec(firstresult=True)
def portal_enrollment_workflow():
    """Return the enrollment ``Workflow``: its states, and for each transition the role
    that performs it. It must have a state ``completed``: the one in which the
    enrollment's credits are registered. The core enforces it and records an audit
    event for each step. Mark a step that withdraws or cancels rather than takes the
    enrollment forward ``Transition(..., cancels=True)`` (撤销报名, 退出): an enrollment on which
    a reader's only steps cancel is not in their awaiting list nor in their home's count (the
    default, False, counts every step as one forward, as before the flag). Say through which
    reach an admin takes a step with ``Transition(..., over=OVER_TEACHER)`` (their scope holds the
    enrollment's teacher: a school's review of its own teacher's choice) or
    ``over=OVER_ORGANISER`` (their scope holds the project's organiser: an institution's recheck,
    recording the completion) or ``over=OVER_ORGANISER_UNIT`` (they hold the role at the
    organising unit itself: a bureau's or a school's admins for a training it runs itself);
    left out (None), any reach serves, as before the field. The
    core asks it wherever the step is offered, taken, counted or listed as awaiting, and keeps
    the answer for the day under the same settings (every page asked it): build it from the
    day (``portal.clock.today()``, for a dated parameter such as a payment deadline) and the
    settings only; what depends on the enrollment or the moment belongs in the guards.
    First result wins; the core's default is enrol → complete, or withdraw.
    """


@hookspec(firstresult=True)
def portal_audit_workflow():
    """Return the credit-audit ``Workflow`` that a ledger entry goes through before it
    counts (for example school registers → county reviews → city approves). The admin
    home counts the entries waiting for each role. A step that returns or rejects an entry
    asks for a reason (``asks=(REASON,)``), which the core requires and shows to whoever the
    entry goes back to; a returned entry should go back to a state in which the level that
    can correct it acts. ``Transition.over`` says through which reach an admin takes a step, as
    in the enrollment workflow: ``OVER_TEACHER`` (their scope holds the entry's teacher: the
    department of the teacher's area), ``OVER_ORGANISER`` (it holds the organiser of the entry's
    project) or ``OVER_ORGANISER_UNIT`` (they hold the role at the organising unit itself: a
    school's or a bureau's admins handing in again the result of a training it ran, not another
    unit's of the same kind); left out (None), either reach serves. First result wins; the
    core's default is a single review by the school admin.
    """


@hookspec
def portal_audit_findings(step):
    """Guard a step of the credit audit: receives an ``AuditStep`` (the entry's date,
    category, amount and activity facts, the states, the role taking it, the day, the
    teacher's cycle, where the entry comes from, the kind of unit the teacher's school
    sits under, and ``project_materials``: how many files of training materials its organiser
    has uploaded to the entry's project, None where the entry comes from no project; the kind
    of unit that ran that project, ``organiser_kind``, and ``at_organiser``: whether the role
    taking the step is held at that unit itself) and
    returns a list of ``Finding``, each with its clause. A step with a
    finding that is not ok is not offered, and its findings say why (a cycle-end approval
    before the cycle ends; a school registering a district's training, which its organiser
    registers). A finding coded ``NOT_APPLICABLE`` (``portal.domain.workflow``), or a refusing
    one marked ``never=True``, says the step does not apply to this entry at all, or will never
    be this actor's on it: it is neither offered nor shown as withheld. A finding
    that is ok but whose ``deadline`` has passed on ``step.on`` marks the step late: it is
    offered, the queue says so, and the audit event keeps the deadline. Lists from all
    plugins are joined; the core's default is none (no step waits for materials).

    Who a step is for belongs in the workflow too, as ``Transition.applies`` (a condition on
    the entry's facts and source), because a reviewer's queue is one query: an entry whose
    steps do not apply to a role is not in that role's queue. Keep the guard saying why.
    """


@hookspec(firstresult=True)
def portal_claim_kinds():
    """Return the list of ``ClaimKind``: the credits a teacher claims, or their school
    enters for them, with evidence files, outside the portal's projects (self-study
    achievements, degree courses, trainings on another platform, the documents' other
    cases), each with its clause, the levels offered, whether the claimant gives hours or
    credits, and what the evidence must show. A claim is converted by the region's own
    ``portal_convert_activity`` (``ClaimKind.activity``), enters the ledger in the audit
    workflow's first state with ``entry_source`` the kind's ``ledger_source``, and counts
    under the region's caps like any entry. First result wins; the core's default is two
    kinds, a centralized and an online training taken outside the portal, in hours (a
    region crediting other modes, or needing a grade, declares its own). Return an empty list for a region
    that takes no claims.

    A kind for some teachers only: ``stages``, the school stages it is for; ``applies``, optional,
    a ``ForTeachers`` (``portal.domain.claims``) for the teachers it is for by their other facts
    (``TeacherFacts``: in probation, entered post within some years), where the documents make
    it theirs only: ``holds(teacher, on)`` is asked on the portal's today, ``who`` names them in
    the clause's words and ``source`` cites that clause. A teacher it does not hold for is neither
    offered the kind nor told others enter it for them, and a claim of it for them is refused
    (``not_for_teacher``), saying ``who`` and the clause. None (the default): every teacher.

    The level: a kind of one level carries it unasked; one offering several asks it where its
    rules read it. ``asks_level`` (optional, added later): True asks it; False, for a kind whose
    conversion does not read the level (hours registered whatever it), asks none and records
    none (``Activity.level`` None: the conversion then gets no level, and the entry's facts have
    none, a fact not known); None (the default) asks it where the region's rules read a level,
    its ``portal_activity_fields`` listing ``level`` or declaring none, as every kind did before.
    So the core's two kinds ask a level only of a region whose rules read one.
    """


@hookspec(firstresult=True)
def portal_appeal_policy():
    """Return the ``AppealPolicy`` (``portal.domain.appeals``): which role answers a teacher's
    appeal about an entry, a missing entry or a standing (over the teacher's school), and how
    many months after the matter an appeal may be made, with the clause (for example: the county
    bureau within half a year). An upheld appeal changes the ledger by a reversal and
    a new entry, which enters the audit where the answering role's own first step takes an
    entry (``Workflow.found_by``: counted at once where that step counts, else on to the
    levels that audit after it); a closed window is refused with this clause. ``evidence=True``
    where the documents ask the teacher for proof: an appeal without a file is refused.
    ``missing_from_year_end=True`` where a year's activities are registered when it ends: a missing
    activity's window runs from its year's end, not its date. First result wins; the core's
    default: the school admin answers, with no window, files optional.
    """


@hookspec(firstresult=True)
def portal_credit_account(teacher, records, as_of):
    """Return the teacher's ``CreditAccount`` (``portal.domain.appeals``) on ``as_of``, from the
    same ``TeacherFacts`` and counted ``Record`` list as ``portal_check_compliance``: each
    year's required, earned, saved, borrowed and repaid credits, the balance and what is owed,
    and the borrowing that would cover the current year's shortfall now (a ``CreditResult``
    entered, on the teacher's request, as a ledger entry of source ``borrowing`` that goes
    through the audit chain), or why none may be made. The rules the documents leave open are
    settings. First result wins; return ``None`` for a region without a credit bank (the
    core's default).
    """


@hookspec(firstresult=True)
def portal_project_form():
    """Return a WTForms ``Form`` class holding the region's own fields of a training project
    (a program code, a certificate, a funding source ...), or ``None`` for none. The core
    adds them after its own fields on the project's form and keeps their values, as text,
    numbers or lists, in the project's ``region_fields`` under the fields' names; the rules
    see them as ``ProjectFacts.region_fields``. The project's page (its organiser and reviewer)
    and its catalog page (teachers) show each value given under its field's label, a choice by
    its label. Labels are the region's words (its own
    catalogue). First result wins; the core's default is none.
    """


@hookspec(firstresult=True)
def portal_project_labels():
    """Return the region's words for the core's project fields its documents name otherwise: a
    mapping from the field's name to a ``Text`` of the region's catalogue, today
    ``{"base_credits": _("认定学分")}`` (the figure a project declares). The project form, the
    project's terms and the catalog then read it; a field the mapping leaves out keeps the core's
    words (项目基础学分), and ``portal rules test`` reports a name it does not know. First result
    wins; the core's default is none.
    """


@hookspec
def portal_project_required():
    """Return the names of the core's project fields the region requires (``program``,
    ``stages``, ``subjects``, ``layer``, ``category``, ``capacity``, ``base_credits``,
    ``description``, ``topics``): the project form refuses to save without them, saying
    which. Lists from all plugins are joined.
    """


@hookspec(firstresult=True)
def portal_project_choices(on):
    """Return the values a project's ``level``, ``mode``, ``layer`` and ``topics`` may take for a
    project starting on ``on``: a mapping from the field's name (``"level"``, ``"mode"``,
    ``"layer"``, ``"topics"``) to a tuple of ``Described`` (the code kept on the project, a
    ``Level`` or ``Mode`` value for those two, the label shown, in the region's words, and the
    clause or setting that lists it). The project form offers only them, in this order, under
    their labels (a level and a mode from the region's list, one layer from a list, topics by
    ticking), and the service refuses any other value (the JSON API too, 422 naming the field):
    list the levels and modes your rules credit, so that nobody fills in a project the rules
    then refuse. The ``"layer"`` list is also a teacher's: the teacher's details form offers
    it, and the teachers' import takes a layer by its label (in Chinese) or code, offers the
    labels in its template's drop-down list, and refuses any other (with no such list, the
    template has no layer column and a layer typed is refused). A teacher's or a project's layer
    kept from before the list (typed freely) stays offered on its form, as it reads, and is kept
    until someone changes it; the import still refuses it. A ``"program"`` list names the
    programs (codes of ``portal_programs``) a project may be of, where some are not a
    project's: one the region credits only as a claim (a training taken outside the portal,
    recognised by the school) is left out, so that no project carries it and escapes what the
    rules ask of a project's participants; the calculator still offers every program. A field
    the mapping leaves out stays as the core has it: every level, mode and program, a layer and
    topics typed freely; but a level or a mode whose choices ``portal_activity_fields`` gives (the
    ones the conversion takes) is offered and checked from those, so it is said once. First result wins; the core's default (``portal/defaults.py``) lists
    none.
    """


@hookspec(firstresult=True)
def portal_enrollment_form(project):
    """Return a WTForms ``Form`` class of the region's own fields of an enrollment (asked
    when a teacher selects a project, or instead at the step of the enrollment workflow that
    asks ``FIELDS``: an invoice filled in at enrolling, after the school's approval), kept in
    the enrollment's ``region_fields``; or
    ``None`` for none. ``project`` is the project selected (``ProjectFacts``: its fee,
    level, mode…), so the form may leave out what does not apply to it (an invoice where no
    fee is charged); an implementation may ignore it. First result wins; the core's default
    is none.
    """


@hookspec(firstresult=True)
def portal_project_organisers():
    """Say who creates training projects (declares them and runs them) where the region's
    documents name them: a ``ProjectOrganisers`` with the admin roles (of the core's organisers:
    school, district, city and province admins, training institution staff) and the clause
    naming them (a notice having the institutions and the bureau declare projects and the schools
    run their own: an education zone's admin creates none). The others get no Projects menu, no
    new-project form or button, and a creation (the form or ``POST /api/projects``) is refused
    with the roles and the clause; nor do they run a project's steps as its organiser. With
    ``own_unit=True`` a project is edited, declared and rescheduled only by an organiser role at
    its own unit, not by one above it (a bureau reviewing an institution's declared training is
    not offered 修改 or 改期 on it). First result wins; the core's default (None): every organiser
    role, each over the units below its own too.
    """


@hookspec(firstresult=True)
def portal_project_review(project):
    """Say who reviews a declared project (``ProjectFacts``) before it is published: a
    ``ProjectReview`` with the role that reviews it (the bureau's level) and the clause, or
    with ``role=None`` when the organiser publishes it directly; ``otherwise`` names the
    roles that review in turn where nobody holds ``role`` over the organiser's unit (where nobody
    holds any of them, the declaration is refused and the project stays a draft). A reviewer approves it,
    rejects it with a reason, or returns it for changes. First result wins; the core's
    default publishes directly.
    """


@hookspec
def portal_selection_findings(selection):
    """Judge whether a teacher may take a project: receives a ``Selection`` (the project,
    the teacher, who selects, the calendar phases open now, the unit's quota left, whether the
    project's seats are allocated to the teacher's unit at all (``quota_allocated``), whether
    they are allocated to units none of which is on the teacher's path (``quota_unallocated``:
    0 left that is none allocated, not used up) and the teacher's other selections) and returns a list of ``Finding``, each with its clause:
    the school stage, subject or layer, the window or round, a prerequisite, the fee. Any
    finding not ok refuses the selection, and the teacher reads every finding on the
    project's page. ``portal.domain.selection`` has the findings every region writes. The
    core adds its own (a seat left, not already enrolled); its word on the unit's quota gives way
    to the region's own (a ``QUOTA`` finding, or ``UNALLOCATED`` refusing a unit allocated none),
    never to a refusal for another reason. Lists from all plugins are joined.
    A mismatch the documents ask teachers to weigh without forbidding it (another stage or
    subject) is an ok finding with ``caution=True``: shown as a caution, not a tick, and the
    suggestions prefer trainings without one. A refusal nothing will lift for the teacher as
    recorded (another stage's training, another area's) may carry ``never=True``: the catalog
    page then says what the training earns those it is for, not what it "would earn you".
    """


@hookspec(firstresult=True)
def portal_selection_state(selection):
    """Return the enrollment workflow's state a selection enters (a ``Selection``, as
    ``portal_selection_findings`` receives it) where it is not the workflow's ``initial``: an
    admin's submission of their own teacher enrolled at once where the region's documents make
    that submission the school's approval. A state holding a seat takes it then (refused when
    none is left; the selection's findings and the bulk pages say "no seats left" beforehand).
    None (the default) enters ``initial``. First result wins.
    """


@hookspec(firstresult=True)
def portal_selected_by(project):
    """Return the roles who may select ``project`` (``ProjectFacts``) for a teacher where it
    differs from the enrollment workflow's ``selected_by`` (a training every teacher must
    select themselves: ``(UserRole.TEACHER,)``), or None for the workflow's. The class list
    offers admins bulk enrolment as participants only where they may select. First result
    wins; the core's default is None.
    """


@hookspec(firstresult=True)
def portal_quotas_allocated_by(project):
    """Return the roles who allocate ``project``'s (``ProjectFacts``) seats to units (名额分配)
    where the region's documents give that to someone other than the project's organiser and
    reviewer (the bureau that decides a project's seats: ``(UserRole.CITY_ADMIN,)``), or None
    for both of them. The roles allocate where they hold them over the organiser's unit; the
    project's page offers the quotas to them alone. First result wins; the core's default is
    None.
    """


@hookspec
def portal_unit_findings(project, unit):
    """Judge whether a project (``ProjectFacts``) is for the teachers of an org unit at all, by
    the unit alone: receives a ``UnitFacts`` (its name, its kind and the names of the units
    above it up to the unit the project is for) and returns a list of ``Finding``, each with its
    clause (a county the document has organise its own training, outside the city's project).
    Any finding not ok leaves the unit, and the units below it, out of the project's quota
    page (名额分配): no quota is offered to it, and one set there is refused with the finding's
    message and clause (a quota set before is listed, to be removed). A teacher's own selection
    is judged by ``portal_selection_findings``, which should refuse it for the same reason.
    Lists from all plugins are joined; the core's default is none: every unit under the unit
    the project is for.
    """


@hookspec(firstresult=True)
def portal_highest_levels():
    """Return a mapping of ``OrgKind`` to the highest ``Level`` a project its units organise may
    have: saving a project of a level above it is refused (naming the field ``level``); a kind
    left out organises any level. The core's default (``OWN_LEVEL``) is each unit's own level:
    a school's trainings are school-level, a district's county-level, a city's city-level, a
    province's provincial, a training institution's any. A region whose documents let a unit run
    a level above its own (a province the 国培计划's national projects, a school hosting a county
    training) answers its whole mapping here. A value may be a ``HighestLevel(level, source)``
    (``portal.domain``) instead of a bare ``Level``, where the region's documents say that reach
    (``source``: ``"file §clause"``): the refusal is then a finding citing that clause, linked
    to its text, as every rule's refusal is; a bare ``Level`` (the core's default, a unit's own
    level, which no document says) is refused in the core's words, citing nothing. Where the
    documents name the levels but not which unit runs which, the reach is a setting: give
    ``HighestLevel(level, source, settings=(name,))`` and the refusal names the setting too. An edit
    keeping a project's level and organiser is not judged again. First result wins.
    """


@hookspec(firstresult=True)
def portal_school_projects_open():
    """Return True when a school's own trainings (a school-level project its school organises:
    校本培训, 校本研修) are offered to the teachers of other schools too. By default they are
    not: the catalog lists such a project only to its school's teachers (and to admins), and the
    core refuses another school's teacher selecting it (finding ``selection_school``). A
    school's training of a higher level follows its level either way: a county training a
    school hosts is for its district's teachers, a city one for the city's, as its quotas are
    (``quotas.audience``). First result wins; the core's default is False.
    """


@hookspec
def portal_move_findings(move):
    """Guard a step of the enrollment workflow: receives a ``Move`` (the selection, the
    state, the target, who moves it, what it carries in ``data`` and what the enrollment
    already holds in ``recorded``) and returns a list of ``Finding``; any not ok refuses the
    move, with its message and clause. The core has already checked that the step is in the
    workflow, that the actor holds its role over the teacher or the project, and what the
    transition ``asks`` (a reason, a result within the project's dates and hours, a payment,
    an evaluation, the notice agreed to: ``AGREEMENT``).

    The core also asks before anyone clicks, to offer only the steps nothing refuses: then
    ``move.data`` is None (``move.asking``). Judge what needs no data (who, when, which
    project, ``move.recorded``) and leave the rest to the click, when the core asks again with
    the data. A guard that fails on ``data`` None (AttributeError, KeyError, TypeError) is
    taken as not refusing the offer; the core then asks it once more with data that raises
    when read, and a guard failing again without reading it has a bug: that is raised
    (``RegionGuardError``, logged with the step), never taken as an answer. A finding coded ``NOT_APPLICABLE``
    (``portal.domain.workflow``) says the step is not for this enrollment at all (a region
    with two ways to the same state, for projects of two kinds): it is neither offered nor
    shown as withheld, and refused if taken. So does a refusing finding with ``never=True``,
    keeping its own code: this actor will never take the step on this enrollment (another
    role's step on this project). A refusal without either is shown as "not yet", with its
    message: keep that for what may lift (a window not open yet, a result still awaited).
    Lists from all plugins are joined.
    """


@hookspec
def portal_enrollment_notes(move):
    """Say what comes with an enrollment's state beyond the state's label, where the region's
    documents date it (a training notice the institution sends in a window of the calendar):
    receives a ``Move`` of the enrollment as it stands now, whose ``target`` is its own state
    (no step is taken: ``state == target``, ``data`` None, ``by`` the teacher whose
    enrollment it is, ``phase`` the round it was selected in, its ``selection`` dated now with
    the calendar in force), and returns a list of ok ``Finding``, each with its clause, worded
    for whoever reads them (按进程表，培训通知于 … 发放): ``move.selection.reader`` is the
    reader's role where not the teacher herself (``selection.to_teacher``): the school, the
    bureau, or the institution running the training, on its class list, that sends the notice
    and is not to be told to ask itself for it. The teacher's trainings
    and their page of the training, the class list and the awaiting list show them under the
    state. Lists from all plugins are joined; the core's default is none.
    """


@hookspec
def portal_awaiting_when(roles, on, calendar):
    """Say when enrollments come to wait for a step of ``roles`` (a frozenset of ``UserRole``,
    the reader's roles other than teacher: a workshop leader's too, not only an admin's), read on ``on`` (a date) with ``calendar`` (the phases of the
    calendar in force, open or not): which phase of the calendar brings them, with its dates, or
    that none does and who acts instead. Returns a list of ok ``Finding``, each with its clause;
    the awaiting list shows them when nothing waits for the reader (a trial's zone admin read
    only "nothing waits for you", with no word of when, or whether, anything would). Lists from
    all plugins are joined; the core's default is none.
    """


@hookspec(firstresult=True)
def portal_needs_survey():
    """Return a ``NeedsSurvey`` (its clause) when the region asks its teachers' training needs
    at their first sign-in, or ``None`` (the default) when it does not. The answers recommend
    trainings in the catalog; the dashboard counts who answered (``ScopeSummary``).
    First result wins.
    """


@hookspec
def portal_project_findings(step):
    """Guard a step of a project: receives a ``ProjectStep`` (``SAVE``, ``DECLARE``, ``REVIEW``,
    ``REQUEST_CLASSES`` or ``DECIDE_CLASSES`` from ``portal.domain.selection``, the project,
    who takes it, when, the calendar phases open then, and the whole calendar in force, so a
    refusal can name a closed window's dates) and returns a list of ``Finding``; any not ok
    refuses the step, with its message and clause (a declaration outside the declaration
    window, class expansion outside its phase), and the project's page then offers no button
    for a declaration or review it refuses, saying why. At ``SAVE`` (the organiser creates
    or edits the project; ``step.before`` is the project before an edit) a refusing finding
    names the field it judges (``Finding.field``: ``fee``, ``start`` ...), where the form and
    the API show it; at ``REVIEW`` ``step.decision`` is the reviewer's (None while the page
    only asks whether to offer the review: a guard of one decision, an approval, judges
    only that one). Lists from all plugins are joined.
    """


@hookspec(firstresult=True)
def portal_project_assessment_weights(project):
    """Return the weights (part code → percent, the parts of ``portal_assessment_parts``) of
    the composite assessment a new project (``ProjectFacts``) is given when its organiser
    gives none, or ``None`` for none: the results of its enrollments are then recorded part
    by part. Asked when a project is created on the page or through the API, and when an
    edit changes its program before any seat is taken. First result wins; the core's
    default is none.
    """


@hookspec(firstresult=True)
def portal_selection_calendar(on):
    """Return the region's default selection calendar for the term that holds ``on``: a
    tuple of ``Phase`` (declaration, review, publication, round 1, principal review, class
    expansion, recheck, round 2, notices ... as the region names them), each dated and
    citing its clause. The bureau's own dates, edited in the portal, replace these;
    ``Selection.phases`` holds the phases open when a teacher selects. A region whose
    documents let organisers ask for more classes (扩班) names that phase's kind
    ``CLASS_EXPANSION_REQUEST`` (and the decision's ``CLASS_EXPANSION_DECISION``,
    ``portal.domain.selection``): the core offers requests for more classes only where the
    calendar has such a phase. First result wins; the core's default is no calendar:
    selection is open whenever a project is published, and no more classes are asked for.
    """


@hookspec(firstresult=True)
def portal_phase_concerns(phase, unit):
    """Say whether a phase of the selection calendar (``Phase``, the region's or the bureau's
    dates) concerns a unit (``UnitFacts``: its name, kind and the names above it), where your
    documents leave some units to run their own schedule (counties a city's notice lets organise
    their own training submit nobody by the city's enrollment deadline). An
    admin's home says a phase open today only to those whose roles act in it over a unit it
    concerns: False, it does not; True or None, it does. First result wins; the core's default:
    every phase concerns every unit.
    """


@hookspec(firstresult=True)
def portal_hours_condition(project):
    """Say what a teacher must complete for a project's hours to be credited, where your
    documents attach a condition to the hours they state (a notice's 60 学时, registered only on
    passing its composite assessment): a ``HoursCondition(message, source)`` for this project
    (``ProjectFacts``), or None. Its page, the teachers' and its organiser's, says it beside the
    hours, with the clause. First result wins; the core's default is None: the hours alone.
    """


@hookspec(firstresult=True)
def portal_catalog_listing():
    """Say from when the teachers' catalog lists the projects of a term: a ``CatalogListing``
    (``portal.domain``) naming the phase of the selection calendar from whose first day teachers
    see them (a browsing window after the formal publication) and the clause, or None. A
    project published within the term (on or after the first day of the calendar in force)
    before that day is then left out of the catalog, its filters, its recommendations, the
    duties page's suggestions and ``GET /api/projects`` for teachers, and refused to a teacher
    selecting it, until the day; its organiser and its reviewer (and admins browsing the
    catalog) see it all along, its page saying from when teachers will. A project published on
    or after that day, or while the calendar in force has no such phase, is listed at once.
    Read by the catalog's one query a page, not per project. First result wins; the core's
    default is None: a published project is listed at once.
    """


@hookspec(firstresult=True)
def portal_cycle_conclusion():
    """Say who concludes each teacher's ended cycle (周期审定), where the region's documents have a
    bureau give every teacher a conclusion on the cycle and feed it back to the school and the
    teacher: a ``ConclusionPolicy`` (``portal.domain``) naming the role, which concludes the
    teachers of the schools its scope covers, and the clause. The conclusion itself is the
    core's: once the teacher's previous cycle has ended and none of its entries is still in its
    audit, passed when the cycle's own duty (``Compliance.cycle``: the total and every condition
    of it) is met as ``portal_check_compliance`` judges it on the cycle's last day, over the
    entries of it that count; kept once, shown on the teacher's previous cycle, and told to the
    teacher and the school's admins. A teacher none of whose entries of the cycle is kept here
    is not concluded (the portal cannot know). First result wins; the core's default is None: no
    conclusion is given, and the previous cycle is shown as its rules judge it.
    """


@hookspec(firstresult=True)
def portal_calendar_editors():
    """Return the admin roles that edit the bureau's selection calendar (the one calendar of the
    deployment, which every unit below follows): the roles of the bureau whose documents set
    it (a city's notice: ``(UserRole.CITY_ADMIN,)``), so a district below cannot move the
    city's deadline. First result wins; the core's default is the district, city and province
    admins.
    """


@hookspec(firstresult=True)
def portal_selection_phase_order():
    """Return the order the region's documents set between the phases of its selection
    calendar: a tuple of ``PhaseOrder`` (round 2 after round 1, a round's principal review
    not before its round ...), each naming the two kinds and citing its clause. The bureau's
    calendar is refused, on the later phase, when it breaks one. First result wins; the
    core's default is none.
    """


@hookspec
def portal_payment_methods():
    """Return the ways a teacher may pay a project's fee, a list of ``PaymentMethod``
    (``portal.domain.payments``): each with its code, its label and ``confirm(payment)``,
    which the core asks when the teacher takes a step that ``asks`` for ``PAYMENT``. The core
    ships ``FinanceOffice`` (paid through the school's finance office). A project without a
    fee needs none. Lists from all plugins are joined.
    """


@hookspec(firstresult=True)
def portal_recognise_transfer(entry, teacher):
    """Say how an entry earned in another region, brought by a signed record of the teacher's,
    is treated here: a ``Recognition`` (``portal.domain.transfers``) with the ``CreditResult``
    it is entered as (None: not recognised) and findings citing the clause. ``entry`` is a
    ``TransferredEntry`` (its day, title, amount and unit, the sender's category label and
    the ``Activity`` the sender converted, if any); ``teacher`` the ``TeacherFacts`` here
    (``transferred_in``: when they arrived). Return None to leave the entry to the core: it
    converts the entry's activity with this region's own ``portal_convert_activity`` and
    recognises nothing that came without one. Either way the entry then waits in the audit
    workflow's first state, as any entry does, with its origin.
    """


# Reporting -------------------------------------------------------------------------


@hookspec
def portal_dashboard_panels(summary):
    """Return a list of ``Panel`` for an admin's home page.

    Receives the ``ScopeSummary`` the core computed in SQL for the org units the admin
    may see (teachers, projects, this year's total, teachers meeting the yearly and cycle
    duties, who signed in and answered the needs survey, and ``selections``: the
    participants' selections standing now in this and later years' projects, counted by the
    project's year, layer and base credits and the teacher's layer, for a rate the region
    watches while selections are made). Computed on each request, so a panel is live.
    Lists from all plugins are shown in registration order. A panel showing a figure the
    home has a card or line of its own for (this year's total, the teachers who met the year)
    says so in ``Panel.restates``: the core then shows that figure once, in the panel.

    A count out of a total sets the count as ``value`` and the total as ``Panel.of``: the home
    shows "12 / 42" (in English "12 of 42") as its own cards do, only the count emphasised; a
    panel without ``of`` shows ``value`` whole. A count of teachers about the year's duty (or the
    cycle's total) is out of the teachers judged (``summary.year_judged``, ``cycle_judged``), as
    the home's cards and the compliance report count it: never out of ``year_asked`` or
    ``teachers``, which hold the teachers whose standing is being computed again
    (``summary.waiting``, in no figure; the home's notice above the panels says how many).
    ``Panel.judged(title, count, summary, ...)`` builds such a panel (a dash when nobody is judged).
    """


@hookspec
def portal_reports():
    """Return the region's own reports, a list of ``Report`` (``portal.domain.reporting``):
    a code, a title, the clause it answers and its columns, each a ``Column`` whose
    ``value(summary)`` reads a figure, a text or a ``Finding`` from one unit's
    ``ScopeSummary``. The core lists them beside its own (compliance by unit, uses of
    credits by unit, and the cycle conclusions by unit where ``portal_cycle_conclusion`` names
    who gives them) for every admin, computes one summary per unit below the reader in
    set-based SQL from the kept standings, draws the ``chart`` column and exports to
    Excel. For reports the summary also holds ``duties_open``, ``purposes_open``, the
    year's entries by audit state (``states``) and the year's counting entries by category
    (``categories``) and, where ``reads`` names them, by program (``programs``).
    ``rows="workshops"`` makes a row per workshop below the reader instead of per unit, each
    summing its members. ``reads`` names the figures beyond the headline ones
    its columns read (``portal.domain.reporting.OPTIONAL``: the duties not met, the uses open,
    sign-ins, surveys, selections, projects, programs, conclusions: each unit's teachers whose
    latest ended cycle was concluded passed or not); the others are not counted, which over a city is
    most of the cost. A column's ``drill`` (``portal.domain.reporting.DRILLS``) makes its figure
    open exactly the teachers it counts; ``sheet`` names the Excel sheet in a few words, as
    Excel keeps only 31 characters of a sheet's name. Lists from all plugins are joined, in
    registration order.
    """


@hookspec
def portal_certificates():
    """Return the certificates the region issues to its teachers, a list of
    ``CertificateKind`` (``portal.domain.certificates``): each with its code (kept as the
    issued document's kind), its title, the clause that provides for it and ``judge``, a pure
    function of a ``CertificateCase`` (the teacher's facts, counted records up to the day and
    kept standing) returning an ``Award``: eligible or not, the ``Finding`` objects that say
    why (each with its clause), the period the certificate covers and the text it states, and
    ``earlier``: the eligible awards of earlier periods of the same kind (a training passed in
    several years: each year's is offered, and issued by its period). The core shows a teacher who is not eligible the findings, and issues an eligible teacher's
    certificate as a frozen PDF with a QR code to the public verification page, like a
    transcript (superseded when issued again for the same period, revoked by an admin with a
    reason). Lists from all plugins are joined; the core issues none of its own.
    """


# Notifications ---------------------------------------------------------------------


@hookspec
def portal_deliver_notification(notice):
    """Send a ``Notice`` (``user_id``, ``message``, ``link``) outside the portal, by SMS or
    WeChat, from a background job queued once the change it reports is committed (never for
    one rolled back); the portal's own notification list already holds it. Called for every registered implementation; the core's default only
    logs it. A delivery that fails must not raise: log it and carry on.
    """
