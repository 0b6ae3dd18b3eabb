"""Caja and the banks below zero only with a recorded confirmation.

``cash_confirmations``: each document that left Caja (101) or a bank (104…)
below zero, confirmed by a person with a reason (docs/ledger.md, «Caja y bancos
no quedan en negativo»): its entry, the account, the day, the balance that day
without the document, what it took out and the balance it left, the reason, who
and when. Audited like the tables of 0007; never changed or deleted.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 07:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TABLE = "cash_confirmations"
KEPT = "coopdesk: una confirmación de saldo negativo no se modifica ni se borra"
CONTEXT = "(SELECT at FROM audit_context LIMIT 1), (SELECT who FROM audit_context LIMIT 1)"


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('balance_cents', sa.BigInteger(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('result_cents', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'],
                            name=op.f('fk_cash_confirmations_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_confirmations'))
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_confirmations_entry_id'), ['entry_id'], unique=False)
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
        op.execute("DROP FUNCTION IF EXISTS coopdesk_cash_confirmations_kept()")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_confirmations_entry_id'))
    op.drop_table(TABLE)


def _sqlite(columns) -> list[str]:
    """As 0007's triggers; then the guard."""
    def whole(row: str) -> str:
        return "json_object(" + ", ".join(f"'{name}', {row}.{name}" for name in columns) + ")"

    changed = " UNION ALL ".join(
        f"SELECT '{name}' AS k, OLD.{name} AS o, NEW.{name} AS n WHERE OLD.{name} IS NOT NEW.{name}"
        for name in columns)
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
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
        f"""CREATE TRIGGER {TABLE}_kept_delete BEFORE DELETE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
    ]


def _postgresql(columns) -> list[str]:
    return [
        f"""CREATE TRIGGER {TABLE}_audit AFTER INSERT OR UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_audit()""",
        f"""CREATE FUNCTION coopdesk_cash_confirmations_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{KEPT}'; END $$""",
        f"""CREATE TRIGGER {TABLE}_kept BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION coopdesk_cash_confirmations_kept()""",
        f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_cash_confirmations_kept()""",
    ]
