"""Notifications: each person's list of what changed for them (their enrollment approved, a
project waiting for their review), with an unread count in the header. A deployment also
sends each one by SMS or WeChat through ``portal_deliver_notification``, from a background
job queued once the change that caused it is committed; by default they are only logged."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Integer, bindparam, event, func, inspect, select, update
from sqlalchemy.orm import Session

from ..domain import ROLE_RANK, UserRole
from ..domain.results import Words
from ..domain.text import from_data, to_data
from ..extensions import db
from ..models import Notification, OrgUnit, RoleAssignment, User
from ..models.types import utcnow
from .pagination import Page, clamp
from .transactions import use_case

PENDING = "portal.notices"
UNREAD = "portal.unread"  # the unread counts read with the signed-in user, by user id


@dataclass(frozen=True)
class Notice:
    """A notification as a deployment's delivery hook receives it."""

    user_id: int
    message: Words
    link: str


def notify(user_ids: Iterable[int], subject, message: Words, link: str = "") -> None:
    """A building block: tell these users about ``subject`` (a model instance with an id);
    delivered outside the portal by a background job once the caller commits."""
    stored = to_data(message)
    pending = db.session.info.setdefault(PENDING, [])
    known = db.session.info.get(UNREAD, {})
    for user_id in sorted(set(user_ids)):
        known.pop(user_id, None)
        notification = Notification(user_id=user_id, subject_type=subject.__tablename__, subject_id=subject.id,
                                    message=stored, link=link)
        db.session.add(notification)
        pending.append(notification)


def deliver(region, notification_ids: list[int]) -> int:
    """The background job's work: each notification sent by the deployment's delivery hook
    (SMS, WeChat), in the words it was stored in."""
    rows = db.session.scalars(select(Notification).where(Notification.id.in_(notification_ids))
                              .order_by(Notification.id)).all()
    for row in rows:
        region.deliver(Notice(row.user_id, from_data(row.message), row.link))
    return len(rows)


def holders(roles, unit_paths: Iterable[str]) -> list[int]:
    """The users holding one of ``roles`` over a unit on one of these paths (a unit and its
    ancestors: whoever's scope covers it)."""
    paths = list(unit_paths)
    if not paths:
        return []
    return list(db.session.scalars(
        select(RoleAssignment.user_id).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(RoleAssignment.role.in_([r.value for r in roles]), OrgUnit.path.in_(paths)).distinct()
    ))


def nearest_holders(roles, unit_paths: Iterable[str]) -> list[int]:
    """Of ``holders``, those holding the lowest in rank of the roles anyone holds there: the
    school's admins and principal for a school's step, not every bureau above it too."""
    paths = list(unit_paths)
    if not paths:
        return []
    rows = db.session.execute(
        select(RoleAssignment.user_id, RoleAssignment.role).join(OrgUnit, RoleAssignment.org_unit_id == OrgUnit.id)
        .where(RoleAssignment.role.in_([r.value for r in roles]), OrgUnit.path.in_(paths))).all()
    if not rows:
        return []
    lowest = min(ROLE_RANK[UserRole(role)] for _user, role in rows)
    return sorted({user for user, role in rows if ROLE_RANK[UserRole(role)] == lowest})


def unread_count(user_id: int) -> int:
    """The header's badge, on every page: as read with the signed-in user (``unread_of``)
    unless this session notified them or marked theirs read since, else counted now."""
    known = db.session.info.get(UNREAD, {}).get(user_id)
    if known is not None:
        return known
    return db.session.scalar(_unread(), {"user_id": user_id})


def unread_of(user_column):
    """A scalar subquery: the unread notifications of the user in ``user_column``, so the
    statement that loads the signed-in user counts them too (one query fewer a page)."""
    return _unread_of(Notification.__table__.c.user_id == user_column).scalar_subquery()


def remember_unread(user_id: int, count: int) -> None:
    db.session.info.setdefault(UNREAD, {})[user_id] = count


@lru_cache(maxsize=1)
def _unread():
    return _unread_of(Notification.__table__.c.user_id == bindparam("user_id", type_=Integer))


def _unread_of(condition):
    table = Notification.__table__.c
    return select(func.count(table.id)).where(condition, table.read_at.is_(None))


@dataclass(frozen=True)
class NotificationRow:
    id: int
    at: datetime
    message: Words
    link: str
    read: bool


def notification_page(user: User, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == user.id))
    page = clamp(page, total, per_page)
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.at.desc(), Notification.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return Page([NotificationRow(n.id, n.at, from_data(n.message), n.link, n.read_at is not None) for n in rows],
                page, per_page, total)


def mark_read(user: User) -> None:
    """The use case: every notification of the user read."""
    db.session.info.get(UNREAD, {}).pop(user.id, None)
    with use_case():
        db.session.execute(update(Notification)
                           .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                           .values(read_at=utcnow()))


def read_opened(user: User, link: str) -> None:
    """The use case: the user's unread notifications linking to ``link`` read (their page is
    open). Looked for first, so that a page linked to none writes nothing."""
    opened = db.session.scalars(select(Notification.id).where(
        Notification.user_id == user.id, Notification.read_at.is_(None), Notification.link == link)).all()
    if not opened:
        return
    db.session.info.get(UNREAD, {}).pop(user.id, None)
    with use_case():
        db.session.execute(update(Notification).where(Notification.id.in_(opened)).values(read_at=utcnow()))


@event.listens_for(Session, "after_commit")
def _deliver(session) -> None:
    """Queue the delivery of what the transaction notified: a slow SMS gateway never holds a
    request. (The ids are the notifications' identities: nothing is read in this hook.) A queue
    that does not take the delivery (its Redis down) fails nothing: what was committed is kept,
    and the notifications are read in the portal; the log says they were not sent outside it."""
    pending = session.info.pop(PENDING, None)
    ids = [inspect(n).identity[0] for n in pending or () if inspect(n).identity]
    if ids:
        from ..jobs import deliver_notifications
        from .background import QueueUnavailable, queue

        try:
            queue(deliver_notifications, ids)
        except QueueUnavailable:
            pass  # logged by queue(): the page answers what was done, which is kept


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(PENDING, None)
