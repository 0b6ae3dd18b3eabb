#!/usr/bin/env python3
"""Monthly bulletin benchmark: every member's slip, coopdesk on every core against
bare ReportLab on one core with the same page content.

Builds a demo (default 5,000 members and 60,000 deliveries; ``--full`` for 50,000;
or ``--db`` an existing book), then times coopdesk: ``book.bulletin.monthly(…,
slips=True)`` (the month's figures and one aggregate query for every slip), the
view (``bulletin_view``) and the PDF (``render_bulletin``), the slips split in one
part per core printed by a ``multiprocessing`` pool (the bulletin's own pages in
the first part). The baseline draws the same strings of each slip (its
``SlipView``), three to a page, with bare ReportLab ``canvas.drawString`` in the
same embedded fonts, on one core, from the view already made.

Issue 15 asks that coopdesk's throughput *per core* reach at least half of the
bare throughput: (members / our seconds / cores) ÷ (members / bare seconds) ≥ 0.5.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from coopdesk.core import Book  # noqa: E402
from coopdesk.core.demo import build_demo  # noqa: E402
from coopdesk.reports.bulletin_pdf import render_bulletin  # noqa: E402
from coopdesk.reports.bulletin_view import bulletin_view  # noqa: E402
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts  # noqa: E402


def bare_slips(path: str, view) -> None:
    """Each slip's strings, drawn line after line, three slips to an A4 page."""
    register_fonts()
    c = canvas.Canvas(path, pagesize=A4)
    width, height = A4
    for i, slip in enumerate(view.slips):
        if i and i % 3 == 0:
            c.showPage()
        y = height - 40 - (i % 3) * 250
        c.setFont(BOLD, 12.5)
        c.drawString(40, y, slip.title)
        c.setFont(REGULAR, 10.5)
        y -= 15
        c.drawString(40, y, slip.name)
        for label, value in slip.rows:
            y -= 17
            c.setFont(REGULAR, 11)
            c.drawString(40, y, label)
            c.drawRightString(width - 40, y, value)
        c.setFont(REGULAR, 9.5)
        y -= 14
        c.drawString(40, y, slip.note)
    c.save()


def _part(args) -> int:
    view, path, first = args
    render_bulletin(view, path, slips=True, bulletin=first)
    return len(view.slips)


def ours(db: str, year: int, month: int, cores: int, folder: str) -> tuple[float, object]:
    start = time.perf_counter()
    with Book.open(db) as book:
        data = book.bulletin.monthly(year, month, "Acuerdos del Consejo", "Próxima asamblea", slips=True)
        figures = time.perf_counter()
        view = bulletin_view(data, book.cooperative, book.clock.today())
    viewed = time.perf_counter()
    print(f"  figures {figures - start:.2f} s, view {viewed - figures:.2f} s", end="")
    size = -(-len(view.slips) // cores)
    parts = [(dataclasses.replace(view, slips=view.slips[i:i + size]), os.path.join(folder, f"parte-{n}.pdf"), n == 0)
             for n, i in enumerate(range(0, len(view.slips), size))]
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        done = sum(pool.map(_part, parts))
    assert done == len(view.slips)
    print(f", PDF on {cores} cores {time.perf_counter() - viewed:.2f} s")
    return time.perf_counter() - start, view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing book (else a demo is built in a temporary folder)")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--full", action="store_true", help="50,000 members")
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    os.environ.setdefault("COOPDESK_TODAY", "2026-12-07")
    members = 50000 if args.full else args.members
    year, month = map(int, args.month.split("-"))
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = os.path.join(folder, "demo.sqlite")
            started = time.perf_counter()
            build_demo(db, members=members, deliveries=members * 12)
            print(f"demo of {members:,} members built in {time.perf_counter() - started:.1f} s")
        seconds, view = ours(db, year, month, args.cores, folder)
        n = len(view.slips)
        started = time.perf_counter()
        bare_slips(os.path.join(folder, "bare.pdf"), view)
        bare = time.perf_counter() - started
    per_core = n / seconds / args.cores
    bare_rate = n / bare
    print(f"coopdesk: {n:,} slips in {seconds:.2f} s on {args.cores} cores ({per_core:.0f}/s per core)")
    print(f"bare ReportLab: {n:,} slips in {bare:.2f} s on 1 core ({bare_rate:.0f}/s)")
    print(f"per-core ratio: {per_core / bare_rate:.2f} (target ≥ 0.5)")


if __name__ == "__main__":
    main()
