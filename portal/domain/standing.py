"""A teacher's standing: what the region's rules answered for them on a date, kept.

The core asks the region once (``portal_check_compliance``, ``portal_eligibility``,
``portal_requirements`` and ``portal_year`` for that teacher) and keeps the answer, so that
the teacher's page, every list, dashboard and report read the same figures. A standing
holds until ``valid_until`` (the end of the year or cycle, the next deadline, the day a
fact of the teacher or a rule version changes) and under the rules ``fingerprint`` it was
computed with; after that it is stale and is computed again.

``as_data``/``from_data`` turn a standing into JSON and back, messages included (decoded
and put into words only when shown, in the reader's language).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .enums import Unit
from .ledger import TeacherFacts
from .region import Requirements
from .results import Compliance, CycleProgress, Eligibility, Finding, Period, YearProgress
from .text import stored, to_data

FORMAT = 10  # bumped when what a standing keeps changes, so every kept one is computed again
# (3: a missed duty, its period ended, is no longer counted in ``open_duties``; a finding's ``label``;
# 4: each duty row keeps whether it was missed and when its period ended;
# 6: the requirements keep the year's settings apart from the cycle's, ``yearly_settings``;
# 7: a share of a figure that rounds back to the whole figure keeps no note, ``tenure.asked_of``;
# 8: whether any duty is asked of the teacher, ``asks_nothing``, kept on the row as ``duties_asked``;
# 9: a cycle's and a year's own name where the region gives one, ``CycleProgress.label``;
# 10: each duty row keeps whether it asks nothing of the teacher now, ``Finding.exempt``)


@dataclass(frozen=True)
class Standing:
    as_of: date
    requirements: Requirements
    compliance: Compliance
    eligibility: tuple[Eligibility, ...]
    year: Period  # the region's year holding ``as_of`` for this teacher
    rule_version: str
    fingerprint: str
    valid_until: date

    @property
    def cycle(self) -> CycleProgress:
        return self.compliance.cycle

    def year_progress(self) -> YearProgress | None:
        return self.compliance.year(self.year.start.year)

    @property
    def year_met(self) -> bool:
        progress = self.year_progress()
        return progress is None or progress.ok

    def open_findings(self) -> tuple[Finding, ...]:
        """The duties still open on ``as_of``: not met, their period not ended."""
        return tuple(f for f in self.compliance.findings if not f.ok and not f.missed_on(self.as_of))

    def missed_findings(self) -> tuple[Finding, ...]:
        """The duties not met whose period ended before ``as_of`` (a past year's minimum):
        history, shown as missed, not counted among the open ones."""
        return tuple(f for f in self.compliance.findings if f.missed_on(self.as_of))

    def current_findings(self) -> tuple[Finding, ...]:
        """The findings of the periods still running on ``as_of``, met or not (and the caps)."""
        return tuple(f for f in self.compliance.findings if not f.ended_on(self.as_of))

    def asked_findings(self) -> tuple[Finding, ...]:
        """The duties of the periods still running that ask something of the teacher: neither a
        cap (no duty) nor exempt (asks nothing of them now: their first year in post, say)."""
        return tuple(f for f in self.current_findings() if not f.cap and not f.exempt)

    def asks_nothing(self) -> bool:
        """No duty is asked of the teacher now and none was missed: their page says so
        ("No duty is asked for now"), and every list, dashboard and report counts them apart
        (``services.standings.nothing_asked``), never among those with every duty met."""
        return not self.asked_findings() and not self.missed_findings()

    def past_findings(self) -> tuple[Finding, ...]:
        """The findings whose period ended before ``as_of``, met or missed: history."""
        return tuple(f for f in self.compliance.findings if f.ended_on(self.as_of))

    def compliance_json(self) -> dict:
        """The compliance as JSON, each figure with the settings it comes from beside it (the
        cycle's, and this year's: ``Requirements.settings_json``)."""
        return self.requirements.settings_json(self.compliance.as_json(), self.year.start.year)

    def as_data(self) -> dict:
        return {
            "format": FORMAT,
            "as_of": self.as_of.isoformat(),
            "requirements": _requirements_data(self.requirements),
            "compliance": _compliance_data(self.compliance),
            "eligibility": [_eligibility_data(e) for e in self.eligibility],
            "year": _period_data(self.year),
            "rule_version": self.rule_version,
            "fingerprint": self.fingerprint,
            "valid_until": self.valid_until.isoformat(),
        }

    @classmethod
    def from_data(cls, data: dict) -> Standing:
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            requirements=_requirements(data["requirements"]),
            compliance=_compliance(data["compliance"]),
            eligibility=tuple(_eligibility(e) for e in data["eligibility"]),
            year=_period(data["year"]),
            rule_version=data["rule_version"],
            fingerprint=data["fingerprint"],
            valid_until=date.fromisoformat(data["valid_until"]),
        )


def valid_until(as_of: date, year: Period, compliance: Compliance, facts: TeacherFacts,
                rule_changes: tuple[date, ...] = (), eligibility: tuple[Eligibility, ...] = ()) -> date:
    """The last day the answer computed on ``as_of`` holds: the end of the year or the cycle,
    the day before a finding's deadline passes, or before a fact of the teacher or a rule
    version takes effect, or the last day an eligibility holds (``Eligibility.holds_until``: a
    rolling window an entry drops out of), whichever comes first."""
    ends = [year.end, compliance.cycle.period.end]
    ends += [f.deadline for f in compliance.findings if f.deadline and f.deadline >= as_of]
    ends += [e.holds_until for e in eligibility if e.holds_until and e.holds_until >= as_of]
    coming = [facts.entered_post, facts.probation_end, facts.transferred_in, facts.title_date, *rule_changes]
    for period in facts.leave:
        coming += [period.start, period.end + timedelta(days=1)]
    ends += [day - timedelta(days=1) for day in coming if day and day > as_of]
    return max(as_of, min(ends))


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _period_data(period: Period) -> list[str]:
    return [period.start.isoformat(), period.end.isoformat()]


def _period(data: list[str]) -> Period:
    return Period(date.fromisoformat(data[0]), date.fromisoformat(data[1]))


def _words(value: Any) -> Any:
    return to_data(value) if value else ""


def _finding_data(f: Finding) -> dict:
    return {"code": f.code, "ok": f.ok, "required": _amount(f.required), "actual": _amount(f.actual),
            "message": _words(f.message), "source": f.source, "deadline": _day(f.deadline),
            "unit": f.unit.value if f.unit else None, "cap": f.cap, "settings": list(f.settings),
            "label": _words(f.label), "exempt": f.exempt}


def _finding(d: dict) -> Finding:
    return Finding(code=d["code"], ok=d["ok"], required=_decimal(d["required"]), actual=_decimal(d["actual"]),
                   message=stored(d["message"]), source=d["source"], deadline=_date(d["deadline"]),
                   unit=Unit(d["unit"]) if d["unit"] else None, cap=d["cap"], settings=tuple(d["settings"]),
                   label=stored(d.get("label", "")), exempt=d.get("exempt", False))


def _compliance_data(c: Compliance) -> dict:
    cycle = c.cycle
    return {
        "unit": c.unit.value,
        "cycle": {"period": _period_data(cycle.period), "required": _amount(cycle.required),
                  "earned": _amount(cycle.earned), "counted": _amount(cycle.counted),
                  "conditions": [_finding_data(f) for f in cycle.conditions], "note": _words(cycle.note),
                  "label": _words(cycle.label)},
        "years": [{"year": y.year, "required": _amount(y.required), "earned": _amount(y.earned),
                   "note": _words(y.note), **({"counted": _amount(y.counted)} if y.counted is not None else {}),
                   **({"label": _words(y.label)} if y.label else {})}
                  for y in c.years],
        "findings": [_finding_data(f) for f in c.findings],
    }


def _compliance(d: dict) -> Compliance:
    cycle = d["cycle"]
    return Compliance(
        unit=Unit(d["unit"]),
        cycle=CycleProgress(period=_period(cycle["period"]), required=Decimal(cycle["required"]),
                            earned=Decimal(cycle["earned"]), counted=Decimal(cycle["counted"]),
                            conditions=tuple(_finding(f) for f in cycle["conditions"]),
                            note=stored(cycle["note"]), label=stored(cycle.get("label", ""))),
        years=tuple(YearProgress(year=y["year"], required=_decimal(y["required"]), earned=Decimal(y["earned"]),
                                 note=stored(y["note"]), counted=_decimal(y.get("counted")),
                                 label=stored(y.get("label", "")))
                    for y in d["years"]),
        findings=tuple(_finding(f) for f in d["findings"]),
    )


def _eligibility_data(e: Eligibility) -> dict:
    return {"purpose": e.purpose, "ok": e.ok, "reason": _words(e.reason), "source": e.source,
            "missing": _words(e.missing), "settings": list(e.settings), "holds_until": _day(e.holds_until)}


def _eligibility(d: dict) -> Eligibility:
    return Eligibility(purpose=d["purpose"], ok=d["ok"], reason=stored(d["reason"]), source=d["source"],
                       missing=stored(d["missing"]), settings=tuple(d["settings"]),
                       holds_until=_date(d.get("holds_until")))  # kept before the field: None


def _requirements_data(r: Requirements) -> dict:
    return {"cycle": _amount(r.cycle), "yearly": _amount(r.yearly), "unit": r.unit.value,
            "cycle_source": r.cycle_source, "yearly_source": r.yearly_source, "settings": list(r.settings),
            "yearly_settings": list(r.yearly_settings)}


def _requirements(d: dict) -> Requirements:
    return Requirements(cycle=Decimal(d["cycle"]), yearly=_decimal(d["yearly"]), unit=Unit(d["unit"]),
                        cycle_source=d["cycle_source"], yearly_source=d["yearly_source"],
                        settings=tuple(d["settings"]), yearly_settings=tuple(d.get("yearly_settings", ())))
