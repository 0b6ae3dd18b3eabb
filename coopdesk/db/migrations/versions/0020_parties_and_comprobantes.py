"""Buyers and suppliers (``parties``), and each sale's and expense's comprobante.

``parties``: a document of SUNAT's tabla 2 (6 RUC, 1 DNI, 0 a foreign tax number)
and a name, for the registers of sales (PLE 14.1) and purchases (8.1).
``sales`` and ``expenses`` gain ``party_id``, ``comprobante`` (tabla 10),
``doc_series``, ``doc_number`` and ``tax_kind`` (gravado, exonerado, inafecto or
exportación), empty for what was recorded before (docs/ple.md, «Registros de
Ventas y de Compras»). A plain ADD COLUMN, as 0018: the tables are not rebuilt
and their guards (0006) stay; the audit triggers are rebuilt with the columns.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 15:50:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit, drop_audit, drop_sqlite_audit, rebuild_sqlite_audit


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

TABLES = ("sales", "expenses")
COLUMNS = (("comprobante", 2), ("doc_series", 20), ("doc_number", 20), ("tax_kind", 12))


def upgrade() -> None:
    op.create_table('parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_type', sa.String(length=1), nullable=False),
    sa.Column('document', sa.String(length=15), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("document_type IN ('0', '1', '6')", name=op.f('ck_parties_document_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties')),
    sa.UniqueConstraint('document_type', 'document', name=op.f('uq_parties_document_type_document'))
    )
    audit("parties")
    for table in TABLES:
        op.add_column(table, sa.Column('party_id', sa.Integer(), nullable=True))
        for name, length in COLUMNS:
            op.add_column(table, sa.Column(name, sa.String(length=length), server_default='', nullable=False))
        rebuild_sqlite_audit(table)


def downgrade() -> None:
    for table in TABLES:
        drop_sqlite_audit(table)
        for name, _length in reversed(COLUMNS):
            op.drop_column(table, name)
        op.drop_column(table, 'party_id')
        rebuild_sqlite_audit(table)
    drop_audit("parties")
    op.drop_table('parties')
