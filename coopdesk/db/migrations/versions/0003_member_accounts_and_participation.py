"""Member accounts (movements, input items, loans and their installments) and
participation (assemblies, faenas, attendance); voided deliveries; members'
plots (the organic guard's estimates).

Account movements and input items are never changed or deleted (triggers, on
SQLite and PostgreSQL): a mistake is reversed by an opposite movement.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:52:25.300004
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('participation_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('points_cp', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('asamblea', 'faena')", name=op.f('ck_participation_events_kind')),
    sa.CheckConstraint('points_cp >= 0', name=op.f('ck_participation_events_points_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_events'))
    )
    with op.batch_alter_table('participation_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participation_events_date'), ['date'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['participation_events.id'], name=op.f('fk_attendance_event_id_participation_events')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_attendance_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('event_id', 'member_id', name=op.f('uq_attendance_event_id_member_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('loans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('principal_cents', sa.BigInteger(), nullable=False),
    sa.Column('annual_rate_cp', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.CheckConstraint('principal_cents > 0 AND months > 0', name=op.f('ck_loans_positive')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_loans_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loans'))
    )
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loans_member_id'), ['member_id'], unique=False)

    op.create_table('account_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('concept', sa.String(length=12), nullable=False),
    sa.Column('direction', sa.String(length=5), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("concept IN ('adelantos', 'prestamos', 'insumos', 'aportaciones', 'retenidos')", name=op.f('ck_account_movements_concept')),
    sa.CheckConstraint("direction IN ('cargo', 'abono')", name=op.f('ck_account_movements_direction')),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_account_movements_amount_positive')),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.id'], name=op.f('fk_account_movements_loan_id_loans')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_account_movements_member_id_members')),
    sa.ForeignKeyConstraint(['reverses_id'], ['account_movements.id'], name=op.f('fk_account_movements_reverses_id_account_movements')),
    sa.ForeignKeyConstraint(['run_id'], ['distribution_runs.id'], name=op.f('fk_account_movements_run_id_distribution_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_movements')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_account_movements_reverses_id'))
    )
    with op.batch_alter_table('account_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_movements_member_id_date_id'), ['member_id', 'date', 'id'], unique=False)

    op.create_table('loan_installments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('principal_cents', sa.BigInteger(), nullable=False),
    sa.Column('interest_cents', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['loan_id'], ['loans.id'], name=op.f('fk_loan_installments_loan_id_loans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_installments')),
    sa.UniqueConstraint('loan_id', 'number', name=op.f('uq_loan_installments_loan_id_number'))
    )
    with op.batch_alter_table('loan_installments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_installments_due'), ['due'], unique=False)

    op.create_table('input_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity_milli', sa.BigInteger(), nullable=False),
    sa.Column('unit_price_cents', sa.BigInteger(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('quantity_milli > 0 AND unit_price_cents > 0', name=op.f('ck_input_items_positive')),
    sa.ForeignKeyConstraint(['movement_id'], ['account_movements.id'], name=op.f('fk_input_items_movement_id_account_movements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_items'))
    )
    with op.batch_alter_table('input_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_items_movement_id'), ['movement_id'], unique=False)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('voided_by', sa.String(length=100), server_default='', nullable=False))
    op.create_table('plots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('crop', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('hectares_hundredths', sa.Integer(), nullable=False),
    sa.Column('yield_g_per_ha', sa.BigInteger(), nullable=False),
    sa.Column('certification', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("crop IN ('cacao', 'cafe', 'copoazu')", name=op.f('ck_plots_crop')),
    sa.CheckConstraint('hectares_hundredths > 0', name=op.f('ck_plots_hectares_positive')),
    sa.CheckConstraint('yield_g_per_ha > 0', name=op.f('ck_plots_yield_positive')),
    sa.CheckConstraint("certification IS NULL OR certification IN ('organico', 'transicion', 'convencional')", name=op.f('ck_plots_certification')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_plots_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plots'))
    )
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plots_member_id_crop'), ['member_id', 'crop'], unique=False)

    op.create_index(op.f('ix_deliveries_member_id_date_id'), 'deliveries', ['member_id', 'date', 'id'], unique=False)
    for statement in SEALS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNSEALS[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_index(op.f('ix_deliveries_member_id_date_id'), table_name='deliveries')
    with op.batch_alter_table('plots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plots_member_id_crop'))

    op.drop_table('plots')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_column('voided_by')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_at')
    with op.batch_alter_table('input_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_items_movement_id'))

    op.drop_table('input_items')
    with op.batch_alter_table('loan_installments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_installments_due'))

    op.drop_table('loan_installments')
    with op.batch_alter_table('account_movements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_movements_member_id_date_id'))

    op.drop_table('account_movements')
    with op.batch_alter_table('loans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loans_member_id'))

    op.drop_table('loans')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_member_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('participation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participation_events_date'))

    op.drop_table('participation_events')


MESSAGE = "coopdesk: un movimiento de cuenta no se modifica; se revierte"
TABLES = ("account_movements", "input_items")
SEALS = {
    "sqlite": [f"""CREATE TRIGGER {table}_sealed_{op_name.lower()} BEFORE {op_name} ON {table}
                   BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
               for table in TABLES for op_name in ("UPDATE", "DELETE")],
    "postgresql": [f"""CREATE FUNCTION coopdesk_seal_movements() RETURNS trigger LANGUAGE plpgsql AS $$
                       BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"""] + [
        f"""CREATE TRIGGER {table}_sealed BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_seal_movements()""" for table in TABLES],
}
UNSEALS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {table}_sealed_{op_name}" for table in TABLES for op_name in ("update", "delete")],
    "postgresql": [f"DROP TRIGGER IF EXISTS {table}_sealed ON {table}" for table in TABLES]
    + ["DROP FUNCTION IF EXISTS coopdesk_seal_movements()"],
}
