"""A pot of the criteria in full: its row (name, key, percentage…) and, under the
table, what the row cannot show: the rates of a ``tarifa`` pot (soles per kg or
per quintal by product, grade and certification), the factors of a
``kg_ponderado`` pot, and the grades and certifications it counts.

``MapRows`` edits a table of the file that is a set of ``key = value`` lines
(``[fondos.tarifas]``, ``[fondos.factores]``, ``[retencion.uit]``) as rows;
``PotsEditor`` is the table of pots with its buttons, its live total and the
selected pot's details (used for ``[[fondos]]`` and for each prima's pots).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
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

from coopdesk.gui.distribution.criteria_names import NEW_POT
from coopdesk.gui.distribution.criteria_rows import (
    WRONG,
    _PotRows,
    _text,
    read_list,
    read_money,
    read_number,
)
from coopdesk.i18n import _

CERTIFICATIONS = ("organico", "transicion", "convencional")


def certification_labels() -> dict[str, str]:
    return {"organico": _("orgánico"), "transicion": _("en transición"), "convencional": _("convencional")}


def pot_columns() -> list[tuple[str, str, str]]:
    return [
        ("nombre", _("Fondo"), _("El nombre del fondo, como lo verá el socio en su liquidación.")),
        ("clave", _("Se reparte según"), _("Cómo se reparte el fondo entre los socios que participan.")),
        ("porcentaje", _("Porcentaje %"), _("Qué parte de lo que queda para los socios recibe este fondo, en %. "
                                            "Los porcentajes de los fondos no pueden pasar de 100 %.")),
        ("monto", _("Monto S/"), _("Un monto fijo en soles, en lugar de un porcentaje. Los montos fijos se "
                                   "toman primero.")),
        ("solo_producto", _("Solo productos"), _("Códigos de producto separados por comas (CACAO-SECO, "
                                                 "CAFE-PERG): el fondo cuenta solo esas entregas. Vacío: todas.")),
    ]


class MapRows(QWidget):
    """``key = value`` lines of one table of the file, as rows with «Agregar» and «Quitar».

    ``columns``: (heading, help, choices or None) per column; ``split(key, value)``
    gives a row's texts, ``join(texts)`` the (key, value) they write (None: an
    empty row, left out)."""

    edited = Signal()
    help_wanted = Signal(str)

    def __init__(self, columns: list[tuple[str, str, list[tuple[str, str]] | None]],
                 split: Callable[[str, object], list[str]], join: Callable[[list[str]], tuple[str, object] | None],
                 new_row: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.columns, self._split, self._join, self._new = columns, split, join, new_row
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c[0] for c in columns])
        for i, (_heading, help_text, _choices) in enumerate(columns):
            self.table.horizontalHeaderItem(i).setToolTip(help_text)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemChanged.connect(lambda _item: self._changed())
        self.table.currentCellChanged.connect(lambda row, column, *_: self.help_wanted.emit(self.columns[column][1])
                                              if 0 <= column < len(self.columns) else None)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button, self.remove_button = QPushButton(_("Agregar")), QPushButton(_("Quitar"))
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_button.clicked.connect(lambda: self.add_row(self._new))
        self.remove_button.clicked.connect(self.remove_current)
        layout.addLayout(buttons)
        self._fit()

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def _fit(self) -> None:
        rows = min(max(self.table.rowCount(), 1), 6)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows
                                  * self.table.verticalHeader().defaultSectionSize() + 2 * self.table.frameWidth() + 2)

    def load(self, table) -> None:
        self._loading = True
        try:
            self.table.setRowCount(0)
            for key, value in (table.items() if isinstance(table, dict) else ()):
                self.add_row(self._split(str(key), value))
        finally:
            self._loading = False
        self._fit()

    def add_row(self, texts: list[str]) -> None:
        was, self._loading = self._loading, True
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for c, (_heading, help_text, choices) in enumerate(self.columns):
                if choices is None:
                    item = QTableWidgetItem(texts[c])
                    item.setToolTip(help_text)
                    self.table.setItem(row, c, item)
                    continue
                combo = QComboBox()
                for value, label in choices:
                    combo.addItem(label, value)
                index = combo.findData(texts[c])
                if index < 0:
                    combo.addItem(texts[c], texts[c])  # as written: the reader says what is wrong with it
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
                combo.setToolTip(help_text)
                combo.currentIndexChanged.connect(lambda _i: self._changed())
                self.table.setItem(row, c, QTableWidgetItem())
                self.table.setCellWidget(row, c, combo)
        finally:
            self._loading = was
        self._fit()
        if not was:
            self.table.setCurrentCell(row, 0)
            self.edited.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._fit()
            self.edited.emit()

    def texts(self, row: int) -> list[str]:
        out = []
        for c, (_heading, _help, choices) in enumerate(self.columns):
            if choices is None:
                item = self.table.item(row, c)
                out.append(item.text().strip() if item is not None else "")
            else:
                out.append(self.table.cellWidget(row, c).currentData())
        return out

    def set_text(self, row: int, column: int, text: str) -> None:
        if self.columns[column][2] is None:
            self.table.item(row, column).setText(text)
        else:
            combo: QComboBox = self.table.cellWidget(row, column)
            combo.setCurrentIndex(combo.findData(text))

    def mark(self, keys: set[str]) -> None:
        """The rows whose key a problem names, in red (the message, with its line, is under the tabs)."""
        was, self._loading = self._loading, True  # a colour is not an edit
        try:
            for row in range(self.table.rowCount()):
                pair = self._join(self.texts(row))
                wrong = pair is not None and pair[0] in keys
                for column in range(self.table.columnCount()):
                    item = self.table.item(row, column)
                    if item is not None and item.data(WRONG) != wrong:
                        item.setData(WRONG, wrong)
                        item.setBackground(QColor("#ffcdd2") if wrong else QBrush())
        finally:
            self._loading = was

    def value(self) -> dict:
        """The table as the file writes it, in the rows' order (empty rows left out)."""
        out = {}
        for row in range(self.table.rowCount()):
            pair = self._join(self.texts(row))
            if pair is not None:
                out[pair[0]] = pair[1]
        return out


# -- rates: "PRODUCTO/CALIDAD/CERTIFICACION" = "soles" ---------------------------------------------

def split_rate(key: str, value) -> list[str]:
    parts = (key.split("/") + ["*", "*"])[:3]
    return [("" if p.strip() == "*" else p.strip()) for p in parts] + [_text(value)]


def join_rate(texts: list[str]) -> tuple[str, object] | None:
    product, grade, certification, amount = texts
    if not (product or grade or certification or amount):
        return None
    parts = [product.upper() or "*", grade.upper() or "*", certification or "*"]
    while len(parts) > 1 and parts[-1] == "*":  # "CAFE-PERG/*/*" is written "CAFE-PERG"
        parts.pop()
    return "/".join(parts), read_money(amount) or ""


# -- factors: "dimension.CODE" = number ------------------------------------------------------------

DIMENSIONS = ("producto", "calidad", "certificacion")


def split_factor(key: str, value) -> list[str]:
    dimension, _dot, code = key.partition(".")
    return [dimension, code, _text(value)]


def join_factor(texts: list[str]) -> tuple[str, object] | None:
    dimension, code, factor = texts
    if not (code or factor):
        return None
    code = code.lower() if dimension == "certificacion" else code.upper()
    value = read_number(factor)
    return f"{dimension}.{code}", "" if value is None else value


class PotDetails(QGroupBox):
    """What the selected pot's row cannot show; ``changed`` carries the keys it owns."""

    changed = Signal()
    help_wanted = Signal(str)
    OWNS = ("tasa", "tope", "unidad", "tarifas", "factores", "solo_calidad", "solo_certificacion")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self._key = ""
        layout = QVBoxLayout(self)
        self.empty = QLabel(_("Elija un fondo de la tabla para ver aquí sus tarifas, factores y filtros."))
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.body = QWidget()
        layout.addWidget(self.body)
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        self.interest = QLineEdit()
        self.interest.setToolTip(_("Solo para un fondo de aportaciones: el interés, en %, sobre las aportaciones "
                                   "de cada socio. Con tasa, el fondo no lleva porcentaje ni monto."))
        self.interest_label = QLabel(_("Tasa de interés (%):"))
        form.addRow(self.interest_label, self.interest)
        self.ceiling = QLineEdit()
        self.ceiling.setPlaceholderText(_("sin tope"))
        self.ceiling.setToolTip(_("Lo más que cuenta la base de un socio (por ejemplo 5000 kg, o 2000.00 soles de "
                                  "aportaciones). Vacío: sin tope."))
        self.ceiling_label = QLabel(_("Tope por socio:"))
        form.addRow(self.ceiling_label, self.ceiling)
        for edit in (self.interest, self.ceiling):
            edit.textEdited.connect(self._edited)
            edit.textEdited.connect(lambda _t, e=edit: self.help_wanted.emit(e.toolTip()))
        self.grades = QLineEdit()
        self.grades.setPlaceholderText(_("todas"))
        self.grades.setToolTip(_("Calidades separadas por comas (A, B): el fondo cuenta solo esas entregas. "
                                 "Vacío: todas las calidades."))
        self.grades.textEdited.connect(self._edited)
        self.grades.textEdited.connect(lambda _t: self.help_wanted.emit(self.grades.toolTip()))
        form.addRow(_("Solo calidades:"), self.grades)
        row = QHBoxLayout()
        self.certifications: dict[str, QCheckBox] = {}
        labels = certification_labels()
        for code in CERTIFICATIONS:
            check = QCheckBox(labels[code])
            check.setToolTip(_("Marque las certificaciones que cuenta el fondo (por ejemplo solo orgánico, para un "
                               "diferencial orgánico). Ninguna marcada: todas."))
            check.toggled.connect(self._edited)
            check.clicked.connect(lambda _c, t=check.toolTip(): self.help_wanted.emit(t))
            self.certifications[code] = check
            row.addWidget(check)
        row.addStretch(1)
        form.addRow(_("Solo certificaciones:"), row)
        self.unit = QComboBox()
        self.unit.addItem(_("soles por kilo"), "kg")
        self.unit.addItem(_("soles por quintal (46 kg)"), "quintal")
        self.unit.setToolTip(_("Si las tarifas son por kilo o por quintal de 46 kg."))
        self.unit.currentIndexChanged.connect(self._edited)
        self.unit_label = QLabel(_("Las tarifas son:"))
        form.addRow(self.unit_label, self.unit)

        self.rates_title = QLabel(_("Tarifas: cuánto recibe el socio por cada kilo o quintal entregado"))
        self.rates_title.setWordWrap(True)
        column.addWidget(self.rates_title)
        any_certification = [("", _("cualquiera"))] + [(c, labels[c]) for c in CERTIFICATIONS]
        self.rates = MapRows([
            (_("Producto"), _("El código del producto (CAFE-PERG). Vacío: cualquier producto."), None),
            (_("Calidad"), _("La calidad (A, B…). Vacío: cualquier calidad."), None),
            (_("Certificación"), _("La certificación de la entrega. «cualquiera»: todas."), any_certification),
            (_("Tarifa S/"), _("Soles por kilo o por quintal. Si dos filas valen para una entrega, se aplica la más "
                               "precisa (la que dice más)."), None),
        ], split_rate, join_rate, ["", "", "", ""])
        self.rates.edited.connect(self._edited)
        self.rates.help_wanted.connect(self.help_wanted)
        column.addWidget(self.rates)

        self.factors_title = QLabel(_("Factores: cuánto vale un kilo de cada producto, calidad o certificación "
                                      "(un kilo sin factor vale 1)"))
        self.factors_title.setWordWrap(True)
        column.addWidget(self.factors_title)
        self.factors = MapRows([
            (_("Se aplica a"), _("Si el factor es de un producto, una calidad o una certificación."),
             [("producto", _("producto")), ("calidad", _("calidad")), ("certificacion", _("certificación"))]),
            (_("Código"), _("El código: CACAO-BABA, B, organico."), None),
            (_("Factor"), _("Por cuánto se multiplican esos kilos: 0.33 para cacao en baba respecto del seco, 1.5 "
                            "para orgánico."), None),
        ], split_factor, join_factor, ["producto", "", ""])
        self.factors.edited.connect(self._edited)
        self.factors.help_wanted.connect(self.help_wanted)
        column.addWidget(self.factors)
        self.show_pot(None)

    def show_pot(self, pot: dict | None, name: str = "") -> None:
        """Show ``pot``'s details (None: none chosen)."""
        self._loading = True
        try:
            self.empty.setVisible(pot is None)
            self.body.setVisible(pot is not None)
            pot = pot or {}
            self.setTitle(_("Detalle del fondo «%(name)s»") % {"name": name} if name else _("Detalle del fondo"))
            self.grades.setText(_text(pot.get("solo_calidad")))
            self.interest.setText(_text(pot.get("tasa")))
            self.ceiling.setText(_text(pot.get("tope")))
            wanted = pot.get("solo_certificacion")
            for code, check in self.certifications.items():
                check.setChecked(isinstance(wanted, list) and code in wanted)
            unit = pot.get("unidad", "kg")
            index = self.unit.findData("quintal" if unit in ("quintal", "qq") else unit)
            if index < 0:
                self.unit.addItem(str(unit), unit)
                index = self.unit.count() - 1
            self.unit.setCurrentIndex(index)
            self.rates.load(pot.get("tarifas"))
            self.factors.load(pot.get("factores"))
        finally:
            self._loading = False
        self.show_key(pot.get("clave", ""))

    def show_key(self, key: str) -> None:
        """Rates for a ``tarifa`` pot, factors for a ``kg_ponderado`` one (or whatever the pot already has)."""
        self._key = key
        rates = key == "tarifa" or self.rates.table.rowCount() > 0
        factors = key == "kg_ponderado" or self.factors.table.rowCount() > 0
        for widget in (self.rates_title, self.rates, self.unit_label, self.unit):
            widget.setVisible(rates)
        for widget in (self.factors_title, self.factors):
            widget.setVisible(factors)
        interest = key == "aportaciones" or bool(self.interest.text().strip())
        for widget in (self.interest_label, self.interest):
            widget.setVisible(interest)
        ceiling = key not in ("partes_iguales", "tarifa") or bool(self.ceiling.text().strip())
        for widget in (self.ceiling_label, self.ceiling):
            widget.setVisible(ceiling)

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()

    def values(self) -> dict:
        """The keys this panel owns, as the file writes them (None: left out)."""
        certifications = [c for c, check in self.certifications.items() if check.isChecked()]
        grades = read_list(self.grades.text())
        unit = self.unit.currentData()
        return {
            "tasa": read_number(self.interest.text()),
            "tope": read_number(self.ceiling.text()),
            "unidad": unit if self.unit.isVisibleTo(self) and unit != "kg" else None,
            "tarifas": self.rates.value() or None,
            "factores": self.factors.value() or None,
            "solo_calidad": [g.upper() for g in grades] if grades else None,
            "solo_certificacion": certifications or None,
        }


class PotsEditor(QWidget):
    """A table of pots, «Agregar» and «Quitar», its live total, and the selected pot's details."""

    edited = Signal()
    help_wanted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = _PotRows(pot_columns())
        self.table.narrow({"clave": 22, "porcentaje": 9, "monto": 11, "solo_producto": 14})
        self.table.help_for = self.help_wanted.emit
        layout.addWidget(self.table)
        row = QHBoxLayout()
        add, remove = QPushButton(_("Agregar")), QPushButton(_("Quitar"))
        for button in (add, remove):
            button.setAutoDefault(False)
            row.addWidget(button)
        add.clicked.connect(lambda: self.table.setCurrentCell(self.table.add_row(self.new_pot()), 0))
        remove.clicked.connect(self.table.remove_current)
        self.table.add_button, self.table.remove_button = add, remove
        row.addSpacing(12)
        self.total = QLabel()
        self.total.setWordWrap(True)
        row.addWidget(self.total, 1)
        layout.addLayout(row)
        self.details = PotDetails()
        self.details.changed.connect(self._details_edited)
        self.details.help_wanted.connect(self.help_wanted)
        layout.addWidget(self.details)
        self.table.edited.connect(self._table_edited)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_details(row))

    @staticmethod
    def new_pot() -> dict:
        return {"nombre": NEW_POT, "clave": "valor", "porcentaje": 0}  # in Spanish: the document's language

    def load(self, pots) -> None:
        self._loading = True
        try:
            self.table.load([p for p in pots if isinstance(p, dict)] if isinstance(pots, list) else [])
            if self.table.rowCount():
                self.table.setCurrentCell(0, 0)
        finally:
            self._loading = False
        self._show_details(self.table.currentRow())

    def _show_details(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.details.show_pot(self.pot(row), self.table.cell_text(row, "nombre"))
        else:
            self.details.show_pot(None)

    def _table_edited(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < self.table.rowCount():
            key = self.table.cell_text(row, "clave")
            if key == "tarifa" and self.table.cell_text(row, "porcentaje").strip() == "0":
                self.table.set_cell_text(row, "porcentaje", "")  # a reintegro pays its rates: no percentage
                return  # that edit comes back here
            self.details.show_key(key)
            name = self.table.cell_text(row, "nombre")
            self.details.setTitle(_("Detalle del fondo «%(name)s»") % {"name": name})
        elif not self.table.rowCount():
            self.details.show_pot(None)
        if not self._loading:
            self.edited.emit()

    def _details_edited(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < self.table.rowCount():
            return
        original = self.table.original(row)
        for key, value in self.details.values().items():
            if value is None:
                original.pop(key, None)
            else:
                original[key] = value
        self.table.set_original(row, original)  # an item change: the table says it was edited

    def pot(self, row: int) -> dict:
        t = self.table
        products = read_list(t.cell_text(row, "solo_producto"))
        shown = {
            "nombre": t.cell_text(row, "nombre").strip(),
            "clave": t.cell_text(row, "clave"),
            "porcentaje": read_number(t.cell_text(row, "porcentaje")),
            "monto": read_money(t.cell_text(row, "monto")),
            "solo_producto": [p.upper() for p in products] if products else None,
        }
        return t.merged(row, shown)

    def mark_details(self, prefix: str, fields: list[str]) -> None:
        """The selected pot's fields a problem names (``prefix``: "fondos" or "primas[0].fondos"), marked."""
        row = self.table.currentRow()
        for key, edit in (("tasa", self.details.interest), ("tope", self.details.ceiling),
                          ("solo_calidad", self.details.grades)):
            edit.setProperty("invalid", any(f.startswith(f"{prefix}[{row}].{key}") for f in fields))
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        for key, rows in (("tarifas", self.details.rates), ("factores", self.details.factors)):
            start = f"{prefix}[{row}].{key}."
            rows.mark({f[len(start):] for f in fields if f.startswith(start)})

    def pots(self) -> list[dict]:
        return [self.pot(r) for r in range(self.table.rowCount())]

