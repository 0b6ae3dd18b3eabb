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
