"""Socios: the padrón, searchable, with new/edit and the estado de cuenta."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from coopdesk.core import Changes
from coopdesk.core.dto import MemberRow
from coopdesk.gui.kit import printing
from coopdesk.gui.kit.list_screen import ListScreen
from coopdesk.gui.members.member_dialog import MemberDialog
from coopdesk.gui.members.plots_dialog import PlotsDialog
from coopdesk.gui.kit.table_models import CENTER, Column
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_number


def member_columns() -> list[Column]:
    return [
        Column(_("Código"), lambda m: m.code, sample="S000000"),
        Column(_("Apellidos y nombres"), lambda m: m.sort_name, sample="Gutiérrez Huillca, Marisol Yolanda"),
        Column(_("DNI"), lambda m: m.dni, sample="00000000"),
        Column(_("Zona"), lambda m: m.zone_name, sample="Las Piedras"),
        Column(_("Certificación"), lambda m: label(m.certification), sample=_("En transición")),
        Column(_("Estado"), lambda m: label(m.status), sample=_("Suspendido")),
        Column(_("Ingreso"), lambda m: format_date(m.join_date), align=CENTER, sample="00/00/0000"),
    ]


class MembersView(ListScreen):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(
            runner,
            member_columns(),
            fetch=lambda book, text, after, limit: book.members.page(text, after, limit),
            count=lambda book, text: book.members.count(text),
            search_hint=_("Buscar por código, DNI, nombres o apellidos…"),
            stretch_column=1,
            parent=parent,
        )
        self.new_button = self.add_button(_("Nuevo socio"), self.add_member,
                                          shortcut=QKeySequence(QKeySequence.StandardKey.New))
        self.edit_button = self.add_button(_("Editar"), self.edit_selected, needs_selection=True,
                                           shortcut=QKeySequence("Ctrl+E"))
        self.plots_button = self.add_button(_("Parcelas…"), self.show_plots, needs_selection=True)
        self.print_button = self.add_button(_("Imprimir estado de cuenta"), self.print_selected, needs_selection=True,
                                            shortcut=QKeySequence(QKeySequence.StandardKey.Print))
        self.button_row.addStretch(1)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

    def count_text(self, n: int) -> str:
        return ngettext("%(n)s socio", "%(n)s socios", n) % {"n": format_number(n)}

    def concerns(self, changes: Changes) -> bool:
        return bool(changes.members) or changes.reference

    def apply(self, changes: Changes) -> None:
        # An edit re-reads its row in place (the list keeps its scroll); a new member reloads.
        if changes.reference or not self.model.refresh_rows(
            changes.members, lambda book, member_id: book.members.by_id(member_id), key=lambda m: m.id
        ):
            if changes.members:
                new_id = changes.members[-1]
                self.select_when_loaded(lambda m: m.id == new_id)
            self.reload()

    def add_member(self) -> None:
        MemberDialog.ask(self, self.runner)

    def edit_selected(self) -> None:
        member: MemberRow | None = self.selected()
        if member is not None:
            MemberDialog.ask(self, self.runner, member)

    def show_plots(self) -> None:
        member: MemberRow | None = self.selected()
        if member is not None:
            PlotsDialog.show_modal(self, self.runner, member)

    def print_selected(self) -> None:
        member: MemberRow | None = self.selected()
        if member is None:
            return
        self.print_button.setEnabled(False)

        def printed(path: str | None) -> None:
            self._selection_changed()
            if path:
                self.status_message.emit(_("Estado de cuenta guardado en %(path)s") % {"path": path})

        printing.print_member_statement(self.runner, member, printed)
