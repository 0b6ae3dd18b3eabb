"""Bring a database to the newest schema, backing up a SQLite file first.

The schema exists only through these migrations (never ``create_all``).
Before upgrading a SQLite file that already has data, a copy is written beside
it (``coopdesk.sqlite.bak-<revision>-<timestamp>``) with SQLite's backup API,
so nothing is lost if an upgrade goes wrong.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from coopdesk.db.engine import sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> Path | None:
    """Migrate to head. Returns the backup written, if any."""
    backup = backup_before_upgrade(engine)
    with engine.begin() as conn:
        upgrade_in(conn)
    return backup


def backup_before_upgrade(engine: Engine) -> Path | None:
    """The copy of a SQLite file with data, written before its schema changes."""
    current = current_revision(engine)
    if current is None or current == head_revision():
        return None
    path = sqlite_path(str(engine.url))
    if path is None or not path.exists():
        return None
    return backup_sqlite(path, current)


def revision_in(conn: Connection) -> str | None:
    """The revision the book has, read inside the caller's transaction."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade_in(conn: Connection) -> str | None:
    """Migrate to head inside the caller's open transaction, which commits (or
    rolls back) the new schema together with whatever else it writes. Returns
    the revision read inside that transaction (another process may have
    upgraded the book while this one waited for the write lock)."""
    current = MigrationContext.configure(conn).get_current_revision()
    if current != head_revision():
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return current


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy with SQLite's backup API under a temporary name, renamed when
    complete: a copy interrupted half-way never looks like a backup."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    partial = target.with_name(target.name + ".part")
    try:
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(partial)) as dest:
            source.backup(dest)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}
