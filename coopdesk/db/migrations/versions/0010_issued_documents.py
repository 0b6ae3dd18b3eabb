"""Issued documents: every kind numbered on its own, reprints counted (docs/documents.md).

``documents`` (0001) numbered the delivery statements only. It now records,
for every kind of printed document (liquidación, estado de cuenta corriente,
resumen de la distribución, estado de entregas, ticket de acopio), what it is
for (``subject``: "run:3/member:S0001", "ticket:001-000123", …), a digest of
its content, when it was first printed (``printed_at``, as before) and how many
times it was reprinted since (``reprints``, ``last_printed_at``). Documents
issued before this revision keep their numbers with an empty subject: they are
never matched as reprints.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('digest', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reprints', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_printed_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_documents_subject', ['kind', 'subject'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_subject')
        batch_op.drop_column('last_printed_at')
        batch_op.drop_column('reprints')
        batch_op.drop_column('digest')
        batch_op.drop_column('subject')
