"""The SQL functions the lists, reports and scopes compute inside their queries (a JSON list
holding a value, a teacher on leave on a day, the unit just below another, a condition kept off
an index) are defined once, in ``portal.services.sql_functions``, each compiled for SQLite and
PostgreSQL: they were spread over ``teachers``, ``reports`` and ``scope``, where the next one
would have been written again beside its first use."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite

from portal.models import OrgUnit, Teacher
from portal.services import sql_functions
from portal.services.sql_functions import child_path, json_list_has, on_leave, unindexed

PORTAL = Path(sql_functions.__file__).resolve().parents[1]


def test_every_sql_function_of_the_core_is_defined_in_one_module():
    elsewhere = [f"{path.relative_to(PORTAL)}:{n}" for path in PORTAL.rglob("*.py") if path.name != "sql_functions.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.match(r"\s*(@compiles\(|class \w+\(FunctionElement\))", line)]
    assert not elsewhere, elsewhere


@pytest.mark.parametrize("dialect, words", [(sqlite.dialect(), ("json_each", "instr", "+(")),
                                            (postgresql.dialect(), ("jsonb", "strpos", "("))])
def test_each_compiles_for_both_databases(dialect, words):
    day = bindparam("day", date(2026, 1, 1).isoformat())
    listed, leave, path, kept = (str(e.compile(dialect=dialect)) for e in (
        json_list_has(Teacher.subjects, "语文"), on_leave(Teacher.leave, day), child_path(OrgUnit.path, 3),
        unindexed(Teacher.id > 1)))
    assert words[0] in listed and words[0] in leave and words[1] in path and kept.startswith(words[2])
