"""The setup assistant, driven on real widgets from a blank start to «Inicio»:
the cooperative's name first and a file proposed in a visible Documents folder;
zones added and corrected with their codes; a product added; a price; the
opening balances explained; the members' sheet imported; Inicio's next steps.
Each page is rendered to PNG at 1366×768 (tests/gui/screens/setup or $SETUP_SHOTS)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QWizard

from coopdesk.core import Book
from coopdesk.gui import app as gui_app
from coopdesk.gui.admin.import_dialog import ImportDialog
from coopdesk.gui.admin.products_dialog import ProductDialog
from coopdesk.gui.admin.zones_dialog import ZoneDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import select_value
from coopdesk.gui.prices.prices_dialogs import PriceDialog
from coopdesk.gui.start import setup_wizard
from coopdesk.gui.start.setup_wizard import SetupWizard, proposed_file

from .conftest import answering, wait_idle
from tests.conftest import TODAY

SOCIOS = """Código;DNI;Nombres;Apellidos;Sexo;Zona;Certificación;Fecha de ingreso;Estado
S0001;41234567;Rosa;Quispe Mamani;F;LP;organico;01/01/2020;activo
S0002;42345678;Juan;Condori Apaza;M;TB;convencional;01/01/2020;activo
"""


@pytest.fixture
def bare_runner():
    runner = TaskRunner()
    yield runner
    runner.close()


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "Documentos" / "coopdesk"
    monkeypatch.setattr(setup_wizard, "documents_folder", lambda: folder)
    return folder


def shot(wizard: SetupWizard, name: str) -> None:
    """The assistant as it shows on a 1366×768 laptop screen (centred, over a plain
    desktop), in $SETUP_SHOTS or a temporary folder, to be looked at."""
    folder = Path(os.environ.get("SETUP_SHOTS") or Path(tempfile.gettempdir()) / "coopdesk-setup-shots")
    folder.mkdir(parents=True, exist_ok=True)
    assert wizard.width() <= 1366 and wizard.height() <= 728  # fits above a taskbar
    screen = QPixmap(1366, 768)
    screen.fill(QColor("#3a5a78"))
    painter = QPainter(screen)
    painter.drawPixmap((1366 - wizard.width()) // 2, (728 - wizard.height()) // 2, wizard.grab())
    painter.end()
    assert screen.save(str(folder / f"{name}.png"))


def test_a_proposed_file_is_named_after_the_cooperative_in_a_visible_folder(tmp_path):
    assert proposed_file("Cooperativa Agraria «Alto Tambopata» Ltda.", tmp_path) == (
        tmp_path / "Cooperativa Agraria Alto Tambopata Ltda.sqlite")
    (tmp_path / "Copoazú.sqlite").touch()
    assert proposed_file("Copoazú", tmp_path) == tmp_path / "Copoazu.sqlite"
    (tmp_path / "Copoazu.sqlite").touch()
    assert proposed_file("Copoazú", tmp_path) == tmp_path / "Copoazu (2).sqlite"
    assert proposed_file("", tmp_path) == tmp_path / "cooperativa.sqlite"


def test_the_assistant_goes_from_a_blank_start_to_inicio_with_a_working_book(
        qtbot, qapp, tmp_path, documents, bare_runner):
    startup = gui_app.Startup(qapp, bare_runner, str(tmp_path / "no-existe.sqlite"))
    startup.start()
    sheet = tmp_path / "socios.csv"
    sheet.write_text(SOCIOS, encoding="utf-8")
    seen: dict = {}

    def drive(wizard: SetupWizard):
        wizard.resize(wizard.width(), min(wizard.height(), 680))
        # 1. the cooperative's name first; the file follows it, in Documents (no hidden folder)
        page = wizard.currentPage()
        assert wizard.currentId() == wizard.cooperative_id and page.title() == "Su cooperativa"
        assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
        page.name.setText("Cooperativa Agraria Alto Tambopata")
        expected = documents / "Cooperativa Agraria Alto Tambopata.sqlite"
        assert page.file.text() == str(expected)
        assert not any(part.startswith(".") for part in expected.parts)
        wizard.next()  # no RUC, no city: both said, and it stays
        assert wizard.currentId() == wizard.cooperative_id
        assert page.errors.text() == ("El RUC  no es válido: debe tener 11 dígitos y un dígito verificador correcto.\n"
                                      "Escriba la ciudad de la cooperativa.")
        qtbot.keyClicks(page.ruc, "20600123450")
        assert page.errors.isHidden()  # typing clears what was said
        page.address.setText("Av. León Velarde 250")
        page.city.setText("Puerto Maldonado")
        shot(wizard, "1-cooperativa")
        wizard.next()
        # 2. the campaign and who keeps the book; «Crear la cooperativa» creates it
        page = wizard.currentPage()
        assert wizard.currentId() == wizard.campaign_id
        assert page.campaign_code.text() == str(TODAY.year)
        page.full_name.setText("Administradora de pruebas")
        page.login.setText("admin")
        page.password.setText("clave-de-pruebas")
        page.automatic.setChecked(True)
        assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Crear la cooperativa"
        shot(wizard, "2-campana")
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentId() == wizard.zones_id, timeout=20000)
        assert wizard.created == str(expected) and expected.exists()
        # 3. zones, with their codes: added, and one corrected
        page = wizard.currentPage()
        wait_idle(qtbot, bare_runner)
        wizard.next()  # none yet
        assert page.errors.text() == "Agregue al menos una zona."

        def zone(code, name):
            def fill(dialog: ZoneDialog):
                dialog.code.setText(code)
                dialog.name.setText(name)
                dialog.save()
                qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
            return fill

        with answering(ZoneDialog, zone("LP", "Las Piedras")):
            page.editor.add()
        with answering(ZoneDialog, zone("TAM", "Tambopata")):
            page.editor.add()
        wait_idle(qtbot, bare_runner)
        assert page.errors.isHidden()  # the zones are there: «Agregue al menos una zona» is gone
        page.editor.table.selectRow(1)
        with answering(ZoneDialog, zone("TB", "Tambopata")):  # the sheet says TB
            page.editor.edit()
        wait_idle(qtbot, bare_runner)
        assert page.editor.rows() == [("LP", "Las Piedras"), ("TB", "Tambopata")]
        assert [page.editor.table.item(r, 0).text() for r in range(2)] == ["LP", "TB"]  # the codes shown
        shot(wizard, "3-zonas")
        wizard.next()
        # 4. products: the seven, and one added
        page = wizard.currentPage()
        assert wizard.currentId() == wizard.products_id
        wait_idle(qtbot, bare_runner)
        assert page.editor.table.rowCount() == 7

        def product(dialog: ProductDialog):
            select_value(dialog.crop, "cacao")
            dialog.form_text.setText("en baba orgánico")
            dialog.name.setText("Cacao orgánico en baba")
            dialog.code.setText("CACAO-ORG-BABA")
            dialog.save()
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

        with answering(ProductDialog, product):
            page.editor.add()
        wait_idle(qtbot, bare_runner)
        assert [page.editor.table.item(7, c).text() for c in range(5)] == [
            "CACAO-ORG-BABA", "Cacao orgánico en baba", "Cacao", "en baba organico", "kg"]
        shot(wizard, "4-productos")
        wizard.next()
        # 5. a price table
        page = wizard.currentPage()
        assert wizard.currentId() == wizard.prices_id
        wait_idle(qtbot, bare_runner)
        assert page.prices.text() == "Aún no hay precios. Puede fijarlos ahora o después, en «Precios»."

        def price(dialog: PriceDialog):
            select_value(dialog.product, "CACAO-SECO")
            dialog.valid_from.setDate(date(TODAY.year, 1, 1))
            dialog.price.setText("18.50")
            dialog.save()
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

        with answering(PriceDialog, price):
            page.add_button.click()
        wait_idle(qtbot, bare_runner)
        assert page.prices.text() == f"Cacao grano seco: S/\u00a018.50 por kg desde el 01/01/{TODAY.year}"
        shot(wizard, "5-precios")
        wizard.next()
        # 6. opening balances, for the contador
        assert wizard.currentId() == wizard.opening_id
        assert "Asiento de apertura" in wizard.currentPage().findChildren(type(wizard.currentPage().errors))[1].text()
        shot(wizard, "6-saldos")
        wizard.next()
        # 7. the members' sheet, through the import dialog
        page = wizard.currentPage()
        assert wizard.currentId() == wizard.members_id
        wait_idle(qtbot, bare_runner)
        assert page.count.text() == "La cooperativa tiene 0 socios."

        def import_members(dialog: ImportDialog):
            assert dialog.method() == "members"
            dialog.path.setText(str(sheet))
            dialog.review_button.click()
            qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
            dialog.import_button.click()
            qtbot.waitUntil(lambda: dialog.close_button.isEnabled() and not dialog.import_button.isEnabled(),
                            timeout=10000)
            seen["imported"] = dialog.result.text()

        with answering(ImportDialog, import_members):
            page.import_button.click()
        wait_idle(qtbot, bare_runner)
        assert page.count.text() == "La cooperativa tiene 2 socios."
        shot(wizard, "7-socios")
        assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Ir a Inicio"
        wizard.button(QWizard.WizardButton.FinishButton).click()

    with answering(SetupWizard, drive):
        startup.welcome.create_button.click()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10000)
    window = startup.window
    wait_idle(qtbot, bare_runner)
    assert window.windowTitle() == "coopdesk — Cooperativa Agraria Alto Tambopata"
    home = window.current_screen()
    assert type(home).__name__ == "HomeView"
    qtbot.waitUntil(lambda: "respaldar" in getattr(home, "task_buttons", {}), timeout=10000)
    # the members and the prices are in: what is next is a backup and the month's report
    assert [b.text() for b in home.task_buttons.values()][:1] == ["Hacer un respaldo"]
    window.close()
    window.deleteLater()
    bare_runner.close()
    with Book.open(str(documents / "Cooperativa Agraria Alto Tambopata.sqlite")) as book:
        assert [(z.code, z.name) for z in book.zones.list()] == [("LP", "Las Piedras"), ("TB", "Tambopata")]
        assert book.members.count() == 2 and book.products.list()[-1].code == "CACAO-ORG-BABA"
        assert [(e.product_code, e.price) for e in book.prices.entries()] == [("CACAO-SECO", D("18.50"))]
        assert (book.cooperative.address, book.campaigns.current().code) == ("Av. León Velarde 250", str(TODAY.year))
    from coopdesk.gui.kit import preferences

    assert preferences.saved_value(setup_wizard.LAST_BOOK_KEY) == str(documents / "Cooperativa Agraria Alto "
                                                                                   "Tambopata.sqlite")


def test_a_new_book_opens_on_inicio_with_its_first_steps(qtbot, tmp_path, bare_runner):
    from coopdesk.domain.rules import ZoneInput
    from coopdesk.gui.main_window import MainWindow
    from tests.conftest import cooperative
    from tests.people import AS_ADMIN

    path = tmp_path / "nueva.sqlite"
    Book.create(str(path), cooperative(), [ZoneInput("LP", "Las Piedras")], **AS_ADMIN).close()
    bare_runner.open_book(lambda: Book.open(str(path)))
    wait_idle(qtbot, bare_runner)
    window = MainWindow(bare_runner)
    qtbot.addWidget(window)
    window.show()
    home = window.current_screen()
    qtbot.waitUntil(lambda: "socios" in getattr(home, "task_buttons", {}), timeout=10000)
    assert [b.text() for b in home.task_buttons.values()][:2] == ["Importar los socios",
                                                                  "Fijar los precios de adelanto"]
    with answering(ImportDialog, lambda dialog: seen.append(dialog.method())):
        home.task_buttons["socios"].click()
        qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    home.task_buttons["precios"].click()
    assert type(window.current_screen()).__name__ == "PricesView"


seen: list = []


def test_the_cooperatives_details_zones_and_products_are_edited_from_preferencias(qtbot, runner, db):
    from coopdesk.gui.admin.cooperative_details_dialog import CooperativeDetailsDialog
    from coopdesk.gui.admin.zones_dialog import ZonesDialog
    from coopdesk.gui.main_window import MainWindow

    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Preferencias")
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions)[:3] == ["&Datos de la cooperativa…", "&Zonas y comités…", "&Productos…"]

    def fix(dialog: CooperativeDetailsDialog):
        assert dialog.name.text() == "Cooperativa Agraria Cacaotera Los Andes"
        dialog.ruc.setText("123")
        dialog.save()
        assert dialog.error_text("ruc") == ("El RUC 123 no es válido: debe tener 11 dígitos y un dígito "
                                            "verificador correcto.")
        dialog.ruc.setText("20600123450")
        dialog.name.setText("Cooperativa Agraria Los Andes")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    with answering(CooperativeDetailsDialog, fix):
        actions["&Datos de la cooperativa…"].trigger()
        qtbot.waitUntil(lambda: window.windowTitle() == "coopdesk — Cooperativa Agraria Los Andes", timeout=20_000)

    def look(dialog: ZonesDialog):
        wait_idle(qtbot, runner)
        seen.append(dialog.editor.rows())

    with answering(ZonesDialog, look):
        actions["&Zonas y comités…"].trigger()
    assert seen[-1] == [("LP", "Las Piedras"), ("TB", "Tambopata")]
