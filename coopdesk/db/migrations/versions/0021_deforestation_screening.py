"""Deforestation evidence per plot, and lots bound for the EU (issue 17, item 5).

``plot_screenings``: a plot's result in an external deforestation screening
(sin_riesgo, riesgo, revisar), its source and date, the file it came from.
``risk_overrides``: a recorded decision to let a flagged plot's deliveries into
an EU lot, with its reason (who and when: the audit trail and the row).
``lots.eu_market``: the lot is for the EU market (Reg. 2023/1115): a flagged
plot's tickets do not enter it without an override. Both new tables are records,
audited and never changed or deleted (as 0017's); the lots' audit triggers are
rebuilt with the new column (SQLite names each column).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 15:30:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit, drop_sqlite_audit, rebuild_sqlite_audit


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

TABLES = ("plot_screenings", "risk_overrides")
KEPT = "coopdesk: los resultados de deforestación y las excepciones registradas no se modifican ni se borran"


def _kept(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"""CREATE TRIGGER {table}_kept_{action} BEFORE {action.upper()} ON {table}
                           BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""")
        return
    if table == TABLES[0]:
        op.execute(f"""CREATE FUNCTION coopdesk_screenings_kept() RETURNS trigger LANGUAGE plpgsql AS $$
                       BEGIN RAISE EXCEPTION '{KEPT}'; END $$""")
    op.execute(f"""CREATE TRIGGER {table}_kept BEFORE UPDATE OR DELETE ON {table}
                   FOR EACH ROW EXECUTE FUNCTION coopdesk_screenings_kept()""")
    op.execute(f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                   FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_screenings_kept()""")


def upgrade() -> None:
    op.create_table('plot_screenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plot_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('screened_on', sa.Date(), nullable=False),
    sa.Column('file', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("result IN ('sin_riesgo', 'riesgo', 'revisar')", name=op.f('ck_plot_screenings_result')),
    sa.ForeignKeyConstraint(['plot_id'], ['plots.id'], name=op.f('fk_plot_screenings_plot_id_plots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plot_screenings'))
    )
    op.create_table('risk_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plot_id', sa.Integer(), nullable=False),
    sa.Column('screening_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['plot_id'], ['plots.id'], name=op.f('fk_risk_overrides_plot_id_plots')),
    sa.ForeignKeyConstraint(['screening_id'], ['plot_screenings.id'],
                            name=op.f('fk_risk_overrides_screening_id_plot_screenings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_overrides'))
    )
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_plot_id'), ['plot_id'], unique=False)
        audit(table)
        _kept(table)
    # a plain ALTER TABLE … ADD COLUMN: lots is not rebuilt, its guards (0017) stay as they are
    op.add_column('lots', sa.Column('eu_market', sa.Boolean(), server_default=sa.false(), nullable=False))
    rebuild_sqlite_audit("lots")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    drop_sqlite_audit("lots")
    op.drop_column('lots', 'eu_market')
    rebuild_sqlite_audit("lots")
    for table in reversed(TABLES):
        if sqlite:
            for name in ("audit_insert", "audit_update", "audit_delete", "kept_update", "kept_delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
        else:
            for name in ("audit", "kept", "no_truncate"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS coopdesk_screenings_kept()")
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_plot_id'))
        op.drop_table(table)
