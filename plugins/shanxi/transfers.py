"""Credits a teacher brings from another region (§三(二) 转正及新调入的教师，从转正和调入年度开始
登记培训学分): those earned before the school year of arrival are not entered here; the rest
are left to the core, which converts each by the rules here."""
from __future__ import annotations

from datetime import date

from portal.domain import Finding, TeacherFacts
from portal.domain.transfers import Recognition, TransferredEntry

from . import parameters as P
from .parameters import src
from .periods import registration
from .words import _


def recognition(entry: TransferredEntry, teacher: TeacherFacts, on: date) -> Recognition | None:
    registered = registration(teacher, on)
    if registered.counts(entry.day):
        return None
    return Recognition(None, (Finding(
        "before_registration", False, None, None,
        _("{day} 在登记起始日 {start} 之前（{reason}），不转入本省登记", day=entry.day, start=registered.start,
          reason=registered.reason),
        src(P.REGISTRATION_CLAUSE)),))
