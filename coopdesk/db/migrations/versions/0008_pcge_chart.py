"""The default chart on the PCGE's codes: older books renumbered, history kept.

coopdesk's first chart used codes the Plan Contable General Empresarial gives to
other things (581 Reinversión, 4691 Subsidios gubernamentales, 1681 Entregas a
rendir cuenta…). Each of those accounts moves to its PCGE code
(``coopdesk.domain.chart.RENUMBERING``): the row keeps its id, and journal lines
name their account by id, so every entry, line and balance stays as it was,
under the new code. Its name becomes the PCGE's, unless the contador had
renamed it.

A contador's own account that already holds one of the new codes moves first to
the first free subdivision of that code (582 → 5821), so it stays under the PCGE
account it was given and its history is untouched.

Expenses name their account as text (0006): an expense recorded on 2521 now
says 2524. A sealed run's criteria are never edited (their fingerprint covers
them): the core reads an older code in them as its new one (``current_code``).

Each change is written to ``chart_changes`` (shown once to the contador, and by
``coopdesk ledger chart-changes``). The triggers that keep an account's code
(0006) and an expense's figures are set aside for this statement only; the audit
trail (0007) records every change, with who and when when coopdesk runs the
upgrade (``Book`` opens the audit context before migrating).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 09:00:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.domain.chart import MOVED, RENUMBERED, RENUMBERING, free_subdivision


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# the triggers that refuse what this migration does once: an account with lines
# changing its code (0006), an expense's account changing (0006)
GUARDS = {"ledger_accounts": ("ledger_accounts_kept_update", "ledger_accounts_kept"),
          "expenses": ("expenses_sealed_update", "expenses_sealed")}


def upgrade() -> None:
    op.create_table('chart_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('old_code', sa.String(length=20), nullable=False),
    sa.Column('new_code', sa.String(length=20), nullable=False),
    sa.Column('old_name', sa.String(length=200), nullable=False),
    sa.Column('new_name', sa.String(length=200), nullable=False),
    sa.Column('revision', sa.String(length=12), nullable=False),
    sa.Column('shown_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chart_changes'))
    )
    bind = op.get_bind()
    accounts = {code: (id_, name) for id_, code, name in bind.execute(sa.text(
        "SELECT id, code, name FROM ledger_accounts")).all()}
    moves = [r for r in RENUMBERING if r.old in accounts]
    if not moves:  # a new book: the default chart is added on the new codes
        return
    with _guards_set_aside(bind):
        taken = set(accounts)
        for r in moves:
            held = accounts.get(r.new)
            if held is not None:  # the contador's own account holds the code: to a subdivision of it
                moved = free_subdivision(r.new, taken)
                _record(bind, MOVED, r.new, moved, held[1], held[1])
                bind.execute(sa.text("UPDATE ledger_accounts SET code = :new WHERE id = :id"),
                             {"new": moved, "id": held[0]})
                taken.add(moved)
        for r in moves:
            account_id, name = accounts[r.old]
            new_name = r.new_name if name == r.old_name else name
            _record(bind, RENUMBERED, r.old, r.new, name, new_name)
            bind.execute(sa.text("UPDATE ledger_accounts SET code = :new, name = :name WHERE id = :id"),
                         {"new": r.new, "name": new_name, "id": account_id})
            bind.execute(sa.text("UPDATE expenses SET account = :new WHERE account = :old"),
                         {"new": r.new, "old": r.old})
            bind.execute(sa.text("UPDATE expenses SET paid_from = :new WHERE paid_from = :old"),
                         {"new": r.new, "old": r.old})


def downgrade() -> None:
    """Back to coopdesk's first codes, which 0007's code posts to: every account on
    a new code (a book made on the PCGE's chart too), then the contador's accounts
    moved out of the way, back where they were."""
    bind = op.get_bind()
    moved = bind.execute(sa.text("SELECT old_code, new_code FROM chart_changes WHERE kind = :kind ORDER BY id DESC"),
                         {"kind": MOVED}).all()
    with _guards_set_aside(bind):
        for r in RENUMBERING:
            bind.execute(sa.text("UPDATE ledger_accounts SET code = :old, name = CASE WHEN name = :new_name "
                                 "THEN :old_name ELSE name END WHERE code = :new"),
                         {"old": r.old, "new": r.new, "old_name": r.old_name, "new_name": r.new_name})
            for column in ("account", "paid_from"):
                bind.execute(sa.text(f"UPDATE expenses SET {column} = :old WHERE {column} = :new"),
                             {"old": r.old, "new": r.new})
        for old, new in moved:
            bind.execute(sa.text("UPDATE ledger_accounts SET code = :old WHERE code = :new"), {"old": old, "new": new})
    op.drop_table('chart_changes')


def _record(bind, kind: str, old: str, new: str, old_name: str, new_name: str) -> None:
    bind.execute(sa.text("INSERT INTO chart_changes (kind, old_code, new_code, old_name, new_name, revision) "
                         "VALUES (:kind, :old, :new, :old_name, :new_name, :revision)"),
                 {"kind": kind, "old": old, "new": new, "old_name": old_name, "new_name": new_name,
                  "revision": revision})


class _guards_set_aside:
    """The guarding triggers dropped (SQLite: recreated from their own stored SQL)
    or disabled (PostgreSQL) for the length of the block, inside the upgrade's
    transaction: nothing else can write meanwhile."""

    def __init__(self, bind):
        self.bind = bind
        self.sqlite = bind.dialect.name == "sqlite"
        self.saved: list[str] = []

    def __enter__(self):
        for table, (sqlite_name, pg_name) in GUARDS.items():
            if self.sqlite:
                sql = self.bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                                        {"n": sqlite_name}).scalar()
                if sql:
                    self.saved.append(sql)
                    self.bind.execute(sa.text(f"DROP TRIGGER {sqlite_name}"))
            else:
                self.bind.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER {pg_name}"))
        return self

    def __exit__(self, *exc):
        for table, (_sqlite_name, pg_name) in GUARDS.items():
            if not self.sqlite:
                self.bind.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER {pg_name}"))
        for sql in self.saved:
            self.bind.exec_driver_sql(sql)
        return False
