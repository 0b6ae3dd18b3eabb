"""Use cases over the database, reached through one facade: ``Book``."""

from coopdesk.core.book import Book
from coopdesk.core.dto import Changes
from coopdesk.core.errors import BookError, InvalidInput, NotFound

__all__ = ["Book", "BookError", "Changes", "InvalidInput", "NotFound"]
