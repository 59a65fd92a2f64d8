"""The teacher's own pages."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from ..domain import UserRole
from ..models import Teacher
from ..services.ledger import entries_page
from ..services.teachers import own_record, standing, standing_labels
from .access import region, roles_required

bp = Blueprint("teacher", __name__, url_prefix="/me")


@bp.get("/")
@roles_required(UserRole.TEACHER)
def home():
    teacher = _own_record()
    return render_template("teacher/home.html", teacher=teacher,
                           standing=standing(region(), teacher, date.today()))


@bp.get("/ledger")
@roles_required(UserRole.TEACHER)
def ledger():
    teacher = _own_record()
    return render_template("ledger.html", teacher=teacher, back=url_for("teacher.home"),
                           page=entries_page(teacher.id, request.args.get("page", 1, type=int),
                                             current_app.config["PORTAL_PAGE_SIZE"]),
                           labels=standing_labels(region()), endpoint="teacher.ledger", args={})


@bp.get("/compliance")
@roles_required(UserRole.TEACHER)
def compliance():
    teacher = _own_record()
    return render_template("compliance.html", teacher=teacher, back=url_for("teacher.home"),
                           standing=standing(region(), teacher, date.today()))


def _own_record() -> Teacher:
    teacher = own_record(current_user.id)
    if teacher is None:
        abort(404)
    return teacher
