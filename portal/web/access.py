"""Who may open a page: role checks that answer 403, the scope of the current user, and the
current user as pages show them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, g
from flask_login import current_user, login_required

from ..domain import UserRole
from ..plugins import Region
from ..services import scope
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
    return scope.viewer_scope(current_user)


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as templates see them, taken when the request loads the user: a
    use case that commits expires the user's row, and a template must not read it again."""

    id: int
    display_name: str
    roles: frozenset[UserRole]
    must_change_password: bool = False  # someone else chose the password: nothing but its change
    locale: str | None = None  # the language they chose, which the page is worded in (``i18n.select_locale``)

    @classmethod
    def of(cls, user) -> Viewer:
        return cls(user.id, user.display_name, user.role_set, user.must_change_password, user.locale)


def remember_viewer(user) -> None:
    """Called as the request loads its user (``auth.load_user``)."""
    g.viewer = Viewer.of(user)


def viewer() -> Viewer | None:
    """The signed-in user of this request for templates, or None."""
    if "viewer" not in g:
        user = current_user._get_current_object()  # loads the user, which remembers the viewer
        if "viewer" not in g and user.is_authenticated:  # signed in by this very request, not loaded
            remember_viewer(user)
    return g.get("viewer")


def region() -> Region:
    return current_app.extensions["portal.region"]
