"""Declaring that a use case writes, so that on SQLite it takes the write lock up front."""
from __future__ import annotations

from ..extensions import WRITES, db


class WroteBeforeDeclaring(RuntimeError):
    """A use case changed the session before calling ``writing()``: a programming error."""


def writing() -> None:
    """Call first in a use case that writes, before it reads what it will change.

    Its transaction then begins as a writer (BEGIN IMMEDIATE on SQLite, see
    extensions.configure_sqlite): it waits for the write lock before its first read instead
    of failing with "database is locked" when it writes after another writer committed.
    A reading transaction already open (a request has loaded its user) is ended first, so
    objects loaded before are read again, under the lock. Within a writer it does nothing.
    Pages that only read never call it, and never wait for writers."""
    session = db.session()  # the Session itself: the scoped proxy lacks in_transaction()
    if session.in_transaction():
        if session.connection().get_execution_options().get(WRITES):
            return
        if session.new or session.dirty or session.deleted:
            raise WroteBeforeDeclaring("call writing() before changing anything in the session")
        session.commit()
    session.connection(execution_options={WRITES: True})
