"""A live preview of the criteria: the amounts by pot and the first members.

``preview(book, text)`` runs on the worker (``simulate``: nothing is stored) and
returns what the panel shows; ``CriteriaPreview`` shows it, or says why it
cannot be computed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_money

FIRST_MEMBERS = 8


@dataclass(frozen=True)
class Preview:
    appropriations: tuple[tuple[str, Decimal], ...]
    pots: tuple[tuple[str, Decimal], ...]
    not_in_pots: Decimal
    members: tuple[tuple[str, str, Decimal, Decimal], ...]  # code, name, gross, net
    taking_part: int
    listed: int
    to_funds: tuple[tuple[str, Decimal], ...] = ()  # each prima's part for its fund
    withheld: Decimal = Decimal(0)                  # the retención of every member


def preview(book, text: str) -> Preview:
    """On the worker: the criteria computed over the season, nothing stored."""
    result = book.distributions.simulate(text)
    codes = sorted(result.payouts)
    eligible = [c for c in codes if result.payouts[c].eligible]
    members = []
    for code in eligible[:FIRST_MEMBERS]:
        payout = result.payouts[code]
        members.append((code, book.members.get(code).sort_name, payout.gross, payout.net))
    return Preview(appropriations=tuple(result.appropriations),
                   pots=tuple((p.name, p.amount) for p in result.all_pots),
                   not_in_pots=result.not_in_pots, members=tuple(members), taking_part=len(eligible),
                   listed=len(codes), to_funds=tuple((s.fund, s.to_fund) for s in result.streams if s.to_fund),
                   withheld=sum((p.withheld for p in result.payouts.values()), Decimal(0)))


def _table(headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(headings)):
        table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class CriteriaPreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Vista previa con los datos de la campaña"))
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        self.state = QLabel(_("Se calcula cuando los criterios están completos."))
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.pots = _table([_("Apropiación o fondo"), _("Monto")])
        self.members = _table([_("Socio"), _("Bruto"), _("Neto a pagar")])
        layout.addWidget(self.pots, 3)
        self.members_title = QLabel()
        layout.addWidget(self.members_title)
        layout.addWidget(self.members, 2)

    def show_preview(self, shown: Preview) -> None:
        self.state.setText(_("Sobre las entregas registradas; no se guarda nada."))
        self.state.setStyleSheet("")
        rows = [(name, format_money(amount)) for name, amount in shown.appropriations]
        rows += [(name, format_money(amount)) for name, amount in shown.pots]
        if shown.not_in_pots:
            rows.append((_("Fuera de los fondos"), format_money(shown.not_in_pots)))
        rows += [(_("A %(fund)s (prima)") % {"fund": fund}, format_money(amount)) for fund, amount in shown.to_funds]
        if shown.withheld:
            rows.append((_("Retención de renta (se descuenta a los socios)"), format_money(shown.withheld)))
        _fill(self.pots, rows)
        self.members_title.setText(_("Primeros socios (participan %(n)s de %(total)s):")
                                   % {"n": shown.taking_part, "total": shown.listed})
        _fill(self.members, [(f"{code} {name}", format_money(gross), format_money(net))
                             for code, name, gross, net in shown.members])

    def show_waiting(self, text: str) -> None:
        self.state.setText(text)
        self.state.setStyleSheet("color: #616161;")

    def rows(self, table: QTableWidget) -> list[tuple[str, ...]]:
        return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]
