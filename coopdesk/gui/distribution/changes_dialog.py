"""What a correction changed: each member whose amount differs from the run it
corrects, before and after, and why — the list the board reads to the assembly."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QVBoxLayout, QWidget

from coopdesk.core.distributions import CHANGE_REASONS, MemberChange, RunRow
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit.rows import signed_money, static_table
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_money, format_number


def change_rows(changes: Sequence[MemberChange]) -> list[tuple[str, ...]]:
    return [(c.code, c.name, "; ".join(_(CHANGE_REASONS[r]) for r in c.reasons), format_money(c.before),
             format_money(c.after), signed_money(c.difference)) for c in changes]


class ChangesDialog(QDialog):
    def __init__(self, parent: QWidget | None, run: RunRow, changes: Sequence[MemberChange]):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.setWindowTitle(_("Cambios de la corrección N.º %(number)s") % {"number": run.number})
        intro = QLabel(_("La distribución N.º %(number)s corrige la N.º %(old)s. Motivo: %(reason)s") % {
            "number": run.number, "old": run.corrects, "reason": run.reason})
        intro.setWordWrap(True)
        count = QLabel(ngettext("%(n)s socio cambia de monto.", "%(n)s socios cambian de monto.", len(changes))
                       % {"n": format_number(len(changes))})
        self.table: QTableWidget = static_table(
            (_("Código"), _("Socio"), _("Por qué"), _("Antes"), _("Ahora"), _("Diferencia")),
            change_rows(changes), right_from=3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)
