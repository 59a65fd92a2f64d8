"""Who may open a page: role checks that answer 403, and the scope of the current user."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required

from ..domain import TEACHER_VIEWERS, UserRole
from ..plugins import Region
from ..services.scope import Scope


def roles_required(*roles: UserRole):
    """Signed in and holding at least one of ``roles``, else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.role_set & set(roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def viewer_scope() -> Scope:
    """Whom the current user may read: the teachers below their admin roles' units and the
    members of the workshops they lead (``Scope.teacher_condition``)."""
    return Scope.of(current_user, TEACHER_VIEWERS)


def region() -> Region:
    return current_app.extensions["portal.region"]
