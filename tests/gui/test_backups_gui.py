"""Backups in the window: «Último respaldo: hace 2 días», «Respaldar ahora…»,
«Restaurar un respaldo…» (chosen, confirmed, run on the worker, the book
reopened) and the automatic backup when the window closes, once a day."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from coopdesk.core.backups import BackupStatus
from coopdesk.gui.admin.backups import AutomaticBackups, last_backup_text
from coopdesk.domain.rules import MemberInput
from coopdesk.gui.main_window import MainWindow

from .conftest import wait_idle

NOW = datetime(2026, 12, 7, 18, 30, 5)


def at(runner, now: datetime) -> None:
    runner.book.backups.now = lambda: now  # the machine's clock, for this test


def open_window(qtbot, runner) -> MainWindow:
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window


def message_box(qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=20_000)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    return box


def test_the_last_backup_in_words():
    def text(latest):
        return last_backup_text(BackupStatus(latest, NOW))

    assert text(None) == "Sin respaldos todavía"
    assert text(NOW - timedelta(hours=3)) == "Último respaldo: hoy"
    assert text(datetime(2026, 12, 6, 23, 59)) == "Último respaldo: ayer"
    assert text(datetime(2026, 12, 5, 0, 1)) == "Último respaldo: hace 2 días"
    assert text(datetime(2026, 11, 7, 18, 0)) == "Último respaldo: hace 30 días"


def test_the_status_bar_says_when_the_last_backup_was_made(qtbot, runner):
    at(runner, NOW - timedelta(days=2))
    runner.book.backups.make()
    at(runner, NOW)
    window = open_window(qtbot, runner)
    assert window.backup_label.text() == "Último respaldo: hace 2 días"
    assert window.backup_label.toolTip() == "Respaldo más reciente: 05/12/2026 a las 18:30"


def test_back_up_now_from_the_menu(qtbot, runner, db):
    at(runner, NOW)
    window = open_window(qtbot, runner)
    assert window.backup_label.text() == "Sin respaldos todavía"
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Respaldar ahora…")
    action.trigger()
    box = message_box(qtbot)
    backup = db.parent / "respaldos" / "c-20261207-183005.sqlite"  # the book is c.sqlite
    assert box.text() == f"Respaldo verificado: {backup}"
    assert backup.exists()
    box.close()
    wait_idle(qtbot, runner)
    assert window.backup_label.text() == "Último respaldo: hoy"


def test_restore_from_the_menu_asks_then_reopens_the_restored_book(qtbot, runner, db, monkeypatch):
    at(runner, NOW)
    made = runner.book.backups.make()
    runner.book.members.add(MemberInput("S004", "44567890", "Lucía", "Quispe Mamani", "F", "LP", "organico",
                                        NOW.date()))
    window = open_window(qtbot, runner)
    assert window.members.count_label.text() == "4 socios"
    chosen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, title, folder, patterns: (chosen.append(folder) or str(made.file), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *args: (asked.append(text) or QMessageBox.StandardButton.Yes))
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Res&taurar un respaldo…")
    action.trigger()
    box = message_box(qtbot)
    assert chosen == [str(db.parent / "respaldos")]
    assert asked[0].startswith(f"¿Restaurar el respaldo {made.file}?\n\nEl libro {db} volverá a estar como cuando se "
                               "hizo ese respaldo")
    assert box.text().startswith(f"Se restauró el respaldo {made.file}.\nEl libro como estaba antes quedó en {db}."
                                 "antes-de-restaurar-")
    box.close()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: window.members.count_label.text() == "3 socios", timeout=20_000)
    assert runner.book.members.count() == 3


def test_a_foreign_file_chosen_for_restore_is_refused_in_spanish(qtbot, runner, db, tmp_path, monkeypatch):
    other = tmp_path / "planilla.sqlite"
    other.write_text("no soy un libro", encoding="utf-8")
    window = open_window(qtbot, runner)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(other), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Res&taurar un respaldo…").trigger()
    box = message_box(qtbot)
    assert box.text() == (f"El archivo {other} no es un respaldo de coopdesk: no se restauró nada y el libro quedó "
                          "como estaba.")
    box.close()
    wait_idle(qtbot, runner)
    assert runner.book.members.count() == 3  # the same book, still open


def test_closing_the_window_makes_the_days_backup_once(qtbot, runner, db):
    at(runner, NOW)
    folder = db.parent / "respaldos"
    window = open_window(qtbot, runner)
    AutomaticBackups(window, runner)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert sorted(p.name for p in folder.iterdir()) == ["c-20261207-183005.sqlite", "c-20261207-183005.sqlite.sha256"]
    at(runner, NOW + timedelta(hours=2))  # closed again the same day: no second automatic backup
    window = open_window(qtbot, runner)
    AutomaticBackups(window, runner)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert len(list(folder.iterdir())) == 2
    at(runner, NOW + timedelta(days=1))  # the next day it is due again
    window = open_window(qtbot, runner)
    AutomaticBackups(window, runner)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".sqlite") == [
        "c-20261207-183005.sqlite", "c-20261208-183005.sqlite"]


def test_a_restored_book_of_several_people_asks_who_logs_in_and_only_the_administrator_restores(
        qtbot, runner, db, monkeypatch):
    from coopdesk.core import Book
    from coopdesk.core.users import NewUser
    from coopdesk.gui.start.login import LoginDialog
    from coopdesk.gui.kit.tasks import TaskRunner

    at(runner, NOW)
    runner.book.users.add(NewUser("ana", "Ana Huamán", "tesorero", "clave-tesorera-1"))  # two people now
    made = runner.book.backups.make()
    window = open_window(qtbot, runner)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(made.file), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "Res&taurar un respaldo…").trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, LoginDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=20_000)
    login = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
    login.user.setText("ana")
    login.password.setText("clave-tesorera-1")
    login.ok.click()
    box = message_box(qtbot)
    assert box.text().startswith(f"Se restauró el respaldo {made.file}.")
    box.close()
    wait_idle(qtbot, runner)
    assert runner.book.user == "ana"
    qtbot.waitUntil(lambda: window.user_label.text() == "Usuario: ana (tesorero)", timeout=20_000)
    window.close()

    treasurer = TaskRunner(Book.open(str(db), user="ana", password="clave-tesorera-1"))
    try:
        theirs = open_window(qtbot, treasurer)
        next(a for a in theirs.menuBar().actions()[0].menu().actions()
             if a.text() == "Res&taurar un respaldo…").trigger()
        box = message_box(qtbot)
        assert box.text() == "Su usuario (tesorero) no puede restaurar respaldos. Pueden hacerlo: administrador."
        box.close()
    finally:
        treasurer.close()
