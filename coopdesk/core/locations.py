"""Where the data lives, for the GUI and CLI (which may not import the db layer)."""

from __future__ import annotations

from pathlib import Path

from coopdesk.db.engine import default_db_path, describe, resolve_url, sqlite_path


def resolve_db(db: str | None = None) -> str:
    """The database URL for ``--db`` (a path or URL), ``$COOPDESK_DB`` or the default file."""
    return resolve_url(db)


def database_exists(url: str) -> bool:
    """A SQLite file exists; other databases (PostgreSQL) are assumed to exist."""
    path = sqlite_path(url)
    return path is None or path.exists()


def demo_db_path() -> str:
    """The demo cooperative's own file, beside the default one, never the real data."""
    return str(default_db_path().with_name("coopdesk-demo.sqlite"))


def display_name(url: str) -> str:
    """The file path, or the URL without its password."""
    return describe(url)


def sqlite_file(url: str) -> Path | None:
    return sqlite_path(url)


def log_path() -> Path:
    """The file where unexpected errors are written for whoever supports coopdesk."""
    path = default_db_path().with_name("coopdesk.log")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def current_user() -> str:
    """Who is at the keyboard, as the system knows them (recorded beside what
    they approve, publish or void); '' when the system cannot say."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
