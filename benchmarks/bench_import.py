#!/usr/bin/env python3
"""Import benchmark: 100,000 deliveries from a CSV, with full validation.

coopdesk's path: ``book.imports.deliveries(file)``: read and decode the file,
find the columns, read every number (decimal commas) and date, check every row
with ``check_delivery`` and the cross-row checks (members, products, tickets
already in the book or repeated in the file, campaign, future dates), then
insert every row in one write transaction.

Baseline, measured in the same run: a bare ``sqlite3`` ``executemany`` of the
same rows (read back from coopdesk's result, as plain integers) into the same
schema (indexes included, same pragmas: WAL, synchronous=FULL), in one
transaction. Each run starts from a fresh copy of the same database (5,000
members, no deliveries). Target: coopdesk at most 5x the baseline.

    .venv/bin/python benchmarks/bench_import.py                 # 100,000 deliveries
    .venv/bin/python benchmarks/bench_import.py --rows 20000    # quicker
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import PRODUCTS, build_demo  # noqa: E402


def write_csv(path: Path, rows: int, members: list[str], seed: int = 7) -> None:
    """Deliveries as a treasurer's spreadsheet saves them: semicolons, decimal
    commas, dates as 31/12/2026, Windows-1252."""
    rng = random.Random(seed)
    products = list(PRODUCTS)
    start = date(2026, 1, 5)
    lines = ["Ticket;Fecha;Código socio;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio"]
    for i in range(rows):
        gross = rng.randint(150, 2600) / 10
        sacks = 1 + int(gross // 65)
        lines.append(";".join((
            f"{1 + i % 5:03d}-{i // 5 + 1:06d}", (start + timedelta(days=rng.randint(0, 300))).strftime("%d/%m/%Y"),
            rng.choice(members), rng.choice(products), str(sacks), f"{gross:.1f}".replace(".", ","),
            f"{sacks * 0.2:.1f}".replace(".", ","), f"{rng.randint(600, 850) / 100:.2f}".replace(".", ","),
            rng.choice("ABC"), f"{rng.randint(1500, 1900) / 100:.2f}".replace(".", ","),
        )))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def ours(template: Path, work: Path, csv: Path, expected: int) -> tuple[float, Path]:
    db = work / "ours.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    book = Book.open(str(db))
    try:
        start = time.perf_counter()
        report = book.imports.deliveries(csv)
        elapsed = time.perf_counter() - start
    finally:
        book.close()
    assert report.written and report.to_add == expected, report.problems[:5]
    return elapsed, db


def bare(template: Path, work: Path, rows: list[tuple], columns: list[str]) -> float:
    db = work / "bare.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    sql = f"INSERT INTO deliveries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=5_000)
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
        print(f"{args.rows:,} deliveries, {csv.stat().st_size / 1e6:.1f} MB CSV; {args.members:,} members")

        times_ours, times_bare = [], []
        for _ in range(args.repeat):
            elapsed, db = ours(template, work, csv, args.rows)
            times_ours.append(elapsed)
        conn = sqlite3.connect(db)
        columns = [c for (_cid, c, *_rest) in conn.execute("PRAGMA table_info(deliveries)")
                   if c not in ("id", "entry_id")]  # the bare insert posts no entries
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM deliveries ORDER BY id").fetchall()
        conn.close()
        for _ in range(args.repeat):
            times_bare.append(bare(template, work, rows, columns))
        m_ours, m_bare = statistics.median(times_ours), statistics.median(times_bare)
        print(f"coopdesk import (full validation): median {m_ours:.3f} s  {[round(t, 3) for t in times_ours]}")
        print(f"bare sqlite3 executemany:          median {m_bare:.3f} s  {[round(t, 3) for t in times_bare]}")
        print(f"ratio: {m_ours / m_bare:.2f}x (target: at most 5x)")


if __name__ == "__main__":
    main()
