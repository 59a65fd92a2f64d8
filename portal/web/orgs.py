"""The org tree (组织机构): the units in the user's scope, each with its number of teachers,
opened one level at a time. Those who import sheets also read each unit's code, as the
sheets ask for it; nobody else needs it."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from jinja2_fragments.flask import render_block

from ..domain import TEACHER_VIEWERS
from ..services import orgs
from .access import roles_required
from .imports import IMPORTERS

bp = Blueprint("orgs", __name__, url_prefix="/admin/orgs")


@bp.get("")
@roles_required(*TEACHER_VIEWERS)
def tree():
    return render_template("orgs/tree.html", roots=orgs.tree(current_user), codes=_imports())


@bp.get("/<int:unit_id>")
@roles_required(*TEACHER_VIEWERS)
def children(unit_id: int):
    found = orgs.branch(current_user, unit_id)
    if found is None:
        abort(404)
    if request.headers.get("HX-Request"):
        unit, below = found
        return render_block("orgs/tree.html", "children", unit=unit, children=below, codes=_imports())
    return render_template("orgs/tree.html", roots=[found], codes=_imports())


def _imports() -> bool:
    """Whether the user imports sheets, which name units by the codes shown beside them."""
    return bool(current_user.role_set & IMPORTERS)
