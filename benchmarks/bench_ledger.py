#!/usr/bin/env python3
"""Ledger benchmark: trial balance and income statement over 1,000,000 journal lines.

Issue 5 asks for the trial balance and the income statement over 1,000,000
journal lines in at most 2× a bare SQL aggregate of the same lines.

The book: the demo cooperative with 2,000 members (no deliveries), then twelve
open periods of 2026 and ~500,000 balanced two-line entries (1,000,000 lines)
written with bulk inserts through the driver, as the demo writes deliveries
(the triggers on the journal run for every row, as they would). Entries follow
typical patterns of a cooperative's year — acopio on the members' accounts,
payments and advances to members, sales, collections, expenses, aportaciones —
with seeded random dates and amounts in integer céntimos; lines on member
accounts name a member. ANALYZE runs after the load.

Measured, median of ``--repeat`` (alternating with the baseline, after one
warm-up of each): ``book.ledger.trial_balance()`` (every date) against bare
``sqlite3`` ``SELECT account_id, SUM(debit_cents), SUM(credit_cents) FROM
journal_lines GROUP BY account_id``; ``book.ledger.income_statement(2026)``
against the same aggregate joined to ``journal_entries`` with the core's
filters (the dates of 2026, not the ejercicio's closing entry), bare.
The machine may be busy with other work: read ratios and medians.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import build_demo  # noqa: E402

YEAR = 2026
MEMBERS = 2_000
TARGET = 2.0
M = True  # the line names a member (a member_ledger account)

# (description, debit account, debit names a member, credit account, credit names a member,
#  amount range in céntimos, weight)
PATTERNS = (
    ("Acopio de producto", "69131", False, "4419", M, (5_000, 1_000_000), 30),
    ("Pago a socio", "4419", M, "101", False, (5_000, 1_000_000), 22),
    ("Adelanto a socio", "14222", M, "101", False, (5_000, 150_000), 8),
    ("Descuento de adelanto en liquidación", "4419", M, "14222", M, (5_000, 150_000), 6),
    ("Retención de renta", "4419", M, "4017", False, (100, 20_000), 3),
    ("Préstamo a socio", "14221", M, "1041", False, (50_000, 1_000_000), 2),
    ("Intereses de préstamo", "14221", M, "772", False, (500, 30_000), 2),
    ("Insumos a crédito", "14223", M, "4212", False, (2_000, 200_000), 2),
    ("Aportación de socio", "101", False, "501", M, (1_000, 50_000), 3),
    ("Venta de producto", "1212", False, "701311", False, (500_000, 10_000_000), 4),
    ("Diferencial orgánico", "1212", False, "701312", False, (100_000, 5_000_000), 1),
    ("Cobro a comprador", "1041", False, "1212", False, (500_000, 10_000_000), 4),
    ("Prima de comercio justo", "1041", False, "46993", False, (100_000, 3_000_000), 1),
    ("Otros ingresos", "1041", False, "759", False, (1_000, 200_000), 1),
    ("Depósito en banco", "1041", False, "101", False, (100_000, 5_000_000), 3),
    ("Retiro de banco", "101", False, "1041", False, (100_000, 5_000_000), 3),
    ("Remuneraciones", "621", False, "1041", False, (100_000, 1_500_000), 2),
    ("Transporte y fletes", "631", False, "101", False, (5_000, 300_000), 3),
    ("Servicios básicos", "636", False, "1041", False, (5_000, 100_000), 1),
    ("Otros servicios de terceros", "639", False, "4212", False, (10_000, 500_000), 1),
    ("Suministros", "656", False, "4212", False, (2_000, 200_000), 1),
    ("Otros gastos de gestión", "659", False, "101", False, (1_000, 100_000), 1),
    ("Intereses y gastos financieros", "673", False, "1041", False, (5_000, 300_000), 1),
    ("Pago a proveedores", "4212", False, "1041", False, (10_000, 2_000_000), 2),
)

BARE_TRIAL = "SELECT account_id, SUM(debit_cents), SUM(credit_cents) FROM journal_lines GROUP BY account_id"
BARE_INCOME = (
    "SELECT l.account_id, SUM(l.debit_cents), SUM(l.credit_cents) FROM journal_lines l "
    "JOIN journal_entries e ON e.id = l.entry_id "
    "WHERE e.date >= ? AND e.date <= ? AND NOT (e.source_kind = 'cierre' AND e.year = ?) "
    "GROUP BY l.account_id"
)
BATCH = 50_000  # entries per executemany


class IndexesDeferred:
    """Drop the journal's secondary indexes during the load and recreate them from
    their stored SQL afterwards, in the same transaction (as the demo does for
    deliveries); the unique constraints' automatic indexes stay."""

    TABLES = ("journal_entries", "journal_lines")

    def __init__(self, conn):
        self.conn = conn
        self.indexes: list[tuple[str, str]] = []

    def __enter__(self):
        marks = ", ".join("?" * len(self.TABLES))
        self.indexes = self.conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
            "AND sql IS NOT NULL", self.TABLES).all()
        for name, _sql in self.indexes:
            self.conn.exec_driver_sql(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            for _name, sql in self.indexes:
                self.conn.exec_driver_sql(sql)


def insert(conn, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if rows:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.exec_driver_sql(sql, rows)


def fill_journal(db: Path, entries: int, seed: int = YEAR) -> None:
    """Twelve open periods of the year and ``entries`` balanced two-line entries."""
    rng = random.Random(seed)
    patterns = [p[:6] for p in PATTERNS]
    weights = [p[6] for p in PATTERNS]
    with Book.open(str(db)) as book:
        with book.write(None) as session:
            conn = session.connection()
            accounts = dict(conn.exec_driver_sql("SELECT code, id FROM ledger_accounts").all())
            members = [m for (m,) in conn.exec_driver_sql("SELECT id FROM members ORDER BY id")]
            have = {m for (m,) in conn.exec_driver_sql("SELECT month FROM ledger_periods WHERE year = ?", (YEAR,))}
            insert(conn, "ledger_periods", ("year", "month", "status", "closed_by"),
                   [(YEAR, month, "abierto", "") for month in range(1, 13) if month not in have])
            periods = dict(conn.exec_driver_sql("SELECT month, id FROM ledger_periods WHERE year = ?", (YEAR,)).all())
            first_id = (conn.exec_driver_sql("SELECT MAX(id) FROM journal_entries").scalar() or 0) + 1
            first_number = (conn.exec_driver_sql("SELECT MAX(number) FROM journal_entries WHERE year = ?",
                                                 (YEAR,)).scalar() or 0) + 1
            start = date(YEAR, 1, 1)
            days = [start + timedelta(days=k) for k in range((date(YEAR + 1, 1, 1) - start).days)]
            on_day = [(d.isoformat(), periods[d.month], f"{d.isoformat()} 09:00:00.000000") for d in days]
            picks = sorted(rng.randrange(len(days)) for _ in range(entries))  # posted in date order
            chosen = rng.choices(patterns, weights, k=entries)
            entry_columns = ("id", "year", "number", "date", "period_id", "description", "reference",
                             "source_kind", "created_at", "created_by")
            line_columns = ("entry_id", "account_id", "member_id", "debit_cents", "credit_cents", "currency",
                            "description")
            with IndexesDeferred(conn):
                for offset in range(0, entries, BATCH):
                    entry_rows, line_rows = [], []
                    for k in range(offset, min(offset + BATCH, entries)):
                        text, debit, debit_member, credit, credit_member, (low, high) = chosen[k]
                        day, period_id, stamp = on_day[picks[k]]
                        entry_id = first_id + k
                        amount = rng.randint(low, high)
                        member = rng.choice(members) if debit_member or credit_member else None
                        entry_rows.append((entry_id, YEAR, first_number + k, day, period_id, text, "", "manual",
                                           stamp, ""))
                        line_rows.append((entry_id, accounts[debit], member if debit_member else None,
                                          amount, 0, "PEN", ""))
                        line_rows.append((entry_id, accounts[credit], member if credit_member else None,
                                          0, amount, "PEN", ""))
                    insert(conn, "journal_entries", entry_columns, entry_rows)
                    insert(conn, "journal_lines", line_columns, line_rows)
        with book.engine.begin() as conn:  # statistics, so the planner picks the right index
            conn.exec_driver_sql("ANALYZE")


def build(db: Path, lines: int) -> float:
    start = time.perf_counter()
    build_demo(str(db), members=MEMBERS, deliveries=0)
    fill_journal(db, lines // 2)
    return time.perf_counter() - start


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="journal lines (two per entry)")
    parser.add_argument("--small", action="store_true", help="100,000 journal lines")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="build the book there once and reuse it after")
    args = parser.parse_args()
    lines = 100_000 if args.small else args.lines
    work = None if args.db else Path(tempfile.mkdtemp(prefix="coopdesk-bench-"))
    db = args.db or work / "ledger.sqlite"
    try:
        if db.exists():
            print(f"reusing {db}")
        else:
            print(f"built the book in {build(db, lines):.1f} s ({MEMBERS:,} members, {lines // 2:,} entries)")
        bare_conn = sqlite3.connect(db)
        count = bare_conn.execute("SELECT COUNT(*) FROM journal_lines").fetchone()[0]
        bounds = (date(YEAR, 1, 1).isoformat(), date(YEAR, 12, 31).isoformat(), YEAR)
        with Book.open(str(db)) as book:
            ledger = book.ledger
            cases = {
                "trial": (ledger.trial_balance, lambda: bare_conn.execute(BARE_TRIAL).fetchall()),
                "income": (lambda: ledger.income_statement(YEAR),
                           lambda: bare_conn.execute(BARE_INCOME, bounds).fetchall()),
            }
            times = {name: ([], []) for name in cases}
            for name, (ours, bare) in cases.items():  # warm-up: caches, compiled statements
                ours(), bare()
            for _ in range(args.repeat):
                for name, (ours, bare) in cases.items():
                    times[name][0].append(timed(ours))
                    times[name][1].append(timed(bare))
            trial = ledger.trial_balance()
            income = ledger.income_statement(YEAR)
        bare_conn.close()
        db_mb = db.stat().st_size / 1e6
        print(f"ledger: {count:,} journal lines, median of {args.repeat} (database {db_mb:.0f} MB)")
        labels = {"trial": ("coopdesk trial_balance()", "bare sqlite3 GROUP BY account"),
                  "income": (f"coopdesk income_statement({YEAR})", "bare sqlite3 GROUP BY + join, dates")}
        for name, (ours, bare) in times.items():
            ours_m, bare_m = statistics.median(ours), statistics.median(bare)
            print(f"  {labels[name][0]:<38} {ours_m:7.3f} s")
            print(f"  {labels[name][1]:<38} {bare_m:7.3f} s")
            print(f"  {'ratio':<38} {ours_m / bare_m:7.2f}x   (target: at most {TARGET:g}x)")
        print(f"  trial balance: debits S/ {trial.debit:,.2f}, credits S/ {trial.credit:,.2f}, "
              f"{'balanced' if trial.balanced else 'NOT BALANCED'} ({len(trial.rows)} accounts)")
        print(f"  income statement {YEAR}: income S/ {income.total_income:,.2f}, expenses "
              f"S/ {income.total_expenses:,.2f}, result S/ {income.result:,.2f}")
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
