"""The rules as JSON for provincial platforms and scripts: the same contract as ``portal rules``.

Behind login: a browser session, or HTTP Basic credentials on each request (scripts). Basic
credentials sign in for that request only; wrong ones count toward the account's lockout
and the address's password-attempt limit, shared with the sign-in form (a script's right
credentials use none of it, however often it calls).
Requests must be JSON (``Content-Type: application/json``), which a cross-site form
cannot send, so these endpoints need no CSRF token. Invalid input answers 400 with the
command's JSON error naming the field.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user

from .. import rulebook
from ..domain import InvalidInput
from ..extensions import csrf, limiter
from ..services.accounts import LoginRefused, authenticate
from .access import region
from .auth import password_attempts

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)


def _api_limit() -> str:
    return current_app.config.get("PORTAL_API_LIMIT", "120 per minute")


def _basic_credentials():
    auth = request.authorization
    return auth if auth is not None and auth.type == "basic" else None


# Made once: every view below shares one wrapper name, under which Flask-Limiter would
# register (and charge) a separately made limit once per view.
_requests = limiter.limit(_api_limit)
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
                return _error(401, "unauthorized", "sign in, or send HTTP Basic credentials")
            try:
                user = authenticate(auth.username or "", auth.password or "")
            except LoginRefused:
                return _error(401, "unauthorized", "wrong username or password")
            # The user for this request only: login_user would also write them into the
            # session cookie, a sign-in that outlives the request.
            current_app.login_manager._update_request_context_with_user(user)
        return view(*args, **kwargs)

    return wrapped


def _json_body():
    if not request.is_json:
        raise InvalidInput("json", "send Content-Type: application/json")
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("json", "the body is not JSON")
    return data


def _error(status: int, error: str, message: str, field: str | None = None):
    body = {"error": error, "message": message}
    if field is not None:
        body["field"] = field
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="portal"'
    return response


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput):
    return _error(400, "invalid", error.message, error.field)


@bp.post("/rules/convert")
@api_login_required
def convert():
    return jsonify(rulebook.convert(region(), _json_body(), request.args.get("on")))


@bp.post("/rules/check")
@api_login_required
def check():
    return jsonify(rulebook.check(region(), _json_body()))


@bp.get("/rules/describe")
@api_login_required
def describe():
    return jsonify(rulebook.describe(region()))

