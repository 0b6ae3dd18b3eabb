"""A PostgreSQL book's backup: ``pg_dump -Fc``, checked with ``pg_restore --list``,
and put back with ``pg_restore --clean --single-transaction``.

The tools come from the machine's PostgreSQL client (on PATH, or Debian's
``/usr/lib/postgresql/<version>/bin``). The password never appears on a command
line: it goes to the tools in ``PGPASSWORD``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class ToolMissing(Exception):
    """pg_dump or pg_restore is not installed."""


class ToolFailed(Exception):
    """pg_dump or pg_restore said no; ``str()`` is what it wrote on stderr."""


def find_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without password, and the environment carrying it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, args: list[str], env: dict[str, str] | None = None) -> str:
    path = find_tool(tool)
    if path is None:
        raise ToolMissing(tool)
    result = subprocess.run([path, *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise ToolFailed(result.stderr.strip())
    return result.stdout


def dump(url: str, target: Path) -> None:
    """``pg_dump -Fc`` of the database at ``url`` into ``target``."""
    libpq, env = _connection(url)
    _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}", libpq], env)


def dump_tables(path: Path) -> set[str] | None:
    """The tables whose data a dump holds (from ``pg_restore --list``), or None
    when pg_restore cannot read it as a dump."""
    try:
        listing = _run("pg_restore", ["--list", str(path)])
    except ToolFailed:
        return None
    tables = set()
    for line in listing.splitlines():
        # "215; 0 16390 TABLE DATA public cooperative postgres"
        if line.startswith(";") or " TABLE DATA " not in line:
            continue
        words = line.split(" TABLE DATA ", 1)[1].split()
        if len(words) >= 2:
            tables.add(words[1])
    return tables


def dump_has_rows(path: Path, table: str) -> bool:
    """Whether the dump holds at least one row of ``table`` (its COPY data, read by pg_restore)."""
    try:
        script = _run("pg_restore", ["--data-only", f"--table={table}", "--file=-", str(path)])
    except ToolFailed:
        return False
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and line.endswith("FROM stdin;"):
            return i + 1 < len(lines) and lines[i + 1] != "\\."
    return False


def restore(path: Path, url: str) -> None:
    """Replace the database's contents by the dump's, in one transaction."""
    libpq, env = _connection(url)
    _run("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges",
                        f"--dbname={libpq}", str(path)], env)
