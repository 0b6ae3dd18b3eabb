"""Copying a SQLite book with SQLite's online backup API, and checking a copy.

``copy_book`` reads a consistent snapshot of the book (other office processes
keep writing meanwhile: in WAL mode a reader blocks no writer) into a new file,
made self-contained (rollback journal, so it needs no ``-wal`` beside it) and
flushed to disk. Inside the same read transaction that the backup API copies
from, it notes what the snapshot holds (``Snapshot``: its page count, every
table's row count, the audit trail's newest hash), so the copy can be compared
with the very state it was made from.

``verify_copy`` says whether a fresh copy is that snapshot, whole: it opens,
``PRAGMA quick_check`` (or, ``thorough``, ``integrity_check``) says ``ok``, it
has coopdesk's tables and its cooperative row, and its pages, rows and audit
head are the snapshot's. ``check_copy`` says whether any file is a whole
coopdesk book (``integrity_check``: a file of unknown history, before a
restore). docs/security.md, «How a backup is verified», says what each check
catches. ``copy_into`` writes a checked copy back into a book inside one SQLite
transaction, so a kill at any moment leaves the old book or the restored one.
Whoever calls these decides what to tell a person.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from coopdesk.db.sqlite_file import SQLITE_HEADER

PAGES_PER_STEP = -1  # the whole file in one step: the fastest, and a WAL reader blocks no writer


class CopyState(Enum):
    WHOLE = "whole"  # a coopdesk book that passes integrity_check and has its cooperative
    NOT_SQLITE = "not_sqlite"
    DAMAGED = "damaged"  # a SQLite header, but SQLite cannot read it or integrity_check finds errors
    FOREIGN = "foreign"  # someone else's SQLite database
    NO_COOPERATIVE = "no_cooperative"  # coopdesk's tables, but no cooperative row
    DIFFERENT = "different"  # sound, but not the snapshot it was copied from (pages, rows or audit head differ)


@dataclass(frozen=True)
class Snapshot:
    """What the book held in the read transaction a copy was made from."""

    pages: int  # PRAGMA page_count
    page_size: int
    rows: tuple[tuple[str, int], ...]  # every table's name and row count, by name
    head: tuple[int, str] | None  # the audit trail's newest chained record (id, hash); None: no trail


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def snapshot_of(conn: sqlite3.Connection) -> Snapshot:
    """Read inside ``conn``'s current read transaction: pages, rows per table and
    the audit head. The row counts cost little (``count(*)`` walks each table's
    smallest b-tree in C: about 15 ms for the 5,000-member, 100,000-delivery demo)."""
    tables = sorted(name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0"))  # virtual tables have no pages
    counts = conn.execute("SELECT " + ", ".join("(SELECT count(*) FROM \"%s\")" % name.replace('"', '""')
                                                for name in tables)).fetchone() if tables else ()
    head = None
    if "audit_log" in tables:
        row = conn.execute("SELECT id, hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
        head = (row[0], row[1]) if row else None
    return Snapshot(conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA page_size").fetchone()[0],
                    tuple(zip(tables, counts)), head)


def copy_book(source: Path, target: Path, flush: bool = True) -> Snapshot:
    """Copy ``source`` (a live book, maybe in WAL mode) into the new file ``target``
    with the online backup API; the copy uses a rollback journal and is on disk
    (fsync) when this returns, unless ``flush`` is False (then the caller flushes
    it before giving it its name). ``target`` must not exist. Returns what the
    snapshot held: the backup API copies from the read transaction that read it
    (``sqlite3_backup_step`` uses the source's open read transaction, so a writer
    that commits meanwhile is in neither)."""
    with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)) as src, \
            closing(sqlite3.connect(target, isolation_level=None)) as dest:
        src.execute("BEGIN")  # deferred: the first read below fixes the snapshot
        try:
            snapshot = snapshot_of(src)
            src.backup(dest, pages=PAGES_PER_STEP)
        finally:
            src.execute("COMMIT")
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    if flush:
        fsync_file(target)
    return snapshot


def _examine(path: Path, check: str, snapshot: Snapshot | None) -> CopyState:
    try:
        with path.open("rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return CopyState.NOT_SQLITE
        with closing(_read_only(path)) as conn:
            conn.execute("PRAGMA cache_size=-65536")  # 64 MiB: integrity_check reads every page and index
            conn.execute("PRAGMA mmap_size=1073741824")  # read through the page cache: about a third faster
            if conn.execute(f"PRAGMA {check}(1)").fetchall() != [("ok",)]:
                return CopyState.DAMAGED
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "cooperative"} <= tables:
                return CopyState.FOREIGN
            if conn.execute("SELECT count(*) FROM cooperative").fetchone()[0] == 0:
                return CopyState.NO_COOPERATIVE
            if snapshot is not None:
                copied = snapshot_of(conn)
                if copied != snapshot or path.stat().st_size != snapshot.pages * snapshot.page_size:
                    return CopyState.DIFFERENT
    except sqlite3.DatabaseError:  # "file is not a database", "database disk image is malformed"
        return CopyState.DAMAGED
    return CopyState.WHOLE


def check_copy(path: Path) -> CopyState:
    """Whether ``path`` is a whole coopdesk book, reading it only: every page,
    index and constraint (``PRAGMA integrity_check``), for a file whose history
    is unknown (a backup about to be restored, a book about to be replaced)."""
    return _examine(path, "integrity_check", None)


def verify_copy(path: Path, snapshot: Snapshot, thorough: bool = False) -> CopyState:
    """Whether ``path``, just written by ``copy_book``, is ``snapshot`` whole:
    ``PRAGMA quick_check`` (every page of every b-tree read and its structure,
    cells, overflow chains and free list checked; every page accounted for
    once), coopdesk's tables and cooperative, and the snapshot's page count, file
    size, row counts and audit head. ``thorough``: ``integrity_check`` instead of
    ``quick_check``, which also compares every index with its table (the only
    thing ``quick_check`` leaves out)."""
    return _examine(path, "integrity_check" if thorough else "quick_check", snapshot)


def cooperative_of(path: Path) -> tuple[str, str] | None:
    """The cooperative's (name, RUC) in a whole copy, or None."""
    try:
        with closing(_read_only(path)) as conn:
            row = conn.execute("SELECT name, ruc FROM cooperative ORDER BY id LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    return (row[0], row[1]) if row else None


def revision_of(path: Path) -> str | None:
    """The schema revision of a whole copy (alembic_version), or None."""
    try:
        with closing(_read_only(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def copy_into(copy: Path, book: Path, timeout: float) -> None:
    """Replace the contents of ``book`` by those of the checked ``copy``, in one
    transaction of the book's own (its journal or WAL makes it all or nothing;
    another process waits for, or holds off, the write lock for ``timeout`` s)."""
    with closing(_read_only(copy)) as src, closing(sqlite3.connect(book, timeout=timeout)) as dest:
        src.backup(dest, pages=PAGES_PER_STEP)
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the restored pages into the file itself


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no folder fsync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
