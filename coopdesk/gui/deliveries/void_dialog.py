"""Anular un ticket: the ticket keeps its number and figures, marked with the
reason, and counts for nothing afterwards; its entry in the books is reversed
with today's date (``core.postings.void_delivery``). Nothing is deleted."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from coopdesk.core.dto import DeliveryRow
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_kg, format_money


class VoidDialog(FormDialog):
    """``VoidDialog.ask(parent, runner, delivery)`` -> the ``Changes`` saved, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, delivery: DeliveryRow):
        super().__init__(parent, runner, _("Anular el ticket %(ticket)s") % {"ticket": delivery.ticket},
                         save_text=_("Anular ticket"))
        self.delivery = delivery
        summary = QLabel(_("%(date)s · %(member)s · %(product)s · %(kg)s · %(amount)s") % {
            "date": format_date(delivery.date), "member": delivery.member_name, "product": delivery.product_name,
            "kg": format_kg(delivery.net_kg), "amount": format_money(delivery.amount)})
        summary.setWordWrap(True)
        self.form.addRow(summary)
        # a ticket posted on its own has its entry reversed; one in a day's summary, its part: either way
        # an entry dated today takes its amount back
        self.note = note = QLabel(_("El ticket se conserva con su número, marcado como anulado, y ya no cuenta en los "
                                    "estados de cuenta ni en las distribuciones.") + " " +
                                  _("En la contabilidad, su importe se revierte con un asiento de fecha de hoy: nada "
                                    "se borra."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.reason = self.add_field("reason", _("Motivo:"), QLineEdit())
        self.reason.setPlaceholderText(_("Por ejemplo: se pesó dos veces"))
        self.reason.setMaxLength(200)
        self.setMinimumWidth(520)

    def prepare(self):
        ticket, reason = self.delivery.ticket, self.reason.text()
        return lambda book: book.deliveries.void(ticket, reason)
