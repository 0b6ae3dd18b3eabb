#!/usr/bin/env python3
"""PLE benchmark: the 5.1 Libro Diario file of a month of 100,000 journal lines.

Issue 16 asks the PLE 5.1 file for a month of 100,000 journal lines to be
written in at most 2× a bare SQL-to-text export of the same lines, in the same run.

The book: the demo cooperative with ``--members`` members (no deliveries), then
``--lines`` / 2 balanced two-line entries, all dated in March 2026, bulk-loaded
through the driver with the patterns of ``bench_ledger.py`` (lines on member
accounts name a member); then January to March are closed (the PLE is of a closed
month, whose entries then have their correlativo in the Diario, the CUO). ANALYZE
runs after the load.

Measured, median of ``--repeat`` (alternating with the baseline, after one warm-up
of each): ``coopdesk.core.ple.write_month(book, 2026, 3, folder, ["5.1"])`` (the
query, the 21 fields of every line, SUNAT's file name, latin-1 and CRLF) against
bare ``sqlite3``: the same lines and columns (entry year, correlativo in the Diario, kind, date, glosa,
reference, account code, currency, debit and credit céntimos, line description),
joined and ordered the same way, each row joined with «|» and written to a file.
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_ledger import PATTERNS, IndexesDeferred, insert  # noqa: E402

from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import build_demo  # noqa: E402
from coopdesk.core.ledger import CLOSED  # noqa: E402
from coopdesk.core.ple import write_month  # noqa: E402

YEAR, MONTH = 2026, 3
TARGET = 2.0
BATCH = 50_000

BARE = (  # the CUO is the entry's correlativo in the Libro Diario (given when the month closed)
    "SELECT e.year, d.number, e.source_kind, e.date, e.description, e.reference, a.code, l.currency, "
    "l.debit_cents, l.credit_cents, l.description "
    "FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
    "JOIN diario_numbers d ON d.entry_id = e.id "
    "JOIN ledger_accounts a ON a.id = l.account_id "
    "WHERE e.date >= ? AND e.date <= ? ORDER BY d.number, l.id"
)


def fill_month(db: Path, entries: int, seed: int = YEAR) -> None:
    """``entries`` balanced two-line entries over the days of March."""
    rng = random.Random(seed)
    patterns = [p[:6] for p in PATTERNS]
    weights = [p[6] for p in PATTERNS]
    with Book.open(str(db)) as book:
        with book.write(None) as session:
            conn = session.connection()
            accounts = dict(conn.exec_driver_sql("SELECT code, id FROM ledger_accounts").all())
            members = [m for (m,) in conn.exec_driver_sql("SELECT id FROM members ORDER BY id")]
            period = conn.exec_driver_sql("SELECT id FROM ledger_periods WHERE year = ? AND month = ?",
                                          (YEAR, MONTH)).scalar()
            if period is None:
                insert(conn, "ledger_periods", ("year", "month", "status", "closed_by"), [(YEAR, MONTH, "abierto", "")])
                period = conn.exec_driver_sql("SELECT id FROM ledger_periods WHERE year = ? AND month = ?",
                                              (YEAR, MONTH)).scalar()
            first_id = (conn.exec_driver_sql("SELECT MAX(id) FROM journal_entries").scalar() or 0) + 1
            first_number = (conn.exec_driver_sql("SELECT MAX(number) FROM journal_entries WHERE year = ?",
                                                 (YEAR,)).scalar() or 0) + 1
            days = sorted(rng.randrange(1, 32) for _ in range(entries))
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
                        day = date(YEAR, MONTH, days[k]).isoformat()
                        entry_id = first_id + k
                        amount = rng.randint(low, high)
                        member = rng.choice(members) if debit_member or credit_member else None
                        entry_rows.append((entry_id, YEAR, first_number + k, day, period, text, f"R-{k}",
                                           "manual", f"{day} 09:00:00.000000", ""))
                        line_rows.append((entry_id, accounts[debit], member if debit_member else None,
                                          amount, 0, "PEN", ""))
                        line_rows.append((entry_id, accounts[credit], member if credit_member else None,
                                          0, amount, "PEN", ""))
                    insert(conn, "journal_entries", entry_columns, entry_rows)
                    insert(conn, "journal_lines", line_columns, line_rows)
        # the PLE is of a closed month: closing gives its entries their correlativos (forward, month by month)
        for month in range(1, MONTH + 1):
            if not any(p.year == YEAR and p.month == month and p.status == CLOSED for p in book.ledger.periods()):
                book.ledger.close(YEAR, month)
        with book.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def bare_export(db: Path, out: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(BARE, (date(YEAR, MONTH, 1).isoformat(), date(YEAR, MONTH, 31).isoformat()))
        out.write_text("".join("|".join(map(str, row)) + "\r\n" for row in rows), encoding="latin-1",
                       errors="replace")
    finally:
        conn.close()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000, help="journal lines in the month (two per entry)")
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="build the book there once and reuse it after")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-ple-"))
    db = args.db or work / "ple.sqlite"
    try:
        if db.exists():
            print(f"reusing {db}")
        else:
            start = time.perf_counter()
            build_demo(str(db), members=args.members, deliveries=0)
            fill_month(db, args.lines // 2)
            print(f"built the book in {time.perf_counter() - start:.1f} s ({args.members:,} members)")
        count = sqlite3.connect(db).execute(
            "SELECT COUNT(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
            "WHERE e.date BETWEEN ? AND ?", (f"{YEAR}-{MONTH:02d}-01", f"{YEAR}-{MONTH:02d}-31")).fetchone()[0]
        ours_dir, bare_file = work / "ple", work / "bare.txt"
        with Book.open(str(db)) as book:
            def ours():
                return write_month(book, YEAR, MONTH, ours_dir, ["5.1"])

            def bare():
                bare_export(db, bare_file)

            ours(), bare()  # warm-up
            times: tuple[list[float], list[float]] = ([], [])
            for _ in range(args.repeat):
                times[0].append(timed(ours))
                times[1].append(timed(bare))
            [path] = ours()
        ours_m, bare_m = statistics.median(times[0]), statistics.median(times[1])
        written = path.read_bytes().count(b"\r\n")
        print(f"PLE 5.1 of {YEAR}-{MONTH:02d}: {count:,} journal lines, median of {args.repeat}")
        print(f"  {'coopdesk write_month (5.1)':<34} {ours_m:7.3f} s  ({written:,} lines, {path.name})")
        print(f"  {'bare sqlite3 SELECT → text':<34} {bare_m:7.3f} s")
        print(f"  {'ratio':<34} {ours_m / bare_m:7.2f}x   (target: at most {TARGET:g}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
