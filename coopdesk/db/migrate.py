"""Bring a database to the newest schema, backing up a SQLite file first.

The schema exists only through these migrations (never ``create_all``).
Before upgrading a SQLite file that already has data, a copy is written beside
it (``coopdesk.sqlite.bak-<revision>-<timestamp>``) with SQLite's backup API,
so nothing is lost if an upgrade goes wrong.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

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
    current = current_revision(engine)
    if current == head_revision():
        return None
    backup = None
    path = sqlite_path(str(engine.url))
    if current is not None and path is not None and path.exists():
        backup = backup_sqlite(path, current)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup


def backup_sqlite(path: Path, revision: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as dest:
        source.backup(dest)
    return target


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}
