"""The layout's header menu (templates/menu.html), rendered once and kept.

Its ~25 links and their messages are the same for everyone reading the same language with
the same roles and unread count: the kept copy is keyed by those and the script root (the
links' prefix), so a role granted, a notification read or a language switched shows on the
next page. What differs from one page to the next, the session's CSRF token and the page's
own address (the language switch returns there), is put into the kept copy each time.
"""
from __future__ import annotations

from flask import current_app, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from ..domain import UserRole
from ..i18n import LOCALES
from ..services.enrollments import awaiting_purpose
from ..services.projects import organiser_roles

_CSRF, _NEXT = "\x02csrf\x03", "\x02next\x03"  # markers no message or link contains
_KEPT = 512  # menus kept per app before they are all dropped (each ~3 KB)


def header_menu(viewer, unread: int) -> Markup:
    roles = None if viewer is None else tuple(sorted(role.value for role in viewer.roles))
    locale = str(get_locale())
    kept = current_app.extensions.setdefault("portal.menus", {})
    key = (locale, roles, unread, request.script_root)
    html = kept.get(key)
    if html is None:
        if len(kept) >= _KEPT:
            kept.clear()
        html = kept[key] = _render(locale, roles, unread)
    return Markup(html.replace(_CSRF, escape(generate_csrf())).replace(_NEXT, escape(request.full_path)))


def _organises(region, roles: tuple[str, ...] | None) -> bool:
    """Whether one of ``roles`` creates and runs training projects (the region's, where it names them)."""
    return roles is not None and any(role.value in roles for role in organiser_roles(region))


def _reviews(region, roles: tuple[str, ...] | None) -> bool:
    """Whether one of ``roles`` has a step in the region's credit audit: anyone else's review
    queue is always empty (a workshop leader only reads)."""
    workflow = region.audit_workflow()
    return roles is not None and any(workflow.awaiting(role) for role in UserRole
                                     if role.value in roles and role != UserRole.WORKSHOP_LEADER)


def _awaits(region, roles: tuple[str, ...] | None) -> bool:
    """Whether one of ``roles`` has a step forward in the region's enrollment workflow (its
    enrollments wait for them on 待办报名: an institution's recording of results) or submits
    teachers (the list says why nothing waits for them there): anyone else's list is always
    empty (a principal or a province's admin where neither reviews nor submits anyone)."""
    if roles is None:
        return False
    workflow = region.enrollment_workflow()
    held = [role for role in UserRole if role.value in roles and role not in (UserRole.TEACHER, UserRole.WORKSHOP_LEADER)]
    return any(workflow.awaiting(role) for role in held) or workflow.admins_select(held)


def _enrollments_purpose(region, roles: tuple[str, ...] | None) -> str:
    """What the menu's link to the enrollments awaiting page is for (``awaiting_purpose``)."""
    if roles is None:
        return "review"
    return awaiting_purpose(region.enrollment_workflow(), [role for role in UserRole if role.value in roles])


def _sees_calendar(region, roles: tuple[str, ...] | None) -> bool:
    """Whether the menu offers the selection calendar (选课进程): only where the region runs one
    (its page is otherwise one line saying there is none), to anyone but a teacher, and to a
    teacher where teachers select their trainings themselves; where an admin submits them
    (``Workflow.selected_by``), its phases are nothing a teacher acts on."""
    if roles is None or not region.runs_selection_calendar():
        return False
    return any(role != UserRole.TEACHER.value for role in roles) or \
        region.enrollment_workflow().selects(UserRole.TEACHER)


def _concludes(region, roles: tuple[str, ...] | None) -> bool:
    """Whether one of ``roles`` concludes the teachers' ended cycles (周期审定) in this region."""
    policy = region.cycle_conclusion
    return roles is not None and policy is not None and policy.concluded_by.value in roles


def _render(locale: str, roles: tuple[str, ...] | None, unread: int) -> str:
    region = current_app.extensions["portal.region"]
    return current_app.jinja_env.get_template("menu.html").render(
        roles=roles, unread=unread, keeps_bank=region.keeps_bank, organises=_organises(region, roles),
        reviews=_reviews(region, roles), awaits=_awaits(region, roles), enrollments=_enrollments_purpose(region, roles),
        calendar=_sees_calendar(region, roles), concludes=_concludes(region, roles),
        locales=LOCALES, current_locale=locale, csrf=_CSRF, next=_NEXT)
