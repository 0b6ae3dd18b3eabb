"""The criteria's ``[[primas]]`` as forms: each an amount apart from the main one
(the Fairtrade Premium), with the part for members divided by its own pots and
the rest to its fund; a live line says how each prima is split."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHeaderView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coopdesk.gui.distribution.criteria_details import PotsEditor
from coopdesk.gui.distribution.criteria_names import PRIMA, PRIMA_FUND, PRIMA_POT
from coopdesk.gui.distribution.criteria_rows import _Rows, read_money, read_number
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_money, format_number


def prima_split(prima: dict) -> tuple[Decimal, Decimal] | None:
    """(to members, to the fund) of a prima as written, None when its figures are not numbers yet."""
    try:
        amount = Decimal(str(prima.get("monto", "")))
        percent = Decimal(str(prima.get("porcentaje_socios", 0)))
    except ArithmeticError:
        return None
    if not (amount.is_finite() and percent.is_finite()) or amount != amount.quantize(Decimal("0.01")):
        return None
    members = (amount * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return members, amount - members


class PrimasEditor(QGroupBox):
    """The table of primas; under it the selected prima's pots (a ``PotsEditor``)."""

    edited = Signal()
    help_wanted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Primas (montos aparte, como la Prima de Comercio Justo)"), parent)
        self._loading = False
        layout = QVBoxLayout(self)
        intro = QLabel(_("Una prima no sale del monto a distribuir: es un monto propio. Una parte va a los socios, "
                         "repartida por sus propios fondos, y el resto a su fondo de destino (el Plan de la Prima)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = _Rows([
            ("nombre", _("Prima"), _("El nombre de la prima: «Prima de Comercio Justo».")),
            ("monto", _("Monto S/"), _("Cuánto trae la prima, en soles, con punto decimal: 3000.00.")),
            ("porcentaje_socios", _("Para socios %"), _("Qué parte de la prima va a los socios, en %. El resto va al "
                                                        "fondo de destino. Vacío: 0 %.")),
            ("destino", _("Fondo de destino"), _("El fondo que recibe lo que no va a los socios: «Plan de la "
                                                 "Prima». Hace falta salvo que todo vaya a los socios.")),
        ])
        self.table.narrow({"monto": 11, "porcentaje_socios": 9})
        self.table.horizontalHeader().setSectionResizeMode(self.table.column("destino"), QHeaderView.ResizeMode.Stretch)
        self.table.help_for = self.help_wanted.emit
        layout.addWidget(self.table)
        row = QHBoxLayout()
        add, remove = QPushButton(_("Agregar prima")), QPushButton(_("Quitar prima"))
        for button in (add, remove):
            button.setAutoDefault(False)
            row.addWidget(button)
        add.clicked.connect(self._add)
        remove.clicked.connect(self.table.remove_current)
        self.add_button, self.remove_button = add, remove
        row.addSpacing(12)
        self.total = QLabel()
        self.total.setWordWrap(True)
        row.addWidget(self.total, 1)
        layout.addLayout(row)
        self.pots_box = QGroupBox(_("Fondos de la prima"))
        box = QVBoxLayout(self.pots_box)
        self.pots = PotsEditor()
        self.pots.help_wanted.connect(self.help_wanted)
        self.pots.edited.connect(self._pots_edited)
        box.addWidget(self.pots)
        layout.addWidget(self.pots_box)
        self.table.edited.connect(self._table_edited)
        self.table.currentCellChanged.connect(lambda r, *_: self._show_pots(r))
        self._show_pots(-1)

    def _add(self) -> None:
        # the names in Spanish, the document's language, whatever the screens' language
        row = self.table.add_row({"nombre": PRIMA, "monto": "0.00", "destino": PRIMA_FUND, "porcentaje_socios": 0,
                                  "fondos": [{"nombre": PRIMA_POT, "clave": "kg", "porcentaje": 100}]})
        self.table.setCurrentCell(row, 0)

    def load(self, primas) -> None:
        self._loading = True
        try:
            self.table.load([p for p in primas if isinstance(p, dict)] if isinstance(primas, list) else [])
            if self.table.rowCount():
                self.table.setCurrentCell(0, 0)
        finally:
            self._loading = False
        self._show_pots(self.table.currentRow())
        self.show_totals()

    def _show_pots(self, row: int) -> None:
        was, self._loading = self._loading, True
        try:
            if 0 <= row < self.table.rowCount():
                self.pots_box.setTitle(_("Fondos de la prima «%(name)s»: cómo se reparte la parte de los socios")
                                       % {"name": self.table.cell_text(row, "nombre")})
                self.pots.load(self.prima(row).get("fondos", []))
                self.pots_box.setVisible(True)
            else:
                self.pots.load([])
                self.pots_box.setVisible(False)
        finally:
            self._loading = was

    def _pots_edited(self) -> None:
        row = self.table.currentRow()
        if self._loading or not 0 <= row < self.table.rowCount():
            return
        original = self.table.original(row)
        original["fondos"] = self.pots.pots()
        if not original["fondos"]:
            del original["fondos"]
        self.table.set_original(row, original)  # the table says it was edited

    def _table_edited(self) -> None:
        row = self.table.currentRow()
        if not self.table.rowCount():
            self._show_pots(-1)
        elif 0 <= row:
            self.pots_box.setTitle(_("Fondos de la prima «%(name)s»: cómo se reparte la parte de los socios")
                                   % {"name": self.table.cell_text(row, "nombre")})
        self.show_totals()
        if not self._loading:
            self.edited.emit()

    def prima(self, row: int) -> dict:
        t = self.table
        shown = {
            "nombre": t.cell_text(row, "nombre").strip(),
            "monto": read_money(t.cell_text(row, "monto")),
            "destino": t.cell_text(row, "destino").strip(),
            "porcentaje_socios": read_number(t.cell_text(row, "porcentaje_socios")),
        }
        return t.merged(row, shown)

    def primas(self) -> list[dict]:
        return [self.prima(r) for r in range(self.table.rowCount())]

    def show_totals(self) -> None:
        lines = []
        for prima in self.primas():
            split = prima_split(prima)
            if split is None:
                continue
            members, fund = split
            lines.append(_("%(name)s: %(members)s a los socios (%(percent)s %%), %(fund)s a %(destination)s.") % {
                "name": prima.get("nombre", ""), "members": format_money(members), "fund": format_money(fund),
                "percent": format_number(Decimal(str(prima.get("porcentaje_socios", 0))).normalize()),
                "destination": prima.get("destino") or _("su fondo")})
        self.total.setText("\n".join(lines) if lines else _("Sin primas."))
