"""A selection the region refuses for a reason of its own (here a prerequisite) still reads
that the unit's quota is used up where it is: the core dropped its quota finding whenever the
region refused for any reason, so the teacher who took the prerequisite met a second refusal only then.
The core's word on the quota gives way only to the region's own word on it (``QUOTA``, or
``UNALLOCATED`` for a unit it allocated none)."""
from __future__ import annotations

import types
from datetime import datetime

import pluggy
from sqlalchemy import select

from portal.domain import Finding, UserRole
from portal.domain.selection import PREREQUISITE, QUOTA, UNALLOCATED
from portal.extensions import db
from portal.models import Teacher, TrainingProject
from portal.services import enrollments
from tests.test_quotas import _select, _set, _setup

hookimpl = pluggy.HookimplMarker("portal")


def _refusing(code: str) -> types.ModuleType:
    module = types.ModuleType(f"refusing_{code}")
    module.portal_selection_findings = hookimpl(
        lambda selection: [Finding(code, False, None, None, "未完成前置培训", "example.txt §1")])
    return module


def _findings(app, project_id, user_id) -> dict[str, Finding]:
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.user_id == user_id))
        found = enrollments.selection_findings(app.extensions["portal.region"],
                                               db.session.get(TrainingProject, project_id), teacher,
                                               UserRole.TEACHER, datetime.now())
        return {f.code: f for f in found}


def test_the_units_quota_used_up_is_said_beside_the_regions_other_refusal(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {first: 1})
    assert _select(app, project_id, teachers[first][0]) == "seat"
    app.extensions["portal.region"].pm.register(_refusing(PREREQUISITE))
    found = _findings(app, project_id, teachers[first][1])
    assert not found[PREREQUISITE].ok
    assert QUOTA in found and not found[QUOTA].ok and found[QUOTA].message == "本单位在该项目的名额已用完"


def test_the_regions_own_word_on_the_quota_replaces_the_cores(make_app):
    app = make_app("shanxi", demo=True)
    project_id, district, (first, second), teachers = _setup(app)
    _set(app, project_id, {first: 1})
    app.extensions["portal.region"].pm.register(_refusing(UNALLOCATED))
    found = _findings(app, project_id, teachers[second][0])
    assert not found[UNALLOCATED].ok and QUOTA not in found
