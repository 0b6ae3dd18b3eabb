"""The main window: which cooperative, which file, which campaign; Socios and Entregas."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from coopdesk import i18n
from coopdesk.gui.main_window import MainWindow

from .conftest import answering, wait_idle


def open_window(qtbot, runner) -> MainWindow:
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window


def test_title_navigation_and_status_bar(qtbot, runner, db):
    window = open_window(qtbot, runner)
    assert window.windowTitle() == "coopdesk — Cooperativa Agraria Cacaotera Los Andes"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Inicio", "Socios", "Entregas", "Distribución", "Cuentas", "Participación", "Precios", "Contabilidad",
        "Ventas y gastos", "Parcelas"]
    assert window.location_label.text() == str(db)
    assert window.campaign_label.text() == "Campaña 2026: del 01/01/2026 al 31/12/2026"
    assert window.current_screen() is window.home  # the app opens on Inicio (Ctrl+0)
    assert window.members.count_label.text() == "3 socios"
    window.nav.setCurrentRow(1)
    assert window.current_screen() is window.members
    window.nav.setCurrentRow(2)
    assert window.current_screen() is window.deliveries
    assert window.deliveries.count_label.text() == "0 entregas"
    window.nav.setCurrentRow(6)  # Ctrl+6, so Ctrl+1 … Ctrl+5 keep their screens
    assert window.current_screen() is window.prices
    wait_idle(qtbot, runner)
    assert window.prices.tabs.tabText(0) == "Precios"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=20_000)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)  # Contabilidad, after Precios
    assert window.current_screen() is window.ledger
    wait_idle(qtbot, runner)
    assert [window.ledger.tabs.tabText(i) for i in range(window.ledger.tabs.count())] == [
        "Libro diario", "Balance de comprobación", "Hoja de trabajo", "Estado de resultados", "Situación financiera",
        "Cuentas de socios", "Periodos", "Activos fijos"]
    assert window.ledger.journal_count.text() == "Aún no hay asientos: registre el primero con «Nuevo asiento…»."


def test_menus_are_in_spanish(qtbot, runner):
    window = open_window(qtbot, runner)
    menus = {action.text(): [a.text() for a in action.menu().actions() if not a.isSeparator()]
             for action in window.menuBar().actions()}
    assert menus == {
        "&Archivo": ["&Nueva cooperativa…", "&Abrir…", "&Importar…", "&Exportar…", "&Respaldar ahora…",
                     "Res&taurar un respaldo…", "&Usuarios…", "Cambiar &mi contraseña…", "&Salir"],
        "&Informes": ["&Control orgánico (parcelas)…", "&Verificar la contabilidad",
                       "&Registros de ventas y compras…", "&Boletín mensual a los socios…",
                       "&Asamblea trimestral…"],
        "&Preferencias": ["&Datos de la cooperativa…", "&Zonas y comités…", "&Productos…",
                          "&Compradores y proveedores…", "&Idioma"],
        "A&yuda": ["&Acerca de coopdesk"],
    }


def test_choosing_english_is_saved_and_takes_effect_on_restart(qtbot, runner):
    window = open_window(qtbot, runner)
    window.language_actions["en"].trigger()
    assert QSettings().value("language") == "en"
    box = QApplication.activeModalWidget() or window.findChild(QMessageBox)
    assert box.text() == "El idioma cambiará la próxima vez que abra coopdesk."
    box.close()
    assert window.windowTitle().startswith("coopdesk — ")  # nothing changed now
    assert window.language_actions["en"].isChecked() and not window.language_actions["es"].isChecked()


def test_informes_verificar_la_contabilidad_says_what_disagrees(qtbot, runner):
    """A Fairtrade project paid out of 46993 with nothing in the fund: the box names the account and the figure."""
    from datetime import date
    from decimal import Decimal as D

    from coopdesk.domain.ledger import EntryInput, LineInput

    window = open_window(qtbot, runner)
    seen = {}

    def read(box: QMessageBox):
        seen["text"] = box.text().replace("\u00a0", " ")
        seen["icon"] = box.icon()

    with answering(QMessageBox, read):
        window.check_action.trigger()
        qtbot.waitUntil(lambda: "text" in seen, timeout=20_000)
    assert seen["icon"] == QMessageBox.Icon.Information
    assert seen["text"].startswith("La contabilidad cuadra: se compararon ")
    def pay(book):  # Caja holds nothing: the payment is recorded only with a reason, and the check says so apart
        with book.cash.confirmed("La donación del comprador se registra mañana"):
            book.ledger.post(EntryInput(date(2026, 5, 2), "Proyecto de la Prima", (
                LineInput("46993", debit=D("500.00")), LineInput("101", credit=D("500.00")))))

    runner.run(pay)
    wait_idle(qtbot, runner)
    seen.clear()
    with answering(QMessageBox, read):
        window.check_action.trigger()
        qtbot.waitUntil(lambda: "text" in seen, timeout=20_000)
    assert seen["icon"] == QMessageBox.Icon.Warning
    assert seen["text"].splitlines()[2:] == [
        "• La cuenta 46993 «Fondo de Prima de Comercio Justo» está en negativo: -S/ 500.00.",
        "",
        "Saldos negativos confirmados (no son errores; se registró quién los confirmó y por qué):",
        "• La cuenta 101 «Caja» está en -S/ 500.00: saldo negativo confirmado."]


def test_in_english_the_status_bar_names_the_campaign_in_english(qtbot, runner):
    """The campaign's name («Campaña 2026») is data typed in Spanish; the status bar says it with the code."""
    i18n.set_language("en")
    window = open_window(qtbot, runner)
    assert window.campaign_label.text() == "Season 2026: 01/01/2026 to 31/12/2026"  # dates as in Peru in both languages
    assert window.campaign_label.toolTip() == "Campaña 2026"


def test_the_window_builds_a_screen_the_first_time_it_is_shown(db):
    """In a fresh interpreter (this one has imported every screen): the window opens
    with Inicio, Socios and Entregas, and without matplotlib (Inicio draws its chart
    once its figures arrive); Contabilidad's module is imported when it is chosen."""
    import json
    import subprocess
    import sys

    code = f"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from coopdesk.core import Book
from coopdesk.gui.main_window import MainWindow
from coopdesk.gui.kit.tasks import TaskRunner
runner = TaskRunner(Book.open({str(db)!r}))
window = MainWindow(runner)
views = lambda: sorted(m for m in sys.modules if m.startswith("coopdesk.gui.") and m.endswith("_view"))
before = views() + sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")
window.nav.setCurrentRow(7)
print(json.dumps([before, views(), window.current_screen() is window.ledger, window.stack.count()]))
runner.close()
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, shown, count = json.loads(result.stdout.splitlines()[-1])
    assert before == ["coopdesk.gui.deliveries.deliveries_view", "coopdesk.gui.home.home_view",
                      "coopdesk.gui.members.members_view"]
    assert "coopdesk.gui.ledger.ledger_view" in after and shown and count == 10
    assert not {"coopdesk.gui.accounts.accounts_view", "coopdesk.gui.sales.sales_view", "coopdesk.gui.plots.plots_view",
                "coopdesk.gui.prices.prices_view", "coopdesk.gui.members.participation_view"} & set(after)
