"""The distribution criteria as forms: rows and fields instead of TOML.

``CriteriaForms`` shows the document ``tomllib`` reads from the criteria (a
dict) as fields: the distribution's amount and kind, the appropriations and the
pots as rows, who takes part, the minimum payout, the capitalisation and the
deductions. Every edit changes the dict and says so (``edited``); the dialog
writes it back as TOML (``criteria_writer``), which stays the document of
record, and checks it with the very reader the CLI uses. Keys the forms do not
show (rates, factors, primas, the retención) are kept as they were read.

Each field carries its plain-Spanish help (tooltip, and the help line of the
panel while it has the focus); the tables' totals are live («suman 110 %»).
"""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk.domain.catalog import MemberStatus
from coopdesk.gui.distribution.criteria_details import PotsEditor
from coopdesk.gui.distribution.criteria_primas import PrimasEditor
from coopdesk.gui.distribution.criteria_rows import (  # noqa: F401 - read_* are the forms' public readers
    KEY_LABELS,
    OK_COLOR,
    _put,
    _Rows,
    _text,
    key_help,
    read_date,
    read_list,
    read_money,
    read_number,
)
from coopdesk.gui.distribution.criteria_names import NEW_APPROPRIATION
from coopdesk.gui.distribution.criteria_withholding import WithholdingBox
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_number


class CriteriaForms(QWidget):
    """The forms of the criteria; ``document()`` is what they hold, ``load(doc)`` fills them."""

    edited = Signal()
    help_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc: dict = {}
        self._loading = False
        self._helps: dict[QWidget, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # -- the distribution --------------------------------------------------------
        head = QGroupBox(_("Qué se distribuye"))
        form, second = self._two_columns(head)
        self.title = self._field(form, _("Nombre de la distribución:"), QLineEdit(), _(
            "El nombre de la distribución, como se imprime en las liquidaciones: «Excedentes 2026»."))
        self.amount = self._field(form, _("Monto a distribuir (S/):"), QLineEdit(), _(
            "El monto que aprobó la asamblea, en soles, con punto decimal: 10000.00. "
            "«Monto del remanente…» lo trae de la contabilidad."))
        self.kind = self._combo(form, _("Tipo:"), [("excedentes", _("Excedentes (el remanente de un ejercicio)")),
                                                   ("reintegro", _("Reintegro (un complemento del precio de acopio)"))],
                                _("Excedentes: el remanente del ejercicio, con Reserva Cooperativa obligatoria. "
                                  "Reintegro: un complemento del precio de los kilos de la campaña, sin "
                                  "apropiaciones."))
        self.base = self._combo(form, _("Los porcentajes son:"), [("bruto", _("del monto (bruto)")),
                                                                 ("secuencial", _("de lo que va quedando (secuencial)"))],
                                _("«Del monto»: cada porcentaje de las apropiaciones se calcula sobre el monto. "
                                  "«De lo que va quedando»: cada uno sobre lo que dejaron los anteriores."))
        self.reserve_floor = self._field(second, _("Reserva mínima (%):"), QLineEdit(), _(
            "El porcentaje mínimo del remanente para la Reserva Cooperativa. La ley pide al menos 20 %."))
        self.losses = self._field(second, _("Compensar pérdidas (S/):"), QLineEdit(), _(
            "Pérdidas de años anteriores que se cubren primero, antes de las apropiaciones. Vacío: ninguna."))
        self.when = self._field(second, _("Fecha de pago:"), QLineEdit(), _(
            "El día en que se paga, como 15/03/2026. Su año elige la UIT de la retención; sin retención puede "
            "quedar vacía."))
        self.when.setPlaceholderText(_("dd/mm/aaaa"))
        layout.addWidget(head)

        # -- appropriations ----------------------------------------------------------
        self.appropriations_box = QGroupBox(_("Apropiaciones (antes de repartir a los socios)"))
        box = QVBoxLayout(self.appropriations_box)
        self.appropriations = _Rows([
            ("nombre", _("Apropiación"), _("El nombre de la apropiación, como se imprime: «Reserva Cooperativa».")),
            ("porcentaje", _("Porcentaje %"), _("Qué parte del monto se aparta, en %. Escriba un porcentaje o un "
                                                "monto, no los dos.")),
            ("monto", _("Monto S/"), _("Un monto fijo en soles, en lugar de un porcentaje.")),
            ("reserva", _("Es la Reserva"), _("Marque la Reserva Cooperativa: se controla que reciba al menos la "
                                              "reserva mínima.")),
        ])
        box.addWidget(self.appropriations)
        self.appropriations_total = QLabel()
        box.addLayout(self._buttons(self.appropriations, self._new_appropriation, self.appropriations_total))
        layout.addWidget(self.appropriations_box)

        # -- pots --------------------------------------------------------------------
        pots_box = QGroupBox(_("Fondos para los socios"))
        box = QVBoxLayout(pots_box)
        self.pots_editor = PotsEditor()
        self.pots, self.pots_total, self.pot_details = (self.pots_editor.table, self.pots_editor.total,
                                                        self.pots_editor.details)
        self.pots_editor.help_wanted.connect(self.help_changed)
        self.pots_editor.edited.connect(self._rows_edited)
        box.addWidget(self.pots_editor)
        layout.addWidget(pots_box)
        self.appropriations.narrow({"porcentaje": 9, "monto": 11, "reserva": 9})
        self.appropriations.help_for = self.help_changed.emit
        self.appropriations.edited.connect(self._rows_edited)
        self.appropriations.fit_height()

        # -- primas ------------------------------------------------------------------
        self.primas = PrimasEditor()
        self.primas.help_wanted.connect(self.help_changed)
        self.primas.edited.connect(self._rows_edited)
        layout.addWidget(self.primas)

        # -- who takes part ----------------------------------------------------------
        rule = QGroupBox(_("Quiénes participan"))
        form = second = QFormLayout(rule)
        statuses = QHBoxLayout()
        self.statuses: dict[str, QCheckBox] = {}
        for status, label in ((MemberStatus.ACTIVE, _("activos")), (MemberStatus.SUSPENDED, _("suspendidos")),
                              (MemberStatus.RETIRED, _("retirados"))):
            check = QCheckBox(label)
            self.statuses[str(status)] = check
            self._help(check, _("Qué socios participan según su estado. Si no se marca otro, solo los activos."))
            check.toggled.connect(self._head_edited)
            statuses.addWidget(check)
        statuses.addStretch(1)
        form.addRow(_("Socios:"), statuses)
        self.minimum_kg = self._field(form, _("Kilos mínimos entregados:"), QLineEdit(), _(
            "Quien entregó menos kilos en la campaña no participa. Vacío o 0: sin mínimo."))
        self.joined_before = self._field(second, _("Ingresaron antes del:"), QLineEdit(), _(
            "Solo participan los socios que ingresaron antes de esta fecha (dd/mm/aaaa). Vacío: todos."))
        self.joined_before.setPlaceholderText(_("dd/mm/aaaa"))
        self.good_standing = QCheckBox(_("Solo los socios al día con sus obligaciones"))
        self._help(self.good_standing, _("Marcado: quien no está al día no participa. Sin marcar: no se pregunta."))
        self.good_standing.toggled.connect(self._head_edited)
        second.addRow("", self.good_standing)
        layout.addWidget(rule)

        # -- what each member is paid ------------------------------------------------
        pay = QGroupBox(_("Pago mínimo, capitalización y descuentos"))
        form = second = QFormLayout(pay)
        self.minimum_payout = self._field(form, _("Pago mínimo (S/):"), QLineEdit(), _(
            "A quien le toca menos no se le paga ahora: se le retiene. Vacío: se paga todo."))
        self.retained_to = self._combo(form, _("Lo retenido va:"), [
            ("socio", _("al socio, con su próxima distribución")), ("fondo", _("a un fondo"))],
            _("Qué pasa con lo que no llega al pago mínimo."))
        self.retained_fund = self._field(form, _("Fondo de lo retenido:"), QLineEdit(), _(
            "Solo si lo retenido va a un fondo: su nombre."))
        self.capitalisation = self._field(second, _("Capitalización (%):"), QLineEdit(), _(
            "Qué parte de lo que recibe cada socio se abona a sus aportaciones en vez de pagarse en efectivo."))
        self.capitalised_pots = self._field(second, _("Fondos que se capitalizan:"), QLineEdit(), _(
            "Nombres de fondos separados por comas. Vacío: todos los fondos."))
        self.deduction_order = self._field(second, _("Orden de los descuentos:"), QLineEdit(), _(
            "Qué deudas se descuentan primero, separadas por comas: adelantos, prestamos, insumos. La retención "
            "va siempre primero."))
        self.interest_ceiling = self._field(second, _("Tasa máxima de interés (%):"), QLineEdit(), _(
            "La tasa más alta que puede tener un fondo de interés sobre aportaciones (la del estatuto). Vacío: "
            "sin límite escrito."))
        self.scale = QCheckBox(_("Reducir en proporción los montos fijos que no alcancen"))
        self._help(self.scale, _("Sin marcar, los criterios se rechazan con las cifras; marcado, los fondos de "
                                 "monto fijo se reducen juntos en proporción (escalar = true)."))
        self.scale.toggled.connect(self._head_edited)
        form.addRow("", self.scale)
        layout.addWidget(pay)

        # -- the retención -------------------------------------------------------------
        self.withholding = WithholdingBox()
        self.withholding.help_wanted.connect(self.help_changed)
        self.withholding.edited.connect(self._head_edited)
        layout.addWidget(self.withholding)
        layout.addStretch(1)
        self._show_totals()

    # -- building ------------------------------------------------------------------

    def _help(self, widget: QWidget, text: str) -> None:
        """``text`` is the widget's help: its tooltip, and the panel's help line while it is used."""
        widget.setToolTip(text)
        self._helps[widget] = text
        for signal in ("textEdited", "activated", "clicked"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(lambda *_args, t=text: self.help_changed.emit(t))

    def help_of(self, widget: QWidget | None) -> str | None:
        while widget is not None:
            if widget in self._helps:
                return self._helps[widget]
            if self.withholding.help_of(widget):
                return self.withholding.help_of(widget)
            if widget.toolTip() and widget is not self:  # the details' fields carry their help as a tooltip
                return widget.toolTip()
            widget = widget.parentWidget()
        return None

    @staticmethod
    def _two_columns(box: QGroupBox) -> tuple[QFormLayout, QFormLayout]:
        row = QHBoxLayout(box)
        first, second = QFormLayout(), QFormLayout()
        row.addLayout(first, 1)
        row.addSpacing(12)
        row.addLayout(second, 1)
        return first, second

    def _field(self, form: QFormLayout, label: str, edit: QLineEdit, help_text: str) -> QLineEdit:
        edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("9" * 10))
        self._help(edit, help_text)
        edit.textEdited.connect(self._head_edited)
        form.addRow(label, edit)
        return edit

    def _combo(self, form: QFormLayout, label: str, choices: list[tuple[str, str]], help_text: str) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        for value, text in choices:
            combo.addItem(text, value)
        self._help(combo, help_text)
        combo.currentIndexChanged.connect(self._head_edited)
        form.addRow(label, combo)
        return combo

    def _buttons(self, table: _Rows, new, total: QLabel) -> QHBoxLayout:
        row = QHBoxLayout()
        add = QPushButton(_("Agregar"))
        remove = QPushButton(_("Quitar"))
        for button in (add, remove):
            button.setAutoDefault(False)
        add.clicked.connect(lambda: table.setCurrentCell(table.add_row(new()), 0))
        remove.clicked.connect(table.remove_current)
        table.add_button, table.remove_button = add, remove
        row.addWidget(add)
        row.addWidget(remove)
        row.addSpacing(12)
        total.setWordWrap(True)
        row.addWidget(total, 1)
        return row

    def _new_appropriation(self) -> dict:
        return {"nombre": NEW_APPROPRIATION, "porcentaje": 5}  # in Spanish: the document's language

    # -- the document ----------------------------------------------------------------

    def load(self, doc: dict) -> None:
        """Fill the forms from the criteria as read."""
        self._doc = {k: (dict(v) if isinstance(v, dict) else v) for k, v in doc.items()}
        self._loading = True
        try:
            head = doc.get("distribucion", {}) if isinstance(doc.get("distribucion"), dict) else {}
            self.title.setText(_text(head.get("nombre")))
            self.amount.setText(_text(head.get("monto")))
            self._choose(self.kind, head.get("tipo", "excedentes"))
            self._choose(self.base, head.get("base_porcentajes", "bruto"))
            self.reserve_floor.setText(_text(head.get("reserva_minima")))
            self.losses.setText(_text(head.get("compensar_perdidas")))
            self.when.setText(_text(head.get("fecha")))
            self.minimum_payout.setText(_text(head.get("pago_minimo")))
            self._choose(self.retained_to, head.get("retenidos", "socio"))
            self.retained_fund.setText(_text(head.get("fondo_retenidos")))
            self.capitalisation.setText(_text(head.get("capitalizacion")))
            self.capitalised_pots.setText(_text(head.get("capitalizacion_fondos")))
            self.deduction_order.setText(_text(head.get("orden_descuentos")))
            self.scale.setChecked(head.get("escalar") is True)
            rule = doc.get("elegibilidad", {}) if isinstance(doc.get("elegibilidad"), dict) else {}
            statuses = rule.get("estados", ["activo"])
            for status, check in self.statuses.items():
                check.setChecked(isinstance(statuses, list) and status in statuses)
            self.minimum_kg.setText(_text(rule.get("kg_minimo")))
            self.joined_before.setText(_text(rule.get("ingreso_antes_de")))
            self.good_standing.setChecked(rule.get("al_dia") is True)
            rows = doc.get("apropiaciones", [])
            self.appropriations.load([r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else [])
            self.pots_editor.load(doc.get("fondos", []))
            self.primas.load(doc.get("primas", []))
            self.interest_ceiling.setText(_text(head.get("tasa_maxima_interes")))
            self.withholding.load(doc.get("retencion"))
            self.withholding.show_date(head.get("fecha"))
        finally:
            self._loading = False
        self._show_totals()

    def document(self) -> dict:
        """The criteria the forms hold (keys they do not show, as they were read)."""
        return self._doc

    @staticmethod
    def _choose(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        if index < 0:
            combo.addItem(str(value), value)  # as written: the reader says what is wrong with it
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _head_edited(self, *_args) -> None:
        if self._loading:
            return
        head = self._doc.setdefault("distribucion", {})
        if not isinstance(head, dict):
            head = self._doc["distribucion"] = {}
        _put(head, "nombre", self.title.text().strip() or None)
        _put(head, "monto", read_money(self.amount.text()))
        kind = self.kind.currentData()
        _put(head, "tipo", None if kind == "excedentes" and "tipo" not in head else kind)
        base = self.base.currentData()
        _put(head, "base_porcentajes", None if base == "bruto" and "base_porcentajes" not in head else base)
        _put(head, "reserva_minima", read_number(self.reserve_floor.text()))
        _put(head, "compensar_perdidas", read_money(self.losses.text()))
        _put(head, "fecha", read_date(self.when.text()))
        _put(head, "pago_minimo", read_money(self.minimum_payout.text()))
        retained = self.retained_to.currentData()
        _put(head, "retenidos", None if retained == "socio" and "retenidos" not in head else retained)
        _put(head, "fondo_retenidos", self.retained_fund.text().strip() or None)
        _put(head, "capitalizacion", read_number(self.capitalisation.text()))
        _put(head, "capitalizacion_fondos", read_list(self.capitalised_pots.text()))
        _put(head, "orden_descuentos", read_list(self.deduction_order.text()))
        _put(head, "escalar", True if self.scale.isChecked() else None)
        _put(head, "tasa_maxima_interes", read_number(self.interest_ceiling.text()))
        withholding = self.withholding.values(self._doc.get("retencion"))
        _put(self._doc, "retencion", withholding)
        self.withholding.show_date(head.get("fecha"))
        rule = self._doc.get("elegibilidad")
        rule = dict(rule) if isinstance(rule, dict) else {}
        rule["estados"] = [s for s, check in self.statuses.items() if check.isChecked()]
        _put(rule, "kg_minimo", read_number(self.minimum_kg.text()))
        _put(rule, "ingreso_antes_de", read_date(self.joined_before.text()))
        _put(rule, "al_dia", True if self.good_standing.isChecked() else None)
        self._doc = self._doc | {"elegibilidad": rule}
        self._show_totals()
        self.edited.emit()

    def _rows_edited(self) -> None:
        if self._loading:
            return
        self._doc["apropiaciones"] = [self._appropriation(r) for r in range(self.appropriations.rowCount())]
        self._doc["fondos"] = self.pots_editor.pots()
        self._doc["primas"] = self.primas.primas()
        for key in ("apropiaciones", "primas"):
            if not self._doc[key]:
                del self._doc[key]
        self._show_totals()
        self.edited.emit()

    def _appropriation(self, row: int) -> dict:
        t = self.appropriations
        reserve = t.item(row, t.column("reserva"))
        return t.merged(row, {
            "nombre": t.cell_text(row, "nombre").strip(),
            "porcentaje": read_number(t.cell_text(row, "porcentaje")),
            "monto": read_money(t.cell_text(row, "monto")),
            "reserva": True if reserve is not None and reserve.checkState() == Qt.CheckState.Checked else None,
        })

    # -- problems ----------------------------------------------------------------------

    def mark_problems(self, fields: list[str]) -> None:
        """The fields and cells the reader's problems name, marked (the message is under the tabs)."""
        heads = {"distribucion.nombre": self.title, "distribucion.monto": self.amount, "distribucion.reserva_minima": self.reserve_floor,
                 "distribucion.compensar_perdidas": self.losses, "distribucion.fecha": self.when,
                 "distribucion.pago_minimo": self.minimum_payout, "distribucion.fondo_retenidos": self.retained_fund,
                 "distribucion.capitalizacion": self.capitalisation,
                 "distribucion.capitalizacion_fondos": self.capitalised_pots,
                 "distribucion.orden_descuentos": self.deduction_order, "elegibilidad.kg_minimo": self.minimum_kg,
                 "elegibilidad.ingreso_antes_de": self.joined_before,
                 "distribucion.tasa_maxima_interes": self.interest_ceiling, "retencion.tasa": self.withholding.rate,
                 "retencion.umbral_uit": self.withholding.threshold, "retencion.tope_uit": self.withholding.ceiling,
                 "retencion.fondos": self.withholding.pots}
        for field, edit in heads.items():
            edit.setProperty("invalid", field in fields)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        wrong = set()
        for field in fields:
            found = re.match(r"^(apropiaciones|fondos|primas)\[(\d+)\]\.(\w+)", field)
            if found:
                wrong.add((found.group(1), int(found.group(2)), found.group(3)))
        for name, table in (("apropiaciones", self.appropriations), ("fondos", self.pots), ("primas", self.primas.table)):
            for row in range(table.rowCount()):
                for key, _heading, _help in table.columns:
                    table.mark(row, key, (name, row, key) in wrong)
        prima = self.primas.table.currentRow()
        self.pots_editor.mark_details("fondos", fields)
        self.withholding.uit.mark({f[len("retencion.uit."):] for f in fields if f.startswith("retencion.uit.")})
        self.primas.pots.mark_details(f"primas[{prima}].fondos", fields)
        for row in range(self.primas.pots.table.rowCount()):
            for key, _heading, _help in self.primas.pots.table.columns:
                self.primas.pots.table.mark(row, key, any(
                    re.match(rf"^primas\[{prima}\]\.fondos\[{row}\]\.{key}\b", f) for f in fields))

    # -- live totals -----------------------------------------------------------------

    def _show_totals(self) -> None:
        self._total(self.appropriations_total, self._percents(self._doc.get("apropiaciones")),
                    _("Las apropiaciones suman %(total)s %%."),
                    _("Las apropiaciones suman %(total)s %%: no pueden pasar de 100 %%."))
        self._total(self.pots_total, self._percents(self._doc.get("fondos")),
                    _("Los porcentajes de los fondos suman %(total)s %%."),
                    _("Los porcentajes de los fondos suman %(total)s %%: no pueden pasar de 100 %%."),
                    under=_("Los porcentajes de los fondos suman %(total)s %%: lo que falta para 100 %% no "
                            "se reparte (queda fuera de los fondos)."))
        row = self.primas.table.currentRow()
        primas = self._doc.get("primas") if isinstance(self._doc.get("primas"), list) else []
        self._total(self.primas.pots.total, self._percents(primas[row].get("fondos") if 0 <= row < len(primas)
                                                           and isinstance(primas[row], dict) else None),
                    _("Los porcentajes de los fondos de la prima suman %(total)s %%."),
                    _("Los porcentajes de los fondos de la prima suman %(total)s %%: no pueden pasar de 100 %%."),
                    under=_("Los porcentajes de los fondos de la prima suman %(total)s %%: lo que falta para 100 %% "
                            "de la parte de los socios no se reparte."))
        self.primas.show_totals()

    @staticmethod
    def _percents(rows) -> Decimal:
        total = Decimal(0)
        for row in rows if isinstance(rows, list) else []:
            value = row.get("porcentaje") if isinstance(row, dict) else None
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                total += Decimal(value)
        return total

    @staticmethod
    def _total(label: QLabel, total: Decimal, fine: str, over: str, under: str | None = None) -> None:
        shown = format_number(int(total) if total == total.to_integral_value() else total)
        if total > 100:
            label.setText(over % {"total": shown})
            label.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        elif under is not None and 0 < total < 100:
            label.setText(under % {"total": shown})
            label.setStyleSheet("")
        else:
            label.setText(fine % {"total": shown})
            label.setStyleSheet(f"color: {OK_COLOR};" if total else "")
