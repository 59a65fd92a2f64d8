"""Evidence files: checked by their content, kept outside the web root under random names,
read back only through a view that checks who may see the claim.

A file's type is what its bytes say (puremagic reads the signature, and the parts inside an
Office zip), never its name or the type the browser sent: a page renamed ``.pdf`` is
refused. Files are written before the claim's transaction commits; a transaction that rolls
back removes the files it wrote, so nothing is kept that no claim names."""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import puremagic
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db

# What a claim may be backed by: PDF, photos (a phone's camera gives JPEG), Office documents.
ACCEPTED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/msword": "Office",  # Word, Excel and PowerPoint before 2007 share this container
    "application/vnd.ms-excel": "Office",
    "application/vnd.ms-powerpoint": "Office",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
}
INLINE = frozenset({"application/pdf", "image/jpeg", "image/png"})  # shown in the browser; the rest downloaded
_PENDING = "portal.evidence_written"
_REMOVED = "portal.evidence_removed"


class EvidenceRefused(ValueError):
    """A file that cannot back a claim: ``code`` is ``empty``, ``too_large`` or ``type``."""

    def __init__(self, code: str, filename: str):
        super().__init__(f"{filename}: {code}")
        self.code = code
        self.filename = filename


@dataclass(frozen=True)
class Upload:
    """A file as it came from a form, before ``read`` checks its bytes (a claim's evidence, an
    appeal's proof, a project's materials)."""

    stream: BinaryIO
    filename: str


@dataclass(frozen=True)
class StoredFile:
    stored_as: str
    digest: str
    content_type: str
    size: int
    filename: str


def folder() -> Path:
    """Where evidence is kept: ``PORTAL_EVIDENCE_DIR``, by default the instance folder's
    ``evidence`` (never under ``static``)."""
    return Path(current_app.config.get("PORTAL_EVIDENCE_DIR") or Path(current_app.instance_path) / "evidence")


def max_bytes() -> int:
    return current_app.config["PORTAL_EVIDENCE_MAX_BYTES"]


def path_of(stored_as: str) -> Path:
    return folder() / stored_as[:2] / stored_as


def read(stream: BinaryIO, filename: str) -> tuple[bytes, str]:
    """The file's bytes and its type, or ``EvidenceRefused``."""
    data = stream.read(max_bytes() + 1)
    if not data:
        raise EvidenceRefused("empty", filename)
    if len(data) > max_bytes():
        raise EvidenceRefused("too_large", filename)
    try:
        content_type = puremagic.from_string(data, mime=True)
    except puremagic.PureError:
        content_type = ""
    if content_type not in ACCEPTED:
        raise EvidenceRefused("type", filename)
    return data, content_type


def read_uploads(uploads: Iterable[Upload], required: bool, refuse: Callable[..., Exception]) -> list[tuple[bytes, str, str]]:
    """The files a form named, each read and checked (``read``), as (bytes, type, name).
    ``refuse(code, detail, reason)`` makes the caller's refusal: "files" when none is named and
    one is ``required``, or more than ``PORTAL_EVIDENCE_FILES`` are (``detail`` that number);
    "evidence" for a file refused (``detail`` its name, ``reason`` this store's code)."""
    named = [u for u in uploads if u.filename]
    most = current_app.config["PORTAL_EVIDENCE_FILES"]
    if required and not named:
        raise refuse("files")
    if len(named) > most:
        raise refuse("files", most)
    kept = []
    for upload in named:
        try:
            data, content_type = read(upload.stream, upload.filename)
        except EvidenceRefused as refused:
            raise refuse("evidence", refused.filename, refused.code) from None
        kept.append((data, content_type, upload.filename))
    return kept


def keep(root: Path, data: bytes) -> str:
    """Write ``data`` whole under a random name in ``root`` (a reader never sees half a
    file), removed again if the session rolls back; the name."""
    stored_as = secrets.token_hex(16)
    path = root / stored_as[:2] / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    removed_on_rollback(path)
    return stored_as


def write(data: bytes, content_type: str, filename: str) -> StoredFile:
    """Keep an evidence file under a random name; it is removed again if the session rolls back."""
    stored_as = keep(folder(), data)
    return StoredFile(stored_as, hashlib.sha256(data).hexdigest(), content_type, len(data),
                      Path(filename or "").name[:200] or stored_as)


def hold(data: bytes, kept_for: int) -> str:
    """Keep a checked file for a form sent again (``claims.hold``) under a random name, in
    the folder's ``held`` part: not evidence until a claim takes it, and kept whatever the
    request's transaction does (the claim it came with was refused). Files held longer than
    ``kept_for`` seconds, whose forms can no longer take them, are removed as it goes."""
    stored_as = secrets.token_hex(16)
    path = folder() / "held" / stored_as
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path.parent, time.time() - kept_for)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return stored_as


def _sweep(held_folder: Path, before: float) -> None:
    for old in held_folder.iterdir():
        with suppress(OSError):
            if old.stat().st_mtime < before:
                old.unlink()


def held(stored_as: str) -> bytes | None:
    """A held file's bytes, or None when the name is not one ``hold`` gives or it is gone."""
    if not re.fullmatch(r"[0-9a-f]{32}", stored_as or ""):
        return None
    try:
        return (folder() / "held" / stored_as).read_bytes()
    except OSError:
        return None


def release(stored_as: str) -> None:
    """Remove a held file once a claim has taken it (or new files replaced it)."""
    if re.fullmatch(r"[0-9a-f]{32}", stored_as or ""):
        (folder() / "held" / stored_as).unlink(missing_ok=True)


def removed_on_rollback(path: Path) -> None:
    """A file just written for the session's transaction: removed if it rolls back, kept if
    it commits (evidence, an issued document's PDF)."""
    db.session.info.setdefault(_PENDING, []).append(path)


def removed_on_commit(stored_as: str) -> None:
    """A kept file whose record the session's transaction deletes (a project's material
    removed): removed once it commits, kept if it rolls back, so a refusal loses no file."""
    db.session.info.setdefault(_REMOVED, []).append(path_of(stored_as))


@event.listens_for(Session, "after_commit")
def _kept(session: Session) -> None:
    session.info.pop(_PENDING, None)
    for path in session.info.pop(_REMOVED, ()):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_REMOVED, None)
    for path in session.info.pop(_PENDING, ()):
        path.unlink(missing_ok=True)
