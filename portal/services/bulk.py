"""Many rows inserted at once, for the imports (a building block: it only adds to the
session's transaction; the use case that calls it commits).

On PostgreSQL a batch is one ``INSERT … SELECT … FROM unnest(…)`` whose parameters are one
array per column, sent in binary: the statement stays a few hundred characters whatever the number of rows,
so neither SQLAlchemy nor psycopg builds (and parses) a statement of 30,000 placeholders, nor
sends a statement a row, as ``executemany`` does (the 100,000-row import spent most of its
time there). Elsewhere (SQLite) it is SQLAlchemy's ``executemany``, a loop in C there.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from flask import current_app
from sqlalchemy import JSON, Table, func, insert, select
from sqlalchemy.dialects import postgresql

from ..extensions import db
from ..models import LedgerEntry
from ..models.ledger import check_audit_state


def _pg_type(column) -> str:
    if isinstance(column.type, JSON):
        return "JSON"
    return column.type.compile(dialect=postgresql.dialect())


def _pg_values(column, values: list) -> list:
    if isinstance(column.type, JSON):
        return [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in values]
    return values


def insert_rows(table: Table, rows: Sequence[dict], ids: bool = False) -> list[int]:
    """Insert ``rows`` (dicts with the same keys, Python values as the ORM takes them) into
    ``table``, whose key is a serial ``id``; with ``ids``, the ids the rows were given, in
    the order of ``rows``. Call it in a writer's transaction (``transactions.writing``)."""
    if not rows:
        return []
    if table is LedgerEntry.__table__:  # as models.ledger checks a bulk insert of the ORM's
        workflow = current_app.extensions["portal.region"].audit_workflow()
        for state in {row.get("audit_state") for row in rows}:
            check_audit_state(workflow, None, state)
    if db.engine.dialect.name == "postgresql":
        return _insert_unnest(table, rows, ids)
    if not ids:
        db.session.execute(insert(table), list(rows))
        return []
    # SQLite: RETURNING with the rows' order kept is a statement a row. In a writer's
    # transaction nobody else inserts, and SQLite gives a new row the largest id plus one: the
    # rows took the ids after the largest before, which the largest after confirms.
    largest = select(func.max(table.c.id))
    before = db.session.scalar(largest) or 0
    db.session.execute(insert(table), list(rows))
    after = db.session.scalar(largest) or 0
    if after - before == len(rows):
        return list(range(before + 1, after + 1))
    raise RuntimeError(f"{table.name}: {len(rows)} rows inserted, ids {before + 1}–{after}")  # pragma: no cover


def _insert_unnest(table: Table, rows: Sequence[dict], ids: bool) -> list[int]:
    names = list(rows[0])
    # The defaults SQLAlchemy would fill in (created_at ...), the same for every row of a batch.
    defaults = {c.name: c.default.arg(None) if c.default.is_callable else c.default.arg for c in table.columns
                if c.name not in names and c.default is not None and (c.default.is_callable or c.default.is_scalar)}
    columns = [table.c[name] for name in names] + [table.c[name] for name in defaults]
    params = {f"c{i}": _pg_values(column, [row[name] for row in rows]) for i, (name, column) in enumerate(zip(names, columns))}
    params.update({f"c{i}": _pg_values(table.c[name], [value] * len(rows))
                   for i, (name, value) in enumerate(defaults.items(), start=len(names))})
    names += list(defaults)
    # Each array is sent in binary (%b): psycopg's text format escapes every element with a
    # regular expression in Python, which cost more than PostgreSQL's whole insert.
    arrays = ", ".join(f"CAST(%(c{i})b AS {_pg_type(c)}[])" for i, c in enumerate(columns))
    listed = ", ".join(f'"{name}"' for name in names)
    statement = (f'INSERT INTO "{table.name}" ({listed}) SELECT {listed} '
                 f'FROM unnest({arrays}) WITH ORDINALITY AS given ({listed}, position) ORDER BY position')
    connection = db.session.connection()  # the driver's own placeholders, as they are
    if not ids:
        connection.exec_driver_sql(statement, params)
        return []
    # RETURNING promises no order; but a serial key's ids are drawn in the order of the
    # SELECT's ORDER BY, so the ids sorted are in the order given (as SQLAlchemy's own
    # "insertmanyvalues" relies on for such a key).
    return sorted(connection.exec_driver_sql(f'{statement} RETURNING "id"', params).scalars())
