"""Lotes (a tab of Parcelas): the warehouse's lots with their balance; the
selected lot's tickets (member, plot, kilos) and its trace back through every
lot upstream to the plots and members that contributed, and the sales that
carried it. «Nuevo lote…» and «Agregar tickets…» build lots (gui/plots/lot_dialogs.py,
the same core calls as «coopdesk lots»; docs/traceability.md)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from coopdesk.core.dto import ProductRow
from coopdesk.core.lots import LotDetail, LotRow, Trace
from coopdesk.gui.kit.rows import fill_table, static_table
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, label
from coopdesk.i18n.formatting import format_date, format_kg, format_number


@dataclass(frozen=True)
class LotView:
    detail: LotDetail
    trace: Trace


class LotsPanel(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.rows: list[LotRow] = []
        self.products: list[ProductRow] = []
        self.new_button = QPushButton(_("Nuevo lote…"))
        self.new_button.setToolTip(_("Crea un lote de un producto y una certificación"))
        self.new_button.clicked.connect(self.new_lot)
        self.add_button = QPushButton(_("Agregar tickets…"))
        self.add_button.setToolTip(_("Pone en el lote elegido los tickets que puede recibir"))
        self.add_button.clicked.connect(self.add_tickets)
        self.add_button.setEnabled(False)
        self.lots = static_table([_("Lote"), _("Fecha"), _("Producto"), _("Certificación"), _("Mercado"), _("Entró"),
                                  _("Despachó"), _("Queda")], [], right_from=5)
        self.lots.itemSelectionChanged.connect(self._selected)
        self.title = QLabel(_("Elija un lote."))
        self.title.setWordWrap(True)
        self.tickets = static_table([_("Ticket"), _("Fecha"), _("Socio"), _("Parcela"), _("Kg"), _("Equivalente")], [],
                                    right_from=4)
        self.plots = static_table([_("Socio"), _("Nombre"), _("Parcela"), _("Ubicación"), _("Ha declaradas"),
                                   _("Kg equivalentes")], [], right_from=4)
        self.sales = static_table([_("Venta"), _("Fecha"), _("Comprador"), _("Lote"), _("Kg")], [], right_from=4)
        tabs = QTabWidget()
        tabs.addTab(self.tickets, _("Tickets del lote"))
        tabs.addTab(self.plots, _("Parcelas que aportan (trazabilidad)"))
        tabs.addTab(self.sales, _("Ventas"))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.title)
        lower_layout.addWidget(tabs, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.add_button)
        actions.addStretch(1)
        upper_layout.addLayout(actions)
        upper_layout.addWidget(self.lots, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def reload(self, select: str = "") -> None:
        self.runner.run(lambda book: (book.lots.list(), book.products.list()),
                        lambda loaded: self._loaded(*loaded, select=select), owner=self)

    def _loaded(self, rows: list[LotRow], products: list[ProductRow] | None = None, select: str = "") -> None:
        self.rows = rows
        if products is not None:
            self.products = products
        fill_table(self.lots, [(r.code, format_date(r.date), r.product_name, label(r.certification),
                                _("UE") if r.eu_market else "", format_kg(r.entered), format_kg(r.shipped),
                                format_kg(r.available)) for r in rows], right_from=5)
        chosen = next((i for i, r in enumerate(rows) if r.code == select), -1)
        if chosen >= 0:
            self.lots.selectRow(chosen)
        self.add_button.setEnabled(0 <= self.lots.currentRow() < len(rows))

    def selected_lot(self) -> LotRow | None:
        row = self.lots.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def new_lot(self) -> None:
        from coopdesk.gui.plots.lot_dialogs import NewLotDialog

        dialog = NewLotDialog(self, self.runner, self.products)
        try:
            if dialog.exec():
                self.reload(select=dialog.created)
        finally:
            dialog.deleteLater()

    def add_tickets(self) -> None:
        lot = self.selected_lot()
        if lot is None:
            return
        # the dialog opens once this task is over: its own task could not start while this one is finishing
        self.runner.run(lambda book: book.lots.candidates(lot.code),
                        lambda found: QTimer.singleShot(0, self, lambda: self._offer(lot, found)), owner=self)

    def _offer(self, lot: LotRow, candidates) -> None:
        from coopdesk.gui.plots.lot_dialogs import AddTicketsDialog

        dialog = AddTicketsDialog(self, self.runner, lot, candidates)
        try:
            if dialog.exec():
                self.reload(select=lot.code)
        finally:
            dialog.deleteLater()

    def _selected(self) -> None:
        row = self.lots.currentRow()
        self.add_button.setEnabled(0 <= row < len(self.rows))
        if not 0 <= row < len(self.rows):
            return
        code = self.rows[row].code
        self.runner.run(lambda book: LotView(book.lots.show(code), book.lots.trace_lot(code)), self._show,
                        owner=self)

    def _show(self, view: LotView) -> None:
        lot, trace = view.detail.lot, view.trace
        self.title.setText(_("Lote %(code)s del %(date)s: %(product)s, %(certification)s.") % {
            "code": lot.code, "date": format_date(lot.date), "product": lot.product_name,
            "certification": label(lot.certification).lower()} + " " + _(
            "Trazado hacia atrás: %(lots)s.") % {"lots": ", ".join(r.code for r in trace.lots)})
        fill_table(self.tickets, [(t.ticket, format_date(t.date), f"{t.member_code} {t.member_name}",
                                   t.plot_name or _("sin parcela"), format_kg(t.kg), format_kg(t.equivalent))
                                  for t in view.detail.tickets], right_from=4)
        kinds = {"Point": _("punto"), "Polygon": _("polígono"), None: _("sin ubicación")}
        fill_table(self.plots, [(p.member_code, p.member_name, f"{p.name} (n.° {p.plot_id})", kinds[p.geometry_kind],
                                 format_number(p.hectares), format_kg(p.kg)) for p in trace.plots], right_from=4)
        fill_table(self.sales, [(str(s.sale_id) + (" " + _("(anulada)") if s.voided else ""), format_date(s.date),
                                 s.buyer, s.lot_code, format_kg(s.kg)) for s in view.detail.sales], right_from=4)
