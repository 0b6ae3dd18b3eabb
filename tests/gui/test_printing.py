"""Imprimir estado de cuenta: the PDF is written on the worker and handed to the viewer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

import pytest

from coopdesk.core import Book
from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.kit import printing
from coopdesk.gui.members.members_view import MembersView

from .conftest import wait_idle
from tests.conftest import cash_in_hand

@pytest.fixture(autouse=True)
def caja(db):
    """Money in Caja (S/ 200,000.00) and the bank before the app opens the book: the tickets pay advances."""
    with Book.open(str(db)) as book:
        cash_in_hand(book)




@pytest.fixture
def opened(monkeypatch, tmp_path):
    files: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: files.append(path))
    monkeypatch.setattr(printing, "statements_folder", lambda: tmp_path / "estados")
    return files


def test_printing_the_selected_member_opens_an_existing_pdf(qtbot, runner, db, opened):
    with Book.open(str(db)) as book:
        book.deliveries.record(DeliveryInput("001-000001", date(2026, 3, 2), "S001", "CACAO-SECO", 2,
                                             Decimal("120.5"), Decimal("0.4"), Decimal("7.5"), "A", Decimal("18.50")))
    view = MembersView(runner)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    wait_idle(qtbot, runner)
    view.select_where(lambda m: m.code == "S001")
    view.print_button.click()
    assert not view.print_button.isEnabled()  # no second click while it prints
    qtbot.waitUntil(lambda: len(opened) == 1 and not runner.busy, timeout=15000)
    pdf = Path(opened[0])
    assert pdf.exists() and pdf.suffix == ".pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.name == "estado-cuenta-2026-S001-000001.pdf"
    text = PdfReader(pdf).pages[0].extract_text().replace("\u00a0", " ")
    assert "001-000001" in text and "120.10" in text and "S/ 2,221.85" in text
    assert view.print_button.isEnabled()


def test_printing_twice_keeps_both_pdfs(qtbot, runner, opened):
    view = MembersView(runner)
    qtbot.addWidget(view)
    view.show()
    view.reload()
    wait_idle(qtbot, runner)
    view.select_where(lambda m: m.code == "S002")
    messages = []
    view.status_message.connect(messages.append)
    for expected in (1, 2):
        view.print_button.click()
        qtbot.waitUntil(lambda: len(opened) == expected and not runner.busy, timeout=15000)
    first, second = map(Path, opened)
    assert first != second and first.exists() and second.exists()
    assert messages[-1] == f"Estado de cuenta guardado en {second}"
