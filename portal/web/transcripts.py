"""Transcripts (学分证明): a teacher's page with the transcript of a period and the documents
issued, issuing (a frozen PDF with a QR code), downloading, revoking, and the public
verification page the QR code leads to."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import segno
from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from weasyprint import HTML, URLFetcher

from ..extensions import limiter
from ..services import transcripts
from .access import region
from .forms import IssueTranscriptForm, RevokeDocumentForm, TranscriptPeriodForm

bp = Blueprint("transcripts", __name__)


def _verify_limit() -> str:
    return current_app.config["PORTAL_VERIFY_LIMIT"]


def render_pdf(transcript: transcripts.Transcript, code: str) -> bytes:
    """The transcript as a PDF with a QR code of its verification page's address. The page
    names no resource outside itself (the QR code is inline), and WeasyPrint may fetch none."""
    address = url_for("transcripts.verify", code=code, _external=True)
    qr = segno.make(address, error="m").svg_data_uri(scale=3, border=2)
    issued_on = datetime.now(ZoneInfo(current_app.config["PORTAL_TIMEZONE"])).date()  # as the verification page says it
    html = render_template("transcripts/pdf.html", t=transcript, qr=qr, address=address, issued_on=issued_on)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


def _refusal(code: str) -> str:
    return {
        "period": lambda: _("Give a period whose start is not after its end, from 1950 to 2100."),
        "revoked": lambda: _("This document has already been revoked."),
        "reason": lambda: _("Give a reason of at most 500 characters: the teacher reads it."),
        "not_found": lambda: _("This document does not exist, or you do not have access to it."),
    }[code]()


def _page(teacher_id: int | None, period: TranscriptPeriodForm, status: int = 200, revoke_form=None):
    start = end = None
    if period.validate():
        start, end = period.start.data, period.end.data
    else:
        status = 422
    try:
        page = transcripts.transcripts_page(region(), current_user, teacher_id, start, end)
    except transcripts.TranscriptRefused as refused:
        flash(_refusal(refused.code), "error")
        page, status = transcripts.transcripts_page(region(), current_user, teacher_id, None, None), 422
    if page is None:
        abort(404)
    issue_form = IssueTranscriptForm(formdata=None, start=page.transcript.period.start, end=page.transcript.period.end)
    response = make_response(render_template(
        "transcripts/index.html", page=page, t=page.transcript, period=period, issue_form=issue_form,
        revoke_form=revoke_form or (RevokeDocumentForm(formdata=None) if page.may_revoke else None),
        teacher_arg=teacher_id, category_labels=region().category_labels()), status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/transcripts")
@login_required
def index():
    return _page(request.args.get("teacher", type=int), TranscriptPeriodForm(formdata=request.args))


@bp.post("/transcripts/issue")
@login_required
def issue():
    teacher_id = request.args.get("teacher", type=int)
    form = IssueTranscriptForm()
    if form.validate_on_submit():
        try:
            document = transcripts.issue(region(), current_user, teacher_id, form.start.data, form.end.data, render_pdf)
        except transcripts.TranscriptRefused as refused:
            if refused.code == "not_found":
                abort(404)
            flash(_refusal(refused.code), "error")
        else:
            flash(_("The transcript is issued. Download it below; anyone may check it with its QR code."), "success")
            return redirect(url_for("transcripts.index", teacher=teacher_id, start=document.period_start.isoformat(),
                                    end=document.period_end.isoformat()), 303)
    else:
        flash(_refusal("period"), "error")
    return _page(teacher_id, TranscriptPeriodForm(formdata=None), 422)


@bp.get("/transcripts/<int:document_id>.pdf")
@login_required
def download(document_id: int):
    found = transcripts.stored_pdf(current_user, document_id)
    if found is None:
        abort(404)
    data, document = found
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    name = f"transcript-{document.period_start.isoformat()}-{document.period_end.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/transcripts/<int:document_id>/revoke")
@login_required
def revoke(document_id: int):
    teacher_id = request.args.get("teacher", type=int)
    form = RevokeDocumentForm()
    if form.validate_on_submit():
        try:
            transcripts.revoke(current_user, document_id, form.reason.data or "")
        except transcripts.TranscriptRefused as refused:
            if refused.code == "not_found":
                abort(404)
            flash(_refusal(refused.code), "error")
        else:
            flash(_("The document is revoked; its verification page now says so."), "success")
            return redirect(url_for("transcripts.index", teacher=teacher_id), 303)
    return _page(teacher_id, TranscriptPeriodForm(formdata=None), 422, revoke_form=form)


@bp.get("/verify/<code>")
@limiter.limit(_verify_limit)
def verify(code: str):
    """Public: no sign-in. Says only whether the document is genuine, its kind, its issue
    date, its masked holder, and whether it was revoked or superseded."""
    found = transcripts.verification(code)
    response = make_response(render_template("transcripts/verify.html", found=found), 200 if found else 404)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
