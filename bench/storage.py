"""Benchmark: bytes on disk per ledger entry, tables and indexes, with each explanation kept
once (ledger_explanation, revision 0009) and with the steps inline in every entry as
revision 0007 kept them. The same sample of entries is written both ways into scratch
tables with the same indexes; the real tables are measured too. Asserts nothing.

    .venv/bin/python bench/storage.py --database sqlite:////tmp/bench-city.sqlite3
    .venv/bin/python bench/storage.py --database postgresql://postgres@127.0.0.1:5432/bench_perf
"""
from __future__ import annotations

import argparse

from sqlalchemy import JSON, Column, Date, DateTime, Index, Integer, MetaData, String, Table, text

import dataset
from portal.extensions import db
from portal.models.types import Amount

COLUMNS = ("teacher_id, source, enrollment_id, activity_date, hours, amount, unit, category, title, facts, "
           "rule_version, audit_state, reverses_id, created_at, created_by_id")
REVERSAL = text("reverses_id IS NOT NULL")


def layouts(metadata: MetaData) -> tuple[Table, Table]:
    """The ledger as 0007 kept it (steps inline) and as 0009 does (an explanation's id), with
    each revision's indexes."""
    def entry(name: str, *columns, indexes):
        return Table(
            name, metadata,
            Column("id", Integer, primary_key=True), Column("teacher_id", Integer, nullable=False),
            Column("source", String(20), nullable=False), Column("enrollment_id", Integer),
            Column("activity_date", Date, nullable=False), Column("hours", Amount), Column("amount", Amount, nullable=False),
            Column("unit", String(10), nullable=False), Column("category", String(40), nullable=False),
            Column("title", String(200), nullable=False), Column("facts", JSON, nullable=False), *columns,
            Column("rule_version", String(40), nullable=False), Column("audit_state", String(30), nullable=False),
            Column("reverses_id", Integer), Column("created_at", DateTime, nullable=False),
            Column("created_by_id", Integer), *indexes(name))

    inline = entry("bench_inline", Column("steps", JSON, nullable=False), indexes=lambda n: (
        Index(f"{n}_teacher_date", "teacher_id", "activity_date"), Index(f"{n}_state", "audit_state"),
        Index(f"{n}_enrollment", "enrollment_id"), Index(f"{n}_reverses", "reverses_id", unique=True)))
    by_reference = entry("bench_by_reference", Column("explanation_id", Integer, nullable=False), indexes=lambda n: (
        Index(f"{n}_teacher_date", "teacher_id", "activity_date"), Index(f"{n}_state", "audit_state", "teacher_id"),
        Index(f"{n}_enrollment", "enrollment_id"),
        Index(f"{n}_reverses", "reverses_id", unique=True, sqlite_where=REVERSAL, postgresql_where=REVERSAL)))
    return inline, by_reference


def size(tables: list[str]) -> int:
    """Bytes of the tables with their indexes (and TOAST on PostgreSQL)."""
    if db.engine.dialect.name == "postgresql":
        return sum(db.session.scalar(text("SELECT pg_total_relation_size(:t)"), {"t": t}) for t in tables)
    names = db.session.scalars(text("SELECT name FROM sqlite_schema WHERE tbl_name IN :t")
                               .bindparams(db.bindparam("t", expanding=True)), {"t": tables}).all()
    return db.session.scalar(text("SELECT sum(pgsize) FROM dbstat WHERE name IN :n")
                             .bindparams(db.bindparam("n", expanding=True)), {"n": names})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=dataset.DEFAULT_SQLITE)
    parser.add_argument("--sample", type=int, default=200_000, help="entries written both ways")
    args = parser.parse_args()

    app = dataset.app_for(args.database)
    with app.app_context():
        entries, explanations = db.session.execute(text(
            "SELECT (SELECT count(*) FROM ledger_entry), (SELECT count(*) FROM ledger_explanation)")).one()
        db.session.commit()  # a new snapshot, one that sees the scratch tables made below
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ledger_entry"))
        scratch = MetaData()
        inline, by_reference = layouts(scratch)
        scratch.drop_all(db.engine)
        scratch.create_all(db.engine)
        last = db.session.scalar(text("SELECT max(id) FROM (SELECT id FROM ledger_entry ORDER BY id LIMIT :n) s"),
                                 {"n": args.sample})
        db.session.execute(text(
            f"INSERT INTO bench_inline (id, {COLUMNS}, steps) SELECT e.id, {COLUMNS.replace('facts', 'e.facts')}, x.steps "
            "FROM ledger_entry e JOIN ledger_explanation x ON x.id = e.explanation_id WHERE e.id <= :last ORDER BY e.id"),
            {"last": last})
        db.session.execute(text(
            f"INSERT INTO bench_by_reference (id, {COLUMNS}, explanation_id) SELECT id, {COLUMNS}, explanation_id "
            "FROM ledger_entry WHERE id <= :last ORDER BY id"), {"last": last})
        db.session.commit()
        sample = db.session.scalar(text("SELECT count(*) FROM bench_inline"))
        steps = db.session.scalar(text("SELECT avg(length(CAST(steps AS TEXT))) FROM bench_inline"))
        inline_bytes, by_reference_bytes = size(["bench_inline"]), size(["bench_by_reference"])
        kept = size(["ledger_explanation"])
        real = size(["ledger_entry"])
        print(f"{db.engine.dialect.name}: {entries:,} entries, {explanations:,} distinct explanations "
              f"({kept / 2**20:.1f} MB in all); steps average {steps:,.0f} characters an entry")
        print(f"same {sample:,} entries, tables and indexes:")
        for label, total in (("steps inline (0007)", inline_bytes), ("explanation by reference (0009)", by_reference_bytes)):
            print(f"  {label:<34} {total / sample:7.0f} bytes an entry   "
                  f"{total / sample * 3_000_000 / 2**30:5.2f} GB at 3,000,000 entries")
        print(f"  the by-reference entries take {by_reference_bytes / inline_bytes:.1%} of the inline ones")
        print(f"the real ledger_entry: {real / entries:.0f} bytes an entry, {real / 2**30:.2f} GB; "
              f"with the kept explanations {(real + kept) / entries:.0f} bytes an entry")
        db.session.commit()
        scratch.drop_all(db.engine)


if __name__ == "__main__":
    main()
