"""Informes › «Registros de ventas y compras…»: the registers of sales (PLE 14.1) and
purchases (8.1) of a month on screen, with each line's base, IGV and total and the
acto cooperativo apart, and «Guardar archivos del PLE» (SUNAT's .txt files, as
``coopdesk registers --month … --out …``). The same core calls as the CLI
(``book.registers``); the reading and the writing run on the worker."""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.domain import registers as R
from coopdesk.gui.kit.rows import LOADED_ORDER, RowsModel, SortableColumn, sorted_table
from coopdesk.gui.kit.table_models import RIGHT
from coopdesk.gui.ledger.ledger_dialogs import choose_folder, period_name
from coopdesk.i18n import N_, _, describe
from coopdesk.i18n.formatting import format_date, format_money

TAX_NAMES = {R.GRAVADO: N_("gravado"), R.EXONERADO: N_("exonerado"), R.INAFECTO: N_("inafecto"),
             R.EXPORTACION: N_("exportación")}
MONTHS_SHOWN = 24


def _money(cents: int) -> str:
    return format_money(Decimal(cents).scaleb(-2))


def _comprobante(line: R.RegisterLine) -> str:
    return f"{line.comprobante} {line.series}-{line.doc_number}"


def _modifies(line: R.RegisterLine) -> str:
    if line.modifies is None:
        return ""
    day, kind, series, number = line.modifies
    return f"{kind} {series}-{number} ({format_date(day)})"


def columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Fecha"), lambda s: format_date(s.day), sample="30/04/2026", key=LOADED_ORDER),
        SortableColumn(_("Comprobante"), _comprobante, sample="01 F001-00001234", key=_comprobante),
        SortableColumn(_("RUC o DNI"), lambda s: s.party_number, sample="20456789014"),
        SortableColumn(_("Nombre o razón social"), lambda s: s.party_name, sample="Exportadora del Sur S.A.C."),
        SortableColumn(_("Operación"), lambda s: _("acto cooperativo") if s.cooperative_act else _("no cooperativo"),
                       sample="acto cooperativo"),
        SortableColumn(_("IGV"), lambda s: _(TAX_NAMES.get(s.tax, s.tax)), sample="exportación"),
        SortableColumn(_("Base o valor"), lambda s: _money(s.base_and_igv[0]), RIGHT, "S/ 99,999.99",
                       key=lambda s: s.base_and_igv[0]),
        SortableColumn(_("IGV"), lambda s: _money(s.base_and_igv[1]), RIGHT, "S/ 9,999.99",
                       key=lambda s: s.base_and_igv[1]),
        SortableColumn(_("Total"), lambda s: _money(s.total_cents), RIGHT, "S/ 99,999.99",
                       key=lambda s: s.total_cents),
        SortableColumn(_("Moneda"), lambda s: s.currency, sample="USD"),
        SortableColumn(_("Modifica a"), _modifies, sample="01 F001-000046 (10/04/2026)"),
    ]


def totals_text(totals: R.Totals) -> str:
    parts = []
    for words, group in ((_("Acto cooperativo"), totals.cooperative), (_("No cooperativo"), totals.other)):
        for tax, (base, igv) in sorted(group.items()):
            parts.append(_("%(group)s, %(tax)s: base %(base)s, IGV %(igv)s") % {
                "group": words, "tax": _(TAX_NAMES.get(tax, tax)), "base": _money(base), "igv": _money(igv)})
    return "\n".join(parts) or _("Sin comprobantes en el mes.")


class RegistersDialog(QDialog):
    def __init__(self, parent, runner, folder: str = ""):
        super().__init__(parent)
        self.runner = runner
        self.message = ""
        self.written: list = []
        self.setWindowTitle(_("Registros de ventas y compras"))
        self.month = QComboBox()
        today = runner.today()
        year, month = today.year, today.month
        for _n in range(MONTHS_SHOWN):
            self.month.addItem(period_name((year, month)), (year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        self.month.currentIndexChanged.connect(lambda _i: self.load())
        self.tabs = QTabWidget()
        self.models: dict[str, RowsModel] = {}
        self.totals: dict[str, QLabel] = {}
        for libro in (R.VENTAS, R.COMPRAS):
            cols = columns()
            model = RowsModel(cols, search_key=lambda s: f"{s.party_number} {s.party_name} {_comprobante(s)}",
                              parent=self)
            table = sorted_table(model, cols, 3, f"{libro.number} {libro.title}")
            table.setSortingEnabled(True)
            table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # as the core lists them
            total = QLabel()
            total.setWordWrap(True)
            page = QWidget()
            column = QVBoxLayout(page)
            column.addWidget(table, 1)
            column.addWidget(total)
            self.tabs.addTab(page, f"{libro.number} {_(libro.title)}")
            self.models[libro.number], self.totals[libro.number] = model, total
        self.folder = QLineEdit(folder)
        self.folder.setPlaceholderText(_("Carpeta donde se guardan los archivos"))
        choose = QPushButton(_("Elegir…"))
        choose.clicked.connect(self._choose)
        self.save_button = QPushButton(_("Guardar archivos del PLE"))
        self.save_button.clicked.connect(self.save_files)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Periodo:")))
        top.addWidget(self.month, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(_("Carpeta:")))
        bottom.addWidget(self.folder, 1)
        bottom.addWidget(choose)
        bottom.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(1000, 560)
        self.load()

    def period(self) -> tuple[int, int]:
        return self.month.currentData()

    def choose_period(self, year: int, month: int) -> None:
        index = self.month.findData((year, month))
        if index < 0:
            self.month.addItem(period_name((year, month)), (year, month))
            index = self.month.count() - 1
        self.month.setCurrentIndex(index)

    def load(self) -> None:
        year, month = self.period()

        def read(book):
            out = {}
            for libro in (R.VENTAS, R.COMPRAS):
                lines = book.registers.lines(libro, year, month)
                out[libro.number] = (R.ordered(lines), R.totals(lines))
            return out

        self.runner.run(read, self._loaded, self._failed, owner=self)

    def _loaded(self, registers: dict) -> None:
        for number, (lines, totals) in registers.items():
            self.models[number].set_rows(lines)
            self.totals[number].setText(totals_text(totals))

    def _choose(self) -> None:
        chosen = choose_folder(self, self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save_files(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self._say(_("Elija la carpeta donde se guardan los archivos."))
            return
        year, month = self.period()
        self.save_button.setEnabled(False)
        self.runner.run(lambda book: book.registers.write_month(year, month, folder), self._written, self._failed,
                        after=lambda: self.save_button.setEnabled(True), owner=self)

    def _written(self, paths: Sequence) -> None:
        self.written = list(paths)
        self._say(_("Archivos guardados: %(files)s") % {"files": ", ".join(p.name for p in paths)})

    def _failed(self, exc: Exception) -> None:
        self._say("\n".join(describe(p) for p in getattr(exc, "problems", ())) or str(exc))

    def _say(self, text: str) -> None:
        self.message = text
        self.status.setText(text)

    @classmethod
    def ask(cls, parent, runner) -> None:
        dialog = cls(parent, runner)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


def open_registers(parent, runner) -> None:
    RegistersDialog.ask(parent, runner)


__all__ = ["RegistersDialog", "open_registers"]
