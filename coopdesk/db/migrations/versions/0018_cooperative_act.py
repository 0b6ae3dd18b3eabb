"""Each sale and each expense says whether it is an acto cooperativo.

``sales.cooperative_act`` and ``expenses.cooperative_act``: true when the
operation is an acto cooperativo (Ley 31335: the cooperative's acts with its
members in fulfilment of its object, including placing the members' produce
on the market as their mandatary), false for an operation with third parties
that is not (income that Ley 31335 taxes; an expense of such an operation).
Every sale and expense recorded before is an acto cooperativo, as coopdesk's
sales were always of the members' produce (docs/ledger.md, «Acto cooperativo»).
The audit triggers of both tables are rebuilt with the new column (SQLite names
each column; PostgreSQL's trigger takes the whole row).

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-07 12:00:00
"""

import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

TABLES = ("sales", "expenses")


def _trail():
    """Migration 0007, whose functions write the audit triggers."""
    path = Path(__file__).with_name("0007_audit_trail.py")
    spec = importlib.util.spec_from_file_location("coopdesk_migration_0007", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rebuild_audit(table: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for action in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_{action}")
    columns = [(c["name"], isinstance(c["type"], sa.LargeBinary)) for c in sa.inspect(bind).get_columns(table)]
    for statement in _trail()._sqlite_audit(table, columns):
        op.execute(statement)


def upgrade() -> None:
    for table in TABLES:
        # a plain ALTER TABLE … ADD COLUMN: the table is not rebuilt, so its guards (0006) stay as they are
        op.add_column(table, sa.Column('cooperative_act', sa.Boolean(), server_default=sa.true(), nullable=False))
        _rebuild_audit(table)


def downgrade() -> None:
    for table in TABLES:
        if op.get_bind().dialect.name == "sqlite":  # the audit triggers name the column: they go first
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_{action}")
        op.drop_column(table, 'cooperative_act')
        _rebuild_audit(table)
