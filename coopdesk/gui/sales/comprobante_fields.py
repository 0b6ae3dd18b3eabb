"""The comprobante of a sale or an expense for the registers of sales (14.1) and
purchases (8.1): the registered buyer or supplier (their RUC or DNI, from
Preferencias › «Compradores y proveedores…»), the comprobante's type, serie and
número, and how the IGV treats it. Two rows of a FormDialog, shared by «Nueva
venta…» and «Nuevo gasto…»; all of it or none (core.registers.document_problems).
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from coopdesk.core.registers import PartyRow
from coopdesk.domain import registers as R
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.widgets import choice_combo, combo_value
from coopdesk.i18n import N_, _

COMPROBANTE_NAMES = {R.FACTURA: N_("Factura"), R.BOLETA: N_("Boleta"), R.LIQUIDACION_COMPRA: N_("Liquidación de compra"),
                     R.TICKET: N_("Ticket"), R.OTROS: N_("Otro")}
TAX_CHOICES = {R.GRAVADO: N_("Gravada con IGV"), R.EXONERADO: N_("Exonerada"), R.INAFECTO: N_("Inafecta"),
               R.EXPORTACION: N_("Exportación")}


def party_text(party: PartyRow) -> str:
    kind = {R.RUC: "RUC", R.DNI: "DNI"}.get(party.document_type, _("Doc."))
    return f"{party.name} · {kind} {party.document}"


class ComprobanteFields:
    """Adds «Registrado como:» (the party) and «Comprobante:» (type, serie, número,
    IGV) to ``dialog``; ``values()`` gives (party, comprobante, series, doc_number, tax)."""

    def __init__(self, dialog: FormDialog, parties: Sequence[PartyRow], purchase: bool):
        who = _("el proveedor") if purchase else _("el comprador")
        self.party = dialog.add_field("party", _("Registrado como:"), choice_combo(
            [(p.document, party_text(p)) for p in parties], _("Sin comprobante para el registro")))
        self.party.setToolTip(_("Para el Registro de %(libro)s: %(who)s, con su RUC o DNI, como está en Preferencias "
                                "› «Compradores y proveedores…». Déjelo vacío si no hay comprobante.")
                              % {"libro": _("Compras") if purchase else _("Ventas"), "who": who})
        self.party.setMinimumContentsLength(24)
        kinds = [c for c in R.COMPROBANTES if purchase or c != R.LIQUIDACION_COMPRA]
        self.kind = choice_combo([(c, f"{_(COMPROBANTE_NAMES[c])} ({c})") for c in kinds], _("Tipo…"))
        self.series = QLineEdit()
        self.series.setPlaceholderText(_("Serie"))
        self.series.setMaxLength(4)
        self.series.setMaximumWidth(self.series.fontMetrics().horizontalAdvance("F0000") + 20)
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("Número"))
        self.number.setMaxLength(20)
        self.number.setMaximumWidth(self.number.fontMetrics().horizontalAdvance("00000000") + 20)
        taxes = R.PURCHASE_TAX_KINDS if purchase else R.TAX_KINDS
        self.tax = choice_combo([(t, _(TAX_CHOICES[t])) for t in taxes], _("IGV…"))
        self.tax.setToolTip(_("Cómo trata el IGV la operación. Un acto cooperativo con los socios no está gravado."))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        for widget in (self.kind, self.series, self.number, self.tax):
            line.addWidget(widget)
        line.addStretch(1)
        self.row = dialog.add_field("comprobante", _("Comprobante:"), row, focusable=False)
        for name in ("series", "doc_number", "tax"):   # the core's problems of these land under the row
            dialog.share_field(name, "comprobante")
        dialog.add_to_tab_order(self.kind, self.series, self.number, self.tax)

    def reference(self) -> str:
        """«F001-000046»: the comprobante as the document's reference when none was typed."""
        series, number = self.series.text().strip().upper(), self.number.text().strip()
        return f"{series}-{number}" if series and number else ""

    def values(self) -> tuple[str, str, str, str, str]:
        return (combo_value(self.party), combo_value(self.kind), self.series.text().strip(),
                self.number.text().strip(), combo_value(self.tax))
