"""Course selection (§二, §四(二), §附件 进程表): the term's calendar, who may select which project
and when, when the school's review and the institution's recheck may be made, who reviews a
declared project and what a project must declare.

The notice makes four rules of selection: teachers select for themselves (教师自主选课), in
two rounds only, round 2 only for teachers whose round-1 choice the school did not reject,
and each review or recheck within its dates in the annex. What it says of layer, category,
subject and stage is not a condition for one teacher: the platform's credit structure is set
by them "with deviation" (偏差性), and the 75 % layer-and-category match of 90+ credit
projects is a school's rate (``reporting.layer_match_finding``), so those findings inform and
never refuse.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from portal.domain import (
    CatalogListing, Described, Finding, Move, OrgKind, Phase, ProjectFacts, ProjectOrganisers, ProjectReview, ProjectStep,
    Selection, UserRole,
)
from portal.domain.calendar import window as window_words
from portal.domain.findings import with_note
from portal.domain.results import Words
from portal.domain.workflow import NOT_APPLICABLE
from portal.domain.selection import (
    CLASS_EXPANSION_DECISION, CLASS_EXPANSION_REQUEST, DECIDE_CLASSES, DECLARE, LAYER, PREREQUISITE, REQUEST_CLASSES, REVIEW, ended_finding, stage_finding,
    subject_finding, window_finding,
)

from . import parameters as P
from . import workflow as W
from .parameters import src
from .words import MODE_LABELS, _

SELF_SELECTION_CLAUSE = src("四(二)（教师自主选课与审核）")
ROUNDS_CLAUSE = src("四(二)（教师自主选课分两轮进行）")
ROUND2_CLAUSE = src("四(二)（凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课）")
STRUCTURE_CLAUSE = src("二（是根据教师的层次、类别、学科、学段等因素设定的）")
SCHOOL_REVIEW_CLAUSE = f"{src('附件 第3项（校长对第一轮选课进行审核）')}、§附件 第3项（校长对第二轮选课进行审核）"
RECHECK_CLAUSE = f"{src('附件 第3项（培训机构受理复核）')}、§附件 第3项（培训机构受理复核、发放培训通知）"
# §附件 第3项 gives each round its own review and recheck: a round's choices are reviewed in its window.
ROUND_REVIEWS = {
    P.ROUND1: (P.SCHOOL_REVIEWS[0], src("附件 第3项（校长对第一轮选课进行审核）")),
    P.ROUND2: (P.SCHOOL_REVIEWS[1], src("附件 第3项（校长对第二轮选课进行审核）")),
}
ROUND_RECHECKS = {
    P.ROUND1: (P.RECHECKS[0], src("附件 第3项（培训机构受理复核）")),
    P.ROUND2: (P.RECHECKS[1], src("附件 第3项（培训机构受理复核、发放培训通知）")),
}
ROUND_NAMES = {P.ROUND1: _("第一轮"), P.ROUND2: _("第二轮")}
PROJECT_REVIEW_CLAUSE = src("附件 第2项（完成培训项目审核）")
DECLARATION_CLAUSE = src("附件 第2项（受理培训项目申报）")
EXPANSION_REQUEST_CLAUSE = src("附件 第3项（培训机构扩班申请）")
EXPANSION_DECISION_CLAUSE = src("附件 第3项（各级教育行政部门受理扩班）")

# Finding codes of Ruian's own (the others are the core's, portal.domain.selection).
BY_TEACHER = "selection_by_teacher"
SCHOOL_REVIEW_WINDOW = "school_review_window"
RECHECK_WINDOW = "recheck_window"
EXPANSION_WINDOW = "class_expansion_window"
DECLARATION_WINDOW = "project_declaration_window"
PROJECT_REVIEW_WINDOW = "project_review_window"
LATE_REVIEW_WINDOW = "late_school_review_window"
# the roles the workflow gives a late review (workflow.py); the setting picks one or none
LATE_REVIEWERS = frozenset(r for r in P.LATE_REVIEW_ROLES.values() if r is not None)

# "各教育局" acts as the city admin (parameters.py): it enters the term's calendar on the portal's
# selection calendar page, so a window's refusal tells whoever meets it where the dates are set.
BUREAU = frozenset({UserRole.CITY_ADMIN})

# Who creates training projects (portal_project_organisers). §附件 第2项 has 各培训机构 and 各教育局 declare
# projects (培训项目申报：参加单位 各培训机构、各教育局), and §一、§三 have the schools design and run their
# own (科学设计、精准实施校（园）本培训项目; 规范校（园）本研修行为). The education zones (各教育学区) are the
# notice's addressees, named for no project: a zone's admin creates none (a trial's zone created one).
# Nor does the province: the notice is the city bureau's, and names no project of the province's.
ORGANISERS_CLAUSE = f"{src('附件 第2项（受理培训项目申报）')}、§一（加大校本研修培训项目开发力度）、§三（进一步深化校本研修的质量管理）"
# Each declares and runs its own (own_unit): 附件 第2项 has 各培训机构 declare their projects and 各教育局
# review them (完成培训项目审核, 各教育局、有关专家), and 第4项 has 各培训机构 hold the classes (举办各项教师
# 培训班, 责任单位 各培训机构). The bureau reviews an institution's project (returning it with its reason)
# and decides its class expansion (受理扩班); it neither rewrites what the institution declared nor moves
# the dates of the classes the institution holds, and no clause gives it the one or the other (a trial's
# bureau was offered 修改 and 改期 on an institution's training). Nor a school's 校（园）本培训 (§一、§三).
PROJECT_ORGANISERS = ProjectOrganisers((UserRole.CITY_ADMIN, UserRole.INSTITUTION_STAFF, UserRole.SCHOOL_ADMIN),
                                       ORGANISERS_CLAUSE, own_unit=True)

# §附件 第2项: 各教育局 (with experts) review the declared projects before they are published.
PROJECT_REVIEW = ProjectReview(UserRole.CITY_ADMIN, PROJECT_REVIEW_CLAUSE)
# When teachers see a term's projects (附件 进程表). 第2项 dates the formal publication (培训项目正式发布,
# 7月12日) as the bureaus' and the institutions' work (参加单位 各教育局、各培训机构: no teacher); 第3项 then
# opens the selection window for teachers to browse the menu (选课窗口开放，供教师浏览培训项目菜单, 7月15日—
# 8月25日, 中小学教师 among those taking part). So a project approved in the review window (7月1日—7月11日)
# is listed to teachers from the browsing window's first day, not at its approval nor at the formal
# publication; one approved once the window has opened is listed at once. Its organiser and the
# bureau see it all along.
BROWSING_CLAUSE = src("附件 第3项（选课窗口开放，供教师浏览培训项目菜单）")
CATALOG_LISTING = CatalogListing("browsing", BROWSING_CLAUSE)

# Who allocates a project's seats to units (名额分配). The notice says nothing of sharing seats
# among units: teachers select city-wide (§四(二) 教师自主选课), an institution declares its
# classes (附件 第2项) and asks for more (培训机构扩班申请), and 各教育局 grant those (附件 各级
# 教育行政部门受理扩班: extra classes, not seats per unit). The region's reading, an assumption
# no clause states: the seats of an institution's training are shared out among zones and
# schools by the bureau, never by the institution that runs it; a bureau's or a school's own
# training (校本培训) is allocated, as elsewhere, by its organiser or its reviewer.
QUOTAS_BY = (UserRole.CITY_ADMIN,)


def quotas_allocated_by(project: ProjectFacts) -> tuple[UserRole, ...] | None:
    return QUOTAS_BY if project.organiser_kind == OrgKind.INSTITUTION else None


# §二: credits are the base credits a project declares (conversion.py refuses an activity without).
PROJECT_REQUIRED = ("base_credits",)


# The term's calendar is the notice's (瑞安市教育局 to 各教育学区, its annex 进程表): the city's
# bureau keeps it; an education zone's admin works within it and does not move it.
CALENDAR_EDITORS = (UserRole.CITY_ADMIN, UserRole.PROVINCE_ADMIN)


def calendar(on: date) -> tuple[Phase, ...]:
    """The annex's phases when ``on`` falls in the 2019 second-half term (its work runs from the
    annex's first date, 2019-06-17, to its last, 2019-12-31); none for any other term. Each
    term's dates are set by that term's notice, and this one says nothing of later terms, so
    its dates are not shifted to other years: the bureau enters them in the portal."""
    phases = P.PHASES_2019H2
    first, last = min(p.start for p in phases), max(p.end for p in phases)
    return phases if first <= on <= last else ()


def project_choices(on: date) -> dict[str, tuple[Described, ...]]:
    """What a project may be: centralized or school-based (the two kinds the notice names, and
    all the rules credit), of the programs a project declares (the 限定选修90学分集中培训 of §二;
    a training taken outside the portal and recognised by the school is claimed, claims.py, and
    no project is one: credited without its attendance or grade, such a project gave its full base
    credits for 2 of 24 hours); what it may be for and be about: a layer and category of the
    bureau's list (§一 分层分类施训, the setting project_layers) and the topics of §一."""
    return {
        "mode": tuple(Described(mode.value, label, P.MODE_SOURCES[mode]) for mode, label in MODE_LABELS.items()),
        "program": tuple(Described(p.code, p.label, p.source) for p in P.PROGRAMS if p.code in P.PROJECT_PROGRAMS),
        "layer": tuple(Described(code, label, P.PROJECT_LAYERS.source_at(on)) for code, label in P.layers(on)),
        "topics": tuple(Described(code, label, P.TOPIC_SOURCES[code])
                        for code, label in P.PROJECT_TOPICS.at(on).items()),
    }


# Selection -------------------------------------------------------------------------------


def by_teacher_finding(selection: Selection) -> Finding:
    """§四(二) 教师自主选课: the teacher selects; a school's platform admin advises, but does not
    select for them."""
    ok = W.ENROLLMENT_WORKFLOW.selects(selection.by)
    message = (_("教师本人选课") if ok
               else _("须由教师本人自主选课，学校平台管理员可以咨询、辅导，但不能代为选课"))
    return Finding(BY_TEACHER, ok, None, None, message, SELF_SELECTION_CLAUSE)


def same_term(one: date, other: date, in_force: tuple[Phase, ...] = ()) -> bool:
    """Selection runs by term (the notice is 2019年下半年's): a round-1 choice counts for the round 2
    of its own term only. The term is the calendar in force, from its first phase to its last, when
    it holds both days (the bureau's term may run across the new year: round 1 in December, round 2
    in January, and a teacher with an approved round-1 choice was refused round 2 as having none);
    a day outside it, when the other is in it, is of another term, were it of the same half-year (an
    August choice of the notice's own round 1 kept round 2 open, said a December rejection, for a
    term whose round 2 in January refused her); with neither day in it, the half-year."""
    if in_force:
        first, last = min(p.start for p in in_force), max(p.end for p in in_force)
        if first <= one <= last or first <= other <= last:
            return first <= one <= last and first <= other <= last
    return one.year == other.year and (one.month > 6) == (other.month > 6)


def round2_finding(selection: Selection) -> Finding:
    """§四(二) 凡第一轮未选课或第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课.

    Read from the teacher's round-1 choices this term (one they withdrew is none): a teacher with none is refused, and so
    is one whose every round-1 choice the school rejected; a choice the school approved (even
    if the institution's recheck did not admit it) or has not reviewed yet lets them in, and
    the teacher reads so when another of their choices was rejected (the clause's reading here).
    """
    round1 = round1_choices(selection, selection.calendar or calendar(selection.on))
    kept = [o for o in round1 if o.state != W.SCHOOL_REJECTED]
    if not round1:
        message = _("第一轮未选课，不能参加第二轮补报选课；本学期无法补救")
    elif not kept:
        message = _("第一轮所选课程学校审核不通过，不能参加第二轮补报选课；本学期无法补救")
    elif all(o.state == W.SELECTED for o in kept):  # not reviewed: under review, or its window passed unreviewed
        message = _("第一轮已选课，学校未审核为不通过，可参加第二轮补报选课")
    elif len(kept) < len(round1):  # the clause bars who was rejected, not who was rejected in part
        message = _("第一轮所选课程中 {kept} 项学校审核通过或尚未审核（另有 {rejected} 项不通过），可参加第二轮补报选课",
                    kept=len(kept), rejected=len(round1) - len(kept))
    else:
        message = _("第一轮已选课且学校审核通过，可参加第二轮补报选课")
    return Finding(PREREQUISITE, bool(kept), None, None, message, ROUND2_CLAUSE)


def advisory(finding: Finding, mismatch: Words, settings: tuple[str, ...] = ()) -> Finding:
    """A match the notice does not make a condition of selection: a mismatch is said, not
    refused, as a caution (``Finding.caution``: the page shows no tick, the suggestions prefer
    matching trainings), since the notice asks teachers to choose by these factors (§二);
    ``settings`` those its words follow (who reviews late)."""
    return finding if finding.ok else replace(finding, ok=True, caution=True, message=mismatch, settings=settings)


def layer_finding(selection: Selection) -> Finding | None:
    """§二 各校（园）要严格把关审核，教师参加90学分及以上项目，按分层分类匹配率须达到75%及以上: for a
    90+ credit project, whether the layer and category it names is the teacher's (one naming none
    matches nobody). A school's rate, not a rule for one teacher: a mismatch never refuses, it
    counts against the rate of the teacher's school, whose review checks it (各校（园）…把关审核).
    The unit reviewing late a choice the school left unreviewed (setting late_school_review) reads
    that it checks it in that review, and the rate as the teacher's school's, not 本校 (a bureau
    reading 由学校审核把关 had been told the school checks what the school never reviewed)."""
    project = selection.project
    minimum = P.LAYER_MATCH_MIN_BASE.at(selection.on)
    if project.base_credits is None or project.base_credits < minimum:
        return None
    rate = P.LAYER_MATCH_RATE.at(selection.on)
    teacher = selection.teacher.layer
    own = selection.to_teacher  # the teacher reads it of herself, an admin of the teacher
    late = _late_reader(selection)
    who = P.LATE_REVIEW_WORDS[P.LATE_SCHOOL_REVIEW.at(selection.on)]
    # 本校 to the teacher's own school only (the teacher, its admins); the bureau, a zone or the
    # institution rechecking read the rate as the teacher's school's
    ours = own or selection.reader in (None, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)
    figures = dict(minimum=minimum, rate=rate, who=who)
    if project.layer is None:  # in the rate's base all the same (reporting._judged_selections), matching nobody
        message = (_("项目未注明面向的分层分类：不影响本人选课，但计入教师所在学校 {minimum} 学分及以上项目的分层分类匹配率"
                     "且不算匹配（须达到 {rate}% 及以上）；学校逾期未审核的，由{who}补审时把关", **figures) if late else
                   _("项目未注明面向的分层分类：不影响本人选课，但计入本校 {minimum} 学分及以上项目的分层分类匹配率且不算匹配"
                     "（须达到 {rate}% 及以上），由学校审核把关", **figures) if ours else
                   _or_late(selection, _(
                       "项目未注明面向的分层分类：不影响本人选课，但计入教师所在学校 {minimum} 学分及以上项目的分层分类匹配率"
                       "且不算匹配（须达到 {rate}% 及以上），由学校审核把关", **figures), ours))
    elif teacher == project.layer:
        return Finding(LAYER, True, None, None, _("项目面向的分层分类与您的一致") if own else _("项目面向的分层分类与教师的一致"),
                       P.LAYER_MATCH_CLAUSE)
    elif teacher is None and own:
        message = _("您的分层分类尚未登记，无法判断是否与项目匹配；不影响选课，学校审核时把关，请学校管理员登记")
    elif teacher is None and late:
        message = _("教师未登记分层分类，无法判断是否与项目匹配；不影响选课；学校逾期未审核的，由{who}补审时把关", who=who)
    elif teacher is None:
        message = _or_late(selection, _("教师未登记分层分类，无法判断是否与项目匹配；不影响选课，学校审核时把关"), ours)
    elif own:
        message = _("项目面向的分层分类与您的不同：不影响您选课，但计入本校 {minimum} 学分及以上项目的分层分类匹配率"
                    "（须达到 {rate}% 及以上），由学校审核把关", **figures)
    elif late:
        message = _("项目面向的分层分类与教师的不同：不影响本人选课，但计入教师所在学校 {minimum} 学分及以上项目的分层分类匹配率"
                    "（须达到 {rate}% 及以上）；学校逾期未审核的，由{who}补审时把关", **figures)
    elif ours:
        message = _("项目面向的分层分类与教师的不同：不影响本人选课，但计入本校 {minimum} 学分及以上项目的分层分类匹配率"
                    "（须达到 {rate}% 及以上），由学校审核把关", **figures)
    else:
        message = _or_late(selection, _(
            "项目面向的分层分类与教师的不同：不影响本人选课，但计入教师所在学校 {minimum} 学分及以上项目的分层分类匹配率"
            "（须达到 {rate}% 及以上），由学校审核把关", **figures), ours)
    # not a match (or not known to be one): a caution, not a tick; who reviews late is the bureau's setting
    return Finding(LAYER, True, None, None, message, P.LAYER_MATCH_CLAUSE, caution=True,
                   settings=(P.LATE_SCHOOL_REVIEW.name,) if late or _after_review(selection, ours) else ())


def _after_review(selection: Selection, ours: bool) -> bool:
    """Whether the caution's reader reads it of a choice someone else reviewed, where the setting
    late_school_review names a late reviewer: the institution rechecking (or the bureau, a zone the
    setting does not name), neither the teacher, her school, nor the late reviewer itself."""
    return (not selection.to_teacher and not ours and not _late_reader(selection)
            and late_reviewer(selection.on) is not None)


def _or_late(selection: Selection, message: Words, ours: bool) -> Words:
    """§二 各校（园）要严格把关审核: the school checks the match in its review; a choice it left
    unreviewed past its window was checked by the unit the setting late_school_review names. The
    institution rechecking an approved choice cannot tell which of them approved it, so it reads
    both (its caution said 由学校审核把关 of a choice the bureau had approved late)."""
    if not _after_review(selection, ours):
        return message
    who = P.LATE_REVIEW_WORDS[P.LATE_SCHOOL_REVIEW.at(selection.on)]
    return with_note(message, _("学校逾期未审核的，由{who}补审时把关", who=who))


def _late_reader(selection: Selection) -> bool:
    """The findings are read by the unit reviewing late a choice the school left unreviewed past
    its window (setting late_school_review): it checks them in that review, not the school."""
    return selection.reader is not None and selection.reader == late_reviewer(selection.on)


def between_rounds(selection: Selection) -> bool:
    """Round 1 is over and round 2 still ahead (the calendar in force): who round 2 will admit is
    known already (§四(二)), so a teacher with no round-1 choice is not pointed to round 2's dates
    as if they could select then (a phone trial's new teacher read 教师第二轮选课为 … among the
    trainings that would help, and round 2 then refused her)."""
    in_force = selection.calendar or calendar(selection.on)
    first = next((p for p in in_force if p.kind == P.ROUND1), None)
    second = next((p for p in in_force if p.kind == P.ROUND2), None)
    return first is not None and second is not None and first.end < selection.on < second.start


def selection_findings(selection: Selection) -> list[Finding]:
    """Every finding on a teacher's selection: who selects, the round's window, round 2's
    condition while round 2 is open or between the rounds, and what the project's layer, stage and subject say."""
    findings = [
        by_teacher_finding(selection),
        window_finding(selection, (P.ROUND1, P.ROUND2), ROUNDS_CLAUSE),
    ]
    if between_rounds(selection):  # first: of the refusals it is the one nothing lifts this term, the
        findings.insert(1, round2_finding(selection))  # one said where only the first is (the duties' page)
    elif selection.phase_open(P.ROUND2):
        findings.append(round2_finding(selection))
    layer = layer_finding(selection)
    if layer is not None:
        findings.append(layer)
    # said to the teacher selecting as hers (您任教的), to an admin as the teacher's, as the layer's
    # finding is (a trial's teacher read 与教师任教学段不同 of herself)
    own = selection.to_teacher
    # the late reviewer (setting late_school_review) reads who checks it in the review it takes: a
    # choice the school left unreviewed past its window is not the school's to check any more
    late = _late_reader(selection)
    who = P.LATE_REVIEW_WORDS[P.LATE_SCHOOL_REVIEW.at(selection.on)]
    ours = own or selection.reader in (None, UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL)
    following = (P.LATE_SCHOOL_REVIEW.name,) if (late and not own) or _after_review(selection, ours) else ()
    if selection.project.stages:
        findings.append(advisory(stage_finding(selection, STRUCTURE_CLAUSE), _(
            "项目面向的学段与您任教的学段不同：通知按学段等因素设定选课的培训学分结构，允许偏差，不据此拒绝您选课，"
            "由学校审核把关") if own else _(
            "项目面向的学段与教师任教学段不同：通知按学段等因素设定选课的培训学分结构，允许偏差，不据此拒绝选课；"
            "学校逾期未审核的，由{who}补审时把关", who=who) if late else _or_late(selection, _(
            "项目面向的学段与教师任教学段不同：通知按学段等因素设定选课的培训学分结构，允许偏差，不据此拒绝选课，"
            "由学校审核把关"), ours), following))
    if selection.project.subjects:
        findings.append(advisory(subject_finding(selection, STRUCTURE_CLAUSE), _(
            "项目面向的学科与您任教的学科不同：通知按学科等因素设定选课的培训学分结构，允许偏差，不据此拒绝您选课，"
            "由学校审核把关") if own else _(
            "项目面向的学科与教师任教学科不同：通知按学科等因素设定选课的培训学分结构，允许偏差，不据此拒绝选课；"
            "学校逾期未审核的，由{who}补审时把关", who=who) if late else _or_late(selection, _(
            "项目面向的学科与教师任教学科不同：通知按学科等因素设定选课的培训学分结构，允许偏差，不据此拒绝选课，"
            "由学校审核把关"), ours), following))
    return findings


# Moves of the enrollment workflow ---------------------------------------------------------


def phase_finding(step: Selection | ProjectStep, kinds: tuple[str, ...], code: str, closed: Words,
                  source: str) -> Finding:
    """A phase of one of ``kinds`` is open at the step (a move's selection, a project's step)."""
    phase = step.phase_open(*kinds)
    if phase is None:
        return Finding(code, False, None, None, closed, source)
    return Finding(code, True, None, None, _("{phase}：截至 {end}", phase=phase.label, end=phase.end),
                   phase.source, deadline=phase.end)


def round_window_finding(move: Move, windows: dict, code: str, recheck: bool = False) -> Finding | None:
    """§附件 第3项 dates a review and a recheck for each round (校长对第一轮选课进行审核 9/1—9/9,
    对第二轮 9/15—9/18; 培训机构受理复核 9/13, 9/19—9/22): a choice made in round N is reviewed
    (rechecked) in round N's window only, though the other round's may be open. None for a
    choice made in no round (entered by an admin, or before the calendar), which any round's
    window takes (``move_findings``).

    Refused before the window, it says the day the window opens, in words both the reviewer and
    the teacher waiting for the review read (the teacher's pages say whom the choice waits for
    with this finding). Refused after it, nothing will lift it in this term: ``never``, so the
    reviewer is not shown a step as "not yet" that the calendar will not open again."""
    if move.phase not in windows:
        return None
    kind, source = windows[move.phase]
    phase = move.selection.phase_open(kind)
    if phase is not None:
        return Finding(code, True, None, None, _("{phase}：截至 {end}", phase=phase.label, end=phase.end), source,
                       deadline=phase.end)
    in_force = move.selection.calendar or calendar(move.selection.on)  # the bureau's dates, else the annex's
    window = next((p for p in in_force if p.kind == kind), None)
    name = ROUND_NAMES[move.phase]
    if window is None:
        message = (_("{round}所选课程只能在进程表规定的复核时间内复核，本学期的进程表没有这段时间", round=name) if recheck
                   else _("{round}所选课程只能在进程表规定的审核时间内审核，本学期的进程表没有这段时间", round=name))
    elif move.selection.on < window.start:
        figures = dict(round=name, phase=window.label, start=window.start, window=window_words(window.start, window.end))
        message = (_("{round}所选课程由培训机构在“{phase}”的时间（{window}）内复核，{start} 起开始复核", **figures)
                   if recheck else
                   _("{round}所选课程由学校在“{phase}”的时间（{window}）内审核，{start} 起开始审核", **figures))
    else:
        figures = dict(round=name, phase=window.label, start=window.start, window=window_words(window.start, window.end))
        if recheck:
            # the window passed with the approved choice not rechecked (the bureau moved the dates,
            # or the institution did not act): say so, and what now (the teacher reads this finding
            # too, ``waiting_for``); dated, for the page to tell it from another role's step
            message = with_note(_("{round}所选课程的复核时间“{phase}”（{window}）已过，培训机构未复核，不能再复核",
                                  **figures), after_recheck(move, in_force))
            return Finding(code, False, None, None, message, source, deadline=window.end, never=True)
        # the school's window passed with the choice unreviewed: say so, and what now happens
        # (the teacher reads this finding too, ``waiting_for``); dated, for the page to tell it
        # from a step that is another role's
        message = with_note(_("{round}所选课程的审核时间“{phase}”（{window}）已过，学校未审核，不能再审核",
                              **figures), after_school_review(move, in_force, said_closed=True))
        return Finding(code, False, None, None, message, source, deadline=window.end, never=True,
                       settings=(P.LATE_SCHOOL_REVIEW.name,))
    return Finding(code, False, None, None, message, source)


def _last(in_force, kinds) -> Phase | None:
    """The calendar's phase of ``kinds`` that ends last (None: it has none)."""
    return max((p for p in in_force if p.kind in kinds), key=lambda p: p.end, default=None)


def _review_kinds(move: Move) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The school's review and the institution's recheck windows a choice is due in: its own
    round's (§附件 第3项), or either round's for a choice made in none."""
    if move.phase in ROUND_REVIEWS:
        return (ROUND_REVIEWS[move.phase][0],), (ROUND_RECHECKS[move.phase][0],)
    return P.SCHOOL_REVIEWS, P.RECHECKS


def late_reviewer(on: date) -> UserRole | None:
    """Who reviews a choice the school left unreviewed past its window (setting late_school_review)."""
    return P.LATE_REVIEW_ROLES[P.LATE_SCHOOL_REVIEW.at(on)]


def after_school_review(move: Move, in_force, said_closed: bool = False) -> Words:
    """What now happens to a choice the school did not review in its window, in words the
    teacher reads: the late reviewer (setting late_school_review) and until when; round 2,
    still ahead or open, which such a choice does not bar (§四(二) bars only a teacher with no
    round-1 choice or a rejected one); else to ask the school, without saying again that it is
    not reviewed any more where the sentence before it says so (``said_closed``: a teacher read
    不能再审核；本学期不能再审核)."""
    on = move.selection.on
    who = P.LATE_SCHOOL_REVIEW.at(on)
    recheck = _last(in_force, _review_kinds(move)[1])
    if late_reviewer(on) is not None and recheck is not None and on <= recheck.end:
        return _("已转由{who}审核，截至 {end}", who=P.LATE_REVIEW_WORDS[who], end=recheck.end)
    round2 = next((p for p in in_force if p.kind == P.ROUND2), None)
    if move.phase == P.ROUND1 and round2 is not None and on <= round2.end:
        return _("教师仍可在第二轮选课（{window}）补报选课；如有疑问请与学校联系",
                 window=window_words(round2.start, round2.end))
    return _("如有疑问请与学校联系") if said_closed else _("本学期不能再审核，如有疑问请与学校联系")


def after_recheck(move: Move, in_force) -> Words:
    """What now happens to an approved choice whose recheck window passed without a recheck, in
    words the teacher reads: the annex dates no later recheck of that round (§附件 第3项), so the
    choice gets no training notice this term; a round-1 choice does not bar round 2 (§四(二) bars
    only a teacher with no round-1 choice or a rejected one), so round 2, still ahead or open,
    lets the teacher choose again; else to ask the school or the institution."""
    on = move.selection.on
    round2 = next((p for p in in_force if p.kind == P.ROUND2), None)
    if move.phase == P.ROUND1 and round2 is not None and on <= round2.end:
        return _("本课程本学期不会再发放培训通知；教师仍可在第二轮选课（{window}）另选课程；如有疑问请与学校或培训机构联系",
                 window=window_words(round2.start, round2.end))
    return _("本课程本学期不会再发放培训通知，如有疑问请与学校或培训机构联系")


def late_review_finding(move: Move) -> Finding:
    """The late review of a choice the school left unreviewed (setting late_school_review: the
    bureau by default): not this role's at all unless the setting names it, nor while the
    school may still review it (NOT_APPLICABLE: neither offered nor shown, nobody's list); then
    open until the institutions' recheck of its round closes, so the institution can still
    recheck what is approved; after that, never."""
    on = move.selection.on
    settings = (P.LATE_SCHOOL_REVIEW.name,)
    in_force = move.selection.calendar or calendar(on)
    reviews, rechecks = _review_kinds(move)
    school, recheck = _last(in_force, reviews), _last(in_force, rechecks)
    source = src("附件 第3项（教师自主选课、学校审核和培训机构复核）")
    if late_reviewer(on) != move.by or school is None or on <= school.end:
        return Finding(NOT_APPLICABLE, False, None, None, _("学校审核时间内由学校审核"), source, settings=settings)
    who = P.LATE_REVIEW_WORDS[P.LATE_SCHOOL_REVIEW.at(on)]
    if recheck is not None and on <= recheck.end:
        return Finding(LATE_REVIEW_WINDOW, True, None, None,
                       _("学校未在审核时间（{window}）内审核，由{who}补审，截至 {until}",
                         window=window_words(school.start, school.end), who=who, until=recheck.end),
                       source, deadline=recheck.end, settings=settings)
    until = school.end if recheck is None else recheck.end
    return Finding(LATE_REVIEW_WINDOW, False, None, None,
                   _("学校未在审核时间内审核，{who}补审的时间（至 {until}）也已过，本学期不能再审核，如有疑问请与学校联系",
                     who=who, until=until),
                   source, deadline=until, never=True, settings=settings)


WITHDRAWAL_WINDOW = "withdrawal_window"


def withdrawal_finding(move: Move) -> Finding:
    """A teacher withdraws a choice the school has not reviewed (退选) while the round it was
    made in is open (any round, for a choice made in none): within the round they may choose
    again; after it the choice waits for the school's review (workflow.py says why). Once that
    round has closed (every round, for a choice made in none) it will not open again this term:
    the refusal is ``never``, and the teacher is not shown 退选 as "not yet"."""
    kinds = (move.phase,) if move.phase in ROUND_NAMES else (P.ROUND1, P.ROUND2)
    phase = move.selection.phase_open(*kinds)
    if phase is not None:
        return Finding(WITHDRAWAL_WINDOW, True, None, None, _("{phase}：截至 {end}", phase=phase.label, end=phase.end),
                       SELF_SELECTION_CLAUSE, deadline=phase.end)
    in_force = move.selection.calendar or calendar(move.selection.on)
    ahead = any(p.kind in kinds and p.start > move.selection.on for p in in_force)
    if ahead:  # a choice made in no round, before a round opens: withdrawn in that round
        return Finding(WITHDRAWAL_WINDOW, False, None, None, _("选课轮次开放时才能退选"), SELF_SELECTION_CLAUSE)
    return Finding(WITHDRAWAL_WINDOW, False, None, None,
                   _("本轮选课已结束，不能再退选：所选课程等待学校审核，学校可审核不通过"), SELF_SELECTION_CLAUSE,
                   never=True)


def withdrawal_note_applies(move: Move) -> bool:
    """§四(二) 凡第一轮未选课……不能参加第二轮补报选课: what withdrawing a choice means for round 2
    (``workflow.WITHDRAWAL_NOTE``) is said beside 退选 only on a round-1 choice while round 2 of
    the calendar in force is ahead; a round-2 choice, or one withdrawn once round 2 has opened,
    bars nothing by its withdrawal (a trial read the note on a round-2 choice). Nor while the
    teacher holds another round-1 choice of the term (one neither withdrawn nor rejected by the
    school): withdrawing this one leaves her in round 2 (a trial's teacher holding two read on
    each that she would be barred)."""
    if move.phase != P.ROUND1:
        return False
    in_force = move.selection.calendar or calendar(move.selection.on)
    if not any(p.kind == P.ROUND2 and p.start > move.selection.on for p in in_force):
        return False
    return not any(o.state != W.SCHOOL_REJECTED for o in round1_choices(move.selection, in_force))


def notice_note_applies(move: Move) -> bool:
    """§附件 第3项 sends the training notice at round 2's recheck (培训机构受理复核、发放培训通知), not
    at round 1's (培训机构受理复核): beside 复核通过 the institution reads that the notice comes
    later (``workflow.NOTICE_NOTE``) only outside round 2's recheck. In it, rechecking round 2's
    choices, it is sending the notices: a trial's institution read 第一轮复核只受理复核 there."""
    return move.selection.phase_open(P.RECHECKS[1]) is None


def round1_choices(selection: Selection, in_force) -> list:
    """The teacher's other round-1 choices of the term of the calendar ``in_force`` that they
    have not withdrawn (§四(二): one withdrawn is no choice), rejected ones among them."""
    return [o for o in selection.others if o.phase == P.ROUND1 and o.state != W.WITHDRAWN
            and same_term(o.on, selection.on, in_force)]


TRAINING_NOTICE = "training_notice"


def enrollment_notes(move: Move) -> list[Finding]:
    """What comes with a choice's state (``portal_enrollment_notes``): a rechecked choice's
    training notice, a rejected round-1 choice's consequence for round 2."""
    return [*notice_notes(move), *rejected_round1_notes(move)]


def rejected_round1_notes(move: Move) -> list[Finding]:
    """§四(二) 凡……第一轮虽选课但学校审核为不通过的教师，不能参加第二轮补报选课: a round-1 choice the
    school rejected says, until round 2 of its term has ended, whether the teacher may still take
    part in round 2 (another round-1 choice of the term approved or not yet reviewed) or not (a
    phone trial's teacher read only 审核不通过 and its reason, and learned of round 2 when refused).
    While round 1 is still open another choice keeps round 2 open, and the note says so (a phone
    walk's teacher, rejected on the round's third day, read that she could not take part)."""
    if move.state != W.SCHOOL_REJECTED or move.phase != P.ROUND1:
        return []
    in_force = move.selection.calendar or calendar(move.selection.on)
    second = next((p for p in in_force if p.kind == P.ROUND2), None)
    # a training of the calendar's term starts after its round 2 opens, as for the notice's dates
    if second is None or second.end < move.selection.on or move.selection.project.start < second.start:
        return []
    kept = [o for o in round1_choices(move.selection, in_force) if o.state != W.SCHOOL_REJECTED]
    first = move.selection.phase_open(P.ROUND1)
    # to the teacher of herself; to whoever reads her class list (the institution, her school, the
    # bureau) of the teacher: a trial's institution read 其间仍可另选课程 (you may still choose) of her
    own = move.selection.to_teacher
    if kept:
        window = window_words(second.start, second.end)
        message = (_("您另有第一轮选课学校审核通过或尚未审核，仍可参加第二轮补报选课（{window}）", window=window) if own
                   else _("教师另有第一轮选课学校审核通过或尚未审核，仍可参加第二轮补报选课（{window}）", window=window))
    elif first is not None:  # round 1 still open: another choice now keeps round 2 open to her
        message = (_("第一轮选课截至 {end}，其间仍可另选课程；第一轮所选课程学校审核不通过的，不能参加第二轮补报选课",
                     end=first.end) if own else
                   _("第一轮选课截至 {end}，其间教师仍可另选课程；第一轮所选课程学校审核不通过的，不能参加第二轮补报选课",
                     end=first.end))
    else:
        message = _("第一轮所选课程学校审核不通过的，不能参加第二轮补报选课")
    return [Finding(PREREQUISITE, True, None, None, message, ROUND2_CLAUSE)]


# Who sends a training's notice, and the roles taking its steps there (workflow.ORGANISERS): the
# notice names 培训机构 (附件 第3项 培训机构受理复核、发放培训通知), as institutions run the term's
# trainings; a training the bureau (附件 第2项 各教育局 declare projects too) or a school (§一、§三
# 校（园）本培训) runs itself has no institution, its own admins recheck and send the notice (a
# bureau's training told its teachers to ask 培训机构 for it).
SENDERS = {
    OrgKind.INSTITUTION: (_("培训机构"), frozenset({UserRole.INSTITUTION_STAFF})),
    OrgKind.SCHOOL: (_("举办培训的学校"), frozenset({UserRole.SCHOOL_ADMIN})),
    **{kind: (_("教育局"), frozenset({UserRole.CITY_ADMIN}))
       for kind in (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.DISTRICT, OrgKind.ZONE)},
}


def sender(project: ProjectFacts):
    """Who sends the project's training notice (SENDERS), in words, and the roles that are it."""
    return SENDERS.get(project.organiser_kind, SENDERS[OrgKind.INSTITUTION])


def notice_notes(move: Move) -> list[Finding]:
    """§附件 第3项: the training notice goes out at round 2's recheck (培训机构受理复核、发放培训通知,
    9月19日—9月22日 in the annex), to the choices rechecked in either round; round 1's recheck (9月13日)
    sends none. A rechecked choice (复核通过) says when, by the calendar in force: to come, under
    way, or sent, so that the teacher and the school know when to look for it (its state alone
    said it comes "at round 2's recheck", and never that it had gone out, nor when). None for a
    training of another term than the calendar's: it starts before that recheck, or after the
    calendar's last phase (a later term's training: 第3项's notice goes out before 第4项 举办各项
    教师培训班, the term's trainings). A training that runs on past its term's last phase (one
    spanning two terms, 12月20日 to 1月10日) is told of its notice while it runs: on 1 January, with
    no calendar in force, the term holding its first day dates it (the note was gone on 1 January
    that stood on 31 December)."""
    if move.state != W.CONFIRMED:
        return []
    start = move.selection.project.start
    in_force = move.selection.calendar or calendar(move.selection.on) or calendar(start)
    phase = next((p for p in in_force if p.kind == P.RECHECKS[1]), None)
    if phase is None or start < phase.start or start > max(p.end for p in in_force):
        return []
    on = move.selection.on
    who, runners = sender(move.selection.project)
    figures = dict(phase=phase.label, window=window_words(phase.start, phase.end), who=who)
    if on < phase.start:
        message = _("按进程表，培训通知由{who}在“{phase}”时（{window}）发放", **figures)
    elif on <= phase.end:
        message = _("按进程表，{who}正在“{phase}”时（{window}）发放培训通知，截至 {end}", end=phase.end, **figures)
    elif move.selection.to_teacher:
        message = _("按进程表，培训通知已在“{phase}”时（{window}）发放；未收到的请与{who}联系", **figures)
    elif move.selection.reader in runners:
        # the unit that sent it (附件 第3项 培训机构…发放培训通知): a trial's institution read, on its
        # own class list, the teacher's 未收到的请与培训机构联系
        message = _("按进程表，培训通知已在“{phase}”时（{window}）发放", **figures)
    else:  # the school or the bureau, of the teacher
        message = _("按进程表，培训通知已在“{phase}”时（{window}）发放；教师未收到的，请与{who}联系", **figures)
    return [Finding(TRAINING_NOTICE, True, None, None, message, phase.source or RECHECK_CLAUSE)]


def move_findings(move: Move) -> list[Finding]:
    """§附件 第3项: the school reviews a selection (校长对第一轮/第二轮选课进行审核) and the
    institution rechecks it (培训机构受理复核) only within the annex's dates for the round it
    was made in (``round_window_finding``). The teacher withdraws a choice while its round is
    open (``withdrawal_finding``). The annex dates no step after the training: 登记结业 is taken
    once the training has ended (结业, on its last day or after; the credits are dated then), the
    core's rule, which no clause of the notice states, so its finding cites none."""
    if move.state == W.SELECTED and move.target == W.WITHDRAWN:
        return [withdrawal_finding(move)]
    if move.state == W.SELECTED and move.by in LATE_REVIEWERS:
        return [late_review_finding(move)]
    if move.state == W.SELECTED:
        return [round_window_finding(move, ROUND_REVIEWS, SCHOOL_REVIEW_WINDOW) or any_round_finding(
            move, P.SCHOOL_REVIEWS, SCHOOL_REVIEW_WINDOW,
            _("现在不在校长审核选课的时间内：学校审核只在进程表规定的第一轮、第二轮审核时间内进行"), SCHOOL_REVIEW_CLAUSE)]
    if move.state == W.SCHOOL_APPROVED:
        return [round_window_finding(move, ROUND_RECHECKS, RECHECK_WINDOW, recheck=True) or any_round_finding(
            move, P.RECHECKS, RECHECK_WINDOW,
            _("现在不在培训机构复核的时间内：复核只在进程表规定的第一轮、第二轮复核时间内进行"), RECHECK_CLAUSE)]
    if move.target == W.COMPLETED:
        # no clause of the notice says when a result is recorded (§二 按时足额完成培训任务 is the
        # schools' duty; the annex dates no step after the training): the core's rule, uncited
        return [ended_finding(move, "")]
    return []



def any_round_finding(move: Move, kinds: tuple[str, ...], code: str, closed: Words, source: str) -> Finding:
    """A choice made in no round is reviewed (rechecked) in either round's window: refused
    outside them, and for good (``never``) once the last of them has passed this term."""
    found = phase_finding(move.selection, kinds, code, closed, source)
    if found.ok:
        return found
    in_force = move.selection.calendar or calendar(move.selection.on)
    ahead = min((p for p in in_force if p.kind in kinds and p.start > move.selection.on),
                key=lambda p: p.start, default=None)
    if ahead is not None:  # the day it opens, which the waiting teacher reads too
        return replace(found, message=with_note(closed, _("“{phase}”{start} 起开始", phase=ahead.label,
                                                          start=ahead.start)))
    last = _last(in_force, kinds)
    if move.state == W.SELECTED and last is not None:  # the school's windows passed unreviewed: what now
        return replace(found, message=with_note(closed, after_school_review(move, in_force)), never=True,
                       deadline=last.end, settings=(P.LATE_SCHOOL_REVIEW.name,))
    if move.state == W.SCHOOL_APPROVED and last is not None:  # the rechecks passed, not rechecked: what now
        return replace(found, message=with_note(closed, after_recheck(move, in_force)), never=True,
                       deadline=last.end)
    return replace(found, never=True)


def set_where(step: ProjectStep) -> Words:
    """Where the window refusing ``step`` is set: the bureau (各教育局, the city admin) enters
    each phase's dates on the selection calendar page (选课进程); an organiser is told to ask it."""
    if step.by in BUREAU:
        return _("进程表的时间可在“选课进程”页调整")
    return _("进程表的时间由教育局在“选课进程”页设定，需要调整请与教育局联系")


def window_of(step: ProjectStep, kind: str, code: str, source: str, closed, missing: Words) -> Finding:
    """The step within the calendar's phase of ``kind``; refused outside it, saying the
    phase's dates (``closed(phase)``), or that the term's calendar has no such phase
    (``missing``)."""
    if step.phase_open(kind) is not None:
        return phase_finding(step, (kind,), code, missing, source)
    phase = step.phase_of(kind)
    return Finding(code, False, None, None, missing if phase is None else closed(phase), source)


def project_findings(step: ProjectStep) -> list[Finding]:
    """§附件 第2项: institutions (and the bureaus) declare projects only while the bureaus
    accept them (受理培训项目申报, 6月17日—6月28日 in the annex), and the bureaus review them
    only in their review window (完成培训项目审核, 7月1日—7月11日), the dates being the
    calendar's in force. §附件 第3项: between the rounds, institutions ask for more classes
    (培训机构扩班申请) and the bureaus decide (各级教育行政部门受理扩班), each only on the annex's
    days for it."""
    if step.action == DECLARE:
        return [window_of(
            step, "project_declaration", DECLARATION_WINDOW, DECLARATION_CLAUSE,
            lambda p: with_note(_("现在不在受理培训项目申报的时间内：进程表规定的申报时间为 {window}",
                                  window=window_words(p.start, p.end)), set_where(step)),
            with_note(_("本学期的进程表没有受理培训项目申报的时间：项目只在进程表规定的时间内申报"), set_where(step)))]
    if step.action == REVIEW:
        return [window_of(
            step, "project_review", PROJECT_REVIEW_WINDOW, PROJECT_REVIEW_CLAUSE,
            lambda p: with_note(_("现在不在完成培训项目审核的时间内：进程表规定的审核时间为 {window}",
                                  window=window_words(p.start, p.end)), set_where(step)),
            with_note(_("本学期的进程表没有培训项目审核的时间：项目只在进程表规定的时间内审核"), set_where(step)))]
    if step.action == REQUEST_CLASSES:
        return [window_of(
            step, CLASS_EXPANSION_REQUEST, EXPANSION_WINDOW, EXPANSION_REQUEST_CLAUSE,
            lambda p: with_note(_("现在不在培训机构扩班申请的时间内：进程表规定的申请时间为 {window}",
                                  window=window_words(p.start, p.end)), set_where(step)),
            with_note(_("现在不在培训机构扩班申请的时间内：扩班只在进程表规定的时间内申请"), set_where(step)))]
    if step.action == DECIDE_CLASSES:
        return [window_of(
            step, CLASS_EXPANSION_DECISION, EXPANSION_WINDOW, EXPANSION_DECISION_CLAUSE,
            lambda p: with_note(_("现在不在受理扩班的时间内：进程表规定的受理时间为 {window}",
                                  window=window_words(p.start, p.end)), set_where(step)),
            with_note(_("现在不在受理扩班的时间内：教育行政部门只在进程表规定的时间内受理扩班"), set_where(step)))]
    return []


# When choices come to the awaiting list (portal_awaiting_when) ----------------------------

SCHOOL_ROLES = frozenset({UserRole.PRINCIPAL, UserRole.SCHOOL_ADMIN})
AWAITING_WHEN = "awaiting_when"


def _passed(on: date, phase: Phase) -> Words:
    """The phase's dates, and whether they have passed on ``on``."""
    words = window_words(phase.start, phase.end)
    return _("{window}，已过", window=words) if phase.end < on else words


def awaiting_when(roles: frozenset[UserRole], on: date, in_force: tuple[Phase, ...]) -> list[Finding]:
    """When choices come to wait for a step of ``roles``, by the calendar in force (§附件 第3项): the
    school's review in each round's 校长对第N轮选课进行审核, the institution's recheck in each
    round's 培训机构受理复核, and a choice the school left unreviewed to the unit the setting
    late_school_review names, from the end of its round's review to the end of its recheck. A zone
    (教育学区) the setting does not name reviews none: it is told who reviews and when, rather than
    only "nothing waits" (a trial's zone admin read nothing more on 选课审核)."""
    phases = {p.kind: p for p in in_force}
    found: list[Finding] = []
    late = late_reviewer(on)
    who = P.LATE_REVIEW_WORDS[P.LATE_SCHOOL_REVIEW.at(on)]
    settings = (P.LATE_SCHOOL_REVIEW.name,)
    for kind, (review, review_source) in ROUND_REVIEWS.items():
        school = phases.get(review)
        recheck, recheck_source = ROUND_RECHECKS[kind]
        recheck = phases.get(recheck)
        name = ROUND_NAMES[kind]
        if school is None:
            continue
        if roles & SCHOOL_ROLES:
            found.append(Finding(AWAITING_WHEN, True, None, None, _(
                "{round}所选课程在“{phase}”时（{window}）由学校审核", round=name, phase=school.label,
                window=_passed(on, school)), review_source))
        if late is not None and late in roles and recheck is not None:
            found.append(Finding(AWAITING_WHEN, True, None, None, _(
                "{round}所选课程学校在“{phase}”时（{window}）未审核的，转由{who}补审，至“{recheck}”结束（{until}）",
                round=name, phase=school.label, window=window_words(school.start, school.end), who=who,
                recheck=recheck.label, until=_passed(on, recheck)), src("附件 第3项（教师自主选课、学校审核和培训机构复核）"),
                settings=settings))
        elif roles & LATE_REVIEWERS - SCHOOL_ROLES:
            figures = dict(round=name, phase=school.label, window=_passed(on, school), who=who)
            found.append(Finding(AWAITING_WHEN, True, None, None, _(
                "{round}所选课程在“{phase}”时（{window}）由学校审核，不经学区或教育局；学校逾期未审核的由{who}补审",
                **figures) if late is not None else _(
                "{round}所选课程在“{phase}”时（{window}）由学校审核，不经学区或教育局；学校逾期未审核的，无人补审",
                **figures), review_source, settings=settings))
        if UserRole.INSTITUTION_STAFF in roles and recheck is not None:
            found.append(Finding(AWAITING_WHEN, True, None, None, _(
                "{round}所选课程学校审核通过后，在“{phase}”时（{window}）由培训机构复核", round=name,
                phase=recheck.label, window=_passed(on, recheck)), recheck_source))
    return found
