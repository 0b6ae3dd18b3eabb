"""Who opens the book (docs/security.md, «Personas y roles»): the login dialog.

``open_with_login(runner, db, …)`` first tries the book as it is (the automatic
login of a one-person cooperative opens it with no question). A book that needs
someone to say who they are gets the login dialog (user and password); a book
upgraded from before users gets the first administrator's dialog (user, name,
password twice). The password is checked on the worker (argon2id takes a
moment); a wrong one is said in the dialog, which stays open for another try.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Book, InvalidInput, locations
from coopdesk.core.users import LoginFailed, LoginRequired, NoUsersYet
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.kit.tasks import Task, TaskRunner
from coopdesk.i18n import _, describe


class LoginDialog(QDialog):
    """User and password; with ``first``, the first administrator of a book that has no users yet."""

    def __init__(self, parent: QWidget | None, where: str, first: bool = False):
        super().__init__(parent)
        self.first = first
        self.setObjectName("first_administrator" if first else "login")
        self.setWindowTitle(_("Crear el administrador") if first else _("Ingresar"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("%(db)s todavía no tiene usuarios: quien la abre ahora será su administrador. Escriba su usuario, "
              "su nombre y una contraseña (al menos 8 caracteres).") % {"db": where} if first
            else _("Ingrese a %(db)s con su usuario y su contraseña.") % {"db": where})
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.user = QLineEdit()
        self.user.setObjectName("user")
        self.user.setMaxLength(40)
        form.addRow(_("&Usuario:"), self.user)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        if first:
            form.addRow(_("&Nombre completo:"), self.full_name)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Contraseña:"), self.password)
        self.again = QLineEdit()
        self.again.setObjectName("again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        if first:
            form.addRow(_("&Repita la contraseña:"), self.again)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Crear e ingresar") if first else _("Ingresar"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.user.setFocus(Qt.FocusReason.OtherFocusReason)
        self.busy = False

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def values(self) -> tuple[str, str, str | None]:
        return self.user.text(), self.password.text(), (self.full_name.text() if self.first else None)

    def mismatch(self) -> str | None:
        """What the dialog itself can tell before asking the book."""
        if not self.user.text().strip():
            return _("Escriba su usuario.")
        if self.first and self.password.text() != self.again.text():
            return _("Las dos contraseñas no coinciden.")
        return None

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.password.clear()
        self.again.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        """While the worker checks the password: no second try, and no cancelling
        a login that may already have opened the book."""
        self.busy = busy
        self.ok.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        if busy:
            self.error.setText(_("Comprobando…"))
            self.error.show()


def needs_login(exc: Exception) -> bool:
    return isinstance(exc, (LoginRequired, NoUsersYet))


def open_with_login(runner: TaskRunner, db: str, on_done: Callable[[Book], None] | None = None,
                    on_error: Callable[[Exception], None] | None = None, *,
                    on_cancel: Callable[[], None] | None = None, parent: QWidget | None = None,
                    label: str | None = None, first_try: Callable[..., Book] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    on_ask: Callable[[], None] | None = None) -> Task:
    """Open ``db`` on the worker as whoever the book opens as by itself (the
    automatic login); if it needs a person, ask who with the login dialog.
    ``first_try`` replaces ``Book.open(db)`` for that first attempt (the demo
    builds itself first, a restore puts the file back first); ``on_ask`` is
    called as the dialog is shown (the caller's «Abriendo…» goes away)."""

    def failed(exc: Exception) -> None:
        if needs_login(exc):
            if on_ask is not None:
                on_ask()
            ask_login(runner, db, exc, on_done, on_error, on_cancel=on_cancel, parent=parent)
        elif on_error is not None:
            on_error(exc)
        else:
            show_problems(parent, exc.problems, _("No se pudo abrir"))

    opener = first_try if first_try is not None else (lambda: Book.open(db))
    return runner.open_book(opener, on_done, failed, label=label, progress=progress)


def ask_login(runner: TaskRunner, db: str, why: Exception, on_done: Callable[[Book], None] | None = None,
              on_error: Callable[[Exception], None] | None = None, *,
              on_cancel: Callable[[], None] | None = None, parent: QWidget | None = None) -> LoginDialog:
    """Show the login dialog (or the first administrator's, for ``NoUsersYet``);
    not blocking. It stays open until the book opens or the person cancels."""
    dialog = LoginDialog(parent, locations.display_name(locations.resolve_db(db)), first=isinstance(why, NoUsersYet))

    def opened(book: Book) -> None:
        dialog.done(QDialog.DialogCode.Accepted)
        dialog.deleteLater()
        if on_done is not None:
            on_done(book)

    def refused(exc: Exception) -> None:
        dialog.set_busy(False)
        if isinstance(exc, (LoginFailed, InvalidInput, LoginRequired, NoUsersYet)):
            dialog.show_error("\n".join(describe(p) for p in exc.problems))
            return
        dialog.rejected.disconnect(cancelled)
        dialog.done(QDialog.DialogCode.Rejected)  # an error other than who: the caller says it
        dialog.deleteLater()
        if on_error is not None:
            on_error(exc)
        else:
            show_problems(parent, exc.problems, _("No se pudo abrir"))

    def submit() -> None:
        problem = dialog.mismatch()
        if problem is not None:
            dialog.show_error(problem)
            return
        user, password, name = dialog.values()
        dialog.set_busy(True)
        runner.open_book(lambda: Book.open(db, user=user, password=password, name=name), opened, refused,
                         owner=dialog)

    def cancelled() -> None:
        dialog.deleteLater()
        if on_cancel is not None:
            on_cancel()

    dialog.buttons.accepted.connect(submit)
    dialog.rejected.connect(cancelled)
    dialog.setModal(True)
    dialog.show()
    return dialog
