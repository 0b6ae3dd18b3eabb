"""The register of fixed assets (activo fijo) and their monthly depreciation.

``fixed_assets``: each asset with its account of 33, its depreciation category,
its cost, the month its depreciation starts, the entry that bought it, and its
baja (a dated entry) or its voiding. ``asset_depreciations``: one row per asset
and month, with the month's entry: a month is never depreciated twice
(docs/fixed_assets.md). Both audited like the tables of 0007.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 19:40:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit, drop_audit


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

TABLES = ("fixed_assets", "asset_depreciations")


def upgrade() -> None:
    op.create_table('fixed_assets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('account', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('acquired_on', sa.Date(), nullable=False),
    sa.Column('cost_cents', sa.BigInteger(), nullable=False),
    sa.Column('prior_cents', sa.BigInteger(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('start_month', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('own_entry', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retirement_entry_id', sa.Integer(), nullable=True),
    sa.Column('retirement_reason', sa.String(length=200), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('cost_cents > 0', name=op.f('ck_fixed_assets_cost_positive')),
    sa.CheckConstraint('prior_cents >= 0 AND prior_cents < cost_cents', name=op.f('ck_fixed_assets_prior_below_cost')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_fixed_assets_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['retirement_entry_id'], ['journal_entries.id'],
                            name=op.f('fk_fixed_assets_retirement_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fixed_assets')),
    sa.UniqueConstraint('code', name=op.f('uq_fixed_assets_code'))
    )
    op.create_table('asset_depreciations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('percent_e2', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_asset_depreciations_amount_positive')),
    sa.ForeignKeyConstraint(['asset_id'], ['fixed_assets.id'], name=op.f('fk_asset_depreciations_asset_id_fixed_assets')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'],
                            name=op.f('fk_asset_depreciations_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_depreciations')),
    sa.UniqueConstraint('asset_id', 'year', 'month', name=op.f('uq_asset_depreciations_asset_id_year_month'))
    )
    op.create_index(op.f('ix_asset_depreciations_asset_id'), 'asset_depreciations', ['asset_id'], unique=False)
    op.create_index(op.f('ix_asset_depreciations_entry_id'), 'asset_depreciations', ['entry_id'], unique=False)
    for table in TABLES:
        audit(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        drop_audit(table)
    op.drop_index(op.f('ix_asset_depreciations_entry_id'), table_name='asset_depreciations')
    op.drop_index(op.f('ix_asset_depreciations_asset_id'), table_name='asset_depreciations')
    op.drop_table('asset_depreciations')
    op.drop_table('fixed_assets')
