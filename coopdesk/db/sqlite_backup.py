"""Copying a SQLite book with SQLite's online backup API, and checking a copy.

``copy_book`` reads a consistent snapshot of the book (other office processes
keep writing meanwhile: in WAL mode a reader blocks no writer) into a new file,
made self-contained (rollback journal, so it needs no ``-wal`` beside it) and
flushed to disk. ``check_copy`` says whether a file is a whole coopdesk book:
it opens, ``PRAGMA integrity_check`` says ``ok``, it has coopdesk's tables and
its cooperative row. ``copy_into`` writes a checked copy back into a book inside
one SQLite transaction, so a kill at any moment leaves the old book or the
restored one. Whoever calls these decides what to tell a person.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
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


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def copy_book(source: Path, target: Path) -> None:
    """Copy ``source`` (a live book, maybe in WAL mode) into the new file ``target``
    with the online backup API; the copy uses a rollback journal and is on disk
    (fsync) when this returns. ``target`` must not exist."""
    with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target, isolation_level=None)) as dest:
        src.backup(dest, pages=PAGES_PER_STEP)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    fsync_file(target)


def check_copy(path: Path) -> CopyState:
    """Whether ``path`` is a whole coopdesk book, reading it only."""
    try:
        with path.open("rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return CopyState.NOT_SQLITE
        with closing(_read_only(path)) as conn:
            conn.execute("PRAGMA cache_size=-65536")  # 64 MiB: integrity_check reads every page and index
            conn.execute("PRAGMA mmap_size=1073741824")  # read through the page cache: about a third faster
            if conn.execute("PRAGMA integrity_check(1)").fetchall() != [("ok",)]:
                return CopyState.DAMAGED
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "cooperative"} <= tables:
                return CopyState.FOREIGN
            if conn.execute("SELECT count(*) FROM cooperative").fetchone()[0] == 0:
                return CopyState.NO_COOPERATIVE
    except sqlite3.DatabaseError:  # "file is not a database", "database disk image is malformed"
        return CopyState.DAMAGED
    return CopyState.WHOLE


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
