"""A teacher's record between regions: downloaded signed by this bureau, brought in from
another one, and this bureau's public key for other portals to trust."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import ADMIN_ROLES
from ..services import signing, transfers
from .access import region, roles_required
from .claims import teacher_arg
from .forms import RecordConfirmForm, RecordUploadForm, empty_file_words

bp = Blueprint("transfers", __name__)

REFUSALS = {
    "not_configured": lambda: _("This portal has no signing key yet: its administrators must configure one."),
    "empty": empty_file_words,
    "malformed": lambda: _("This file is not a teacher's record signed by a bureau."),
    "wrong_kind": lambda: _("This file is not a teacher's record signed by a bureau."),
    "unknown_key": lambda: _("This record is signed by a bureau this portal does not trust yet: ask the portal's "
                             "administrators to add that bureau's public key."),
    "bad_signature": lambda: _("This record has been altered since it was signed, so it cannot be brought in."),
    "not_theirs": lambda: _("This record is of another person: its ID number is not this teacher's."),
    "own": lambda: _("This record was signed by this portal: its entries are here already."),
    "imported": lambda: _("This record has already been brought in for this teacher."),
    "changed": lambda: _("The record or this teacher's entries changed since the preview: upload it again."),
}


@bp.post("/records/export")
@login_required
def export():
    """The teacher's counted entries, signed by this bureau, as a file to take elsewhere."""
    try:
        token, name = transfers.export(region(), current_user, teacher_arg())
    except transfers.TransferRefused as refused:
        if refused.code == "not_found":
            abort(404)
        flash(REFUSALS[refused.code](), "error")
        return redirect(request.referrer or url_for("auth.index"), 303)
    return Response(token, mimetype="application/jose", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


@bp.route("/admin/teachers/<int:teacher_id>/records", methods=["GET", "POST"])
@roles_required(*ADMIN_ROLES)
def bring_in(teacher_id: int):
    """An admin uploads a record from another region; the page shows what it would enter."""
    form = RecordUploadForm()
    if form.validate_on_submit():
        token = form.record.data.read(transfers.MAX_BYTES + 1).decode("utf-8", "replace")
        try:
            found = transfers.preview(region(), current_user, teacher_id, token)
        except transfers.TransferRefused as refused:
            if refused.code == "not_found":
                abort(404)
            form.record.errors.append(REFUSALS[refused.code]())
        else:
            return render_template("transfers/preview.html", preview=found,
                                   confirm=RecordConfirmForm(token=token, digest=found.digest))
    teacher = transfers.teacher_for(current_user, teacher_id)
    if teacher is None:
        abort(404)
    return render_template("transfers/upload.html", form=form, teacher=teacher), 422 if form.errors else 200


@bp.post("/admin/teachers/<int:teacher_id>/records/confirm")
@roles_required(*ADMIN_ROLES)
def confirm(teacher_id: int):
    form = RecordConfirmForm()
    if not form.validate_on_submit():
        flash(_("The record or this teacher's entries changed since the preview: upload it again."), "error")
        return redirect(url_for("transfers.bring_in", teacher_id=teacher_id), 303)
    try:
        entered = transfers.bring(region(), current_user, teacher_id, form.token.data, form.digest.data)
    except transfers.TransferRefused as refused:
        if refused.code == "not_found":
            abort(404)
        flash(REFUSALS[refused.code](), "error")
        return redirect(url_for("transfers.bring_in", teacher_id=teacher_id), 303)
    flash(_("%(num)d entries brought in; they wait for their audit here like any entry.", num=entered), "success")
    return redirect(url_for("teachers.ledger", teacher_id=teacher_id), 303)


@bp.get("/.well-known/jwks.json")
def public_keys():
    """This bureau's public key, for other portals to trust the records it signs."""
    return jsonify(signing.public_key_set())
