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
from coopdesk.reports.bulletin_view import bulletin_view, slip_views  # noqa: E402
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


# What the forked workers inherit: the month's data (with every member's Slip) and the
# bulletin's view without slips. A worker is handed only a range of slips: it makes
# their views and prints its part, so nothing large is pickled and the slip views are
# made on every core rather than before the pool.
_DATA = None
_VIEW = None


def _part(args) -> tuple[int, float, float]:
    first_slip, last_slip, path, first = args
    wall, cpu = time.perf_counter(), time.process_time()
    f = _DATA.figures
    slips = slip_views(_DATA.slips[first_slip:last_slip], f.year, f.month, f.as_of)
    render_bulletin(dataclasses.replace(_VIEW, slips=slips), path, slips=True, bulletin=first)
    return len(slips), time.process_time() - cpu, time.perf_counter() - wall


def ours(db: str, year: int, month: int, cores: int, folder: str) -> tuple[float, float, float, int]:
    """Returns the wall seconds, the CPU seconds of every process, the CPU seconds on
    the longest path (this process before the pool and after it, plus the busiest
    worker: what the wall time would be with ``cores`` free cores) and the slips."""
    global _DATA, _VIEW
    start, cpu = time.perf_counter(), time.process_time()
    with Book.open(db) as book:
        opened, opened_cpu = time.perf_counter(), time.process_time()
        _DATA = book.bulletin.monthly(year, month, "Acuerdos del Consejo", "Próxima asamblea", slips=True)
        figures, figures_cpu = time.perf_counter(), time.process_time()
        _VIEW = bulletin_view(dataclasses.replace(_DATA, slips=()), book.cooperative, book.clock.today())
    viewed, viewed_cpu = time.perf_counter(), time.process_time()
    n = len(_DATA.slips)
    size = -(-n // cores)
    parts = [(i, min(i + size, n), os.path.join(folder, f"parte-{k}.pdf"), k == 0)
             for k, i in enumerate(range(0, n, size))]
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        started, started_cpu = time.perf_counter(), time.process_time()
        done = pool.map(_part, parts)
        printed = time.perf_counter()
    ended, ended_cpu = time.perf_counter(), time.process_time()
    assert sum(d for d, _c, _w in done) == n
    workers_cpu = sum(c for _d, c, _w in done)
    serial_cpu = ended_cpu - cpu  # this process: open, figures, view, pool start and stop, waiting
    print(f"  open {opened - start:.2f} s ({opened_cpu - cpu:.2f} s CPU), "
          f"figures {figures - opened:.2f} s ({figures_cpu - opened_cpu:.2f} s CPU), "
          f"view without the slips {viewed - figures:.2f} s ({viewed_cpu - figures_cpu:.2f} s CPU)")
    print(f"  pool start {started - viewed:.2f} s ({started_cpu - viewed_cpu:.2f} s CPU), "
          f"parts {printed - started:.2f} s, pool stop {ended - printed:.2f} s; this process "
          f"{serial_cpu:.2f} s CPU in all")
    for k, (d, c, w) in enumerate(done):
        print(f"  part {k}: {d:,} slips{' and the bulletin' if k == 0 else ''}, slip views and PDF "
              f"{w:.2f} s ({c:.2f} s CPU)")
    return ended - start, serial_cpu + workers_cpu, serial_cpu + max(c for _d, c, _w in done), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing book (else a demo is built in a temporary folder)")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--full", action="store_true", help="50,000 members")
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", help="keep the parts' PDFs in this folder (else a temporary one)")
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
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.out:
            os.makedirs(args.out, exist_ok=True)
        seconds, cpu, path_cpu, n = ours(db, year, month, args.cores, args.out or folder)
        view = dataclasses.replace(_VIEW, slips=slip_views(_DATA.slips, year, month, _DATA.figures.as_of))
        started, started_cpu = time.perf_counter(), time.process_time()
        bare_slips(os.path.join(folder, "bare.pdf"), view)
        bare, bare_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cores = args.cores
    per_core = n / seconds / cores
    bare_rate = n / bare
    print(f"coopdesk: {n:,} slips in {seconds:.2f} s on {cores} cores ({per_core:.0f}/s per core); "
          f"{cpu:.2f} s CPU in all, {path_cpu:.2f} s CPU on the longest path")
    print(f"bare ReportLab: {n:,} slips in {bare:.2f} s on 1 core ({bare_rate:.0f}/s); {bare_cpu:.2f} s CPU")
    print(f"per-core ratio: {per_core / bare_rate:.2f} by the clock (target ≥ 0.5)")
    # the same from CPU seconds, which another worker's load on the machine hardly changes:
    # the longest path as if each process had a core of its own, and every CPU second spent
    print(f"per-core ratio from CPU time: {bare_cpu / (path_cpu * cores):.2f} on the longest path, "
          f"{bare_cpu / cpu:.2f} from all CPU seconds (which counts waiting-free work only)")


if __name__ == "__main__":
    main()
