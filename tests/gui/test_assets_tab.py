"""Contabilidad → Activos fijos: the contador registers a computer, posts March's depreciation
on the worker (S/ 75.00), is refused the same month again with the core's words, sees the
schedule, gives the asset de baja; the tab fits a 1024×600 laptop (a grab() of it is saved)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.gui.kit import printing
from coopdesk.gui.kit.widgets import select_value
from coopdesk.gui.ledger.asset_dialogs import AssetDialog, RetireDialog
from coopdesk.gui.ledger.ledger_view import LedgerView

from .conftest import cells, wait_idle


@pytest.fixture
def view(qtbot, runner):
    view = LedgerView(runner)
    qtbot.addWidget(view)
    view.resize(1024, 600)
    view.show()
    view.tabs.setCurrentWidget(view.assets_tab)
    wait_idle(qtbot, runner)
    return view


def test_register_depreciate_and_retire_from_the_ledger_screen(qtbot, runner, view, tmp_path, monkeypatch):
    tab = view.assets_tab
    dialog = AssetDialog(tab, runner)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, "AF-001")
    qtbot.keyClicks(dialog.description, "Computadora Lenovo")
    select_value(dialog.account, "3361")
    assert dialog.category.currentData() == "computo"  # the account's category
    dialog.acquired.setDate(date(2026, 3, 15))
    qtbot.keyClicks(dialog.cost, "3600")
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.created and dialog.result() == dialog.DialogCode.Accepted
    wait_idle(qtbot, runner)
    assert cells(tab.model, 0)[:4] == ("AF-001", "Computadora Lenovo", "3361", "25 %")

    select_value(tab.month, "2026-03")
    tab.depreciate_button.click()
    wait_idle(qtbot, runner)
    assert tab.last_posted is not None and tab.last_posted.total == D("75.00")
    assert "Se registró la depreciación de 2026-03: S/\u00a075.00." in tab.status.text()
    entries = runner.book.ledger.count_entries()
    tab.depreciate_button.click()
    wait_idle(qtbot, runner)
    assert "ya está registrada" in tab.status.text() and runner.book.ledger.count_entries() == entries

    tab.table.selectRow(0)
    wait_idle(qtbot, runner)
    assert cells(tab.schedule_model, 0)[:5] == ("03/2026", "25 %", "S/\u00a075.00", "S/\u00a075.00",
                                                "S/\u00a03,525.00")
    assert cells(tab.schedule_model, 0)[5].startswith("2026-0")
    assert cells(tab.schedule_model, 1)[5] == "por registrar" and tab.schedule_model.rowCount() == 48

    picture = tmp_path / "activos-1024x600.png"  # looked at by eye when the tab was made
    import os
    if os.environ.get("COOPDESK_KEEP_GRAB"):
        picture = __import__("pathlib").Path(os.environ["COOPDESK_KEEP_GRAB"])
    assert view.grab().save(str(picture)) and picture.stat().st_size > 10000
    assert view.width() <= 1024 and tab.depreciate_button.isVisible()

    retire = RetireDialog(tab, runner, tab.selected())
    qtbot.addWidget(retire)
    retire.date.setDate(date(2026, 4, 10))
    qtbot.keyClicks(retire.reason, "Robo")
    retire.save()
    wait_idle(qtbot, runner)
    wait_idle(qtbot, runner)
    assert cells(tab.model, 0)[8] == "de baja" and not tab.retire_button.isEnabled()

    shown = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, parent=None, title="": shown.append(path))
    monkeypatch.setattr("coopdesk.gui.ledger.assets_tab.assets_folder", lambda: tmp_path / "pdf")
    tab.print_register()
    wait_idle(qtbot, runner, timeout=20000)
    assert shown and shown[0].endswith(".pdf")
