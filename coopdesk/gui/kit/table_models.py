"""One lazy table model for every long list (socios, entregas).

Rows are frozen DTOs fetched from the core a page at a time on the worker
thread, with keyset paging (``after=`` the last row held), so a table of a
million deliveries opens as fast as one of three: Qt asks ``canFetchMore`` /
``fetchMore`` when the user scrolls near the end, and only then is the next
page read. Each screen describes its columns as a small list of ``Column``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from coopdesk.gui.kit.tasks import TaskRunner

Row = TypeVar("Row")
PAGE_SIZE = 200
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its header, the text of a row's cell, and how to align it.

    ``sample`` is a typical long value; views size the column to fit it."""

    title: str
    text: Callable[[Row], str]
    align: Qt.AlignmentFlag = LEFT
    sample: str = ""
    tooltip: Callable[[Row], str] | None = None


# fetch(book, text, after, limit) -> rows;  count(book, text) -> int
Fetch = Callable[[Any, str, Any, int], Sequence[Any]]
Count = Callable[[Any, str], int]


class LazyTableModel(QAbstractTableModel):
    """Rows of one query, filtered by a search text, loaded page by page."""

    counted = Signal(int)  # total rows matching the search (not just the loaded ones)
    loaded = Signal()  # after a reload or a page arrived

    def __init__(self, runner: TaskRunner, columns: Sequence[Column], fetch: Fetch, count: Count,
                 page_size: int = PAGE_SIZE, parent=None):
        super().__init__(parent)
        self._runner = runner
        self._columns = list(columns)
        self._fetch = fetch
        self._count = count
        self._page_size = page_size
        self._rows: list[Any] = []
        self._text = ""
        self._total: int | None = None
        self._exhausted = True  # nothing to fetch until the first load
        self._loading = False
        self._generation = 0  # results of an older search are dropped

    # -- what the screens use -------------------------------------------------

    @property
    def search_text(self) -> str:
        return self._text

    @property
    def total(self) -> int | None:
        return self._total

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, key: Callable[[Any], bool]) -> int | None:
        return next((i for i, r in enumerate(self._rows) if key(r)), None)

    def reload(self, text: str | None = None) -> None:
        """Count and load the first page again (for ``text`` if given); the rows
        shown stay until the new ones arrive, so nothing flickers."""
        if text is not None:
            self._text = text
        self._generation += 1
        generation, text, limit = self._generation, self._text, self._page_size
        fetch, count = self._fetch, self._count
        self._loading = True
        self._runner.run(
            lambda book: (count(book, text), fetch(book, text, None, limit)),
            lambda result: self._first_page(generation, *result), self._load_failed, owner=self,
        )

    def refresh_rows(self, changed: Iterable[Any], fetch_one: Callable[[Any, Any], Any],
                     key: Callable[[Any], Any]) -> bool:
        """Re-read in place the loaded rows whose ``key`` is in ``changed``.
        Returns False when none is loaded (the caller reloads instead)."""
        wanted = set(changed)
        positions = {key(r): i for i, r in enumerate(self._rows) if key(r) in wanted}
        if not positions or len(positions) < len(wanted):
            return False
        generation = self._generation
        self._runner.run(
            lambda book: {k: fetch_one(book, k) for k in positions},
            lambda fresh: self._replace(generation, positions, fresh), owner=self,
        )
        return True

    # -- loading ----------------------------------------------------------------

    def _load_failed(self, exc: Exception) -> None:
        """A page could not be read: stop waiting, so the list can be loaded again,
        and let the runner show why (the problems, or the error dialog)."""
        self._loading = False
        self.loaded.emit()
        problems = getattr(exc, "problems", None)
        if problems:
            from coopdesk.gui.kit.errors import show_problems

            show_problems(None, problems)

    def _first_page(self, generation: int, total: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._total = total
        self._exhausted = len(rows) < self._page_size
        self._loading = False
        self.endResetModel()
        self.counted.emit(total)
        self.loaded.emit()

    def _next_page(self, generation: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = len(rows) < self._page_size
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _replace(self, generation: int, positions: dict, fresh: dict) -> None:
        if generation != self._generation:
            return
        for k, i in positions.items():
            if i < len(self._rows) and fresh.get(k) is not None:
                self._rows[i] = fresh[k]
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self._columns) - 1))

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent=QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation, text, limit = self._generation, self._text, self._page_size
        after, fetch = self._rows[-1] if self._rows else None, self._fetch
        self._runner.run(
            lambda book: fetch(book, text, after, limit),
            lambda rows: self._next_page(generation, rows), self._load_failed, owner=self,
        )

    # -- QAbstractTableModel ------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(column.align)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
