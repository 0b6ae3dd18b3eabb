"""The schema revisions this coopdesk knows, and the one a book has: read without
Alembic, so that opening a book that is already up to date (every command, every
start of the GUI) never imports it. ``coopdesk.db.migrate`` (Alembic) runs only
when a book needs an upgrade.

Each migration file is named by its revision (``0007_audit_trail.py``), so the
known revisions are the files' names and the newest is the largest;
tests/db/test_revisions.py holds both to Alembic's own reading of the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

VERSIONS = Path(__file__).with_name("migrations") / "versions"
VERSION_TABLE = "alembic_version"  # where Alembic keeps a book's revision: one row


def known_revisions() -> set[str]:
    """Every revision this coopdesk has a migration for."""
    return {path.name.partition("_")[0] for path in VERSIONS.glob("[0-9]*_*.py")}


def head_revision() -> str:
    """The newest revision: the schema this coopdesk writes (``"0009"``)."""
    return max(known_revisions(), default="?")


def revision_in(conn: Connection) -> str | None:
    """The book's revision, read inside the caller's connection; None for a
    database without coopdesk's schema yet."""
    if not conn.dialect.has_table(conn, VERSION_TABLE):
        return None
    rows = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars().all()
    return ",".join(sorted(rows)) or None  # one row (coopdesk's migrations are one chain)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return revision_in(conn)
