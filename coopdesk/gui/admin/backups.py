"""Backups in the desktop application: «Último respaldo: hace 2 días» in the status
bar, Archivo → «Respaldar ahora…» and «Restaurar un respaldo…», and the
automatic backup (when the window closes, and while it stays open, at most one
a day). All of it runs on the task runner's worker thread: the window never
waits for a copy. The rules are the core's (coopdesk.core.backups, restoring).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QWidget

from coopdesk.core import Book
from coopdesk.core.backups import BackupMade, BackupStatus
from coopdesk.core.restoring import PasswordNeeded, Restored, WrongBackupPassword, restore
from coopdesk.domain import roles
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.start.login import ask_login, needs_login
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, describe, ngettext
from coopdesk.i18n.formatting import format_date

CHECK_EVERY_MS = 60 * 60 * 1000  # while the window stays open, is a daily backup due? once an hour
BACKUP_PATTERNS = "*.sqlite *.sqlite.cifrado *.dump *.dump.cifrado"


def last_backup_text(status: BackupStatus) -> str:
    days = status.days_ago
    if days is None:
        return _("Sin respaldos todavía")
    if days <= 0:
        return _("Último respaldo: hoy")
    if days == 1:
        return _("Último respaldo: ayer")
    return ngettext("Último respaldo: hace %(n)s día", "Último respaldo: hace %(n)s días", days) % {"n": days}


def show_last_backup(label: QLabel, runner: TaskRunner) -> None:
    def shown(status: BackupStatus) -> None:
        label.setText(last_backup_text(status))
        label.setToolTip(_("Respaldo más reciente: %(date)s a las %(time)s") % {
            "date": format_date(status.latest.date()), "time": f"{status.latest:%H:%M}"}
            if status.latest is not None else _("Aún no se hizo ningún respaldo de este libro."))

    runner.run(lambda book: book.backups.status(), shown, on_error=lambda exc: None, owner=label)


def made_text(made: BackupMade) -> str:
    lines = [_("Respaldo verificado: %(file)s") % {"file": made.file}]
    lines += [_("Copia verificada en %(file)s.") % {"file": copy} for copy in made.copies]
    lines += [describe(warning) for warning in made.warnings]
    return "\n".join(lines)


def backup_now(parent: QWidget, runner: TaskRunner, after=None) -> None:
    """Archivo → «Respaldar ahora…»: a verified backup, and what it made."""
    def done(made: BackupMade) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning if made.warnings else QMessageBox.Icon.Information,
                          _("Respaldar ahora"), made_text(made), QMessageBox.StandardButton.Ok, parent)
        box.open()

    runner.run(lambda book: book.backups.make(), done, label=_("Respaldando…"), after=after, owner=parent)


def choose_backup_file(parent: QWidget | None, folder: str) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Restaurar un respaldo"), folder,
        _("Respaldos de coopdesk (%(patterns)s)") % {"patterns": BACKUP_PATTERNS})
    return path or None


def confirm_restore(parent: QWidget | None, file: str, book: str) -> bool:
    answer = QMessageBox.question(
        parent, _("Restaurar un respaldo"),
        _("¿Restaurar el respaldo %(file)s?\n\nEl libro %(book)s volverá a estar como cuando se hizo ese respaldo: "
          "lo registrado después no estará en él. El libro actual se guarda antes aparte, completo, junto a él "
          "(…antes-de-restaurar-…).") % {"file": file, "book": book},
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def ask_password(parent: QWidget | None, file: str) -> str | None:
    password, accepted = QInputDialog.getText(parent, _("Respaldo cifrado"),
                                              _("Contraseña del respaldo %(file)s:") % {"file": file},
                                              QLineEdit.EchoMode.Password)
    return password if accepted and password else None


def restore_backup(parent: QWidget, runner: TaskRunner) -> None:
    """Archivo → «Restaurar un respaldo…»: choose, confirm, restore on the worker, reopen the book."""
    def chosen(where) -> None:
        url, location, folder = where
        file = choose_backup_file(parent, folder)
        if file and confirm_restore(parent, file, location):
            start(url, file, None)

    def start(url: str, file: str, password: str | None) -> None:
        outcome: list[Restored] = []

        def opener() -> Book:
            current = runner.book
            if current is not None:
                current.close()  # no connection of ours stays on the file while it is replaced
            outcome.append(restore(url, file, password=password))
            return Book.open(url)

        def refused(exc: Exception) -> None:
            if needs_login(exc):  # the restored book has its own people: who opens it now
                log_in_again(exc)
                return
            if isinstance(exc, (PasswordNeeded, WrongBackupPassword)):
                if isinstance(exc, WrongBackupPassword):
                    show_problems(parent, exc.problems, _("No se restauró"))
                again = ask_password(parent, file)
                if again:
                    start(url, file, again)
                return
            show_problems(parent, exc.problems, _("No se restauró"))

        def opened(_book: Book) -> None:
            done = outcome[0]
            text = _("Se restauró el respaldo %(file)s.") % {"file": done.source}
            if done.kept_aside is not None:
                text += "\n" + _("El libro como estaba antes quedó en %(file)s.") % {"file": done.kept_aside}
            QMessageBox(QMessageBox.Icon.Information, _("Restaurar un respaldo"), text, QMessageBox.StandardButton.Ok,
                        parent).open()

        def log_in_again(why: Exception) -> None:
            # the book open before was closed for the restore: someone must log in to the restored one
            ask_login(runner, url, why, opened, lambda exc: show_problems(parent, exc.problems, _("No se restauró")),
                      on_cancel=lambda: log_in_again(why), parent=parent)

        runner.open_book(opener, opened, refused, label=_("Restaurando el respaldo…"), owner=parent)

    def where(book: Book):
        book.require(roles.RESTORE)  # the administrator's (docs/security.md)
        return book.url, book.location, str(book.backups.folder())

    runner.run(where, chosen, owner=parent)


class AutomaticBackups(QObject):
    """The GUI's automatic backups: when the window closes, and checked hourly
    while it stays open; each at most once a day (``book.backups.due()``). Closing
    waits for the backup (the window shows it is busy), then closes."""

    def __init__(self, window: QMainWindow, runner: TaskRunner, refresh=None):
        super().__init__(window)
        self.window, self.runner, self.refresh = window, runner, refresh
        self.closing = False
        self.may_close = False
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.daily)
        self.timer.start()

    @staticmethod
    def _if_due(book: Book) -> BackupMade | None:
        return book.backups.make() if book.backups.due() else None

    def daily(self) -> None:
        if self.runner.book is None or self.closing:
            return

        def done(made: BackupMade | None) -> None:
            if self.refresh is not None:
                self.refresh()

        self.runner.run(self._if_due, done, on_error=lambda exc: None, owner=self.window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is not self.window or event.type() != QEvent.Type.Close or self.may_close:
            return False
        event.ignore()
        if self.closing or self.runner.book is None:
            if self.runner.book is None:
                self.may_close = True
                self.window.close()
            return True
        self.closing = True
        self.window.setEnabled(False)
        self.window.statusBar().showMessage(_("Respaldando el libro antes de cerrar…"))

        def failed(exc: Exception) -> None:
            show_problems(None, exc.problems, _("No se pudo respaldar al cerrar"))

        def close() -> None:
            self.may_close = True
            self.window.close()

        self.runner.run(self._if_due, on_error=failed, label=_("Respaldando…"), after=close)
        return True
