"""Starting the desktop application: language, error handling, which book to open.

``run(db, lang, demo_if_new)`` is what ``coopdesk gui`` calls. The database is
resolved by the core (``--db``, ``$COOPDESK_DB`` or the default file); if it
exists it is opened on the worker, otherwise the welcome dialog offers to create
a cooperative, open the demo or open another file.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication, QProgressDialog

from coopdesk import i18n
from coopdesk.core import Book
from coopdesk.core import locations
from coopdesk.gui.start import opening
from coopdesk.gui.kit import preferences
from coopdesk.gui.admin.backups import AutomaticBackups
from coopdesk.gui.kit.errors import install_excepthook, show_problems
from coopdesk.gui.main_window import MainWindow
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.start.welcome_dialog import WelcomeDialog
from coopdesk.i18n import _

QT_LOCALES = {"es": QLocale(QLocale.Language.Spanish, QLocale.Country.Peru),
              "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)}


def setup_language(app: QApplication, lang: str | None) -> str:
    """The ``lang`` argument, else the saved preference, else Spanish; Qt's own
    buttons and dialogs (Aceptar, Cancelar, the calendar) follow it too."""
    language = i18n.set_language(lang or preferences.saved_language())
    QLocale.setDefault(QT_LOCALES.get(language, QT_LOCALES["es"]))
    if language == "es":
        translator = QTranslator(app)
        if translator.load("qtbase_es", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
    return language


class Startup(QObject):
    """Gets from launch to the main window, without ever blocking the event loop."""

    def __init__(self, app: QApplication, runner: TaskRunner, db: str | None, demo_if_new: bool = False):
        super().__init__(app)
        self.app = app
        self.runner = runner
        self.url = locations.resolve_db(db)
        self.demo_if_new = demo_if_new
        self.window: MainWindow | None = None
        self.welcome: WelcomeDialog | None = None
        self._waiting: QProgressDialog | None = None

    def start(self) -> None:
        self.app.setQuitOnLastWindowClosed(False)  # no window yet; dialogs come and go
        if locations.database_exists(self.url):
            self._wait(_("Abriendo %(path)s…") % {"path": locations.display_name(self.url)})
            opening.open_database(self.runner, self.url, self.show_main, self._open_failed,
                                  on_cancel=self._login_cancelled, on_ask=self._stop_waiting)
        elif self.demo_if_new:
            self._wait(_("Preparando la cooperativa de demostración…"))
            opening.open_demo(self.runner, self.show_main, self._open_failed, self._progress,
                              on_cancel=self._login_cancelled)
        else:
            self.show_welcome()

    def show_welcome(self) -> None:
        self.welcome = WelcomeDialog(self.runner, self.url, locations.display_name(self.url))
        self.welcome.accepted.connect(lambda: self.show_main(self.runner.book))
        self.welcome.rejected.connect(self.app.quit)
        self.welcome.show()

    def show_main(self, _book: Book) -> None:
        self._stop_waiting()
        self.window = MainWindow(self.runner)
        AutomaticBackups(self.window, self.runner, self.window.refresh_backup)  # on close, and daily
        self.window.show()
        self.app.setQuitOnLastWindowClosed(True)

    def _login_cancelled(self) -> None:
        """No one logged in: the welcome dialog, to open another book or leave."""
        self._stop_waiting()
        self.show_welcome()

    def _open_failed(self, exc: Exception) -> None:
        self._stop_waiting()
        self.show_welcome()
        show_problems(self.welcome, exc.problems, _("No se pudo abrir"))

    def _wait(self, text: str) -> None:
        self._waiting = QProgressDialog(text, None, 0, 0)
        self._waiting.setWindowTitle("coopdesk")
        self._waiting.setMinimumDuration(400)  # only if it takes a while (a migration, the demo)

    def _progress(self, done: int, total: int) -> None:
        if self._waiting is not None:
            self._waiting.setRange(0, total)
            self._waiting.setValue(done)

    def _stop_waiting(self) -> None:
        if self._waiting is not None:
            self._waiting.reset()
            self._waiting.deleteLater()
            self._waiting = None


def run(db: str | None, lang: str | None, demo_if_new: bool = False) -> int:
    """Run the desktop application until its window is closed; the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("coopdesk")
    app.setOrganizationName("coopdesk")
    setup_language(app, lang)
    install_excepthook()
    runner = TaskRunner()
    startup = Startup(app, runner, db, demo_if_new)
    startup.start()
    try:
        return app.exec()
    finally:
        runner.close()
