"""Windows that fit the screen they open on: a laptop of 1366×768 with a taskbar,
or a small one of 1024×600 (gui/README.md, «Small screens»).

``fit(window)`` shrinks a window taller or wider than the screen's available area
(the screen less its taskbar) to that area and moves it inside; ``fit_on_show``
does it each time the window is shown: every FormDialog, the main window and the
long dialogs ask for it, so no dialog asks for 760 pixels on a 728-pixel screen. What
no longer fits scrolls: the screens sit in scroll areas (main_window.scrollable),
and the long dialogs in ``scrolling_form``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit(window: QWidget, area: QRect | None = None) -> None:
    """``window`` no larger than ``area`` (its screen's available area), and inside it."""
    area = area if area is not None else available(window)
    if area is None or area.isEmpty():
        return
    # the title bar and borders the window manager adds (0 where there are none)
    frame = window.frameGeometry()
    extra_w, extra_h = max(0, frame.width() - window.width()), max(0, frame.height() - window.height())
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    minimum = window.minimumSize()
    if minimum.width() > width or minimum.height() > height:  # a minimum wider than the screen gives way
        window.setMinimumSize(min(minimum.width(), width), min(minimum.height(), height))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() + 1 - width - extra_w)
    y = min(max(window.y(), area.top()), area.bottom() + 1 - height - extra_h)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


class _FitOnShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and watched is self.parent():
            fit(watched)
        return False


def fit_on_show(window: QWidget) -> None:
    """Fit ``window`` to its screen each time it is shown (a filter on that window
    alone: the dialogs of the kit's FormDialog, the main window, the long QDialogs)."""
    window.installEventFilter(_FitOnShow(window))
