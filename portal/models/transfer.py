"""Records brought from another region's portal: each import of a signed record, and each of
its entries entered here, so that the same entry is never entered twice however often it is
sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import utcnow


class RecordTransfer(db.Model):
    """One signed record imported for a teacher: who signed it (``issuer``, the key's id, and
    its name), its SHA-256, and how many of its entries were entered."""

    __tablename__ = "record_transfer"
    __table_args__ = (UniqueConstraint("teacher_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(64))
    issuer_name: Mapped[str] = mapped_column(String(120))
    digest: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime]
    entries: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))


class TransferredEntry(db.Model):
    """An entry of another portal (``origin``: the signing key's id and that portal's entry
    id) and the ledger entry it was entered here as; the origin is unique."""

    __tablename__ = "transferred_entry"

    origin: Mapped[str] = mapped_column(String(120), primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("record_transfer.id"), index=True)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"))  # None: not recognised here
