"""What every screen of the main window shares: it loads when first shown, and
changes announced while it is hidden are applied when it is shown again (a
hidden screen never queries the database)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWidget


class Screen(QWidget):
    """Subclasses implement ``reload()`` (setting ``self._stale = False``) and
    call ``when_visible(update)`` for the changes that concern them."""

    def __init__(self, parent: QWidget | None = None, stale: bool = True):
        super().__init__(parent)
        self._stale = stale  # True: load when first shown

    def reload(self) -> None:
        raise NotImplementedError

    def when_visible(self, update: Callable[[], None]) -> None:
        """Bring the screen up to date now if it is shown, else when it is next shown."""
        if self.isVisible() and self._book_open():
            update()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self._book_open():
            self.reload()

    def _book_open(self) -> bool:
        """False while the window is shown before its book is open (the app draws
        the window first): the screen stays stale and loads on ``book_opened``."""
        runner = getattr(self, "runner", None)
        return runner is None or runner.book is not None
