"""Opening stock: what the almacén held when the cooperative started coopdesk.

``opening_stocks``: per product (its stocked form) and certification, the kilos
and their value on a date, and the entry that put them in inventory
(docs/ledger.md, «Saldo inicial del almacén»). Audited like the tables of 0007;
its figures never change and it is never deleted: a mistake is voided once
(``voided_at``, ``void_reason``), its entry reversed.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

TABLE = "opening_stocks"
KEPT = "coopdesk: un saldo inicial del almacén no se modifica ni se borra; se anula"
CONTEXT = "(SELECT at FROM audit_context LIMIT 1), (SELECT who FROM audit_context LIMIT 1)"
FIGURES = ("date", "product_id", "certification", "kg_g", "value_cents", "created_at", "created_by")
ONCE = "entry_id"  # set once, after the row has its id for the entry's source


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=False),
    sa.Column('kg_g', sa.BigInteger(), nullable=False),
    sa.Column('value_cents', sa.BigInteger(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('kg_g > 0 AND value_cents > 0', name=op.f('ck_opening_stocks_figures_positive')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'],
                            name=op.f('fk_opening_stocks_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_opening_stocks_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opening_stocks'))
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opening_stocks_product_id'), ['product_id'], unique=False)
    bind = op.get_bind()
    columns = [c["name"] for c in sa.inspect(bind).get_columns(TABLE)]
    for statement in (_sqlite if bind.dialect.name == "sqlite" else _postgresql)(columns):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("audit_insert", "audit_update", "audit_delete", "kept_update", "kept_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_audit ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_kept ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_opening_stocks_kept()")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opening_stocks_product_id'))
    op.drop_table(TABLE)


def _sqlite(columns) -> list[str]:
    """As 0007's triggers; then the seal: the figures never change, the void is set once."""
    def whole(row: str) -> str:
        return "json_object(" + ", ".join(f"'{name}', {row}.{name}" for name in columns) + ")"

    changed = " UNION ALL ".join(
        f"SELECT '{name}' AS k, OLD.{name} AS o, NEW.{name} AS n WHERE OLD.{name} IS NOT NEW.{name}"
        for name in columns)
    figures = " OR ".join(f"OLD.{name} IS NOT NEW.{name}" for name in FIGURES) + \
        f" OR (OLD.{ONCE} IS NOT NULL AND OLD.{ONCE} IS NOT NEW.{ONCE})"
    insert = "INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)"
    return [
        f"""CREATE TRIGGER {TABLE}_audit_insert AFTER INSERT ON {TABLE} BEGIN
            {insert} VALUES ({CONTEXT}, 'alta', '{TABLE}', NEW.id, NULL, {whole('NEW')}); END""",
        f"""CREATE TRIGGER {TABLE}_audit_update AFTER UPDATE ON {TABLE} BEGIN
            {insert} SELECT {CONTEXT}, 'cambio', '{TABLE}', NEW.id, json_group_object(k, o), json_group_object(k, n)
            FROM ({changed}) HAVING count(*) > 0; END""",
        f"""CREATE TRIGGER {TABLE}_audit_delete AFTER DELETE ON {TABLE} BEGIN
            {insert} VALUES ({CONTEXT}, 'baja', '{TABLE}', OLD.id, {whole('OLD')}, NULL); END""",
        f"""CREATE TRIGGER {TABLE}_kept_update BEFORE UPDATE ON {TABLE}
            WHEN {figures} OR OLD.voided_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER {TABLE}_kept_delete BEFORE DELETE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
    ]


def _postgresql(columns) -> list[str]:
    figures = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in FIGURES) + \
        f" OR (OLD.{ONCE} IS NOT NULL AND OLD.{ONCE} IS DISTINCT FROM NEW.{ONCE})"
    return [
        f"""CREATE TRIGGER {TABLE}_audit AFTER INSERT OR UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_audit()""",
        f"""CREATE FUNCTION coopdesk_opening_stocks_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND NOT ({figures} OR OLD.voided_at IS NOT NULL) THEN RETURN NEW; END IF;
              RAISE EXCEPTION '{KEPT}';
            END $$""",
        f"""CREATE TRIGGER {TABLE}_kept BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_opening_stocks_kept()""",
        f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_opening_stocks_kept()""",
    ]
