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
    sa.Column('collected_on', sa.Date(), nullable=True),
    sa.Column('collection_entry_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("currency IN ('PEN', 'USD')", name=op.f('ck_sales_currency')),
    sa.CheckConstraint('kg_g > 0 AND price_e4 >= 0 AND amount_cents >= 0 AND premium_cents >= 0 AND differential_cents >= 0 AND cost_cents >= 0', name=op.f('ck_sales_figures_not_negative')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_sales_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['collection_entry_id'], ['journal_entries.id'], name=op.f('fk_sales_collection_entry_id_journal_entries')),
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
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('payment_entry_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_expenses_amount_positive')),
    sa.ForeignKeyConstraint(['payment_entry_id'], ['journal_entries.id'], name=op.f('fk_expenses_payment_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_expenses_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenses'))
    )
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expenses_date_id'), ['date', 'id'], unique=False)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_entry_id_journal_entries'), 'journal_entries',
                                    ['entry_id'], ['id'])
    # 6911 now receives the cost of what is sold (the sales post it), not every ticket
    op.execute("UPDATE ledger_accounts SET name = 'Costo de ventas (acopio de lo vendido)' "
               "WHERE code = '6911' AND name = 'Costo de acopio'")
    for statement in SEALS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNSEALS[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deliveries_entry_id_journal_entries'), type_='foreignkey')
        batch_op.drop_column('entry_id')
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expenses_date_id'))
    op.drop_table('expenses')
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_date_id'))
    op.drop_table('sales')


# A sale or an expense is never edited or deleted: only voided once (voided_at and
# its reason) and linked once to its entry; a ticket is linked to its entry once;
# an account with lines keeps its code, kind and sub-ledger (its name may be
# corrected) and is never deleted.
SALE_FIGURES = ("date", "buyer", "contract", "invoice", "product_id", "certification", "kg_g", "equivalent_g",
                "currency", "price_e4", "rate_e4", "amount_cents", "premium_cents", "differential_cents",
                "cost_cents", "debit_account", "created_at", "created_by")
EXPENSE_FIGURES = ("date", "account", "description", "supplier", "reference", "amount_cents", "paid_from",
                   "created_at", "created_by")
ONCE = {"sales": ("entry_id",), "expenses": ("entry_id",)}
UNDONE = {"sales": ("collected_on", "collection_entry_id"), "expenses": ("paid_on", "payment_entry_id")}
DOCUMENT = "coopdesk: una venta o un gasto registrado no se modifica ni se borra; se anula"
LINKED = "coopdesk: el asiento de un documento no se cambia"
ACCOUNT = "coopdesk: una cuenta con asientos conserva su código, su tipo y sus socios, y no se borra"


def _changed(columns, differ: str) -> str:
    return " OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in columns)


def _document_rule(columns, differ: str, once=("entry_id",), undone=()) -> str:
    """Refused: any change to a voided document or to its figures, a link changed
    once set; a collection or payment (``undone``) may only be cleared (its entry
    is reversed by the core), never changed to another."""
    return (f"OLD.voided_at IS NOT NULL OR {_changed(columns, differ)} "
            + "".join(f"OR (OLD.{c} IS NOT NULL AND NEW.{c} {differ} OLD.{c}) " for c in once)
            + "".join(f"OR (OLD.{c} IS NOT NULL AND NEW.{c} IS NOT NULL AND NEW.{c} {differ} OLD.{c}) "
                      for c in undone))


SEALS = {
    "sqlite": [
        *(f"""CREATE TRIGGER {table}_sealed_update BEFORE UPDATE ON {table}
              WHEN {_document_rule(columns, "IS NOT", ONCE[table], UNDONE[table])}
              BEGIN SELECT RAISE(ABORT, '{DOCUMENT}'); END"""
          for table, columns in (("sales", SALE_FIGURES), ("expenses", EXPENSE_FIGURES))),
        *(f"""CREATE TRIGGER {table}_sealed_delete BEFORE DELETE ON {table}
              BEGIN SELECT RAISE(ABORT, '{DOCUMENT}'); END""" for table in ("sales", "expenses")),
        f"""CREATE TRIGGER deliveries_entry_once BEFORE UPDATE OF entry_id ON deliveries
            WHEN OLD.entry_id IS NOT NULL AND NEW.entry_id IS NOT OLD.entry_id
            BEGIN SELECT RAISE(ABORT, '{LINKED}'); END""",
        f"""CREATE TRIGGER ledger_accounts_kept_update BEFORE UPDATE ON ledger_accounts
            WHEN ({_changed(("code", "kind", "member_ledger"), "IS NOT")})
              AND EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id)
            BEGIN SELECT RAISE(ABORT, '{ACCOUNT}'); END""",
        f"""CREATE TRIGGER ledger_accounts_kept_delete BEFORE DELETE ON ledger_accounts
            WHEN EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id)
            BEGIN SELECT RAISE(ABORT, '{ACCOUNT}'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION coopdesk_sale_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION '{DOCUMENT}';
              ELSIF {_document_rule(SALE_FIGURES, "IS DISTINCT FROM", ONCE["sales"], UNDONE["sales"])} THEN
                RAISE EXCEPTION '{DOCUMENT}';
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION coopdesk_expense_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION '{DOCUMENT}';
              ELSIF {_document_rule(EXPENSE_FIGURES, "IS DISTINCT FROM", ONCE["expenses"], UNDONE["expenses"])} THEN
                RAISE EXCEPTION '{DOCUMENT}';
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION coopdesk_delivery_entry_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF OLD.entry_id IS NOT NULL AND NEW.entry_id IS DISTINCT FROM OLD.entry_id THEN
                RAISE EXCEPTION '{LINKED}';
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION coopdesk_account_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM journal_lines WHERE account_id = OLD.id) THEN
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
              END IF;
              IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION '{ACCOUNT}';
              ELSIF {_changed(("code", "kind", "member_ledger"), "IS DISTINCT FROM")} THEN
                RAISE EXCEPTION '{ACCOUNT}';
              END IF;
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER sales_sealed BEFORE UPDATE OR DELETE ON sales
           FOR EACH ROW EXECUTE FUNCTION coopdesk_sale_sealed()""",
        """CREATE TRIGGER expenses_sealed BEFORE UPDATE OR DELETE ON expenses
           FOR EACH ROW EXECUTE FUNCTION coopdesk_expense_sealed()""",
        """CREATE TRIGGER deliveries_entry_once BEFORE UPDATE OF entry_id ON deliveries
           FOR EACH ROW EXECUTE FUNCTION coopdesk_delivery_entry_once()""",
        """CREATE TRIGGER ledger_accounts_kept BEFORE UPDATE OR DELETE ON ledger_accounts
           FOR EACH ROW EXECUTE FUNCTION coopdesk_account_kept()""",
        # TRUNCATE skips row triggers
        f"""CREATE FUNCTION coopdesk_documents_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{DOCUMENT}'; END $$""",
        """CREATE TRIGGER sales_no_truncate BEFORE TRUNCATE ON sales
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_documents_kept()""",
        """CREATE TRIGGER expenses_no_truncate BEFORE TRUNCATE ON expenses
           FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_documents_kept()""",
    ],
}
UNSEALS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in (
        "sales_sealed_update", "expenses_sealed_update", "sales_sealed_delete", "expenses_sealed_delete",
        "deliveries_entry_once", "ledger_accounts_kept_update", "ledger_accounts_kept_delete")],
    "postgresql": [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in (
        ("sales_sealed", "sales"), ("expenses_sealed", "expenses"), ("deliveries_entry_once", "deliveries"),
        ("ledger_accounts_kept", "ledger_accounts"), ("sales_no_truncate", "sales"),
        ("expenses_no_truncate", "expenses"))]
    + [f"DROP FUNCTION IF EXISTS {f}()" for f in ("coopdesk_sale_sealed", "coopdesk_expense_sealed",
                                                 "coopdesk_delivery_entry_once", "coopdesk_account_kept",
                                                 "coopdesk_documents_kept")],
}
