"""Who signs the acta that approved a distribution, in a field of its own.

``distribution_runs.acta_signed_by``: the person who signs the assembly's acta
(the president, or whoever the acta names), kept apart from the acta number and
date. Before, a treasurer could only type both into the acta number, and the
run together text («Acta 12-2026Juan Pérez Mamani») reached the run's permanent
journal entry. Runs approved before keep '' (nobody said). The audit triggers
of the table are rebuilt with the new column (SQLite names each column).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 15:40:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import drop_sqlite_audit, rebuild_sqlite_audit


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

TABLE = "distribution_runs"


def upgrade() -> None:
    # a plain ALTER TABLE … ADD COLUMN: the table (referenced by others) is not rebuilt, its seals stay
    op.add_column(TABLE, sa.Column('acta_signed_by', sa.String(length=100), server_default='', nullable=False))
    rebuild_sqlite_audit(TABLE)


def downgrade() -> None:
    drop_sqlite_audit(TABLE)  # the audit triggers name the column: they go first
    op.drop_column(TABLE, 'acta_signed_by')
    rebuild_sqlite_audit(TABLE)
