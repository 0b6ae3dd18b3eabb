"""«Liquidación del ticket»: what the ticket pays, before it is saved, with the rule behind each figure.

The figures are the core's (``book.deliveries.preview``, the same computation
``record`` stores); this panel only puts them, and the rules that produced
them, into words.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout

from coopdesk.core.deliveries import FIGURES, TicketPreview
from coopdesk.domain.catalog import PriceUnit
from coopdesk.domain.quality import HumidityMethod, QualityStandard
from coopdesk.domain.quantities import QUINTAL_KG
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_kg, format_money


PRICED = FIGURES | {"grade"}  # problems that leave the grade, price or amount unsettled


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rule_lines(preview: TicketPreview, standard: QualityStandard) -> list[str]:
    """The rules that made the ticket's figures, one sentence each."""
    quote = preview.quote
    if quote is None:
        return []
    lines = []
    if quote.grade and quote.grade_from_table and standard.grades:
        lines.append(_("Calidad según las medidas: %(grade)s") % {"grade": quote.grade})
    if quote.payable_kg != quote.net_kg:
        humidity = standard.standard_humidity or Decimal(0)
        if standard.method == HumidityMethod.PROPORTIONAL:
            how = _("proporcional a la materia seca")
        else:
            how = _("%(rate)s %% del peso por punto") % {"rate": _number(standard.rate_per_point)}
        lines.append(_("Descuento por humedad: %(discount)s; se paga %(payable)s (sobre el estándar de "
                       "%(standard)s %%, %(how)s)")
                     % {"discount": format_kg(quote.humidity_discount_kg), "payable": format_kg(quote.payable_kg),
                        "standard": _number(humidity), "how": how})
    if quote.pricing is not None:
        factor = ("" if quote.pricing.factor == 1 else
                  _(" × factor %(factor)s de la calidad %(grade)s") % {"factor": quote.pricing.factor,
                                                                        "grade": quote.grade})
        lines.append(_("Precio de la tabla desde el %(date)s: %(price)s por %(unit)s%(factor)s")
                     % {"date": format_date(quote.pricing.entry.valid_from),
                        "price": format_money(quote.pricing.entry.price), "unit": quote.unit, "factor": factor})
    elif quote.price is not None:
        lines.append(_("Precio escrito: %(price)s por %(unit)s") % {"price": format_money(quote.price),
                                                                   "unit": quote.unit})
    if quote.amount is not None:
        per = (_(" ÷ %(kg)s kg por qq") % {"kg": _number(QUINTAL_KG)}) if quote.unit == PriceUnit.QUINTAL else ""
        lines.append(_("Importe: %(kg)s × %(price)s%(per)s = %(amount)s")
                     % {"kg": format_kg(quote.payable_kg), "price": format_money(quote.price), "per": per,
                        "amount": format_money(quote.amount)})
    lines += withholding_lines(preview)
    return lines


def withholding_lines(preview: TicketPreview) -> list[str]:
    held = preview.withholding
    if held is None:
        return []
    rule = held.rule
    if held.threshold is None:
        return [_("Sin retención: la regla vigente no retiene al pagar las entregas.")]
    if held.general_regime:
        return [_("Sin retención: el socio pasó el tope del año anterior y está en el régimen general (Ley 31335).")]
    values = {"percent": _number(rule.percent), "uit": _number(rule.exempt_uit),
              "threshold": format_money(held.threshold),
              "year": format_money(held.year_before + preview.quote.amount)}
    if held.withheld:
        return [_("Retención (Ley 31335): %(percent)s %% de lo que sus ingresos del año, %(year)s con este ticket, "
                  "pasan de %(threshold)s (%(uit)s UIT)") % values]
    return [_("Sin retención (Ley 31335): sus ingresos del año, %(year)s con este ticket, no pasan de "
              "%(threshold)s (%(uit)s UIT)") % values]


class TicketPanel(QGroupBox):
    """Se pagan, importe, retención and neto a pagar, and the rules beneath."""

    def __init__(self):
        super().__init__(_("Liquidación del ticket"))
        layout = QVBoxLayout(self)
        grid = QFormLayout()
        grid.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addLayout(grid)
        self.paid_kg, self.amount, self.withheld, self.to_pay = (QLabel() for _i in range(4))
        for caption, value in ((_("Se pagan:"), self.paid_kg), (_("Importe:"), self.amount),
                               (_("Retención:"), self.withheld), (_("Neto a pagar:"), self.to_pay)):
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addRow(caption, value)
        self.to_pay.setStyleSheet("font-weight: bold;")
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.rules.setStyleSheet("color: #333;")
        self.rules.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.rules)
        self.note = QLabel(_("Las cifras se calculan como se guardarán."))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        for value in (self.paid_kg, self.amount, self.withheld, self.to_pay):
            value.setText("")
        self.rules.setText("")

    def show_preview(self, preview: TicketPreview, standard: QualityStandard) -> None:
        quote = preview.quote
        self.clear()
        if quote is None:
            return
        self.paid_kg.setText(format_kg(quote.payable_kg))
        if {p.field for p in preview.problems} & PRICED:
            return  # a grade or price not settled yet (a measure missing): no amount to show
        self.rules.setText("\n".join(rule_lines(preview, standard)))
        if quote.amount is None or quote.price is None or quote.price < 0:
            return
        self.amount.setText(format_money(quote.amount))
        if preview.withholding is not None:
            self.withheld.setText(format_money(preview.withheld))
            self.to_pay.setText(format_money(preview.to_pay))
