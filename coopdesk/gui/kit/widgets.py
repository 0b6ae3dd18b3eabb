"""Small widget helpers the dialogs share: choice combos, date edits, a grid typed as a spreadsheet."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QTableWidget,
    QToolTip,
)

from coopdesk.core.dto import CampaignRow
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_month


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


class DateEdit(QDateEdit):
    """A date typed as dd/mm/aaaa that never changes a part the treasurer did not
    type without saying so: Qt makes 31/03 into 28/02 when only the month is typed
    as 02; here the field is marked and says which day it kept («problem»)."""

    FORMAT = "dd/MM/yyyy"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problem = ""
        self._shown = QDate()
        self.dateChanged.connect(self._changed)

    def _changed(self, new: QDate) -> None:
        old, self._shown = self._shown, QDate(new)
        typing_elsewhere = self.hasFocus() and self.currentSection() != QDateEdit.Section.DaySection
        if old.isValid() and typing_elsewhere and old.day() != new.day() and old.day() > new.daysInMonth():
            self._say(_("%(month)s no tiene día %(day)s: quedó el %(date)s. Revise el día.") % {
                "month": format_month(new.year(), new.month()).capitalize(), "day": old.day(),
                "date": new.toString(self.FORMAT)})
        else:
            self._say("")

    def _say(self, problem: str) -> None:
        if problem == self.problem:
            return
        self.problem = problem
        self.setProperty("invalid", "true" if problem else "false")
        self.setToolTip(problem)
        self.style().unpolish(self)
        self.style().polish(self)
        if problem and self.isVisible():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), problem, self)


def date_edit(value: date, minimum: date | None = None, maximum: date | None = None) -> QDateEdit:
    edit = DateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DateEdit.FORMAT)
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


class TypedGrid(QTableWidget):
    """A small table typed as a spreadsheet (the inputs of Cuentas, a grade table):
    Enter keeps the cell being typed and moves on with ``advance()``; when
    ``advance()`` says there is nowhere to go (an empty last row), Enter leaves the
    grid for the dialog's next field. Subclasses say where the next cell is."""

    def advance(self) -> bool:
        raise NotImplementedError

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.state() == QAbstractItemView.State.EditingState or self.advance():
                event.accept()  # a cell being typed is kept by its editor (see closeEditor)
            else:
                event.ignore()  # the dialog moves on to the next field
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:
        # Enter in a cell being typed: keep it, then go on to the next cell as a spreadsheet does
        entered = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, hint)
        if entered:
            self.advance()


def campaign_period(campaign: CampaignRow) -> str:
    """«Campaña 2026: del 01/01/2026 al 31/12/2026», in the reader's language: the
    campaign's code, not its name, which is data typed in one language (the name is
    for a tooltip)."""
    return _("Campaña %(code)s: del %(start)s al %(end)s") % {
        "code": campaign.code, "start": format_date(campaign.start_date), "end": format_date(campaign.end_date)}


def give_shortcut(button, keys: str) -> None:
    """A button's keyboard shortcut (``"Ctrl+Shift+C"``), said in its tooltip as the
    keys are printed on a Latin American keyboard (Ctrl, Shift), the same whatever
    translation Qt has loaded (its Spanish would say «Control+Mayúsculas»)."""
    from PySide6.QtGui import QKeySequence

    sequence = QKeySequence(keys)
    button.setShortcut(sequence)
    shown = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    tip = button.toolTip()
    button.setToolTip(f"{tip} ({shown})" if tip else shown)
