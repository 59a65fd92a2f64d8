"""The rules as JSON for provincial platforms and scripts: the same contract as ``portal rules``.

Behind login: a browser session, or HTTP Basic credentials on each request (scripts).
Requests must be JSON (``Content-Type: application/json``), which a cross-site form
cannot send, so these endpoints need no CSRF token. Invalid input answers 400 with the
command's JSON error naming the field.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user, login_user

from .. import rulebook
from ..domain import InvalidInput
from ..extensions import csrf, limiter
from ..services.accounts import LoginRefused, authenticate
from .access import region

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)


def _api_limit() -> str:
    return current_app.config.get("PORTAL_API_LIMIT", "120 per minute")


def api_login_required(view):
    @wraps(view)
    @limiter.limit(_api_limit)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            auth = request.authorization
            if auth is None or auth.type != "basic":
                return _error(401, "unauthorized", "sign in, or send HTTP Basic credentials")
            try:
                login_user(authenticate(auth.username or "", auth.password or ""))
            except LoginRefused as refused:
                return _error(401, "unauthorized", "account locked" if refused.reason == "locked"
                              else "wrong username or password")
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

