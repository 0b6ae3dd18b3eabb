#!/usr/bin/env python3
"""Monthly bulletin benchmark: every member's slip, coopdesk on every core against
bare ReportLab on one core with the same page content.

Builds a demo (default 5,000 members and 60,000 deliveries; ``--full`` for 50,000;
or ``--db`` an existing book), then times coopdesk from opening the book to the
last part written: ``book.bulletin.slips`` (one aggregate query for every slip);
a worker per core but one, forked at once, each handed a range of the slips (by
inheritance: nothing large is pickled), which makes their views (``slip_views``)
and prints its part (``render_bulletin``); meanwhile this process reads the
month's figures (``book.bulletin.monthly``), makes the view (``bulletin_view``),
hands it to the workers and prints the first part itself: the bulletin's own pages
and the first slips (``FIRST_PART_FEWER`` fewer, for the figures it read). The
parts are separate PDFs, each numbered from its page 1 (not joined into one).
The baseline draws the same strings of each slip (its ``SlipView``), three to a
page, with bare ReportLab ``canvas.drawString`` in the same embedded fonts, on one
core, from the view already made: no book opened, no SQL, no formatting.

Every stage is reported in wall and CPU seconds, with the load averages: on a
shared machine the clock measures the other jobs as much as this one, so the
ratio is also worked out from CPU time (the longest path: what the clock would
say with ``--cores`` free cores).

Issue 15 asks that coopdesk's throughput *per core* reach at least half of the
bare throughput: (members / our seconds / cores) ÷ (members / bare seconds) ≥ 0.5.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
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
from coopdesk.core.bulletin import month_end  # noqa: E402
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


# What the forked workers inherit: every member's Slip, read before they are forked, and
# a queue on which this process puts the bulletin's view (its words without the slips)
# once it has read the month's figures. A worker is handed only a range of the slips:
# it makes their views (while the figures are read here), takes the view and prints its
# part. Nothing large is pickled, and the slip views are made on every core.
_SLIPS: tuple = ()
_VIEWS = None

# This process prints the first part (the bulletin's own pages and the first slips)
# after reading the figures, while the workers already print the others: it takes
# fewer slips so that all end together: the figures and the view cost about what
# this many slips cost to print (measured: 0.25 s CPU against 1.2 s for 2,377 slips).
FIRST_PART_FEWER = 250


def _part(args) -> tuple[int, float, float]:
    first_slip, last_slip, year, month, as_of, path = args
    wall, cpu = time.perf_counter(), time.process_time()
    slips = slip_views(_SLIPS[first_slip:last_slip], year, month, as_of)
    view = _VIEWS.get()
    render_bulletin(dataclasses.replace(view, slips=slips), path, slips=True, bulletin=False)
    return len(slips), time.process_time() - cpu, time.perf_counter() - wall


def ours(db: str, year: int, month: int, cores: int, folder: str) -> tuple[float, float, float, int, object]:
    """Returns the wall seconds, the CPU seconds of every process, the CPU seconds on
    the longest path (this process, or a worker and what this process did before
    forking it: what the wall time would be with ``cores`` free cores), the number
    of slips and the whole view (for the baseline)."""
    global _SLIPS, _VIEWS
    start, cpu = time.perf_counter(), time.process_time()
    mp = multiprocessing.get_context("fork")
    with Book.open(db) as book:
        opened, opened_cpu = time.perf_counter(), time.process_time()
        _SLIPS = book.bulletin.slips(year, month)
        as_of = min(month_end(year, month), book.clock.today())  # the slips' balances are on this day
        read, read_cpu = time.perf_counter(), time.process_time()
        n = len(_SLIPS)
        first_size = max(0, -(-n // cores) - (FIRST_PART_FEWER if cores > 1 else 0))
        size = -(-(n - first_size) // (cores - 1)) if cores > 1 else 0
        ranges = [(i, min(i + size, n)) for i in range(first_size, n, size)] if size else []
        _VIEWS = mp.Queue()
        # what is read so far is left out of the garbage collector's passes: a forked worker's
        # collections would otherwise touch every inherited object and copy its memory page
        gc.freeze()
        pool = mp.Pool(len(ranges)) if ranges else None
        results = pool.map_async(_part, [(i, j, year, month, as_of, os.path.join(folder, f"parte-{k}.pdf"))
                                         for k, (i, j) in enumerate(ranges, 1)]) if pool else None
        forked, forked_cpu = time.perf_counter(), time.process_time()
        data = book.bulletin.monthly(year, month, "Acuerdos del Consejo", "Próxima asamblea")
        figures, figures_cpu = time.perf_counter(), time.process_time()
        view = bulletin_view(data, book.cooperative, book.clock.today())
    assert data.figures.as_of == as_of
    for _range in ranges:
        _VIEWS.put(view)
    viewed, viewed_cpu = time.perf_counter(), time.process_time()
    slips = slip_views(_SLIPS[:first_size], year, month, as_of)
    render_bulletin(dataclasses.replace(view, slips=slips), os.path.join(folder, "parte-0.pdf"), slips=True)
    printed, printed_cpu = time.perf_counter(), time.process_time()
    done = [(len(slips), printed_cpu - viewed_cpu, printed - viewed)]
    if pool is not None:
        done += results.get()
        pool.close()
        pool.join()
    ended, ended_cpu = time.perf_counter(), time.process_time()
    assert sum(d for d, _c, _w in done) == n
    here_cpu = ended_cpu - cpu  # this process: open, slips, pool, figures, view, the first part, waiting
    workers_cpu = sum(c for _d, c, _w in done[1:])
    longest = max([here_cpu] + [forked_cpu - cpu + c for _d, c, _w in done[1:]])
    print(f"  open {opened - start:.2f} s ({opened_cpu - cpu:.2f} s CPU), "
          f"slips {read - opened:.2f} s ({read_cpu - opened_cpu:.2f} s CPU), "
          f"{len(ranges)} workers forked {forked - read:.2f} s ({forked_cpu - read_cpu:.2f} s CPU), "
          f"figures {figures - forked:.2f} s ({figures_cpu - forked_cpu:.2f} s CPU), "
          f"view {viewed - figures:.2f} s ({viewed_cpu - figures_cpu:.2f} s CPU)")
    for k, (d, c, w) in enumerate(done):
        print(f"  part {k}: {d:,} slips{' and the bulletin, by this process' if k == 0 else ''}, "
              f"slip views and PDF {w:.2f} s ({c:.2f} s CPU)")
    print(f"  waiting for the workers {ended - printed:.2f} s; this process {here_cpu:.2f} s CPU in all")
    # the baseline draws the strings of the same slip views, made here after the clock stopped
    return ended - start, here_cpu + workers_cpu, longest, n, dataclasses.replace(
        view, slips=slip_views(_SLIPS, year, month, as_of))


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
        seconds, cpu, path_cpu, n, view = ours(db, year, month, args.cores, args.out or folder)
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
          f"{bare_cpu / cpu:.2f} from every CPU second spent (as if no core ever waited)")


if __name__ == "__main__":
    main()
