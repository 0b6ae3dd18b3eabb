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

import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

TABLE = "distribution_runs"


def _trail():
    """Migration 0007, whose functions write the audit triggers."""
    path = Path(__file__).with_name("0007_audit_trail.py")
    spec = importlib.util.spec_from_file_location("coopdesk_migration_0007", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _drop_audit() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_audit_{action}")


def _rebuild_audit() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    _drop_audit()
    columns = [(c["name"], isinstance(c["type"], sa.LargeBinary)) for c in sa.inspect(bind).get_columns(TABLE)]
    for statement in _trail()._sqlite_audit(TABLE, columns):
        op.execute(statement)


def upgrade() -> None:
    # a plain ALTER TABLE … ADD COLUMN: the table (referenced by others) is not rebuilt, its seals stay
    op.add_column(TABLE, sa.Column('acta_signed_by', sa.String(length=100), server_default='', nullable=False))
    _rebuild_audit()


def downgrade() -> None:
    _drop_audit()  # the audit triggers name the column: they go first
    op.drop_column(TABLE, 'acta_signed_by')
    _rebuild_audit()
