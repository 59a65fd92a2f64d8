"""Kept standings as rows for provincial platforms and scripts: a page of the API, a
teacher's own, and a whole unit streamed as CSV or JSON Lines. The figures are the kept
ones, the same the teacher's page shows; a stale standing is computed before it is given."""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import defer

from ..domain.results import json_value
from ..domain.standing import Standing
from ..extensions import db, from_replica
from ..models import OrgUnit, StandingDuty, StandingPurpose, Teacher, TeacherStanding
from ..plugins import Region
from .. import clock
from . import conclusions, standings, teachers
from .pagination import Page, clamp
from .scope import Scope
from .transcripts import id_number_read_by

CHUNK = 1000  # rows read from the database at a time by an export

CSV_COLUMNS = (
    "teacher_id", "name", "id_number", "school_id", "school", "as_of", "valid_until", "computed_at", "rule_version",
    "unit", "cycle_start", "cycle_end", "cycle_required", "cycle_earned", "cycle_counted", "cycle_met",
    "year", "year_start", "year_end", "year_required", "year_earned", "year_met", "open_duties",
    "duties_missing", "purposes_open", "all_duties_met",  # added last: earlier columns keep their places
    "duties_missed",  # of duties_missing, those missed (periods ended: history), each with the day it ended
    "year_counted",  # of year_earned, what counts after the region's caps (the year's duty is judged by it)
    "duties_asked",  # false: no duty asked of the teacher now (every one exempt), so all_duties_met is false too
    # false: the period asks nothing of the teacher (a probation year), its ``_met`` then empty (the year's)
    "year_asked", "cycle_asked",
)


def _query(condition):
    return (select(Teacher, OrgUnit, TeacherStanding)
            .options(defer(TeacherStanding.detail))  # the rows give the figures, not the whole kept answer
            .join(OrgUnit, Teacher.school_id == OrgUnit.id)
            .join(TeacherStanding, TeacherStanding.teacher_id == Teacher.id)
            .where(condition))


def _details(teacher_ids: Sequence[int]) -> tuple[dict, dict]:
    """The duties and purposes of the given teachers, two queries for all of them."""
    duties: dict[int, list[StandingDuty]] = defaultdict(list)
    purposes: dict[int, list[StandingPurpose]] = defaultdict(list)
    for duty in db.session.scalars(select(StandingDuty).where(StandingDuty.teacher_id.in_(teacher_ids))
                                   .order_by(StandingDuty.teacher_id, StandingDuty.code)):
        duties[duty.teacher_id].append(duty)
    for purpose in db.session.scalars(select(StandingPurpose).where(StandingPurpose.teacher_id.in_(teacher_ids))
                                      .order_by(StandingPurpose.teacher_id, StandingPurpose.purpose)):
        purposes[purpose.teacher_id].append(purpose)
    return duties, purposes


def _number(value: Decimal | None):
    return json_value(value) if value is not None else None


def row_json(teacher: Teacher, school: OrgUnit, kept: TeacherStanding, duties: Sequence[StandingDuty],
             purposes: Sequence[StandingPurpose]) -> dict:
    return {
        "teacher_id": teacher.id, "name": teacher.name, "id_number": teacher.id_number,
        "school": {"id": school.id, "name": school.name},
        "as_of": kept.as_of.isoformat(), "valid_until": kept.valid_until.isoformat(),
        "computed_at": kept.computed_at.isoformat(timespec="seconds") + "Z", "rule_version": kept.rule_version,
        "unit": kept.unit,
        "cycle": {"start": kept.cycle_start.isoformat(), "end": kept.cycle_end.isoformat(),
                  "required": _number(kept.cycle_required), "earned": _number(kept.cycle_earned),
                  "counted": _number(kept.cycle_counted), "met": kept.cycle_met,
                  "asked": bool(kept.cycle_required)},
        # a year asking nothing (0 of 0, a probation year; required null where the region asks nothing
        # of it) is neither met nor unmet: ``met`` null, ``asked`` false, as the pages say 不作要求 and
        # the reports count the teacher apart (``standings.year_asked``), never as meeting it
        "year": {"year": kept.year, "start": kept.year_start.isoformat(), "end": kept.year_end.isoformat(),
                 "required": _number(kept.year_required), "earned": _number(kept.year_earned),
                 "counted": _number(kept.year_counted), "met": kept.year_met if kept.year_required else None,
                 "asked": bool(kept.year_required)},
        "open_duties": kept.open_duties,
        # ``cycle.met`` is the cycle's total alone (a teacher asked 0 this cycle has met it);
        # every duty met, as the pages and reports count it, is this (standings.all_duties_met):
        # a teacher asked no duty now (``duties_asked`` false) has met none, as their page says
        "all_duties_met": kept.duties_asked and kept.cycle_met and not kept.open_duties,
        "duties_asked": kept.duties_asked,
        "duties": {d.code: {"ok": d.ok, "missed": d.missed, "ended_on": d.ended_on.isoformat() if d.ended_on else None,
                            **({"cap": True} if d.cap else {}),
                            # asked nothing now (ok, yet not met): a new teacher's first school year
                            **({"exempt": True} if d.exempt else {}),
                            **({"shortfall": _number(d.shortfall)} if d.shortfall is not None else {})}
                   for d in duties},
        "purposes": {p.purpose: p.ok for p in purposes},
    }


def _csv_values(row: dict) -> list:
    cycle, year = row["cycle"], row["year"]
    return [
        row["teacher_id"], row["name"], row["id_number"], row["school"]["id"], row["school"]["name"], row["as_of"],
        row["valid_until"], row["computed_at"], row["rule_version"], row["unit"], cycle["start"], cycle["end"],
        cycle["required"], cycle["earned"], cycle["counted"], cycle["met"], year["year"], year["start"], year["end"],
        year["required"], year["earned"], year["met"], row["open_duties"],
        ";".join(code for code, d in row["duties"].items() if not d["ok"]),
        ";".join(code for code, ok in row["purposes"].items() if ok), row["all_duties_met"],
        ";".join(f"{code}@{d['ended_on']}" for code, d in row["duties"].items() if d["missed"]),
        year["counted"], row["duties_asked"], year["asked"], cycle["asked"],
    ]


def page(region: Region, scope: Scope, today: date, unit: OrgUnit | None, number: int, per_page: int) -> Page:
    """One page of the teachers in ``scope`` (below ``unit`` when given) with their standing,
    ordered by id, read from the read replica; the page's stale standings are computed first."""
    condition = scope.teacher_condition(OrgUnit.path)
    if unit is not None:
        condition = condition & standings.below(unit)
    with from_replica():
        total = db.session.scalar(select(db.func.count(Teacher.id)).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                  .where(condition))
        number = clamp(number, total, per_page)
        paths = dict(db.session.execute(select(Teacher.id, OrgUnit.path).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                        .where(condition).order_by(Teacher.id)
                                        .limit(per_page).offset((number - 1) * per_page)).all())
    # a workshop's leader reads the members' ID numbers masked, as on the teacher list's export
    rows = [{**row, "id_number": id_number_read_by(scope, row["id_number"], paths[row["teacher_id"]])}
            for row in current_rows(region, list(paths), today)]
    return Page(rows, number, per_page, total)


def current_rows(region: Region, ids: Sequence[int], today: date) -> list[dict]:
    """The rows of ``ids`` in id order, each current: read from the replica where it holds
    there, else computed and read on the primary."""
    held, computed = standings.split_current(region, ids, today)
    with from_replica():
        rows = _rows(_query(Teacher.id.in_(held)))
    rows += _rows(_query(Teacher.id.in_(computed))) if computed else []
    return sorted(rows, key=lambda row: row["teacher_id"])


def _rows(query) -> list[dict]:
    found = db.session.execute(query).all()
    duties, purposes = _details([t.id for t, _school, _kept in found])
    return [row_json(t, school, kept, duties[t.id], purposes[t.id]) for t, school, kept in found]


def own(region: Region, teacher: Teacher, today: date) -> dict:
    """A teacher's own standing with every duty and use of credits, in the reader's words."""
    kept: Standing = standings.current(region, teacher, today)
    row = db.session.execute(_query(Teacher.id == teacher.id)).one()
    data = row_json(*row, *(d[teacher.id] for d in _details([teacher.id])))
    asked = kept.requirements  # each figure with only the settings it comes from
    return {
        **data,
        "cycle": {**data["cycle"], **({"settings": list(asked.settings)} if asked.settings else {})},
        "year": {**data["year"], **({"settings": list(asked.yearly_settings)} if asked.yearly_settings else {})},
        "compliance": kept.compliance_json(),
        "eligibility": [{"purpose": e.purpose, **e.as_json()} for e in kept.eligibility],
    }


def previous(region: Region, teacher: Teacher, today: date) -> dict | None:
    """How the teacher's previous cycle ended (``teachers.previous_cycle``): its dates and every
    duty of it, ``compliance`` null where none of its entries is kept here, and the bureau's
    ``conclusion`` on it where one was given; None where the teacher entered post after it."""
    found = teachers.previous_cycle(region, teacher, today)
    if found is None:
        return None
    period, judged = found
    kept = conclusions.conclusion_of(region, teacher.id, period.start)
    return {"cycle": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "compliance": None if judged is None else judged.kept.compliance_json(),
            "conclusion": None if kept is None else {
                "passed": kept.passed, "concluded_on": clock.day_of(kept.concluded_at).isoformat(),
                "counted": json_value(kept.counted), "required": json_value(kept.required),
                "source": region.cycle_conclusion.source,
                "revised_on": kept.revised_at and clock.day_of(kept.revised_at).isoformat(),
                "changed_since": conclusions.changed_since(kept, judged and judged.kept)}}


def export(region: Region, today: date, unit: OrgUnit | None, fmt: str) -> Iterator[str]:
    """Every teacher below ``unit`` (everyone when None), as CSV or JSON Lines, ``CHUNK`` rows
    at a time, read from the read replica: memory stays flat however many teachers there are.
    A stale standing is computed before its row is written; refreshing them all first
    (``standings.refresh_all`` of ``ids_to_refresh(..., only_stale=True)``) is faster."""
    condition = standings.below(unit)
    last = 0
    if fmt == "csv":
        yield _csv_line(CSV_COLUMNS)
    while True:
        with from_replica():
            ids = list(db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                          .where(condition, Teacher.id > last).order_by(Teacher.id).limit(CHUNK)))
        if not ids:
            return
        for row in current_rows(region, ids, today):
            yield _csv_line(_csv_values(row)) if fmt == "csv" else json.dumps(row, ensure_ascii=False) + "\n"
        last = ids[-1]
        db.session.expunge_all()  # what was read stays out of the session's identity map


def _csv_line(values: Sequence) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["" if v is None else _cell(v) for v in values])
    return buffer.getvalue()


def _cell(value) -> str:
    """A text cell never starts like a spreadsheet formula (=, +, -, @)."""
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text
