"""Notas de crédito (tabla 10: 07) against a sale's comprobante.

``credit_notes``: the sale it modifies, its date, serie and número, the reason,
the parts it credits in the sale's currency (price, premium, differential) and
the entry that reverses them (docs/ple.md, «Notas de crédito»). Never edited.
Audited like the other tables (the triggers of 0007).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 19:40:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit, drop_audit


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

TABLE = "credit_notes"


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('premium_cents', sa.BigInteger(), nullable=False),
    sa.Column('differential_cents', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint('amount_cents >= 0 AND premium_cents >= 0 AND differential_cents >= 0 '
                       'AND amount_cents + premium_cents + differential_cents > 0',
                       name=op.f('ck_credit_notes_figures_positive')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_credit_notes_sale_id_sales')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'],
                            name=op.f('fk_credit_notes_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_notes')),
    sa.UniqueConstraint('series', 'number', name=op.f('uq_credit_notes_series_number'))
    )
    op.create_index(op.f('ix_credit_notes_sale_id'), TABLE, ['sale_id'], unique=False)
    audit(TABLE)


def downgrade() -> None:
    drop_audit(TABLE)
    op.drop_index(op.f('ix_credit_notes_sale_id'), table_name=TABLE)
    op.drop_table(TABLE)
