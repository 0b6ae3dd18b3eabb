"""Contabilidad: «Imprimir…» on each tab saves what the tab shows as a PDF (the
Libro diario of the filter, or the Mayor of the filter's account; the three
statements; the Cuentas de socios of the account on the date), rendered on the worker and opened. The save dialog is replaced
(``ledger_printing.choose_pdf``), as is the viewer (``printing.open_file``)."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.gui.ledger import ledger_printing
from coopdesk.gui.kit import printing
from coopdesk.gui.ledger.ledger_view import LedgerView

from .conftest import wait_idle
from .test_ledger_view import on_worker, open_view, post_season
from tests.conftest import cash_is_not_the_subject

@pytest.fixture(autouse=True)
def caja(runner):
    """As the Contabilidad screen's tests: payments out of the empty Caja are confirmed
    (tests.conftest.cash_is_not_the_subject)."""
    cash_is_not_the_subject(runner.book)



def text_of(path: str | Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return [re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.decode("utf-8").splitlines()]


@pytest.fixture
def saving(monkeypatch, tmp_path):
    """The save dialog answers with a file in tmp_path (what it suggested is kept); the viewer is a list."""
    asked: list[Path] = []
    opened: list[str] = []
    answer = {"name": "libro.pdf"}

    def choose(parent, suggested: Path) -> str:
        asked.append(suggested)
        return str(tmp_path / answer["name"]) if answer["name"] else ""

    monkeypatch.setattr(ledger_printing, "choose_pdf", choose)
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    monkeypatch.setattr(printing, "statements_folder", lambda: tmp_path / "Documentos" / "Estados de cuenta")
    return asked, opened, answer


def cash_in(qtbot, runner) -> None:
    on_worker(qtbot, runner, lambda book: book.ledger.post(EntryInput(date(2026, 1, 5), "Aporte a la reserva", (
        LineInput("101", debit=D("50000.00")), LineInput("582", credit=D("50000.00"))))))


def click_print(qtbot, runner, view: LedgerView, tab: int) -> None:
    view.tabs.setCurrentIndex(tab)
    button = view.print_buttons[tab]
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner, timeout=15000)


def test_the_libro_diario_tab_prints_the_diario_of_its_filter(qtbot, runner, saving, tmp_path):
    asked, opened, _answer = saving
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    messages: list[str] = []
    view.status_message.connect(messages.append)
    view.since_check.setChecked(True)
    view.since.setDate(QDate(2026, 3, 15))
    view.until_check.setChecked(True)
    view.until.setDate(QDate(2026, 4, 30))
    wait_idle(qtbot, runner)
    click_print(qtbot, runner, view, view.JOURNAL)
    path = str(tmp_path / "libro.pdf")
    assert asked == [tmp_path / "Documentos" / "Contabilidad" / "libro-diario-2026-03-15-2026-04-30.pdf"]
    assert opened == [path]
    assert messages[-1] == f"PDF guardado en {path}"
    lines = text_of(path)
    assert lines[0] == "Cooperativa Agraria Cacaotera Los Andes LIBRO DIARIO"  # A4 across: the name fits
    assert any(line.startswith("Formato 5.1 · Periodo: del 15/03/2026 al 30/04/2026 Tingo María, ") for line in lines)
    assert any(line.startswith("2026-000002 20/03/2026 Costo del acopio de marzo 69131 ") for line in lines)
    assert "Totales (2 asientos) S/ 31,200.00 S/ 31,200.00" in lines
    assert view.print_buttons[view.JOURNAL].isEnabled()


def test_with_an_account_chosen_it_prints_the_mayor_with_its_saldo_anterior(qtbot, runner, saving, tmp_path):
    asked, opened, answer = saving
    answer["name"] = "caja"  # typed without the extension
    cash_in(qtbot, runner)
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    view.account_filter.setCurrentIndex(view.account_filter.findData("101"))
    view.since_check.setChecked(True)
    view.since.setDate(QDate(2026, 3, 1))
    wait_idle(qtbot, runner)
    click_print(qtbot, runner, view, view.JOURNAL)
    assert asked[0].name == "libro-caja-y-bancos-101-2026-03-01.pdf"
    assert opened == [str(tmp_path / "caja.pdf")]
    lines = text_of(tmp_path / "caja.pdf")
    assert lines[0] == "Cooperativa Agraria Cacaotera Los LIBRO CAJA Y BANCOS"
    start = lines.index("operación Diario Descripción o glosa de la operación Deudor Acreedor Saldo")
    assert lines[start + 1:start + 5] == [
        "01/03/2026 Saldo anterior S/ 50,000.00 S/ 50,000.00",
        "20/03/2026 2026-000003 Costo del acopio de marzo S/ 30,000.00 S/ 20,000.00",
        "02/04/2026 2026-000004 Flete a Puerto Maldonado S/ 1,200.00 S/ 18,800.00",
        "Totales S/ 50,000.00 S/ 31,200.00 S/ 18,800.00",
    ]


def test_each_statement_tab_prints_its_statement(qtbot, runner, saving, tmp_path):
    asked, opened, answer = saving
    cash_in(qtbot, runner)
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)

    answer["name"] = "balance.pdf"
    view.tabs.setCurrentIndex(view.TRIAL)
    view.trial_until.setDate(QDate(2026, 12, 31))
    wait_idle(qtbot, runner)
    click_print(qtbot, runner, view, view.TRIAL)
    assert asked[-1].name == "balance-comprobacion-2026-12-31.pdf"
    assert "Totales S/ 118,650.00 S/ 118,650.00 S/ 87,450.00 S/ 87,450.00" in text_of(opened[-1])

    answer["name"] = "resultados.pdf"
    view.tabs.setCurrentIndex(view.INCOME)
    view.income_year.setValue(2026)
    wait_idle(qtbot, runner)
    click_print(qtbot, runner, view, view.INCOME)
    assert asked[-1].name == "estado-resultados-2026.pdf"
    assert "Remanente del ejercicio S/ 6,250.00" in text_of(opened[-1])

    answer["name"] = "situacion.pdf"
    view.tabs.setCurrentIndex(view.SHEET)
    view.sheet_date.setDate(QDate(2026, 12, 31))
    wait_idle(qtbot, runner)
    click_print(qtbot, runner, view, view.SHEET)
    assert asked[-1].name == "situacion-financiera-2026-12-31.pdf"
    lines = text_of(opened[-1])
    # Caja 18,800.00 + facturas 37,450.00 = reserva 50,000.00 + remanente 6,250.00
    assert "Total activo S/ 56,250.00" in lines
    assert "Total pasivo y patrimonio S/ 56,250.00" in lines
    assert any(line.startswith("Contador") and line.endswith("Gerente") for line in lines)
    assert opened == [str(tmp_path / n) for n in ("balance.pdf", "resultados.pdf", "situacion.pdf")]


def test_cancelling_the_save_dialog_writes_nothing(qtbot, runner, saving, tmp_path):
    asked, opened, answer = saving
    answer["name"] = ""
    view = open_view(qtbot, runner)
    click_print(qtbot, runner, view, view.SHEET)
    assert len(asked) == 1 and opened == []
    assert list(tmp_path.rglob("*.pdf")) == []
    assert view.print_buttons[view.SHEET].isEnabled()


def test_the_cuentas_de_socios_tab_prints_the_account_and_date_it_shows(qtbot, runner, saving, tmp_path):
    asked, opened, answer = saving
    answer["name"] = "adelantos.pdf"
    on_worker(qtbot, runner, lambda book: book.ledger.post(EntryInput(date(2026, 3, 1), "Adelantos de marzo", (
        LineInput("14222", debit=D("500.00"), member_code="S001"),
        LineInput("14222", debit=D("300.00"), member_code="S002"),
        LineInput("101", credit=D("800.00"))))))
    view = open_view(qtbot, runner)
    messages: list[str] = []
    view.status_message.connect(messages.append)
    view.tabs.setCurrentIndex(view.MEMBERS)
    tab = view.members_tab
    tab.until.setDate(QDate(2026, 11, 26))
    wait_idle(qtbot, runner)
    assert tab.account.currentData() == "14222"
    button = tab.print_button
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner, timeout=15000)
    path = str(tmp_path / "adelantos.pdf")
    assert asked == [tmp_path / "Documentos" / "Contabilidad" / "cuentas-socios-14222-2026-11-26.pdf"]
    assert opened == [path]
    assert messages[-1] == f"PDF guardado en {path}"
    lines = text_of(path)
    assert lines[:2] == ["Cooperativa Agraria Cacaotera Los CUENTAS DE SOCIOS: 14222 —", "Andes ADELANTOS A SOCIOS"]
    assert any(line.endswith("Al 26/11/2026") for line in lines[:5])
    header = lines.index("Código Apellidos y nombres Saldo")
    assert lines[header + 1:header + 4] == [
        "S001 Quispe Mamani, Rosa S/ 500.00",
        "S002 Apaza Flores, Juan S/ 300.00",
        "Total (2 socios) S/ 800.00",
    ]
    assert "Cuadra con la cuenta 14222 del balance de comprobación: S/ 800.00" in lines
    assert button.isEnabled()

    # another account, cancelled: nothing written
    answer["name"] = ""
    tab.account.setCurrentIndex(tab.account.findData("501"))
    wait_idle(qtbot, runner)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert asked[-1].name.startswith("cuentas-socios-501-")
    assert opened == [path] and button.isEnabled()


def test_the_hoja_de_trabajo_tab_prints_its_period_across_the_page(qtbot, runner, saving, tmp_path):
    asked, opened, answer = saving
    answer["name"] = "hoja.pdf"
    cash_in(qtbot, runner)
    post_season(qtbot, runner)
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.WORKSHEET)
    tab = view.worksheet_tab
    tab.until.setDate(QDate(2026, 4, 30))
    wait_idle(qtbot, runner)
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner, timeout=15000)
    assert asked[-1].name == "hoja-de-trabajo-2026-01-01-2026-04-30.pdf"
    lines = text_of(opened[-1])
    # Caja 50,000 − 30,000 − 1,200; the reserve 50,000; the result 37,450 − 31,200 = 6,250
    assert "101 Caja 50,000.00 31,200.00 18,800.00 18,800.00" in lines
    assert "Utilidad del periodo 6,250.00 6,250.00 6,250.00" in lines
    assert ("Sumas iguales 118,650.00 118,650.00 87,450.00 87,450.00 56,250.00 56,250.00 37,450.00 37,450.00 "
            "37,450.00 37,450.00") in lines
    assert tab.print_button.isEnabled()
