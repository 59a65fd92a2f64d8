"""Signing in and out, the user's password, and the language switch."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from ..domain import TEACHER_VIEWERS, UserRole
from ..extensions import limiter
from ..i18n import LOCALES
from ..services import surveys
from ..services.accounts import (
    AccountError, LoginRefused, change_password, choose_locale, session_user, sign_in, sign_out,
)
from .access import remember_viewer, viewer
from .teacher import survey_postponed
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)
SESSION_TOKEN = "session_token"  # the key of the server-side session's token in the cookie


def _login_limit() -> str:
    return current_app.config["PORTAL_LOGIN_LIMIT"]


def password_attempts(**options):
    """``PORTAL_LOGIN_LIMIT`` per address, one budget shared by every place a password or a
    code is tried (sign-in, password change, account activation, the API's HTTP Basic), so
    none is a way around it. Only a try that fails is charged: a form that took it redirects
    (a school's teachers signing in behind one address on the first day were refused after 20)."""
    options.setdefault("deduct_when", _failed)
    return limiter.shared_limit(_login_limit, scope="password-attempts", **options)


def _failed(response) -> bool:
    return response.status_code != 302


def load_user(user_id: str):
    """Flask-Login's user loader: the cookie counts only while its session is live."""
    user = session_user(int(user_id), session.get(SESSION_TOKEN))
    if user is not None:
        remember_viewer(user)
    return user


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(home_url(current_user))


def home_url(user) -> str:
    roles = user.role_set
    if roles & TEACHER_VIEWERS or UserRole.INSTITUTION_STAFF in roles:
        return url_for("home.index")
    return url_for("teacher.home")


@bp.route("/login", methods=["GET", "POST"])
@password_attempts(methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user, token = sign_in(form.username.data, form.password.data)
        except LoginRefused:
            form.password.errors.append(_("Wrong username or password."))
            return render_template("auth/login.html", form=form), 422
        session.clear()
        login_user(user)
        session[SESSION_TOKEN] = token
        target = request.args.get("next", "")
        if user.must_change_password:  # someone else chose it: their own comes first (own_password_first)
            return redirect(url_for("auth.password", next=target) if _is_local(target) else url_for("auth.password"))
        return _signed_in(user, target)
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def _signed_in(user, target: str = ""):
    """Where a user goes once signed in (with a password of their own)."""
    if surveys.asks(current_app.extensions["portal.region"], user) and not survey_postponed(user):
        # the region asks it at first sign-in, unless the teacher chose 以后再填 lately
        return redirect(url_for("teacher.survey"))
    return redirect(target if _is_local(target) else home_url(user))


# What someone whose password another chose may open before choosing their own: the page that
# changes it, signing out, the language switch, files, and what is public anyway (the monitors'
# health check, the API's description).
OPEN_BEFORE_OWN_PASSWORD = frozenset({"auth.password", "auth.logout", "auth.set_locale", "static", "health.healthz",
                                      "api.openapi_document"})


def own_password_first():
    """Before every request: a user signed in with a password an admin (or `portal setup`) chose
    opens nothing but the password page until they have chosen their own. A page redirects
    there; a JSON API call answers 403 (``api.password_change_required``)."""
    if request.endpoint is None or request.endpoint in OPEN_BEFORE_OWN_PASSWORD:
        return None  # None: a 404 stays one
    signed_in = viewer()
    if signed_in is None or not signed_in.must_change_password:
        return None
    if request.path.startswith("/api/"):
        from .api import password_change_required
        return password_change_required()
    target = url_for("auth.password")
    if request.headers.get("HX-Request"):  # htmx would swap the page into a fragment: the whole page goes
        return Response(status=204, headers={"HX-Redirect": target})
    return redirect(target, 303)


def _is_local(target: str) -> bool:
    """Whether ``target`` is a page of the portal's own that an address opens: not another site,
    nor an address only a form posts to (a session that ended while a form was open sent its post
    to the sign-in page with that address as ``next``: signing in again opened it, a 405)."""
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith(("//", "/\\")) or parts.scheme or parts.netloc:
        return False
    try:
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except RequestRedirect:  # the page's address with its closing slash
        return True
    except HTTPException:
        return False
    return True


@bp.post("/logout")
@login_required
def logout():
    sign_out(current_user, session.get(SESSION_TOKEN))
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@password_attempts(methods=["POST"])
@login_required
def password():
    form = ChangePasswordForm()
    required = viewer().must_change_password  # an admin chose it: nothing else opens until it changes
    if form.validate_on_submit():
        try:
            session[SESSION_TOKEN] = change_password(current_user, form.current.data, form.new.data)
        except AccountError as refused:
            if refused.code == "unchanged":
                form.new.errors.append(_("The new password is the current one: choose another."))
            else:
                form.current.errors.append(_("The current password is wrong."))
        else:
            flash(_("Your password has been changed."), "success")
            # one that had to change it goes on as signing in would have taken them
            return _signed_in(current_user, request.args.get("next", "")) if required else redirect(home_url(current_user))
    return render_template("auth/password.html", form=form, required=required), 422 if form.errors else 200


@bp.post("/locale/<code>")
def set_locale(code: str):
    if code in LOCALES:
        session["locale"] = code
        if current_user.is_authenticated:
            choose_locale(current_user, code)
    # The page's own address, as the browser has it now (htmx may have pushed a new one
    # since the page was rendered); the form's ``next`` when the browser sends no referrer.
    referrer = urlsplit(request.referrer or "")
    target = referrer.path + (f"?{referrer.query}" if referrer.query else "") \
        if referrer.netloc == request.host else request.form.get("next", "")
    return redirect(target if _is_local(target) else url_for("auth.index"))
