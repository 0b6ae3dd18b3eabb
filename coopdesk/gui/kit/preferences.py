"""What the treasurer chose, kept with QSettings between sessions."""

from __future__ import annotations

from PySide6.QtCore import QSettings

LANGUAGE_KEY = "language"
DEFAULT_LANGUAGE = "es"


def saved_language() -> str:
    value = QSettings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return value if isinstance(value, str) and value else DEFAULT_LANGUAGE


def save_language(code: str) -> None:
    settings = QSettings()
    settings.setValue(LANGUAGE_KEY, code)
    settings.sync()


LAST_BOOK_KEY = "book/last"  # the book the setup assistant created: opened next time coopdesk starts
SERIES_KEY = "intake/series"  # the collection point this machine records for


def saved_value(key: str, default: str = "") -> str:
    value = QSettings().value(key, default)
    return value if isinstance(value, str) else default


def save_value(key: str, value: str) -> None:
    settings = QSettings()
    settings.setValue(key, value)
    settings.sync()


COLUMNS_KEY = "columns/%s"  # a table's column widths, by the table's name


def saved_widths(table: str) -> list[int]:
    """The column widths the user left ``table`` with ([] if never changed)."""
    value = QSettings().value(COLUMNS_KEY % table, "")
    if not isinstance(value, str) or not value:
        return []
    try:
        return [int(part) for part in value.split(",")]
    except ValueError:
        return []


def save_widths(table: str, widths: list[int]) -> None:
    settings = QSettings()
    settings.setValue(COLUMNS_KEY % table, ",".join(str(w) for w in widths))
    settings.sync()
