"""The bulletin from «Inicio»'s pending task, and the assembly pack's projector view."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coopdesk.core import Book
from coopdesk.core import season as S
from coopdesk.gui.bulletin import assembly_dialog, bulletin_dialog
from coopdesk.gui.bulletin.assembly_dialog import AssemblyDialog, ProjectorDialog
from coopdesk.gui.kit import printing
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.main_window import MainWindow
from tests.conftest import make_book
from tests.core.test_season import a_season
from tests.people import LOGIN

from .conftest import wait_idle


@pytest.fixture
def papers(monkeypatch, tmp_path) -> list[str]:
    opened: list[str] = []
    monkeypatch.setattr(bulletin_dialog, "bulletins_folder", lambda: tmp_path / "Boletines")
    monkeypatch.setattr(assembly_dialog, "assembly_folder", lambda: tmp_path / "Asambleas")
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    return opened


@pytest.fixture
def season_runner(tmp_path):
    db = str(tmp_path / "coop.sqlite")
    with make_book(db) as book:
        a_season(book)
    runner = TaskRunner(Book.open(db, **LOGIN))
    yield runner
    runner.close()


def text_of(path: str) -> str:
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.replace("\u00a0", " ").split())


def test_the_pending_bulletin_is_printed_with_the_treasurers_words(qtbot, season_runner, papers):
    runner = season_runner
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    wait_idle(qtbot, runner)
    home = window.home
    qtbot.waitUntil(lambda: S.BULLETIN in home.task_buttons, timeout=20000)
    assert home.task_buttons[S.BULLETIN].text() == "Imprimir el boletín de noviembre de 2026"
    home.task_buttons[S.BULLETIN].click()
    dialog = home.bulletin_dialog
    dialog.decisions.setPlainText("Se compran dos balanzas.")
    dialog.assembly.setText("Sábado 19 de diciembre")
    dialog.slips.setChecked(True)
    dialog.make_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30000)
    pdf, images, missing = dialog.written
    assert papers == [pdf] and Path(pdf).name == "boletin-2026-11.pdf"
    assert [Path(i).name for i in images] == ["boletin-2026-11.png"] and missing == ""
    text = text_of(pdf)
    assert "En noviembre de 2026 no hubo entregas." in text
    assert "Se compran dos balanzas." in text and "Sábado 19 de diciembre" in text
    assert text.count("Su hoja personal – noviembre de 2026") == 3


def test_the_assembly_pack_is_saved_and_presented_in_large_type(qtbot, season_runner, papers):
    runner = season_runner
    dialog = AssemblyDialog(None, runner, 2026, 4)
    qtbot.addWidget(dialog)
    dialog.agenda.setPlainText("Informe del trimestre\n\nVarios\n")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30000)
    assert Path(dialog.written).name == "asamblea-2026-T4.pdf" and papers == [dialog.written]
    text = text_of(dialog.written)
    assert "1. Informe del trimestre 2. Varios" in text
    assert "Diciembre 100.00 kg S/ 1,580.00" in text
    dialog.present(full_screen=False)
    qtbot.waitUntil(lambda: dialog.projector is not None, timeout=30000)
    projector: ProjectorDialog = dialog.projector
    qtbot.addWidget(projector)
    title, lines = projector.slides[0]
    assert title.text() == "Agenda" and [w.text() for w in lines] == ["1. Informe del trimestre", "2. Varios"]
    assert title.font().pointSize() >= 30 and lines[0].font().pointSize() >= 24
    projector.go(1)
    title, lines = projector.slides[projector.stack.currentIndex()]
    assert title.text() == "Cifras del 4.º trimestre de 2026"
    assert "Diciembre: 100.00 kg · S/ 1,580.00" in [w.text().replace("\u00a0", " ") for w in lines]
    assert projector.counter.text().startswith("2 de 3")
