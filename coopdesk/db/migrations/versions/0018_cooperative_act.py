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

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import drop_sqlite_audit, rebuild_sqlite_audit


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

TABLES = ("sales", "expenses")


def upgrade() -> None:
    for table in TABLES:
        # a plain ALTER TABLE … ADD COLUMN: the table is not rebuilt, so its guards (0006) stay as they are
        op.add_column(table, sa.Column('cooperative_act', sa.Boolean(), server_default=sa.true(), nullable=False))
        rebuild_sqlite_audit(table)


def downgrade() -> None:
    for table in TABLES:
        drop_sqlite_audit(table)  # the audit triggers name the column: they go first
        op.drop_column(table, 'cooperative_act')
        rebuild_sqlite_audit(table)
