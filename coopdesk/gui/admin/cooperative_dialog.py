"""Crear cooperativa: the first form a new treasurer fills in.

Creates the book, its first campaign and its zones, then the runner holds the
new book. Everything is checked before anything is written, so a mistake never
leaves a half-made database behind.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from coopdesk.core import Book
from coopdesk.core.users import NewUser
from coopdesk.domain import roles
from coopdesk.domain.problems import Problem
from coopdesk.domain.rules import (
    CampaignInput,
    CooperativeInput,
    ZoneInput,
    check_campaign,
    check_cooperative,
    check_zones,
)
from coopdesk.domain.zones import parse_zones
from coopdesk.gui.kit.forms import FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import date_edit
from coopdesk.i18n import N_, _

class CooperativeDialog(FormDialog):
    def __init__(self, parent: QWidget | None, runner: TaskRunner, url: str):
        super().__init__(parent, runner, _("Crear cooperativa"), save_text=_("Crear cooperativa"))
        self.url = url
        year = self.runner.today().year
        self.name = self.add_field("name", _("Nombre:"), QLineEdit())
        self.ruc = self.add_field("ruc", _("RUC:"), QLineEdit())
        self.address = self.add_field("address", _("Dirección:"), QLineEdit())
        self.city = self.add_field("city", _("Ciudad:"), QLineEdit())
        self.add_section(_("Campaña en curso"))
        self.campaign_code = self.add_field("campaign_code", _("Código:"), QLineEdit(str(year)))
        self.campaign_name = self.add_field("campaign_name", _("Nombre:"),
                                            QLineEdit(_("Campaña %(year)s") % {"year": year}))
        self.campaign_start = self.add_field("campaign_start", _("Inicio:"), date_edit(date(year, 1, 1)))
        self.campaign_end = self.add_field("campaign_end", _("Fin:"), date_edit(date(year, 12, 31)))
        self.add_section(_("Zonas"))
        self.zones = self.add_field("zones", _("Zonas (una por línea):"), QPlainTextEdit())
        self.add_section(_("Administrador del libro (usted)"))
        self.full_name = self.add_field("full_name", _("Su nombre:"), QLineEdit())
        self.login = self.add_field("login", _("Usuario:"), QLineEdit())
        self.password = self.add_field("password", _("Contraseña:"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.automatic = self.add_field("automatic_login", "", QCheckBox(
            _("Abrir sin contraseña en esta computadora (solo si usted es la única persona que lleva el libro)")))
        self.name.setPlaceholderText(_("Cooperativa Agraria …"))
        self.ruc.setPlaceholderText(_("11 dígitos"))
        self.ruc.setMaxLength(11)
        self.zones.setPlaceholderText(_("Por ejemplo:\nLas Piedras\nTambopata"))
        self.zones.setTabChangesFocus(True)
        self.zones.setFixedHeight(self.zones.fontMetrics().lineSpacing() * 5 + 14)
        self.setMinimumWidth(600)
        self.book: Book | None = None

    def entered(self) -> CooperativeInput:
        return CooperativeInput(self.name.text(), self.ruc.text(), self.address.text(), self.city.text())

    def save(self) -> None:
        """The core checks everything at once and creates the cooperative, its
        campaign and zones in one transaction; its problems land under the fields."""
        if self._saving:
            return
        self.clear_problems()
        zones = [ZoneInput(code, name) for code, name in parse_zones(self.zones.toPlainText())]
        cooperative, url = self.entered(), self.url
        campaign = CampaignInput(self.campaign_code.text(), self.campaign_name.text(),
                                 self.campaign_start.date().toPython(), self.campaign_end.date().toPython())
        # The same pure checks the core runs, so every problem shows at once before any work.
        administrator = NewUser(self.login.text(), self.full_name.text(), roles.ADMINISTRADOR, self.password.text())
        automatic = self.automatic.isChecked()
        problems = check_cooperative(cooperative) + check_campaign(campaign) + check_zones(zones) + roles.check_person(
            administrator.login, administrator.full_name, administrator.role, administrator.password)
        if not zones:
            problems.append(Problem("zones", N_("Escriba al menos una zona, una por línea.")))
        if problems:
            self.show_problems(problems)
            return
        self._set_saving(True)
        self.runner.open_book(lambda: Book.create(url, cooperative, zones, campaign, administrator=administrator,
                                                          automatic_login=automatic), self._created,
                              self._refused, label=_("Creando la cooperativa…"), owner=self)

    def _created(self, book: Book) -> None:
        self._set_saving(False)
        self.book = book
        self.accept()
