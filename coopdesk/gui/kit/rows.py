"""Tables every screen shares: rows held in memory (filtered and sorted by a
column's key), the read-only table that fits its columns, and the small static
tables of the dialogs.

Screens and dialogs of every feature build on these; none of them owns them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QTableWidgetItem

from coopdesk.domain.money import ZERO
from coopdesk.domain.text import search_fold
from coopdesk.gui.kit.table_models import CENTER, LEFT, RIGHT, Column
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_money

SEARCH_DELAY_MS = 200
COLUMN_PADDING = 16
SORT_ARROW_ROOM = 24  # header text centred, the sort arrow at the right


def LOADED_ORDER(row: Any) -> Any:  # noqa: N802 - a marker: "sorts as the core listed the rows"
    raise NotImplementedError


@dataclass(frozen=True)
class SortableColumn(Column):
    """A column that sorts by ``key(row)`` (a Decimal, a date, folded text…)."""

    key: Callable[[Any], Any] | None = None


class RowsModel(QAbstractTableModel):
    """Rows held in memory, filtered by a search text and sorted by a column's key."""

    def __init__(self, columns: Sequence[SortableColumn], search_key: Callable[[Any], str] | None = None,
                 parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._search_key = search_key
        self._rows: list[Any] = []
        self._folded: list[str] = []
        self._shown: list[int] = []
        self._words: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def search_keys(self, rows: Sequence[Any]) -> list[str]:
        """What the filter looks in, folded (slow for many rows: call it on the worker)."""
        return [search_fold(self._search_key(r)) for r in rows] if self._search_key else []

    def set_rows(self, rows: Sequence[Any], search_keys: list[str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._folded = search_keys if search_keys is not None else self.search_keys(self._rows)
        self._select()
        self.endResetModel()

    def filter(self, text: str) -> None:
        self.beginResetModel()
        self._words = search_fold(text).split()
        self._select()
        self.endResetModel()

    def _select(self) -> None:
        words = self._words
        if words and self._folded:
            self._shown = [i for i, f in enumerate(self._folded) if all(w in f for w in words)]
        else:
            self._shown = list(range(len(self._rows)))
        if self._sort is not None:
            self._order(*self._sort)

    def _order(self, column: int, order: Qt.SortOrder) -> None:
        spec = self._columns[column]
        key = spec.key or spec.text
        rows, reverse = self._rows, order == Qt.SortOrder.DescendingOrder
        if key is LOADED_ORDER:
            self._shown = sorted(self._shown, reverse=reverse)
            return
        # from the loaded order, so equal values keep the list's order whatever was sorted before
        self._shown = sorted(sorted(self._shown), key=lambda i: key(rows[i]), reverse=reverse)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        held = self.persistentIndexList()
        rows = [(self._shown[i.row()], i.column()) for i in held]
        self._sort = (column, order)
        self._order(column, order)
        where = {r: n for n, r in enumerate(self._shown)}
        self.changePersistentIndexList(held, [self.index(where[r], c) if r in where else QModelIndex()
                                              for r, c in rows])
        self.layoutChanged.emit()

    def row_at(self, row: int) -> Any:
        return self._rows[self._shown[row]]

    def shown(self) -> list[Any]:
        return [self._rows[i] for i in self._shown]

    def row_of(self, key: Callable[[Any], bool]) -> int | None:
        return next((n for n, i in enumerate(self._shown) if key(self._rows[i])), None)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(self.row_at(index.row()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(self.row_at(index.row()))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole:  # centred: the sort arrow sits at the right
                return int(CENTER)
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def sorted_table(model: QAbstractTableModel, columns: Sequence[Column], stretch: int, title: str = "") -> QTableView:
    """A read-only table whose columns fit their typical values; column ``stretch``
    (the names) takes the width left, down to a minimum, so the amounts stay in view.
    Its right-click menu exports it («Exportar esta tabla a Excel…»; ``title`` names
    the file and the sheet)."""
    from coopdesk.gui.kit.table_export import add_export_action

    table = QTableView()
    add_export_action(table, title or _("Tabla de coopdesk"))
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    metrics, header_metrics = table.fontMetrics(), header.fontMetrics()
    for i, column in enumerate(columns):
        table.setColumnWidth(i, max(metrics.horizontalAdvance(column.sample) + COLUMN_PADDING,
                                    header_metrics.horizontalAdvance(column.title) + SORT_ARROW_ROOM))
    FitColumn(table, stretch, minimum=metrics.horizontalAdvance(columns[stretch].sample) * 2 // 3)
    return table


def fit_amounts(table: QTableView, rows: Sequence[Any], columns: dict[int, str]) -> None:
    """Amount columns as wide as their widest amount (an amount is never cut short)."""
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    for i, attribute in columns.items():
        widest = max((abs(getattr(row, attribute)) for row in rows), default=ZERO)
        title = table.model().headerData(i, Qt.Orientation.Horizontal)
        header.resizeSection(i, max(metrics.horizontalAdvance(format_money(widest)) + COLUMN_PADDING,
                                    header.fontMetrics().horizontalAdvance(title) + SORT_ARROW_ROOM))


class FitColumn(QObject):
    """Keeps one column as wide as the table leaves it (never below ``minimum``)."""

    def __init__(self, table: QTableView, column: int, minimum: int):
        super().__init__(table)
        self.table, self.column, self.minimum = table, column, minimum
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._other_resized)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _other_resized(self, section: int, _old: int, _new: int) -> None:
        if section != self.column:
            self.fit()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != self.column)
        width = max(self.minimum, self.table.viewport().width() - others)
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)


def signed_money(amount: Decimal) -> str:
    """A difference: +S/ 12.00, -S/ 12.00, S/ 0.00."""
    return ("+" if amount > ZERO else "") + format_money(amount)


def static_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    fill_table(table, rows, right_from)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]], right_from: int = 1) -> None:
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            item = QTableWidgetItem(text)
            if j >= right_from:
                item.setTextAlignment(RIGHT)
            table.setItem(i, j, item)
    header = table.horizontalHeader()
    for j in range(table.columnCount()):
        header.setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeaderItem(j).setTextAlignment(RIGHT if j >= right_from else LEFT)
    if right_from > 0:
        header.setSectionResizeMode(right_from - 1, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
