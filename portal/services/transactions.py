"""The transaction of a use case, and declaring that it writes.

The rule, for every service:

- A *use case* is what one person does in one request or command (enrol a teacher, move an
  entry along the audit, change a teacher's facts, load the demo). It is one transaction:
  it calls ``writing()`` before its first read if it writes, commits when it succeeds and
  rolls back when it refuses, so nothing half-done is kept. Reading use cases (a page) end
  with the request and commit nothing of their own.
- A *building block* (``create_user``, ``register_completion``, ``add_unit`` ...) only adds
  to the session; the use case that calls it commits. Its docstring says so.
- Views, templates and commands call use cases, never building blocks, and never touch the
  session themselves (``tests/test_layers.py``).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..extensions import WRITES, db


class WroteBeforeDeclaring(RuntimeError):
    """A use case changed the session before calling ``writing()``: a programming error."""


def writing(kept: tuple = ()) -> None:
    """Call first in a use case that writes, before it reads what it will change.

    Its transaction then begins as a writer (BEGIN IMMEDIATE on SQLite, see
    extensions.configure_sqlite): it waits for the write lock before its first read instead
    of failing with "database is locked" when it writes after another writer committed.
    A reading transaction already open (a request has loaded its user) is ended first, so
    objects loaded before are read again, under the lock. On PostgreSQL, where BEGIN takes
    no lock and each statement reads what is committed when it starts (READ COMMITTED), the
    transaction goes on as the writer, and the objects loaded before are read again as they
    would be after a commit. Within a writer it does nothing. Pages that only read never
    call it, and never wait for writers.

    ``kept``: objects loaded before that the use case neither changes nor reads again under a
    lock (the acting user, the project a selection's fields were read for): they stay as loaded,
    not read again (a selection in a rush), on PostgreSQL in this same transaction, on SQLite
    from the reading transaction just ended."""
    session = db.session()  # the Session itself: the scoped proxy lacks in_transaction()
    if session.in_transaction():
        connection = session.connection()
        if connection.get_execution_options().get(WRITES):
            return
        if session.new or session.dirty or session.deleted:
            raise WroteBeforeDeclaring("call writing() before changing anything in the session")
        # a proxy (Flask-Login's current_user) stands for the object it holds
        keep = {id(getattr(obj, "_get_current_object", lambda o=obj: o)()) for obj in kept if obj is not None}
        if connection.dialect.name != "sqlite":
            _forget_all_but(session, keep)
            connection.execution_options(**{WRITES: True})
            return
        session.expire_on_commit = not keep
        try:
            session.commit()
        finally:
            session.expire_on_commit = True
        if keep:
            _forget_all_but(session, keep)
    session.connection(execution_options={WRITES: True})


def _forget_all_but(session, keep: set[int]) -> None:
    """Expire every loaded object but those whose ``id`` is in ``keep``: read again when next used."""
    if not keep:
        session.expire_all()
    for obj in list(session.identity_map.values()) if keep else ():
        if id(obj) not in keep:
            session.expire(obj)


@contextmanager
def use_case(keep: bool = False, kept: tuple = ()) -> Iterator[None]:
    """The transaction of a writing use case around its building blocks: declared as a
    writer, committed when the block ends, rolled back if it raises (a refusal keeps nothing).
    ``keep``: what it loaded stays loaded after the commit, for an answer built from what it
    just wrote without reading it all again (a selection in a rush). ``kept``: as ``writing``
    takes it."""
    writing(kept)
    session = db.session()
    try:
        yield
        session.expire_on_commit = not keep
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.expire_on_commit = True


def end_failed() -> None:
    """Forget what a request that failed (a 500) left in its transaction."""
    db.session.rollback()
