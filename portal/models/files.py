"""What every kept file's row holds (a claim's evidence, an appeal's proof, a project's
materials): the file itself is written by ``services.evidence`` outside the web root."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .types import utcnow


class StoredFileColumns:
    """``stored_as``: the file's random name in the store; ``digest``: its SHA-256;
    ``content_type``: its type as its bytes say; ``size`` in bytes; ``filename``: its name as
    uploaded, shown to people; ``created_at``: when it was kept."""

    stored_as: Mapped[str] = mapped_column(String(64), unique=True, sort_order=10)
    digest: Mapped[str] = mapped_column(String(64), sort_order=10)
    content_type: Mapped[str] = mapped_column(String(100), sort_order=10)
    size: Mapped[int] = mapped_column(Integer, sort_order=10)
    filename: Mapped[str] = mapped_column(String(200), sort_order=10)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, sort_order=10)
