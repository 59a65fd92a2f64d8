"""The SQL functions the lists, reports and scopes compute row by row inside their queries,
each compiled for SQLite and PostgreSQL: a condition on a JSON list or on the leave kept in a
JSON column, the path of the unit just below another, a condition SQLite is told not to look up
by an index. One place for what each dialect is told, imported by ``scope``, ``teachers``,
``reports`` and the services beside them."""
from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class json_list_has(FunctionElement):
    """SQL: the JSON list in a column holds a string, ``json_list_has(Teacher.subjects, "语文")``.

    Evaluated row by row inside the query (SQLite ``json_each``, PostgreSQL ``jsonb @>``),
    so filtering on a list costs no query per teacher."""

    type = Boolean()
    inherit_cache = True
    name = "json_list_has"


@compiles(json_list_has, "sqlite")
def _sqlite_json_list_has(element, compiler, **kw):
    column, value = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})"


@compiles(json_list_has, "postgresql")
def _postgresql_json_list_has(element, compiler, **kw):
    column, value = (compiler.process(c, **kw) for c in element.clauses)
    # jsonb containment is false, not an error, on a stored JSON null
    return f"(CAST({column} AS JSONB) @> jsonb_build_array(CAST({value} AS TEXT)))"


class on_leave(FunctionElement):
    """SQL: one of the leave periods kept in a JSON column (``[{start, end}]``, ISO dates) holds
    the day, ``on_leave(Teacher.leave, day)``: evaluated row by row inside the query."""

    type = Boolean()
    inherit_cache = True
    name = "on_leave"


@compiles(on_leave, "sqlite")
def _sqlite_on_leave(element, compiler, **kw):
    column, day = (compiler.process(c, **kw) for c in element.clauses)
    return (f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_extract(json_each.value, '$.start') <= {day} "
            f"AND json_extract(json_each.value, '$.end') >= {day})")


@compiles(on_leave, "postgresql")
def _postgresql_on_leave(element, compiler, **kw):
    column, day = (compiler.process(c, **kw) for c in element.clauses)
    # a stored JSON null (or anything but a list) holds no leave
    return (f"EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(CAST({column} AS JSONB)) = 'array' "
            f"THEN CAST({column} AS JSONB) ELSE '[]'::jsonb END) AS p "
            f"WHERE p->>'start' <= CAST({day} AS TEXT) AND p->>'end' >= CAST({day} AS TEXT))")


class unindexed(FunctionElement):
    """SQL: the condition itself, which SQLite is told not to look up by an index (``+(…)``):
    the standings that hold, asked in an outer join, made SQLite build a Bloom filter over all
    of them first (6.4 ms against 3.8 ms for a city of 3,000 teachers)."""

    type = Boolean()
    inherit_cache = True
    name = "unindexed"


@compiles(unindexed)
def _as_is(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)})"


@compiles(unindexed, "sqlite")
def _sqlite_unindexed(element, compiler, **kw):
    return f"+({compiler.process(element.clauses, **kw)})"


class child_path(FunctionElement):
    """SQL: the path of the unit just below the one whose path is ``length`` characters long,
    on the way to ``path`` (``/1/4/9/12/`` below ``/1/4/`` → ``/1/4/9/``); the unit itself
    when ``path`` is its own. Grouping teachers by it sums a report's rows in one query."""

    type = String()
    inherit_cache = True
    name = "child_path"


@compiles(child_path, "sqlite")
def _sqlite_child_path(element, compiler, **kw):
    path, length = (compiler.process(c, **kw) for c in element.clauses)
    return f"substr({path}, 1, {length} + instr(substr({path}, {length} + 1), '/'))"


@compiles(child_path, "postgresql")
def _postgresql_child_path(element, compiler, **kw):
    path, length = (compiler.process(c, **kw) for c in element.clauses)
    return f"substr({path}, 1, {length} + strpos(substr({path}, {length} + 1), '/'))"
