"""The main window: a shell that assembles the screens, the menus and the status bar.

It draws before the book is open: this module and what it imports at the top load
neither SQLAlchemy nor a screen (tests/gui/test_startup_shell.py holds it to that).
The screens, the header and the menus' dialogs load when first needed, and the
screens fill once the book is open (``book_opened``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

import coopdesk
from coopdesk.domain import roles
from coopdesk.gui.kit import preferences
from coopdesk.gui.start import opening
from coopdesk.gui.kit.busy_indicator import BusyIndicator
from coopdesk.gui.kit.elided_label import ElidedLabel
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import campaign_period
from coopdesk.i18n import N_, _

if TYPE_CHECKING:
    from coopdesk.core import Changes

# Each language is named in itself, as language menus do, so anyone can find theirs.
LANGUAGES = (("es", "Español"), ("en", "English"))
STATUS_MESSAGE_MS = 10_000


def scrollable(screen: QWidget) -> QScrollArea:
    """A screen that scrolls instead of being clipped, or widening the window
    past a small laptop's 1024×600 (gui/README.md)."""
    area = QScrollArea()
    area.setWidget(screen)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class Screen:
    """One of the main window's screens, built (and its module imported) the first
    time it is shown or used: the window opens without importing the screens
    nobody has looked at yet (the ledger, the distribution, their dialogs)."""

    def __init__(self, title: str, module: str, name: str):
        self.title, self.module, self.name = title, module, name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, window: "MainWindow | None", owner: type | None = None):
        if window is None:
            return self
        return window.screen(window.screens.index(self))


class MainWindow(QMainWindow):
    # the screens, in the order of the list on the left: Inicio (Ctrl+0), the one the app opens on,
    # then Ctrl+1 … Ctrl+8
    home = Screen(N_("Inicio"), "coopdesk.gui.home.home_view", "HomeView")
    members = Screen(N_("Socios"), "coopdesk.gui.members.members_view", "MembersView")
    deliveries = Screen(N_("Entregas"), "coopdesk.gui.deliveries.deliveries_view", "DeliveriesView")
    distribution = Screen(N_("Distribución"), "coopdesk.gui.distribution.distribution_view", "DistributionView")
    accounts = Screen(N_("Cuentas"), "coopdesk.gui.accounts.accounts_view", "AccountsView")
    participation = Screen(N_("Participación"), "coopdesk.gui.members.participation_view", "ParticipationView")
    prices = Screen(N_("Precios"), "coopdesk.gui.prices.prices_view", "PricesView")
    ledger = Screen(N_("Contabilidad"), "coopdesk.gui.ledger.ledger_view", "LedgerView")
    sales = Screen(N_("Ventas y gastos"), "coopdesk.gui.sales.sales_view", "SalesView")
    plots = Screen(N_("Parcelas"), "coopdesk.gui.plots.plots_view", "PlotsView")
    screens = [s for s in locals().values() if isinstance(s, Screen)]

    def __init__(self, runner: TaskRunner):
        super().__init__()
        self.runner = runner
        runner.error_parent = self
        self.setWindowTitle("coopdesk")
        self.resize(1280, 680)  # inside 1366×728: a 768-pixel laptop less its taskbar

        self.nav = QListWidget()
        self.stack = QStackedWidget()
        self._built: dict[int, QWidget] = {}
        for screen in self.screens:
            self.nav.addItem(_(screen.title))
            self.stack.addWidget(QWidget())  # in its place until it is first shown
        self.nav.currentRowChanged.connect(self.show_screen)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 10px; }")
        widest = max(self.nav.fontMetrics().horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count()))
        self.nav.setFixedWidth(max(130, widest * 3 // 2 + 40))
        self._filled = False  # the screens fill once the book is open
        self.nav.setCurrentRow(0)
        for row in range(self.nav.count()):  # Ctrl+0 Inicio, Ctrl+1 Socios … Ctrl+7 Contabilidad, Ctrl+8 Ventas y gastos
            QShortcut(QKeySequence(f"Ctrl+{row}"), self, lambda row=row: self.nav.setCurrentRow(row))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.location_label = ElidedLabel()  # a long path gives way on a 1024-pixel screen
        self.user_label = QLabel()
        self.user_label.setObjectName("user")
        self.campaign_label = QLabel()
        self.backup_label = QLabel()
        self.busy = BusyIndicator(runner)
        bar = self.statusBar()
        bar.addPermanentWidget(self.busy)
        for label in (self.user_label, self.campaign_label, self.backup_label, self.location_label):
            label.setContentsMargins(10, 0, 10, 0)
            bar.addPermanentWidget(label)

        self._build_menus()
        runner.book_opened.connect(self._on_book_opened)
        runner.changed.connect(self._on_changes)
        if runner.book is not None:
            self._fill()

    def _fill(self) -> None:
        """The book is open: the header, the screen shown, and the lists most used."""
        self._filled = True
        self.refresh_header()
        self._show_chart_changes()  # once after an upgrade renumbered the chart (0008)
        self.show_screen(self.nav.currentRow())
        self.members.reload()
        self.deliveries.reload()

    def _on_book_opened(self, _book) -> None:
        if not self._filled:
            self._fill()
            return
        self.refresh_header()
        self._show_chart_changes()

    def _show_chart_changes(self) -> None:
        from coopdesk.gui.admin.chart_notice import show_chart_changes

        show_chart_changes(self, self.runner)

    # -- screens ----------------------------------------------------------------

    def screen(self, row: int) -> QWidget:
        """The screen at ``row`` of the list, built the first time it is asked for."""
        built = self._built.get(row)
        if built is None:
            declared = self.screens[row]
            built = getattr(import_module(declared.module), declared.name)(self.runner)
            built.status_message.connect(lambda text: self.statusBar().showMessage(text, STATUS_MESSAGE_MS))
            current = self.stack.currentIndex()
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, scrollable(built))
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._built[row] = built
        return built

    def show_screen(self, row: int) -> None:
        if self._filled:  # before the book is open, its placeholder
            self.screen(row)
        self.stack.setCurrentIndex(row)

    def bulletin(self) -> None:
        from datetime import timedelta

        from coopdesk.gui.bulletin.bulletin_dialog import BulletinDialog

        today = self.runner.today()
        ended = today.replace(day=1) - timedelta(days=1)  # the month that ended, as «Inicio» offers it
        BulletinDialog.ask(self, self.runner, ended.year, ended.month)

    def assembly(self) -> None:
        from coopdesk.gui.bulletin.assembly_dialog import AssemblyDialog

        AssemblyDialog.ask(self, self.runner)

    def go_to(self, attribute: str) -> QWidget:
        """Show the screen declared as ``attribute`` (``"distribution"``…) and return it
        (Inicio's pending tasks take the treasurer where each is done)."""
        row = self.screens.index(getattr(type(self), attribute))
        self.nav.setCurrentRow(row)
        return self.screen(row)

    # -- menus ----------------------------------------------------------------

    def _build_menus(self) -> None:
        """The menus; each dialog's module is imported when its action is first used."""
        def later(module: str, name: str, *args):
            return lambda: getattr(import_module(module), name)(*args)

        admin = "coopdesk.gui.admin."
        archive = self.menuBar().addMenu(_("&Archivo"))
        archive.addAction(_("&Nueva cooperativa…"), self.new_cooperative)
        open_action = archive.addAction(_("&Abrir…"), self.open_database)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        archive.addSeparator()
        archive.addAction(_("&Importar…"), lambda: import_module(admin + "import_dialog").ImportDialog.ask(
            self, self.runner))
        archive.addAction(_("&Exportar…"), lambda: import_module(admin + "export_dialog").ExportDialog.ask(
            self, self.runner))
        archive.addSeparator()
        archive.addAction(_("&Respaldar ahora…"), later(admin + "backups", "backup_now", self, self.runner,
                                                        self.refresh_backup))
        archive.addAction(_("Res&taurar un respaldo…"), later(admin + "backups", "restore_backup", self, self.runner))
        archive.addSeparator()
        self.users_action = archive.addAction(_("&Usuarios…"), lambda: import_module(
            admin + "users_dialog").UsersDialog.ask(self, self.runner))
        self.users_action.setVisible(False)  # for an administrator, once the book says who is in
        archive.addAction(_("Cambiar &mi contraseña…"), later(admin + "users_dialog", "change_own_password", self,
                                                              self.runner))
        archive.addSeparator()
        quit_action = archive.addAction(_("&Salir"), self.close)
        quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))

        reports = self.menuBar().addMenu(_("&Informes"))
        self.organic_report_action = reports.addAction(
            _("&Control orgánico (parcelas)…"),
            later("coopdesk.gui.members.plots_dialog", "open_organic_report", self, self.runner))
        self.check_action = reports.addAction(_("&Verificar la contabilidad"),
                                              later(admin + "check_book", "check_book", self, self.runner))
        reports.addAction(_("&Registros de ventas y compras…"), later(
            "coopdesk.gui.registers.registers_dialog", "open_registers", self, self.runner))
        self.bulletin_action = reports.addAction(_("&Boletín mensual a los socios…"), self.bulletin)
        self.assembly_action = reports.addAction(_("&Asamblea trimestral…"), self.assembly)

        settings = self.menuBar().addMenu(_("&Preferencias"))
        settings.addAction(_("&Datos de la cooperativa…"), later(
            admin + "cooperative_details_dialog", "edit_cooperative_details", self, self.runner, self.refresh_header))
        settings.addAction(_("&Zonas y comités…"), lambda: import_module(admin + "zones_dialog").ZonesDialog.ask(
            self, self.runner))
        settings.addAction(_("&Productos…"), lambda: import_module(admin + "products_dialog").ProductsDialog.ask(
            self, self.runner))
        settings.addAction(_("&Compradores y proveedores…"), later(
            "coopdesk.gui.registers.parties_dialog", "open_parties", self, self.runner))
        settings.addSeparator()
        languages = settings.addMenu(_("&Idioma"))
        group = QActionGroup(self)
        current = preferences.saved_language()
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES:
            action = languages.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            group.addAction(action)
            self.language_actions[code] = action

        help_menu = self.menuBar().addMenu(_("A&yuda"))
        help_menu.addAction(_("&Acerca de coopdesk"), self.about)

    def choose_language(self, code: str) -> QMessageBox | None:
        if code == preferences.saved_language():
            return None
        preferences.save_language(code)
        box = QMessageBox(QMessageBox.Icon.Information, _("Idioma"),
                          _("El idioma cambiará la próxima vez que abra coopdesk."),
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        return box

    def about(self) -> None:
        QMessageBox.about(
            self, _("Acerca de coopdesk"),
            _("<h3>coopdesk %(version)s</h3><p>Contabilidad y distribución transparente de beneficios "
              "para cooperativas agrarias del Perú.</p><p>Licencia AGPL-3.0 o posterior.</p>")
            % {"version": coopdesk.__version__},
        )

    def new_cooperative(self) -> None:
        """Leave the demo (or another cooperative) for a new one of the user's own."""
        from coopdesk.gui.start.setup_wizard import SetupWizard

        wizard = SetupWizard(self, self.runner)
        try:
            wizard.exec()
        finally:
            wizard.deleteLater()
        if wizard.created is not None:
            self.go_to("home")

    def open_database(self) -> None:
        path = opening.choose_database_file(self)
        if path:
            opening.open_database(self.runner, path, parent=self)

    # -- header and status bar --------------------------------------------------

    def current_screen(self) -> QWidget:
        """The screen shown now (inside its scroll area)."""
        return self.stack.currentWidget().widget()

    def refresh_backup(self) -> None:
        from coopdesk.gui.admin import backups

        backups.show_last_backup(self.backup_label, self.runner)

    def refresh_header(self) -> None:
        self.refresh_backup()
        self.runner.run(lambda book: (book.cooperative, book.campaigns.current(), book.location, book.person),
                        self._show_header, owner=self)

    def _show_header(self, header) -> None:
        from coopdesk.gui.admin.users_dialog import person_text

        cooperative, campaign, location, person = header
        self.user_label.setText(person_text(person) if person is not None else "")
        self.users_action.setVisible(person is not None and roles.allowed(person.role, roles.MANAGE_USERS))
        self.setWindowTitle(_("coopdesk — %(name)s") % {"name": cooperative.name})
        self.location_label.setText(location)
        self.location_label.setToolTip(_("Base de datos abierta: %(path)s") % {"path": location})
        if campaign is None:
            self.campaign_label.setText(_("Sin campaña registrada"))
        else:
            self.campaign_label.setText(campaign_period(campaign))
            self.campaign_label.setToolTip(campaign.name)

    def _on_changes(self, changes: Changes) -> None:
        if changes.reference:
            self.refresh_header()
