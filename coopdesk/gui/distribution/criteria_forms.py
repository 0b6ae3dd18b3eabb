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
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.domain.catalog import MemberStatus
from coopdesk.domain.money import D
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_number

OK_COLOR = "#1b5e20"
ORIGINAL = Qt.ItemDataRole.UserRole  # a row's dict as read, so keys the row does not show are kept
WRONG = Qt.ItemDataRole.UserRole + 1  # a cell a problem names

# the allocation keys as the file writes them, with the words a treasurer reads
KEY_LABELS = (
    ("valor", lambda: _("Valor entregado (valor)")),
    ("kg", lambda: _("Kilos entregados (kg)")),
    ("kg_ponderado", lambda: _("Kilos con factores (kg_ponderado)")),
    ("partes_iguales", lambda: _("Partes iguales (partes_iguales)")),
    ("tarifa", lambda: _("Soles por kilo (tarifa)")),
    ("aportaciones", lambda: _("Aportaciones (aportaciones)")),
    ("puntos", lambda: _("Puntos de participación (puntos)")),
)


def key_help() -> dict[str, str]:
    return {
        "valor": _("Cada socio recibe en proporción al valor de lo que entregó (lo que se le pagó): un kilo de "
                   "cacao en baba no vale lo que uno de grano seco."),
        "kg": _("Cada socio recibe en proporción a sus kilos netos entregados. Sirve cuando todos entregan el "
                "mismo producto, o con «Solo productos»."),
        "kg_ponderado": _("Kilos multiplicados por factores de producto, calidad y certificación (se escriben en "
                          "la pestaña Avanzado)."),
        "partes_iguales": _("Cada socio que participa recibe la misma parte."),
        "tarifa": _("Un monto por kilo o por quintal según producto, calidad y certificación (las tarifas se "
                    "escriben en la pestaña Avanzado)."),
        "aportaciones": _("En proporción al capital aportado por cada socio; con «Tasa», un interés sobre sus "
                          "aportaciones."),
        "puntos": _("En proporción a los puntos de participación (asambleas, faenas)."),
    }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def read_number(text: str):
    """What a number field holds, as the file writes it: an int or a Decimal, the
    text itself when it is not a number (the reader then says so, with its line),
    None when empty (the key is left out)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = D(text)
    except (ArithmeticError, ValueError, InvalidOperation):
        return text
    if not value.is_finite():
        return text
    return int(value) if value == value.to_integral_value() and "." not in text and "," not in text else value


def read_money(text: str):
    """A money field as the file writes it: text between quotes ("80.00")."""
    text = text.strip()
    if not text:
        return None
    try:
        value = D(text)
    except (ArithmeticError, ValueError, InvalidOperation):
        return text
    if not value.is_finite():
        return text
    if value == value.quantize(Decimal("0.01")):
        return format(value.quantize(Decimal("0.01")), "f")
    return format(value, "f")  # three decimals: said by the reader


def read_date(text: str):
    """dd/mm/aaaa or aaaa-mm-dd; the text itself when it is neither."""
    text = text.strip()
    if not text:
        return None
    for pattern, order in ((r"(\d{1,2})/(\d{1,2})/(\d{4})", (3, 2, 1)), (r"(\d{4})-(\d{1,2})-(\d{1,2})", (1, 2, 3))):
        found = re.fullmatch(pattern, text)
        if found:
            try:
                return date(*(int(found.group(i)) for i in order))
            except ValueError:
                return text
    return text


def read_list(text: str) -> list[str] | None:
    items = [part.strip() for part in text.split(",") if part.strip()]
    return items or None


def _put(table: dict, key: str, value) -> None:
    """``key`` set to ``value``, or left out when the field is empty."""
    if value is None or value == "":
        table.pop(key, None)
    else:
        table[key] = value


class _Rows(QTableWidget):
    """A table of [[apropiaciones]] or [[fondos]], one row per table of the file."""

    edited = Signal()

    def __init__(self, columns: list[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(0, len(columns), parent)
        self.columns = columns  # (key, heading, help)
        self.setHorizontalHeaderLabels([c[1] for c in columns])
        for i, (_key, _heading, help_text) in enumerate(columns):
            self.horizontalHeaderItem(i).setToolTip(help_text)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemChanged.connect(lambda _item: self._changed())
        self.currentCellChanged.connect(lambda row, column, *_: self._show_help(column))
        self._loading = False
        self.help_for = lambda _text: None

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def fit_height(self) -> None:
        """As tall as its rows (two at least, eight at most): the page scrolls, not the table."""
        rows = min(max(self.rowCount(), 2), 8)
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows
                            * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth() + 2)

    def narrow(self, widths: dict[str, int]) -> None:
        """Columns of figures as wide as a figure; the name takes the rest."""
        for key, chars in widths.items():
            column = self.column(key)
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, max(self.fontMetrics().horizontalAdvance("9" * chars),
                                            self.fontMetrics().horizontalAdvance(self.columns[column][1]) + 16))

    def _show_help(self, column: int) -> None:
        if 0 <= column < len(self.columns):
            self.help_for(self.columns[column][2])

    def column(self, key: str) -> int:
        return [c[0] for c in self.columns].index(key)

    def load(self, rows: list[dict]) -> None:
        self._loading = True
        try:
            self.setRowCount(0)
            for row in rows:
                self.add_row(row)
        finally:
            self._loading = False
        self.fit_height()

    def add_row(self, row: dict) -> int:
        was = self._loading
        self._loading = True
        try:
            index = self.rowCount()
            self.insertRow(index)
            for c, (key, _heading, help_text) in enumerate(self.columns):
                self.set_cell(index, c, key, row.get(key), help_text)
            self.item(index, 0).setData(ORIGINAL, dict(row))
        finally:
            self._loading = was
        self.fit_height()
        if not was:
            self.edited.emit()
        return index

    def set_cell(self, row: int, column: int, key: str, value, help_text: str) -> None:
        item = QTableWidgetItem(_text(value))
        item.setToolTip(help_text)
        if key == "reserva":  # a yes or no: a box to tick
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if value is True else Qt.CheckState.Unchecked)
        self.setItem(row, column, item)

    def cell_text(self, row: int, key: str) -> str:
        item = self.item(row, self.column(key))
        return item.text() if item is not None else ""

    def set_cell_text(self, row: int, key: str, text: str) -> None:
        self.item(row, self.column(key)).setText(text)

    def remove_current(self) -> None:
        row = self.currentRow()
        if row < 0:
            row = self.rowCount() - 1
        if row >= 0:
            self.removeRow(row)
            self.fit_height()
            self.edited.emit()

    def mark(self, row: int, key: str, wrong: bool) -> None:
        item = self.item(row, self.column(key))
        if item is not None and item.data(WRONG) != wrong:
            was, self._loading = self._loading, True  # a colour is not an edit
            try:
                item.setData(WRONG, wrong)
                item.setBackground(QColor("#ffcdd2") if wrong else QBrush())
            finally:
                self._loading = was


class _PotRows(_Rows):
    """Pots: the key is a list of the seven keys, in words."""

    def set_cell(self, row: int, column: int, key: str, value, help_text: str) -> None:
        if key != "clave":
            return super().set_cell(row, column, key, value, help_text)
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        for written, label in KEY_LABELS:
            combo.addItem(label(), written)
        known = combo.findData(value)
        if known < 0 and value:
            combo.addItem(str(value), value)  # as written: the reader says what is wrong with it
            known = combo.count() - 1
        combo.setCurrentIndex(max(0, known))
        helps = key_help()
        combo.setToolTip(helps.get(combo.currentData(), help_text))
        combo.currentIndexChanged.connect(lambda _i, c=combo: (c.setToolTip(helps.get(c.currentData(), "")),
                                                               self.help_for(helps.get(c.currentData(), "")),
                                                               self._changed()))
        self.setItem(row, column, QTableWidgetItem())
        self.setCellWidget(row, column, combo)

    def cell_text(self, row: int, key: str) -> str:
        if key == "clave":
            combo = self.cellWidget(row, self.column(key))
            return combo.currentData() if combo is not None else ""
        return super().cell_text(row, key)

    def set_key(self, row: int, written: str) -> None:
        combo: QComboBox = self.cellWidget(row, self.column("clave"))
        combo.setCurrentIndex(combo.findData(written))


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
            ("nombre", _("Nombre"), _("El nombre del fondo, como se imprime: «Reserva Cooperativa».")),
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
        self.pots = _PotRows([
            ("nombre", _("Nombre"), _("El nombre del fondo, como lo verá el socio en su liquidación.")),
            ("clave", _("Se reparte según"), _("Cómo se reparte el fondo entre los socios que participan.")),
            ("porcentaje", _("Porcentaje %"), _("Qué parte de lo que queda para los socios recibe este fondo, en %. "
                                                "Los porcentajes de los fondos no pueden pasar de 100 %.")),
            ("monto", _("Monto S/"), _("Un monto fijo en soles, en lugar de un porcentaje. Los montos fijos se "
                                       "toman primero.")),
            ("tasa", _("Tasa %"), _("Solo para aportaciones: el interés, en %, sobre las aportaciones de cada "
                                    "socio (sin porcentaje ni monto).")),
            ("tope", _("Tope"), _("Lo más que cuenta la base de un socio (por ejemplo 5000 kg). Vacío: sin tope.")),
            ("solo_producto", _("Solo productos"), _("Códigos de producto separados por comas (CACAO-SECO, "
                                                     "CAFE-PERG): el fondo cuenta solo esas entregas. Vacío: todas.")),
        ])
        self.appropriations.narrow({"porcentaje": 9, "monto": 11, "reserva": 9})
        self.pots.narrow({"clave": 26, "porcentaje": 9, "monto": 11, "tasa": 6, "tope": 7, "solo_producto": 14})
        box.addWidget(self.pots)
        self.pots_total = QLabel()
        box.addLayout(self._buttons(self.pots, self._new_pot, self.pots_total))
        layout.addWidget(pots_box)
        for table in (self.appropriations, self.pots):
            table.help_for = self.help_changed.emit
            table.edited.connect(self._rows_edited)
            table.fit_height()

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
        self.scale = QCheckBox(_("Reducir en proporción los montos fijos que no alcancen"))
        self._help(self.scale, _("Sin marcar, los criterios se rechazan con las cifras; marcado, los fondos de "
                                 "monto fijo se reducen juntos en proporción (escalar = true)."))
        self.scale.toggled.connect(self._head_edited)
        form.addRow("", self.scale)
        layout.addWidget(pay)
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
        return {"nombre": _("Nuevo fondo"), "porcentaje": 5}

    def _new_pot(self) -> dict:
        return {"nombre": _("Nuevo fondo"), "clave": "valor", "porcentaje": 0}

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
            rows = doc.get("fondos", [])
            self.pots.load([r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else [])
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
        self._doc["fondos"] = [self._pot(r) for r in range(self.pots.rowCount())]
        if not self._doc["apropiaciones"]:
            del self._doc["apropiaciones"]
        self._show_totals()
        self.edited.emit()

    def _row(self, table: _Rows, row: int, shown: dict) -> dict:
        original = table.item(row, 0).data(ORIGINAL) if table.item(row, 0) is not None else None
        out = {}
        for key, value in shown.items():
            if value is not None and value != "":
                out[key] = value
        for key, value in (original or {}).items():
            if key not in shown:
                out[key] = value
        return out

    def _appropriation(self, row: int) -> dict:
        t = self.appropriations
        reserve = t.item(row, t.column("reserva"))
        return self._row(t, row, {
            "nombre": t.cell_text(row, "nombre").strip(),
            "porcentaje": read_number(t.cell_text(row, "porcentaje")),
            "monto": read_money(t.cell_text(row, "monto")),
            "reserva": True if reserve is not None and reserve.checkState() == Qt.CheckState.Checked else None,
        })

    def _pot(self, row: int) -> dict:
        t = self.pots
        products = read_list(t.cell_text(row, "solo_producto"))
        return self._row(t, row, {
            "nombre": t.cell_text(row, "nombre").strip(),
            "clave": t.cell_text(row, "clave"),
            "porcentaje": read_number(t.cell_text(row, "porcentaje")),
            "monto": read_money(t.cell_text(row, "monto")),
            "tasa": read_number(t.cell_text(row, "tasa")),
            "tope": read_number(t.cell_text(row, "tope")),
            "solo_producto": [p.upper() for p in products] if products else None,
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
                 "elegibilidad.ingreso_antes_de": self.joined_before}
        for field, edit in heads.items():
            edit.setProperty("invalid", field in fields)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        wrong = set()
        for field in fields:
            found = re.match(r"^(apropiaciones|fondos)\[(\d+)\]\.(\w+)", field)
            if found:
                wrong.add((found.group(1), int(found.group(2)), found.group(3)))
        for name, table in (("apropiaciones", self.appropriations), ("fondos", self.pots)):
            for row in range(table.rowCount()):
                for key, _heading, _help in table.columns:
                    table.mark(row, key, (name, row, key) in wrong)

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
