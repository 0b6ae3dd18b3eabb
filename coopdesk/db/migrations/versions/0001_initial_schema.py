"""Initial schema: cooperative, campaigns, zones, products, members, deliveries, documents.

Money is stored as integer céntimos (*_cents), weights as integer grams (*_g) and
humidity as hundredths of a percent (humidity_cp).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 05:45:35.758476
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.CheckConstraint('start_date <= end_date', name=op.f('ck_campaigns_dates_in_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('code', name=op.f('uq_campaigns_code'))
    )
    op.create_table('cooperative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('ruc', sa.String(length=11), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cooperative'))
    )
    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('crop', sa.String(length=20), nullable=False),
    sa.Column('form', sa.String(length=30), nullable=False),
    sa.Column('price_unit', sa.String(length=2), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('code', name=op.f('uq_products_code'))
    )
    op.create_table('zones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zones')),
    sa.UniqueConstraint('code', name=op.f('uq_zones_code'))
    )
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('dni', sa.String(length=8), nullable=False),
    sa.Column('first_names', sa.String(length=100), nullable=False),
    sa.Column('last_names', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=False),
    sa.Column('join_date', sa.Date(), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('sort_key', sa.String(length=250).with_variant(sa.String(length=250, collation='C'), 'postgresql'),
              nullable=False),
    sa.Column('search_key', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("certification IN ('organico', 'transicion', 'convencional')", name=op.f('ck_members_certification')),
    sa.CheckConstraint("gender IN ('F', 'M')", name=op.f('ck_members_gender')),
    sa.CheckConstraint("status IN ('activo', 'suspendido', 'retirado')", name=op.f('ck_members_status')),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_members_zone_id_zones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('code', name=op.f('uq_members_code')),
    sa.UniqueConstraint('dni', name=op.f('uq_members_dni'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_sort_key_id'), ['sort_key', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_zone_id'), ['zone_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('series', sa.String(length=4), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sacks', sa.Integer(), nullable=False),
    sa.Column('gross_g', sa.BigInteger(), nullable=False),
    sa.Column('tare_g', sa.BigInteger(), nullable=False),
    sa.Column('net_g', sa.BigInteger(), nullable=False),
    sa.Column('humidity_cp', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=False),
    sa.Column('price_cents', sa.BigInteger(), nullable=False),
    sa.Column('price_unit', sa.String(length=2), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('gross_g > 0', name=op.f('ck_deliveries_gross_positive')),
    sa.CheckConstraint('humidity_cp BETWEEN 0 AND 10000', name=op.f('ck_deliveries_humidity_percent')),
    sa.CheckConstraint('net_g = gross_g - tare_g', name=op.f('ck_deliveries_net_is_gross_minus_tare')),
    sa.CheckConstraint('price_cents >= 0 AND amount_cents >= 0', name=op.f('ck_deliveries_money_not_negative')),
    sa.CheckConstraint('sacks >= 0', name=op.f('ck_deliveries_sacks_not_negative')),
    sa.CheckConstraint('tare_g >= 0 AND tare_g < gross_g', name=op.f('ck_deliveries_tare_below_gross')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_deliveries_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_deliveries_member_id_members')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_deliveries_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('series', 'number', name=op.f('uq_deliveries_series_number'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliveries_campaign_id_date_id'), ['campaign_id', 'date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_date_id'), ['date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_member_id_campaign_id'), ['member_id', 'campaign_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_documents_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_documents_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('kind', 'number', name=op.f('uq_documents_kind_number'))
    )



def downgrade() -> None:

    op.drop_table('documents')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_member_id_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_deliveries_date_id'))
        batch_op.drop_index(batch_op.f('ix_deliveries_campaign_id_date_id'))

    op.drop_table('deliveries')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_zone_id'))
        batch_op.drop_index(batch_op.f('ix_members_sort_key_id'))

    op.drop_table('members')
    op.drop_table('zones')
    op.drop_table('products')
    op.drop_table('cooperative')
    op.drop_table('campaigns')

