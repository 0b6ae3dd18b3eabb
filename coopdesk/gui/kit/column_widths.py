"""A table's column widths, as the user left them, kept between sessions (QSettings,
kit/preferences.py), and a stretching column that never collapses below its sample.

``remember(table, name, stretch)``: the widths saved under ``name`` are put back
(for as many columns as the table still has); a width the user drags is saved;
the ``stretch`` column takes the width left over, but never less than it had
(its sample's width, or the user's), so «Socio» never reads «Soc…»: the table
scrolls sideways instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

from coopdesk.gui.kit import preferences

SAVE_DELAY_MS = 400


class _Remembered(QObject):
    def __init__(self, table: QTableView, name: str, stretch: int | None):
        super().__init__(table)
        self.table, self.name, self.stretch = table, name, stretch
        self.header = table.horizontalHeader()
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header.setStretchLastSection(False)
        self.fitting = False
        for column, width in enumerate(preferences.saved_widths(name)[:self.header.count()]):
            if width > 0:
                table.setColumnWidth(column, width)
        self.base = self.header.sectionSize(stretch) if stretch is not None else 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save)
        self.header.sectionResized.connect(self.resized)
        table.viewport().installEventFilter(self)

    def resized(self, column: int, _old: int, new: int) -> None:
        if self.fitting:
            return
        if column == self.stretch:
            self.base = new
        self.timer.start()

    def save(self) -> None:
        widths = [self.header.sectionSize(c) for c in range(self.header.count())]
        if self.stretch is not None and self.stretch < len(widths):
            widths[self.stretch] = self.base  # what the user chose, not what the window's width gave it
        preferences.save_widths(self.name, widths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        if self.stretch is None or self.stretch >= self.header.count():
            return
        others = sum(self.header.sectionSize(c) for c in range(self.header.count())
                     if c != self.stretch and not self.header.isSectionHidden(c))
        width = max(self.base, self.table.viewport().width() - others)
        if width != self.header.sectionSize(self.stretch):
            self.fitting = True
            try:
                self.header.resizeSection(self.stretch, width)
            finally:
                self.fitting = False


def remember(table: QTableView, name: str, stretch: int | None = None) -> None:
    """Keep ``table``'s column widths under ``name``; ``stretch`` fills the rest (see above)."""
    table._remembered_columns = _Remembered(table, name, stretch)
