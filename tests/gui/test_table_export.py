"""Every table of the screens exports what it shows («Exportar esta tabla a
Excel…», right click): the prices in force, as the treasurer sees them, with the
amounts as numbers and the dates as dates, in the order shown."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from coopdesk.gui.kit.table_export import table_rows

from .conftest import cells
from .test_prices_view import on_worker, open_view


def test_the_prices_in_force_export_as_shown_with_numbers_and_dates(qtbot, runner, tmp_path, monkeypatch):
    from coopdesk.core.prices import PriceInput

    on_worker(qtbot, runner, lambda book: [
        book.prices.add(PriceInput("CACAO-SECO", date(2026, 3, 1), Decimal("18.50"), "A", "organico")),
        book.prices.add(PriceInput("CAFE-PERG", date(2026, 5, 4), Decimal("1234.56")))])
    view = open_view(qtbot, runner)
    table, model = view.prices_table, view.prices_model
    assert model.rowCount() > 0
    shown = [cells(model, r) for r in range(model.rowCount())]
    action = [a for a in table.actions() if a.text() == "Exportar esta tabla a Excel…"]
    assert len(action) == 1 and table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    target = tmp_path / "precios"  # no extension typed: the chosen kind gives it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), a[4] if len(a) > 4 else ""))
    action[0].trigger()
    qtbot.waitUntil(lambda: table.property("exported") is not None, timeout=10000)
    assert table.property("exported") == str(target) + ".xlsx"

    sheet = openpyxl.load_workbook(str(target) + ".xlsx").active
    assert sheet.title == "Precios de adelanto"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    headers, rows = table_rows(table)
    assert values[0] == headers == [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert len(values) == 1 + len(shown)
    for written, on_screen, raw in zip(values[1:], shown, rows):
        for cell, text, value in zip(written, on_screen, raw):
            if isinstance(value, Decimal):  # «S/ 18.50» on screen, 18.5 in the sheet
                assert Decimal(str(cell)) == value and f"{value:,.2f}" in text
            elif isinstance(value, date):
                assert cell == datetime.combine(value, datetime.min.time())
                assert text == value.strftime("%d/%m/%Y")
            else:
                assert (cell or "") == text
    prices = sorted(v for r in rows for v in r if isinstance(v, Decimal))
    assert Decimal("18.50") in prices and Decimal("1234.56") in prices  # numbers, not «S/ 1,234.56»
