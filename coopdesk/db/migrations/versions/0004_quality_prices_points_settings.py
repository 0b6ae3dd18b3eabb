"""Quality at the scale and prices: collection points (ticket series), products'
quality standards (grade tables, humidity discount, conversion), dated advance
prices, settings with their history; a delivery's measures, payable and
equivalent kilos, price row, certification note and collection point.

Quality standards, price entries and settings are never changed or deleted
(triggers): a change is a new row, so who changed what and when is kept.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 01:18:42.326966
"""

from datetime import date, datetime
from decimal import Decimal

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('collection_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('series', sa.String(length=4), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collection_points')),
    sa.UniqueConstraint('code', name=op.f('uq_collection_points_code')),
    sa.UniqueConstraint('series', name=op.f('uq_collection_points_series'))
    )
    op.create_table('settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settings'))
    )
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_settings_key_id'), ['key', 'id'], unique=False)

    op.create_table('price_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('price_cents', sa.BigInteger(), nullable=False),
    sa.Column('price_unit', sa.String(length=2), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("certification IN ('', 'organico', 'transicion', 'convencional')", name=op.f('ck_price_entries_certification')),
    sa.CheckConstraint("price_unit IN ('kg', 'qq')", name=op.f('ck_price_entries_price_unit')),
    sa.CheckConstraint('price_cents >= 0', name=op.f('ck_price_entries_price_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_price_entries_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_entries'))
    )
    with op.batch_alter_table('price_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_entries_product_id_valid_from'), ['product_id', 'valid_from'], unique=False)

    op.create_table('quality_standards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_quality_standards_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_standards'))
    )
    with op.batch_alter_table('quality_standards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_standards_product_id_valid_from'), ['product_id', 'valid_from'], unique=False)

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('yield_cp', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('fermentation_cp', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('defects', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cup_cp', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('payable_g', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('equivalent_g', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('price_entry_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('certification_note', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('collection_point_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_price_entry_id_price_entries'), 'price_entries', ['price_entry_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_collection_point_id_collection_points'), 'collection_points', ['collection_point_id'], ['id'])
    # tickets recorded before quality standards: paid and counted on their net kilos
    op.execute("UPDATE deliveries SET payable_g = net_g, equivalent_g = net_g")
    # a book made before 0004 gets the new raw forms and their default conversions
    # (a new book gets them from coopdesk.core.reference when it is created)
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT COUNT(*) FROM cooperative")).scalar():
        for code, name, crop, form, factor in NEW_FORMS:
            if not bind.execute(sa.text("SELECT id FROM products WHERE code = :code"), {"code": code}).first():
                bind.execute(sa.text("INSERT INTO products (code, name, crop, form, price_unit) "
                                     "VALUES (:code, :name, :crop, :form, 'kg')"),
                             {"code": code, "name": name, "crop": crop, "form": form})
        for code, factor in CONVERSIONS:
            product_id = bind.execute(sa.text("SELECT id FROM products WHERE code = :code"), {"code": code}).scalar()
            if product_id is not None:
                bind.execute(sa.text(
                    "INSERT INTO quality_standards (product_id, valid_from, text, recorded_by, recorded_at) "
                    "VALUES (:product_id, :valid_from, :text, 'coopdesk', :now)"),
                    {"product_id": product_id, "valid_from": date(2000, 1, 1), "now": datetime.now().replace(microsecond=0),
                     "text": STANDARD % factor})
                # the tickets already recorded of that form count in kilos of the reference form
                # too, rounded half up to the gram in integers (as QualityStandard.equivalent_kg)
                num, den = Decimal(factor).as_integer_ratio()
                bind.execute(sa.text(f"UPDATE deliveries SET equivalent_g = (net_g * {2 * num} + {den}) / {2 * den} "
                                     "WHERE product_id = :product_id"), {"product_id": product_id})
    for statement in SEALS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNSEALS[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deliveries_collection_point_id_collection_points'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_deliveries_price_entry_id_price_entries'), type_='foreignkey')
        batch_op.drop_column('collection_point_id')
        batch_op.drop_column('certification_note')
        batch_op.drop_column('price_entry_id')
        batch_op.drop_column('equivalent_g')
        batch_op.drop_column('payable_g')
        batch_op.drop_column('cup_cp')
        batch_op.drop_column('defects')
        batch_op.drop_column('fermentation_cp')
        batch_op.drop_column('yield_cp')

    with op.batch_alter_table('quality_standards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_standards_product_id_valid_from'))

    op.drop_table('quality_standards')
    with op.batch_alter_table('price_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_price_entries_product_id_valid_from'))

    op.drop_table('price_entries')
    with op.batch_alter_table('settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_settings_key_id'))

    op.drop_table('settings')
    op.drop_table('collection_points')


MESSAGE = "coopdesk: un precio, un estándar de calidad o un ajuste no se modifica; se registra uno nuevo"
TABLES = ("quality_standards", "price_entries", "settings")
SEALS = {
    "sqlite": [f"""CREATE TRIGGER {table}_sealed_{op_name.lower()} BEFORE {op_name} ON {table}
                   BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
               for table in TABLES for op_name in ("UPDATE", "DELETE")],
    "postgresql": [f"""CREATE FUNCTION coopdesk_seal_history() RETURNS trigger LANGUAGE plpgsql AS $$
                       BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"""] + [
        f"""CREATE TRIGGER {table}_sealed BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_seal_history()""" for table in TABLES],
}
UNSEALS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {table}_sealed_{op_name}" for table in TABLES for op_name in ("update", "delete")],
    "postgresql": [f"DROP TRIGGER IF EXISTS {table}_sealed ON {table}" for table in TABLES]
    + ["DROP FUNCTION IF EXISTS coopdesk_seal_history()"],
}


NEW_FORMS = (("CAFE-CEREZA", "Café cereza", "cafe", "cereza", None),
             ("COPOAZU-FRUTO", "Copoazú fruto", "copoazu", "fruto", None))
CONVERSIONS = (("CACAO-BABA", "0.38"), ("CAFE-CEREZA", "0.20"), ("COPOAZU-FRUTO", "0.38"))
STANDARD = ('{"conversion": "%s", "grades": [], "method": "ninguno", "rate_per_point": "1", '
            '"standard_humidity": null}')
