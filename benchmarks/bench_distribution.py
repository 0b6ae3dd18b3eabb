#!/usr/bin/env python3
"""Distribution benchmark: simulate against a bare SQLite GROUP BY, same run.

Builds the 50,000-member, 1,000,000-delivery demo (or --small), then measures
``book.distributions.simulate`` (SQL aggregation + the pure engine, every member
allocated to the céntimo) against a bare ``sqlite3`` ``GROUP BY member, product,
grade`` over the same deliveries, and the peak memory of the process
(``ru_maxrss``) once simulate has run. Issue 3 asks for at most 2× and 400 MB.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import build_demo  # noqa: E402


def criteria() -> str:
    """The worked example of docs/criteria.md, with a season-sized amount."""
    text = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", text, re.S)[1].replace('"10000.00"', '"2500000.00"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 members and 100,000 deliveries")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    members, deliveries = (5_000, 100_000) if args.small else (50_000, 1_000_000)
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-"))
    try:
        db = work / "demo.sqlite"
        build_demo(str(db), members=members, deliveries=deliveries)
        text = criteria()
        with Book.open(str(db)) as book:
            ours = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = book.distributions.simulate(text)
                ours.append(time.perf_counter() - start)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn = sqlite3.connect(db)
        bare = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            conn.execute("SELECT member_id, product_id, grade, SUM(net_g), SUM(amount_cents) FROM deliveries "
                         "GROUP BY member_id, product_id, grade").fetchall()
            bare.append(time.perf_counter() - start)
        conn.close()
        ours_m, bare_m = statistics.median(ours), statistics.median(bare)
        paid = sum(p.net for p in result.payouts.values())
        print(f"simulate: {members:,} members, {deliveries:,} deliveries, median of {args.repeat}")
        print(f"  coopdesk simulate (SQL + engine)   {ours_m:7.2f} s")
        print(f"  bare sqlite3 GROUP BY              {bare_m:7.2f} s")
        print(f"  ratio                              {ours_m / bare_m:7.2f}x   (target: at most 2x)")
        print(f"  peak memory of the process         {peak_mb:7.0f} MB  (target: at most 400 MB)")
        print(f"  paid to members: S/ {paid:,.2f} of S/ {result.amount:,.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
