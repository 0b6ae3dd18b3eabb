"""Building lots from the desk (a tab of Parcelas): «Nuevo lote…» and «Agregar
tickets…». The same core calls as «coopdesk lots create / add» (docs/traceability.md):
a lot holds one product and one certification; the tickets offered are those of
that product and certification, dated on or before the lot, with payable kilos
not yet in a lot. Checked tickets go in all together, or none does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.dto import ProductRow
from coopdesk.core.lots import Candidate, LotRow
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification
from coopdesk.domain.problems import Problem
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.rows import static_table
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit
from coopdesk.i18n import N_, _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_kg

ZERO_KG = Decimal("0.000")


class NewLotDialog(FormDialog):
    """``NewLotDialog.ask(parent, runner, products)``; ``created`` holds the new lot's code."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, products: Sequence[ProductRow]):
        super().__init__(parent, runner, _("Nuevo lote"), save_text=_("Crear lote"))
        self.created = ""
        today = runner.today()
        self.code = self.add_field("code", _("Código del lote:"), QLineEdit())
        self.code.setMaxLength(limits.CODE)
        self.code.setPlaceholderText(_("Por ejemplo: L-2026-001"))
        self.date = self.add_field("date", _("Fecha:"), date_edit(today, maximum=today))
        self.product = self.add_field("product_code", _("Producto:"), choice_combo(
            [(p.code, p.name) for p in products], _("Elija el producto…")))
        self.certification = self.add_field("certification", _("Certificación:"), choice_combo(
            [(c.value, label(c)) for c in Certification], _("Elija la certificación…")))
        self.eu_market = QCheckBox(_("Para el mercado de la Unión Europea"))
        self.eu_market.setToolTip(_("Reglamento (UE) 2023/1115: una parcela señalada por su revisión de "
                                    "deforestación solo entra con una excepción registrada."))
        self.add_field("eu_market", "", self.eu_market)
        self.note = self.add_field("note", _("Nota:"), QLineEdit())
        self.note.setMaxLength(limits.DESCRIPTION)
        self.note.setPlaceholderText(_("Opcional; por ejemplo: Almacén central"))
        explained = QLabel(_("Un lote guarda un solo producto y una sola certificación. Después de crearlo, "
                             "agréguele los tickets."))
        explained.setWordWrap(True)
        self.form.addRow(explained)
        self.setMinimumWidth(520)

    def prepare(self):
        code, day = self.code.text().strip(), self.date.date().toPython()
        product, certification = combo_value(self.product), combo_value(self.certification)
        problems = []
        if not product:
            problems.append(Problem("product_code", N_("Elija el producto.")))
        if not certification:
            problems.append(Problem("certification", N_("Elija la certificación del lote.")))
        if problems:
            raise InvalidInput(problems)
        eu, note = self.eu_market.isChecked(), self.note.text()
        self.created = code

        def work(book) -> Changes:
            book.lots.create(code, product, certification, day, note, eu_market=eu)
            return Changes()

        return work


class AddTicketsDialog(QDialog):
    """The tickets the lot may take, each with a box and its kilos left; «Agregar
    al lote» puts the checked ones in, each with all its kilos left."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, lot: LotRow, candidates: Sequence[Candidate]):
        super().__init__(parent)
        fit_on_show(self)
        self.runner, self.lot, self.candidates = runner, lot, list(candidates)
        self.added = ZERO_KG
        self.setWindowTitle(_("Agregar tickets al lote %(code)s") % {"code": lot.code})
        intro = QLabel(_("Tickets de %(product)s, %(certification)s, hasta el %(date)s, con kilos que todavía no "
                         "están en un lote. Marque los que entran: cada uno entra con todos sus kilos.") % {
            "product": lot.product_name, "certification": label(lot.certification).lower(),
            "date": format_date(lot.date)})
        intro.setWordWrap(True)
        self.table = static_table([_("Ticket"), _("Fecha"), _("Socio"), _("Parcela"), _("Kg disponibles")], [],
                                  right_from=4)
        self.table.setRowCount(len(self.candidates))
        for row, c in enumerate(self.candidates):
            values = (c.ticket, format_date(c.date), f"{c.member_code} {c.member_name}", c.plot_name or _("sin parcela"),
                      format_kg(c.left))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | (Qt.ItemFlag.ItemIsUserCheckable if column == 0 else Qt.ItemFlag.NoItemFlags))
                if column == 0:
                    item.setCheckState(Qt.CheckState.Unchecked)
                if column == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.itemChanged.connect(self._count)
        self.empty = QLabel(_("No hay tickets que este lote pueda recibir."))
        self.empty.setVisible(not self.candidates)
        self.all_button = QPushButton(_("Marcar todos"))
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton(_("Desmarcar todos"))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.total = QLabel()
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(_("Agregar al lote"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(_("Cancelar"), QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.clicked.connect(self.add)
        self.cancel_button.clicked.connect(self.reject)
        marks = QHBoxLayout()
        marks.addWidget(self.all_button)
        marks.addWidget(self.none_button)
        marks.addStretch(1)
        marks.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(marks)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self._count()

    def checked(self) -> list[Candidate]:
        return [c for row, c in enumerate(self.candidates)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(state)
        self.table.blockSignals(False)
        self._count()

    def _count(self, *_args) -> None:
        chosen = self.checked()
        kilos = sum((c.left for c in chosen), ZERO_KG)
        self.total.setText(ngettext("Marcado: %(n)s ticket, %(kg)s", "Marcados: %(n)s tickets, %(kg)s", len(chosen))
                           % {"n": len(chosen), "kg": format_kg(kilos)})
        self.add_button.setEnabled(bool(chosen))

    def add(self) -> None:
        chosen = [(c.ticket, None) for c in self.checked()]
        if not chosen:
            return
        self.add_button.setEnabled(False)
        code = self.lot.code

        def work(book) -> Changes:
            self.added = book.lots.add_tickets(code, chosen)
            return Changes()

        self.runner.mutate(work, lambda _changes: self.accept(), self._refused, owner=self)

    def _refused(self, exc: Exception) -> None:
        """A problem a person can fix (the runner sends only those here): nothing went in."""
        self.add_button.setEnabled(True)
        show_problems(self, exc.problems, _("No se agregó ningún ticket"))
