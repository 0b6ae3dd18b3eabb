"""The criteria's ``[retencion]`` as a form: whether the income tax of Ley 31335
is withheld, its rate, threshold and ceiling (empty: the rule in force), how the
threshold is read, the taxable pots and the UIT of a year coopdesk does not
know. A live line says, from the payment date, the UIT and the threshold in soles."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from coopdesk.domain.money import CENT
from coopdesk.domain.withholding import EXCESS, WHOLE_MONTH, uit_by_year, withholding_rule
from coopdesk.gui.distribution.criteria_details import MapRows
from coopdesk.gui.distribution.criteria_rows import _text, read_list, read_money, read_number
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_money, format_number


def split_uit(key: str, value) -> list[str]:
    return [key, _text(value)]


def join_uit(texts: list[str]) -> tuple[str, object] | None:
    year, amount = texts
    if not (year or amount):
        return None
    return year, read_money(amount) or ""


class WithholdingBox(QGroupBox):
    """Checked: the criteria have a ``[retencion]``; ``values()`` is that section (None: none)."""

    edited = Signal()
    help_wanted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Retener el impuesto a la renta de los socios (Ley 31335)"), parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.setToolTip(_("Marcado: a quien sus ingresos de la cooperativa en el año pasan el umbral se le retiene "
                          "el impuesto, como primer descuento. Sin marcar: no se retiene nada en esta distribución."))
        self.toggled.connect(self._edited)
        self.toggled.connect(lambda _on: None if self._loading else self.help_wanted.emit(self.toolTip()))
        self._loading = False
        self._helps: dict[QWidget, str] = {}
        rule = withholding_rule(None)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        first, second = QFormLayout(), QFormLayout()
        row.addLayout(first, 1)
        row.addSpacing(12)
        row.addLayout(second, 1)
        layout.addLayout(row)
        self.rate = self._field(first, _("Tasa (%):"), format_number(rule.percent), _(
            "El porcentaje que se retiene de lo que pasa el umbral. Vacío: la tasa de la ley, %(rate)s %%.")
            % {"rate": format_number(rule.percent)})
        self.threshold = self._field(first, _("Umbral (UIT):"), format_number(rule.exempt_uit), _(
            "Hasta cuántas UIT de ingresos del socio en el año no se retiene nada. Vacío: %(uit)s UIT, como dice "
            "la ley.") % {"uit": format_number(rule.exempt_uit)})
        self.ceiling = self._field(second, _("Tope (UIT del año anterior):"), format_number(rule.ceiling_uit), _(
            "Quien ganó más de estas UIT el año anterior declara por su cuenta y no se le retiene. Vacío: "
            "%(uit)s UIT.") % {"uit": format_number(rule.ceiling_uit)})
        self.reading = QComboBox()
        self.reading.addItem(_("sobre lo que pasa el umbral (exceso)"), EXCESS)
        self.reading.addItem(_("sobre todo el mes en que se pasa (mes_completo)"), WHOLE_MONTH)
        self.reading.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reading.setMinimumContentsLength(14)
        self._help(self.reading, _("Cómo se lee el umbral: el porcentaje solo sobre lo que pasa el umbral (lo "
                                   "usual), o sobre todo el mes en que se pasa."))
        self.reading.currentIndexChanged.connect(self._edited)
        form = QFormLayout()
        layout.addLayout(form)
        form.addRow(_("Se retiene:"), self.reading)  # the whole width: its choices are long
        self.pots = self._field(form, _("Fondos que pagan impuesto:"), _("todos"), _(
            "Los fondos que son renta del socio, separados por comas. Vacío: todos los fondos."))
        self.when = QLabel()
        self.when.setWordWrap(True)
        layout.addWidget(self.when)
        title = QLabel(_("UIT de un año que coopdesk no trae (los de 2022 a 2026 ya están):"))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.uit = MapRows([
            (_("Año"), _("El año, con cuatro cifras: 2027."), None),
            (_("UIT S/"), _("El valor de la UIT de ese año, en soles, como lo publica el decreto supremo."), None),
        ], split_uit, join_uit, [str(max(uit_by_year()) + 1), ""])
        self.uit.edited.connect(self._edited)
        self.uit.help_wanted.connect(self.help_wanted)
        layout.addWidget(self.uit)
        self.show_date(None)

    def _field(self, form: QFormLayout, label: str, placeholder: str, help_text: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self._help(edit, help_text)
        edit.textEdited.connect(self._edited)
        edit.textEdited.connect(lambda _t: self.help_wanted.emit(help_text))
        form.addRow(label, edit)
        return edit

    def _help(self, widget: QWidget, text: str) -> None:
        widget.setToolTip(text)
        self._helps[widget] = text

    def help_of(self, widget: QWidget) -> str | None:
        return self._helps.get(widget)

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()

    def load(self, section) -> None:
        self._loading = True
        try:
            section = section if isinstance(section, dict) else None
            self.setChecked(section is not None)
            section = section or {}
            self.rate.setText(_text(section.get("tasa")))
            self.threshold.setText(_text(section.get("umbral_uit")))
            self.ceiling.setText(_text(section.get("tope_uit")))
            index = self.reading.findData(section.get("forma", EXCESS))
            if index < 0:
                self.reading.addItem(str(section.get("forma")), section.get("forma"))
                index = self.reading.count() - 1
            self.reading.setCurrentIndex(index)
            self.pots.setText(_text(section.get("fondos")))
            self.uit.load(section.get("uit"))
        finally:
            self._loading = False

    def values(self, was: dict | None) -> dict | None:
        """``[retencion]`` as the forms hold it (keys they do not show kept from ``was``)."""
        if not self.isChecked():
            return None
        out = {k: v for k, v in (was or {}).items() if k not in ("tasa", "umbral_uit", "tope_uit", "forma",
                                                                 "fondos", "uit")}
        shown = {"tasa": read_number(self.rate.text()), "umbral_uit": read_number(self.threshold.text()),
                 "tope_uit": read_number(self.ceiling.text()),
                 "forma": None if self.reading.currentData() == EXCESS and "forma" not in (was or {})
                 else self.reading.currentData(),
                 "fondos": read_list(self.pots.text()), "uit": self.uit.value() or None}
        return out | {k: v for k, v in shown.items() if v is not None and v != ""}

    def show_date(self, when) -> None:
        """The live line: the payment date's UIT and the threshold in soles, or what is missing."""
        if not isinstance(when, date):
            self.when.setText(_("La retención necesita la fecha de pago (arriba, en «Qué se distribuye»): su año "
                                "elige la UIT."))
            self.when.setStyleSheet(f"color: {ERROR_COLOR};" if self.isChecked() else "")
            return
        self.when.setStyleSheet("")
        table = uit_by_year()
        for year, amount in self.uit.value().items():
            value = read_number(str(amount)) if isinstance(amount, str) else None
            if year.isdigit() and value is not None and not isinstance(value, str):
                table[int(year)] = value
        uit = table.get(when.year)
        if uit is None:
            self.when.setText(_("coopdesk no conoce la UIT de %(year)s: escríbala abajo.") % {"year": when.year})
            self.when.setStyleSheet(f"color: {ERROR_COLOR};" if self.isChecked() else "")
            return
        threshold = read_number(self.threshold.text())
        if threshold is None or isinstance(threshold, str):
            threshold = withholding_rule(None).exempt_uit
        rate = read_number(self.rate.text())
        if rate is None or isinstance(rate, str):
            rate = withholding_rule(None).percent
        self.when.setText(_("Pago el %(date)s: UIT %(year)s = %(uit)s. No se retiene hasta %(threshold)s de ingresos "
                            "del socio en el año; luego el %(rate)s %%.") % {
            "date": format_date(when), "year": when.year, "uit": format_money(uit.quantize(CENT)),
            "threshold": format_money((uit * threshold).quantize(CENT)), "rate": format_number(rate)})
