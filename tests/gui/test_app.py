"""Starting coopdesk: open the book that is there, or welcome the treasurer; Spanish
everywhere, Qt's own buttons included; a bug shows a dialog instead of closing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from coopdesk import i18n
from coopdesk.core import locations
from coopdesk.gui import app as gui_app
from coopdesk.gui.kit import errors
from coopdesk.domain.zones import parse_zones
from coopdesk.gui.kit.tasks import TaskRunner

from .conftest import wait_idle


@pytest.fixture
def bare_runner():
    runner = TaskRunner()
    yield runner
    runner.close()


def start(qapp, runner, db, demo_if_new=False) -> gui_app.Startup:
    startup = gui_app.Startup(qapp, runner, str(db), demo_if_new)
    startup.start()
    return startup


def close(startup: gui_app.Startup) -> None:
    for widget in (startup.window, startup.welcome):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def test_an_existing_book_opens_straight_into_the_main_window(qtbot, qapp, db, bare_runner):
    startup = start(qapp, bare_runner, db)
    qtbot.waitUntil(lambda: startup.ready, timeout=20_000)
    wait_idle(qtbot, bare_runner)
    assert startup.window.windowTitle() == "coopdesk — Cooperativa Agraria Cacaotera Los Andes"
    assert startup.welcome is None
    close(startup)


def test_the_window_is_drawn_first_and_fills_once_the_book_is_open(qtbot, qapp, db, bare_runner):
    """The treasurer sees coopdesk's window at once, «Abriendo …» below; the book
    opens on the worker after the window is drawn, then Inicio fills."""
    startup = start(qapp, bare_runner, db)
    assert startup.window.isVisible() and bare_runner.book is None
    assert startup.window.statusBar().currentMessage() == f"Abriendo {db}…"
    assert startup.window._built == {}  # no screen built (nor its module imported) before the book
    qtbot.waitUntil(lambda: startup.ready, timeout=10000)
    wait_idle(qtbot, bare_runner)
    assert startup.window.current_screen() is startup.window.home
    assert startup.window.windowTitle() == "coopdesk — Cooperativa Agraria Cacaotera Los Andes"
    assert startup.window.statusBar().currentMessage() == ""
    close(startup)


SHELL_ONLY = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from coopdesk.gui import app as gui_app
from coopdesk.gui.kit.tasks import TaskRunner
runner = TaskRunner()
window = gui_app.MainWindow(runner)
window.show()
app.processEvents()
heavy = ("sqlalchemy", "alembic", "reportlab", "matplotlib", "openpyxl", "coopdesk.db.models", "coopdesk.core.book")
print(sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy))
runner.close()
"""


def test_the_main_window_draws_without_loading_the_database_layer(tmp_path):
    """What makes the window appear in about the time of a bare Qt window
    (benchmarks/bench_startup.py): drawing it loads no SQLAlchemy, no screen, no
    PDF or chart library; they load after it is on screen."""
    import os
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", SHELL_ONLY], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_with_demo_if_new_the_demo_cooperative_is_built_and_opened(qtbot, qapp, tmp_path, monkeypatch, bare_runner):
    demo = tmp_path / "demo" / "coopdesk-demo.sqlite"
    monkeypatch.setattr(locations, "demo_db_path", lambda: str(demo))
    startup = start(qapp, bare_runner, tmp_path / "no-existe.sqlite", demo_if_new=True)
    qtbot.waitUntil(lambda: startup.ready, timeout=120_000)
    wait_idle(qtbot, bare_runner)
    assert startup.window.windowTitle() == (
        "coopdesk — Cooperativa Agraria Sur Oriente de Madre de Dios (DEMOSTRACIÓN)")
    assert startup.window.members.count_label.text() == "150 socios"
    assert startup.window.deliveries.count_label.text() == "1,800 entregas"
    assert demo.exists() and not (tmp_path / "no-existe.sqlite").exists()
    close(startup)


def test_zone_codes_come_from_their_names():
    assert parse_zones("Las Piedras\nTambopata\nTambo Grande\nTambopata Baja\nTB - Tambopata Alta") == [
        ("LP", "Las Piedras"), ("TAM", "Tambopata"), ("TG", "Tambo Grande"), ("TB", "Tambopata Baja"),
        ("TB", "Tambopata Alta")]


def test_opening_another_file_from_the_welcome_dialog(qtbot, qapp, tmp_path, db, bare_runner, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(db), ""))
    startup = start(qapp, bare_runner, tmp_path / "no-existe.sqlite")
    startup.welcome.open_button.click()
    qtbot.waitUntil(lambda: startup.ready, timeout=20_000)
    wait_idle(qtbot, bare_runner)
    assert startup.window.location_label.text() == str(db)
    close(startup)


def test_the_welcome_greets_without_the_data_files_hidden_path(qtbot, qapp, tmp_path, bare_runner):
    """A first-time treasurer reads what to do, not a path inside a hidden folder;
    whoever copies backups by hand finds the path in the greeting's tooltip."""
    from PySide6.QtWidgets import QLabel

    where = tmp_path / ".local" / "share" / "coopdesk" / "coopdesk.sqlite"
    startup = start(qapp, bare_runner, where)
    qtbot.waitUntil(lambda: startup.welcome is not None and startup.welcome.isVisible(), timeout=20_000)
    intro = next(label for label in startup.welcome.findChildren(QLabel) if "¿Qué desea hacer?" in label.text())
    assert intro.text() == "Todavía no ha creado ni abierto una cooperativa.<br>¿Qué desea hacer?"
    assert intro.toolTip() == f"Los datos se guardarán en {where}"
    startup.welcome.quit_button.click()


def test_a_file_that_is_not_a_cooperative_says_so_and_welcomes(qtbot, qapp, tmp_path, bare_runner):
    empty = tmp_path / "vacia.sqlite"
    empty.touch()
    startup = start(qapp, bare_runner, empty)
    qtbot.waitUntil(lambda: startup.welcome is not None and startup.welcome.isVisible(), timeout=20_000)
    box = startup.welcome.findChild(QMessageBox)
    assert box.text() == f"El archivo {empty} está vacío: no es un libro de coopdesk. No se modificó."
    assert empty.stat().st_size == 0  # nothing was written into it
    assert startup.window is None and bare_runner.book is None  # the window drawn first is gone
    box.close()
    close(startup)


def test_spanish_is_the_default_and_qt_speaks_it_too(qapp):
    assert gui_app.setup_language(qapp, None) == "es"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert i18n.language() == "es"


def test_the_saved_language_is_used_when_none_is_given(qapp):
    QSettings().setValue("language", "en")
    try:
        assert gui_app.setup_language(qapp, None) == "en"
        assert gui_app.setup_language(qapp, "es") == "es"  # the --lang argument wins
    finally:
        QSettings().remove("language")
        gui_app.setup_language(qapp, "es")


def test_an_unexpected_error_is_logged_and_shown_in_spanish(qtbot, isolated, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", errors.excepthook)
    try:
        raise KeyError("socio fantasma")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    box = errors._open_dialog
    assert box.isVisible()
    assert box.text() == "Ocurrió un error inesperado"
    log = Path(isolated / "logs" / "errores.log")
    assert "KeyError: 'socio fantasma'" in log.read_text(encoding="utf-8")
    assert str(log) in box.informativeText()
    assert "KeyError" in box.detailedText()
    box.close()


def test_a_file_that_is_not_a_database_at_all_says_so_and_welcomes(qtbot, qapp, tmp_path, bare_runner):
    sheet = tmp_path / "planilla.xlsx"
    sheet.write_bytes(b"PK\x03\x04 a spreadsheet, not a database" * 50)
    startup = start(qapp, bare_runner, sheet)
    qtbot.waitUntil(lambda: startup.welcome is not None and startup.welcome.isVisible(), timeout=20_000)
    box = startup.welcome.findChild(QMessageBox)
    assert box.text() == f"El archivo {sheet} no es una base de datos de coopdesk; no se modificó."
    assert startup.window is None and bare_runner.book is None  # the window drawn first is gone
    box.close()
    close(startup)


def test_the_file_dialogs_are_all_in_spanish(qapp, qtbot, tmp_path):
    """qtbase_es leaves «&Look in:» and «Files of &type:» in English (it has them only
    without the «&») and says «fichero»: coopdesk fills those gaps."""
    from PySide6.QtWidgets import QLabel, QPushButton

    (tmp_path / "carpeta").mkdir()
    gui_app.setup_language(qapp, "es")
    dialog = QFileDialog(None, "Guardar el PDF", str(tmp_path), "Documentos PDF (*.pdf)")
    qtbot.addWidget(dialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    assert sorted(label.text() for label in dialog.findChildren(QLabel)) == [
        "&Buscar en:", "&Nombre del archivo:", "&Tipo de archivo:"]
    assert sorted(b.text() for b in dialog.findChildren(QPushButton)) == ["&Guardar", "Cancelar"]
    assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "Carpeta"
