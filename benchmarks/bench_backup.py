#!/usr/bin/env python3
"""«coopdesk backup» benchmark: a verified backup against a bare ``sqlite3`` backup
of the same file, measured in the same run.

Builds the demo (50,000 members and 1,000,000 deliveries, or --small) in a child
process, then times ``book.backups.make()`` against Python's ``sqlite3``
``Connection.backup`` of the same file with no verification (what ``sqlite3
.backup`` does). Issue 13 asks for at most 2×. Two verified backups are timed:

- the everyday one (``thorough=False``): SQLite's online backup API into
  ``.part`` inside one read transaction that also reads the snapshot's page
  count, row counts and audit head; ``PRAGMA quick_check`` of the copy and the
  comparison with the snapshot, while two other threads flush the copy to disk
  and compute its SHA-256; the digest file, the rename, rotation;
- the week's first (``thorough=True``, also ``coopdesk backup --thorough``):
  the same with the full ``PRAGMA integrity_check``.

Also reported: where the time goes. Median of --repeat runs each.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.demo_apart import build_demo_apart  # noqa: E402
from coopdesk.core import Book  # noqa: E402
from coopdesk.core.backups import file_digest  # noqa: E402
from coopdesk.db.sqlite_backup import copy_book  # noqa: E402


def bare_backup(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dest:
        src.backup(dest)


def pragma(path: Path, check: str) -> None:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("PRAGMA mmap_size=1073741824")
        assert conn.execute(f"PRAGMA {check}(1)").fetchall() == [("ok",)]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 members and 100,000 deliveries")
    parser.add_argument("--members", type=int, help="another size: this many members (with --deliveries)")
    parser.add_argument("--deliveries", type=int, help="another size: this many deliveries (with --members)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    members, deliveries = (5_000, 100_000) if args.small else (50_000, 1_000_000)
    if args.members and args.deliveries:
        members, deliveries = args.members, args.deliveries
    work = Path(tempfile.mkdtemp(prefix="coopdesk-bench-"))
    try:
        db = work / "demo.sqlite"
        start = time.perf_counter()
        build_demo_apart(db, members, deliveries)
        print(f"demo built in {time.perf_counter() - start:.0f} s; {db.stat().st_size / 1e6:.1f} MB", flush=True)
        ours, weekly, bare, copy, integrity, quick, digest = [], [], [], [], [], [], []
        with Book.open(str(db)) as book:
            for n in range(args.repeat):
                target = work / f"bare-{n}.sqlite"
                bare.append(timed(lambda: bare_backup(db, target)))
                target.unlink()
                folder = work / f"respaldos-{n}"
                ours.append(timed(lambda: book.backups.make(to=folder, thorough=False)))
                shutil.rmtree(folder)
                weekly.append(timed(lambda: book.backups.make(to=folder, thorough=True)))
                shutil.rmtree(folder)
                part = work / f"part-{n}.sqlite"
                copy.append(timed(lambda: copy_book(db, part)))
                integrity.append(timed(lambda: pragma(part, "integrity_check")))
                quick.append(timed(lambda: pragma(part, "quick_check")))
                digest.append(timed(lambda: file_digest(part)))
                part.unlink()
        m = statistics.median
        print(f"members {members:,}, deliveries {deliveries:,}; median of {args.repeat}")
        print(f"bare sqlite3 backup: {m(bare):.3f} s")
        print(f"verified backup, everyday (quick_check + snapshot comparison): {m(ours):.3f} s; "
              f"ratio {m(ours) / m(bare):.2f}x (target at most 2x)")
        print(f"verified backup, the week's first (integrity_check): {m(weekly):.3f} s; "
              f"ratio {m(weekly) / m(bare):.2f}x")
        print(f"  parts: copy in one read transaction with its snapshot (backup API, journal off WAL, fsync) "
              f"{m(copy):.3f} s, quick_check {m(quick):.3f} s, integrity_check {m(integrity):.3f} s, "
              f"SHA-256 {m(digest):.3f} s (fsync and SHA-256 on their own threads, beside the check)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
