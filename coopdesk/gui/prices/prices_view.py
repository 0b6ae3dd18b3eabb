"""Precios y calidad: the treasurer's tables, one tab each, as sheets of a workbook.

* Precios: the advance prices in force (and those that start later); «Ver el
  historial completo» lists every price ever recorded, with who and when.
  Prices are never edited: «Nuevo precio…» records one that takes over from its date.
* Calidad: a product's quality standard in force (humidity discount, conversion,
  grade table) with an example in words, and every standard it has had.
* Centros de acopio: each with the series of its tickets.
* Límite de deuda: the debt above which intake warns, and who set it when.

Everything is read on the worker in one go when the screen is shown, and again
after any change to the reference tables (``Changes.reference``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Sequence
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.collection_points import PointRow
from coopdesk.core.dto import ProductRow
from coopdesk.core.prices import StandardVersion
from coopdesk.core.settings import DEBT_LIMIT, SettingChange
from coopdesk.domain.quality import Grade, HumidityMethod, PriceEntry, QualityStandard
from coopdesk.gui.deliveries.delivery_dialog import TICKET_SERIES
from coopdesk.gui.kit.rows import RowsModel, SortableColumn, sorted_table
from coopdesk.gui.prices.prices_dialogs import (
    GRADE_COLUMNS,
    CollectionPointDialog,
    DebtLimitDialog,
    PriceDialog,
    StandardDialog,
    certification_name,
    conversion_text,
    example_text,
    grade_cell,
    grade_codes,
    grade_name,
    method_name,
    percent,
    price_text,
    refresh_choices,
    shown_grade_columns,
)
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.table_models import CENTER, RIGHT
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import combo_value
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

HINT_STYLE = "color: #4a4a4a;"


def when(moment: object) -> str:
    """26/11/2026 10:30; '' when unknown."""
    if isinstance(moment, datetime):
        return f"{format_date(moment.date())} {moment:%H:%M}"
    return format_date(moment) if isinstance(moment, date) else ""


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("font-weight: bold; font-size: 11pt;")
    return label


@dataclass(frozen=True)
class PricesData:
    """What the screen shows, read on the worker in one go."""

    today: date
    products: list[ProductRow]
    entries: list[PriceEntry]                      # every price ever recorded, newest date first
    in_force: list[PriceEntry]                     # today's, by product, grade and certification
    standards: dict[str, list[StandardVersion]]    # per product, newest first
    points: list[PointRow]
    debt_limit: Decimal | None
    debt_history: list[SettingChange]
    names: dict[str, str] = field(default_factory=dict)

    def standard_in_force(self, code: str) -> StandardVersion | None:
        """As ``book.prices.standard``: the latest from a date not after today."""
        return next((v for v in self.standards.get(code, []) if v.valid_from <= self.today), None)


def read_prices(book) -> PricesData:
    """On the worker."""
    today = book.clock.today()
    products = book.products.list()
    standards: dict[str, list[StandardVersion]] = {}
    for version in book.prices.standard_history():
        standards.setdefault(version.product_code, []).append(version)
    return PricesData(today, products, book.prices.entries(), book.prices.in_force(today), standards,
                      book.collection_points.list(), book.settings.debt_limit, book.settings.history(DEBT_LIMIT),
                      {p.code: p.name for p in products})


@dataclass(frozen=True)
class PriceLine:
    """A price with its state today: vigente, programado (starts later) or reemplazado."""

    entry: PriceEntry
    product: str
    product_order: int
    state: str


def state_name(state: str) -> str:
    return {"vigente": _("Vigente"), "programado": _("Programado"), "reemplazado": _("Reemplazado")}[state]


def price_lines(data: PricesData, history: bool) -> list[PriceLine]:
    in_force = {e.id for e in data.in_force}
    order = {p.code: i for i, p in enumerate(data.products)}

    def state(entry: PriceEntry) -> str:
        if entry.id in in_force:
            return "vigente"
        return "programado" if entry.valid_from > data.today else "reemplazado"

    lines = [PriceLine(e, data.names.get(e.product_code, e.product_code), order.get(e.product_code, len(order)),
                       state(e)) for e in data.entries]
    return lines if history else [line for line in lines if line.state != "reemplazado"]


def price_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Producto"), lambda r: r.product, sample="Café pergamino seco",
                       key=lambda r: (r.product_order, r.entry.grade, r.entry.certification, r.entry.valid_from)),
        SortableColumn(_("Calidad"), lambda r: grade_name(r.entry.grade), align=CENTER, sample="EXPORTABLE",
                       key=lambda r: r.entry.grade),
        SortableColumn(_("Certificación"), lambda r: certification_name(r.entry.certification),
                       sample=_("En transición"), key=lambda r: certification_name(r.entry.certification)),
        SortableColumn(_("Desde"), lambda r: format_date(r.entry.valid_from), align=CENTER, sample="00/00/0000",
                       key=lambda r: (r.entry.valid_from, r.entry.id)),
        SortableColumn(_("Precio"), lambda r: price_text(r.entry.price, r.entry.unit), align=RIGHT,
                       sample="S/ 00,000.00 por qq", key=lambda r: r.entry.price),
        SortableColumn(_("Estado"), lambda r: state_name(r.state), align=CENTER, sample=_("Reemplazado"),
                       key=lambda r: r.state),
        SortableColumn(_("Registrado por"), lambda r: r.entry.recorded_by, sample="tesorera.cooperativa",
                       key=lambda r: r.entry.recorded_by),
        SortableColumn(_("Registrado el"), lambda r: when(r.entry.recorded_at), align=CENTER,
                       sample="00/00/0000 00:00", key=lambda r: (r.entry.recorded_at or datetime.min, r.entry.id)),
        SortableColumn(_("Nota"), lambda r: r.entry.note, sample=_("Por ejemplo: subió la bolsa de Nueva York"),
                       tooltip=lambda r: r.entry.note),
    ]


def grade_columns() -> list[SortableColumn]:
    return [SortableColumn(_(c.title), lambda g, c=c: grade_cell(g, c), align=CENTER if i == 0 else RIGHT,
                           sample="EXPORTABLE" if i == 0 else "000.00 %")
            for i, c in enumerate(GRADE_COLUMNS)]


@dataclass(frozen=True)
class VersionLine:
    version: StandardVersion
    state: str


def standard_columns() -> list[SortableColumn]:
    def humidity(s: QualityStandard) -> str:
        return percent(s.standard_humidity) if s.standard_humidity is not None else "—"

    def grades(s: QualityStandard) -> str:
        return ", ".join(g.code for g in s.grades) or "—"

    return [
        SortableColumn(_("Desde"), lambda r: format_date(r.version.valid_from), align=CENTER, sample="00/00/0000"),
        SortableColumn(_("Estado"), lambda r: state_name(r.state), align=CENTER, sample=_("Reemplazado")),
        SortableColumn(_("Humedad estándar"), lambda r: humidity(r.version.standard), align=RIGHT, sample="00.0 %"),
        SortableColumn(_("Descuento de humedad"), lambda r: method_name(r.version.standard.method),
                       sample=_("Un porcentaje por punto de humedad")),
        SortableColumn(_("Grados"), lambda r: grades(r.version.standard), sample="EXPORTABLE, SEGUNDA",
                       tooltip=lambda r: grades(r.version.standard)),
        SortableColumn(_("Registrado por"), lambda r: r.version.recorded_by, sample="tesorera.cooperativa"),
        SortableColumn(_("Registrado el"), lambda r: when(r.version.recorded_at), align=CENTER,
                       sample="00/00/0000 00:00"),
    ]


def point_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Código"), lambda p: p.code, sample="PLANTA-PM", key=lambda p: p.code),
        SortableColumn(_("Nombre"), lambda p: p.name, sample="Planta Puerto Maldonado", key=lambda p: p.name),
        SortableColumn(_("Serie"), lambda p: p.series, align=CENTER, sample="0000", key=lambda p: p.series),
    ]


def limit_text(value: str | Decimal | None) -> str:
    if value is None or value == "":
        return _("Sin límite")
    return format_money(Decimal(value))


def debt_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Límite"), lambda c: limit_text(c.value), align=RIGHT, sample="S/ 000,000.00"),
        SortableColumn(_("Fijado por"), lambda c: c.recorded_by, sample="tesorera.cooperativa"),
        SortableColumn(_("Fijado el"), lambda c: when(c.recorded_at), align=CENTER, sample="00/00/0000 00:00"),
    ]


class PricesView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.data: PricesData | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._prices_tab(), _("Precios"))
        self.tabs.addTab(self._quality_tab(), _("Calidad"))
        self.tabs.addTab(self._points_tab(), _("Centros de acopio"))
        self.tabs.addTab(self._debt_tab(), _("Límite de deuda"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.tabs)
        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self.on_changes(Changes(reference=True)))
        self._enable(False)

    # -- the tabs ---------------------------------------------------------------------

    def _prices_tab(self) -> QWidget:
        self.new_price_button = QPushButton(_("Nuevo precio…"))
        self.new_price_button.clicked.connect(self.new_price)
        self.history_check = QCheckBox(_("Ver el historial completo"))
        self.history_check.setToolTip(_("Todos los precios registrados, también los reemplazados, con quién y "
                                        "cuándo los registró"))
        self.history_check.toggled.connect(lambda _on: self._show_prices())
        self.prices_title = heading(_("Precios vigentes"))
        self.prices_count = QLabel()
        columns = price_columns()
        self.prices_model = RowsModel(columns, parent=self)
        self.prices_table = sorted_table(self.prices_model, columns, stretch=0, title=_("Precios de adelanto"))
        self.prices_table.setSortingEnabled(True)
        self.prices_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        tools = QHBoxLayout()
        tools.addWidget(self.new_price_button)
        tools.addSpacing(16)
        tools.addWidget(self.history_check)
        tools.addStretch(1)
        tools.addWidget(self.prices_count)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.prices_title)
        column.addWidget(hint(_("Los precios de adelanto no se corrigen: un precio nuevo reemplaza al anterior desde "
                                "su fecha y el anterior queda en el historial. Un precio para «Todas» las calidades se "
                                "multiplica por el factor del grado de cada entrega (vea la pestaña Calidad).")))
        column.addLayout(tools)
        column.addWidget(self.prices_table, 1)
        return page

    def _quality_tab(self) -> QWidget:
        self.product = QComboBox()
        self.product.currentIndexChanged.connect(lambda _i: self._show_standard())
        self.change_standard_button = QPushButton(_("Cambiar estándar…"))
        self.change_standard_button.clicked.connect(self.change_standard)
        choose = QHBoxLayout()
        product_label = QLabel(_("Producto:"))
        product_label.setBuddy(self.product)
        choose.addWidget(product_label)
        choose.addWidget(self.product)
        choose.addSpacing(16)
        choose.addWidget(self.change_standard_button)
        choose.addStretch(1)

        self.standard_title = heading("")
        self.standard_box = QWidget()
        summary = QFormLayout(self.standard_box)
        summary.setContentsMargins(12, 0, 0, 0)
        summary.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.humidity_label, self.method_label = QLabel(), QLabel()
        self.conversion_label, self.recorded_label = QLabel(), QLabel()
        self.example_label = QLabel()
        self.example_label.setStyleSheet("font-weight: bold; color: #1b5e20;")
        for shown in (self.humidity_label, self.method_label, self.conversion_label, self.recorded_label,
                      self.example_label):
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
        summary.addRow(_("Humedad estándar:"), self.humidity_label)
        summary.addRow(_("Descuento de humedad:"), self.method_label)
        summary.addRow(_("Factor de conversión:"), self.conversion_label)
        summary.addRow(_("Ejemplo:"), self.example_label)
        summary.addRow(_("Registrado:"), self.recorded_label)
        self.no_standard = hint("")
        self.no_standard.setTextFormat(Qt.TextFormat.PlainText)

        columns = grade_columns()
        self.grades_model = RowsModel(columns, parent=self)
        self.grades_table = sorted_table(self.grades_model, columns, stretch=0)
        self.grades_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grades_table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.grades_title = heading(_("Grados"))
        self.grades_hint = hint(_("A cada entrega le toca el primer grado cuyas condiciones cumple su muestra. El "
                                  "factor multiplica el precio registrado para «Todas» las calidades."))
        columns = standard_columns()
        self.history_model = RowsModel(columns, parent=self)
        self.history_table = sorted_table(self.history_model, columns, stretch=4, title=_("Historial de precios"))

        page = QWidget()
        column = QVBoxLayout(page)
        column.addLayout(choose)
        column.addSpacing(6)
        column.addWidget(self.standard_title)
        column.addWidget(self.standard_box)
        column.addWidget(self.no_standard)
        column.addSpacing(6)
        column.addWidget(self.grades_title)
        column.addWidget(self.grades_hint)
        column.addWidget(self.grades_table, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(6)
        column.addWidget(heading(_("Historial del estándar")))
        column.addWidget(self.history_table, 1)
        return page

    def _points_tab(self) -> QWidget:
        self.new_point_button = QPushButton(_("Nuevo centro…"))
        self.new_point_button.clicked.connect(self.new_point)
        columns = point_columns()
        self.points_model = RowsModel(columns, parent=self)
        self.points_table = sorted_table(self.points_model, columns, stretch=1, title=_("Centros de acopio"))
        self.points_table.setSortingEnabled(True)
        self.points_table.setMinimumWidth(640)  # a short list: no need for the whole width
        self.points_table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.points_hint = hint("")
        tools = QHBoxLayout()
        tools.addWidget(self.new_point_button)
        tools.addStretch(1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading(_("Centros de acopio")))
        column.addWidget(self.points_hint)
        column.addLayout(tools)
        column.addWidget(self.points_table, 1, Qt.AlignmentFlag.AlignLeft)
        return page

    def _debt_tab(self) -> QWidget:
        self.debt_value = QLabel()
        self.debt_value.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.debt_value.setTextFormat(Qt.TextFormat.PlainText)
        self.debt_recorded = hint("")
        self.debt_button = QPushButton(_("Cambiar…"))
        self.debt_button.clicked.connect(self.change_debt_limit)
        value_row = QHBoxLayout()
        value_row.addWidget(self.debt_value)
        value_row.addSpacing(24)
        value_row.addWidget(self.debt_button)
        value_row.addStretch(1)
        columns = debt_columns()
        self.debt_model = RowsModel(columns, parent=self)
        self.debt_table = sorted_table(self.debt_model, columns, stretch=1)
        self.debt_table.setMinimumWidth(560)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading(_("Límite de deuda para avisar en la recepción")))
        column.addWidget(hint(_("Al registrar una entrega se avisa si el socio debe más que este monto. Es solo un "
                                "aviso: la entrega se registra igual.")))
        column.addLayout(value_row)
        column.addWidget(self.debt_recorded)
        column.addSpacing(12)
        column.addWidget(heading(_("Historial")))
        column.addWidget(self.debt_table, 1, Qt.AlignmentFlag.AlignLeft)
        return page

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        self.runner.run(read_prices, self._loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.reference:
            self.when_visible(self.reload)

    def _enable(self, enabled: bool) -> None:
        for button in (self.new_price_button, self.change_standard_button, self.new_point_button, self.debt_button):
            button.setEnabled(enabled)

    def _loaded(self, data: PricesData) -> None:
        self.data = data
        self.product.blockSignals(True)
        refresh_choices(self.product, data.products)
        self.product.blockSignals(False)
        self._show_prices()
        self._show_standard()
        self._show_points()
        self._show_debt()
        self._enable(True)
        self.change_standard_button.setEnabled(bool(combo_value(self.product)))

    def _show_prices(self) -> None:
        if self.data is None:
            return
        history = self.history_check.isChecked()
        lines = price_lines(self.data, history)
        self.prices_model.set_rows(lines)
        if history:  # the audit: the last recorded first
            self.prices_title.setText(_("Historial de precios"))
            self.prices_table.sortByColumn(len(price_columns()) - 1, Qt.SortOrder.DescendingOrder)
        else:
            self.prices_title.setText(_("Precios vigentes"))
            self.prices_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        if lines:
            self.prices_count.setText(ngettext("%(n)s precio", "%(n)s precios", len(lines)) % {
                "n": format_number(len(lines))})
        else:
            self.prices_count.setText(_("Aún no hay precios: registre el primero con «Nuevo precio…»."))

    def _show_standard(self) -> None:
        data = self.data
        code = combo_value(self.product)
        if data is None or not code:
            return
        product = next(p for p in data.products if p.code == code)
        version = data.standard_in_force(code)
        standard = version.standard if version else None
        if version is None:
            self.standard_title.setText(_("Sin estándar de calidad"))
            self.standard_box.hide()
            self.no_standard.setText(_("%(product)s no tiene estándar de calidad vigente: no se descuenta humedad y la "
                                       "calidad se escribe a mano en cada entrega. Elija «Cambiar estándar…» para "
                                       "fijarlo.") % {"product": product.name})
            self.no_standard.show()
        else:
            self.no_standard.hide()
            self.standard_box.show()
            self.standard_title.setText(_("Estándar vigente desde el %(date)s") % {
                "date": format_date(version.valid_from)})
            self.humidity_label.setText(percent(standard.standard_humidity) if standard.standard_humidity is not None
                                        else _("No se fijó"))
            method = method_name(standard.method)
            if standard.method == HumidityMethod.PER_POINT:
                method = _("%(method)s: %(rate)s del peso por cada punto sobre el estándar") % {
                    "method": method, "rate": percent(standard.rate_per_point)}
            self.method_label.setText(method)
            self.conversion_label.setText(conversion_text(standard.conversion, product.crop))
            self.example_label.setText(example_text(standard, product.crop))
            self.recorded_label.setText(_("por %(who)s el %(when)s") % {
                "who": version.recorded_by or _("(sin usuario)"), "when": when(version.recorded_at)})
        grades = standard.grades if standard else ()
        self.grades_model.set_rows(list(grades))
        shown = shown_grade_columns(product.crop, grades)
        for i in range(len(GRADE_COLUMNS)):
            self.grades_table.setColumnHidden(i, i not in shown)
        self.grades_title.setVisible(bool(grades))
        self.grades_hint.setVisible(bool(grades))
        self.grades_table.setVisible(bool(grades))
        self._fit_grades(grades)
        in_force_id = version.id if version else None
        self.history_model.set_rows([
            VersionLine(v, "vigente" if v.id == in_force_id else
                        ("programado" if v.valid_from > data.today else "reemplazado"))
            for v in data.standards.get(code, [])])

    def _fit_grades(self, grades: Sequence[Grade]) -> None:
        """The grade table as large as its rows and shown columns, as a small sheet."""
        table, rows = self.grades_table, len(grades)
        metrics = table.fontMetrics()
        table.setColumnWidth(0, max([table.horizontalHeader().fontMetrics().horizontalAdvance(_("Grado")) + 24]
                                    + [metrics.horizontalAdvance(g.code) + 24 for g in grades]))
        width = sum(table.columnWidth(i) for i in range(len(GRADE_COLUMNS)) if not table.isColumnHidden(i))
        height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().defaultSectionSize() * max(
            1, min(rows, 10))
        frame = table.frameWidth() * 2
        scroll = table.verticalScrollBar().sizeHint().width() if rows > 10 else 0
        table.setFixedSize(width + frame + scroll, height + frame)

    def _show_points(self) -> None:
        points = self.data.points
        self.points_model.set_rows(points)
        if points:
            self.points_hint.setText(_("Cada centro numera sus propios tickets con su serie: 002-000001, "
                                       "002-000002…"))
        else:
            self.points_hint.setText(_("Aún no hay centros de acopio: todos los tickets usan la serie %(series)s. "
                                       "Registre cada centro con «Nuevo centro…».") % {"series": TICKET_SERIES})

    def _show_debt(self) -> None:
        data = self.data
        self.debt_value.setText(limit_text(data.debt_limit))
        if data.debt_history:
            last = data.debt_history[0]
            self.debt_recorded.setText(_("Fijado por %(who)s el %(when)s.") % {
                "who": last.recorded_by or _("(sin usuario)"), "when": when(last.recorded_at)})
        else:
            self.debt_recorded.setText(_("Nunca se fijó: no se avisa de ninguna deuda."))
        self.debt_model.set_rows(data.debt_history)

    # -- the actions ---------------------------------------------------------------------

    def new_price(self) -> None:
        data = self.data
        if data is None:
            return
        grades = {p.code: grade_codes(v.standard if (v := data.standard_in_force(p.code)) else None)
                  for p in data.products}
        wanted = combo_value(self.product)
        if PriceDialog.ask(self, self.runner, data.products, grades, wanted) is not None:
            self.history_check.setChecked(False)
            self.status_message.emit(_("Precio registrado."))

    def change_standard(self) -> None:
        data = self.data
        code = combo_value(self.product)
        if data is None or not code:
            return
        product = next(p for p in data.products if p.code == code)
        version = data.standard_in_force(code)
        if StandardDialog.ask(self, self.runner, product, version.standard if version else None) is not None:
            self.status_message.emit(_("Estándar de calidad registrado."))

    def new_point(self) -> None:
        if self.data is None:
            return
        if CollectionPointDialog.ask(self, self.runner, self.data.points) is not None:
            self.status_message.emit(_("Centro de acopio registrado."))

    def change_debt_limit(self) -> None:
        if self.data is None:
            return
        if DebtLimitDialog.ask(self, self.runner, self.data.debt_limit) is not None:
            self.status_message.emit(_("Límite de deuda registrado."))
