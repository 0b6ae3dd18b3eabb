"""Opening a book on the worker: a file the user names, or the demo cooperative."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from coopdesk.core import locations
from coopdesk.gui.kit.tasks import Task, TaskRunner
from coopdesk.i18n import _

if TYPE_CHECKING:
    from coopdesk.core import Book

DATABASE_PATTERNS = "*.sqlite *.sqlite3 *.db"


def choose_database_file(parent: QWidget | None) -> str | None:
    """Ask for a coopdesk file (a copy from another computer, a USB stick)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Abrir base de datos"), "",
        _("Base de datos de coopdesk (%(patterns)s)") % {"patterns": DATABASE_PATTERNS},
    )
    return path or None


def open_database(runner: TaskRunner, db: str, on_done: Callable[[Book], None] | None = None,
                  on_error: Callable[[Exception], None] | None = None, *,
                  on_cancel: Callable[[], None] | None = None, parent: QWidget | None = None,
                  on_ask: Callable[[], None] | None = None) -> Task:
    """Open an existing book (migrating it if needed) and make it the runner's,
    asking who opens it unless it has the automatic login (``gui.login``)."""
    from coopdesk.gui.start.login import open_with_login  # SQLAlchemy, after the window is drawn

    return open_with_login(runner, db, on_done, on_error, on_cancel=on_cancel, parent=parent, on_ask=on_ask,
                           label=_("Abriendo %(path)s…") % {"path": locations.display_name(locations.resolve_db(db))})


def open_demo(runner: TaskRunner, on_done: Callable[[Book], None] | None = None,
              on_error: Callable[[Exception], None] | None = None,
              progress: Callable[[int, int], None] | None = None, *,
              on_cancel: Callable[[], None] | None = None, parent: QWidget | None = None) -> Task:
    """Open the demo cooperative, building it first if it is not there yet."""
    from coopdesk.core import Book
    from coopdesk.gui.start.login import open_with_login

    path = locations.demo_db_path()

    def opener(task: Task) -> Book:
        if not locations.database_exists(locations.resolve_db(path)):
            from coopdesk.core.demo import build_demo

            build_demo(path, progress=task.report)
        return Book.open(path)

    return open_with_login(runner, path, on_done, on_error, on_cancel=on_cancel, parent=parent, first_try=opener,
                           progress=progress or (lambda done, total: None),
                           label=_("Preparando la cooperativa de demostración…"))
