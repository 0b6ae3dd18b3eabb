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

import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

TABLES = ("bank_accounts", "exchange_rates")


def _trail():
    """Migration 0007, whose functions write the audit triggers."""
    path = Path(__file__).with_name("0007_audit_trail.py")
    spec = importlib.util.spec_from_file_location("coopdesk_migration_0007", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    bind = op.get_bind()
    trail = _trail()
    for table in TABLES:
        if bind.dialect.name == "sqlite":
            columns = [(c["name"], False) for c in sa.inspect(bind).get_columns(table)]
            for statement in trail._sqlite_audit(table, columns):
                op.execute(statement)
        else:
            op.execute(f"""CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table}
                           FOR EACH ROW EXECUTE FUNCTION coopdesk_audit()""")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(TABLES):
        if sqlite:
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_{action}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_audit ON {table}")
        op.drop_table(table)
