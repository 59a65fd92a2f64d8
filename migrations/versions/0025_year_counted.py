"""A kept standing's year holds what the teacher earned and what counts of it apart: the
column year_earned held what counts (after a yearly cap), which the lists compare with the
year's requirement, while the standings API called it earned. It is renamed year_counted, and
year_earned is filled again from each standing's kept answer (its years' earned).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05
"""
import json
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(10, 2, asdecimal=True)
BATCH = 5000


def upgrade():
    with op.batch_alter_table("teacher_standing") as batch:
        batch.alter_column("year_earned", new_column_name="year_counted", existing_type=AMOUNT, existing_nullable=False)
    op.add_column("teacher_standing", sa.Column("year_earned", AMOUNT, nullable=True))
    connection = op.get_bind()
    standing = sa.table("teacher_standing", sa.column("teacher_id"), sa.column("year"), sa.column("detail", sa.JSON),
                        sa.column("year_counted"), sa.column("year_earned", AMOUNT))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(standing.c.teacher_id, standing.c.year, standing.c.detail, standing.c.year_counted)
            .where(standing.c.teacher_id > last).order_by(standing.c.teacher_id).limit(BATCH)).all()
        if not rows:
            break
        connection.execute(
            standing.update().where(standing.c.teacher_id == sa.bindparam("key")).values(year_earned=sa.bindparam("earned")),
            [{"key": teacher_id, "earned": _earned(detail, year, counted)} for teacher_id, year, detail, counted in rows])
        last = rows[-1][0]
    with op.batch_alter_table("teacher_standing") as batch:
        batch.alter_column("year_earned", existing_type=AMOUNT, nullable=False)


def _earned(detail, year, counted):
    """The year's earned in the kept answer; what counts where the answer has no such year."""
    if isinstance(detail, str):
        detail = json.loads(detail)
    for kept in (detail or {}).get("compliance", {}).get("years", []):
        if kept.get("year") == year and kept.get("earned") is not None:
            return Decimal(str(kept["earned"]))
    return counted


def downgrade():
    with op.batch_alter_table("teacher_standing") as batch:
        batch.drop_column("year_earned")
        batch.alter_column("year_counted", new_column_name="year_earned", existing_type=AMOUNT, existing_nullable=False)
