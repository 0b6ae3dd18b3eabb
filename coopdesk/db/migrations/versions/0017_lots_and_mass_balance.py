"""Lots and mass balance, and the buyer's due-diligence references (issue 17, items 3 and 4).

``lots``: a lot at the warehouse (code, product, certification, date).
``lot_tickets``: kilos of a ticket put in a lot. ``lot_sources``: kilos taken
from an earlier lot and the kilos they made at the conversion factor (baba →
grano seco; a blend at 1). ``sale_lots``: kilos of a lot that make up a sale.
``dds_references``: the reference and verification numbers the EU buyer
returns per sale. All are records: audited like the tables of 0007, never
changed or deleted (docs/traceability.md).

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

TABLES = ("lots", "lot_tickets", "lot_sources", "sale_lots", "dds_references")
KEPT = "coopdesk: un lote, su contenido y las referencias del comprador no se modifican ni se borran"
CONTEXT = "(SELECT at FROM audit_context LIMIT 1), (SELECT who FROM audit_context LIMIT 1)"
INDEXED = {"lot_tickets": ("lot_id", "delivery_id"), "lot_sources": ("lot_id", "from_lot_id"),
           "sale_lots": ("sale_id", "lot_id"), "dds_references": ("sale_id",)}


def _who():
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('created_by', sa.String(length=100), nullable=False)]


def upgrade() -> None:
    op.create_table('lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    *_who(),
    sa.CheckConstraint("certification IN ('organico', 'transicion', 'convencional')",
                       name=op.f('ck_lots_certification')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_lots_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lots')),
    sa.UniqueConstraint('code', name=op.f('uq_lots_code'))
    )
    op.create_table('lot_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('kg_g', sa.BigInteger(), nullable=False),
    *_who(),
    sa.CheckConstraint('kg_g > 0', name=op.f('ck_lot_tickets_kg_positive')),
    sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'], name=op.f('fk_lot_tickets_delivery_id_deliveries')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_lot_tickets_lot_id_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot_tickets'))
    )
    op.create_table('lot_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('from_lot_id', sa.Integer(), nullable=False),
    sa.Column('taken_g', sa.BigInteger(), nullable=False),
    sa.Column('factor_e6', sa.Integer(), nullable=False),
    sa.Column('made_g', sa.BigInteger(), nullable=False),
    *_who(),
    sa.CheckConstraint('taken_g > 0 AND made_g >= 0 AND factor_e6 > 0', name=op.f('ck_lot_sources_figures_positive')),
    sa.CheckConstraint('from_lot_id < lot_id', name=op.f('ck_lot_sources_from_an_earlier_lot')),
    sa.ForeignKeyConstraint(['from_lot_id'], ['lots.id'], name=op.f('fk_lot_sources_from_lot_id_lots')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_lot_sources_lot_id_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot_sources'))
    )
    op.create_table('sale_lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('kg_g', sa.BigInteger(), nullable=False),
    *_who(),
    sa.CheckConstraint('kg_g > 0', name=op.f('ck_sale_lots_kg_positive')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_sale_lots_lot_id_lots')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_sale_lots_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_lots'))
    )
    op.create_table('dds_references',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('verification', sa.String(length=60), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_dds_references_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dds_references'))
    )
    for table, columns in INDEXED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
    bind = op.get_bind()
    for table in TABLES:
        columns = [c["name"] for c in sa.inspect(bind).get_columns(table)]
        for statement in (_sqlite if bind.dialect.name == "sqlite" else _postgresql)(table, columns):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in reversed(TABLES):
        if sqlite:
            for name in ("audit_insert", "audit_update", "audit_delete", "kept_update", "kept_delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
        else:
            for name in ("audit", "kept", "no_truncate"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS coopdesk_lots_kept()")
    for table, columns in INDEXED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
    for table in reversed(TABLES):
        op.drop_table(table)


def _sqlite(table, columns) -> list[str]:
    """As 0007's triggers; then the guard (as 0013)."""
    def whole(row: str) -> str:
        return "json_object(" + ", ".join(f"'{name}', {row}.{name}" for name in columns) + ")"

    changed = " UNION ALL ".join(
        f"SELECT '{name}' AS k, OLD.{name} AS o, NEW.{name} AS n WHERE OLD.{name} IS NOT NEW.{name}"
        for name in columns)
    insert = "INSERT INTO audit_log (at, who, action, table_name, row_id, before, after)"
    return [
        f"""CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} BEGIN
            {insert} VALUES ({CONTEXT}, 'alta', '{table}', NEW.id, NULL, {whole('NEW')}); END""",
        f"""CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table} BEGIN
            {insert} SELECT {CONTEXT}, 'cambio', '{table}', NEW.id, json_group_object(k, o), json_group_object(k, n)
            FROM ({changed}) HAVING count(*) > 0; END""",
        f"""CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} BEGIN
            {insert} VALUES ({CONTEXT}, 'baja', '{table}', OLD.id, {whole('OLD')}, NULL); END""",
        f"""CREATE TRIGGER {table}_kept_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER {table}_kept_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
    ]


def _postgresql(table, columns) -> list[str]:
    function = [] if table != TABLES[0] else [
        f"""CREATE FUNCTION coopdesk_lots_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{KEPT}'; END $$"""]
    return function + [
        f"""CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_audit()""",
        f"""CREATE TRIGGER {table}_kept BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_lots_kept()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_lots_kept()""",
    ]
