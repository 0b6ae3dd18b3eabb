"""Contabilidad › Libro diario: the entry's detail shows its posting number and its
correlativo in the Libro Diario (given when its month closes, by date), with a
tooltip that explains both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from coopdesk.domain.ledger import EntryInput, LineInput

from .conftest import wait_idle
from .test_ledger_view import caja, on_worker, open_view, post_season, rows  # noqa: F401 - caja: autouse


def test_the_detail_shows_the_posting_number_and_the_diario_correlativo(qtbot, runner):
    post_season(qtbot, runner)  # 2026-000001 10/03, 2026-000002 20/03, 2026-000003 02/04

    def late_and_close(book):
        book.ledger.post(EntryInput(date(2026, 3, 5), "Venta olvidada del 5 de marzo", (
            LineInput("1212", debit=D("100.00")), LineInput("701311", credit=D("100.00")))))
        book.ledger.close(2026, 3)

    on_worker(qtbot, runner, late_and_close)
    view = open_view(qtbot, runner)
    numbers = [r[0] for r in rows(view.journal_model)]
    seen = {}
    for number in ("2026-000004", "2026-000003"):
        view.journal_table.selectRow(numbers.index(number))
        wait_idle(qtbot, runner)
        seen[number] = view.entry_numbers.text()
    # posted fourth, dated 05/03: first in March's Diario
    assert seen["2026-000004"] == "N.º de registro 2026-000004 · Correlativo del Libro Diario D-2026-000001"
    assert seen["2026-000003"] == ("N.º de registro 2026-000003 · Correlativo del Libro Diario: provisional, se "
                                   "asigna al cerrar el periodo 04/2026")
    tip = view.entry_numbers.toolTip()
    assert tip.startswith("El número de registro se da al registrar el asiento") and "CUO" in tip
