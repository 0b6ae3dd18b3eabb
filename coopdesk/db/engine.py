"""Engines: where the database is, and how every connection is set up.

``--db``/``COOPDESK_DB`` take a file path or a SQLAlchemy URL. A path means a
SQLite file; with neither, the file lives in the platform's user-data directory.

SQLite connections get WAL journal, ``synchronous=FULL`` and ``foreign_keys=ON``.
Transactions begin DEFERRED for reads and IMMEDIATE for writes (so a writer takes
the lock up front instead of failing half-way): the write engine carries the
execution option ``sqlite_begin="IMMEDIATE"``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine

# SQLAlchemy is imported by the functions that need it, not here: where the data
# lives (``resolve_url``, ``describe``) is asked before any book opens, and the
# main window draws before SQLAlchemy has loaded (benchmarks/bench_startup.py).

APP_NAME = "coopdesk"
ENV_VAR = "COOPDESK_DB"
LOCK_TIMEOUT_VAR = "COOPDESK_LOCK_TIMEOUT"
LOCK_TIMEOUT = 30.0  # seconds a writer waits for another office process to finish


def lock_timeout() -> float:
    """How long a SQLite writer waits for the write lock: ``$COOPDESK_LOCK_TIMEOUT`` seconds, or 30."""
    try:
        seconds = float(os.environ.get(LOCK_TIMEOUT_VAR, ""))
    except ValueError:
        return LOCK_TIMEOUT
    return seconds if seconds >= 0 else LOCK_TIMEOUT


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "coopdesk.sqlite"


def resolve_url(db: str | os.PathLike | None = None) -> str:
    """A file path, a SQLAlchemy URL, ``$COOPDESK_DB`` or the default file."""
    raw = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if raw is None:
        return f"sqlite:///{default_db_path()}"
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and memory."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not any(c in url for c in "?%"):
        database = url[len(prefix):]  # what resolve_url writes, read without loading SQLAlchemy
    else:
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite":
            return None
        database = parsed.database
    if not database or database == ":memory:":
        return None
    return Path(database)


def describe(url: str) -> str:
    """A URL fit to show a person: the file path, or the URL without password."""
    path = sqlite_path(url)
    if path:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": lock_timeout(), "check_same_thread": False})
        _setup_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def write_engine(engine: Engine) -> Engine:
    """The same engine, beginning transactions with BEGIN IMMEDIATE on SQLite."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def _setup_sqlite(engine: Engine) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
