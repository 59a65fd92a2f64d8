"""Certificates (a region's 结业证书, 学时证书 …) and a school's issued documents as one ZIP.

Certificates: the region declares them (``portal_certificates``) and judges each teacher
with a pure rule over their facts, counted ledger and kept standing; a teacher who is not
eligible reads the findings. An eligible teacher's certificate is issued with the machinery
of transcripts (``services.transcripts``): a PDF made once before the write lock, kept under
a random name with its SHA-256 as an ``IssuedDocument`` whose kind is the certificate's code,
a QR code to the public verification page, superseded when issued again for the same period,
revoked by an admin with a reason; who may issue is checked again under the lock, and each
change is one use case with its audit event.

A school's documents: an admin whose scope covers the school downloads the current (neither
revoked nor superseded) issued documents of its teachers as one ZIP of the kept PDFs, one
folder per teacher, each file named by its kind and period. The ZIP is streamed a document
at a time (never the whole in memory); a large school's is written by a background job with
a progress bar and downloaded from its page. Each download is an audit event."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext
from sqlalchemy import func, select

from .. import clock
from ..domain import ADMIN_ROLES, OrgKind, Period
from ..domain.certificates import Award, CertificateCase, CertificateKind
from ..domain.parameters import applied
from ..domain.results import Words
from ..extensions import db
from ..models import IssuedDocument, OrgUnit, Teacher, User
from ..plugins import Region
from . import background, ledger, standings
from .audit import record_event
from .claims import lock_teacher
from .scope import Scope
from .transactions import use_case
from .transcripts import TRANSCRIPT, DocumentRow, _documents, _teacher, file_document, masked_id, path_of

log = logging.getLogger(__name__)
ZIP_JOB = "documents.zip"
CHUNK = 500  # documents read from the database at a time when a ZIP is written


class CertificateRefused(Exception):
    """``code``: "not_found" (no such teacher or school for this user), "kind" (the region
    has no such certificate), "ineligible" (the teacher is not eligible: the page says why)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Certificate:
    """What an issued certificate says, as plain values (the PDF reads nothing else)."""

    region: Words
    kind: str
    title: Words
    source: str
    teacher_id: int
    name: str
    masked_id: str
    school: str
    period: Period
    statement: Words
    details: tuple[tuple[Words, Words], ...]
    as_of: date


@dataclass(frozen=True)
class CertificateRow:
    """One certificate of the region for the teacher: the rule's answer and those issued."""

    kind: CertificateKind
    award: Award
    documents: tuple[DocumentRow, ...]


@dataclass(frozen=True)
class CertificatesPage:
    teacher_id: int
    name: str
    school_id: int
    rows: tuple[CertificateRow, ...]
    own: bool
    may_revoke: bool


def _case(region: Region, teacher: Teacher, today: date) -> CertificateCase:
    """The teacher as a certificate's rule reads them. May commit the kept standing when it
    no longer held (as a transcript does)."""
    kept = standings.current(region, teacher, today)
    records = ledger.records_for(teacher.id, region.audit_workflow().counting(), today)
    return CertificateCase(teacher.facts(), tuple(records), kept, today)


def judged(region: Region, kind: CertificateKind, case: CertificateCase) -> Award:
    """The region's rule for ``kind``, under the bureau's settings."""
    with applied(region.settings):
        return kind.judge(case)


def kind_of(region: Region, code: str) -> CertificateKind | None:
    return next((k for k in region.certificates() if k.code == code), None)


def certificates_page(region: Region, user: User, teacher_id: int | None,
                      today: date | None = None) -> CertificatesPage | None:
    """The teacher's certificates, each with the rule's answer and the documents issued;
    None when the user may not see this teacher's documents."""
    today = today or clock.today()
    found = _teacher(user, teacher_id)
    if found is None:
        return None
    teacher, admin = found
    case = _case(region, teacher, today)
    issued = _documents(teacher.id)
    rows = tuple(CertificateRow(kind, judged(region, kind, case), tuple(d for d in issued if d.kind == kind.code))
                 for kind in region.certificates())
    return CertificatesPage(teacher.id, teacher.name, teacher.school_id, rows, teacher.user_id == user.id, admin)


def issue(region: Region, user: User, teacher_id: int | None, code: str, render: Callable[[Certificate, str], bytes],
          today: date | None = None, start: date | None = None) -> IssuedDocument:
    """The use case: issue the teacher's certificate ``code`` as a PDF made by
    ``render(certificate, verification code)``, when the region's rule finds them eligible;
    ``start``: the first day of the period of the one asked, where the rule offers several (a
    training passed in several years, ``Award.earlier``), else the rule's own. An earlier live
    one of the same kind and period is superseded by it."""
    today = today or clock.today()
    found = _teacher(user, teacher_id)
    if found is None:
        raise CertificateRefused("not_found")
    kind = kind_of(region, code)
    if kind is None:
        raise CertificateRefused("kind")
    teacher = found[0]
    award = judged(region, kind, _case(region, teacher, today)).covering(start)
    if award is None:
        raise CertificateRefused("ineligible")
    certificate = Certificate(region.info.name, kind.code, kind.title, kind.source, teacher.id, teacher.name,
                              masked_id(teacher.id_number), teacher.school.name, award.period, award.statement,
                              award.details, today)
    verify_code = secrets.token_urlsafe(16)
    pdf = render(certificate, verify_code)
    with use_case(keep=True):
        lock_teacher(certificate.teacher_id)
        found = _teacher(user, certificate.teacher_id)
        if found is None:
            raise CertificateRefused("not_found")
        teacher = found[0]
        period = certificate.period
        document = file_document(user, teacher, kind.code, period, verify_code, pdf)
        record_event(user, "document.issued", document,
                     after={"kind": kind.code, "start": period.start.isoformat(), "end": period.end.isoformat(),
                            "sha256": document.sha256, "source": kind.source},
                     org_unit_id=teacher.school_id)
    return document


def kind_title(region: Region, kind: str) -> Words | None:
    """How a kind of issued document is called: a certificate's title (None for a transcript,
    which the core names itself, or a kind the region no longer declares)."""
    if kind == TRANSCRIPT:
        return None
    found = kind_of(region, kind)
    return found.title if found is not None else None


# A school's documents as one ZIP -------------------------------------------------------


@dataclass(frozen=True)
class SchoolDocuments:
    """What the page says before the download: the school, how many current documents of
    each kind, of how many teachers, and whether the ZIP is written by a background job."""

    unit_id: int
    name: str
    kinds: tuple[tuple[str, int], ...]  # kind code → current documents
    documents: int
    teachers: int
    by_job: bool


@dataclass(frozen=True)
class ZipItem:
    name: str  # inside the ZIP
    path: Path
    sha256: str
    issued_at: datetime


def sees_school_documents(user: User, unit_id: int) -> bool:
    """Whether ``user`` may open the school's documents page (``school_documents``): an admin
    whose scope holds the school; not a workshop leader, whom the teacher list also serves."""
    try:
        _school(user, unit_id)
    except CertificateRefused:
        return False
    return True


def _school(user: User, unit_id: int) -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None or unit.kind != OrgKind.SCHOOL or not Scope.of(user, ADMIN_ROLES).covers(unit):
        raise CertificateRefused("not_found")
    return unit


def _current(unit_id: int):
    """The current documents of the school's teachers (neither revoked nor superseded), with
    the teacher's name."""
    return (select(IssuedDocument, Teacher.name).join(Teacher, IssuedDocument.teacher_id == Teacher.id)
            .where(Teacher.school_id == unit_id, IssuedDocument.revoked_at.is_(None),
                   IssuedDocument.superseded_by_id.is_(None)))


def stream_limit() -> int:
    return current_app.config["PORTAL_ZIP_STREAM_LIMIT"]


def school_documents(user: User, unit_id: int) -> SchoolDocuments:
    """The page's figures; ``CertificateRefused("not_found")`` for a unit that is not a school
    in the user's admin scope."""
    unit = _school(user, unit_id)
    current = (Teacher.school_id == unit.id, IssuedDocument.revoked_at.is_(None),
               IssuedDocument.superseded_by_id.is_(None))
    rows = db.session.execute(
        select(IssuedDocument.kind, func.count(IssuedDocument.id)).join(Teacher, IssuedDocument.teacher_id == Teacher.id)
        .where(*current).group_by(IssuedDocument.kind).order_by(IssuedDocument.kind)).all()
    teachers = db.session.scalar(
        select(func.count(func.distinct(IssuedDocument.teacher_id)))
        .join(Teacher, IssuedDocument.teacher_id == Teacher.id).where(*current))
    total = sum(n for _, n in rows)
    return SchoolDocuments(unit.id, unit.name, tuple((k, n) for k, n in rows), total, teachers or 0,
                           total > stream_limit())


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def file_name(region: Region, kind: str, start: date, end: date) -> str:
    """An issued document's file name: its title in the current language and its period."""
    title = _titles(region).get(kind) or gettext("Certificate")
    return f"{_safe(title)}-{start.isoformat()}-{end.isoformat()}.pdf"


def _titles(region: Region) -> dict[str, str]:
    """Each kind's name in the current language, for the files' names."""
    titles = {TRANSCRIPT: gettext("Transcript")}
    for kind in region.certificates():
        titles[kind.code] = str(kind.title)
    return titles


def _items(region: Region, unit_id: int) -> Iterator[ZipItem]:
    """The school's current documents as ZIP entries, ``CHUNK`` at a time: one folder per
    teacher (name and id, so namesakes stay apart), each file its kind and period."""
    titles = _titles(region)
    last = 0
    while True:
        batch = db.session.execute(_current(unit_id).where(IssuedDocument.id > last)
                                   .order_by(IssuedDocument.id).limit(CHUNK)).all()
        if not batch:
            return
        for document, name in batch:
            title = titles.get(document.kind, document.kind)
            yield ZipItem(f"{_safe(name)}-{document.teacher_id}/{_safe(title)}-{document.period_start.isoformat()}-"
                          f"{document.period_end.isoformat()}-{document.id}.pdf",
                          path_of(document.stored_as), document.sha256, document.issued_at)
        last = batch[-1][0].id


class _Sink:
    """What ``zipfile`` writes to: kept until taken, so a ZIP streams a document at a time."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def zip_chunks(items: Iterable[ZipItem], progress: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The ZIP of ``items``' kept PDFs, yielded a document at a time (one PDF in memory at
    most). A PDF whose kept bytes no longer match its SHA-256, or that is missing, is left
    out and logged: the ZIP holds only documents as issued."""
    sink = _Sink()
    done = 0
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for item in items:
            done += 1
            try:
                data = item.path.read_bytes()
            except OSError:
                log.error("issued document %s is missing from the documents folder", item.path.name)
                continue
            if hashlib.sha256(data).hexdigest() != item.sha256:
                log.error("issued document %s no longer matches its SHA-256: left out of the ZIP", item.path.name)
                continue
            info = zipfile.ZipInfo(item.name, date_time=item.issued_at.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
            if progress is not None:
                progress(done)
            yield sink.take()
    yield sink.take()


def zip_name(unit_name: str, today: date) -> str:
    """The school's name, the word for documents and the day, in the reader's language."""
    documents = gettext("Documents")
    return f"{_safe(unit_name)}-{documents}-{today.isoformat()}.zip"


def _downloaded(user: User, unit: OrgUnit, documents: int, job_id: int | None = None) -> None:
    with use_case():
        record_event(user, "documents.downloaded", unit,
                     after={"documents": documents, **({"job": job_id} if job_id else {})}, org_unit_id=unit.id)


def stream_school_zip(region: Region, user: User, unit_id: int) -> tuple[str, Iterator[bytes]]:
    """The use case for a school small enough to stream: its download recorded, then the ZIP's
    name and its bytes as they are written. The entries are listed before the first byte, so
    the stream reads no database."""
    summary = school_documents(user, unit_id)
    unit = db.session.get(OrgUnit, unit_id)
    items = list(_items(region, unit.id))
    _downloaded(user, unit, len(items))
    return zip_name(summary.name, clock.today()), zip_chunks(items)


def start_zip_job(user: User, unit_id: int, locale: str) -> int:
    """Queue the ZIP of a large school's documents, written by a worker with its progress."""
    _school(user, unit_id)
    from ..jobs import zip_school_documents

    return background.start(user, ZIP_JOB, {"unit": unit_id, "locale": locale, "today": clock.today().isoformat()},
                            zip_school_documents)


def zips_folder() -> Path:
    return Path(current_app.config.get("PORTAL_EXPORTS_DIR") or Path(current_app.instance_path) / "exports") / "zips"


def zip_job(region: Region, actor: User, params: dict, progress: background.Progress) -> dict:
    """The work of the job: the school's current documents written to a ZIP in the exports
    folder (checked again against the actor's scope), a document at a time."""
    unit = _school(actor, params["unit"])
    total = db.session.scalar(select(func.count()).select_from(_current(unit.id).subquery()))
    with force_locale(params["locale"]):
        items = _items(region, unit.id)
        name = zip_name(unit.name, date.fromisoformat(params["today"]))
        stored = f"{secrets.token_hex(16)}.zip"
        path = zips_folder() / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        try:
            with partial.open("wb") as out:
                for chunk in zip_chunks(items, lambda done: progress(done, total)):
                    out.write(chunk)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
    return {"file": stored, "name": name, "documents": total, "unit": unit.id}


def zip_job_view(user: User, job_id: int) -> background.JobView:
    try:
        return background.job_view(user, job_id, ZIP_JOB)
    except background.JobNotFound:
        raise CertificateRefused("not_found") from None


def zip_file(user: User, job_id: int) -> tuple[Path, str]:
    """The use case: a finished ZIP's file and name, its download recorded; refused when the
    job is not the user's, not done, or the school has left their scope."""
    view = zip_job_view(user, job_id)
    if view.state != background.DONE:
        raise CertificateRefused("not_found")
    unit = _school(user, view.result["unit"])
    path = zips_folder() / view.result["file"]
    if not path.is_file():
        raise CertificateRefused("not_found")
    _downloaded(user, unit, view.result["documents"], job_id)
    return path, view.result["name"]


def remove_old_zips(days: int) -> int:
    """Remove the ZIPs written more than ``days`` days ago; how many."""
    cutoff = time.time() - days * 86400
    where = zips_folder()
    old = [p for p in where.glob("*.zip") if p.stat().st_mtime < cutoff] if where.is_dir() else []
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)
