"""Who opens the book in the GUI, and the administrator's «Usuarios…» dialog
(docs/security.md, «Personas y roles»)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from coopdesk.core import Book
from coopdesk.core.users import NewUser
from coopdesk.gui import app as gui_app
from coopdesk.gui.kit import errors
from coopdesk.gui.start.login import LoginDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.admin.users_dialog import PasswordDialog, UsersDialog, change_own_password
from coopdesk.i18n import describe

from .conftest import answering, cells, wait_idle
from .test_distribution_view import documents, on_worker, open_view, season, stored_run  # noqa: F401 (fixtures)
from tests.people import ADMIN_LOGIN, ADMIN_PASSWORD

TESORERA = NewUser("ana.tesorera", "Ana Huamán", "tesorero", "clave-tesorera-1")


@pytest.fixture
def bare_runner():
    runner = TaskRunner()
    yield runner
    runner.close()


def start(qapp, runner, db) -> gui_app.Startup:
    startup = gui_app.Startup(qapp, runner, str(db))
    startup.start()
    return startup


def close(startup: gui_app.Startup) -> None:
    for widget in (startup.window, startup.welcome):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def the_dialog(name: str) -> LoginDialog | None:
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, LoginDialog) and w.objectName() == name and w.isVisible()]
    return found[0] if found else None


def test_a_book_of_several_people_asks_who_refuses_a_wrong_password_then_opens(qtbot, qapp, db, bare_runner, isolated):
    with Book.open(str(db)) as book:
        book.users.add(TESORERA)  # two people: the automatic login goes off
    startup = start(qapp, bare_runner, db)
    qtbot.waitUntil(lambda: the_dialog("login") is not None, timeout=20_000)
    dialog = the_dialog("login")
    assert not startup.ready and bare_runner.book is None  # its window drawn, empty
    dialog.user.setText("Ana.Tesorera")
    dialog.password.setText("otra-clave-1")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.error.text() == "Usuario o contraseña incorrectos.", timeout=20_000)
    assert dialog.isVisible() and dialog.password.text() == "" and not startup.ready
    assert not (isolated / "logs" / "errores.log").exists()  # no traceback: a refusal, said in Spanish
    dialog.password.setText(TESORERA.password)
    dialog.ok.click()
    qtbot.waitUntil(lambda: startup.ready, timeout=20_000)
    wait_idle(qtbot, bare_runner)
    assert bare_runner.book.user == "ana.tesorera"
    assert startup.window.user_label.text() == "Usuario: ana.tesorera (tesorero)"
    assert not startup.window.users_action.isVisible()  # the administrator's
    close(startup)


def test_cancelling_the_login_leaves_the_welcome(qtbot, qapp, db, bare_runner):
    with Book.open(str(db)) as book:
        book.users.add(TESORERA)
    startup = start(qapp, bare_runner, db)
    qtbot.waitUntil(lambda: the_dialog("login") is not None, timeout=20_000)
    the_dialog("login").reject()
    qtbot.waitUntil(lambda: startup.welcome is not None and startup.welcome.isVisible(), timeout=20_000)
    assert startup.window is None and bare_runner.book is None
    close(startup)


def test_the_automatic_login_opens_without_asking_and_says_who(qtbot, qapp, db, bare_runner):
    startup = start(qapp, bare_runner, db)
    qtbot.waitUntil(lambda: startup.ready, timeout=20_000)
    wait_idle(qtbot, bare_runner)
    assert the_dialog("login") is None
    assert startup.window.user_label.text() == f"Usuario: {ADMIN_LOGIN} (administrador)"
    assert startup.window.users_action.isVisible()
    close(startup)


def test_an_upgraded_book_without_users_asks_for_its_first_administrator(qtbot, qapp, db, bare_runner):
    book = Book.open(str(db))
    with book.engine.begin() as conn:  # as a book upgraded from before users: none yet
        conn.exec_driver_sql("DROP TRIGGER users_kept_delete")
        conn.exec_driver_sql("DELETE FROM users")
    book.close()
    startup = start(qapp, bare_runner, db)
    qtbot.waitUntil(lambda: the_dialog("first_administrator") is not None, timeout=20_000)
    dialog = the_dialog("first_administrator")
    dialog.user.setText("Gerente")
    dialog.full_name.setText("Luis Mamani")
    dialog.password.setText("clave-gerente")
    dialog.again.setText("clave-gerenta")
    dialog.ok.click()
    assert dialog.error.text() == "Las dos contraseñas no coinciden." and not startup.ready
    dialog.password.setText("corta")
    dialog.again.setText("corta")
    dialog.ok.click()
    qtbot.waitUntil(lambda: "al menos 8" in dialog.error.text(), timeout=20_000)
    dialog.password.setText("clave-gerente")
    dialog.again.setText("clave-gerente")
    dialog.ok.click()
    qtbot.waitUntil(lambda: startup.ready, timeout=20_000)
    wait_idle(qtbot, bare_runner)
    assert (bare_runner.book.user, bare_runner.book.person.full_name) == ("gerente", "Luis Mamani")
    assert startup.window.user_label.text() == "Usuario: gerente (administrador)"
    close(startup)


def test_the_administrator_adds_an_acopiador_who_then_cannot_publish(qtbot, runner, season, db, monkeypatch):
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, approve=True)
    dialog = UsersDialog(None, runner)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, runner)
    assert [cells(dialog.table.model(), r)[:4] for r in range(dialog.table.rowCount())] == [
        (ADMIN_LOGIN, "Administradora de pruebas", "administrador", "activo · ingreso automático")]
    dialog.add(NewUser("Rosa.Acopio", "Rosa Condori", "acopiador", "clave-acopio-1"))
    wait_idle(qtbot, runner)
    assert [cells(dialog.table.model(), r)[:4] for r in range(dialog.table.rowCount())] == [
        (ADMIN_LOGIN, "Administradora de pruebas", "administrador", "activo"),  # two people: off
        ("rosa.acopio", "Rosa Condori", "acopiador", "activo")]
    dialog.select("rosa.acopio")
    dialog.change_role("consejo")
    wait_idle(qtbot, runner)
    assert cells(dialog.table.model(), 1)[2] == "consejo"
    dialog.change_role("acopiador")
    dialog.toggle_active()
    wait_idle(qtbot, runner)
    assert cells(dialog.table.model(), 1)[3] == "desactivado" and dialog.active_button.text() == "&Activar"
    dialog.toggle_active()
    dialog.reset_password("clave-acopio-2")
    wait_idle(qtbot, runner)
    assert cells(dialog.table.model(), 1)[2:4] == ("acopiador", "activo")
    shown = []
    monkeypatch.setattr(errors, "show_problems", lambda parent, problems, title=None: shown.extend(
        describe(p) for p in problems))
    dialog.select(ADMIN_LOGIN)
    dialog.toggle_active()  # the administrator cannot disable themselves
    wait_idle(qtbot, runner)
    assert shown == ["No puede desactivar su propio usuario."]

    shown.clear()
    acopiador = TaskRunner(Book.open(str(db), user="rosa.acopio", password="clave-acopio-2"))
    try:
        theirs = open_view(qtbot, acopiador)
        theirs.select_when_loaded(1)
        theirs.reload()
        wait_idle(qtbot, acopiador)
        with answering(QMessageBox, lambda box: next(b for b in box.buttons() if b.text() == "Publicar").click()):
            theirs.publish_button.click()
        qtbot.waitUntil(lambda: shown != [] and not acopiador.busy, timeout=20_000)
        assert shown == ["Su usuario (acopiador) no puede publicar distribuciones. Pueden hacerlo: tesorero y "
                         "administrador."]
        assert on_worker(qtbot, acopiador, lambda book: book.distributions.get(1).status) == "aprobada"
    finally:
        acopiador.close()


def test_a_person_changes_their_own_password_after_the_current_one(qtbot, runner, db, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "show_problems", lambda parent, problems, title=None: shown.extend(
        describe(p) for p in problems))
    parent = QWidget()
    qtbot.addWidget(parent)

    def answer(current: str):
        def steps(dialog: PasswordDialog):
            dialog.current.setText(current)
            dialog.password.setText("clave-nueva-9")
            dialog.again.setText("clave-nueva-9")
            dialog.accept()
        return steps

    with answering(PasswordDialog, answer("no-es-la-clave")):
        change_own_password(parent, runner)
        wait_idle(qtbot, runner)
    wait_idle(qtbot, runner)
    assert shown == ["La contraseña actual no es correcta."]
    with answering(PasswordDialog, answer(ADMIN_PASSWORD)):
        change_own_password(parent, runner)
        wait_idle(qtbot, runner)
    wait_idle(qtbot, runner)
    Book.open(str(db), user=ADMIN_LOGIN, password="clave-nueva-9").close()
