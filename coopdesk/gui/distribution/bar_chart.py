"""A small chart of grouped horizontal bars, drawn with QPainter (QtCharts is
not part of PySide6-Essentials).

Each category (a zone) is one row: its name on the left, one bar per series
(run A, run B) with the amount written at the end of the bar, and a legend on
top. Horizontal bars keep long zone names readable and amounts right next to
what they measure, as a treasurer reads a table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

SERIES_COLORS = ("#90a4ae", "#1565c0", "#2e7d32", "#ef6c00")
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10
MARGIN = 8


class GroupedBarChart(QWidget):
    """``set_data(categories, series, values)``: ``values[i][j]`` is series ``j``
    of category ``i``; amounts are written with ``format_value``."""

    def __init__(self, format_value: Callable[[Decimal], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._format = format_value
        self._categories: list[str] = []
        self._series: list[str] = []
        self._values: list[list[Decimal]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_data(self, categories: Sequence[str], series: Sequence[str],
                 values: Sequence[Sequence[Decimal]]) -> None:
        self._categories = list(categories)
        self._series = list(series)
        self._values = [list(v) for v in values]
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return len(self._series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP

    def sizeHint(self) -> QSize:
        legend = self.fontMetrics().height() + ROW_GAP
        return QSize(420, 2 * MARGIN + legend + max(1, len(self._categories)) * self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))

        # legend
        x, y = MARGIN, MARGIN
        for j, name in enumerate(self._series):
            painter.fillRect(QRectF(x, y + 2, 12, metrics.height() - 4), QColor(SERIES_COLORS[j % len(SERIES_COLORS)]))
            painter.setPen(text_color)
            painter.drawText(int(x + 16), int(y + metrics.ascent()), name)
            x += 16 + metrics.horizontalAdvance(name) + 18
        top = MARGIN + metrics.height() + ROW_GAP

        if not self._categories:
            return
        label_width = min(max(metrics.horizontalAdvance(c) for c in self._categories) + 10, self.width() // 3)
        widest_value = max((metrics.horizontalAdvance(self._format(v)) for row in self._values for v in row),
                           default=0)
        left = MARGIN + label_width
        span = max(10, self.width() - left - widest_value - 2 * MARGIN - 6)
        largest = max((v for row in self._values for v in row), default=Decimal(0))
        axis_pen = QColor(text_color)
        axis_pen.setAlpha(90)
        painter.setPen(axis_pen)
        painter.drawLine(left, top - 2, left, top + len(self._categories) * self._row_height() - ROW_GAP + 2)

        for i, category in enumerate(self._categories):
            row_top = top + i * self._row_height()
            group_height = self._row_height() - ROW_GAP
            painter.setPen(text_color)
            name = metrics.elidedText(category, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(QRectF(MARGIN, row_top, label_width - 10, group_height),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), name)
            for j, value in enumerate(self._values[i]):
                bar_top = row_top + j * (BAR_HEIGHT + BAR_GAP)
                length = float(value / largest) * span if largest > 0 and value > 0 else 0.0
                painter.fillRect(QRectF(left + 1, bar_top, length, BAR_HEIGHT),
                                 QColor(SERIES_COLORS[j % len(SERIES_COLORS)]))
                painter.setPen(text_color)
                painter.drawText(QRectF(left + length + 6, bar_top - 2, widest_value + 4, BAR_HEIGHT + 4),
                                 int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                 self._format(value))
        painter.end()
