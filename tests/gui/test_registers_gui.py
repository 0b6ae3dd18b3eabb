"""Preferencias › «Compradores y proveedores…» and Informes › «Registros de ventas y
compras…»: a RUC checked as it is typed (a bad one says so in Spanish and saves
nothing), the registry listed and corrected, and a month's registers on screen with
base, IGV and total, a nota de crédito negative, and their PLE files written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from coopdesk.domain.credit_notes import CreditNoteInput
from coopdesk.domain.sales import SaleInput
from coopdesk.gui.registers.parties_dialog import PartiesDialog, PartyDialog
from coopdesk.gui.registers.registers_dialog import RegistersDialog
from tests.conftest import cacao, cash_in_hand
from tests.core.test_registers import EXPORTER

from .conftest import cells, wait_idle
from .test_accounts_view import on_worker

BAD_RUC = "20456789015"


def test_a_bad_ruc_says_so_as_it_is_typed_and_saves_nothing(qtbot, runner):
    dialog = PartyDialog(None, runner)
    qtbot.addWidget(dialog)
    dialog.document.setText("2045678")                 # still being typed: nothing to say yet
    assert dialog.error_text("document") == ""
    dialog.document.setText(BAD_RUC)
    assert dialog.error_text("document") == (
        "El RUC 20456789015 no es válido: debe tener 11 dígitos y un dígito verificador correcto.")
    dialog.name.setText("Exportadora del Sur S.A.C.")
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.error_text("document").startswith("El RUC 20456789015 no es válido")
    assert on_worker(qtbot, runner, lambda book: book.parties.list()) == []
    dialog.document.setText("4123456A")                # a DNI with a letter
    dialog.kind.setCurrentIndex(dialog.kind.findData("1"))
    assert dialog.error_text("document") == "El DNI 4123456A no es válido: son 8 dígitos."
    dialog.kind.setCurrentIndex(dialog.kind.findData("6"))
    dialog.document.setText(EXPORTER)
    assert dialog.error_text("document") == ""
    dialog.save()
    wait_idle(qtbot, runner)
    assert [(p.document_type, p.document, p.name) for p in on_worker(qtbot, runner, lambda b: b.parties.list())] == [
        ("6", EXPORTER, "Exportadora del Sur S.A.C.")]


def test_the_registry_is_listed_and_a_name_corrected(qtbot, runner):
    on_worker(qtbot, runner, lambda book: book.parties.add("6", EXPORTER, "Exportadora del Sur"))
    dialog = PartiesDialog(None, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert cells(dialog.model, 0) == ("RUC (6)", EXPORTER, "Exportadora del Sur")
    party = dialog.model.row_at(0)
    edit = PartyDialog(None, runner, party)
    qtbot.addWidget(edit)
    edit.name.setText("Exportadora del Sur S.A.C.")
    edit.save()
    wait_idle(qtbot, runner)
    dialog.load()
    wait_idle(qtbot, runner)
    assert cells(dialog.model, 0) == ("RUC (6)", EXPORTER, "Exportadora del Sur S.A.C.")


def _april(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001", member_code="S001"))
    book.parties.add("6", EXPORTER, "Exportadora del Sur S.A.C.")
    sale = book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("10"),
                                       D("118.0000"), invoice="F001-000046", party=EXPORTER, comprobante="01",
                                       series="F001", doc_number="000046", tax="gravado", cooperative_act=False))
    book.credit_notes.record(CreditNoteInput(sale, date(2026, 4, 20), "FC01", "000007", D("590.00"), "Descuento"))
    for month in (1, 3, 4):        # the registers' files are of a closed month (the CUO is the Diario's correlativo)
        book.ledger.close(2026, month)


def test_a_months_registers_on_screen_and_their_files(qtbot, runner, tmp_path):
    on_worker(qtbot, runner, _april)
    dialog = RegistersDialog(None, runner, str(tmp_path / "sunat"))
    qtbot.addWidget(dialog)
    dialog.choose_period(2026, 4)
    ventas = dialog.models["14.1"]
    qtbot.waitUntil(lambda: ventas.rowCount() == 2)
    assert cells(ventas, 0)[1:] == (
        "01 F001-000046", EXPORTER, "Exportadora del Sur S.A.C.", "no cooperativo", "gravado", "S/\u00a01,000.00",
        "S/\u00a0180.00", "S/\u00a01,180.00", "PEN", "")
    assert cells(ventas, 1)[1:] == (
        "07 FC01-000007", EXPORTER, "Exportadora del Sur S.A.C.", "no cooperativo", "gravado", "-S/\u00a0500.00",
        "-S/\u00a090.00", "-S/\u00a0590.00", "PEN", "01 F001-000046 (10/04/2026)")
    assert dialog.totals["14.1"].text() == "No cooperativo, gravado: base S/\u00a0500.00, IGV S/\u00a090.00"
    dialog.save_files()
    wait_idle(qtbot, runner)
    assert [p.name for p in dialog.written] == ["LE2060012345020260400140100001111.txt",
                                                "LE2060012345020260400080100001011.txt"]
    assert (tmp_path / "sunat" / "LE2060012345020260400140100001111.txt").read_bytes().count(b"\r\n") == 2
    assert dialog.message.startswith("Archivos guardados: LE2060012345020260400140100001111.txt")


def test_a_nota_de_credito_from_the_sales_screen(qtbot, runner):
    from coopdesk.gui.sales.credit_note_dialog import CreditNoteDialog

    def sale(book):
        cash_in_hand(book)
        book.deliveries.record(cacao("001-000001", member_code="S001"))
        book.parties.add("6", EXPORTER, "Exportadora del Sur S.A.C.")
        book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("10"),
                                    D("118.0000"), invoice="F001-000046", party=EXPORTER, comprobante="01",
                                    series="F001", doc_number="000046", tax="gravado", cooperative_act=False))
        return book.sales.list()[0]

    row = on_worker(qtbot, runner, sale)
    dialog = CreditNoteDialog(None, runner, row)
    qtbot.addWidget(dialog)
    dialog.series.setText("FC01")
    dialog.number.setText("000007")
    dialog.amount.setText("1,180.01")
    dialog.reason.setText("Descuento por calidad")
    dialog.save()
    wait_idle(qtbot, runner)
    assert dialog.error_text("amount") == "La nota de crédito no puede pasar de lo que queda de la venta: 1,180.00 PEN."
    assert on_worker(qtbot, runner, lambda book: book.credit_notes.list()) == []
    dialog.amount.setText("590.00")
    dialog.save()
    wait_idle(qtbot, runner)
    [note] = on_worker(qtbot, runner, lambda book: book.credit_notes.list())
    assert (note.series, note.number, note.base_pen, note.igv_pen, note.total_pen) == (
        "FC01", "000007", D("500.00"), D("90.00"), D("590.00"))


def test_the_dialogs_fit_a_1024_by_600_laptop_with_nothing_clipped(qtbot, runner):
    from PySide6.QtCore import QRect

    from coopdesk.core.sales import SaleRow
    from coopdesk.gui.kit import fit
    from coopdesk.gui.sales.credit_note_dialog import CreditNoteDialog

    from .test_fits_the_laptop import clipped, settle

    sale = SaleRow(1, date(2026, 4, 10), "Exportadora del Sur", "", "F001-000046", "CACAO-SECO", "Cacao grano seco",
                   "organico", D("10"), "PEN", D("118"), None, D("1180.00"), D("0"), D("0"), D("1180.00"),
                   D("185.01"), "1212", "2026-000003", "", False)
    problems = {}
    for make in (lambda: PartyDialog(None, runner), lambda: PartiesDialog(None, runner),
                 lambda: RegistersDialog(None, runner), lambda: CreditNoteDialog(None, runner, sale)):
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, runner)
        fit.fit(dialog, QRect(0, 0, 1024, 600))
        settle(qtbot, runner)
        found = clipped(dialog)
        if dialog.width() > 1024 or dialog.height() > 600 or dialog.minimumSizeHint().width() > 1024 or \
                dialog.minimumSizeHint().height() > 600:
            found.append(f"{dialog.width()}×{dialog.height()}, needs {dialog.minimumSizeHint().toTuple()}")
        if found:
            problems[type(dialog).__name__] = found
        dialog.close()
    assert problems == {}
