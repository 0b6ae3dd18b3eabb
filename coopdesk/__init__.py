"""coopdesk: accounting and transparent benefit distribution for agrarian cooperatives in Peru."""

from pathlib import Path

__version__ = "0.1.0"  # the one source: pyproject.toml, the bundle, the .deb, the installer and the GUI read it

_MIGRATIONS = Path(__file__).with_name("db") / "migrations" / "versions"


def schema_revision() -> str:
    """The newest database schema revision this version writes (``"0007"``), read
    from the migration files' names (``0007_audit_trail.py``) so that
    ``coopdesk --version`` imports neither SQLAlchemy nor Alembic. Each file's
    name starts with its revision (tests/packaging/test_version.py holds every
    file to it and this to ``coopdesk.db.migrate.head_revision()``)."""
    names = [p.name.partition("_")[0] for p in _MIGRATIONS.glob("[0-9]*_*.py")]
    return max(names, default="?")


def version_text() -> str:
    """What ``coopdesk --version`` prints: ``coopdesk 0.1.0 (schema 0007)``."""
    return f"coopdesk {__version__} (schema {schema_revision()})"
