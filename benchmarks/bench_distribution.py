#!/usr/bin/env python3
"""Distribution benchmark: simulate against a bare SQLite GROUP BY, same run.

Builds the 50,000-member, 1,000,000-delivery demo (or --small), then measures
``book.distributions.simulate`` (SQL aggregation + the pure engine, every member
allocated to the céntimo) against a bare ``sqlite3`` ``GROUP BY member, product,
grade`` over the same deliveries, and the peak memory of the process
(``ru_maxrss``) once simulate has run. Issue 3 asks for at most 2× and 400 MB.
The demo is built in a child process, so the peak memory is simulate's own.

Also reported, with no target: storing the run as a draft (inputs and results
as compressed canonical JSON, one line per member), publishing it (the
SHA-256 fingerprint) and verifying it (recomputing from the stored inputs).
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
from benchmarks.demo_apart import ACTA_DAY, JANUARY, build_demo_apart  # noqa: E402
from coopdesk.domain.clock import FixedClock  # noqa: E402


def criteria() -> str:
    """The worked example of docs/criteria.md (its amount replaced by the demo's remanente)."""
    text = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    # the demo delivers cacao seco, en baba and copoazú: its kilos are not added up as if worth the same
    return re.findall(r"```toml\n(.*?)```", text, re.S)[1].replace('clave = "kg"', 'clave = "valor"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 members and 100,000 deliveries")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    members, deliveries = (5_000, 100_000) if args.small else (50_000, 1_000_000)
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-"))
    try:
        db = work / "demo.sqlite"
        build_demo_apart(db, members, deliveries)
        # January 2027: the season's year is closed, so its remanente (in 591) can be distributed once
        with Book.open(str(db), clock=FixedClock(JANUARY)) as book:
            book.ledger.close_year(2026)
            text = book.distributions.with_remanente(criteria(), 2026)
            ours = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = book.distributions.simulate(text)
                ours.append(time.perf_counter() - start)
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            start = time.perf_counter()
            run = book.distributions.create(text, name="Benchmark")
            stored_s = time.perf_counter() - start
            book.distributions.approve(run.number, acta="1", acta_date=ACTA_DAY)
            start = time.perf_counter()
            run = book.distributions.publish(run.number)
            publish_s = time.perf_counter() - start
            start = time.perf_counter()
            check = book.distributions.verify(run.code)
            verify_s = time.perf_counter() - start
            assert check.matches
        db_mb = db.stat().st_size / 1e6
        conn = sqlite3.connect(db)
        bare = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            conn.execute("SELECT member_id, product_id, grade, SUM(payable_g), SUM(amount_cents) FROM deliveries "
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
        print(f"  store the draft run (inputs, results, lines) {stored_s:7.2f} s")
        print(f"  publish (SHA-256 fingerprint)               {publish_s:7.2f} s")
        print(f"  verify (recompute from stored inputs)       {verify_s:7.2f} s   code {run.code}")
        print(f"  database size with the run                  {db_mb:7.0f} MB")
        print(f"  paid to members: S/ {paid:,.2f} of S/ {result.amount:,.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
