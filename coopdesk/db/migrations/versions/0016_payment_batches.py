"""Batch payment of a published distribution (docs/distribution.md, «Pago en lote»).

``members`` gains ``bank_account``: the account (preferably the 20-digit CCI)
a member is paid into by bank transfer; '' for those paid in cash. Its audit
triggers are rebuilt so the trail records the new column.

``payment_batches``: each batch of payments recorded at once (its number, the
run, the day, how many members and how much in cash and by bank, who confirmed
it and when); undone once (``undone_at``, ``undone_by``, ``undo_reason``), never
deleted. ``payment_batch_proofs``: the proof kept with the book (a scanned signed
planilla, a photo): its name, bytes and SHA-256; never changed.

``distribution_payments`` gains ``batch_id`` and the void of a payment undone
with its batch (``voided_at``, ``voided_by``, ``void_reason``; its entry is
reversed). The unique (run, member) becomes unique among the payments not
voided, so a member whose payment was undone can be paid again. On SQLite the
table is rebuilt, and its audit triggers with it.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-07 12:00:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit, drop_sqlite_audit, rebuild_sqlite_audit


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

KEPT = "coopdesk: un lote de pagos no se borra; se deshace una sola vez"
PROOF_KEPT = "coopdesk: el comprobante de un lote no se modifica ni se borra"
LIVE = "voided_at IS NULL"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bank_account', sa.String(length=30), server_default='', nullable=False))
    rebuild_sqlite_audit("members")

    op.create_table('payment_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('cash_cents', sa.BigInteger(), nullable=False),
    sa.Column('bank_cents', sa.BigInteger(), nullable=False),
    sa.Column('confirmed_by', sa.String(length=100), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('undone_by', sa.String(length=100), server_default='', nullable=False),
    sa.Column('undo_reason', sa.String(length=200), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['distribution_runs.id'],
                            name=op.f('fk_payment_batches_run_id_distribution_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_batches')),
    sa.UniqueConstraint('number', name=op.f('uq_payment_batches_number'))
    )
    op.create_table('payment_batch_proofs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['payment_batches.id'],
                            name=op.f('fk_payment_batch_proofs_batch_id_payment_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_batch_proofs'))
    )
    with op.batch_alter_table('payment_batch_proofs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_batch_proofs_batch_id'), ['batch_id'], unique=False)

    drop_sqlite_audit("distribution_payments")  # the table is rebuilt: its triggers go with it, and come back after
    with op.batch_alter_table('distribution_payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('voided_by', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('void_reason', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_distribution_payments_batch_id_payment_batches'),
                                    'payment_batches', ['batch_id'], ['id'])
        batch_op.drop_constraint('uq_distribution_payments_run_id_member_id', type_='unique')
        batch_op.create_index(batch_op.f('ix_distribution_payments_batch_id'), ['batch_id'], unique=False)
    op.create_index(op.f('uq_distribution_payments_live'), 'distribution_payments', ['run_id', 'member_id'],
                    unique=True, sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))

    for table in ("payment_batches", "payment_batch_proofs"):
        audit(table)
    for statement in (_sqlite_kept() if sqlite else _postgresql_kept()):
        op.execute(statement)
    rebuild_sqlite_audit("distribution_payments")


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for table in ("payment_batches", "payment_batch_proofs", "distribution_payments"):
            for name in ("audit_insert", "audit_update", "audit_delete", "kept_update", "kept_delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
    else:
        for table in ("payment_batches", "payment_batch_proofs"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_audit ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_kept ON {table}")
        op.execute("DROP TRIGGER IF EXISTS distribution_payments_kept ON distribution_payments")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_distribution_payments_kept()")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_payment_batches_kept()")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_payment_batch_proofs_kept()")
    op.drop_index(op.f('uq_distribution_payments_live'), table_name='distribution_payments')
    with op.batch_alter_table('distribution_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distribution_payments_batch_id'))
        batch_op.create_unique_constraint('uq_distribution_payments_run_id_member_id', ['run_id', 'member_id'])
        batch_op.drop_constraint(batch_op.f('fk_distribution_payments_batch_id_payment_batches'),
                                 type_='foreignkey')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_by')
        batch_op.drop_column('voided_at')
        batch_op.drop_column('batch_id')
    with op.batch_alter_table('payment_batch_proofs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_batch_proofs_batch_id'))
    op.drop_table('payment_batch_proofs')
    op.drop_table('payment_batches')
    if sqlite:
        # in place (SQLite 3.35+): a batch rebuild would drop the members table, which the other tables'
        # foreign keys refuse; the audit triggers name the column, so they go first and come back after
        drop_sqlite_audit("members")
        op.execute("ALTER TABLE members DROP COLUMN bank_account")
        rebuild_sqlite_audit("members")
        rebuild_sqlite_audit("distribution_payments")
    else:
        with op.batch_alter_table('members', schema=None) as batch_op:
            batch_op.drop_column('bank_account')


# A batch: only its undo is written, once; never deleted. A proof: never changed.
# A payment: its figures never change; its void is written once.
PAYMENT_FIGURES = ("run_id", "member_id", "paid_on", "method", "reference", "amount_cents", "recorded_by",
                   "recorded_at", "batch_id")
BATCH_FIGURES = ("number", "run_id", "paid_on", "members", "cash_cents", "bank_cents", "confirmed_by",
                 "confirmed_at")
PAYMENT_KEPT = "coopdesk: un pago registrado no se modifica; se anula una sola vez"


def _changed(columns, differ: str) -> str:
    return " OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in columns)


def _sqlite_kept() -> list[str]:
    return [
        f"""CREATE TRIGGER payment_batches_kept_update BEFORE UPDATE ON payment_batches
            WHEN {_changed(BATCH_FIGURES, "IS NOT")} OR OLD.undone_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER payment_batches_kept_delete BEFORE DELETE ON payment_batches
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER payment_batch_proofs_kept_update BEFORE UPDATE ON payment_batch_proofs
            BEGIN SELECT RAISE(ABORT, '{PROOF_KEPT}'); END""",
        f"""CREATE TRIGGER payment_batch_proofs_kept_delete BEFORE DELETE ON payment_batch_proofs
            BEGIN SELECT RAISE(ABORT, '{PROOF_KEPT}'); END""",
        f"""CREATE TRIGGER distribution_payments_kept_update BEFORE UPDATE ON distribution_payments
            WHEN {_changed(PAYMENT_FIGURES, "IS NOT")} OR OLD.voided_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, '{PAYMENT_KEPT}'); END""",
        f"""CREATE TRIGGER distribution_payments_kept_delete BEFORE DELETE ON distribution_payments
            BEGIN SELECT RAISE(ABORT, '{PAYMENT_KEPT}'); END""",
    ]


def _postgresql_kept() -> list[str]:
    return [
        f"""CREATE FUNCTION coopdesk_payment_batches_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' OR OLD.undone_at IS NOT NULL OR {_changed(BATCH_FIGURES, "IS DISTINCT FROM")}
              THEN RAISE EXCEPTION '{KEPT}'; END IF;
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER payment_batches_kept BEFORE UPDATE OR DELETE ON payment_batches
            FOR EACH ROW EXECUTE FUNCTION coopdesk_payment_batches_kept()""",
        f"""CREATE FUNCTION coopdesk_payment_batch_proofs_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{PROOF_KEPT}'; END $$""",
        """CREATE TRIGGER payment_batch_proofs_kept BEFORE UPDATE OR DELETE ON payment_batch_proofs
            FOR EACH ROW EXECUTE FUNCTION coopdesk_payment_batch_proofs_kept()""",
        f"""CREATE FUNCTION coopdesk_distribution_payments_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' OR OLD.voided_at IS NOT NULL OR {_changed(PAYMENT_FIGURES, "IS DISTINCT FROM")}
              THEN RAISE EXCEPTION '{PAYMENT_KEPT}'; END IF;
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER distribution_payments_kept BEFORE UPDATE OR DELETE ON distribution_payments
            FOR EACH ROW EXECUTE FUNCTION coopdesk_distribution_payments_kept()""",
    ]
