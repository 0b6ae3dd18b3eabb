"""The cooperative's books: the chart of accounts, monthly periods, journal
entries and their lines.

Entries and lines are never changed or deleted (a mistake is reversed by an
opposite entry); a closed period takes no entry and no line, and is never opened
again (triggers, on SQLite and PostgreSQL, so no path around the core can).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 02:24:26.082719
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('member_ledger', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('activo', 'pasivo', 'patrimonio', 'ingreso', 'gasto')", name=op.f('ck_ledger_accounts_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_accounts')),
    sa.UniqueConstraint('code', name=op.f('uq_ledger_accounts_code'))
    )
    op.create_table('ledger_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=100), nullable=False),
    sa.CheckConstraint("status IN ('abierto', 'cerrado')", name=op.f('ck_ledger_periods_status')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_ledger_periods_month')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_periods')),
    sa.UniqueConstraint('year', 'month', name=op.f('uq_ledger_periods_year_month'))
    )
    op.create_table('journal_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['ledger_periods.id'], name=op.f('fk_journal_entries_period_id_ledger_periods')),
    sa.ForeignKeyConstraint(['reverses_id'], ['journal_entries.id'], name=op.f('fk_journal_entries_reverses_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entries')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_journal_entries_year_number'))
    )
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_entries_date_id'), ['date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_entries_source_kind_source_id'), ['source_kind', 'source_id'], unique=False)

    op.create_table('journal_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('debit_cents', sa.BigInteger(), nullable=False),
    sa.Column('credit_cents', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('foreign_cents', sa.BigInteger(), nullable=True),
    sa.Column('rate_ten_thousandths', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.CheckConstraint("currency IN ('PEN', 'USD')", name=op.f('ck_journal_lines_currency')),
    sa.CheckConstraint('(debit_cents = 0) <> (credit_cents = 0)', name=op.f('ck_journal_lines_one_side')),
    sa.CheckConstraint('debit_cents >= 0 AND credit_cents >= 0', name=op.f('ck_journal_lines_not_negative')),
    sa.ForeignKeyConstraint(['account_id'], ['ledger_accounts.id'], name=op.f('fk_journal_lines_account_id_ledger_accounts')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_journal_lines_entry_id_journal_entries')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_journal_lines_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_lines'))
    )
    with op.batch_alter_table('journal_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_journal_lines_account_id_entry_id_debit_cents_credit_cents'), ['account_id', 'entry_id', 'debit_cents', 'credit_cents'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_lines_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_journal_lines_member_id_account_id'), ['member_id', 'account_id'], unique=False)
    for statement in SEALS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNSEALS[op.get_bind().dialect.name]:
        op.execute(statement)
    with op.batch_alter_table('journal_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_lines_member_id_account_id'))
        batch_op.drop_index(batch_op.f('ix_journal_lines_entry_id'))
        batch_op.drop_index(batch_op.f('ix_journal_lines_account_id_entry_id_debit_cents_credit_cents'))

    op.drop_table('journal_lines')
    with op.batch_alter_table('journal_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_journal_entries_source_kind_source_id'))
        batch_op.drop_index(batch_op.f('ix_journal_entries_date_id'))

    op.drop_table('journal_entries')
    op.drop_table('ledger_periods')
    op.drop_table('ledger_accounts')


SEALED = "coopdesk: un asiento contabilizado no se modifica; se revierte"
CLOSED = "coopdesk: el periodo está cerrado"
REOPEN = "coopdesk: un periodo cerrado no se abre de nuevo ni se borra"
SEALS = {
    "sqlite": [f"""CREATE TRIGGER {table}_sealed_{op_name.lower()} BEFORE {op_name} ON {table}
                   BEGIN SELECT RAISE(ABORT, '{SEALED}'); END"""
               for table in ("journal_entries", "journal_lines") for op_name in ("UPDATE", "DELETE")] + [
        # closed: the entry's period, or any period of its month or after (whatever period_id says)
        f"""CREATE TRIGGER journal_entries_closed_period BEFORE INSERT ON journal_entries
            WHEN (SELECT status FROM ledger_periods WHERE id = NEW.period_id) = 'cerrado'
              OR EXISTS (SELECT 1 FROM ledger_periods WHERE status = 'cerrado'
                         AND year * 100 + month >= CAST(strftime('%Y%m', NEW.date) AS INTEGER))
            BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END""",
        f"""CREATE TRIGGER journal_lines_closed_period BEFORE INSERT ON journal_lines
            WHEN EXISTS (SELECT 1 FROM journal_entries e JOIN ledger_periods p
                         ON p.id = e.period_id
                         OR (p.year * 100 + p.month >= CAST(strftime('%Y%m', e.date) AS INTEGER))
                         WHERE e.id = NEW.entry_id AND p.status = 'cerrado')
            BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END""",
        f"""CREATE TRIGGER ledger_periods_closed_update BEFORE UPDATE ON ledger_periods
            WHEN OLD.status = 'cerrado'
            BEGIN SELECT RAISE(ABORT, '{REOPEN}'); END""",
        f"""CREATE TRIGGER ledger_periods_closed_delete BEFORE DELETE ON ledger_periods
            WHEN OLD.status = 'cerrado'
            BEGIN SELECT RAISE(ABORT, '{REOPEN}'); END""",
    ],
    "postgresql": [
        f"""CREATE FUNCTION coopdesk_seal_journal() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{SEALED}'; END $$""",
        f"""CREATE FUNCTION coopdesk_entry_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (SELECT status FROM ledger_periods WHERE id = NEW.period_id) = 'cerrado'
                 OR EXISTS (SELECT 1 FROM ledger_periods WHERE status = 'cerrado'
                            AND year * 100 + month >= EXTRACT(YEAR FROM NEW.date) * 100
                                                      + EXTRACT(MONTH FROM NEW.date)) THEN
                RAISE EXCEPTION '{CLOSED}';
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION coopdesk_line_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM journal_entries e JOIN ledger_periods p
                         ON p.id = e.period_id
                         OR p.year * 100 + p.month >= EXTRACT(YEAR FROM e.date) * 100 + EXTRACT(MONTH FROM e.date)
                         WHERE e.id = NEW.entry_id AND p.status = 'cerrado') THEN
                RAISE EXCEPTION '{CLOSED}';
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION coopdesk_period_stays_closed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF OLD.status = 'cerrado' THEN
                RAISE EXCEPTION '{REOPEN}';
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$""",
    ] + [f"""CREATE TRIGGER {table}_sealed BEFORE UPDATE OR DELETE ON {table}
             FOR EACH ROW EXECUTE FUNCTION coopdesk_seal_journal()""" for table in ("journal_entries", "journal_lines")]
      + ["""CREATE TRIGGER journal_entries_closed_period BEFORE INSERT ON journal_entries
            FOR EACH ROW EXECUTE FUNCTION coopdesk_entry_period_open()""",
         """CREATE TRIGGER journal_lines_closed_period BEFORE INSERT ON journal_lines
            FOR EACH ROW EXECUTE FUNCTION coopdesk_line_period_open()""",
         """CREATE TRIGGER ledger_periods_stay_closed BEFORE UPDATE OR DELETE ON ledger_periods
            FOR EACH ROW EXECUTE FUNCTION coopdesk_period_stays_closed()""",
         # TRUNCATE skips row triggers: refuse it on the books
         """CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
            FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_seal_journal()""",
         """CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
            FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_seal_journal()"""],
}
UNSEALS = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {table}_sealed_{op_name}" for table in ("journal_entries", "journal_lines")
               for op_name in ("update", "delete")]
    + [f"DROP TRIGGER IF EXISTS {name}" for name in ("journal_entries_closed_period", "journal_lines_closed_period",
                                                     "ledger_periods_closed_update", "ledger_periods_closed_delete")],
    "postgresql": [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in (
        ("journal_entries_sealed", "journal_entries"), ("journal_lines_sealed", "journal_lines"),
        ("journal_entries_closed_period", "journal_entries"), ("journal_lines_closed_period", "journal_lines"),
        ("ledger_periods_stay_closed", "ledger_periods"), ("journal_entries_no_truncate", "journal_entries"),
        ("journal_lines_no_truncate", "journal_lines"))]
    + [f"DROP FUNCTION IF EXISTS {f}()" for f in ("coopdesk_seal_journal", "coopdesk_entry_period_open",
                                                 "coopdesk_line_period_open", "coopdesk_period_stays_closed")],
}
