"""The certificates a region issues to its teachers (a completion certificate, 结业证书; an hours
certificate, 学时证书): what each is, the clause that provides for it, and who is eligible.

A region declares them with ``portal_certificates``; the core judges a teacher with
``CertificateKind.judge`` (a pure function of the teacher's facts, counted records and kept
standing), shows the findings to a teacher who is not eligible, and issues an eligible one's
certificate as a frozen PDF with the certificate's ``code`` as the issued document's kind,
verifiable like a transcript.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from .ledger import Record, TeacherFacts
from .results import Finding, Period, Words
from .standing import Standing

CODE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
RESERVED = frozenset({"transcript"})  # the core's own kinds of document


@dataclass(frozen=True)
class CertificateCase:
    """What a certificate's rule may read of one teacher on ``as_of``: their facts, their
    counted ledger up to that day (as ``portal_check_compliance`` gets it) and their kept
    standing (``Standing``: the compliance and eligibility already judged)."""

    teacher: TeacherFacts
    records: Sequence[Record]
    standing: Standing
    as_of: date


@dataclass(frozen=True)
class Award:
    """The rule's answer for one teacher: ``ok`` when they are eligible; ``findings`` say why
    or why not (each with its clause, shown to the teacher); ``period`` is what the
    certificate covers (the training it attests); ``statement`` is what it states, in the
    region's words (参加……培训，综合考核合格，准予结业); ``details`` are lines printed under
    it as (label, value). ``earlier``: the certificates of the same kind the teacher is also
    eligible for, each an eligible award of an earlier period of its own (a training passed in
    each of several years: a teacher finds each year's, not only the latest); the page offers
    each, and one is issued by its period (``covering``)."""

    ok: bool
    findings: tuple[Finding, ...]
    period: Period | None = None
    statement: Words = ""
    details: tuple[tuple[Words, Words], ...] = ()
    earlier: tuple[Award, ...] = ()

    def __post_init__(self):
        if self.ok and (self.period is None or not self.statement):
            raise ValueError("an award a teacher is eligible for needs the period it covers and its statement")
        if not self.findings:
            raise ValueError("an award needs at least one finding that says why")
        if self.earlier and not self.ok:
            raise ValueError("earlier certificates are offered beside an eligible award only")
        periods = [a.period for a in self.each]
        if not all(a.ok and not a.earlier for a in self.earlier) or len(set(periods)) != len(periods):
            raise ValueError("each earlier certificate is eligible, of a period of its own")

    @property
    def each(self) -> tuple[Award, ...]:
        """Every certificate of the kind the teacher may be issued, this one first (none when
        not eligible)."""
        return (self, *self.earlier) if self.ok else ()

    def covering(self, start: date | None) -> Award | None:
        """The certificate whose period starts on ``start`` (None: this one), or None."""
        if start is None:
            return self if self.ok else None
        return next((a for a in self.each if a.period.start == start), None)


@dataclass(frozen=True)
class CertificateKind:
    """One certificate of the region: ``code`` (kept as the issued document's kind:
    lower-case letters, digits and underscores, at most 20 characters, never ``transcript``),
    its ``title`` as printed and shown on the verification page, the clause that provides
    for it (``"<file> §clause"``), a line on who gets it, and ``judge``: the rule."""

    code: str
    title: Words
    source: str
    judge: Callable[[CertificateCase], Award]
    detail: Words = ""

    def __post_init__(self):
        if not CODE.match(self.code) or self.code in RESERVED:
            raise ValueError(f"certificate code {self.code!r}: lower-case letters, digits and underscores, "
                             "at most 20 characters, not a kind the core issues itself")
