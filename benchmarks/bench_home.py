#!/usr/bin/env python3
"""«Inicio» benchmark: the season's figures over the big demo, against the bare SQL (issue 14, item 1).

    .venv/bin/python benchmarks/bench_home.py            # 50,000 members, 1,000,000 deliveries (builds the demo)
    .venv/bin/python benchmarks/bench_home.py --small    # 5,000 members, 100,000 deliveries
    .venv/bin/python benchmarks/bench_home.py --db /tmp/demo1m.sqlite   # builds it there once, reuses it after

Targets: ``book.season.overview()`` (every figure of the screen, computed in SQL)
in at most 2× the same SQL replayed with bare ``sqlite3`` in the same run; the
screen shown (``HomeView`` built, its figures fetched on the worker, laid out,
the matplotlib chart drawn and the whole screen painted with ``grab()``) in at
most 1 s, on Qt's offscreen platform.

- core: the median of ``--repeat`` calls of ``book.season.overview()`` (after one
  call that fills the page cache);
- bare: the exact SELECTs that call sends (captured from the engine with their
  parameters), replayed with ``sqlite3`` and fetched, the median of as many runs;
- screen: the first showing apart (it imports the screen and matplotlib), then the
  median of the others, in wall-clock time and in CPU time (this process, every
  thread's: on a machine shared with other work, the CPU time says what the screen
  itself costs), each at two moments: the figures shown, and the chart drawn;
- stall: the longest gap between two ticks of a 10 ms timer on the window's thread,
  from the moment the screen is asked for until its chart is painted (building the
  screen, laying out, painting, and the GIL held by the chart's thread).

The machine may be busy with other work: read the medians and the ratio, and the CPU
times. ``BENCH_HOME_GAPS=1`` prints each showing's five longest gaps between the
timer's ticks (wall ms, the window's own CPU ms in it, ms from the start).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_deliveries_screen import capture_sql as capture_selects  # noqa: E402
from bench_deliveries_screen import timed_median as median_of  # noqa: E402
from demo_apart import build_demo_apart  # noqa: E402

RATIO_TARGET = 2.0
SCREEN_TARGET = 1.0


def bench_core_and_bare(db: Path, repeat: int):
    from coopdesk.core import Book

    with Book.open(str(db)) as book:
        overview = book.season.overview()  # the page cache filled, the managers made
        statements = capture_selects(book, book.season.overview)
        conn = sqlite3.connect(db)

        def bare():
            for sql, params in statements:
                conn.execute(sql, params).fetchall()

        bare()
        core_times, bare_times = [], []
        for _ in range(repeat):  # in turns, so the machine's load falls on both alike
            core_times.append(median_of(book.season.overview, 1))
            bare_times.append(median_of(bare, 1))
        conn.close()
    return overview, len(statements), statistics.median(core_times), statistics.median(bare_times)


@dataclass
class Showing:
    """One showing of Inicio, from the moment it is asked for (its module imported and built the first time)."""
    figures: float  # wall seconds until every figure is laid out and painted (the chart says «Cargando gráfico…»)
    figures_cpu: float  # CPU seconds of this process until then, every thread's
    chart: float  # wall seconds until the chart is drawn and painted too
    chart_cpu: float
    stall: float  # the longest wait between two ticks of a 10 ms timer on the window's thread, until the chart
    stall_cpu: float  # the window's thread's own CPU time in that wait (the rest: waiting for the GIL or a core)
    busiest: float  # the most CPU time the window's thread spent between two ticks


def settle(app) -> None:
    """The layout requests that laying out the new labels posts, and those they post, done, and the
    window painted: posted events only, no timers, so the chart's thread is not started yet (it starts
    from a 0 ms timer once its placeholder is painted, as in the app)."""
    for _ in range(3):
        app.sendPostedEvents()


def bench_screen(db: Path, repeat: int) -> tuple[Showing, list[Showing]]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from coopdesk.core import Book
    from coopdesk.gui.kit.tasks import TaskRunner

    qInstallMessageHandler(lambda *_args: None)  # the offscreen plugin's harmless warnings
    app = QApplication.instance() or QApplication([])
    # the window's thread's pulse: a 10 ms timer; the longest gap between its ticks is the longest the window
    # froze (building the screen, laying out the figures, painting, and the GIL while the chart's thread
    # imports matplotlib and draws). It also wakes the waiting loop below, which otherwise sleeps until an
    # event: ``processEvents(flags, 20)`` returned at once when nothing was pending, so the main thread spun
    # and took a core from the worker reading the figures, and its CPU time was counted as the screen's
    ticks: list[tuple[float, float]] = []  # wall time, and the window's thread's CPU time
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
    ticker.start(10)
    runner = TaskRunner(Book.open(str(db)))
    showings = []

    def wait(until, deadline: float, what: str) -> None:
        while not until():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"Inicio did not show its {what} in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)  # sleeps until an event

    assert "matplotlib" not in sys.modules, "the first showing must be the one that imports matplotlib"
    try:
        for _ in range(repeat + 1):
            ticks.clear()
            start, cpu = time.perf_counter(), time.process_time()
            ticks.append((start, time.thread_time()))
            from coopdesk.gui.home.home_view import HomeView

            view = HomeView(runner)
            view.resize(1366 - 183, 728 - 60)
            view.show()  # its first show loads the figures on the worker
            deadline = start + 60
            wait(lambda: view.overview is not None and not runner.busy, deadline, "figures")
            settle(app)
            view.grab()  # the figures painted, the chart's place saying «Cargando gráfico…»
            figures, figures_cpu = time.perf_counter() - start, time.process_time() - cpu
            chart = view.chart
            wait(lambda: chart.figure is not None and chart._running is None, deadline, "chart")
            view.grab()  # the chart painted too
            done = time.perf_counter()
            ticks.append((done, time.thread_time()))
            gaps = [(b[0] - a[0], b[1] - a[1], a[0] - start) for a, b in zip(ticks, ticks[1:])]
            stall, stall_cpu, _at = max(gaps)
            if os.environ.get("BENCH_HOME_GAPS"):  # where the longest waits fell, in ms from the start
                print(sorted((round(1000 * w), round(1000 * c), round(1000 * at)) for w, c, at in gaps)[-5:],
                      "figures at", round(1000 * figures))
            showings.append(Showing(figures, figures_cpu, done - start, time.process_time() - cpu, stall, stall_cpu,
                                    max(c for _w, c, _at in gaps)))
            view.close()
            view.deleteLater()
            app.processEvents()
    finally:
        ticker.stop()
        runner.close()
    return showings[0], showings[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse (or build there) the demo")
    parser.add_argument("--small", action="store_true", help="5,000 members and 100,000 deliveries")
    parser.add_argument("--members", type=int)
    parser.add_argument("--deliveries", type=int)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    members = args.members or (5_000 if args.small else 50_000)
    deliveries = args.deliveries or (100_000 if args.small else 1_000_000)
    work = None
    db = args.db
    if db is None:
        work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-home-"))
        db = work / "demo.sqlite"
    try:
        if not db.exists():
            start = time.perf_counter()
            build_demo_apart(db, members, deliveries)
            print(f"demo built in {time.perf_counter() - start:.1f} s: {db}")
        run(db, args.repeat)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def run(db: Path, repeat: int) -> None:
    bare = sqlite3.connect(db)
    members, deliveries = (bare.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("members", "deliveries"))
    bare.close()
    print(f"{deliveries:,} deliveries, {members:,} members ({db}); {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}; medians of {repeat}")
    overview, queries, core, bare_time = bench_core_and_bare(db, repeat)
    ratio = core / bare_time
    print(f"book.season.overview(): {1000 * core:8.1f} ms")
    print(f"the same {queries} SELECTs, bare sqlite3: {1000 * bare_time:8.1f} ms")
    print(f"ratio {ratio:.2f}x (target <= {RATIO_TARGET:.0f}x: {'OK' if ratio <= RATIO_TARGET else 'MISSED'})")
    print(f"  figures: {overview.net_kg:,} kg in {len(overview.kilos)} product-months; Caja y bancos "
          f"S/ {overview.money_total:,}; members owe S/ {overview.owed_total:,}; tasks "
          f"{[t.kind for t in overview.tasks]}")
    first, others = bench_screen(db, repeat)

    def median(field: str) -> float:
        return statistics.median(getattr(showing, field) for showing in others)

    met = "OK" if max(first.figures, median("figures")) <= SCREEN_TARGET else "MISSED"
    print(f"Inicio's figures shown: first {1000 * first.figures:7.1f} ms (CPU {1000 * first.figures_cpu:.1f} ms), "
          f"then {1000 * median('figures'):7.1f} ms (CPU {1000 * median('figures_cpu'):.1f} ms) (target <= "
          f"{1000 * SCREEN_TARGET:.0f} ms: {met})")
    print(f"its chart drawn:        first {1000 * first.chart:7.1f} ms (CPU {1000 * first.chart_cpu:.1f} ms; "
          f"imports matplotlib), then {1000 * median('chart'):7.1f} ms (CPU {1000 * median('chart_cpu'):.1f} ms)")
    print(f"the window's longest stall (10 ms ticks): first {1000 * first.stall:.1f} ms "
          f"({1000 * first.stall_cpu:.1f} ms of it its own CPU), then {1000 * median('stall'):.1f} ms "
          f"(the longest of all {1000 * max(s.stall for s in others):.1f} ms)")
    print(f"the window's busiest 10 ms tick (its own CPU time between two ticks): first {1000 * first.busiest:.1f} ms, "
          f"then {1000 * median('busiest'):.1f} ms")
    print(f"load {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
