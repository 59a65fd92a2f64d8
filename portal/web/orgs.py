"""The org tree (组织机构): the units in the user's scope, each with its number of teachers,
opened one level at a time."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from jinja2_fragments.flask import render_block

from ..domain import TEACHER_VIEWERS
from ..services import orgs
from .access import roles_required, viewer_scope

bp = Blueprint("orgs", __name__, url_prefix="/admin/orgs")


@bp.get("")
@roles_required(*TEACHER_VIEWERS)
def tree():
    scope = viewer_scope()
    roots = orgs.scope_roots(scope)
    return render_template("orgs/tree.html", roots=[(root, orgs.children_with_counts(root, scope)) for root in roots])


@bp.get("/<int:unit_id>")
@roles_required(*TEACHER_VIEWERS)
def children(unit_id: int):
    scope = viewer_scope()
    unit = orgs.unit_in_scope(scope, unit_id)
    if unit is None:
        abort(404)
    below = orgs.children_with_counts(unit, scope)
    if request.headers.get("HX-Request"):
        return render_block("orgs/tree.html", "children", unit=unit, children=below)
    return render_template("orgs/tree.html", roots=[(unit, below)])
