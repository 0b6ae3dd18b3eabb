"""What a SQLite file is, learnt without writing a byte to it.

Before coopdesk makes an engine for a file (whose connections switch it to
WAL), the file is examined here: its size and header with a plain read, then
its tables and ``PRAGMA quick_check`` through a read-only connection
(``file:...?mode=ro``). Whoever opens the book decides what to say about it.

Also here: whether a path lies on a network share (SQLite's locking is not
reliable over NFS or SMB, and WAL needs shared memory on one machine).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import closing
from enum import Enum
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "fuse.sshfs", "afs", "ncpfs", "ceph", "glusterfs",
    "fuse.glusterfs", "fuse.rclone", "davfs", "fuse.davfs2",
})


class FileKind(Enum):
    MISSING = "missing"
    EMPTY = "empty"  # zero bytes: nothing to lose, nothing recognised either
    BLANK = "blank"  # a SQLite database without a single table
    NOT_SQLITE = "not_sqlite"
    DAMAGED = "damaged"  # a SQLite header, but quick_check finds errors (or SQLite cannot read it)
    FOREIGN = "foreign"  # someone else's SQLite database
    COOPDESK = "coopdesk"  # coopdesk's tables (alembic_version and cooperative)


def examine(path: Path) -> FileKind:
    """Recognise ``path`` reading it only: nothing is written, not even a journal mode."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileKind.MISSING
    if size == 0:
        return FileKind.EMPTY
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return FileKind.NOT_SQLITE
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return FileKind.DAMAGED
    except sqlite3.DatabaseError:  # "file is not a database", "database disk image is malformed"
        return FileKind.DAMAGED
    if not tables:
        return FileKind.BLANK
    if {"alembic_version", "cooperative"} <= tables:
        return FileKind.COOPDESK
    return FileKind.FOREIGN


# -- network shares -------------------------------------------------------------------------------


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011, a backslash as \\134."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit() and len(field[i + 1:i + 4]) == 3:
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def network_filesystem(path: str, mounts: str) -> str | None:
    """The network file system type (``nfs``, ``cifs``, ...) that ``path`` (absolute)
    lies on according to ``mounts`` (the text of /proc/mounts), or None. The
    mount point that is the longest prefix of the path decides; a later line
    for the same mount point hides an earlier one."""
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, fstype = _unescape_mount(fields[1]), fields[2]
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fstype
    return kind if kind in NETWORK_FILESYSTEMS else None


def is_unc(path: str) -> bool:
    """A Windows network path, ``\\\\server\\share\\...`` (or with forward slashes),
    but not the local device prefix ``\\\\?\\C:\\`` or ``\\\\.\\``."""
    p = path.replace("/", "\\")
    if p.startswith("\\\\?\\UNC\\"):
        return True
    return p.startswith("\\\\") and not p.startswith(("\\\\?\\", "\\\\.\\"))


def network_share(path: Path) -> str | None:
    """Where ``path`` is on a network share, the kind of share; else None."""
    if sys.platform == "win32":
        if is_unc(str(path)):
            return "UNC"
        try:
            import ctypes

            drive = os.path.splitdrive(str(path.resolve()))[0]
            if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
                return "red"
        except (OSError, AttributeError):
            return None
        return None
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:  # macOS and the BSDs: no /proc; nothing detected
        return None
    return network_filesystem(str(path.resolve()), mounts)
