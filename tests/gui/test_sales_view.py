"""Ventas y gastos: the treasurer types a dollar sale and sees its soles and total
as she types, with what the almacén holds; records it and finds it with its
entry; is told under the field what is missing; is warned (never refused) when
she sells more kilos than the almacén holds; voids a sale with its reason; and
records, lists and voids an expense paid in cash or owed to the supplier; and
collects a dollar sale por cobrar at the day's rate, seeing the exchange gain
before she records it; and pays the supplier an expense owed to it, from the
bank or cash, after which it is neither paid again nor voided; and cancels a
collection or a payment recorded by mistake, with its reason, and records it
right."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QDate, Qt

from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.sales.sales_dialogs import (
    CancelCollectionDialog,
    CancelPaymentDialog,
    CollectSaleDialog,
    ExpenseDialog,
    PayExpenseDialog,
    SaleDialog,
    VoidExpenseDialog,
    VoidSaleDialog,
)
from coopdesk.gui.sales.sales_view import SalesView
from coopdesk.gui.kit.widgets import combo_value, select_value

from .conftest import answering, cells, wait_idle
from tests.conftest import TODAY, cash_is_not_the_subject

@pytest.fixture(autouse=True)
def caja(runner):
    """These tests read the entries' shape and numbers: payments out of the empty Caja
    are confirmed (tests.conftest.cash_is_not_the_subject)."""
    cash_is_not_the_subject(runner.book)


NBSP = "\u00a0"


def spaced(text: str) -> str:
    return (text or "").replace(NBSP, " ")


def rows(model) -> list[tuple[str, ...]]:
    return [tuple(spaced(c) for c in cells(model, r)) for r in range(model.rowCount())]


def on_worker(qtbot, runner, fn):
    out = []
    runner.run(fn, out.append)
    wait_idle(qtbot, runner)
    return out[0] if out else None


def rosa_delivers(qtbot, runner) -> None:
    """Rosa's 120.1 kg of organic dry cacao at S/ 18.50: S/ 2,221.85 in the almacén."""
    on_worker(qtbot, runner, lambda book: book.deliveries.record(DeliveryInput(
        ticket="001-000001", date=date(2026, 3, 4), member_code="S001", product_code="CACAO-SECO", sacks=2,
        gross_kg=D("120.5"), tare_kg=D("0.4"), humidity_pct=D("7.2"), grade="A", advance_price=D("18.50"))))


def open_view(qtbot, runner) -> SalesView:
    view = SalesView(runner)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    wait_idle(qtbot, runner)
    return view


def type_dollar_sale(qtbot, runner, dialog: SaleDialog, buyer: str = "Exportadora del Sur S.A.C.",
                     kg: str = "100") -> None:
    dialog.date.setDate(QDate(2026, 4, 10))
    dialog.buyer.setText(buyer)
    dialog.contract.setText("C-2026-07")
    dialog.invoice.setText("F001-000045")
    select_value(dialog.product, "CACAO-SECO")
    select_value(dialog.certification, "organico")
    wait_idle(qtbot, runner)
    dialog.kg.setText(kg)
    select_value(dialog.currency, "USD")
    qtbot.keyClicks(dialog.rate, "3.7450")
    qtbot.keyClicks(dialog.price, "6.0000")
    dialog.premium.setText("24.00")
    dialog.differential.setText("30")


def figures_room(dialog: SaleDialog) -> tuple[bool, bool, int]:
    """Whether the live figures have the height of all their lines, end above the row
    under them (Se cobra), and how far the dialog's rows overlap (0: none)."""
    figures = dialog.figures
    whole = figures.height() >= figures.heightForWidth(figures.width()) >= 4 * figures.fontMetrics().lineSpacing()
    below = dialog.debit_account.parentWidget().geometry().top()
    return whole, figures.geometry().bottom() < below, dialog._overlap()


def save_and_wait(qtbot, dialog) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)


def test_a_dollar_sale_shows_its_soles_live_and_is_listed_with_its_total_and_entry(qtbot, runner):
    rosa_delivers(qtbot, runner)
    view = open_view(qtbot, runner)
    assert view.sales_tab.count.text() == "Aún no hay ventas: registre la primera con «Nueva venta…»."
    seen: dict = {}

    def steps(dialog: SaleDialog):
        seen["rate_in_soles"] = dialog.rate.isEnabled()
        type_dollar_sale(qtbot, runner, dialog)
        seen["rate_in_dollars"] = dialog.rate.isEnabled()
        seen["units"] = (dialog.price_unit.text(), dialog.premium_unit.text())
        seen["stock"] = spaced(dialog.stock_label.text())
        seen["figures"] = spaced(dialog.figures.text()).splitlines()
        seen["room"] = figures_room(dialog)
        save_and_wait(qtbot, dialog)

    with answering(SaleDialog, steps):
        view.sales_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert (seen["rate_in_soles"], seen["rate_in_dollars"]) == (False, True)
    assert seen["room"] == (True, True, 0)  # the four lines whole, above «Se cobra»
    assert seen["units"] == ("US$ por kg", "US$")
    assert seen["stock"] == ("En almacén: 120.10 kg de Cacao grano seco, orgánico; costo de acopio S/ 2,221.85 "
                             "(S/ 18.50 por kg).")
    assert seen["figures"] == [
        "Importe: 100.00 kg × US$ 6.00 = US$ 600.00",
        "US$ 600.00 × 3.7450 = S/ 2,247.00",
        "Total con prima y diferencial: US$ 654.00 = S/ 2,449.23",
        "Costo de venta de estos kilos: S/ 1,850.00",
    ]
    assert rows(view.sales_tab.model) == [(
        "10/04/2026", "Exportadora del Sur S.A.C.", "Cacao grano seco", "Orgánico", "100.00", "US$ 6.00", "3.7450",
        "US$ 24.00", "US$ 30.00", "S/ 2,449.23", "S/ 1,850.00", "Registrada", "F001-000045", "C-2026-07",
        "2026-000002")]
    # the premium goes to its fund, not to sales: S/ 2,247.00 + S/ 112.35 of sales, S/ 89.88 of premium
    assert spaced(view.sales_tab.count.text()) == ("1 venta · ventas S/ 2,359.35 · prima de Comercio Justo S/ 89.88 · "
                                                   "costo S/ 1,850.00")
    assert view.selected(view.sales_tab).buyer == "Exportadora del Sur S.A.C."  # the new sale is selected
    assert spaced(view.sales_tab.detail.text()).splitlines() == [
        "Venta del 10/04/2026 a Exportadora del Sur S.A.C.: 100.00 kg de Cacao grano seco, orgánico, a US$ 6.00 "
        "por kg = US$ 600.00 × 3.7450 = S/ 2,247.00; diferencial orgánico US$ 30.00 (S/ 112.35); Prima Comercio "
        "Justo US$ 24.00 (S/ 89.88). Total S/ 2,449.23, costo de venta S/ 1,850.00.",
        "Contrato C-2026-07 · factura F001-000045 · Por cobrar al comprador (1212) · asiento 2026-000002"]
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    assert (sale.kg, sale.price, sale.exchange_rate, sale.premium, sale.differential, sale.debit_account) == (
        D("100.000"), D("6.0000"), D("3.7450"), D("24.00"), D("30.00"), "1212")


def test_a_sale_in_soles_paid_into_the_bank_shows_its_total_without_a_rate(qtbot, runner):
    rosa_delivers(qtbot, runner)
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: SaleDialog):
        dialog.date.setDate(QDate(2026, 4, 12))
        dialog.buyer.setText("Chocolates Amazonía E.I.R.L.")
        select_value(dialog.product, "CACAO-SECO")
        select_value(dialog.certification, "organico")
        wait_idle(qtbot, runner)
        seen["stock"] = dialog.stock_label.text()
        dialog.kg.setText("10,5")
        dialog.price.setText("18.50")
        dialog.premium.setText("5")
        select_value(dialog.debit_account, "1041")
        seen["choices"] = [dialog.debit_account.itemText(i) for i in range(dialog.debit_account.count())]
        seen["currencies"] = [dialog.currency.itemText(i) for i in range(dialog.currency.count())]
        seen["figures"] = spaced(dialog.figures.text()).splitlines()
        save_and_wait(qtbot, dialog)

    with answering(SaleDialog, steps):
        view.sales_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert seen["stock"] == ("En almacén: 120.10 kg de Cacao grano seco, orgánico; costo de acopio S/\xa02,221.85 "
                             "(S/\xa018.50 por kg).")
    assert seen["choices"] == ["Por cobrar al comprador (1212)", "Banco (1041)", "Caja (101)"]
    assert seen["currencies"] == ["Soles (S/)", "Dólares (US$)"]
    assert seen["figures"] == ["Importe: 10.50 kg × S/ 18.50 = S/ 194.25", "Total con prima y diferencial: S/ 199.25",
                               "Costo de venta de estos kilos: S/ 194.25"]
    assert rows(view.sales_tab.model)[0][4:] == ("10.50", "S/ 18.50", "", "S/ 5.00", "", "S/ 199.25", "S/ 194.25",
                                                 "Registrada", "", "", "2026-000002")
    assert spaced(view.sales_tab.count.text()) == ("1 venta · ventas S/ 194.25 · prima de Comercio Justo S/ 5.00 · "
                                                   "costo S/ 194.25")


def test_a_sale_with_no_buyer_says_so_under_the_field_and_records_nothing(qtbot, runner):
    rosa_delivers(qtbot, runner)
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: SaleDialog):
        type_dollar_sale(qtbot, runner, dialog, buyer="  ")
        dialog.rate.clear()
        dialog.kg.setText("1,234")
        dialog.save()
        wait_idle(qtbot, runner)
        seen["errors"] = {name: dialog.error_text(name) for name in ("buyer", "kg", "exchange_rate", "price")}
        seen["open"] = dialog.isVisible()
        seen["focus"] = dialog.focusWidget() is dialog.buyer

    with answering(SaleDialog, steps):
        view.sales_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert seen["errors"] == {
        "buyer": "Escriba el comprador.",
        "kg": "«1,234» puede leerse como 1234 o como 1.234: escriba 1234 (sin coma de miles) o 1.234 (con punto "
              "decimal).",
        "exchange_rate": "Una venta en dólares lleva el tipo de cambio del día, con cuatro decimales como máximo "
                         "(por ejemplo 3.7450).",
        "price": ""}
    assert seen["open"] and seen["focus"]
    assert on_worker(qtbot, runner, lambda book: book.sales.list()) == []
    assert view.sales_tab.model.rowCount() == 0


def test_selling_more_than_the_almacen_holds_is_refused_under_the_kilos(qtbot, runner):
    rosa_delivers(qtbot, runner)
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: SaleDialog):
        type_dollar_sale(qtbot, runner, dialog, kg="150")
        seen["figures"] = spaced(dialog.figures.text()).splitlines()[-1]
        dialog.save()
        wait_idle(qtbot, runner)
        seen["after"] = (dialog.isVisible(), spaced(dialog.error_text("kg")))
        seen["listed"] = on_worker(qtbot, runner, lambda book: book.sales.list())
        dialog.kg.setText("120.1")   # all of it
        save_and_wait(qtbot, dialog)

    with answering(SaleDialog, steps):
        view.sales_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert seen["figures"] == "No hay tantos kilos en el almacén: revise los kilos, el producto o la certificación."
    assert seen["after"] == (True, "No hay tantos kilos en el almacén: vende 150 kg y de Cacao grano seco, Orgánico, "
                                   "hay 120.100 kg (entregas menos ventas registradas). Revise los kilos, el producto "
                                   "o la certificación.")
    assert seen["listed"] == []
    assert rows(view.sales_tab.model)[0][4] == "120.10"
    assert rows(view.sales_tab.model)[0][10] == "S/ 2,221.85"   # the almacén's whole cost


def test_a_date_in_a_closed_period_is_refused_under_the_date(qtbot, runner):
    rosa_delivers(qtbot, runner)
    on_worker(qtbot, runner, lambda book: (book.ledger.close(2026, 3), book.ledger.close(2026, 4)))
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: SaleDialog):
        dialog.confirm_warnings = lambda found: True
        type_dollar_sale(qtbot, runner, dialog)
        dialog.save()
        wait_idle(qtbot, runner)
        seen["date"] = dialog.error_text("date")

    with answering(SaleDialog, steps):
        view.sales_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert seen["date"] == ("El periodo 2026-04 está cerrado: no se registra nada en él. Use una fecha desde el 01/05/2026; un "
        "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia.")
    assert view.sales_tab.model.rowCount() == 0


def record_dollar_sale(qtbot, runner) -> None:
    from coopdesk.domain.sales import SaleInput

    on_worker(qtbot, runner, lambda book: book.sales.record(SaleInput(
        date(2026, 4, 10), "Exportadora del Sur S.A.C.", "CACAO-SECO", "organico", D("100"), D("6.0000"), "USD",
        D("3.7450"), premium=D("24.00"), differential=D("30.00"), contract="C-2026-07", invoice="F001-000045")))


def test_voiding_a_sale_asks_the_reason_and_marks_the_row_anulada(qtbot, runner):
    rosa_delivers(qtbot, runner)
    record_dollar_sale(qtbot, runner)
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    assert not tab.void_button.isEnabled()  # nothing selected
    tab.table.selectRow(0)
    assert tab.void_button.isEnabled()
    seen: dict = {}

    def steps(dialog: VoidSaleDialog):
        seen["title"] = dialog.windowTitle()
        dialog.save()
        wait_idle(qtbot, runner)
        seen["empty"] = dialog.error_text("reason")
        dialog.reason.setText("Factura anulada por el comprador")
        save_and_wait(qtbot, dialog)

    with answering(VoidSaleDialog, steps):
        tab.void_button.click()
    wait_idle(qtbot, runner)
    assert seen["title"] == "Anular la venta"
    assert seen["empty"] == "Diga por qué se anula la venta."
    [row] = rows(tab.model)
    assert row[9] == "S/ 2,449.23" and row[11] == "Anulada"
    assert tab.model.index(0, 11).data(Qt.ItemDataRole.ToolTipRole) == "Anulada: Factura anulada por el comprador"
    assert tab.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # grey
    assert spaced(tab.count.text()) == "0 ventas · ventas S/ 0.00 · costo S/ 0.00 · 1 anulada, sin contar"
    assert view.selected(tab) is not None and not tab.void_button.isEnabled()
    assert tab.detail.text().splitlines()[-1] == "Anulada: Factura anulada por el comprador"
    entries = on_worker(qtbot, runner, lambda book: [(e.number, e.reverses is not None) for e in book.ledger.entries()
                                                      if e.source_kind == "venta"])
    assert entries == [("2026-000002", False), ("2026-000003", True)]


def test_collecting_a_dollar_sale_at_a_higher_rate_shows_and_records_the_exchange_gain(qtbot, runner):
    rosa_delivers(qtbot, runner)
    record_dollar_sale(qtbot, runner)  # US$ 654.00 owed, posted at 3.7450 as S/ 2,449.23
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    assert not tab.collect_button.isEnabled()  # nothing selected
    tab.table.selectRow(0)
    assert tab.collect_button.isEnabled() and tab.void_button.isEnabled()
    seen: dict = {}

    def steps(dialog: CollectSaleDialog):
        seen["title"] = dialog.windowTitle()
        seen["owed"] = spaced(dialog.owed.text())
        seen["day"] = dialog.date.date().toPython()
        seen["into"] = [dialog.into.itemText(i) for i in range(dialog.into.count())]
        seen["default_into"] = combo_value(dialog.into)
        seen["empty"] = dialog.figures.text()
        dialog.date.setDate(QDate(2026, 5, 2))
        lines = []
        for rate in ("3.7300", "3.7450"):
            dialog.rate.setText(rate)
            lines.append(spaced(dialog.figures.text()))
        dialog.rate.clear()
        qtbot.keyClicks(dialog.rate, "3.7600")
        lines.append(spaced(dialog.figures.text()))
        seen["lines"] = lines
        save_and_wait(qtbot, dialog)

    with answering(CollectSaleDialog, steps):
        tab.collect_button.click()
    wait_idle(qtbot, runner)
    assert seen["title"] == "Cobrar la venta"
    assert seen["owed"] == "US$ 654.00 = S/ 2,449.23 al 3.7450"
    assert seen["day"] == TODAY
    assert (seen["into"], seen["default_into"]) == (["Banco (1041)", "Caja (101)"], "1041")
    assert seen["empty"].startswith("Escriba el tipo de cambio del día")
    assert seen["lines"] == [
        "US$ 654.00 × 3.7300 = S/ 2,439.42: pérdida por diferencia de cambio S/ 9.81",
        "US$ 654.00 × 3.7450 = S/ 2,449.23: sin diferencia de cambio",
        "US$ 654.00 × 3.7600 = S/ 2,459.04: ganancia por diferencia de cambio S/ 9.81"]
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    assert (sale.collected_on, sale.collection_number) == (date(2026, 5, 2), "2026-000003")
    [entry] = on_worker(qtbot, runner, lambda book: [e for e in book.ledger.entries() if e.number == "2026-000003"])
    assert [(line.account, line.debit, line.credit) for line in entry.lines if line.account in ("1041", "776")] == [
        ("1041", D("2459.04"), D("0.00")), ("776", D("0.00"), D("9.81"))]
    balances = on_worker(qtbot, runner, lambda book: {r.code: r.balance for r in book.ledger.trial_balance().rows})
    assert balances["1212"] == D("0.00")
    # the screen read it again: the row says Cobrada, and neither Cobrar nor Anular is offered
    assert rows(tab.model)[0][11] == "Cobrada"
    assert tab.model.index(0, 11).data(Qt.ItemDataRole.ToolTipRole) == "Cobrada el 02/05/2026, asiento 2026-000003"
    assert view.selected(tab).id == sale.id
    assert tab.detail.text().splitlines()[-1] == "Cobrada el 02/05/2026, asiento 2026-000003"
    assert not tab.collect_button.isEnabled() and not tab.void_button.isEnabled()
    assert "una devolución al comprador se registra con un asiento" in tab.void_button.toolTip()
    assert tab.collect_button.toolTip() == "Cobrada el 02/05/2026, asiento 2026-000003 (Ctrl+Shift+B)"


def collect_at(qtbot, runner, tab, rate: str, day: QDate = QDate(2026, 5, 2)) -> None:
    """«Cobrar…» the selected dollar sale into the bank at ``rate``."""

    def steps(dialog: CollectSaleDialog):
        dialog.date.setDate(day)
        dialog.rate.setText(rate)
        save_and_wait(qtbot, dialog)

    with answering(CollectSaleDialog, steps):
        tab.collect_button.click()
    wait_idle(qtbot, runner)


def balances_of(qtbot, runner, *codes: str) -> tuple:
    found = on_worker(qtbot, runner, lambda book: {r.code: r.balance for r in book.ledger.trial_balance().rows})
    return tuple(found.get(code, D("0.00")) for code in codes)


def test_a_collection_at_a_wrong_rate_is_cancelled_with_its_reason_and_collected_again_right(qtbot, runner):
    rosa_delivers(qtbot, runner)
    record_dollar_sale(qtbot, runner)  # US$ 654.00 owed, posted at 3.7450 as S/ 2,449.23
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    assert tab.uncollect_button.text() == "Anular cobro…"
    assert not tab.uncollect_button.isEnabled()  # nothing selected
    tab.table.selectRow(0)
    assert tab.collect_button.isEnabled() and not tab.uncollect_button.isEnabled()  # por cobrar: nothing to cancel
    collect_at(qtbot, runner, tab, "37.6000")  # a slip of the decimal point: S/ 24,590.40 came in
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    wrong = sale.collection_number
    assert balances_of(qtbot, runner, "776", "1212") == (D("22141.17"), D("0.00"))
    assert rows(tab.model)[0][11] == "Cobrada" and view.selected(tab).id == sale.id
    assert not tab.collect_button.isEnabled() and not tab.void_button.isEnabled()
    assert tab.uncollect_button.isEnabled()
    assert tab.uncollect_button.toolTip().startswith(
        "Anula el cobro de la venta seleccionada (Cobrada el 02/05/2026, asiento %s), registrado por error" % wrong)
    assert tab.void_button.toolTip().startswith("Una venta cobrada no se anula: anule primero el cobro")
    entries_before = on_worker(qtbot, runner, lambda book: [e.number for e in book.ledger.entries()])
    seen: dict = {}

    def steps(dialog: CancelCollectionDialog):
        seen["title"] = (dialog.windowTitle(), dialog.save_button.text())
        dialog.save()
        wait_idle(qtbot, runner)
        seen["empty"] = (dialog.error_text("reason"), dialog.isVisible())
        seen["unchanged"] = on_worker(qtbot, runner, lambda book: (
            book.sales.list()[0].collection_number, [e.number for e in book.ledger.entries()]))
        dialog.reason.setText("Tipo de cambio mal escrito: 37.6000 por 3.7600")
        save_and_wait(qtbot, dialog)

    with answering(CancelCollectionDialog, steps):
        tab.uncollect_button.click()
    wait_idle(qtbot, runner)
    assert seen["title"] == ("Anular el cobro", "Anular cobro")
    assert seen["empty"] == ("Diga por qué se anula el cobro.", True)
    assert seen["unchanged"] == (wrong, entries_before)  # an empty reason changes nothing
    # the collection's entry is reversed today; the sale is por cobrar again, the exchange gain gone
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    assert (sale.collected_on, sale.collection_number) == (None, "")
    [reversal] = on_worker(qtbot, runner, lambda book: [e for e in book.ledger.entries() if e.reverses is not None])
    assert reversal.date == TODAY
    assert balances_of(qtbot, runner, "776", "1212") == (D("0.00"), D("2449.23"))
    assert rows(tab.model)[0][11] == "Registrada" and view.selected(tab).id == sale.id
    assert tab.model.index(0, 11).data(Qt.ItemDataRole.ToolTipRole) == "Registrada"
    assert tab.collect_button.isEnabled() and tab.void_button.isEnabled() and not tab.uncollect_button.isEnabled()
    # and it is collected right
    collect_at(qtbot, runner, tab, "3.7600")
    assert balances_of(qtbot, runner, "776", "1212") == (D("9.81"), D("0.00"))
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    assert sale.collection_number not in ("", wrong)
    assert rows(tab.model)[0][11] == "Cobrada"
    assert tab.model.index(0, 11).data(Qt.ItemDataRole.ToolTipRole) == (
        "Cobrada el 02/05/2026, asiento %s" % sale.collection_number)


def test_a_collection_cancelled_meanwhile_is_said_at_the_top_and_nothing_is_reversed_twice(qtbot, runner):
    rosa_delivers(qtbot, runner)
    record_dollar_sale(qtbot, runner)
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    on_worker(qtbot, runner, lambda book: book.sales.collect(sale.id, date(2026, 5, 2), "1041", D("3.7600")))
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    tab.table.selectRow(0)
    seen: dict = {}

    def steps(dialog: CancelCollectionDialog):
        on_worker(qtbot, runner, lambda book: book.sales.cancel_collection(sale.id, "otra ventana"))
        dialog.reason.setText("Cuenta equivocada")
        dialog.save()
        wait_idle(qtbot, runner)
        seen["refused"] = (spaced(dialog.general_error.text()), dialog.error_text("reason"), dialog.isVisible())
        dialog.reject()

    with answering(CancelCollectionDialog, steps):
        tab.uncollect_button.click()
    wait_idle(qtbot, runner)
    assert seen["refused"] == ("La venta %s no tiene un cobro registrado." % sale.id, "", True)
    assert len(on_worker(qtbot, runner, lambda book: [e for e in book.ledger.entries() if e.reverses is not None])) == 1


def test_a_sale_paid_at_once_is_not_collected(qtbot, runner):
    from coopdesk.domain.sales import SaleInput

    rosa_delivers(qtbot, runner)
    on_worker(qtbot, runner, lambda book: book.sales.record(SaleInput(
        date(2026, 5, 2), "Chocolates Amazonía E.I.R.L.", "CACAO-SECO", "organico", D("10"), D("18.50"),
        debit_account="1041")))
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    tab.table.selectRow(0)
    assert rows(tab.model)[0][11] == "Registrada"
    assert tab.void_button.isEnabled() and not tab.collect_button.isEnabled()
    assert tab.collect_button.toolTip() == "Esta venta se cobró al registrarla: Banco (1041) (Ctrl+Shift+B)"
    assert tab.collect_button.shortcut().toString() == "Ctrl+Shift+B"  # Cobrar from the keyboard


def test_a_collection_without_rate_or_in_a_closed_period_says_so_under_the_fields_and_records_nothing(qtbot, runner):
    rosa_delivers(qtbot, runner)
    record_dollar_sale(qtbot, runner)
    on_worker(qtbot, runner, lambda book: (book.ledger.close(2026, 3), book.ledger.close(2026, 4)))
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    tab.table.selectRow(0)
    seen: dict = {}

    def steps(dialog: CollectSaleDialog):
        dialog.save()
        wait_idle(qtbot, runner)
        seen["missing"] = (dialog.error_text("exchange_rate"), dialog.error_text("date"), dialog.isVisible())
        dialog.date.setDate(QDate(2026, 4, 20))
        dialog.rate.setText("3,76")
        dialog.save()
        wait_idle(qtbot, runner)
        seen["closed"] = (dialog.error_text("exchange_rate"), dialog.error_text("date"), dialog.isVisible())

    with answering(CollectSaleDialog, steps):
        tab.collect_button.click()
    wait_idle(qtbot, runner)
    assert seen["missing"] == ("Un cobro en dólares lleva el tipo de cambio del día, con cuatro decimales como máximo "
                               "(por ejemplo 3.7450).", "", True)
    assert seen["closed"] == ("", "El periodo 2026-04 está cerrado: no se registra nada en él. Use una fecha desde el "
                              "01/05/2026; un documento olvidado se registra con esa fecha, anotando su fecha real "
                              "en la referencia.", True)
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    assert sale.collected_on is None
    assert on_worker(qtbot, runner, lambda book: [e.number for e in book.ledger.entries()]) == [
        "2026-000001", "2026-000002"]
    assert rows(tab.model)[0][11] == "Registrada" and tab.collect_button.isEnabled()


def test_the_dates_and_the_search_filter_the_sales(qtbot, runner):
    rosa_delivers(qtbot, runner)
    record_dollar_sale(qtbot, runner)
    from coopdesk.domain.sales import SaleInput

    on_worker(qtbot, runner, lambda book: book.sales.record(SaleInput(
        date(2026, 5, 2), "Chocolates Amazonía E.I.R.L.", "CACAO-SECO", "organico", D("10"), D("18.50"))))
    view = open_view(qtbot, runner)
    tab = view.sales_tab
    assert [r[1] for r in rows(tab.model)] == ["Exportadora del Sur S.A.C.", "Chocolates Amazonía E.I.R.L."]
    tab.filter.since.setDate(QDate(2026, 5, 1))
    tab.filter.since_check.setChecked(True)
    wait_idle(qtbot, runner)
    assert [r[1] for r in rows(tab.model)] == ["Chocolates Amazonía E.I.R.L."]
    assert spaced(tab.count.text()) == "1 venta · ventas S/ 185.00 · costo S/ 185.00"  # no premium: not named
    tab.filter.clear_button.click()
    wait_idle(qtbot, runner)
    tab.filter.search.setText("amazonia")  # accents optional
    assert [r[1] for r in rows(tab.model)] == ["Chocolates Amazonía E.I.R.L."]
    tab.filter.search.setText("F001-000045")
    assert [r[1] for r in rows(tab.model)] == ["Exportadora del Sur S.A.C."]
    tab.filter.search.setText("nadie")
    assert tab.count.text() == "No hay ventas con estos filtros."


def test_an_expense_is_recorded_with_its_account_and_what_paid_it_and_voided(qtbot, runner):
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.EXPENSES)
    tab = view.expenses_tab
    assert tab.count.text() == "Aún no hay gastos: registre el primero con «Nuevo gasto…»."
    seen: dict = {}

    def empty(dialog: ExpenseDialog):
        seen["paid"] = [dialog.paid_from.itemText(i) for i in range(dialog.paid_from.count())]
        seen["default"] = combo_value(dialog.paid_from)
        seen["accounts"] = [dialog.account.itemText(i) for i in range(dialog.account.count())]
        dialog.save()
        seen["errors"] = {n: dialog.error_text(n) for n in ("account", "description", "amount")}

    with answering(ExpenseDialog, empty):
        tab.new_button.click()
    assert seen["paid"] == ["Caja (101)", "Banco (1041)", "Por pagar al proveedor (4212)"]
    assert seen["default"] == "101"
    assert "631 — Transporte y fletes" in seen["accounts"] and not any(
        a.startswith("101 ") for a in seen["accounts"])
    assert seen["errors"] == {"account": "Elija la cuenta del gasto.", "description": "Escriba en qué se gastó.",
                              "amount": "El monto debe ser mayor que cero, en soles con dos decimales como máximo."}

    def steps(dialog: ExpenseDialog):
        dialog.date.setDate(QDate(2026, 4, 14))
        select_value(dialog.account, "656")
        dialog.description.setText("Sacos de yute")
        dialog.amount.setText("1.250,50")
        select_value(dialog.paid_from, "4212")
        dialog.supplier.setText("Comercial Madre de Dios")
        dialog.reference.setText("F002-000118")
        save_and_wait(qtbot, dialog)

    with answering(ExpenseDialog, steps):
        tab.new_button.click()
    wait_idle(qtbot, runner)
    assert rows(tab.model) == [("14/04/2026", "656 Suministros", "Sacos de yute", "Comercial Madre de Dios",
                                "F002-000118", "S/ 1,250.50", "Por pagar al proveedor (4212)", "2026-000001",
                                "Registrado")]
    assert spaced(tab.count.text()) == "1 gasto · total S/ 1,250.50"
    assert spaced(tab.detail.text()).splitlines() == [
        "Gasto del 14/04/2026: Sacos de yute, S/ 1,250.50 a la cuenta 656 Suministros; queda por pagar al "
        "proveedor (4212).",
        "Proveedor Comercial Madre de Dios · comprobante F002-000118 · asiento 2026-000001"]
    balances = on_worker(qtbot, runner, lambda book: {r.code: r.balance for r in book.ledger.trial_balance().rows})
    assert (balances["656"], balances["4212"]) == (D("1250.50"), D("1250.50"))

    def void(dialog: VoidExpenseDialog):
        dialog.reason.setText("Boleta registrada dos veces")
        save_and_wait(qtbot, dialog)

    with answering(VoidExpenseDialog, void):
        tab.void_button.click()
    wait_idle(qtbot, runner)
    assert rows(tab.model)[0][-1] == "Anulado"
    assert tab.model.index(0, 8).data(Qt.ItemDataRole.ToolTipRole) == "Anulado: Boleta registrada dos veces"
    assert spaced(tab.count.text()) == "0 gastos · total S/ 0.00 · 1 anulado, sin contar"
    balances = on_worker(qtbot, runner, lambda book: {r.code: r.balance for r in book.ledger.trial_balance().rows})
    assert (balances["656"], balances["4212"]) == (D("0.00"), D("0.00"))


def record_owed_expense(qtbot, runner, paid_from: str = "4212") -> int:
    """S/ 1,250.50 of sacks of yute on 14/04/2026, owed to Comercial Madre de Dios (or paid at once)."""
    from coopdesk.domain.sales import ExpenseInput

    return on_worker(qtbot, runner, lambda book: book.expenses.record(ExpenseInput(
        date(2026, 4, 14), "656", "Sacos de yute", D("1250.50"), paid_from, "Comercial Madre de Dios",
        "F002-000118")))


def open_expenses(qtbot, runner):
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.EXPENSES)
    return view, view.expenses_tab


def test_paying_an_expense_owed_to_the_supplier_from_the_bank_marks_it_pagado(qtbot, runner):
    expense_id = record_owed_expense(qtbot, runner)
    view, tab = open_expenses(qtbot, runner)
    assert not tab.pay_button.isEnabled()  # nothing selected
    tab.table.selectRow(0)
    assert tab.pay_button.isEnabled() and tab.void_button.isEnabled()
    assert tab.pay_button.toolTip().startswith("Registra que se pagó al proveedor el gasto por pagar seleccionado")
    seen: dict = {}

    def steps(dialog: PayExpenseDialog):
        seen["title"] = dialog.windowTitle()
        seen["words"] = (dialog.heading.text(), spaced(dialog.what.text()), spaced(dialog.owed.text()))
        seen["day"] = (dialog.date.date().toPython(), dialog.date.minimumDate().toPython())
        seen["from"] = [dialog.paid_from.itemText(i) for i in range(dialog.paid_from.count())]
        seen["default_from"] = combo_value(dialog.paid_from)
        dialog.date.setDate(QDate(2026, 5, 2))
        save_and_wait(qtbot, dialog)

    with answering(PayExpenseDialog, steps):
        tab.pay_button.click()
    wait_idle(qtbot, runner)
    assert seen["title"] == "Pagar el gasto"
    assert seen["words"] == ("Comercial Madre de Dios · comprobante F002-000118",
                             "14/04/2026 · Sacos de yute · cuenta 656 Suministros · asiento 2026-000001",
                             "S/ 1,250.50")
    assert seen["day"] == (TODAY, date(2026, 4, 14))  # today, never before the expense
    assert (seen["from"], seen["default_from"]) == (["Banco (1041)", "Caja (101)"], "1041")
    [expense] = on_worker(qtbot, runner, lambda book: book.expenses.list())
    assert (expense.paid_on, expense.payment_number) == (date(2026, 5, 2), "2026-000002")
    [entry] = on_worker(qtbot, runner, lambda book: [e for e in book.ledger.entries() if e.number == "2026-000002"])
    assert entry.date == date(2026, 5, 2)
    assert sorted((line.account, line.debit, line.credit) for line in entry.lines) == [
        ("1041", D("0.00"), D("1250.50")), ("4212", D("1250.50"), D("0.00"))]
    balances = on_worker(qtbot, runner, lambda book: {r.code: r.balance for r in book.ledger.trial_balance().rows})
    assert balances["4212"] == D("0.00")
    # the screen read it again and kept the expense selected: Pagado, neither Pagar nor Anular offered
    assert rows(tab.model)[0][8] == "Pagado"
    assert tab.model.index(0, 8).data(Qt.ItemDataRole.ToolTipRole) == ("Pagado al proveedor el 02/05/2026, asiento "
                                                                        "2026-000002")
    assert view.selected(tab).id == expense_id
    assert spaced(tab.detail.text()).splitlines() == [
        "Gasto del 14/04/2026: Sacos de yute, S/ 1,250.50 a la cuenta 656 Suministros; quedó por pagar al "
        "proveedor (4212).",
        "Proveedor Comercial Madre de Dios · comprobante F002-000118 · asiento 2026-000001",
        "Pagado al proveedor el 02/05/2026, asiento 2026-000002"]
    assert not tab.pay_button.isEnabled() and not tab.void_button.isEnabled()
    assert tab.pay_button.toolTip() == "Pagado al proveedor el 02/05/2026, asiento 2026-000002"
    assert "una devolución del proveedor se registra con un asiento" in tab.void_button.toolTip()
    assert spaced(tab.count.text()) == "1 gasto · total S/ 1,250.50"  # paid, it still counts


def test_an_expense_paid_from_cash_at_once_is_not_paid_again(qtbot, runner):
    record_owed_expense(qtbot, runner, paid_from="101")
    view, tab = open_expenses(qtbot, runner)
    tab.table.selectRow(0)
    assert rows(tab.model)[0][8] == "Registrado"
    assert tab.void_button.isEnabled() and not tab.pay_button.isEnabled()
    assert tab.pay_button.toolTip() == "Este gasto se pagó al registrarlo: Caja (101)"


def test_a_payment_in_a_closed_period_says_so_under_its_date_and_records_nothing(qtbot, runner):
    expense_id = record_owed_expense(qtbot, runner)
    on_worker(qtbot, runner, lambda book: (book.ledger.close(2026, 3), book.ledger.close(2026, 4)))
    view, tab = open_expenses(qtbot, runner)
    tab.table.selectRow(0)
    seen: dict = {}

    def steps(dialog: PayExpenseDialog):
        dialog.date.setDate(QDate(2026, 4, 20))
        select_value(dialog.paid_from, "101")
        dialog.save()
        wait_idle(qtbot, runner)
        seen["closed"] = (dialog.error_text("date"), dialog.error_text("paid_from"), dialog.isVisible())
        seen["recorded"] = on_worker(qtbot, runner, lambda book: (
            [e.number for e in book.ledger.entries()], book.expenses.list()[0].paid_on))
        # paid meanwhile (another window): the core's refusal is shown at the top, nothing is paid twice
        on_worker(qtbot, runner, lambda book: book.expenses.pay(expense_id, date(2026, 5, 2)))
        dialog.date.setDate(QDate(2026, 5, 3))
        dialog.save()
        wait_idle(qtbot, runner)
        seen["paid"] = (spaced(dialog.general_error.text()), dialog.error_text("date"), dialog.isVisible())
        dialog.reject()

    with answering(PayExpenseDialog, steps):
        tab.pay_button.click()
    wait_idle(qtbot, runner)
    assert seen["closed"] == ("El periodo 2026-04 está cerrado: no se registra nada en él. Use una fecha desde el "
                              "01/05/2026; un documento olvidado se registra con esa fecha, anotando su fecha real "
                              "en la referencia.", "", True)
    assert seen["recorded"] == (["2026-000001"], None)  # the closed period: nothing recorded
    assert seen["paid"] == ("El gasto %s ya fue pagado el 02/05/2026." % expense_id, "", True)
    [expense] = on_worker(qtbot, runner, lambda book: book.expenses.list())
    assert expense.paid_on == date(2026, 5, 2)  # by the other window only
    assert on_worker(qtbot, runner, lambda book: [e.number for e in book.ledger.entries()]) == [
        "2026-000001", "2026-000002"]


def pay_from(qtbot, runner, tab, account: str) -> None:
    """«Pagar…» the selected expense on 02/05/2026 from ``account``."""

    def steps(dialog: PayExpenseDialog):
        dialog.date.setDate(QDate(2026, 5, 2))
        select_value(dialog.paid_from, account)
        save_and_wait(qtbot, dialog)

    with answering(PayExpenseDialog, steps):
        tab.pay_button.click()
    wait_idle(qtbot, runner)


def test_a_payment_from_the_wrong_account_is_cancelled_with_its_reason_and_paid_again_right(qtbot, runner):
    expense_id = record_owed_expense(qtbot, runner)
    view, tab = open_expenses(qtbot, runner)
    assert tab.unpay_button.text() == "Anular pago…" and not tab.unpay_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.pay_button.isEnabled() and not tab.unpay_button.isEnabled()
    pay_from(qtbot, runner, tab, "1041")  # it was paid from the cash box
    [expense] = on_worker(qtbot, runner, lambda book: book.expenses.list())
    wrong = expense.payment_number
    assert rows(tab.model)[0][8] == "Pagado" and view.selected(tab).id == expense_id
    assert not tab.pay_button.isEnabled() and not tab.void_button.isEnabled() and tab.unpay_button.isEnabled()
    assert tab.unpay_button.toolTip().startswith(
        "Anula el pago al proveedor del gasto seleccionado (pagado al proveedor el 02/05/2026, asiento %s)" % wrong)
    assert tab.void_button.toolTip().startswith("Un gasto pagado no se anula: anule primero el pago")
    before = balances_of(qtbot, runner, "4212", "1041", "101")
    entries_before = on_worker(qtbot, runner, lambda book: [e.number for e in book.ledger.entries()])
    seen: dict = {}

    def steps(dialog: CancelPaymentDialog):
        seen["title"] = (dialog.windowTitle(), dialog.save_button.text())
        dialog.reason.setText("   ")
        dialog.save()
        wait_idle(qtbot, runner)
        seen["empty"] = (dialog.error_text("reason"), dialog.isVisible())
        seen["unchanged"] = on_worker(qtbot, runner, lambda book: (
            book.expenses.list()[0].payment_number, [e.number for e in book.ledger.entries()]))
        dialog.reason.setText("Salió de la caja, no del banco")
        save_and_wait(qtbot, dialog)

    with answering(CancelPaymentDialog, steps):
        tab.unpay_button.click()
    wait_idle(qtbot, runner)
    assert seen["title"] == ("Anular el pago", "Anular pago")
    assert seen["empty"] == ("Diga por qué se anula el pago.", True)
    assert seen["unchanged"] == (wrong, entries_before)
    [expense] = on_worker(qtbot, runner, lambda book: book.expenses.list())
    assert (expense.paid_on, expense.payment_number) == (None, "")
    assert balances_of(qtbot, runner, "4212", "1041") == (D("1250.50"), D("0.00"))  # owed to the supplier again
    assert rows(tab.model)[0][8] == "Registrado" and view.selected(tab).id == expense_id
    assert tab.pay_button.isEnabled() and tab.void_button.isEnabled() and not tab.unpay_button.isEnabled()
    pay_from(qtbot, runner, tab, "101")
    after = balances_of(qtbot, runner, "4212", "1041", "101")
    assert after == (D("0.00"), D("0.00"), before[1])  # what left the bank now left the cash box
    assert rows(tab.model)[0][8] == "Pagado"
    [expense] = on_worker(qtbot, runner, lambda book: book.expenses.list())
    assert expense.payment_number not in ("", wrong)


def test_at_1366_by_768_the_figures_buyer_and_state_are_read_whole_and_the_description_stretches(qtbot, runner):
    """A window of 1366×768 leaves the screen ~1340 px: a sale's buyer, figures and
    state are shown whole (the references may scroll); an expense's description takes
    what «Pagado con» does not need."""
    from coopdesk.domain.sales import ExpenseInput, SaleInput
    from coopdesk.gui.kit.rows import COLUMN_PADDING

    rosa_delivers(qtbot, runner)
    sale = on_worker(qtbot, runner, lambda book: book.sales.record(SaleInput(
        date(2026, 4, 10), "Agroindustrias Tambopata S.A.C.", "CACAO-SECO", "organico", D("100"), D("6.0000"),
        "USD", D("3.7450"), premium=D("2400.00"), differential=D("3000.00"), invoice="F001-000045")))
    on_worker(qtbot, runner, lambda book: book.sales.void(sale, "Factura anulada por el comprador"))
    on_worker(qtbot, runner, lambda book: book.expenses.record(ExpenseInput(
        date(2026, 4, 14), "621", "Remuneraciones del personal de acopio, 04/2026", D("4800.00"), "1041")))
    view = open_view(qtbot, runner)
    view.resize(1340, 700)
    qtbot.wait(10)

    def whole(tab, columns) -> dict[str, bool]:
        table, metrics = tab.table, tab.table.fontMetrics()
        shown: dict[str, bool] = {}
        for column in columns:
            text = tab.model.index(0, column).data()
            fits = metrics.horizontalAdvance(text) + COLUMN_PADDING <= table.columnWidth(column)
            in_view = table.columnViewportPosition(column) + table.columnWidth(column) <= table.viewport().width()
            shown[spaced(text)] = fits and in_view
        return shown

    tab = view.sales_tab
    assert whole(tab, range(12)) == {
        "10/04/2026": True, "Agroindustrias Tambopata S.A.C.": True, "Cacao grano seco": True, "Orgánico": True,
        "100.00": True, "US$ 6.00": True, "3.7450": True, "US$ 2,400.00": True, "US$ 3,000.00": True,
        "S/ 22,470.00": True, "S/ 1,850.00": True, "Anulada": True}
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Agroindustrias Tambopata S.A.C."
    assert tab.model.index(0, 12).data(Qt.ItemDataRole.ToolTipRole) == "F001-000045"
    view.tabs.setCurrentIndex(view.EXPENSES)
    qtbot.wait(10)
    tab = view.expenses_tab
    assert whole(tab, range(9)) == {
        "14/04/2026": True, "621 Remuneraciones": True, "Remuneraciones del personal de acopio, 04/2026": True,
        "": True, "S/ 4,800.00": True, "Banco (1041)": True, "2026-000004": True, "Registrado": True}
    widths = [tab.table.columnWidth(c) for c in range(9)]
    assert widths[2] == max(widths)  # the description takes the width left
    assert widths[6] < tab.table.fontMetrics().horizontalAdvance("Por pagar al proveedor (4212)")


def test_ctrl_8_opens_ventas_y_gastos_in_the_main_window(qtbot, runner):
    from coopdesk.gui.main_window import MainWindow

    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    assert window.nav.item(8).text() == "Ventas y gastos"  # after Inicio (Ctrl+0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=20_000)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is window.sales
    wait_idle(qtbot, runner)
    assert [window.sales.tabs.tabText(i) for i in range(window.sales.tabs.count())] == ["Ventas", "Gastos"]
    assert window.sales.sales_tab.count.text() == "Aún no hay ventas: registre la primera con «Nueva venta…»."


def test_an_expense_not_of_an_acto_cooperativo_is_recorded_as_such(qtbot, runner):
    """The dialog's box is checked (an acto cooperativo) unless the treasurer unchecks it (Ley 31335)."""
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.EXPENSES)
    seen: dict = {}

    def steps(dialog: ExpenseDialog):
        seen["default"] = dialog.cooperative_act.isChecked()
        dialog.date.setDate(QDate(2026, 4, 14))
        select_value(dialog.account, "639")
        dialog.description.setText("Análisis para un tercero")
        dialog.amount.setText("300")
        dialog.cooperative_act.setChecked(False)
        save_and_wait(qtbot, dialog)

    with answering(ExpenseDialog, steps):
        view.expenses_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert seen["default"] is True
    assert on_worker(qtbot, runner, lambda book: [e.cooperative_act for e in book.expenses.list()]) == [False]


def test_a_taxed_sale_with_its_comprobante_is_typed_in_the_dialog_and_posts_its_igv(qtbot, runner):
    """The buyer registered with its RUC, factura F001-000046, gravada: S/ 1,180.00 is
    1,000.00 of sales and 180.00 of IGV (40111). Marked as an acto cooperativo, the
    dialog says under the comprobante why it cannot be gravada, and records nothing."""
    from tests.core.test_registers import EXPORTER

    rosa_delivers(qtbot, runner)
    on_worker(qtbot, runner, lambda book: book.parties.add("6", EXPORTER, "Exportadora del Sur S.A.C."))
    view = open_view(qtbot, runner)
    seen: dict = {}

    def steps(dialog: SaleDialog):
        dialog.date.setDate(QDate(2026, 4, 10))
        dialog.buyer.setText("Exportadora del Sur")
        select_value(dialog.product, "CACAO-SECO")
        select_value(dialog.certification, "organico")
        wait_idle(qtbot, runner)
        dialog.kg.setText("10")
        dialog.price.setText("118")
        seen["parties"] = [dialog.document.party.itemText(i) for i in range(dialog.document.party.count())]
        select_value(dialog.document.party, EXPORTER)
        select_value(dialog.document.kind, "01")
        dialog.document.series.setText("F001")
        dialog.document.number.setText("000046")
        select_value(dialog.document.tax, "gravado")
        dialog.save()                                   # still an acto cooperativo: refused
        wait_idle(qtbot, runner)
        seen["refused"] = (dialog.isVisible(), dialog.error_text("comprobante"))
        dialog.cooperative_act.setChecked(False)
        save_and_wait(qtbot, dialog)

    with answering(SaleDialog, steps):
        view.sales_tab.new_button.click()
    wait_idle(qtbot, runner)
    assert seen["parties"] == ["Exportadora del Sur S.A.C. · RUC 20456789014"]
    assert seen["refused"] == (True, "Una venta que es acto cooperativo no está gravada con el IGV: elija exonerada, "
                                     "inafecta o exportación, o márquela como no cooperativa.")
    entries = on_worker(qtbot, runner, lambda book: book.ledger.entries())
    assert [(line.account, line.debit, line.credit) for line in entries[-1].lines][:3] == [  # then its cost
        ("1212", D("1180.00"), D("0.00")), ("701311", D("0.00"), D("1000.00")), ("40111", D("0.00"), D("180.00"))]
    [sale] = on_worker(qtbot, runner, lambda book: book.sales.list())
    assert (sale.total_pen, sale.invoice) == (D("1180.00"), "F001-000046")  # the comprobante is its reference


def test_a_taxed_purchase_with_its_comprobante_takes_its_igv_as_credito_fiscal(qtbot, runner):
    """Sacks for a sale that is not an acto cooperativo, S/ 590.00 with factura F002-00001240
    of a registered supplier, gravada: 500.00 to the expense and 90.00 of IGV to 40111."""
    from tests.core.test_registers import SUPPLIER

    on_worker(qtbot, runner, lambda book: book.parties.add("6", SUPPLIER, "Comercial Madre de Dios S.A.C."))
    view = open_view(qtbot, runner)
    view.tabs.setCurrentIndex(view.EXPENSES)
    wait_idle(qtbot, runner)

    def steps(dialog: ExpenseDialog):
        dialog.date.setDate(QDate(2026, 4, 14))
        select_value(dialog.account, "656")
        dialog.description.setText("Sacos de yute")
        dialog.amount.setText("590.00")
        select_value(dialog.document.party, SUPPLIER)
        select_value(dialog.document.kind, "01")
        dialog.document.series.setText("F002")
        dialog.document.number.setText("00001240")
        select_value(dialog.document.tax, "gravado")
        dialog.cooperative_act.setChecked(False)
        save_and_wait(qtbot, dialog)

    with answering(ExpenseDialog, steps):
        view.expenses_tab.new_button.click()
    wait_idle(qtbot, runner)
    balances = on_worker(qtbot, runner, lambda book: {r.code: r.balance for r in book.ledger.trial_balance().rows})
    # 40111 is a liability: the crédito fiscal (a debit) shows as -90.00 on its side
    assert (balances["656"], balances["40111"], balances["101"]) == (D("500.00"), D("-90.00"), D("-590.00"))
