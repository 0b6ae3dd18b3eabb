"""Use cases over the database, reached through one facade: ``Book``.

``Book`` (and with it SQLAlchemy) and ``Changes`` are imported when first asked for, so that
``coopdesk.core.errors`` or ``coopdesk.core.clock`` cost nothing to a command
that never opens a book (``coopdesk --help``).
"""

from importlib import import_module

from coopdesk.core.errors import BookError, InvalidInput, NotFound

__all__ = ["Book", "BookError", "Changes", "InvalidInput", "NotFound"]

_LAZY = {"Book": "coopdesk.core.book", "Changes": "coopdesk.core.dto"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
