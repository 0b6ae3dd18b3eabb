"""Run something once a window is on screen, so that slow work never delays its drawing."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000  # a window never exposed (minimised at start, no screen) still goes on


class _OnExpose(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self.then = then
        self.done = False
        QTimer.singleShot(FALLBACK_MS, self.fire)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Expose and obj.isExposed():
            QTimer.singleShot(0, self.fire)  # after this drawing is done
        return False

    def fire(self) -> None:
        if not self.done:
            self.done = True
            self.then()


def when_drawn(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then()`` once ``widget`` (shown) has been drawn on screen for the first time."""
    widget.show()
    watcher = _OnExpose(widget, then)
    widget.windowHandle().installEventFilter(watcher)
