"""Transcripts (学分证明): a teacher's page with the transcript of a period and the documents
issued, issuing (a frozen PDF with a QR code), downloading, revoking, and the public
verification page the QR code leads to."""
from __future__ import annotations

from urllib.parse import quote

import segno

from flask import (
    Blueprint, Response, abort, current_app, flash, make_response, redirect, render_template, request, send_file, url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from weasyprint import HTML, URLFetcher
from wtforms import DateField, HiddenField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from .. import clock
from ..extensions import limiter
from ..services import certificates, credentials, signing, transcripts
from . import error_page
from .access import region
from .forms import DocumentFileForm, IssueTranscriptForm, RevokeDocumentForm, TranscriptPeriodForm, empty_file_words

bp = Blueprint("transcripts", __name__)


def _verify_limit() -> str:
    return current_app.config["PORTAL_VERIFY_LIMIT"]


def public_url(endpoint: str, **values) -> str:
    """The address of a page as people outside reach it: under ``PORTAL_PUBLIC_URL`` when set,
    else the address the request came to (a QR code, a credential's identifiers)."""
    base = current_app.config.get("PORTAL_PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def render_pdf(transcript: transcripts.Transcript, code: str) -> bytes:
    """The transcript as a PDF with a QR code of its verification page's address. The page
    names no resource outside itself (the QR code is inline), and WeasyPrint may fetch none."""
    address, qr, issued_on = _qr_and_address(code)
    html = render_template("transcripts/pdf.html", t=transcript, qr=qr, address=address, issued_on=issued_on)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


class IssueCertificateForm(FlaskForm):
    """Issue one of the region's certificates (its code, carried hidden)."""

    kind = HiddenField(validators=[DataRequired(), Length(max=20)])
    period = DateField(validators=[Optional()], widget=HiddenInput())  # the first day of the period asked, where several are offered


class SchoolZipForm(FlaskForm):
    """Download a school's documents (nothing to fill: the CSRF token)."""


def _qr_and_address(code: str) -> tuple[str, str, object]:
    address = public_url("transcripts.verify", code=code)
    qr = segno.make(address, error="m").svg_data_uri(scale=3, border=2)
    issued_on = clock.today()  # as the verification page says it
    return address, qr, issued_on


def render_certificate_pdf(certificate: certificates.Certificate, code: str) -> bytes:
    """A certificate as a PDF with a QR code of its verification page's address; like a
    transcript's, it names no resource outside itself."""
    address, qr, issued_on = _qr_and_address(code)
    html = render_template("transcripts/certificate_pdf.html", c=certificate, qr=qr, address=address,
                           issued_on=issued_on)
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
    instead = False  # the period asked for is refused: the current cycle is shown in its place
    if period.validate():
        start, end = period.start.data, period.end.data
    else:
        status, instead = 422, True
    try:
        page = transcripts.transcripts_page(region(), current_user, teacher_id, start, end)
    except transcripts.TranscriptRefused as refused:
        flash(_refusal(refused.code), "error")
        page, status, instead = transcripts.transcripts_page(region(), current_user, teacher_id, None, None), 422, True
    if page is None:
        abort(404)
    issue_form = IssueTranscriptForm(formdata=None, start=page.transcript.period.start, end=page.transcript.period.end)
    response = make_response(render_template(
        "transcripts/index.html", page=page, t=page.transcript, period=period, issue_form=issue_form,
        revoke_form=revoke_form or (RevokeDocumentForm(formdata=None) if page.may_revoke else None),
        teacher_arg=teacher_id, category_labels=region().category_labels(), instead=instead,
        certificates=bool(region().certificates())), status)
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
            document = transcripts.issue(region(), current_user, teacher_id, form.start.data, form.end.data, render_pdf,
                                         credential=sign_credential)
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


def sign_credential(transcript: transcripts.Transcript, id_number: str, document) -> str | None:
    """The transcript's verifiable credential, or None when this portal has no signing key."""
    try:
        return credentials.transcript_credential(transcript, id_number, document.id, document.code,
                                                 document.issued_at, _("Transcript"), public_url)
    except signing.SignatureRefused:
        return None


@bp.get("/transcripts/<int:document_id>/credential.jwt")
@login_required
def credential(document_id: int):
    """The transcript as an Open Badges 3.0 credential (VC-JWT), to carry to another platform."""
    document = transcripts.credential_of(current_user, document_id)
    if document is None:
        abort(404)
    name = f"transcript-{document.period_start.isoformat()}-{document.period_end.isoformat()}.jwt"
    return Response(document.credential, mimetype="application/vc+jwt", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


@bp.get("/credentials/status/<int:number>")
@limiter.limit(_verify_limit)
def status_list(number: int):
    """A signed Bitstring Status List: which transcripts' credentials are revoked. Public."""
    if number < 1:
        abort(404)
    return Response(credentials.status_list(number, public_url), mimetype="application/vc+jwt",
                    headers={"Cache-Control": "public, max-age=300"})


@bp.get("/credentials/issuer")
def issuer():
    """The bureau that signs the credentials, as an Open Badges profile, with its public key."""
    return {**credentials.issuer(public_url), **signing.public_key_set()}


@bp.get("/credentials/achievements/<kind>")
def achievement(kind: str):
    if kind != "transcript":
        abort(404)
    return {"id": public_url("transcripts.achievement", kind=kind), "type": ["Achievement"], "name": _("Transcript")}


@bp.get("/transcripts/<int:document_id>.pdf")
@login_required
def download(document_id: int):
    found = transcripts.stored_pdf(current_user, document_id)
    if found is None:
        abort(404)
    data, document = found
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    name = certificates.file_name(region(), document.kind, document.period_start, document.period_end)
    fallback = f"{document.period_start.isoformat()}-{document.period_end.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/transcripts/<int:document_id>/revoke")
@login_required
def revoke(document_id: int):
    return _revoke(document_id, "transcripts.index",
                   lambda teacher_id, form: _page(teacher_id, TranscriptPeriodForm(formdata=None), 422, revoke_form=form))


def _revoke(document_id: int, done: str, again):
    """Revoke a document with the form's reason, then back to ``done``; or the page again
    (``again(teacher_id, form)``) with what was wrong."""
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
            return redirect(url_for(done, teacher=teacher_id), 303)
    return again(teacher_id, form)


@bp.url_value_preprocessor
def _allow_document_files(endpoint, _values) -> None:
    """A PDF to check may be larger than other requests' bodies: the limit is raised before
    anything (the CSRF check) reads the body."""
    if endpoint == "transcripts.verify" and request.method == "POST":
        request.max_content_length = transcripts.MAX_CHECKED_BYTES + 64 * 1024


@bp.route("/verify/<code>", methods=["GET", "POST"])
@limiter.limit(_verify_limit)
def verify(code: str):
    """Public: no sign-in. Says only whether the document is genuine, its kind, its issue
    date, its masked holder, and whether it was revoked or superseded; a PDF posted here is
    checked against the one issued, and kept nowhere."""
    form, checked = DocumentFileForm(), None
    if form.validate_on_submit():
        data = form.document.data.read(transcripts.MAX_CHECKED_BYTES + 1)
        if not data:  # a file of 0 bytes is no document: not "not the one issued"
            form.document.errors.append(empty_file_words())
        elif len(data) > transcripts.MAX_CHECKED_BYTES:
            form.document.errors.append(_too_large_words())
        else:
            checked = transcripts.is_issued_file(code, data)
    return _verification(code, form, checked)


@bp.errorhandler(413)
def _too_large(error):
    """A file too large to check is said so on the verification page; elsewhere, the
    portal's error page."""
    if request.endpoint != "transcripts.verify":
        return error_page(error)
    form = DocumentFileForm(formdata=None)
    form.document.errors = [_too_large_words()]
    return _verification(request.view_args["code"], form, None, 413)


def _too_large_words() -> str:
    return _("The file is larger than %(mb)d MB: no issued document is that large.",
             mb=transcripts.MAX_CHECKED_BYTES // (1024 * 1024))


def _verification(code: str, form: DocumentFileForm, checked: bool | None, refused: int = 422):
    """The verification page: what it says of the document, the form to check a file, and
    ``checked``, whether the file posted is the one issued (None: no file checked); answered
    with ``refused`` when the form has errors."""
    found = transcripts.verification(code, region())
    status = 404 if found is None else refused if form.errors else 200
    response = make_response(render_template("transcripts/verify.html", found=found, form=form, checked=checked),
                             status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# Certificates ----------------------------------------------------------------------------


def _certificate_refusal(code: str) -> str:
    return {
        "kind": lambda: _("There is no such certificate."),
        "ineligible": lambda: _("This certificate cannot be issued yet: the reasons are shown below."),
        "revoked": lambda: _refusal("revoked"),
        "reason": lambda: _refusal("reason"),
    }[code]()


def _certificates_page(teacher_id: int | None, status: int = 200, revoke_form=None):
    page = certificates.certificates_page(region(), current_user, teacher_id)
    if page is None:
        abort(404)
    response = make_response(render_template(
        "transcripts/certificates.html", page=page, teacher_arg=teacher_id,
        issue_form=IssueCertificateForm(formdata=None),
        revoke_form=revoke_form or (RevokeDocumentForm(formdata=None) if page.may_revoke else None)), status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/certificates")
@login_required
def certificates_index():
    return _certificates_page(request.args.get("teacher", type=int))


@bp.post("/certificates/issue")
@login_required
def issue_certificate():
    teacher_id = request.args.get("teacher", type=int)
    form = IssueCertificateForm()
    if form.validate_on_submit():
        try:
            certificates.issue(region(), current_user, teacher_id, form.kind.data, render_certificate_pdf,
                               start=form.period.data)
        except certificates.CertificateRefused as refused:
            if refused.code == "not_found":
                abort(404)
            flash(_certificate_refusal(refused.code), "error")
        else:
            flash(_("The certificate is issued. Download it below; anyone may check it with its QR code."), "success")
            return redirect(url_for("transcripts.certificates_index", teacher=teacher_id), 303)
    else:
        flash(_certificate_refusal("kind"), "error")
    return _certificates_page(teacher_id, 422)


@bp.post("/certificates/<int:document_id>/revoke")
@login_required
def revoke_certificate(document_id: int):
    return _revoke(document_id, "transcripts.certificates_index",
                   lambda teacher_id, form: _certificates_page(teacher_id, 422, revoke_form=form))


# A school's documents as one ZIP -----------------------------------------------------------


@bp.get("/transcripts/schools/<int:unit_id>")
@login_required
def school_documents(unit_id: int):
    try:
        summary = certificates.school_documents(current_user, unit_id)
    except certificates.CertificateRefused:
        abort(404)
    titles = {kind.code: kind.title for kind in region().certificates()}
    response = make_response(render_template("transcripts/school.html", s=summary, titles=titles,
                                             form=SchoolZipForm(formdata=None)))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/transcripts/schools/<int:unit_id>/zip")
@login_required
def school_zip(unit_id: int):
    form = SchoolZipForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        summary = certificates.school_documents(current_user, unit_id)
        if summary.by_job:
            job_id = certificates.start_zip_job(current_user, unit_id, str(get_locale()))
            return redirect(url_for("transcripts.zip_job", job_id=job_id), 303)
        name, chunks = certificates.stream_school_zip(region(), current_user, unit_id)
    except certificates.CertificateRefused:
        abort(404)
    response = Response(chunks, mimetype="application/zip")
    response.headers["Content-Disposition"] = f"attachment; filename=\"documents.zip\"; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/transcripts/zips/<int:job_id>")
@login_required
def zip_job(job_id: int):
    try:
        job = certificates.zip_job_view(current_user, job_id)
    except certificates.CertificateRefused:
        abort(404)
    response = make_response(render_template("transcripts/zip_job.html", job=job))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/transcripts/zips/<int:job_id>/file")
@login_required
def zip_job_file(job_id: int):
    try:
        path, name = certificates.zip_file(current_user, job_id)
    except certificates.CertificateRefused:
        abort(404)
    response = send_file(path, mimetype="application/zip", as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "private, no-store"
    return response
