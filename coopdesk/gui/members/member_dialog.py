"""Nuevo socio / Editar socio."""

from __future__ import annotations


from PySide6.QtWidgets import QLineEdit, QWidget

from coopdesk.core.dto import MemberRow
from coopdesk.domain.catalog import Certification, Gender, MemberStatus
from coopdesk.domain.rules import MemberInput
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, select_value, set_choices
from coopdesk.i18n import _, label


class MemberDialog(FormDialog):
    """``MemberDialog.ask(parent, runner, member=None)`` -> the ``Changes`` saved, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow | None = None):
        title = _("Editar socio %(code)s") % {"code": member.code} if member else _("Nuevo socio")
        super().__init__(parent, runner, title)
        self.member = member
        self.code = self.add_field("code", _("Código:"), QLineEdit())
        self.dni = self.add_field("dni", _("DNI:"), QLineEdit())
        self.first_names = self.add_field("first_names", _("Nombres:"), QLineEdit())
        self.last_names = self.add_field("last_names", _("Apellidos:"), QLineEdit())
        self.gender = self.add_field("gender", _("Sexo:"), choice_combo(
            [(g.value, label(g)) for g in Gender], _("Elija…")))
        self.zone = self.add_field("zone_code", _("Zona:"), choice_combo([], _("Elija la zona…")))
        self.certification = self.add_field("certification", _("Certificación:"), choice_combo(
            [(c.value, label(c)) for c in Certification], _("Elija…")))
        self.status = self.add_field("status", _("Estado:"), choice_combo(
            [(s.value, label(s)) for s in MemberStatus]))
        self.join_date = self.add_field("join_date", _("Fecha de ingreso:"), date_edit(self.runner.today(), maximum=self.runner.today()))
        self.phone = self.add_field("phone", _("Teléfono:"), QLineEdit())
        self.bank_account = self.add_field("bank_account", _("Cuenta bancaria:"), QLineEdit())
        self.code.setMaxLength(20)
        self.dni.setPlaceholderText(_("8 dígitos"))
        self.phone.setPlaceholderText(_("Opcional"))
        self.bank_account.setPlaceholderText(_("CCI de 20 dígitos o n.º de cuenta; vacía: cobra en efectivo"))
        self.bank_account.setMaxLength(30)
        for edit in (self.code, self.dni):
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0" * 22))
        self.setMinimumWidth(560)

        if member is not None:
            self.code.setText(member.code)
            self.dni.setText(member.dni)
            self.first_names.setText(member.first_names)
            self.last_names.setText(member.last_names)
            select_value(self.gender, member.gender)
            select_value(self.certification, member.certification)
            select_value(self.status, member.status)
            self.join_date.setDate(member.join_date)
            self.phone.setText(member.phone)
            self.bank_account.setText(member.bank_account)
        else:
            select_value(self.status, MemberStatus.ACTIVE)
            runner.run(lambda book: book.members.next_code(), self._suggest_code, owner=self)
        self.save_button.setEnabled(False)  # until the zones are here
        runner.run(lambda book: book.zones.list(), self._zones_loaded, owner=self)

    def _suggest_code(self, code: str) -> None:
        """The next code of the padrón's series, selected so that typing replaces it."""
        if self.code.text():
            return  # the treasurer typed first: hers stays
        self.code.setText(code)
        self.code.selectAll()
        self.code.setToolTip(_("Sugerido: el siguiente código libre de la serie del padrón. Puede escribir otro."))

    def _zones_loaded(self, zones) -> None:
        set_choices(self.zone, [(z.code, z.name) for z in zones])
        if self.member is not None:
            select_value(self.zone, self.member.zone_code)
        self.save_button.setEnabled(True)

    def entered(self) -> MemberInput:
        return MemberInput(
            code=self.code.text(),
            dni=self.dni.text(),
            first_names=self.first_names.text(),
            last_names=self.last_names.text(),
            gender=combo_value(self.gender),
            zone_code=combo_value(self.zone),
            certification=combo_value(self.certification),
            join_date=self.join_date.date().toPython(),
            status=combo_value(self.status),
            phone=self.phone.text(),
            bank_account=self.bank_account.text(),
        )

    def prepare(self):
        data = self.entered()
        if self.member is None:
            return lambda book: book.members.add(data)
        member_id = self.member.id
        return lambda book: book.members.update(member_id, data)
