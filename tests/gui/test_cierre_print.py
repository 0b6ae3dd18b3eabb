"""Contabilidad › Periodos: «Imprimir cierre del mes…» asks the month (the
month before today's first) and where to save, prints the «cierre» with the
audit trail's head on the worker, records the head and opens the PDF. The
dialogs and the viewer are replaced (``ledger_printing.choose_month``,
``choose_pdf``, ``printing.open_file``)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from coopdesk.gui.ledger import ledger_printing

from .conftest import wait_idle
from .test_ledger_print import cash_in, saving  # noqa: F401 - a fixture
from .test_ledger_view import on_worker, open_view, post_season


def test_the_periods_tab_prints_the_cierre_of_the_month_chosen_and_records_its_head(qtbot, runner, saving,  # noqa: F811
                                                                                     monkeypatch, tmp_path):
    asked, opened, answer = saving
    answer["name"] = "cierre.pdf"
    offered = []

    def choose_month(parent, months, suggested):
        offered.append((months, suggested))
        return (2026, 3)

    monkeypatch.setattr(ledger_printing, "choose_month", choose_month)
    cash_in(qtbot, runner)
    post_season(qtbot, runner)
    head = on_worker(qtbot, runner, lambda book: book.audit_heads.current())
    view = open_view(qtbot, runner)
    messages: list[str] = []
    view.status_message.connect(messages.append)
    assert view.cierre_button.isEnabled()
    qtbot.mouseClick(view.cierre_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner, timeout=15000)
    # the periods with entries and today's month (the tests' today: December 2026), newest first;
    # November suggested, as it is not among them the newest is
    assert offered == [([(2026, 12), (2026, 4), (2026, 3), (2026, 1)], 0)]
    assert asked == [tmp_path / "Documentos" / "Contabilidad" / "cierre-2026-03.pdf"]
    path = str(tmp_path / "cierre.pdf")
    assert opened == [path]
    text = " ".join(PdfReader(path).pages[0].extract_text().replace("\xa0", " ").split())
    assert "CIERRE DEL MES Marzo de 2026" in text
    assert "2 S/ 67,450.00 S/ 67,450.00" in text
    assert "101 Caja S/ 20,000.00" in text
    assert f"Cabeza del registro {head.code}" in text
    assert messages[-1] == f"Cierre impreso. Cabeza del registro de cambios: {head.code} (queda registrada)."
    printed = on_worker(qtbot, runner, lambda book: book.audit_heads.printed())
    assert [(p.kind, p.reference, p.record_id, p.hash) for p in printed] == [
        ("cierre", "2026-03", head.record_id, head.hash)]
    assert view.cierre_button.isEnabled()


def test_cancelling_the_month_prints_and_records_nothing(qtbot, runner, saving, monkeypatch, tmp_path):  # noqa: F811
    asked, opened, _answer = saving
    monkeypatch.setattr(ledger_printing, "choose_month", lambda parent, months, suggested: None)
    view = open_view(qtbot, runner)
    qtbot.mouseClick(view.cierre_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert (asked, opened, list(Path(tmp_path).glob("*.pdf"))) == ([], [], [])
    assert on_worker(qtbot, runner, lambda book: book.audit_heads.printed()) == []
    assert view.cierre_button.isEnabled()
