"""Plots with geolocation, for the EU Deforestation Regulation (docs/traceability.md).

``plots`` gains the plot's geometry (a GeoJSON Point or Polygon in WGS 84, its
coordinates as the field-mapping file wrote them), its geodesic area in square
metres, the reference of its land-tenure document, the day it was mapped and
the file it was imported from. Plots recorded before have none: they are the
ones field staff still have to map.

Revision ID: 0014
Revises: 0009
Create Date: 2026-12-07 07:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geometry', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('area_m2', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('tenure_document', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('mapped_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('geometry_source', sa.String(length=200), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.drop_column('geometry_source')
        batch_op.drop_column('mapped_on')
        batch_op.drop_column('tenure_document')
        batch_op.drop_column('area_m2')
        batch_op.drop_column('geometry')
