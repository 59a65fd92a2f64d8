"""Appeals (申诉): a teacher contests an entry, a missing entry or a standing, within the
region's window, with files; the level the region names answers with a reason."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import Unit, UserRole
from ..domain.appeals import ENTRY, MISSING
from ..services import appeals
from ..services.evidence import Upload
from .access import region
from .claims import evidence_refusal, send_stored, stored_file_view
from .forms import AnswerForm, AppealForm, role_labels
from .wording import said

bp = Blueprint("appeals", __name__, url_prefix="/appeals")


@bp.context_processor
def _labels() -> dict:
    return {
        "subject_labels": {"entry": _("About an entry"), "missing": _("About a missing entry"),
                           "standing": _("About a year's standing")},
        "state_labels": {"open": _("Waiting for the answer"), "upheld": _("Upheld"), "dismissed": _("Dismissed")},
    }


def _refusal(refused: appeals.AppealRefused) -> str:
    if refused.code == "files" and not refused.detail:  # the region's policy asks for proof
        return _("Attach at least one file that proves what you contest: an appeal here is made with its proof.")
    if refused.code in ("files", "evidence"):
        return evidence_refusal(refused.code, refused.detail, refused.reason)
    messages = {
        "not_found": lambda: _("This appeal does not exist, or you do not have access to it."),
        "subject": lambda: _("Choose what you contest."),
        "statement": lambda: _("Say what is wrong and what it should be, in at most 2000 characters."),
        "date": lambda: _("Give the date, which cannot be in the future."),
        "entry": lambda: _("This entry cannot be contested: it has been reversed or corrected."),
        "undecided": lambda: _("This entry is still in its audit: an appeal contests a decision, so it can be "
                               "made once the entry has been decided. You will be told of the decision."),
        "pending": lambda: _("An appeal about this entry already waits for its answer."),
        "repeated": lambda: _("You have sent this appeal already: it waits for its answer."),
        "window": lambda: _("The time to appeal ended on %(day)s.", day=refused.detail.isoformat()),
        "outcome": lambda: _("Choose an answer."),
        "reason": lambda: _("Give a reason: the teacher reads it."),
        "amount": lambda: _("Give the credits due: a number from 0, with at most two decimals."),
        "beyond_cycle": lambda: _("One entry cannot count more than a whole cycle asks (%(most)s): check the figure.",
                                  most=said(refused.detail)),
        "strike_or_amount": lambda: _("Say what the ledger gets: the credits the entry should have, or tick "
                                      "that it is cancelled (one of the two)."),
        "category": lambda: _("Choose the category of the credits."),
        "title": lambda: _("Give the entry a title of at most 200 characters."),
        "decided": lambda: _("This appeal has already been answered."),
    }
    return messages[refused.code]()


def _answering(policy) -> str:
    """Who answers the teacher's appeal, as the pages say it: the school's own admin or principal,
    or a role over the school (a county's bureau)."""
    role = role_labels()[policy.answered_by]
    if policy.answered_by in (UserRole.SCHOOL_ADMIN, UserRole.PRINCIPAL):
        return _("Answered by: %(role)s of your school.", role=role)
    return _("Answered by: %(role)s (over your school).", role=role)


@bp.get("")
@login_required
def index():
    per_page = current_app.config["PORTAL_PAGE_SIZE"]
    waiting = appeals.appeals_page(region(), current_user, request.args.get("waiting_page", 1, type=int), per_page,
                                   waiting=True)
    page = appeals.appeals_page(region(), current_user, request.args.get("page", 1, type=int), per_page)
    policy = region().appeal_policy()
    return render_template("appeals/index.html", waiting=waiting, page=page, own=appeals.own_teacher(current_user),
                           policy=policy, answering=_answering(policy))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    teacher = appeals.own_teacher(current_user)
    if teacher is None:
        abort(404)
    value = request.args.get("entry", "")
    entry_id = int(value) if value.isdigit() and len(value) < 10 else None
    entry = appeals.contestable_entry(current_user, entry_id)
    form = AppealForm(subject=ENTRY if entry else request.args.get("subject"))
    if entry is None:
        form.subject.choices = [c for c in form.subject.choices if c.value != ENTRY]
        form.day.flags.required = True  # a missing activity or a contested year is refused without its date
    policy, closes = appeals.window(region(), teacher, ENTRY, entry, None) if entry else (region().appeal_policy(), None)
    if entry is not None and request.method == "GET" and not appeals.decided(region(), entry):
        # said before anything is filled in, with no form to fill in: the appeal would be refused
        return render_template("appeals/new.html", form=None, entry=entry, policy=policy, closes=None, closed=None,
                               undecided=_refusal(appeals.AppealRefused("undecided")), answering=_answering(policy))
    if form.validate_on_submit():
        uploads = tuple(Upload(f.stream, f.filename or "") for field in (form.photos, form.files)
                        for f in field.data or () if getattr(f, "filename", ""))
        data = appeals.AppealInput(form.subject.data, form.statement.data or "", entry.id if entry else None,
                                   form.day.data, uploads)
        try:
            record = appeals.appeal(region(), current_user, data)
        except appeals.AppealRefused as refused:
            flash(_refusal(refused), "error")
            if refused.code == "window":
                return render_template("appeals/new.html", form=form, entry=entry, policy=policy, closes=closes,
                                       closed=refused, answering=_answering(policy)), 422
        else:
            flash(_("Your appeal is sent. You will be told the answer."), "success")
            return redirect(url_for("appeals.show", appeal_id=record.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("appeals/new.html", form=form, entry=entry, policy=policy, closes=closes, closed=None,
                           answering=_answering(policy)), status


@bp.get("/<int:appeal_id>")
@login_required
def show(appeal_id: int):
    record = appeals.appeal_for(current_user, appeal_id)
    if record is None:
        abort(404)
    form = _answer_form() if appeals.answers(region(), current_user, record) and record.state == appeals.OPEN else None
    if form is not None and record.subject == MISSING:
        form.day.data = record.matter_date  # the entry an upheld appeal makes is dated as the teacher said
    return _page(record, form)


def _page(record, form):
    contested = appeals.contested(record)
    unit = region().info.unit.value
    # an entry kept in another unit than the region's (a probation training's hours) is answered in it: a trial's
    # county read 应得学分 beside a contested 40 学时, and the ledger then held what it typed in hours
    hours = contested is not None and contested.unit != unit and contested.unit == Unit.HOUR.value
    if form is not None:
        if hours:
            form.amount.label.text = _("Hours due")
        elif record.subject != ENTRY and any(c.unit not in (None, region().info.unit)
                                             for c in region().credited_categories()):
            form.amount.label.text = _("Amount due, in the unit of the category chosen")
    return render_template("appeals/show.html", appeal=record, form=form, policy=region().appeal_policy(),
                           contested=contested, category_labels=region().category_labels(),
                           outcome=appeals.outcome_said(region(), record), **({"in_hours": True} if hours else {}))


@bp.post("/<int:appeal_id>/answer")
@login_required
def answer(appeal_id: int):
    record = appeals.appeal_for(current_user, appeal_id)
    if record is None:
        abort(404)
    form = _answer_form()
    if form.validate_on_submit():
        outcome = appeals.Outcome(form.outcome.data, form.reason.data or "", form.amount.data, form.category.data or "",
                                  form.title.data or "", form.day.data, strike=bool(form.strike.data))
        try:
            appeals.answer(region(), current_user, appeal_id, outcome)
        except appeals.AppealRefused as refused:
            flash(_refusal(refused), "error")
        else:
            flash(_("The appeal is answered; the teacher is told."), "success")
            return redirect(url_for("appeals.show", appeal_id=appeal_id), 303)
    return _page(record, form), 422


@bp.get("/files/<int:file_id>")
@stored_file_view
@login_required
def file(file_id: int):
    item = appeals.appeal_file(current_user, file_id)
    if item is None:
        abort(404)
    return send_stored(item)


def _answer_form() -> AnswerForm:
    form = AnswerForm()
    form.category.choices = [("", "—")] + [(c.code, c.label) for c in region().credited_categories()]
    return form

