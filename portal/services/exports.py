"""A list of teachers as an Excel file, for a whole city as for one school: written by a
background job, a thousand teachers at a time (each stale standing computed first, so every
row says what the teacher's own page says), streamed to a file in ``PORTAL_EXPORTS_DIR``
(by default the instance folder's ``exports``), downloaded by whoever asked for it, and
removed after ``PORTAL_EXPORTS_DAYS`` days."""
from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import defer

from .. import clock
from ..domain.calendar import bounds
from ..domain.findings import duty_label
from ..domain.results import Period
from ..domain.text import from_data, words
from ..extensions import db, from_replica
from ..i18n import year_label
from ..models import OrgUnit, StandingDuty, Teacher, TeacherStanding, User
from ..plugins import Region
from . import background, sheets, standings
from .scope import viewer_scope
from .teacher_pages import drill_label, unit_in
from .teachers import TeacherFilter
from .transcripts import id_number_read_by

KIND = "teachers.export"
CHUNK = 1000


class ExportNotFound(LookupError):
    """No such export of this person's, or not done yet."""


def remove_old(days: int) -> int:
    """Remove the exports written more than ``days`` days ago; how many."""
    cutoff = time.time() - days * 86400
    old = [p for p in folder().glob("*.xlsx") if p.stat().st_mtime < cutoff] if folder().is_dir() else []
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def folder() -> Path:
    return Path(current_app.config.get("PORTAL_EXPORTS_DIR") or Path(current_app.instance_path) / "exports")


def start(region: Region, actor: User, unit_id: int | None, drill: tuple[str, str] | None, locale: str) -> int:
    """Queue the export of the teachers the actor may read (narrowed as their list was);
    refused (``FilterRefused``) for a unit outside their scope or an unknown duty or use."""
    unit_in(viewer_scope(actor), unit_id)
    drill_label(region, drill)
    from ..jobs import export_teachers

    return background.start(actor, KIND, {"unit": unit_id, "drill": list(drill) if drill else None,
                                          "locale": locale, "today": clock.today().isoformat()}, export_teachers)


def job(actor: User, job_id: int) -> background.JobView:
    try:
        return background.job_view(actor, job_id, KIND)
    except background.JobNotFound:
        raise ExportNotFound(job_id) from None


def file_of(actor: User, job_id: int) -> tuple[Path, str]:
    """The finished export's file and the name to download it as."""
    view = job(actor, job_id)
    if view.state != background.DONE:
        raise ExportNotFound(job_id)
    path = folder() / view.result["file"]
    if not path.is_file():
        raise ExportNotFound(job_id)
    return path, view.result["name"]


def export_job(region: Region, actor: User, params: dict, progress: background.Progress) -> dict:
    """The work of the job: every teacher in the actor's scope and filter, in id order."""
    today = date.fromisoformat(params["today"])
    scope = viewer_scope(actor)
    drill = tuple(params["drill"]) if params["drill"] else None
    narrowed = TeacherFilter(unit_in(scope, params["unit"]), drill)
    conditions = [scope.teacher_condition(OrgUnit.path), *narrowed.conditions(region, today)]
    total = db.session.scalar(select(func.count(Teacher.id)).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                              .where(*conditions))
    with force_locale(params["locale"]):
        duty_labels = {d.code: str(d.label) for d in region.duties()}
        headings = [_("Name"), _("ID number"), _("School"), _("Year"), _("This year"), _("Required this year"),
                    _("Met this year"), _("Cycle"), _("This cycle"), _("Required this cycle"), _("Cycle total reached"),
                    _("Every duty met"), _("Duties not met, past periods missed included")]
        yes, no, title = _("Yes"), _("No"), _("Teachers")
        none_asked = _("No duty asked")  # as the teacher's own page says: not every duty met
        not_asked = _("nothing asked")  # as the list says under a year or cycle asking nothing (不作要求), not "met"
        missed = _("%(duty)s (its period ended %(day)s)")  # as the teacher's page names a past period's duty
        name = f"{title}-{today.isoformat()}.xlsx"
    stored = f"{secrets.token_hex(16)}.xlsx"
    path = folder() / stored
    path.parent.mkdir(parents=True, exist_ok=True)

    def rows() -> Iterator[list]:
        done = 0
        for teacher, school, path, kept, missing in _chunks(region, today, conditions):
            yield [teacher.name, id_number_read_by(scope, teacher.id_number, path), school,
                   year_label(Period(kept.year_start, kept.year_end)), kept.year_counted, kept.year_required or None,
                   # a year asking nothing (required 0 or none) as the standings' JSON says it (met null)
                   not_asked if not kept.year_required else yes if kept.year_met else no,
                   # a cycle asking nothing (a probation year) is counted apart, as the dashboard and the list
                   # say: no required 0 beside it (a bare 0 read as a figure asked), the list's words for it
                   _years(kept.cycle_start, kept.cycle_end), kept.cycle_counted, kept.cycle_required or None,
                   not_asked if not kept.cycle_required else yes if kept.cycle_met else no,
                   # as standings.all_duties_met, and a teacher asked nothing apart (standings.nothing_asked)
                   none_asked if not kept.duties_asked else yes if kept.cycle_met and not kept.open_duties else no,
                   "；".join(_missing_words(duty_labels, missed, *duty) for duty in missing)]
            done += 1
            progress(done, total)

    partial = path.with_suffix(".part")
    try:
        with force_locale(params["locale"]):  # a duty as asked of a teacher is put into words as the rows are
            sheets.write_table(str(partial), title, headings, rows())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    return {"file": stored, "name": name, "rows": total}




def _years(start: date, end: date) -> str:
    """A cycle as the pages head it (``calendar.bounds``): by its years over whole calendar or
    school years, 2022 – 2027, else by its days (a teacher's own, from the day they entered post:
    2026-08-09 – 2031-08-08, not 2026–2031, read as six years). A year is named by
    ``i18n.year_label``, as the pages name it."""
    first, last = bounds(start, end)
    return first if first == last else f"{first} – {last}"


def _chunks(region: Region, today: date, conditions: list):
    """The teachers, their school's name, their kept standing and their unmet duties,
    ``CHUNK`` at a time by id, read from the read replica; a stale standing is computed
    (and read) on the primary first."""
    last = 0
    while True:
        with from_replica():
            ids = list(db.session.scalars(select(Teacher.id).join(OrgUnit, Teacher.school_id == OrgUnit.id)
                                          .where(*conditions, Teacher.id > last).order_by(Teacher.id).limit(CHUNK)))
        if not ids:
            return
        held, computed = standings.split_current(region, ids, today)
        with from_replica():
            found = _read(held)
        found += _read(computed) if computed else []
        yield from sorted(found, key=lambda row: row[0].id)
        last = ids[-1]
        db.session.expunge_all()


def _missing_words(duty_labels: dict, missed: str, code: str, label, ended_on: date | None) -> str:
    """A duty not met in the export's words, as asked of the teacher; one whose period has ended
    says when (a trial read 每年不少于 48 学分 unmet beside 本年已达标 是: it was 2023's)."""
    duty = words(from_data(label)) if label else words(duty_label(duty_labels, code))
    return missed % {"duty": duty, "day": ended_on.isoformat()} if ended_on else duty


def _read(ids: list[int]) -> list[tuple]:
    missing: dict[int, list[tuple]] = {}  # the duties not met, each as asked of the teacher
    for teacher_id, code, label, missed, ended_on in db.session.execute(
            select(StandingDuty.teacher_id, StandingDuty.code, StandingDuty.label, StandingDuty.missed,
                   StandingDuty.ended_on)
            .where(StandingDuty.teacher_id.in_(ids), ~StandingDuty.ok).order_by(StandingDuty.code)):
        missing.setdefault(teacher_id, []).append((code, label, ended_on if missed else None))
    return [(teacher, school, path, kept, missing.get(teacher.id, ()))
            for teacher, school, path, kept in db.session.execute(
        select(Teacher, OrgUnit.name, OrgUnit.path, TeacherStanding)
        .options(defer(TeacherStanding.detail))  # the figures, not the whole answer kept for the teacher's page
        .join(OrgUnit, Teacher.school_id == OrgUnit.id)
        .join(TeacherStanding, TeacherStanding.teacher_id == Teacher.id)
        .where(Teacher.id.in_(ids)))]
