"""Which of SQLite's refusals a failed statement met: a full disk, a read-only
file, or a write lock held by another process for longer than the timeout.
Whoever writes decides what to tell a person (coopdesk.core.book_files)."""

from __future__ import annotations

import sqlite3
from enum import Enum


class Failure(Enum):
    FULL = "full"  # SQLITE_FULL: "database or disk is full"
    READ_ONLY = "read_only"  # SQLITE_READONLY: "attempt to write a readonly database"
    BUSY = "busy"  # SQLITE_BUSY / SQLITE_LOCKED: "database is locked" after the timeout
    CANNOT_OPEN = "cannot_open"  # SQLITE_CANTOPEN: the file, its journal or its folder cannot be opened


_BY_CODE = {
    sqlite3.SQLITE_FULL: Failure.FULL,
    sqlite3.SQLITE_READONLY: Failure.READ_ONLY,
    sqlite3.SQLITE_BUSY: Failure.BUSY,
    sqlite3.SQLITE_LOCKED: Failure.BUSY,
    sqlite3.SQLITE_CANTOPEN: Failure.CANNOT_OPEN,
}
_BY_TEXT = (
    ("database or disk is full", Failure.FULL),
    ("readonly database", Failure.READ_ONLY),
    ("database is locked", Failure.BUSY),
    ("database table is locked", Failure.BUSY),
    ("unable to open database file", Failure.CANNOT_OPEN),
)


def sqlite_failure(exc: BaseException) -> Failure | None:
    """The failure behind ``exc`` (a SQLAlchemy DBAPIError or a sqlite3 error), if it is one of these."""
    error = getattr(exc, "orig", None) or exc
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+: the extended result code
    if code is not None and (code & 0xFF) in _BY_CODE:
        return _BY_CODE[code & 0xFF]
    text = str(error).lower()
    return next((failure for words, failure in _BY_TEXT if words in text), None)
