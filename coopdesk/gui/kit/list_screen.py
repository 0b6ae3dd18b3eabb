"""The shape shared by the Socios and Entregas screens: a search box, a count,
action buttons and a lazy table. Subclasses say which columns, which query,
which buttons, and which ``Changes`` concern them."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.gui.kit import column_widths
from coopdesk.gui.kit.table_models import Column, Count, Fetch, LazyTableModel
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.tasks import TaskRunner

SEARCH_DELAY_MS = 250
COLUMN_PADDING = 16


class ListScreen(Screen):
    selection_changed = Signal()
    status_message = Signal(str)  # for the main window's status bar

    def __init__(self, runner: TaskRunner, columns: Sequence[Column], fetch: Fetch, count: Count,
                 search_hint: str, stretch_column: int | None = None, parent: QWidget | None = None):
        super().__init__(parent, stale=False)  # the main window loads it
        self.runner = runner
        self._select_when_loaded = None
        self.model = LazyTableModel(runner, columns, fetch, count, parent=self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self._size_columns(columns)
        # the user's widths kept per screen; the stretching column never below its sample (column_widths.py)
        column_widths.remember(self.table, type(self).__name__, stretch_column)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.counted.connect(self._show_count)
        self.model.modelReset.connect(self._selection_changed)
        self.model.loaded.connect(self._select_pending)

        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.button_row)
        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.reload())

    # -- subclasses -----------------------------------------------------------

    def add_button(self, text: str, slot, needs_selection: bool = False,
                   shortcut: QKeySequence | None = None) -> QPushButton:
        """A button under the table; its shortcut works while this screen is shown."""
        button = QPushButton(text)
        button.clicked.connect(slot)
        if shortcut is not None:
            button.setShortcut(shortcut)
            button.setToolTip(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        button.setProperty("needs_selection", needs_selection)
        button.setEnabled(not needs_selection)
        self.button_row.addWidget(button)
        return button

    def concerns(self, changes: Changes) -> bool:
        raise NotImplementedError

    def apply(self, changes: Changes) -> None:
        """Bring the screen up to date after ``changes`` (default: reload)."""
        self.reload()

    def count_text(self, n: int) -> str:
        raise NotImplementedError

    # -- behaviour ------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        self.model.reload(self.search.text().strip())

    def search_now(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if text != self.model.search_text:
            self.model.reload(text)

    def on_changes(self, changes: Changes) -> None:
        if not self.concerns(changes):
            return
        self.when_visible(lambda: self.apply(changes))

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_where(self, key) -> bool:
        row = self.model.row_of(key)
        if row is None:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_when_loaded(self, key) -> None:
        """Select the row matching ``key`` once the next load arrives (a new record)."""
        self._select_when_loaded = key

    def _select_pending(self) -> None:
        key, self._select_when_loaded = self._select_when_loaded, None
        if key is not None:
            self.select_where(key)

    def _selection_changed(self) -> None:
        has_selection = self.selected() is not None
        for i in range(self.button_row.count()):
            button = self.button_row.itemAt(i).widget()
            if button is not None and button.property("needs_selection"):
                button.setEnabled(has_selection)
        self.selection_changed.emit()

    def _show_count(self, n: int) -> None:
        self.count_label.setText(self.count_text(n))

    def _size_columns(self, columns: Sequence[Column]) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader().fontMetrics()
        for i, column in enumerate(columns):
            width = max(metrics.horizontalAdvance(column.sample), header.horizontalAdvance(column.title))
            self.table.setColumnWidth(i, width + COLUMN_PADDING)
