"""Ventas › «Nota de crédito…»: a nota de crédito (07) against the chosen sale's
comprobante (``book.credit_notes.record``, as ``coopdesk sales credit-note``): its
date, serie, número, the amount it credits in the sale's currency with the IGV
included, and the reason. Its entry reverses that much of the sale; the sale is
never edited (docs/ple.md, «Notas de crédito»)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.sales import SaleRow
from coopdesk.domain import limits
from coopdesk.domain.credit_notes import CreditNoteInput, check_credit_note
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import date_edit, number_edit
from coopdesk.gui.sales.sales_dialogs import _read, _summary
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_money


class CreditNoteDialog(FormDialog):
    def __init__(self, parent: QWidget | None, runner: TaskRunner, sale: SaleRow):
        super().__init__(parent, runner, _("Nota de crédito"), save_text=_("Registrar nota de crédito"))
        self.sale = sale
        _summary(self, _("%(date)s · %(buyer)s · comprobante %(invoice)s · %(total)s · asiento %(entry)s") % {
            "date": format_date(sale.date), "buyer": sale.buyer, "invoice": sale.invoice or "—",
            "total": format_money(sale.total_pen), "entry": sale.entry_number or "—"},
            _("La nota de crédito registra su propio asiento: revierte el importe que acredita (el ingreso y, si la "
              "venta es gravada, su IGV de la 40111) contra lo que el comprador debe (1212). La venta no se "
              "modifica. En el Registro de Ventas (14.1) sale en negativo, con el comprobante que modifica."))
        today = runner.today()
        self.date = self.add_field("date", _("Fecha:"), date_edit(max(today, sale.date), minimum=sale.date,
                                                                  maximum=max(today, sale.date)))
        self.series = self.add_field("series", _("Serie:"), QLineEdit())
        self.series.setMaxLength(20)
        self.series.setPlaceholderText(_("por ejemplo FC01"))
        self.number = self.add_field("number", _("Número:"), QLineEdit())
        self.number.setMaxLength(20)
        self.amount = self.add_field("amount", _("Importe (IGV incluido, en %(currency)s):") % {
            "currency": sale.currency}, number_edit("590.00"))
        self.reason = self.add_field("reason", _("Motivo:"), QLineEdit())
        self.reason.setMaxLength(limits.DESCRIPTION)
        self.reason.setPlaceholderText(_("Por ejemplo: descuento por calidad"))
        self.setMinimumWidth(600)

    def day(self) -> date:
        return self.date.date().toPython()

    def prepare(self):
        read: list = []
        amount = _read(read, self.amount, "amount")
        data = CreditNoteInput(self.sale.id, self.day(), self.series.text(), self.number.text(), amount,
                               self.reason.text())
        checked = check_credit_note(data, self.runner.today()) if amount is not None else []
        problems = read + [p for p in checked if p.field not in {q.field for q in read}]
        if problems:
            raise InvalidInput(problems)

        def work(book) -> Changes:
            book.credit_notes.record(data)
            return Changes(reference=True)

        return work
