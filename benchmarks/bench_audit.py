#!/usr/bin/env python3
"""Audit trail benchmark: what recording every change costs intake and import.

Two paths, each measured on a fresh copy of the same book (a demo cooperative,
no deliveries), with the trail and without it, alternately, in the same run:

- **intake**: ``book.deliveries.record`` ticket after ticket (one transaction
  each: the ticket, its entry and its lines, the link);
- **import**: ``book.imports.deliveries(csv)`` (the CSV of bench_import.py).

*Without the trail* is the same book with the audit triggers dropped and the
book told it keeps no trail (no context row, no chaining before commit). Medians
and their ratio; target at most 1.3x.

    .venv/bin/python benchmarks/bench_audit.py                           # 300 tickets, 20,000 imported rows
    .venv/bin/python benchmarks/bench_audit.py --tickets 100 --rows 5000  # quicker
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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import write_csv  # noqa: E402
from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import PRODUCTS, build_demo  # noqa: E402
from coopdesk.domain.rules import DeliveryInput  # noqa: E402


def fresh(template: Path, work: Path, name: str, trail: bool) -> Path:
    db = work / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    if not trail:
        conn = sqlite3.connect(db)
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                       "AND name LIKE '%\\_audit\\_%' ESCAPE '\\'").fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.commit()
        conn.close()
    return db


def opened(db: Path, trail: bool) -> Book:
    book = Book.open(str(db))
    book._trail = trail  # without: no context row and no chaining either
    return book


def tickets(members: list[str], n: int, seed: int = 11) -> list[DeliveryInput]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        gross = Decimal(rng.randint(150, 2600)) / 10
        out.append(DeliveryInput(
            ticket=f"001-{i + 1:06d}", date=date(2026, 1, 5) + timedelta(days=rng.randint(0, 300)),
            member_code=rng.choice(members), product_code=rng.choice(list(PRODUCTS)), sacks=2, gross_kg=gross,
            tare_kg=Decimal("0.4"), humidity_pct=Decimal(rng.randint(600, 850)) / 100, grade="A",
            advance_price=Decimal(rng.randint(1500, 1900)) / 100))
    return out


def intake(template: Path, work: Path, data: list[DeliveryInput], trail: bool) -> float:
    book = opened(fresh(template, work, f"intake-{trail}.sqlite", trail), trail)
    try:
        start = time.perf_counter()
        for ticket in data:
            book.deliveries.record(ticket)
        return time.perf_counter() - start
    finally:
        book.close()


def imported(template: Path, work: Path, csv: Path, rows: int, trail: bool) -> float:
    book = opened(fresh(template, work, f"import-{trail}.sqlite", trail), trail)
    try:
        start = time.perf_counter()
        report = book.imports.deliveries(csv)
        elapsed = time.perf_counter() - start
    finally:
        book.close()
    assert report.written and report.to_add == rows, report.problems[:5]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "template.sqlite"
        build_demo(str(template), members=args.members, deliveries=0)
        conn = sqlite3.connect(template)
        members = [code for (code,) in conn.execute("SELECT code FROM members WHERE status = 'activo'")]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        csv = work / "entregas.csv"
        write_csv(csv, args.rows, members)
        data = tickets(members, args.tickets)
        print(f"{args.members:,} members; intake of {args.tickets:,} tickets one by one; import of {args.rows:,} rows")
        for name, run in (("intake", lambda trail: intake(template, work, data, trail)),
                          ("import", lambda trail: imported(template, work, csv, args.rows, trail))):
            times = {True: [], False: []}
            for _ in range(args.repeat):
                for trail in (False, True):  # alternately, so drift weighs on both
                    times[trail].append(run(trail))
            with_, without = statistics.median(times[True]), statistics.median(times[False])
            print(f"{name}: with the trail median {with_:.3f} s {[round(t, 3) for t in times[True]]}; "
                  f"without {without:.3f} s {[round(t, 3) for t in times[False]]}; "
                  f"ratio {with_ / without:.2f}x (target: at most 1.3x)")


if __name__ == "__main__":
    main()
