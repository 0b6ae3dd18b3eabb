"""The setup assistant: from nothing to a working book, in the order a treasurer
has things at hand.

1. «Su cooperativa»: its name first, then RUC, address and city; the file is
   proposed from the name in the user's Documents folder (visible, easy to copy
   to a USB stick), and can be changed.
2. «Campaña y administrador»: the season in course and who keeps the book. The
   book is created here (a commit page: from then on there is a book, and Back
   does not undo it).
3. «Zonas y comités»: added and corrected with their codes, the ones the
   members' sheet carries.
4. «Productos»: the seven every book starts with, and any form added.
5. «Precios de adelanto»: the price tables, set with the same form as in «Precios».
6. «Saldos iniciales»: what the contador does with the opening balances and the
   opening stock, and where.
7. «Socios»: the import of the members' sheet (the same import dialog).

It finishes on «Inicio», whose first steps say what is left.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coopdesk.core import Book
from coopdesk.core.users import NewUser
from coopdesk.domain import roles
from coopdesk.domain.problems import Problem
from coopdesk.domain.rules import CampaignInput, CooperativeInput, check_campaign, check_cooperative
from coopdesk.gui.kit import preferences
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import date_edit
from coopdesk.i18n import N_, _, describe, ngettext
from coopdesk.i18n.formatting import format_date, format_number

LAST_BOOK_KEY = preferences.LAST_BOOK_KEY
DATABASE_PATTERNS = "*.sqlite *.sqlite3 *.db"


def documents_folder() -> Path:
    """Documents/coopdesk: where the user sees their files (never a hidden folder)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "coopdesk"


def proposed_file(name: str, folder: Path | None = None) -> Path:
    """«Cooperativa Agraria Alto Tambopata» → Documents/coopdesk/Cooperativa Agraria Alto Tambopata.sqlite
    (letters without accents, digits and spaces), numbered if one is already there."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    stem = " ".join("".join(c if c.isalnum() else " " for c in plain).split())[:80] or "cooperativa"
    folder = folder if folder is not None else documents_folder()
    path, n = folder / f"{stem}.sqlite", 2
    while path.exists():
        path, n = folder / f"{stem} ({n}).sqlite", n + 1
    return path


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.hide()
    return label


def _text(html: str) -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Page(QWizardPage):
    def __init__(self, title: str, subtitle: str = ""):
        super().__init__()
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.errors = _error_label()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.errors)

    def show_problems(self, problems) -> None:
        texts = [describe(p) for p in problems]
        self.errors.setText("\n".join(texts))
        self.errors.setVisible(bool(texts))

    @property
    def runner(self) -> TaskRunner:
        return self.wizard().runner


class CooperativePage(Page):
    def __init__(self):
        super().__init__(_("Su cooperativa"), _("Los datos que encabezan cada documento. Podrá corregirlos después "
                                                "en Preferencias › Datos de la cooperativa…"))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Cooperativa Agraria …"))
        self.ruc = QLineEdit()
        self.ruc.setPlaceholderText(_("11 dígitos"))
        self.ruc.setMaxLength(11)
        self.address = QLineEdit()
        self.city = QLineEdit()
        self.file = QLineEdit()
        self.change_file = QPushButton(_("Cambiar…"))
        self.change_file.setAutoDefault(False)
        self.change_file.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.change_file)
        form.addRow(_("Nombre:"), self.name)
        form.addRow(_("RUC:"), self.ruc)
        form.addRow(_("Dirección:"), self.address)
        form.addRow(_("Ciudad:"), self.city)
        form.addRow(_("Se guardará en:"), row)
        hint = QLabel(_("Un solo archivo con todo el libro. Cópielo a una memoria USB para llevarlo a otra "
                        "computadora; coopdesk además hace respaldos por su cuenta."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #4a4a4a;")
        form.addRow("", hint)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        for edit in (self.name, self.ruc, self.address, self.city, self.file):
            edit.textEdited.connect(lambda _text: self.show_problems(()))
        self._file_chosen = False
        self.name.textChanged.connect(self._propose)
        self.file.textEdited.connect(lambda _text: setattr(self, "_file_chosen", True))
        self._propose()

    def _propose(self) -> None:
        if not self._file_chosen:
            self.file.setText(str(proposed_file(self.name.text())))

    def choose_file(self) -> None:
        dialog = QFileDialog(self, _("Dónde guardar el libro de la cooperativa"), self.file.text(),
                             _("Libro de coopdesk (%(patterns)s)") % {"patterns": DATABASE_PATTERNS})
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("sqlite")
        if dialog.exec() and dialog.selectedFiles():
            self.file.setText(dialog.selectedFiles()[0])
            self._file_chosen = True

    def entered(self) -> CooperativeInput:
        return CooperativeInput(self.name.text(), self.ruc.text(), self.address.text(), self.city.text())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problems = check_cooperative(self.entered())
        path = Path(self.file.text().strip()).expanduser()
        if not self.file.text().strip():
            problems.append(Problem("file", N_("Elija dónde guardar el libro.")))
        elif path.exists():
            problems.append(Problem("file", N_("Ya existe el archivo %(path)s: elija otro nombre."),
                                    {"path": str(path)}))
        self.show_problems(problems)
        return not problems


class CampaignPage(Page):
    """Where the book is created (a commit page)."""

    def __init__(self, today: date):
        super().__init__(_("Campaña y administrador"),
                         _("La campaña en curso y quien lleva el libro. Al pulsar «Crear la cooperativa» se crea el "
                           "libro; lo que sigue se puede hacer ahora o después."))
        year = today.year
        form = QFormLayout()
        self.campaign_code = QLineEdit(str(year))
        self.campaign_name = QLineEdit(_("Campaña %(year)s") % {"year": year})
        self.campaign_start = date_edit(date(year, 1, 1))
        self.campaign_end = date_edit(date(year, 12, 31))
        self.full_name = QLineEdit()
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.automatic = QCheckBox(_("Abrir sin contraseña en esta computadora (solo si usted es la única persona "
                                     "que lleva el libro)"))
        form.addRow(QLabel("<b>%s</b>" % _("Campaña en curso")))
        form.addRow(_("Código:"), self.campaign_code)
        form.addRow(_("Nombre:"), self.campaign_name)
        form.addRow(_("Inicio:"), self.campaign_start)
        form.addRow(_("Fin:"), self.campaign_end)
        form.addRow(QLabel("<b>%s</b>" % _("Administrador del libro (usted)")))
        form.addRow(_("Su nombre:"), self.full_name)
        form.addRow(_("Usuario:"), self.login)
        form.addRow(_("Contraseña:"), self.password)
        form.addRow("", self.automatic)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        for edit in (self.campaign_code, self.campaign_name, self.full_name, self.login, self.password):
            edit.textEdited.connect(lambda _text: self.show_problems(()))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Crear la cooperativa"))
        self._creating = False

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        wizard: SetupWizard = self.wizard()
        if wizard.created is not None:
            return True
        if self._creating:
            return False
        coop_page: CooperativePage = wizard.page(wizard.cooperative_id)
        cooperative = coop_page.entered()
        campaign = CampaignInput(self.campaign_code.text(), self.campaign_name.text(),
                                 self.campaign_start.date().toPython(), self.campaign_end.date().toPython())
        administrator = NewUser(self.login.text(), self.full_name.text(), roles.ADMINISTRADOR, self.password.text())
        problems = check_campaign(campaign) + roles.check_person(
            administrator.login, administrator.full_name, administrator.role, administrator.password)
        self.show_problems(problems)
        if problems:
            return False
        path = str(Path(coop_page.file.text().strip()).expanduser())
        automatic = self.automatic.isChecked()

        def create() -> Book:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            return Book.create(path, cooperative, (), campaign, administrator=administrator,
                               automatic_login=automatic)

        self._creating = True
        wizard.button(QWizard.WizardButton.CommitButton).setEnabled(False)
        self.runner.open_book(create, lambda book: self._created(path), self._failed,
                              label=_("Creando la cooperativa…"), owner=self)
        return False

    def _created(self, path: str) -> None:
        self._creating = False
        wizard: SetupWizard = self.wizard()
        wizard.created = path
        preferences.save_value(LAST_BOOK_KEY, path)
        wizard.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        wizard.next()

    def _failed(self, exc: Exception) -> None:
        self._creating = False
        self.wizard().button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.show_problems(getattr(exc, "problems", ()) or [Problem("", N_("No se pudo crear la cooperativa."))])


class ZonesPage(Page):
    def __init__(self):
        super().__init__(_("Zonas y comités"),
                         _("Las zonas, sectores o comités de base que agrupan a los socios. El código es el que va "
                           "en la columna «Zona» de la hoja de socios (por ejemplo LP para Las Piedras)."))
        self.editor = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.editor is None:
            from coopdesk.gui.admin.zones_dialog import ZonesEditor

            self.editor = ZonesEditor(self.runner, self)
            self.editor.loaded.connect(lambda: self.show_problems(()))
            self.layout_.addWidget(self.editor, 1)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problems = [] if self.editor.zones else [Problem("", N_("Agregue al menos una zona."))]
        self.show_problems(problems)
        return not problems


class ProductsPage(Page):
    def __init__(self):
        super().__init__(_("Productos"), _("Los productos en cada forma en que la cooperativa los recibe. Agregue "
                                           "los que falten; los que no use no molestan."))
        self.editor = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.editor is None:
            from coopdesk.gui.admin.products_dialog import ProductsEditor

            self.editor = ProductsEditor(self.runner, self)
            self.layout_.addWidget(self.editor, 1)


class PricesPage(Page):
    def __init__(self):
        super().__init__(_("Precios de adelanto"),
                         _("El precio que se paga al recibir cada producto, desde una fecha. Un precio nuevo no "
                           "borra el anterior: queda en el historial de «Precios», donde se fijan también las "
                           "calidades."))
        self.prices = _text("")
        self.add_button = QPushButton(_("Fijar un precio…"))
        self.add_button.clicked.connect(self.add_price)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.prices)
        self.layout_.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.reload()

    def reload(self) -> None:
        self.runner.run(lambda book: (book.products.list(), book.prices.entries()), self._show, owner=self)

    def _show(self, data) -> None:
        from coopdesk.gui.prices.prices_dialogs import price_text

        self.products, entries = data
        names = {p.code: p.name for p in self.products}
        if not entries:
            self.prices.setText(_("Aún no hay precios. Puede fijarlos ahora o después, en «Precios»."))
            return
        lines = [_("%(product)s: %(price)s desde el %(date)s") % {
            "product": names.get(e.product_code, e.product_code), "price": price_text(e.price, e.unit),
            "date": format_date(e.valid_from)} for e in entries]
        self.prices.setText("<br>".join(lines))

    def add_price(self) -> None:
        from coopdesk.gui.prices.prices_dialogs import PriceDialog

        if PriceDialog.ask(self, self.runner, self.products) is not None:
            self.reload()


class OpeningPage(Page):
    def __init__(self):
        super().__init__(_("Saldos iniciales"), _("Para el contador de la cooperativa."))
        self.layout_.addWidget(_text(_(
            "<p>Si la cooperativa ya tenía cuentas antes de usar coopdesk, su contador registra con qué saldos "
            "empiezan los libros:</p>"
            "<ul><li><b>Asiento de apertura</b>: en <i>Contabilidad › Nuevo asiento…</i>, marcando «Asiento de "
            "apertura» (caja, bancos, lo que deben los socios y a quién se debe, y el patrimonio). Uno por "
            "ejercicio.</li>"
            "<li><b>Saldo inicial del almacén</b>: lo que había de cada producto al empezar, con "
            "<tt>coopdesk sales opening-stock</tt>; su valor no va también en el asiento de apertura.</li>"
            "<li><b>Lo que debe cada socio</b> (adelantos, préstamos, insumos): en <i>Archivo › Importar…</i>, "
            "«Movimientos de cuenta».</li></ul>"
            "<p>Puede hacerse después. Las reglas están en la guía de contabilidad "
            "(docs/ledger.md, «Asiento de apertura»).</p>")))
        self.layout_.addStretch(1)


class MembersPage(Page):
    def __init__(self):
        super().__init__(_("Socios"), _("Importe la hoja de socios (Excel o CSV), o regístrelos uno a uno después "
                                        "en «Socios»."))
        self.layout_.addWidget(_text(_(
            "Columnas: Código, DNI, Nombres, Apellidos, Sexo, Zona (su código), Certificación, Fecha de ingreso "
            "y Estado. Antes de importar, coopdesk revisa la hoja y muestra cada problema con su fila.")))
        self.import_button = QPushButton(_("Importar socios…"))
        self.import_button.clicked.connect(self.import_members)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.count = _text("")
        self.layout_.addWidget(self.count)
        self.layout_.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.reload()

    def reload(self) -> None:
        self.runner.run(lambda book: book.members.count(), self._show, owner=self)

    def _show(self, count: int) -> None:
        self.count.setText(ngettext("La cooperativa tiene %(n)s socio.", "La cooperativa tiene %(n)s socios.", count)
                           % {"n": format_number(count)})

    def import_members(self) -> None:
        from coopdesk.gui.admin.import_dialog import ImportDialog

        dialog = ImportDialog(self, self.runner)
        dialog.set_kind("members")
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self.reload()


class SetupWizard(QWizard):
    """Accepted (or closed) once the book exists: ``created`` is its file; None if
    the user left before creating it."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent)
        self.runner = runner
        self.created: str | None = None
        self.setWindowTitle(_("Nueva cooperativa"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, _("< Atrás")),
                             (QWizard.WizardButton.NextButton, _("Siguiente >")),
                             (QWizard.WizardButton.FinishButton, _("Ir a Inicio")),
                             (QWizard.WizardButton.CancelButton, _("Cancelar"))):
            self.setButtonText(button, text)
        self.cooperative_id = self.addPage(CooperativePage())
        self.campaign_id = self.addPage(CampaignPage(runner.today()))
        self.zones_id = self.addPage(ZonesPage())
        self.products_id = self.addPage(ProductsPage())
        self.prices_id = self.addPage(PricesPage())
        self.opening_id = self.addPage(OpeningPage())
        self.members_id = self.addPage(MembersPage())
        self.resize(760, 600)

    def reject(self) -> None:
        """Once the book exists, leaving the assistant keeps it (and opens it)."""
        if self.created is not None:
            self.accept()
        else:
            super().reject()
