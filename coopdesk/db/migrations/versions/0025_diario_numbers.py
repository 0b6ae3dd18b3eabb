"""The correlativo of the Libro Diario, given when a month closes (issue 16, item 1).

``diario_numbers``: one row per entry of a closed month, its correlativo in the
Libro Diario within its year (the CUO of SUNAT's electronic books), in order of
date, then the apertura first and the cierre last in a day, then the posting
number (``coopdesk.domain.diario``). The entry is never touched (its posting
number stays; the audit trail keeps hashing the same row): the number is a row
of its own, audited, never changed or deleted, and refused for an entry whose
month is still open (triggers).

Books already kept: every entry of the months already closed is numbered now,
by the same rule, year by year (the audit trail records it as the upgrade's).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 19:40:00
"""

from alembic import op
import sqlalchemy as sa

from coopdesk.db.audit_triggers import audit
from coopdesk.domain.diario import numbered


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

TABLE = "diario_numbers"
KEPT = "coopdesk: el correlativo del Libro Diario se asigna una vez, al cerrar el mes, y no se modifica ni se borra"
OPEN = "coopdesk: el correlativo del Libro Diario se asigna al cerrar el mes del asiento"


def _closed_entry(new: str) -> str:
    return (f"EXISTS (SELECT 1 FROM journal_entries e JOIN ledger_periods p ON p.id = e.period_id "
            f"WHERE e.id = {new}.entry_id AND e.year = {new}.year AND p.status = 'cerrado')")


def _guards() -> None:
    audit(TABLE)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"""CREATE TRIGGER {TABLE}_kept_{action} BEFORE {action.upper()} ON {TABLE}
                           BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""")
        op.execute(f"""CREATE TRIGGER {TABLE}_closed_only BEFORE INSERT ON {TABLE}
                       WHEN NOT {_closed_entry('NEW')} BEGIN SELECT RAISE(ABORT, '{OPEN}'); END""")
        return
    op.execute(f"""CREATE FUNCTION coopdesk_diario_kept() RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN RAISE EXCEPTION '{KEPT}'; END $$""")
    op.execute(f"""CREATE TRIGGER {TABLE}_kept BEFORE UPDATE OR DELETE ON {TABLE}
                   FOR EACH ROW EXECUTE FUNCTION coopdesk_diario_kept()""")
    op.execute(f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
                   FOR EACH STATEMENT EXECUTE FUNCTION coopdesk_diario_kept()""")
    op.execute(f"""CREATE FUNCTION coopdesk_diario_closed_only() RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN
                     IF NOT {_closed_entry('NEW')} THEN RAISE EXCEPTION '{OPEN}'; END IF;
                     RETURN NEW;
                   END $$""")
    op.execute(f"""CREATE TRIGGER {TABLE}_closed_only BEFORE INSERT ON {TABLE}
                   FOR EACH ROW EXECUTE FUNCTION coopdesk_diario_closed_only()""")


def _number_closed_months() -> None:
    """Every entry of the months already closed, by the rule, year by year."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT e.id, e.year, e.date, e.source_kind, e.number FROM journal_entries e "
        "JOIN ledger_periods p ON p.id = e.period_id WHERE p.status = 'cerrado'")).all()
    by_year: dict[int, list] = {}
    for entry_id, year, day, kind, number in rows:
        by_year.setdefault(year, []).append((entry_id, str(day), kind, number))  # ISO text orders as dates
    values = [{"entry_id": entry_id, "year": year, "number": n}
              for year, entries in sorted(by_year.items()) for entry_id, n in numbered(entries, 0)]
    if values:
        bind.execute(sa.text(f"INSERT INTO {TABLE} (entry_id, year, number) VALUES (:entry_id, :year, :number)"),
                     values)


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entries.id'], name=op.f('fk_diario_numbers_entry_id_journal_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diario_numbers')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_diario_numbers_entry_id')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_diario_numbers_year_number'))
    )
    _guards()
    _number_closed_months()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("audit_insert", "audit_update", "audit_delete", "kept_update", "kept_delete", "closed_only"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
    else:
        for name in ("audit", "kept", "no_truncate", "closed_only"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name} ON {TABLE}")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_diario_kept()")
        op.execute("DROP FUNCTION IF EXISTS coopdesk_diario_closed_only()")
    op.drop_table(TABLE)
