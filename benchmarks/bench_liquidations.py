#!/usr/bin/env python3
"""Liquidation printing benchmark: coopdesk on every core against bare ReportLab, same run.

Builds a demo season (default 5,000 members and 100,000 deliveries; ``--full``
for 50,000 and 1,000,000), publishes the worked example of docs/criteria.md
over it, and prints every member's Liquidación with
``book.liquidations.write_all`` (one PDF per member, using every core). The
baseline draws the same strings of each liquidation (its ``LiquidationView``),
line by line with bare ReportLab ``canvas.drawString`` in the same embedded
fonts, one file per member, on one core.

Issue 3 asks that coopdesk's throughput *per core* reach at least half of the
bare throughput: (members / our seconds / cores) ÷ (members / bare seconds) ≥ 0.5.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from coopdesk.core import Book  # noqa: E402
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts  # noqa: E402
from coopdesk.reports.distribution_pdfs import PDF  # noqa: E402
from coopdesk.reports.liquidation_view import liquidation_view  # noqa: E402


def criteria() -> str:
    text = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", text, re.S)[1].replace('"10000.00"', '"2500000.00"')


def bare_liquidation(path: Path, view) -> None:
    """The strings a liquidation prints, drawn one line after another."""
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    lines = [(BOLD, 12, view.cooperative_name), (REGULAR, 9, view.cooperative_ruc),
             (REGULAR, 9, view.cooperative_address), (BOLD, 12, view.title), (BOLD, 12, view.number),
             (REGULAR, 9, view.campaign), (REGULAR, 9, view.dateline), (BOLD, 11, view.heading),
             (REGULAR, 8, view.status_line), (BOLD, 10, view.warning)]
    lines += [(REGULAR, 10, f"{k}: {v}") for k, v in view.member_fields]
    lines += [(BOLD, 10, "  ".join(view.deliveries.header))]
    lines += [(REGULAR, 10, "  ".join(row)) for row in view.deliveries.rows]
    if view.deliveries.total:
        lines += [(BOLD, 10, "  ".join(view.deliveries.total))]
    lines += [(BOLD, 10, view.pots_title), (BOLD, 9, "  ".join(view.pots_header))]
    for pot in view.pots:
        lines += [(REGULAR, 9, "  ".join(pot.cells)), (REGULAR, 10, pot.formula)]
    lines += [(REGULAR, 9, view.rounding_note)]
    if view.deductions:
        lines += [(BOLD, 10, "  ".join(view.deductions.header))]
        lines += [(REGULAR, 10, "  ".join(row)) for row in view.deductions.rows]
    lines += [(REGULAR, 10, f"{k}  {v}") for k, v in view.settlement]
    lines += [(BOLD, 13, "  ".join(view.net_line)), (BOLD, 9, view.amount_in_words)]
    lines += [(REGULAR, 9, note) for note in view.notes]
    lines += [(BOLD, 10, view.verification_label), (BOLD, 12, view.verification_code),
              (REGULAR, 9, view.verification_note)]
    lines += [(REGULAR, 9, text) for text in view.signatures]
    lines += [(BOLD, 10, view.receipt_title), (REGULAR, 9, view.receipt_name), (REGULAR, 9, view.receipt_dni),
              (REGULAR, 7, view.thumbprint)]
    y = height - 50
    for font, size, text in lines:
        if y < 60:
            c.showPage()
            y = height - 50
        c.setFont(font, size)
        c.drawString(40, y, text)
        y -= size + 4
    c.setFont(REGULAR, 7)
    c.drawString(40, 30, view.footer_left)
    c.drawRightString(width - 40, 30, view.page_of)
    c.showPage()
    c.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="50,000 members and 1,000,000 deliveries")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    members, deliveries = (50_000, 1_000_000) if args.full else (5_000, 100_000)
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-liq-"))
    try:
        db = work / "demo.sqlite"
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                        "from coopdesk.core.demo import build_demo; "
                        "build_demo(sys.argv[2], members=int(sys.argv[3]), deliveries=int(sys.argv[4]))",
                        str(ROOT), str(db), str(members), str(deliveries)], check=True)
        register_fonts()
        with Book.open(str(db)) as book:
            run = book.distributions.create(criteria(), name="Benchmark")
            book.distributions.approve(run.number, acta="1", acta_date=date.today())
            book.distributions.publish(run.number)
            book.liquidations.renderer = PDF
            ours = []
            for r in range(args.repeat):
                out = work / f"ours-{r}"
                start = time.perf_counter()
                written = book.liquidations.write_all(run.number, out)
                ours.append(time.perf_counter() - start)
                count = len(written)
                shutil.rmtree(out)
            start = time.perf_counter()
            context, stored = book.liquidations.context(run.number)
            parts = book.liquidations.parts(run.number, stored=stored)
            views = [liquidation_view(context, p.member, p.season, p.result) for p in parts]
            views_s = time.perf_counter() - start
        bare = []
        for r in range(args.repeat):
            out = work / f"bare-{r}"
            out.mkdir()
            start = time.perf_counter()
            for i, view in enumerate(views):
                bare_liquidation(out / f"{i}.pdf", view)
            bare.append(time.perf_counter() - start)
            shutil.rmtree(out)
        ours_s, bare_s = statistics.median(ours), statistics.median(bare)
        ours_rate, bare_rate = count / ours_s, count / bare_s
        print(f"liquidations: {count:,} members ({members:,} members, {deliveries:,} deliveries), "
              f"{cores} cores, median of {args.repeat}")
        print(f"  coopdesk write_all, every core      {ours_s:8.2f} s  {ours_rate:7.0f} per s  "
              f"{ours_rate / cores:7.0f} per s per core")
        print(f"  bare ReportLab, same strings, 1 core {bare_s:7.2f} s  {bare_rate:7.0f} per s")
        print(f"  (building the {len(views):,} views alone: {views_s:.2f} s, not in the bare figure)")
        print(f"  per-core ratio ours / bare          {ours_rate / cores / bare_rate:8.2f}   (target: at least 0.5)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
