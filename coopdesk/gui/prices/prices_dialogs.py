"""The dialogs of Precios y calidad: a new price, a product's quality standard
(with its grade table typed like a spreadsheet and a live example of the humidity
discount), a new collection point and the debt limit.

Nothing they save is ever edited afterwards: each is a new row that takes over
from its date, and the one before stays in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core.collection_points import PointRow
from coopdesk.core.dto import ProductRow
from coopdesk.core.prices import PriceInput
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification, Crop, PriceUnit
from coopdesk.domain.problems import N_, Problem, Text
from coopdesk.domain.quality import (
    ANY,
    METHOD_LABELS,
    Grade,
    HumidityMethod,
    QualityStandard,
    check_standard,
)
from coopdesk.domain.reading import read_decimal, read_int
from coopdesk.gui.deliveries.delivery_dialog import MEASURES
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import TypedGrid, choice_combo, combo_value, date_edit, number_edit, select_value, set_choices
from coopdesk.i18n import _, describe, label
from coopdesk.i18n.formatting import format_money, format_number

ONE = Decimal(1)
HUNDRED_KG = Decimal(100)
EXAMPLE_POINTS = Decimal(2)  # the example: a sample two points above the standard
NBSP = "\u00a0"
OK_COLOR = "#1b5e20"
BAD_CELL = QColor("#fff3f3")
REFERENCE_FORM = {Crop.CACAO: N_("cacao grano seco"), Crop.COFFEE: N_("café pergamino seco")}


# -- words for numbers -------------------------------------------------------------------


def plain(value: Decimal) -> str:
    """A stored decimal as typed: 7.5, 80, 1.05 (no trailing zeros, no grouping)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: Decimal) -> str:
    return f"{format_number(Decimal(plain(value)))}{NBSP}%"


def kilos(value: Decimal) -> str:
    return f"{format_number(value, 3)}{NBSP}kg"


def certification_name(code: str) -> str:
    return label(code) if code else _("Todas")


def grade_name(code: str) -> str:
    return code or _("Todas")


def price_text(price: Decimal, unit: str) -> str:
    """S/ 10.00 por kg, S/ 720.00 por qq."""
    return _("%(price)s por %(unit)s") % {"price": format_money(price), "unit": unit}


def method_name(method: str) -> str:
    return _(METHOD_LABELS[method]) if method in METHOD_LABELS else method


def reference_form(crop: str) -> str:
    return _(REFERENCE_FORM[crop]) if crop in REFERENCE_FORM else _("la forma de referencia")


def example_text(standard: QualityStandard, crop: str = "") -> str:
    """What the humidity rule (and the conversion) does to 100 kg, in one sentence."""
    humidity = standard.standard_humidity
    if standard.method == HumidityMethod.NONE or humidity is None:
        text = _("Sin descuento de humedad: %(net)s pagan %(net)s, con cualquier humedad.") % {
            "net": f"100{NBSP}kg"}
        payable = HUNDRED_KG
    else:
        sample = humidity + EXAMPLE_POINTS
        payable = standard.payable_kg(HUNDRED_KG, sample)
        text = _("Con %(humidity)s de humedad, %(net)s pagan %(payable)s (se descuentan %(discount)s).") % {
            "humidity": percent(sample), "net": f"100{NBSP}kg", "payable": kilos(payable), "discount": kilos(HUNDRED_KG - payable)}
    if standard.conversion != ONE:
        text += " " + _("Equivalen a %(kg)s de %(form)s.") % {"kg": kilos(standard.equivalent_kg(payable)),
                                                             "form": reference_form(crop)}
    return text


def conversion_text(conversion: Decimal, crop: str = "") -> str:
    if conversion == ONE:
        return _("1 (no se convierte)")
    return _("%(factor)s kg de %(form)s por cada kg") % {"factor": plain(conversion), "form": reference_form(crop)}


# -- the grade table -----------------------------------------------------------------------


@dataclass(frozen=True)
class GradeColumn:
    attribute: str              # of Grade
    title: str                  # msgid
    hint: str                   # msgid: the header's tooltip
    measure: str = ""           # of Measures: shown for the crops that take it
    whole: bool = False         # a whole number (defects)
    percent: bool = False


GRADE_COLUMNS = (
    GradeColumn("code", N_("Grado"), N_("El nombre del grado: A, B, EXPORTABLE, DESCARTE…")),
    GradeColumn("factor", N_("Factor de precio"), N_("Multiplica el precio registrado para «Todas» las calidades: "
                                                     "1.05 paga 5 %% más, 0.90 paga 10 %% menos.")),
    GradeColumn("max_humidity", N_("Humedad máx."), N_("Humedad máxima de la muestra, en %% (en blanco: sin límite)"),
                "humidity_pct", percent=True),
    GradeColumn("min_yield", N_("Rendimiento mín."), N_("Rendimiento exportable mínimo, en %% (en blanco: sin límite)"),
                "yield_pct", percent=True),
    GradeColumn("min_fermentation", N_("Fermentación mín."),
                N_("Granos bien fermentados en la prueba de corte, mínimo en %% (en blanco: sin límite)"),
                "fermentation_pct", percent=True),
    GradeColumn("max_defects", N_("Defectos máx."), N_("Defectos por muestra, como máximo (en blanco: sin límite)"),
                "defects", whole=True),
    GradeColumn("min_cup", N_("Taza mín."), N_("Puntaje de taza mínimo (en blanco: sin límite)"), "cup_score"),
)


def shown_grade_columns(crop: str, grades: Sequence[Grade]) -> list[int]:
    """The columns a crop's table needs: its sample's measures, and any already used."""
    measured = {"humidity_pct", *MEASURES.get(crop, ())}
    return [i for i, column in enumerate(GRADE_COLUMNS)
            if not column.measure or column.measure in measured
            or any(getattr(g, column.attribute) is not None for g in grades)]


def grade_cell(grade: Grade, column: GradeColumn, for_editing: bool = False) -> str:
    value = getattr(grade, column.attribute)
    if column.attribute == "code":
        return value
    if value is None:
        return "" if for_editing else "—"
    if column.whole:
        return str(value)
    if for_editing:
        return plain(value)
    if column.attribute == "factor":
        return format_number(value, 2)
    return percent(value) if column.percent else plain(value)


class GradesTable(TypedGrid):
    """The grade table as a small spreadsheet (as the inputs grid of Cuentas): typing
    replaces a cell, Enter moves to the next one (and, at the end of a filled last row,
    opens a new row); on an empty last row Enter leaves the table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(GRADE_COLUMNS), parent)
        self.setHorizontalHeaderLabels([_(c.title) for c in GRADE_COLUMNS])
        for i, column in enumerate(GRADE_COLUMNS):
            self.horizontalHeaderItem(i).setToolTip(_(column.hint) % {})  # %% is a percent sign
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = header.fontMetrics()
        for i, column in enumerate(GRADE_COLUMNS):
            self.setColumnWidth(i, max(metrics.horizontalAdvance(_(column.title)) + 24,
                                       metrics.horizontalAdvance("EXPORTABLE") + 24))
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        # as in a spreadsheet: typing replaces the cell, F2 or a double click edits it
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setMinimumHeight(self.verticalHeader().defaultSectionSize() * 6 + header.sizeHint().height())
        self.itemChanged.connect(self._unmark)

    def set_grades(self, grades: Sequence[Grade]) -> None:
        self.setRowCount(0)
        for grade in grades:
            self.add_row([grade_cell(grade, c, for_editing=True) for c in GRADE_COLUMNS])

    def add_row(self, texts: Sequence[str] | None = None, at: int | None = None) -> int:
        """A new row (its factor 1, no conditions) at the end or at ``at``."""
        row = self.rowCount() if at is None else at
        self.insertRow(row)
        texts = texts or ["", "1"] + [""] * (len(GRADE_COLUMNS) - 2)
        for i, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if i > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, i, item)
        return row

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def row_is_blank(self, row: int) -> bool:
        """Nothing typed in it (a new row's factor 1 does not count)."""
        return not any(self.text(row, c) for c, column in enumerate(GRADE_COLUMNS) if column.attribute != "factor")

    def drop_blank_rows(self) -> None:
        """Rows left empty are not grades, as a blank line in a spreadsheet: taken out
        before reading, so "Fila 3" is the third row the treasurer sees."""
        for row in reversed(range(self.rowCount())):
            if self.row_is_blank(row):
                self.removeRow(row)

    def visible_columns(self) -> list[int]:
        return [c for c in range(self.columnCount()) if not self.isColumnHidden(c)]

    def advance(self) -> bool:
        """The next cell to type in; False when Enter should leave the table."""
        columns = self.visible_columns()
        row, column = self.currentRow(), self.currentColumn()
        if row < 0:
            self.setCurrentCell(0 if self.rowCount() else self.add_row(), columns[0])
            return True
        later = [c for c in columns if c > column]
        if later:
            self.setCurrentCell(row, later[0])
            return True
        if row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, columns[0])
            return True
        if self.row_is_blank(row):
            return False
        self.setCurrentCell(self.add_row(), columns[0])
        return True


    def read(self) -> tuple[list[Grade], list[Problem]]:
        """The grades as typed, and a Spanish problem for each cell that is not a number
        (its cell coloured)."""
        grades: list[Grade] = []
        problems: list[Problem] = []
        first_bad: tuple[int, int] | None = None
        for row in range(self.rowCount()):
            values: dict[str, object] = {}
            for c, column in enumerate(GRADE_COLUMNS):
                text = self.text(row, c)
                if column.attribute == "code":
                    values["code"] = text.upper()
                    continue
                if not text and column.attribute != "factor":
                    values[column.attribute] = None
                    continue
                reader = read_int if column.whole else read_decimal
                value, found = reader(text, "grades")
                if not text:  # the factor
                    found = [Problem("grades", N_("Escriba el factor de precio, por ejemplo 1 o 1.05."))]
                if found:
                    problems += [Problem("grades", N_("Fila %(row)s, %(column)s: %(problem)s"), {
                        "row": row + 1, "column": Text(column.title), "problem": lower_first(describe(p))})
                        for p in found]
                    self._mark(row, c)
                    first_bad = first_bad or (row, c)
                values[column.attribute] = value
            grades.append(Grade(**values))
        if first_bad is not None:
            self.setCurrentCell(*first_bad)
        return grades, problems

    def _mark(self, row: int, column: int) -> None:
        self.blockSignals(True)
        try:
            self.item(row, column).setBackground(QBrush(BAD_CELL))
        finally:
            self.blockSignals(False)

    def _unmark(self, item: QTableWidgetItem) -> None:
        if item.background().color() == BAD_CELL:
            self.blockSignals(True)
            try:
                item.setBackground(QBrush())
            finally:
                self.blockSignals(False)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- the dialogs ---------------------------------------------------------------------------


class PriceDialog(FormDialog):
    """Nuevo precio: product, grade (blank: every grade), certification, from a date, price per kg or qq."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, products: Sequence[ProductRow],
                 grades: dict[str, Sequence[str]] | None = None, product_code: str = ""):
        super().__init__(parent, runner, _("Nuevo precio"))
        self._products = {p.code: p for p in products}
        self._grades = grades or {}
        intro = QLabel(_("El precio se aplica a las entregas desde la fecha indicada. El precio anterior no se "
                         "borra: queda en el historial."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.product = self.add_field("product_code", _("Producto:"),
                                      choice_combo([(p.code, p.name) for p in products]))
        self.grade = QComboBox()
        self.grade.setEditable(True)
        self.grade.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.grade.lineEdit().setPlaceholderText(_("Todas"))
        self.grade.lineEdit().setMaxLength(limits.CODE)
        self.grade_hint = QLabel(_("en blanco: todas (se aplica el factor del grado)"))
        self.grade_hint.setStyleSheet("color: #4a4a4a;")
        self.add_field("grade", _("Calidad:"), self.grade, beside=self.grade_hint)
        self.certification = self.add_field("certification", _("Certificación:"), choice_combo(
            [(ANY, _("Todas"))] + [(c.value, label(c)) for c in Certification]))
        self.certification.setCurrentIndex(0)
        self.valid_from = self.add_field("valid_from", _("Desde:"), date_edit(self.runner.today()))
        self.unit = choice_combo([(PriceUnit.KG.value, _("por kg")),
                                  (PriceUnit.QUINTAL.value, _("por quintal (46 kg)"))])
        self.unit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.price = self.add_field("price", _("Precio (S/):"), number_edit("0.00"), beside=self.unit)
        self.note = self.add_field("note", _("Nota:"), QLineEdit())
        self.note.setMaxLength(limits.DESCRIPTION)
        self.note.setPlaceholderText(_("Por ejemplo: subió la bolsa de Nueva York"))
        self.grade.setMaximumWidth(self.price.maximumWidth())
        self.product.currentIndexChanged.connect(self._product_chosen)
        if product_code in self._products:
            select_value(self.product, product_code)
        elif products:
            self.product.setCurrentIndex(0)
        self._product_chosen()
        self.setMinimumWidth(560)

    def _product_chosen(self) -> None:
        product = self._products.get(combo_value(self.product))
        typed = self.grade.currentText()
        self.grade.clear()
        self.grade.addItems(list(self._grades.get(product.code, ())) if product else [])
        self.grade.setEditText(typed)
        if product is not None:
            select_value(self.unit, product.price_unit)

    def prepare(self):
        parser = NumberParser()
        price = parser.decimal("price", self.price)
        parser.check()
        data = PriceInput(combo_value(self.product), self.valid_from.date().toPython(), price,
                          grade=self.grade.currentText().strip().upper(), certification=combo_value(self.certification),
                          price_unit=combo_value(self.unit) or None, note=self.note.text().strip())
        return lambda book: book.prices.add(data)


class StandardDialog(FormDialog):
    """Cambiar el estándar de calidad de un producto: starts from the one in force;
    saving records a new one from «Vigente desde» (the old one stays in the history)."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, product: ProductRow,
                 current: QualityStandard | None):
        super().__init__(parent, runner, _("Estándar de calidad: %(product)s") % {"product": product.name})
        self.product = product
        current = current or QualityStandard()
        self._rate = current.rate_per_point
        self.product_label = self.add_field("product_code", _("Producto:"), QLabel(product.name), focusable=False)
        self.valid_from = self.add_field("valid_from", _("Vigente desde:"), date_edit(self.runner.today()))
        self.add_section(_("Humedad"))
        self.humidity = self.add_field("standard_humidity", _("Humedad estándar (%):"), number_edit(_("Ej. 7.5")))
        self.method = self.add_field("method", _("Descuento de humedad:"),
                                     choice_combo([(m.value, method_name(m)) for m in HumidityMethod]))
        self.method.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.rate = self.add_field("rate_per_point", _("Descuento por punto (%):"), number_edit("1"))
        self.conversion_hint = QLabel(_("kg de %(form)s por cada kg de este producto; 1 si no se convierte") % {
            "form": reference_form(product.crop)})
        self.conversion_hint.setStyleSheet("color: #4a4a4a;")
        self.conversion = self.add_field("conversion", _("Factor de conversión:"), number_edit("1"),
                                         beside=self.conversion_hint)
        self.example = QLabel()
        self.example.setWordWrap(True)
        self.example.setTextFormat(Qt.TextFormat.PlainText)
        self.example.setStyleSheet(f"color: {OK_COLOR}; font-weight: bold;")
        self.form.addRow(_("Ejemplo:"), self.example)

        self.add_section(_("Grados"))
        rule = QLabel(_("A cada entrega le toca el primer grado cuyas condiciones cumple su muestra; deje en blanco "
                        "lo que no se exige. Termine con un grado sin condiciones para el resto."))
        rule.setWordWrap(True)
        self.form.addRow(rule)
        self.grades = GradesTable()
        add_button = QPushButton(_("Agregar fila"))
        remove_button = QPushButton(_("Quitar fila"))
        for button in (add_button, remove_button):
            button.setAutoDefault(False)
        add_button.clicked.connect(self.add_grade)
        remove_button.clicked.connect(self.remove_grade)
        self.add_button, self.remove_button = add_button, remove_button
        buttons = QWidget()
        column = QVBoxLayout(buttons)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(add_button)
        column.addWidget(remove_button)
        column.addStretch(1)
        self.add_field("grades", _("Tabla:"), self.grades, beside=buttons)
        self.grades.itemChanged.connect(lambda _item: self._clear_problem("grades"))  # as every field does

        if current.standard_humidity is not None:
            self.humidity.setText(plain(current.standard_humidity))
        select_value(self.method, current.method)
        self.rate.setText(plain(current.rate_per_point))
        self.conversion.setText(plain(current.conversion))
        self.grades.set_grades(current.grades)
        shown = shown_grade_columns(product.crop, current.grades)
        for i in range(len(GRADE_COLUMNS)):
            self.grades.setColumnHidden(i, i not in shown)

        for edit in (self.humidity, self.rate, self.conversion):
            edit.textChanged.connect(self.show_example)
        self.method.currentIndexChanged.connect(self._method_chosen)
        self._method_chosen()
        self.setMinimumWidth(self._table_width() + 260)

    def _table_width(self) -> int:
        widths = sum(self.grades.columnWidth(i) for i in range(len(GRADE_COLUMNS)) if not self.grades.isColumnHidden(i))
        return widths + self.grades.verticalHeader().sizeHint().width() + 40

    # -- live --------------------------------------------------------------------------

    def _method_chosen(self) -> None:
        per_point = combo_value(self.method) == HumidityMethod.PER_POINT
        self.rate.setEnabled(per_point)
        self.form.setRowVisible(self.rate.parentWidget(), per_point)
        self.show_example()

    def typed_standard(self) -> QualityStandard | None:
        """The standard as typed so far (without the grades), or None if a number cannot be read."""
        method = combo_value(self.method) or HumidityMethod.NONE
        humidity_text = self.humidity.text().strip()
        humidity, bad = (None, []) if not humidity_text else read_decimal(humidity_text, "standard_humidity")
        rate, bad_rate = (read_decimal(self.rate.text(), "rate_per_point", ONE) if method == HumidityMethod.PER_POINT
                          else (self._rate, []))
        conversion, bad_conversion = read_decimal(self.conversion.text(), "conversion", ONE)
        if bad or bad_rate or bad_conversion:
            return None
        return QualityStandard(humidity, method, rate, conversion)

    def show_example(self) -> None:
        standard = self.typed_standard()
        if standard is None:
            self.example.setText(_("Escriba los números para ver un ejemplo."))
        elif standard.method != HumidityMethod.NONE and standard.standard_humidity is None:
            self.example.setText(_("Escriba la humedad estándar para ver un ejemplo."))
        else:
            self.example.setText(example_text(standard, self.product.crop))

    # -- the grade rows ------------------------------------------------------------------

    def add_grade(self) -> None:
        """A row under the current one (grades are tried in order), ready to type its name."""
        current = self.grades.currentRow()
        row = self.grades.add_row(at=current + 1 if current >= 0 else None)
        self.grades.setCurrentCell(row, 0)
        self.grades.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_grade(self) -> None:
        row = self.grades.currentRow()
        if row >= 0:
            self.grades.removeRow(row)

    # -- saving ----------------------------------------------------------------------------

    def prepare(self) -> Callable:
        parser = NumberParser()
        method = combo_value(self.method)
        humidity = (parser.decimal("standard_humidity", self.humidity) if self.humidity.text().strip() else None)
        rate = parser.decimal("rate_per_point", self.rate, ONE) if method == HumidityMethod.PER_POINT else self._rate
        conversion = parser.decimal("conversion", self.conversion, ONE)
        self.grades.drop_blank_rows()
        grades, problems = self.grades.read()
        parser.problems += problems
        standard = QualityStandard(humidity, method, rate, conversion, tuple(grades))
        if parser.problems:  # with the rest the core would say, so every problem shows at once
            read = {p.field for p in parser.problems}
            parser.problems += [p for p in check_standard(standard) if p.field not in read]
        parser.check()
        code, day = self.product.code, self.valid_from.date().toPython()
        return lambda book: book.prices.set_standard(code, day, standard)


class CollectionPointDialog(FormDialog):
    """Nuevo centro de acopio: its code, its name and the series of its tickets."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, points: Sequence[PointRow] = ()):
        super().__init__(parent, runner, _("Nuevo centro de acopio"))
        intro = QLabel(_("Cada centro numera sus propios tickets con su serie: 002-000001, 002-000002…"))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.code = self.add_field("code", _("Código:"), QLineEdit())
        self.code.setMaxLength(limits.CODE)
        self.code.setPlaceholderText(_("Por ejemplo: LP"))
        self.name = self.add_field("name", _("Nombre:"), QLineEdit())
        self.name.setMaxLength(limits.NAME)
        self.name.setPlaceholderText(_("Por ejemplo: Acopio Las Piedras"))
        self.series = self.add_field("series", _("Serie de tickets:"), QLineEdit())
        self.series.setMaxLength(4)
        self.series.setMaximumWidth(self.series.fontMetrics().horizontalAdvance("00000") + 24)
        self.series.setText(next_series(points))
        self.setMinimumWidth(480)

    def prepare(self):
        code, name, series = self.code.text(), self.name.text(), self.series.text()
        return lambda book: book.collection_points.add(code, name, series)


def next_series(points: Sequence[PointRow]) -> str:
    """The number after the highest numeric series: 001, 002 → 003."""
    numbers = [int(p.series) for p in points if p.series.isdigit()]
    return f"{max(numbers) + 1:03d}" if numbers and max(numbers) < 999 else ("001" if not numbers else "")


class DebtLimitDialog(FormDialog):
    """The debt above which intake warns; blank: no limit."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, current: Decimal | None):
        super().__init__(parent, runner, _("Límite de deuda"))
        intro = QLabel(_("Al registrar una entrega se avisa si el socio debe más que este monto. Es solo un aviso: "
                         "la entrega se registra igual. Deje en blanco para no avisar."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.limit = self.add_field("debt_limit", _("Límite (S/):"), number_edit(_("Sin límite"), width_chars=14))
        if current is not None:
            self.limit.setText(format(current.quantize(Decimal("0.01")), "f"))
        self.setMinimumWidth(460)

    def prepare(self):
        parser = NumberParser()
        limit = parser.decimal("debt_limit", self.limit) if self.limit.text().strip() else None
        parser.check()
        return lambda book: book.settings.set_debt_limit(limit)


def grade_codes(standard: QualityStandard | None) -> list[str]:
    return [g.code for g in standard.grades] if standard else []


def refresh_choices(combo: QComboBox, products: Sequence[ProductRow]) -> None:
    set_choices(combo, [(p.code, p.name) for p in products])
    if combo.currentIndex() < 0 and products:
        combo.setCurrentIndex(0)
