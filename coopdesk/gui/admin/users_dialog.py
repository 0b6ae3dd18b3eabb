"""«Usuarios…»: the administrator's list of the people who work in the book
(docs/security.md, «Personas y roles»): add one with a role and a password,
disable or enable, change a role, set a new password. The core checks every
change (``book.users``, the administrator's); its refusals are shown in Spanish.
Users are never deleted: a person who leaves is disabled.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core.users import NewUser, UserRow
from coopdesk.domain import roles
from coopdesk.domain.problems import N_
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit import errors
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date


def role_name(role: str) -> str:
    return _(roles.ROLE_NAMES.get(role, role))


def person_text(person) -> str:
    """The status bar's «who is working»: login and role."""
    return _("Usuario: %(login)s (%(role)s)") % {"login": person.login, "role": role_name(person.role)}


class _PasswordTwice(QDialog):
    """A dialog with a password typed twice: the two fields, the error under them,
    and OK only when both say the same."""

    def _password_fields(self) -> tuple[QLineEdit, QLineEdit]:
        self.password, self.again = QLineEdit(), QLineEdit()
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        return self.password, self.again

    def _finish(self, form: QFormLayout, ok_text: str | None = None) -> None:
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or _("Aceptar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText(_("Las dos contraseñas no coinciden."))
            self.error.show()
            return
        self.accept()


class NewUserDialog(_PasswordTwice):
    """A new person: user, full name, role and a first password (typed twice)."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("new_user")
        self.setWindowTitle(_("Agregar usuario"))
        form = QFormLayout(self)
        self.login = QLineEdit()
        self.login.setMaxLength(40)
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in roles.ROLES:
            self.role.addItem(role_name(role), role)
        self._password_fields()
        form.addRow(_("&Usuario:"), self.login)
        form.addRow(_("&Nombre completo:"), self.full_name)
        form.addRow(_("&Rol:"), self.role)
        form.addRow(_("&Contraseña:"), self.password)
        form.addRow(_("R&epita la contraseña:"), self.again)
        self._finish(form, _("Agregar"))

    def new_user(self) -> NewUser:
        return NewUser(self.login.text(), self.full_name.text(), self.role.currentData(), self.password.text())


class PasswordDialog(_PasswordTwice):
    """A new password for someone (typed twice)."""

    def __init__(self, parent: QWidget | None, login: str, own: bool = False):
        super().__init__(parent)
        self.setObjectName("own_password" if own else "new_password")
        self.setWindowTitle(_("Cambiar mi contraseña") if own else
                            _("Nueva contraseña para %(login)s") % {"login": login})
        form = QFormLayout(self)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        if own:
            form.addRow(_("Contraseña &actual:"), self.current)
        self._password_fields()
        form.addRow(_("&Contraseña nueva:"), self.password)
        form.addRow(_("R&epita la contraseña:"), self.again)
        self._finish(form)


class UsersDialog(QDialog):
    """The list of users and what the administrator does with them."""

    COLUMNS = (N_("Usuario"), N_("Nombre"), N_("Rol"), N_("Estado"), N_("Contraseña cambiada"))

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.runner = runner
        self.rows: list[UserRow] = []
        self.setObjectName("users")
        self.setWindowTitle(_("Usuarios"))
        self.resize(760, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Las personas que trabajan en este libro. Un usuario no se borra: se desactiva, y lo que "
                         "registró sigue a su nombre."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Agregar…"))
        self.role_button = QPushButton(_("Cambiar &rol…"))
        self.active_button = QPushButton(_("&Desactivar"))
        self.password_button = QPushButton(_("Nueva &contraseña…"))
        close = QPushButton(_("Cerrar"))
        self.add_button.clicked.connect(lambda: self.add())
        self.role_button.clicked.connect(lambda: self.change_role())
        self.active_button.clicked.connect(lambda: self.toggle_active())
        self.password_button.clicked.connect(lambda: self.reset_password())
        close.clicked.connect(self.accept)
        for button in (self.add_button, self.role_button, self.active_button, self.password_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._selection_changed()
        self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner) -> "UsersDialog":
        dialog = cls(parent, runner)
        dialog.open()
        return dialog

    # -- the list ---------------------------------------------------------------

    def reload(self) -> None:
        self.runner.run(lambda book: book.users.list(), self._show, owner=self)

    def _show(self, rows: list[UserRow]) -> None:
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            state = _("activo") if row.active else _("desactivado")
            if row.automatic_login:
                state += " · " + _("ingreso automático")
            for c, text in enumerate((row.login, row.full_name, role_name(row.role), state,
                                      format_date(row.password_changed_at.date()))):
                self.table.setItem(r, c, QTableWidgetItem(text))
            if selected is not None and row.login == selected.login:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> UserRow | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()} if self.rows else set()
        return self.rows[min(rows)] if rows else None

    def select(self, login: str) -> None:
        for r, row in enumerate(self.rows):
            if row.login == login:
                self.table.selectRow(r)

    def _selection_changed(self) -> None:
        row = self.selected()
        for button in (self.role_button, self.active_button, self.password_button):
            button.setEnabled(row is not None)
        self.active_button.setText(_("&Activar") if row is not None and not row.active else _("&Desactivar"))

    # -- the changes --------------------------------------------------------------

    def _change(self, fn, done=None) -> None:
        def changed(_changes) -> None:
            self.reload()
            if done is not None:
                done()

        self.runner.mutate(fn, changed, lambda exc: errors.show_problems(self, exc.problems, _("Usuarios")), owner=self)

    def add(self, new: NewUser | None = None) -> None:
        if new is None:
            dialog = NewUserDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            new = dialog.new_user()
        self._change(lambda book: book.users.add(new))

    def change_role(self, role: str | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        if role is None:
            names = [role_name(r) for r in roles.ROLES]
            chosen, ok = QInputDialog.getItem(self, _("Cambiar rol"), _("Rol de %(login)s:") % {"login": row.login},
                                              names, roles.ROLES.index(row.role) if row.role in roles.ROLES else 0,
                                              False)
            if not ok:
                return
            role = roles.ROLES[names.index(chosen)]
        self._change(lambda book: book.users.set_role(row.login, role))

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.active:
            self._change(lambda book: book.users.disable(row.login))
        else:
            self._change(lambda book: book.users.enable(row.login))

    def reset_password(self, password: str | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        if password is None:
            dialog = PasswordDialog(self, row.login)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            password = dialog.password.text()
        self._change(lambda book: book.users.set_password(row.login, password))


def change_own_password(parent: QWidget, runner: TaskRunner) -> None:
    """Archivo › «Cambiar mi contraseña…»: anyone, after typing the current one."""
    def changed(_changes) -> None:
        QMessageBox(QMessageBox.Icon.Information, _("Cambiar mi contraseña"), _("Su contraseña se cambió."),
                    QMessageBox.StandardButton.Ok, parent).open()

    def ask(login: str) -> None:
        dialog = PasswordDialog(parent, login, own=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            current, new = dialog.current.text(), dialog.password.text()
            runner.mutate(lambda book: book.users.set_password(login, new, current), changed,
                          lambda exc: errors.show_problems(parent, exc.problems, _("Cambiar mi contraseña")),
                          owner=parent)

    runner.run(lambda book: book.user, ask, owner=parent)
