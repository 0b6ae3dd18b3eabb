"""Preferencias › «Compradores y proveedores…»: the registry of buyers and suppliers
(``book.parties``, as ``coopdesk parties``): the list, «Agregar…» and «Modificar…».
A RUC is checked by its módulo 11 digit and a DNI by its eight digits as they are
typed; what the core refuses is shown under its field and nothing is saved."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from coopdesk.core import Changes
from coopdesk.core.registers import PartyRow
from coopdesk.domain import registers as R
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.rows import RowsModel, SortableColumn, sorted_table
from coopdesk.gui.kit.widgets import choice_combo, combo_value, select_value
from coopdesk.i18n import N_, _

DOCUMENT_KINDS = ((R.RUC, N_("RUC (6)")), (R.DNI, N_("DNI (1)")),
                  (R.NO_DOMICILIADO, N_("Documento tributario extranjero, sin RUC (0)")))
LENGTHS = {R.RUC: 11, R.DNI: 8}


def document_problems_as_typed(kind: str, number: str) -> list:
    """The document's problems once they are certain while typing: a letter in a RUC or a
    DNI, more digits than it has, or all of them typed and a wrong check digit."""
    number = (number or "").strip().upper()
    if not number:
        return []
    length = LENGTHS.get(kind)
    if length is not None and number.isdigit() and len(number) < length:
        return []  # still being typed
    return [p for p in R.party_problems(kind, number, "-") if p.field == "document"]


class PartyDialog(FormDialog):
    def __init__(self, parent, runner, party: PartyRow | None = None):
        super().__init__(parent, runner, _("Modificar comprador o proveedor") if party else
                         _("Nuevo comprador o proveedor"))
        self.party = party
        self.kind = self.add_field("document_type", _("Documento:"),
                                   choice_combo([(code, _(text)) for code, text in DOCUMENT_KINDS]))
        self.document = self.add_field("document", _("Número:"), QLineEdit())
        self.document.setMaxLength(15)
        self.name = self.add_field("name", _("Nombre o razón social:"), QLineEdit())
        self.name.setMaxLength(100)
        select_value(self.kind, party.document_type if party else R.RUC)
        if party is not None:
            self.document.setText(party.document)
            self.name.setText(party.name)
        # after add_field's own connection, which clears the field's old problem first
        self.document.textChanged.connect(lambda _text: self.check_as_typed())
        self.kind.currentIndexChanged.connect(lambda _i: self.check_as_typed())
        self.setMinimumWidth(460)

    def check_as_typed(self) -> None:
        self.show_field_problems("document", document_problems_as_typed(combo_value(self.kind),
                                                                         self.document.text()))

    def prepare(self):
        kind, document, name = combo_value(self.kind), self.document.text(), self.name.text()
        party = self.party

        def work(book) -> Changes:
            if party is None:
                book.parties.add(kind, document, name)
            else:
                book.parties.edit(party.id, kind, document, name)
            return Changes(reference=True)

        return work


class PartiesDialog(QDialog):
    """The registry, with «Agregar…» and «Modificar…»."""

    def __init__(self, parent, runner):
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(_("Compradores y proveedores"))
        intro = QLabel(_("Los compradores y proveedores que los registros de ventas (14.1) y de compras (8.1) "
                         "nombran, con su RUC o DNI. Una venta o un gasto los nombra por su número de documento."))
        intro.setWordWrap(True)
        columns = [
            SortableColumn(_("Documento"), lambda p: _(dict(DOCUMENT_KINDS).get(p.document_type, p.document_type)),
                           sample="RUC (6)"),
            SortableColumn(_("Número"), lambda p: p.document, sample="20456789014"),
            SortableColumn(_("Nombre o razón social"), lambda p: p.name, sample="Comercial Madre de Dios S.R.L."),
        ]
        self.model = RowsModel(columns, search_key=lambda p: f"{p.document} {p.name}", parent=self)
        self.table = sorted_table(self.model, columns, 2, _("Compradores y proveedores"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by name
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Buscar por número o nombre"))
        self.search.textChanged.connect(self.model.filter)
        self.add_button, self.edit_button = QPushButton(_("Agregar…")), QPushButton(_("Modificar…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(close)
        self.resize(640, 420)
        self.load()

    def load(self) -> None:
        self.runner.run(lambda book: book.parties.list(), self._loaded, owner=self)

    def _loaded(self, parties: Sequence[PartyRow]) -> None:
        self.model.set_rows(parties)

    def selected(self) -> PartyRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add(self) -> None:
        if PartyDialog.ask(self, self.runner) is not None:
            self.load()

    def edit(self) -> None:
        party = self.selected()
        if party is not None and PartyDialog.ask(self, self.runner, party) is not None:
            self.load()

    @classmethod
    def ask(cls, parent, runner) -> None:
        dialog = cls(parent, runner)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


def open_parties(parent, runner) -> None:
    PartiesDialog.ask(parent, runner)
