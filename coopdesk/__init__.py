"""coopdesk: accounting and transparent benefit distribution for agrarian cooperatives in Peru."""

from coopdesk.db.revisions import head_revision

__version__ = "0.1.0"  # the one source: pyproject.toml, the bundle, the .deb, the installer and the GUI read it


def schema_revision() -> str:
    """The newest database schema revision this version writes (``"0007"``), read
    from the migration files' names (``0007_audit_trail.py``) so that
    ``coopdesk --version`` imports neither SQLAlchemy nor Alembic. Each file's
    name starts with its revision (tests/packaging/test_release.py holds every
    file to it and this to Alembic's head, ``coopdesk.db.migrate.head_revision()``)."""
    return head_revision()


def version_text() -> str:
    """What ``coopdesk --version`` prints: ``coopdesk 0.1.0 (schema 0007)``."""
    return f"coopdesk {__version__} (schema {schema_revision()})"
