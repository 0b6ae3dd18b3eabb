"""Zonas y comités: the zones with their codes, added and corrected.

The code is what a members' sheet carries in its «Zona» column (LP, TB…); it is
shown beside each name so an import's «No existe la zona LP» can be answered here.
The same editor is a page of the setup assistant."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core.dto import ZoneRow
from coopdesk.gui.admin.editor_dialog import EditorDialog
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import N_, _


class ZoneDialog(FormDialog):
    """Nueva zona, or Corregir zona (its code and name)."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, zone: ZoneRow | None = None):
        super().__init__(parent, runner, _("Corregir zona") if zone else _("Nueva zona"))
        self.zone = zone
        self.code = self.add_field("code", _("Código:"), QLineEdit(zone.code if zone else ""))
        self.name = self.add_field("name", _("Nombre:"), QLineEdit(zone.name if zone else ""))
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(_("Como en la hoja de socios, por ejemplo LP"))
        self.name.setPlaceholderText(_("Por ejemplo Las Piedras"))
        note = QLabel(_("Los socios de la zona la siguen si cambia su código o su nombre."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.setMinimumWidth(420)

    def prepare(self):
        code, name, zone = self.code.text(), self.name.text(), self.zone
        if zone is None:
            return lambda book: book.zones.add(code, name)
        return lambda book: book.zones.edit(zone.code, code, name)

    def show_problems(self, problems) -> None:
        """The core's zone problems (field «zones») go under the code."""
        super().show_problems([replace(p, field="code") if p.field == "zones" else p for p in problems])


class ZonesEditor(QWidget):
    """The zones table (Código, Zona) and its buttons: Agregar, Corregir."""

    loaded = Signal()  # the zones were read (again)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.zones: list[ZoneRow] = []
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Código"), _("Zona o comité")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 120)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.add_button = QPushButton(_("Agregar zona…"))
        self.edit_button = QPushButton(_("Corregir…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.runner.run(lambda book: book.zones.list(), self._show, owner=self)

    def _show(self, zones: list[ZoneRow]) -> None:
        self.zones = zones
        self.table.setRowCount(len(zones))
        for row, zone in enumerate(zones):
            self.table.setItem(row, 0, QTableWidgetItem(zone.code))
            self.table.setItem(row, 1, QTableWidgetItem(zone.name))
        self.edit_button.setEnabled(bool(zones))
        self.loaded.emit()

    def rows(self) -> list[tuple[str, str]]:
        return [(z.code, z.name) for z in self.zones]

    def selected(self) -> ZoneRow | None:
        row = self.table.currentRow()
        return self.zones[row] if 0 <= row < len(self.zones) else None

    def add(self) -> None:
        if ZoneDialog.ask(self, self.runner) is not None:
            self.reload()

    def edit(self) -> None:
        zone = self.selected()
        if zone is not None and ZoneDialog.ask(self, self.runner, zone) is not None:
            self.reload()


class ZonesDialog(EditorDialog):
    """Archivo › Zonas y comités…"""

    title = N_("Zonas y comités")
    intro = N_("El código es el que va en la columna «Zona» de la hoja de socios al importarla.")
    size = (520, 420)

    def make_editor(self, runner: TaskRunner) -> ZonesEditor:
        return ZonesEditor(runner, self)
