#!/usr/bin/env python3
"""Batch print job benchmark: the peak memory of joining a run's liquidations into ONE PDF.

Builds a demo season in a child process (default 2,000 members and 40,000
deliveries; ``--members N``; ``--full`` for 50,000 and 1,000,000), publishes the
worked example of docs/criteria.md (by value, the demo has several products)
and writes every liquidation as one print job with
``book.liquidations.write_batch`` (grouped by zone, a separator page each,
pieces of ``PIECE`` members laid out on every core and joined as they come by
``reports/pdf_join.PdfJoin``).

Memory is the peak resident set (VmHWM on Linux, else ``resource.getrusage``) of
the process that reads the run and joins the job, and of the largest worker,
which lays pieces out (each worker's VmHWM, watched while the job runs). Not
``ru_maxrss``: on Linux a child keeps the peak of the parent it was forked from,
so the job's figure was the benchmark's own size after publishing the run, and
grew with the book. The demo's build is in its own child and counts in neither. Issue 15 asks
that the merged PDF of 50,000 liquidations stay under 400 MB. For a baseline
the same members are also laid out in one ReportLab document
(``renderer.members``, what ``write_members`` does) in a child process, up to
``--baseline-max`` members (default 2,000: it grows with the job).

``--read-only``: only the reading of the run for the job (the seal check,
``_LeanRun``, the members' parts; no layout), the peak of the process that
does it: what grows fastest with the members (issue 15, item 4).

Linux/macOS only (``resource``).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopdesk.core import Book  # noqa: E402
from coopdesk.reports.distribution_pdfs import PDF  # noqa: E402

LIMIT_MB = 400


def criteria() -> str:
    text = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    toml = re.findall(r"```toml\n(.*?)```", text, re.S)[1]  # S/ 10,000.00: within any demo's 591
    return toml.replace('clave = "kg"', 'clave = "valor"')


def mb(kilobytes: int) -> float:
    """ru_maxrss is in KiB on Linux, bytes on macOS."""
    return kilobytes / (1024 * 1024 if sys.platform == "darwin" else 1024)


def hwm(pid: int | str = "self") -> float | None:
    """The peak resident set of this process image (VmHWM, Linux), in MB. Unlike
    ``ru_maxrss`` it is not carried over from the parent a child is forked from:
    a child started after its parent grew would otherwise report the parent's size."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Workers:
    """Watches this process's children (the pool's workers) and keeps the largest
    peak any of them reached (VmHWM read every 0.2 s; Linux)."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.2):
            children: list[str] = []
            try:
                tasks = os.listdir(f"/proc/{me}/task")
            except OSError:  # no /proc (macOS): ru_maxrss of the children instead
                return
            for task in tasks:  # a child is listed under the thread that started it
                try:
                    with open(f"/proc/{me}/task/{task}/children") as f:
                        children += f.read().split()
                except OSError:
                    continue
            for child in children:
                self.peak = max(self.peak, hwm(child) or 0.0)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def baseline(db: str, run: int, members: int, out: str) -> None:
    """In a child: the first ``members`` liquidations in one ReportLab document; prints its peak RSS."""
    with Book.open(db) as book:
        book.liquidations.renderer = PDF
        codes = [p.member.code for p in book.liquidations.parts(run)][:members]
        book.liquidations.write_members(run, out, members=codes)
    print(mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def job(db: str, run: int, out: str, workers: int | None) -> None:
    """In a child: the whole print job; prints its peak RSS, its workers' peak, RSS before, seconds."""
    with Book.open(db) as book:
        book.liquidations.renderer = PDF
        before = hwm() or mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        watch = Workers()
        start = time.perf_counter()
        book.liquidations.write_batch(run, out, workers=workers)
        seconds = time.perf_counter() - start
        largest = watch.stop()
    print(hwm() or mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
          largest or mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), before, seconds)


def read_only(db: str, run: int) -> None:
    """In a child: the run read for the job as ``write_batch`` reads it, no layout;
    prints the peak before and after, and the CPU seconds."""
    with Book.open(db) as book:
        before = hwm() or mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        start = time.process_time()
        _context, _lean, parts = book.liquidations._lean(run, None, None)
        seconds = time.process_time() - start
    print(hwm() or mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), before, seconds, len(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--deliveries", type=int, default=0, help="default: 20 per member")
    parser.add_argument("--full", action="store_true", help="50,000 members and 1,000,000 deliveries")
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--baseline-max", type=int, default=2_000)
    parser.add_argument("--db", help="a demo book already built with --members N (it gets a new run); "
                                     "default: build one")
    parser.add_argument("--read-only", action="store_true",
                        help="only read the run for the job (seal check, members' parts), no layout")
    parser.add_argument("--child-read", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-baseline", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--child-job", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_job:
        db, run, out, workers = args.child_job
        job(db, int(run), out, int(workers) or None)
        return
    if args.child_read:
        read_only(args.child_read[0], int(args.child_read[1]))
        return
    if args.child_baseline:
        db, run, members, out = args.child_baseline
        baseline(db, int(run), int(members), out)
        return
    members = 50_000 if args.full else args.members
    deliveries = 1_000_000 if args.full else (args.deliveries or members * 20)
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-batch-"))
    try:
        db = Path(args.db) if args.db else work / "demo.sqlite"
        start = time.perf_counter()
        if not args.db:
            subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                            "from coopdesk.core.demo import build_demo; "
                            "build_demo(sys.argv[2], members=int(sys.argv[3]), deliveries=int(sys.argv[4]))",
                            str(ROOT), str(db), str(members), str(deliveries)], check=True)
        print(f"demo: {members:,} members, {deliveries:,} deliveries ({time.perf_counter() - start:.1f} s)")
        with Book.open(str(db)) as book:
            run = book.distributions.create(criteria(), name="Benchmark")
            book.distributions.approve(run.number, acta="1", acta_date=date.today())
            book.distributions.publish(run.number)
        if args.read_only:
            child = subprocess.run([sys.executable, __file__, "--child-read", str(db), str(run.number)],
                                   capture_output=True, text=True, check=True)
            ours, before, seconds, count = child.stdout.split()
            print(f"reading {int(count):,} members for the job (seal check, _LeanRun, parts; no layout): peak "
                  f"{float(ours):.1f} MB (before: {float(before):.1f} MB), {float(seconds):.2f} s of CPU")
            return
        out = work / "liquidaciones.pdf"
        # the job in a child of its own: its peak, and its workers' (and no other child's)
        child = subprocess.run([sys.executable, __file__, "--child-job", str(db), str(run.number), str(out),
                                str(args.workers or 0)], capture_output=True, text=True, check=True)
        ours, worker, before, seconds = (float(x) for x in child.stdout.split())
        size = out.stat().st_size / 1e6
        from pypdf import PdfReader  # reading the job back only to count its pages

        pages = len(PdfReader(str(out)).pages)
        print(f"batch PDF: {members:,} liquidations, {pages:,} pages, {size:,.1f} MB, {seconds:.1f} s "
              f"({members / seconds:.0f} per s), {os.cpu_count()} cores")
        print(f"  peak memory of the process that reads the run and joins the job  {ours:7.1f} MB "
              f"(before the job: {before:.1f} MB)")
        print(f"  peak memory of the largest worker                               {worker:7.1f} MB")
        print(f"  limit {LIMIT_MB} MB: {'within' if max(ours, worker) < LIMIT_MB else 'OVER'}")
        n = min(members, args.baseline_max)
        if n <= 0:
            return
        child = subprocess.run([sys.executable, __file__, "--child-baseline", str(db), str(run.number), str(n),
                                str(work / "uno.pdf")], capture_output=True, text=True, check=True)
        print(f"  baseline: {n:,} liquidations in one ReportLab document, peak {float(child.stdout.split()[-1]):.1f} MB"
              f" (grows with the job)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
