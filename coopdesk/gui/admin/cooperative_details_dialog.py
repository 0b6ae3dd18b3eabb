"""Archivo › Datos de la cooperativa…: its name, RUC, address and city, corrected
after creation. They head the documents printed from then on."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from coopdesk.core.dto import CooperativeRow
from coopdesk.core import InvalidInput
from coopdesk.domain.rules import CooperativeInput, check_cooperative
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _


class CooperativeDetailsDialog(FormDialog):
    def __init__(self, parent: QWidget | None, runner: TaskRunner, current: CooperativeRow):
        super().__init__(parent, runner, _("Datos de la cooperativa"))
        self.name = self.add_field("name", _("Nombre:"), QLineEdit(current.name))
        self.ruc = self.add_field("ruc", _("RUC:"), QLineEdit(current.ruc))
        self.address = self.add_field("address", _("Dirección:"), QLineEdit(current.address))
        self.city = self.add_field("city", _("Ciudad:"), QLineEdit(current.city))
        self.ruc.setMaxLength(11)
        note = QLabel(_("Encabezan los documentos que se impriman desde ahora; los ya impresos no cambian."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.setMinimumWidth(520)

    def prepare(self):
        details = CooperativeInput(self.name.text(), self.ruc.text(), self.address.text(), self.city.text())
        problems = check_cooperative(details)  # the core's own checks, shown at once
        if problems:
            raise InvalidInput(problems)
        return lambda book: book.cooperative_details.update(details)


def edit_cooperative_details(parent: QWidget, runner: TaskRunner, after=None) -> None:
    """Read the details on the worker, then show the form; ``after()`` once saved."""
    def show(current: CooperativeRow) -> None:
        if CooperativeDetailsDialog.ask(parent, runner, current) is not None and after is not None:
            after()

    runner.run(lambda book: book.cooperative, show, owner=parent)
