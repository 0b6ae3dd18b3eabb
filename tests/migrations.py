"""Moving a test's book to a schema revision with Alembic, as ``coopdesk.db.migrate`` does."""

from __future__ import annotations

from alembic import command

from coopdesk.db import migrate


def migrate_to(engine, revision: str, downgrade: bool = False) -> None:
    """Upgrade (or downgrade) the database behind ``engine`` to ``revision``, in one transaction."""
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if downgrade else command.upgrade)(config, revision)
