#!/usr/bin/env python3
"""«coopdesk check» benchmark: the whole book's one-truth check against the bare
SQL sums it compares, measured in the same run.

Builds the 50,000-member, 1,000,000-delivery demo (or --small) in a child
process, moves its clock to 20 January 2027, closes 2026 and publishes a
distribution of its remanente (so there is a published run with one payable line
per member to check), then times ``book.checks.run()`` against bare ``sqlite3``
queries of the same figures: the members' movements by member and concept, the
journal lines by member and account, every account's balance, the published
run's lines and what its entry credited each member, its sealed results read
and parsed as stored (zlib + JSON), the almacén's sums by product and
certification (inventory = kardex) and the withholding taken at intake against
4017. Issue 12 asks for at most 3×. Median of
--repeat runs each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopdesk.core import Book  # noqa: E402
from benchmarks.demo_apart import ACTA_DAY, JANUARY, build_demo_apart  # noqa: E402
from coopdesk.domain.clock import FixedClock  # noqa: E402

CRITERIA = """
[distribucion]
nombre = "Excedentes 2026"
monto = "0"
reserva_minima = 20

[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[apropiaciones]]
nombre = "Fondo de Educación"
porcentaje = 10

[[fondos]]
nombre = "Retorno por el valor entregado"
clave = "valor"
porcentaje = 100
"""

BARE = (
    "SELECT member_id, concept, SUM(CASE WHEN direction = 'cargo' THEN amount_cents ELSE -amount_cents END) "
    "FROM account_movements GROUP BY member_id, concept",
    "SELECT l.member_id, a.code, SUM(l.debit_cents), SUM(l.credit_cents) FROM journal_lines l "
    "JOIN ledger_accounts a ON a.id = l.account_id WHERE l.member_id IS NOT NULL GROUP BY l.member_id, a.code",
    "SELECT account_id, SUM(debit_cents), SUM(credit_cents) FROM journal_lines GROUP BY account_id",
    "SELECT member_id, gross_cents, net_cents FROM distribution_lines",
    "SELECT l.member_id, SUM(l.credit_cents) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
    "JOIN ledger_accounts a ON a.id = l.account_id WHERE e.source_kind = 'distribucion' AND a.code = '4419' "
    "GROUP BY l.member_id",
    # inventory = kardex: what came in (opening stocks, tickets) and went out (sales), by product and certification
    "SELECT product_id, certification, SUM(kg_g), SUM(value_cents) FROM opening_stocks WHERE voided_at IS NULL "
    "GROUP BY product_id, certification",
    "SELECT product_id, certification, SUM(equivalent_g), SUM(amount_cents) FROM deliveries WHERE voided_at IS NULL "
    "GROUP BY product_id, certification",
    "SELECT product_id, certification, SUM(equivalent_g), SUM(cost_cents) FROM sales WHERE voided_at IS NULL "
    "GROUP BY product_id, certification",
    # the withholding taken at intake, ticket by ticket, against 4017's credits
    "SELECT id, withheld_cents FROM deliveries WHERE withheld_cents > 0",
    "SELECT l.entry_id, SUM(l.credit_cents) - SUM(l.debit_cents) FROM journal_lines l "
    "JOIN ledger_accounts a ON a.id = l.account_id WHERE a.code = '4017' GROUP BY l.entry_id",
)
# the sealed results of the published runs, as stored: read and parsed (what the check compares the lines with)
RESULTS = "SELECT results FROM distribution_runs WHERE status IN ('publicada', 'reemplazada')"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 members and 100,000 deliveries")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    members, deliveries = (5_000, 100_000) if args.small else (50_000, 1_000_000)
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-"))
    try:
        db = work / "demo.sqlite"
        start = time.perf_counter()
        build_demo_apart(db, members, deliveries)
        print(f"demo built in {time.perf_counter() - start:.0f} s", flush=True)
        with Book.open(str(db), clock=FixedClock(JANUARY)) as book:
            book.ledger.close_year(2026)
            run = book.distributions.create(book.distributions.with_remanente(CRITERIA, 2026))
            book.distributions.approve(run.number, acta="Acta 1-2027", acta_date=ACTA_DAY)
            book.distributions.publish(run.number)
            ours = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                report = book.checks.run()
                ours.append(time.perf_counter() - start)
            assert report.agrees, report.sentences()
        conn = sqlite3.connect(db)
        bare = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for query in BARE:
                conn.execute(query).fetchall()
            for (blob,) in conn.execute(RESULTS):
                json.loads(zlib.decompress(blob))
            bare.append(time.perf_counter() - start)
        conn.close()
        ours_s, bare_s = statistics.median(ours), statistics.median(bare)
        print(f"members {members:,}, deliveries {deliveries:,}; figures compared {report.checked:,}")
        print(f"coopdesk check: {ours_s:.3f} s (median of {args.repeat}); bare SQL sums: {bare_s:.3f} s; "
              f"ratio {ours_s / bare_s:.2f}x (target at most 3x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
