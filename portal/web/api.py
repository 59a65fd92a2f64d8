"""The rules as JSON for provincial platforms and scripts: the same contract as ``portal rules``.

Behind login: a browser session, or HTTP Basic credentials on each request (scripts). Basic
credentials sign in for that request only; wrong ones count toward the account's lockout
and the address's password-attempt limit, shared with the sign-in form (a script's right
credentials use none of it, however often it calls).
Requests must be JSON (``Content-Type: application/json``), which a cross-site form
cannot send, so these endpoints need no CSRF token. Malformed input answers 400 and what
the region's rules refuse 422, both with the command's JSON error naming the field; every
other error under /api/ is JSON too (``error_response``). ``openapi.py`` describes it all.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from .. import clock
from .. import rulebook
from ..domain import InvalidInput
from ..domain.activity import Refused
from ..domain.text import text_json
from ..extensions import csrf, limiter
from ..services import orgs, reports, standing_rows
from ..services.accounts import LoginRefused, authenticate
from ..services.teachers import own_record
from . import openapi
from .access import region, viewer_scope
from .auth import password_attempts

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)


def _api_limit() -> str:
    return current_app.config.get("PORTAL_API_LIMIT", "120 per minute")


def _basic_credentials():
    auth = request.authorization
    return auth if auth is not None and auth.type == "basic" else None


def _caller() -> str:
    """Whom a request's limit is charged to: the signed-in user, or the user HTTP Basic names,
    else the address. Teachers behind one school's address or one WeChat front end each
    have their own limit; wrong passwords are limited apart (``password_attempts``)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    auth = _basic_credentials()
    if auth is not None and auth.username:
        return f"basic:{auth.username}"
    return get_remote_address()


# Made once: every view below shares one wrapper name, under which Flask-Limiter would
# register (and charge) a separately made limit once per view.
_requests = limiter.limit(_api_limit, key_func=_caller)
_credentials_refused = password_attempts(exempt_when=lambda: _basic_credentials() is None,
                                         deduct_when=lambda response: response.status_code == 401)


def api_login_required(view):
    @wraps(view)
    @_requests
    @_credentials_refused
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            auth = _basic_credentials()
            if auth is None:
                return json_error(401, "unauthorized", "sign in, or send HTTP Basic credentials")
            try:
                user = authenticate(auth.username or "", auth.password or "")
            except LoginRefused:
                return json_error(401, "unauthorized", "wrong username or password")
            if user.must_change_password:  # a browser's session is stopped before (auth.own_password_first)
                return password_change_required()
            # The user for this request only: login_user would also write them into the
            # session cookie, a sign-in that outlives the request.
            current_app.login_manager._update_request_context_with_user(user)
        # the answer's language settled now, from the user as loaded: a use case's rollback (a
        # refused selection) forgets the user, who would be read again only for it
        get_locale()
        return view(*args, **kwargs)

    return wrapped


def password_change_required():
    """The answer to a user whose password an admin chose, until they choose their own on the
    password page: in both languages, as a script's author may read either."""
    return json_error(403, "password_change_required",
                      "管理员设置的密码须先修改：请在门户网页的“修改密码”页设置自己的密码后再调用。"
                      " The password an admin set must be changed first: choose your own on the"
                      " portal's password page, then call again.")


def json_body():
    if not request.is_json:
        raise InvalidInput("json", "send Content-Type: application/json")
    return rulebook.loads(request.get_data(cache=False))


def json_error(status: int, error: str, message: str, field: str | None = None):
    body = {"error": error, "message": message}
    if field is not None:
        body["field"] = field
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="portal"'
    return response


ERRORS = {
    400: ("bad_request", "the request is not valid"),
    401: ("unauthorized", "sign in, or send HTTP Basic credentials"),
    403: ("forbidden", "not allowed"),
    404: ("not_found", "no such endpoint"),
    405: ("method_not_allowed", "this endpoint does not take this method"),
    413: ("too_large", "the body is too large"),
    429: ("too_many_requests", "too many requests: wait a minute and try again"),
    500: ("internal", "the server failed; nothing was changed"),
}


def error_response(error: HTTPException):
    """Any HTTP error under /api/ as JSON ``{"error", "message"}``, keeping its headers
    (``Allow`` on 405, ``Retry-After`` on 429)."""
    code = error.code or 500
    name, message = ERRORS.get(code, ("error", "the request could not be handled"))
    response = json_error(code, name, message)
    for header, value in error.get_headers():
        if header.lower() != "content-type":
            response.headers[header] = value
    return response


@bp.errorhandler(InvalidInput)
def invalid_input(error: InvalidInput):
    return json_error(422 if isinstance(error, Refused) else 400, "invalid", text_json(error.message), error.field)


@bp.post("/rules/convert")
@api_login_required
def convert():
    return jsonify(rulebook.convert(region(), json_body(), request.args.get("on")))


@bp.post("/rules/check")
@api_login_required
def check():
    return jsonify(rulebook.check(region(), json_body()))


@bp.get("/rules/describe")
@api_login_required
def describe():
    return jsonify(rulebook.describe(region()))


@bp.get("/standings")
@api_login_required
def standings_page():
    """The kept standings of the teachers in the caller's scope, a page at a time."""
    scope = viewer_scope()
    if not scope:
        return json_error(403, "forbidden", "only admins of org units and workshop leaders read standings")
    unit = None
    if request.args.get("unit"):
        unit_id = request.args.get("unit", type=int)
        unit = orgs.unit_in_scope(scope, unit_id) if unit_id and 0 < unit_id < 2**31 else None
        if unit is None:
            return json_error(404, "not_found", "no org unit with this id in your scope", "unit")
    number = request.args.get("page", 1, type=int)
    per_page = current_app.config["PORTAL_API_PAGE_SIZE"]
    page = standing_rows.page(region(), scope, clock.today(), unit, max(1, min(number, 2**31 - 1)), per_page)
    return jsonify({"page": page.page, "pages": page.pages, "per_page": per_page, "total": page.total,
                    "items": page.items})


@bp.get("/me/standing")
@api_login_required
def my_standing():
    """The caller's own standing: the figures, every duty and every use of credits."""
    teacher = own_record(current_user.id)
    if teacher is None:
        return json_error(404, "not_found", "you have no teacher record")
    return jsonify(standing_rows.own(region(), teacher, clock.today()))


@bp.get("/me/standing/previous")
@api_login_required
def my_previous_cycle():
    """How the caller's previous cycle ended."""
    teacher = own_record(current_user.id)
    found = None if teacher is None else standing_rows.previous(region(), teacher, clock.today())
    if found is None:
        return json_error(404, "not_found", "you have no teacher record, or entered post after the previous cycle")
    return jsonify(found)


@bp.get("/reports")
@api_login_required
def report_list():
    """The reports the region offers, with their columns."""
    if not reports.admin_scope(current_user):
        return json_error(403, "forbidden", "only admins of org units read reports")
    return jsonify({"items": reports.reports_json(region(), clock.today())})


@bp.get("/reports/<code>")
@api_login_required
def report_figures(code: str):
    """One report's figures over the units just below a unit of the caller's (their first when none is named)."""
    if not reports.admin_scope(current_user):
        return json_error(403, "forbidden", "only admins of org units read reports")
    unit_id = request.args.get("unit", type=int) if request.args.get("unit") else None
    if request.args.get("unit") and not (unit_id and 0 < unit_id < 2**31):
        return json_error(404, "not_found", "no org unit with this id in your scope", "unit")
    try:
        view = reports.report_view(region(), current_user, code, unit_id, clock.today())
    except reports.ReportNotFound:
        return json_error(404, "not_found", "no such report, or no org unit with this id in your scope")
    if not view.computed:
        return json_error(409, "not_computed", "this report counts more teachers than a request computes: "
                          "ask for it on its page (统计报表), where a background job computes it, then ask again")
    return jsonify(reports.report_json(view))


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())
