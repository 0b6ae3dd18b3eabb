"""Bank accounts per bank and currency, and the SBS exchange rates by day.

``bank_accounts``: a bank, the account's number, its currency (PEN or USD) and
its ledger subaccount of 1041 (10411, 10412 …), so that the books keep US$
apart from soles. ``exchange_rates``: the SBS's compra and venta of a day,
imported from a file, never typed per document (docs/ledger.md, «Bancos y
monedas»). Both audited like the tables of 0007.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 15:30:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit, drop_audit


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

TABLES = ("bank_accounts", "exchange_rates")


def upgrade() -> None:
    op.create_table('bank_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank', sa.String(length=100), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('account_code', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("currency IN ('PEN', 'USD')", name=op.f('ck_bank_accounts_currency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_accounts')),
    sa.UniqueConstraint('account_code', name=op.f('uq_bank_accounts_account_code'))
    )
    op.create_table('exchange_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('buy_e4', sa.Integer(), nullable=False),
    sa.Column('sell_e4', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint('buy_e4 > 0 AND sell_e4 > 0', name=op.f('ck_exchange_rates_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rates')),
    sa.UniqueConstraint('day', name=op.f('uq_exchange_rates_day'))
    )
    for table in TABLES:
        audit(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        drop_audit(table)
        op.drop_table(table)
