"""The rows of the criteria forms: a table per list of the file ([[apropiaciones]],
[[fondos]], [[primas]]), one row per table, and what a field's text is written as
in the file (a number, money between quotes, a date, a list)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coopdesk.domain.money import D
from coopdesk.i18n import _

OK_COLOR = "#1b5e20"
ORIGINAL = Qt.ItemDataRole.UserRole  # a row's dict as read, so keys the row does not show are kept
WRONG = Qt.ItemDataRole.UserRole + 1  # a cell a problem names

# the allocation keys as the file writes them, with the words a treasurer reads
KEY_LABELS = (
    ("valor", lambda: _("Valor entregado (valor)")),
    ("kg", lambda: _("Kilos entregados (kg)")),
    ("kg_ponderado", lambda: _("Kilos con factores (kg_ponderado)")),
    ("partes_iguales", lambda: _("Partes iguales (partes_iguales)")),
    ("tarifa", lambda: _("Tarifa por kilo o quintal (tarifa)")),
    ("aportaciones", lambda: _("Aportaciones (aportaciones)")),
    ("puntos", lambda: _("Puntos de participación (puntos)")),
)


def key_help() -> dict[str, str]:
    return {
        "valor": _("Cada socio recibe en proporción al valor de lo que entregó (lo que se le pagó): un kilo de "
                   "cacao en baba no vale lo que uno de grano seco."),
        "kg": _("Cada socio recibe en proporción a sus kilos netos entregados. Sirve cuando todos entregan el "
                "mismo producto, o con «Solo productos»."),
        "kg_ponderado": _("Kilos multiplicados por factores de producto, calidad y certificación (se escriben en "
                          "la pestaña Avanzado)."),
        "partes_iguales": _("Cada socio que participa recibe la misma parte."),
        "tarifa": _("Un monto por kilo o por quintal según producto, calidad y certificación (las tarifas se "
                    "escriben en la pestaña Avanzado)."),
        "aportaciones": _("En proporción al capital aportado por cada socio; con «Tasa», un interés sobre sus "
                          "aportaciones."),
        "puntos": _("En proporción a los puntos de participación (asambleas, faenas)."),
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def read_number(text: str):
    """What a number field holds, as the file writes it: an int or a Decimal, the
    text itself when it is not a number (the reader then says so, with its line),
    None when empty (the key is left out)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = D(text)
    except (ArithmeticError, ValueError, InvalidOperation):
        return text
    if not value.is_finite():
        return text
    return int(value) if value == value.to_integral_value() and "." not in text and "," not in text else value


def read_money(text: str):
    """A money field as the file writes it: text between quotes ("80.00")."""
    text = text.strip()
    if not text:
        return None
    try:
        value = D(text)
    except (ArithmeticError, ValueError, InvalidOperation):
        return text
    if not value.is_finite():
        return text
    if value == value.quantize(Decimal("0.01")):
        return format(value.quantize(Decimal("0.01")), "f")
    return format(value, "f")  # three decimals: said by the reader


def read_date(text: str):
    """dd/mm/aaaa or aaaa-mm-dd; the text itself when it is neither."""
    text = text.strip()
    if not text:
        return None
    for pattern, order in ((r"(\d{1,2})/(\d{1,2})/(\d{4})", (3, 2, 1)), (r"(\d{4})-(\d{1,2})-(\d{1,2})", (1, 2, 3))):
        found = re.fullmatch(pattern, text)
        if found:
            try:
                return date(*(int(found.group(i)) for i in order))
            except ValueError:
                return text
    return text


def read_list(text: str) -> list[str] | None:
    items = [part.strip() for part in text.split(",") if part.strip()]
    return items or None


def _put(table: dict, key: str, value) -> None:
    """``key`` set to ``value``, or left out when the field is empty."""
    if value is None or value == "":
        table.pop(key, None)
    else:
        table[key] = value


class _Kept:
    """A Python dict kept in an item as it is (Qt would turn it into a map sorted by key)."""

    __slots__ = ("value",)

    def __init__(self, value: dict):
        self.value = value


class _Rows(QTableWidget):
    """A table of [[apropiaciones]] or [[fondos]], one row per table of the file."""

    edited = Signal()

    def __init__(self, columns: list[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(0, len(columns), parent)
        self.columns = columns  # (key, heading, help)
        self.setHorizontalHeaderLabels([c[1] for c in columns])
        for i, (_key, _heading, help_text) in enumerate(columns):
            self.horizontalHeaderItem(i).setToolTip(help_text)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemChanged.connect(lambda _item: self._changed())
        self.currentCellChanged.connect(lambda row, column, *_: self._show_help(column))
        self._loading = False
        self.help_for = lambda _text: None

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def fit_height(self) -> None:
        """As tall as its rows (two at least, eight at most): the page scrolls, not the table."""
        rows = min(max(self.rowCount(), 2), 8)
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows
                            * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth() + 2
                            + self.horizontalScrollBar().sizeHint().height())  # room for it on a narrow screen

    def narrow(self, widths: dict[str, int]) -> None:
        """Columns of figures as wide as a figure; the name takes the rest."""
        for key, chars in widths.items():
            column = self.column(key)
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, max(self.fontMetrics().horizontalAdvance("9" * chars),
                                            self.fontMetrics().horizontalAdvance(self.columns[column][1]) + 16))
        # the name never squeezed to «…»: on a narrow screen the page scrolls sideways instead
        fixed = sum(self.columnWidth(self.column(key)) for key in widths)
        self.setMinimumWidth(fixed + self.fontMetrics().horizontalAdvance("9" * 16) + 2 * self.frameWidth()
                             + self.verticalScrollBar().sizeHint().width())

    def _show_help(self, column: int) -> None:
        if 0 <= column < len(self.columns) and (self.hasFocus() or self.viewport().hasFocus()):
            self.help_for(self.columns[column][2])

    def column(self, key: str) -> int:
        return [c[0] for c in self.columns].index(key)

    def load(self, rows: list[dict]) -> None:
        self._loading = True
        try:
            self.setRowCount(0)
            for row in rows:
                self.add_row(row)
        finally:
            self._loading = False
        self.fit_height()

    def add_row(self, row: dict) -> int:
        was = self._loading
        self._loading = True
        try:
            index = self.rowCount()
            self.insertRow(index)
            for c, (key, _heading, help_text) in enumerate(self.columns):
                self.set_cell(index, c, key, row.get(key), help_text)
            self.set_original(index, row)
        finally:
            self._loading = was
        self.fit_height()
        if not was:
            self.edited.emit()
        return index

    def set_cell(self, row: int, column: int, key: str, value, help_text: str) -> None:
        item = QTableWidgetItem(_text(value))
        item.setToolTip(help_text)
        if key == "reserva":  # a yes or no: a box to tick
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if value is True else Qt.CheckState.Unchecked)
        self.setItem(row, column, item)

    def original(self, row: int) -> dict:
        """The row's table as read (or as last set), with keys the row does not show."""
        item = self.item(row, 0)
        kept = item.data(ORIGINAL) if item is not None else None
        return dict(kept.value) if isinstance(kept, _Kept) else {}

    def set_original(self, row: int, table: dict) -> None:
        """An item change: the table says it was edited (unless loading)."""
        self.item(row, 0).setData(ORIGINAL, _Kept(dict(table)))

    def merged(self, row: int, shown: dict) -> dict:
        """What the row's cells say (``shown``; empty left out), then the other keys as they were."""
        out = {k: v for k, v in shown.items() if v is not None and v != ""}
        for key, value in self.original(row).items():
            if key not in shown:
                out[key] = value
        return out

    def cell_text(self, row: int, key: str) -> str:
        item = self.item(row, self.column(key))
        return item.text() if item is not None else ""

    def set_cell_text(self, row: int, key: str, text: str) -> None:
        self.item(row, self.column(key)).setText(text)

    def remove_current(self) -> None:
        row = self.currentRow()
        if row < 0:
            row = self.rowCount() - 1
        if row >= 0:
            self.removeRow(row)
            self.fit_height()
            self.edited.emit()

    def mark(self, row: int, key: str, wrong: bool) -> None:
        item = self.item(row, self.column(key))
        if item is not None and item.data(WRONG) != wrong:
            was, self._loading = self._loading, True  # a colour is not an edit
            try:
                item.setData(WRONG, wrong)
                item.setBackground(QColor("#ffcdd2") if wrong else QBrush())
            finally:
                self._loading = was


class _PotRows(_Rows):
    """Pots: the key is a list of the seven keys, in words."""

    def set_cell(self, row: int, column: int, key: str, value, help_text: str) -> None:
        if key != "clave":
            return super().set_cell(row, column, key, value, help_text)
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        for written, label in KEY_LABELS:
            combo.addItem(label(), written)
        known = combo.findData(value)
        if known < 0 and value:
            combo.addItem(str(value), value)  # as written: the reader says what is wrong with it
            known = combo.count() - 1
        combo.setCurrentIndex(max(0, known))
        helps = key_help()
        combo.setToolTip(helps.get(combo.currentData(), help_text))
        combo.currentIndexChanged.connect(lambda _i, c=combo: (c.setToolTip(helps.get(c.currentData(), "")),
                                                               self.help_for(helps.get(c.currentData(), "")),
                                                               self._changed()))
        self.setItem(row, column, QTableWidgetItem())
        self.setCellWidget(row, column, combo)

    def cell_text(self, row: int, key: str) -> str:
        if key == "clave":
            combo = self.cellWidget(row, self.column(key))
            return combo.currentData() if combo is not None else ""
        return super().cell_text(row, key)

    def set_key(self, row: int, written: str) -> None:
        combo: QComboBox = self.cellWidget(row, self.column("clave"))
        combo.setCurrentIndex(combo.findData(written))
