"""Plots with geolocation, and deliveries from plots (docs/traceability.md).

``plots`` gains the plot's geometry (a GeoJSON Point or Polygon in WGS 84, its
coordinates as the field-mapping file wrote them), its geodesic area in square
metres, the reference of its land-tenure document, the day it was mapped and
the file it was imported from. Plots recorded before have none: they are the
ones field staff still have to map.

``deliveries`` gains ``plot_id``, the plot a ticket's produce came from (NULL:
not said; every ticket before this revision). It is one of the ticket's sealed
figures: the audit triggers and the seal of 0007 are rebuilt with it (on
SQLite the table is rebuilt to add its foreign key, and its triggers with it).

``yield_norms`` is the dated table of what a hectare of each crop yields in a
campaign at most, the norm the yield guard compares each plot's deliveries with.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 07:00:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db import audit_triggers


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

REBUILT = ("deliveries_audit_insert", "deliveries_audit_update", "deliveries_audit_delete",
           "deliveries_sealed_update")


def upgrade() -> None:
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geometry', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('area_m2', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('tenure_document', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('mapped_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('geometry_source', sa.String(length=200), server_default='', nullable=False))
    op.create_table('yield_norms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('crop', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('kg_per_ha_g', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=200), server_default='', nullable=False),
    sa.Column('recorded_by', sa.String(length=100), server_default='', nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("crop IN ('cacao', 'cafe', 'copoazu')", name=op.f('ck_yield_norms_crop')),
    sa.CheckConstraint('kg_per_ha_g > 0', name=op.f('ck_yield_norms_norm_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yield_norms'))
    )
    _delivery_plot(add=True)


def downgrade() -> None:
    _delivery_plot(add=False)
    op.drop_table('yield_norms')
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.drop_column('geometry_source')
        batch_op.drop_column('mapped_on')
        batch_op.drop_column('tenure_document')
        batch_op.drop_column('area_m2')
        batch_op.drop_column('geometry')


def _delivery_plot(add: bool) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    kept = []
    if sqlite:  # the table is rebuilt: its triggers go with it, and come back after
        kept = bind.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'deliveries'")).all()
        for name, _sql in kept:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS deliveries_sealed ON deliveries")
        op.execute("DROP TRIGGER IF EXISTS deliveries_no_truncate ON deliveries")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_delivery_sealed()")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        if add:
            batch_op.add_column(sa.Column('plot_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f('fk_deliveries_plot_id_plots'), 'plots', ['plot_id'], ['id'])
        else:
            batch_op.drop_constraint(batch_op.f('fk_deliveries_plot_id_plots'), type_='foreignkey')
            batch_op.drop_column('plot_id')
    trail = audit_triggers.trail()
    columns = audit_triggers.columns(bind, "deliveries")
    figures = [name for name, _blob in columns if name not in trail.DELIVERY_LATER]
    if sqlite:
        for name, sql in kept:
            if name not in REBUILT:
                op.execute(sql)
        for statement in trail._sqlite_audit("deliveries", columns) + trail.SEALS["sqlite"](figures)[:1]:
            op.execute(statement)
    else:
        for statement in trail.SEALS["postgresql"](figures)[:3]:  # the function, the row and TRUNCATE triggers
            op.execute(statement)
