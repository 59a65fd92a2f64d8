"""A training institution's project waits for the bureau of its level before teachers may select
it (晋教师〔2017〕14号 §五(一) 省教育厅负责教师培训的统筹规划和质量监管): an institution published a
国家级 training at once, which counts toward the cycle's 20 city-level credits (§三(二)). A bureau's
own project is still published by it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import TrainingProject, User
from portal.services import training
from tests.support import signed_in


def _draft(app, username: str, level: str) -> int:
    with app.app_context():
        unit = db.session.scalar(select(User).where(User.username == username)).roles[0].org_unit
        project = training.add_project(None, unit, name=f"{level}示例培训", level=level, mode="centralized",
                                       start_date=date(2099, 3, 1), end_date=date(2099, 3, 2), year=2099,
                                       hours=Decimal(12), capacity=30, status="draft")
        db.session.commit()
        return project.id


def _status(app, project_id: int) -> str:
    with app.app_context():
        return db.session.get(TrainingProject, project_id).status


def test_an_institutions_national_training_waits_for_the_province(make_app):
    app = make_app("shanxi", demo=True)
    project_id = _draft(app, "institution", "national")
    signed_in(app, "institution").post(f"/projects/{project_id}/declare")
    assert _status(app, project_id) == "declared"  # not published: nobody had looked at it
    signed_in(app, "province_admin").post(f"/projects/{project_id}/review", data={"decision": "approve", "reason": ""})
    assert _status(app, project_id) == "published"


def test_a_bureaus_own_training_is_published_by_it():
    from plugins.shanxi.enrollment import project_review
    from portal.domain import Level, Mode, OrgKind, UserRole
    from portal.domain.selection import ProjectFacts

    def facts(kind, level):
        return ProjectFacts(name="示例", level=level, mode=Mode.CENTRALIZED, start=date(2099, 3, 1),
                            end=date(2099, 3, 2), hours=Decimal(12), organiser_kind=kind)

    assert project_review(facts(OrgKind.CITY, Level.CITY)).role is None
    assert project_review(facts(OrgKind.INSTITUTION, Level.CITY)).role == UserRole.CITY_ADMIN
    assert project_review(facts(OrgKind.INSTITUTION, Level.NATIONAL)).role == UserRole.PROVINCE_ADMIN
