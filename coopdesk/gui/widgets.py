"""Small widget helpers the dialogs share: choice combos and date edits."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit


def choice_combo(choices: Iterable[tuple[str, str]], placeholder: str = "") -> QComboBox:
    """A combo of (code, label) pairs; with a placeholder, nothing is chosen at first."""
    combo = QComboBox()
    set_choices(combo, choices)
    if placeholder:
        combo.setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)
    return combo


def set_choices(combo: QComboBox, choices: Iterable[tuple[str, str]]) -> None:
    current = combo_value(combo)
    combo.clear()
    for code, text in choices:
        combo.addItem(text, code)
    select_value(combo, current)


def combo_value(combo: QComboBox) -> str:
    value = combo.currentData()
    return value if isinstance(value, str) else ""


def select_value(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code) if code else -1)


def date_edit(value: date, minimum: date | None = None, maximum: date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    if minimum is not None:
        edit.setMinimumDate(QDate(minimum))
    if maximum is not None:
        edit.setMaximumDate(QDate(maximum))
    edit.setDate(QDate(value))
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 48)
    return edit


def number_edit(placeholder: str = "", width_chars: int = 12) -> QLineEdit:
    """A line edit for a number typed as the treasurer writes it ("120,5"), right-aligned."""
    edit = QLineEdit()
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0" * width_chars) + 24)
    return edit
