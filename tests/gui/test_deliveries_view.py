"""Entregas: newest first, money right-aligned as S/ 1,234.56, found by ticket or socio."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from coopdesk.core import Book
from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.deliveries.deliveries_view import DeliveriesView

from .conftest import cells, wait_idle
from tests.conftest import cash_in_hand

@pytest.fixture(autouse=True)
def caja(db):
    """Money in Caja (S/ 200,000.00) and the bank before the app opens the book: the tickets pay advances."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)


TICKETS = (
    # ticket, date, member, product, sacks, gross, tare, humidity, grade, price
    ("001-000001", date(2026, 3, 2), "S001", "CACAO-SECO", 2, "120.5", "0.4", "7.5", "A", "18.50"),
    ("001-000002", date(2026, 3, 9), "S002", "CAFE-PERG", 3, "138.6", "0.6", "11", "B", "690"),
    ("001-000003", date(2026, 4, 1), "S003", "COPOAZU-PULPA", 1, "45.25", "0.25", "86", "A", "4.20"),
)


@pytest.fixture
def delivered(db):
    with Book.open(str(db)) as book:
        for t, day, member, product, sacks, gross, tare, hum, grade, price in TICKETS:
            book.deliveries.record(DeliveryInput(t, day, member, product, sacks, Decimal(gross), Decimal(tare),
                                                 Decimal(hum), grade, Decimal(price)))
    return db


def open_view(qtbot, runner) -> DeliveriesView:
    view = DeliveriesView(runner)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.show()
    view.reload()
    wait_idle(qtbot, runner)
    return view


def test_deliveries_newest_first_with_exact_cells(qtbot, delivered, runner):
    view = open_view(qtbot, runner)
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Fecha", "Ticket", "Socio", "Producto", "Sacos", "Neto kg", "qq", "Hum. %", "Pagado kg", "Calidad",
        "Precio", "Importe", "Estado",
    ]
    assert cells(model, 0) == ("01/04/2026", "001-000003", "Quispe Huamán, Pedro", "Copoazú pulpa", "1", "45.00", "",
                               "86.00", "45.00", "A", "S/\u00a04.20/kg", "S/\u00a0189.00", "")
    # coffee: 138 kg are 3.00 quintales of 46 kg
    assert cells(model, 1) == ("09/03/2026", "001-000002", "Apaza Flores, Juan", "Café pergamino seco", "3", "138.00",
                               "3.00", "11.00", "138.00", "B", "S/\u00a0690.00/qq", "S/\u00a02,070.00", "")
    assert cells(model, 2) == ("02/03/2026", "001-000001", "Quispe Mamani, Rosa", "Cacao grano seco", "2", "120.10",
                               "", "7.50", "120.10", "A", "S/\u00a018.50/kg", "S/\u00a02,221.85", "")
    importe = model.index(0, 11)
    assert model.data(importe, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert view.count_label.text() == "3 entregas"


def test_a_ticket_number_finds_exactly_that_ticket(qtbot, delivered, runner):
    view = open_view(qtbot, runner)
    view.search.setText("001-000002")
    view.search_now()
    wait_idle(qtbot, runner)
    assert view.model.rowCount() == 1 and cells(view.model, 0)[1] == "001-000002"
    assert view.count_label.text() == "1 entrega"


def test_words_of_a_name_find_that_socio_s_deliveries(qtbot, delivered, runner):
    view = open_view(qtbot, runner)
    qtbot.keyClicks(view.search, "quispe")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not runner.busy, timeout=20_000)
    assert [cells(view.model, r)[1] for r in range(2)] == ["001-000003", "001-000001"]
    assert view.count_label.text() == "2 entregas"


def test_a_million_deliveries_are_counted_the_peruvian_way(qtbot, runner):
    view = open_view(qtbot, runner)
    assert view.count_text(1_000_000) == "1,000,000 entregas"
    assert view.count_label.text() == "0 entregas"


def test_the_deliveries_model_passes_the_qt_model_tester(qtbot, qtmodeltester, delivered, runner):
    view = open_view(qtbot, runner)
    qtmodeltester.check(view.model)


def test_a_recorded_delivery_appears_at_the_top_selected(qtbot, delivered, runner):
    view = open_view(qtbot, runner)
    data = DeliveryInput("001-000004", date(2026, 5, 4), "S001", "CACAO-SECO", 1, Decimal("30"), Decimal("0.2"),
                         Decimal("7"), "A", Decimal("18.50"))
    runner.mutate(lambda book: book.deliveries.record(data))
    qtbot.waitUntil(lambda: view.model.rowCount() == 4 and not runner.busy, timeout=20_000)
    assert cells(view.model, 0)[1] == "001-000004"
    assert cells(view.model, 0)[11] == "S/\u00a0551.30"
    assert view.selected().ticket == "001-000004"
    assert view.count_label.text() == "4 entregas"


def test_a_hidden_screen_catches_up_when_shown(qtbot, delivered, runner):
    view = open_view(qtbot, runner)
    view.hide()
    data = DeliveryInput("001-000004", date(2026, 5, 4), "S002", "CACAO-SECO", 1, Decimal("30"), Decimal("0.2"),
                         Decimal("7"), "A", Decimal("18.50"))
    runner.mutate(lambda book: book.deliveries.record(data))
    wait_idle(qtbot, runner)
    assert view.model.rowCount() == 3  # nothing read while nobody looks
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4 and not runner.busy, timeout=20_000)


def test_voiding_a_ticket_asks_the_reason_and_marks_the_row(qtbot, delivered, runner):
    from coopdesk.gui.deliveries.void_dialog import VoidDialog

    from .conftest import answering

    view = open_view(qtbot, runner)
    assert not view.void_button.isEnabled()  # nothing selected yet
    view.select_where(lambda d: d.ticket == "001-000002")
    assert view.void_button.isEnabled()

    def void(dialog: VoidDialog):
        assert dialog.windowTitle() == "Anular el ticket 001-000002"
        assert dialog.note.text() == (
            "El ticket se conserva con su número, marcado como anulado, y ya no cuenta en los estados de cuenta ni "
            "en las distribuciones. En la contabilidad, su importe se revierte con un asiento de fecha de hoy: nada "
            "se borra.")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.error_text("reason") != "", timeout=20_000)
        assert dialog.error_text("reason") == "Diga por qué se anula el ticket."
        dialog.reason.setText("Se pesó dos veces")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(VoidDialog, void):
        view.void_button.click()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: cells(view.model, 1)[12] == "Anulado", timeout=20_000)
    assert view.model.data(view.model.index(1, 12), Qt.ItemDataRole.ToolTipRole) == "Anulado: Se pesó dos veces"
    assert cells(view.model, 0)[12] == ""


def test_printing_the_selected_ticket_opens_an_a6_pdf_in_documents(qtbot, delivered, runner, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from coopdesk.gui.kit import printing

    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    monkeypatch.setattr(printing, "receipts_folder", lambda: tmp_path / "tickets")
    view = open_view(qtbot, runner)
    assert not view.print_button.isEnabled()  # nothing selected yet
    view.select_where(lambda d: d.ticket == "001-000001")
    assert view.print_button.isEnabled() and view.print_button.text() == "Imprimir ticket…"
    view.print_button.click()
    assert not view.print_button.isEnabled()  # no second copy while it is written
    qtbot.waitUntil(lambda: len(opened) == 1 and not runner.busy, timeout=15000)
    assert opened == [str(tmp_path / "tickets" / "ticket-acopio-001-000001.pdf")]
    page = PdfReader(opened[0]).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 105  # A6
    text = " ".join(page.extract_text().split()).replace("\u00a0", " ")
    assert "TICKET DE ACOPIO N.º 001-000001" in text and "S/ 2,221.85" in text
    assert "SON: DOS MIL DOSCIENTOS VEINTIUNO CON 85/100 SOLES" in text
    assert view.print_button.isEnabled()
