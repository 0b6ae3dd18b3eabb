"""Entregas: every intake ticket, newest first, searchable by ticket or socio."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from coopdesk.core import Changes
from coopdesk.domain.catalog import Crop
from coopdesk.domain.money import CENT
from coopdesk.domain.quantities import kg_to_quintales
from coopdesk.gui.deliveries.delivery_dialog import DeliveryDialog
from coopdesk.gui.kit.list_screen import ListScreen
from coopdesk.gui.kit.table_models import CENTER, RIGHT, Column
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number


def _kg(value: Decimal) -> str:
    """Kilograms with two decimals, three when the grams matter (as format_kg does)."""
    return format_number(value, 2 if value == value.quantize(CENT) else 3)


def delivery_columns() -> list[Column]:
    return [
        Column(_("Fecha"), lambda d: format_date(d.date), align=CENTER, sample="00/00/0000"),
        Column(_("Ticket"), lambda d: d.ticket, align=CENTER, sample="000-000000"),
        Column(_("Socio"), lambda d: d.member_name, sample="Marisol Yolanda Gutiérrez Huillca",
               tooltip=lambda d: f"{d.member_code} · {d.member_name}"),
        Column(_("Producto"), lambda d: d.product_name, sample="Café pergamino seco"),
        Column(_("Sacos"), lambda d: format_number(d.sacks), align=RIGHT, sample="000"),
        Column(_("Neto kg"), lambda d: _kg(d.net_kg), align=RIGHT, sample="0,000.000"),
        Column(_("qq"), lambda d: format_number(kg_to_quintales(d.net_kg), 2) if d.crop == Crop.COFFEE else "",
               align=RIGHT, sample="000.00"),
        Column(_("Hum. %"), lambda d: format_number(d.humidity_pct, 2), align=RIGHT, sample="00.00"),
        Column(_("Pagado kg"), lambda d: _kg(d.payable_kg) if d.payable_kg is not None else "", align=RIGHT,
               sample="0,000.000"),
        Column(_("Calidad"), lambda d: d.grade, align=CENTER, sample="Calidad"),
        Column(_("Precio"), lambda d: f"{format_money(d.price)}/{d.price_unit}", align=RIGHT,
               sample="S/ 000.00/kg"),
        Column(_("Importe"), lambda d: format_money(d.amount), align=RIGHT, sample="S/ 000,000.00"),
        Column(_("Estado"), lambda d: _("Anulado") if d.void_reason is not None else "", sample="Anulado",
               tooltip=lambda d: _("Anulado: %(reason)s") % {"reason": d.void_reason}
               if d.void_reason is not None else ""),
    ]


class DeliveriesView(ListScreen):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(
            runner,
            delivery_columns(),
            fetch=lambda book, text, after, limit: book.deliveries.page(text, after, limit),
            count=lambda book, text: book.deliveries.count(text),
            search_hint=_("Buscar por ticket (001-000123) o por código, DNI o nombre del socio…"),
            stretch_column=2,
            parent=parent,
        )
        self.record_button = self.add_button(_("Registrar entrega"), self.record,
                                             shortcut=QKeySequence(QKeySequence.StandardKey.New))
        self.void_button = self.add_button(_("Anular ticket…"), self.void, needs_selection=True)
        self.print_button = self.add_button(_("Imprimir ticket…"), self.print_receipt, needs_selection=True,
                                            shortcut=QKeySequence(QKeySequence.StandardKey.Print))
        self.button_row.addStretch(1)

    def count_text(self, n: int) -> str:
        return ngettext("%(n)s entrega", "%(n)s entregas", n) % {"n": format_number(n)}

    def concerns(self, changes: Changes) -> bool:
        # Member names and product names are shown here too.
        return bool(changes.deliveries) or bool(changes.members) or changes.reference

    def apply(self, changes: Changes) -> None:
        if changes.deliveries:
            new_id = changes.deliveries[-1]
            self.select_when_loaded(lambda d: d.id == new_id)
        self.reload()

    def record(self) -> None:
        DeliveryDialog.ask(self, self.runner)

    def void(self) -> None:
        from coopdesk.gui.deliveries.void_dialog import VoidDialog

        delivery = self.selected()
        if delivery is None:
            return
        if delivery.void_reason is not None:
            self.status_message.emit(_("El ticket %(ticket)s ya está anulado: %(reason)s") % {
                "ticket": delivery.ticket, "reason": delivery.void_reason})
            return
        VoidDialog.ask(self, self.runner, delivery)

    def print_receipt(self) -> None:
        """The selected ticket as an A6 PDF in Documents, opened in the viewer."""
        from coopdesk.gui.kit import printing

        delivery = self.selected()
        if delivery is None:
            return
        self.print_button.setEnabled(False)  # no second copy while this one is written

        def printed(path: str | None) -> None:
            self._selection_changed()
            if path:
                self.status_message.emit(_("Ticket guardado en %(path)s") % {"path": path})

        printing.print_delivery_receipt(self.runner, delivery, printed)
