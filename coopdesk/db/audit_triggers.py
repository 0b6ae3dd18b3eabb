"""The audit-trail triggers of migration 0007, for the migrations after it.

Migration 0007 (``0007_audit_trail.py``) writes the triggers that fill
``audit_log``; a later migration that adds an audited table, or changes the
columns of one, writes that table's triggers with 0007's own functions, loaded
from its file here (a migration is a file Alembic loads, not a module to import).
On SQLite the triggers name every column, so they are written again whenever a
table's columns change; on PostgreSQL one function serves every table.

For migrations only: the application never imports this module (PyInstaller
bundles it by name, packaging/coopdesk.spec).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from types import ModuleType

import sqlalchemy as sa
from alembic import op

from coopdesk.db.revisions import VERSIONS

ACTIONS = ("insert", "update", "delete")


@cache
def trail() -> ModuleType:
    """Migration 0007, whose functions write the audit (and delivery seal) triggers."""
    spec = importlib.util.spec_from_file_location("coopdesk_migration_0007", VERSIONS / "0007_audit_trail.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def columns(bind, table: str) -> list[tuple[str, bool]]:
    """(name, is binary) of each of the table's columns as they are now: the trail
    keeps a binary column as its length."""
    return [(c["name"], isinstance(c["type"], sa.LargeBinary)) for c in sa.inspect(bind).get_columns(table)]


def audit(table: str) -> None:
    """Write the audit triggers of a table that has none (a new one)."""
    bind = op.get_bind()
    write = trail()._sqlite_audit if bind.dialect.name == "sqlite" else trail()._postgresql_audit
    for statement in write(table, columns(bind, table)):
        op.execute(statement)


def drop_audit(table: str) -> None:
    """Drop a table's audit triggers (before the table goes)."""
    if op.get_bind().dialect.name == "sqlite":
        drop_sqlite_audit(table)
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_audit ON {table}")


def drop_sqlite_audit(table: str) -> None:
    """On SQLite, drop a table's audit triggers: they name its columns, so they go
    before a column does. Nothing on PostgreSQL."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ACTIONS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_{action}")


def rebuild_sqlite_audit(table: str) -> None:
    """On SQLite, write a table's audit triggers again with its columns as they are
    now (after a column was added or dropped). Nothing on PostgreSQL, whose trigger
    reads whole rows."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    drop_sqlite_audit(table)
    for statement in trail()._sqlite_audit(table, columns(bind, table)):
        op.execute(statement)
