"""Sales and expenses, and the link from each intake ticket to its journal entry.

Sales (buyer, contract, product, certification, kilos, price in PEN or US$ with
the exchange rate, Fairtrade Premium, organic differential, cost of the kilos
sold) and expenses (account, supplier, paid from) post their own entries; a
ticket names the entry it was posted in (its own, or the summary of an
imported batch).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 03:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sales',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('buyer', sa.String(length=100), nullable=False),
    sa.Column('contract', sa.String(length=60), nullable=False),
    sa.Column('invoice', sa.String(length=60), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=False),
    sa.Column('kg_g', sa.BigInteger(), nullable=False),
    sa.Column('equivalent_g', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('price_e4', sa.BigInteger(), nullable=False),
    sa.Column('rate_e4', sa.Integer(), nullable=True),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('premium_cents', sa.BigInteger(), nullable=False),
    sa.Column('differential_cents', sa.BigInteger(), nullable=False),
    sa.Column('cost_cents', sa.BigInteger(), nullable=False),
    sa.Column('debit_account', sa.String(length=20), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint("currency IN ('PEN', 'USD')", name=op.f('ck_sales_currency')),
    sa.CheckConstraint('kg_g > 0 AND price_e4 >= 0 AND amount_cents >= 0 AND premium_cents >= 0 AND differential_cents >= 0 AND cost_cents >= 0', name=op.f('ck_sales_figures_not_negative')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_sales_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_sales_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales'))
    )
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sales_date_id'), ['date', 'id'], unique=False)
    op.create_table('expenses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('account', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('supplier', sa.String(length=100), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('paid_from', sa.String(length=20), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_expenses_amount_positive')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_expenses_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenses'))
    )
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expenses_date_id'), ['date', 'id'], unique=False)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_entry_id_journal_entries'), 'journal_entries',
                                    ['entry_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deliveries_entry_id_journal_entries'), type_='foreignkey')
        batch_op.drop_column('entry_id')
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expenses_date_id'))
    op.drop_table('expenses')
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_date_id'))
    op.drop_table('sales')
