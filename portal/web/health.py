"""``GET /healthz`` for a load balancer or a monitor: 200 while this process can serve (its
database answers at this release's schema), else 503 saying which. Public, never redirected
to HTTPS (a balancer asks the process itself over plain HTTP) and outside the rate limits."""
from __future__ import annotations

from flask import Blueprint, jsonify

from ..extensions import limiter, talisman
from ..services import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
@talisman(force_https=False)
def healthz():
    problem = health.problem()
    if problem is None:
        return jsonify(status="ok")
    return jsonify(status="unavailable", reason=problem, action=health.ACTIONS[problem]), 503
