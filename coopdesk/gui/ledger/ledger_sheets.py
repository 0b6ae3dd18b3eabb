"""The contador's sheets, shared by the Contabilidad tabs: rows with their kind
(section, total, grand total), the model and table that show them, and the small
labels (headings, hints, a status) around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QLabel, QTableView

from coopdesk.domain.ledger import KIND_LABELS, Kind
from coopdesk.domain.money import ZERO
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.gui.ledger.ledger_dialogs import OK_COLOR
from coopdesk.gui.kit.rows import sorted_table
from coopdesk.gui.kit.table_models import LEFT, RIGHT, Column
from coopdesk.gui.kit.widgets import date_edit
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date

HINT_STYLE = "color: #4a4a4a;"
MONEY_SAMPLE = "S/ 000,000,000.00"
COLUMN_PADDING = 20
MUTED = QColor("#757575")
NEGATIVE = QColor(ERROR_COLOR)
TOTAL_BACKGROUND = QColor("#eef3f7")
GRAND_BACKGROUND = QColor("#dce6f0")
SECTION, TOTAL, GRAND, PLAIN = "section", "total", "grand", ""


def when(moment: Any) -> str:
    return f"{format_date(moment.date())} {moment:%H:%M}" if moment is not None else ""


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def heading(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("font-weight: bold; font-size: 11pt;")
    return label


def status_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def show_status(label: QLabel, text: str, good: bool) -> None:
    label.setText(text)
    label.setStyleSheet(f"font-weight: bold; color: {OK_COLOR if good else ERROR_COLOR};")


def filter_date(value: date) -> QDateEdit:
    edit = date_edit(value)
    edit.setKeyboardTracking(False)  # read once the date is typed, not at every digit
    return edit


def kind_name(kind: str) -> str:
    return _(KIND_LABELS[Kind(kind)]) if kind in set(Kind) else kind


def result_name(result: Decimal) -> str:
    return _("Remanente del ejercicio") if result >= ZERO else _("Pérdida del ejercicio")


# -- a statement as a sheet: sections, accounts, totals -----------------------------------------


@dataclass(frozen=True)
class SheetRow:
    cells: tuple[str, ...]
    style: str = PLAIN        # SECTION, TOTAL, GRAND or PLAIN
    key: str = ""             # the account's code (the drill-down)
    muted: bool = False


class SheetModel(QAbstractTableModel):
    """Rows as an accountant's sheet shows them: section titles and totals in bold,
    totals shaded, negative amounts in red, the amounts right-aligned."""

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[SheetRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[SheetRow]:
        return list(self._rows)

    def row_at(self, row: int) -> SheetRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        text = row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if row.style in (SECTION, TOTAL, GRAND) and column == 0 else self._columns[column].align)
        if role == Qt.ItemDataRole.FontRole and row.style != PLAIN:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.style == TOTAL:
                return QBrush(TOTAL_BACKGROUND)
            if row.style == GRAND:
                return QBrush(GRAND_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if text.startswith("-") and self._columns[column].align == RIGHT:
                return QBrush(NEGATIVE)
            if row.muted:
                return QBrush(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole and text and self._columns[column].align == LEFT:
            return text  # a long name cut short can be read whole
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self._columns[section].align)
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def sheet_table(model: SheetModel, columns: Sequence[Column], stretch: int) -> QTableView:
    table = sorted_table(model, columns, stretch)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return table


def on_open(table: QTableView, handler: Callable[[QModelIndex], None]) -> None:
    """A double click on a row, or Enter on the current one, opens it."""
    table.doubleClicked.connect(handler)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: handler(table.currentIndex()))


def fit_columns(table: QTableView, columns: Sequence[int]) -> None:
    """The amount columns as wide as their widest text (an amount is never cut short)."""
    model, metrics, header = table.model(), table.fontMetrics(), table.horizontalHeader()
    bold = QFont(table.font())
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics

    bold_metrics = QFontMetrics(bold)
    for column in columns:
        widest = header.fontMetrics().horizontalAdvance(str(model.headerData(column, Qt.Orientation.Horizontal)))
        widest = max(widest, metrics.horizontalAdvance("S/ 0,000.00"))
        for row in range(model.rowCount()):
            text = model.index(row, column).data() or ""
            widest = max(widest, bold_metrics.horizontalAdvance(text))
        header.resizeSection(column, widest + COLUMN_PADDING)


def span_labels(table: QTableView, model: SheetModel) -> None:
    """Section titles and totals read across the code and name columns."""
    table.clearSpans()
    for i, row in enumerate(model.rows()):
        if row.style in (SECTION, TOTAL, GRAND):
            table.setSpan(i, 0, 1, 2)


# -- Libro diario --------------------------------------------------------------------------
