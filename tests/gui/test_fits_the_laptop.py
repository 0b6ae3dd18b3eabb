"""Fits the laptop: every screen and dialog usable at 1366×728 (a 768-pixel laptop
less its taskbar) and at 1024×600, with nothing clipped; column widths kept.

A widget is clipped when, shown, it reaches outside what holds it (its parent, up
to its window) other than inside a scroll area, which scrolls to it; a button is
clipped when it is narrower than its own text needs (its minimum size hint)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QLabel,
    QScrollBar,
    QTabBar,
    QWidget,
)

from coopdesk.gui.kit import fit
from coopdesk.gui.main_window import MainWindow

from .conftest import wait_idle

SIZES = ((1366, 728), (1024, 600))


def _inside_a_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea) and \
        parent is parent.parentWidget().viewport()


def _skipped(widget: QWidget) -> bool:
    """Qt's own parts: an item view's editors and headers, tab bars' scroll buttons, scroll bars."""
    ancestor = widget
    while ancestor is not None and not ancestor.isWindow():
        if isinstance(ancestor, (QAbstractItemView, QTabBar, QScrollBar)):
            return True
        ancestor = ancestor.parentWidget()
    return False


def clipped(window: QWidget) -> list[str]:
    """What is clipped in ``window`` (see the module's docstring), described."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QAbstractButton, QLabel)) or not widget.isVisibleTo(window) or _skipped(widget):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        name = f"{type(widget).__name__} «{widget.text()[:40]}»"
        if isinstance(widget, QAbstractButton) and widget.text() and \
                widget.width() < widget.minimumSizeHint().width():
            found.append(f"{name}: {widget.width()} wide, needs {widget.minimumSizeHint().width()}")
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.pixmap().isNull() and \
                widget.width() < widget.minimumSizeHint().width():  # a line of text cut at its end
            found.append(f"{name}: {widget.width()} wide, needs {widget.minimumSizeHint().width()}")
            continue
        child = widget
        while not child.isWindow():
            parent = child.parentWidget()
            if _inside_a_scroll_area(child):
                break  # the scroll area scrolls to it
            if not QRect(0, 0, parent.width(), parent.height()).contains(child.geometry()):
                found.append(f"{name}: {child.geometry().getRect()} outside {type(parent).__name__} "
                             f"{parent.width()}×{parent.height()}")
                break
            child = parent
    return found


@pytest.fixture
def window(qtbot, runner):
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window


def settle(qtbot, runner) -> None:
    wait_idle(qtbot, runner)
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_fits_with_nothing_clipped(qtbot, runner, window, size):
    window.resize(*size)
    assert (window.width(), window.height()) == size  # no screen forces the window wider or taller
    problems = {}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(qtbot, runner)
        assert (window.width(), window.height()) == size, window.nav.item(row).text()
        found = clipped(window)
        sideways = window.stack.currentWidget().horizontalScrollBar()
        if sideways.maximum() > 0:  # the whole screen wider than the window: its right side out of sight
            found.append(f"{sideways.maximum()} pixels wider than the window")
        if found:
            problems[window.nav.item(row).text()] = found
    assert problems == {}


def test_the_main_window_opens_inside_a_768_pixel_laptop_less_its_taskbar(window):
    assert window.width() <= 1366 and window.height() <= 728


def test_a_window_larger_than_the_screen_is_fitted_to_it_and_moved_inside(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setMinimumSize(900, 760)
    dialog.resize(1000, 760)
    dialog.move(500, 100)
    fit.fit(dialog, QRect(0, 0, 1024, 600))
    assert (dialog.width(), dialog.height()) == (1000, 600)
    assert dialog.minimumHeight() == 600
    assert (dialog.x(), dialog.y()) == (24, 0)


def test_a_dialog_that_asks_for_it_is_fitted_each_time_it_is_shown(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit.fit_on_show(dialog)
    dialog.resize(700, 5000)
    dialog.show()
    assert dialog.height() <= fit.available(dialog).height()


def _dialogs(runner, db):
    """Every dialog that opens from a screen or a menu with what it needs at hand."""
    from coopdesk.core import Book
    from coopdesk.gui.admin.export_dialog import ExportDialog
    from coopdesk.gui.admin.import_dialog import ImportDialog
    from coopdesk.gui.admin.users_dialog import NewUserDialog, UsersDialog
    from coopdesk.gui.ledger.ledger_dialogs import EntryDialog, PleDialog
    from coopdesk.gui.members.member_dialog import MemberDialog
    from coopdesk.gui.members.participation_view import EventDialog
    from coopdesk.gui.members.plots_dialog import OrganicReportDialog
    from coopdesk.gui.prices.prices_dialogs import CollectionPointDialog, DebtLimitDialog, PriceDialog
    from coopdesk.gui.sales.sales_dialogs import ExpenseDialog, SaleDialog
    from coopdesk.gui.admin.products_dialog import ProductDialog
    from coopdesk.gui.admin.users_dialog import PasswordDialog
    from coopdesk.gui.deliveries.delivery_dialog import DeliveryDialog
    from coopdesk.gui.ledger.asset_dialogs import AssetDialog
    from coopdesk.gui.ledger.banks_dialog import BanksDialog
    from coopdesk.gui.ledger.ledger_dialogs import CloseYearDialog
    from coopdesk.gui.plots.lot_dialogs import NewLotDialog
    from coopdesk.gui.registers.parties_dialog import PartyDialog

    with Book.open(str(db)) as book:
        accounts, periods = book.ledger.accounts(), book.ledger.periods()
        products, expense_accounts = book.products.list(), book.expenses.accounts()
    return {
        "ExportDialog": lambda: ExportDialog(None, runner),
        "ImportDialog": lambda: ImportDialog(None, runner),
        "UsersDialog": lambda: UsersDialog(None, runner),
        "NewUserDialog": lambda: NewUserDialog(None),
        "EntryDialog": lambda: EntryDialog(None, runner, accounts),
        "PleDialog": lambda: PleDialog(None, runner, periods, accounts),
        "MemberDialog": lambda: MemberDialog(None, runner),
        "EventDialog": lambda: EventDialog(None, runner),
        "OrganicReportDialog": lambda: OrganicReportDialog(None, runner),
        "PriceDialog": lambda: PriceDialog(None, runner, products),
        "CollectionPointDialog": lambda: CollectionPointDialog(None, runner),
        "DebtLimitDialog": lambda: DebtLimitDialog(None, runner, None),
        "SaleDialog": lambda: SaleDialog(None, runner, products),
        "ExpenseDialog": lambda: ExpenseDialog(None, runner, expense_accounts),
        "DeliveryDialog": lambda: DeliveryDialog(None, runner),
        "ProductDialog": lambda: ProductDialog(None, runner),
        "PasswordDialog": lambda: PasswordDialog(None, "tesorera", own=True),
        "AssetDialog": lambda: AssetDialog(None, runner),
        "BanksDialog": lambda: BanksDialog(None, runner),
        "CloseYearDialog": lambda: CloseYearDialog(None, runner, 2026),
        "NewLotDialog": lambda: NewLotDialog(None, runner, products),
        "PartyDialog": lambda: PartyDialog(None, runner),
    }


QT_ENGLISH = {"OK", "Cancel", "Close", "Save", "Apply", "Yes", "No", "Help", "Reset", "Open", "Discard", "Abort",
              "Retry", "Ignore", "Restore Defaults"}


def english_buttons(dialog) -> list[str]:
    """A Spanish dialog's buttons in Spanish: Qt's standard buttons say «Close» and
    «Cancel» unless the dialog names them or Qt's own Spanish catalog is found (the
    tests load none, so a button left to Qt shows here, as it would in a bundle
    without that catalog)."""
    from coopdesk import i18n

    if i18n.language() != "es":
        return []
    return [f"button «{b.text()}» in English" for b in dialog.findChildren(QAbstractButton)
            if b.isVisible() and b.text().replace("&", "") in QT_ENGLISH]


def _unfit(qtbot, runner, makers, size) -> dict[str, list[str]]:
    """What each dialog ``makers`` opens shows clipped, or too large, once fitted to ``size``."""
    problems = {}
    for name, make in makers.items():
        try:
            dialog = make()
        except TypeError as exc:  # a dialog whose arguments changed: said, not skipped
            problems[name] = [f"could not be opened: {exc}"]
            continue
        qtbot.addWidget(dialog)
        # the size it asks for (the test screen is smaller than a laptop's: 800×600), then fitted to ``size``
        wanted = dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else None
        dialog.show()
        settle(qtbot, runner)
        dialog.resize(wanted or dialog.sizeHint())
        settle(qtbot, runner)
        fit.fit(dialog, QRect(0, 0, *size))
        settle(qtbot, runner)
        found = []
        if dialog.width() > size[0] or dialog.height() > size[1]:
            found.append(f"{dialog.width()}×{dialog.height()} does not fit {size[0]}×{size[1]}")
        if dialog.minimumSizeHint().height() > size[1] or dialog.minimumSizeHint().width() > size[0]:
            found.append(f"needs at least {dialog.minimumSizeHint().width()}×{dialog.minimumSizeHint().height()}")
        found += clipped(dialog)
        found += english_buttons(dialog)
        if os.environ.get("FIT_PNG"):  # to look at them
            dialog.grab().save(os.path.join(os.environ["FIT_PNG"], f"{name.split()[0]}-{size[0]}.png"))
        if found:
            problems[name] = found
        dialog.close()
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dialog_fits_with_nothing_clipped(qtbot, runner, db, size):
    assert _unfit(qtbot, runner, _dialogs(runner, db), size) == {}


# -- dialogs opened on a selection, over the demo cooperative -------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo cooperative (20 members) with a published distribution, a draft correcting it (its
    changes member by member, the two to compare) and an assembly: something to select in every
    screen. Built once for the module; the dialogs are only opened and cancelled."""
    from datetime import date
    from decimal import Decimal

    from coopdesk.core import Book
    from coopdesk.core.demo import build_demo
    from coopdesk.domain.sales import ExpenseInput
    from coopdesk.gui.distribution.criteria_dialog import template

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(str(path), members=20)
    with Book.open(str(path)) as book:
        published = book.distributions.create(template(2026))
        book.distributions.approve(published.number, "Acta 12", date(2026, 6, 20))
        book.distributions.publish(published.number)
        book.distributions.create(template(2026).replace("porcentaje = 80", "porcentaje = 70").replace(
            'clave = "partes_iguales"\nporcentaje = 20', 'clave = "partes_iguales"\nporcentaje = 30'),
            corrects=published.number, reason="La asamblea del 20/06/2026 aprobó una parte igual de 30 %")
        book.participation.add_event(date(2026, 6, 20), "asamblea", Decimal(2), "Asamblea ordinaria")
        for what in ("Asesoría contable de junio", "Asesoría contable de julio"):  # owed to the supplier
            owed = book.expenses.record(ExpenseInput(date(2026, 7, 31), "639", what, Decimal("900.00"), "4212",
                                                     supplier="Estudio Contable Quispe"))
        book.expenses.pay(owed, date(2026, 8, 5), "1041")  # the second one paid
    return path


@pytest.fixture
def demo_runner(demo):
    from coopdesk.core import Book
    from coopdesk.gui.kit.tasks import TaskRunner

    runner = TaskRunner(Book.open(str(demo)))
    yield runner
    runner.close()


def _selected_dialogs(runner, path, folder):
    """Every dialog that opens on a selected member, delivery, movement, distribution, line, sale,
    expense, assembly, entry, zone or product: each given the first such row of the demo."""
    from coopdesk.core import Book
    from coopdesk.domain.accounts import Direction
    from coopdesk.gui.accounts import account_dialogs as accounts
    from coopdesk.gui.admin.zones_dialog import ZoneDialog
    from coopdesk.gui.deliveries.void_dialog import VoidDialog
    from coopdesk.gui.distribution import distribution_dialogs as runs
    from coopdesk.gui.distribution.batch_payment_dialog import BatchPaymentDialog, UndoBatchDialog
    from coopdesk.gui.distribution.changes_dialog import ChangesDialog
    from coopdesk.gui.distribution.criteria_dialog import CriteriaDialog
    from coopdesk.gui.ledger.ledger_dialogs import ReverseEntryDialog
    from coopdesk.gui.members.member_dialog import MemberDialog
    from coopdesk.gui.members.participation_view import AttendanceDialog
    from coopdesk.gui.members.plots_dialog import PlotFormDialog, PlotsDialog
    from coopdesk.gui.prices.prices_dialogs import StandardDialog
    from coopdesk.gui.sales import sales_dialogs as sales
    from coopdesk.gui.sales.credit_note_dialog import CreditNoteDialog
    from coopdesk.gui.plots.lot_dialogs import AddTicketsDialog

    with Book.open(str(path)) as book:
        members = book.members.page(limit=200)
        member = next(m for m in members if book.plots.plots(m.code) and book.accounts.movements(m.code))
        plot = book.plots.plots(member.code)[0]
        movement = book.accounts.movements(member.code)[0]
        delivery = book.deliveries.page()[0]
        run, published = book.distributions.runs()[:2]  # the draft correcting the published one
        changes = book.distributions.changes(run.number)
        stored = book.distributions.stored(run.number)
        lines = book.distributions.lines(run.number)
        line = lines[0]
        traced = max(lines, key=lambda x: (x.deducted > 0, x.gross))  # the longest trace: shares and deductions
        sales_, expenses = book.sales.list(), book.expenses.list()
        sale = next((s for s in sales_ if s.collected_on is None), sales_[0])
        collected = next(s for s in sales_ if s.collected_on is not None)
        expense = next((e for e in expenses if e.paid_on is None), expenses[0])
        paid = next(e for e in expenses if e.paid_on is not None)
        event = book.participation.events()[0]
        entry = book.ledger.entries()[-1]
        zone = book.zones.list()[0]
        product = book.products.list()[0]
        standard = book.prices.standard(product.code)
        lot = book.lots.list()[0]
        candidates = book.lots.candidates(lot.code)
    return {
        "MemberDialog (socio)": lambda: MemberDialog(None, runner, member),
        "PlotsDialog": lambda: PlotsDialog(None, runner, member),
        "PlotFormDialog (parcela)": lambda: PlotFormDialog(None, runner, member, plot),
        "VoidDialog (ticket)": lambda: VoidDialog(None, runner, delivery),
        "MovementDialog (cargo)": lambda: accounts.MovementDialog(None, runner, member, Direction.CHARGE),
        "MovementDialog (abono)": lambda: accounts.MovementDialog(None, runner, member, Direction.CREDIT),
        "InputsDialog": lambda: accounts.InputsDialog(None, runner, member),
        "LoanDialog": lambda: accounts.LoanDialog(None, runner, member),
        "ReverseDialog (movimiento)": lambda: accounts.ReverseDialog(None, runner, member, movement),
        "PrintAccountDialog": lambda: accounts.PrintAccountDialog(None, runner, member, movement.date, folder),
        "CriteriaDialog (nueva)": lambda: CriteriaDialog(None, runner, stored.criteria_text),
        "CriteriaDialog (corregir)": lambda: CriteriaDialog(None, runner, stored.criteria_text, published),
        "ApproveDialog": lambda: runs.ApproveDialog(None, runner, run),
        "PaymentDialog (línea)": lambda: runs.PaymentDialog(None, runner, run, line),
        "TraceDialog (línea)": lambda: runs.TraceDialog(None, stored, traced),
        "CompareDialog": lambda: runs.CompareDialog(None, runner, [run, published], run.number),
        "BatchPaymentDialog": lambda: BatchPaymentDialog(None, runner, run, folder),
        "UndoBatchDialog": lambda: UndoBatchDialog(None, runner, run),
        "ChangesDialog": lambda: ChangesDialog(None, run, changes),
        "CollectSaleDialog (venta)": lambda: sales.CollectSaleDialog(None, runner, sale),
        "VoidSaleDialog": lambda: sales.VoidSaleDialog(None, runner, sale),
        "CreditNoteDialog (venta)": lambda: CreditNoteDialog(None, runner, sale),
        "AddTicketsDialog (lote)": lambda: AddTicketsDialog(None, runner, lot, candidates),
        "CancelCollectionDialog": lambda: sales.CancelCollectionDialog(None, runner, collected),
        "PayExpenseDialog (gasto)": lambda: sales.PayExpenseDialog(None, runner, expense),
        "VoidExpenseDialog": lambda: sales.VoidExpenseDialog(None, runner, expense),
        "CancelPaymentDialog": lambda: sales.CancelPaymentDialog(None, runner, paid),
        "AttendanceDialog (asamblea)": lambda: AttendanceDialog(None, runner, event, members),
        "ReverseEntryDialog (asiento)": lambda: ReverseEntryDialog(None, runner, entry),
        "ZoneDialog (zona)": lambda: ZoneDialog(None, runner, zone),
        "StandardDialog (producto)": lambda: StandardDialog(None, runner, product, standard),
    }


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dialog_opened_on_a_selection_fits_with_nothing_clipped(qtbot, demo, demo_runner, tmp_path, size):
    makers = _selected_dialogs(demo_runner, demo, tmp_path)
    assert _unfit(qtbot, demo_runner, makers, size) == {}


# the dialogs opened on a record (a ticket to void, an entry to reverse, a member's loan and inputs, a line's
# trace, two runs compared, a correction's changes): in English too, whose labels run longer
ON_A_RECORD = ("VoidDialog (ticket)", "ReverseEntryDialog (asiento)", "ReverseDialog (movimiento)", "LoanDialog",
               "InputsDialog", "TraceDialog (línea)", "CompareDialog", "ChangesDialog")


def test_the_dialogs_on_a_record_fit_in_english_too(qtbot, demo, demo_runner, tmp_path):
    from coopdesk import i18n

    i18n.set_language("en")  # (the autouse fixture sets Spanish again for the next test)
    makers = _selected_dialogs(demo_runner, demo, tmp_path)
    assert _unfit(qtbot, demo_runner, {name: makers[name] for name in ON_A_RECORD}, (1024, 600)) == {}


def test_the_comparisons_summary_shows_its_labels_whole_on_a_1024_pixel_laptop(qtbot, demo, demo_runner, tmp_path):
    for language in ("es", "en"):
        from coopdesk import i18n

        i18n.set_language(language)
        dialog = _selected_dialogs(demo_runner, demo, tmp_path)["CompareDialog"]()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, demo_runner)
        dialog.resize(1100, 760)  # the size it asks for, on a larger screen than the test's 800×600
        fit.fit(dialog, QRect(0, 0, 1024, 600))
        qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=20_000)
        settle(qtbot, demo_runner)
        table = dialog.summary
        for row in range(table.rowCount()):
            for column in (0, 3):
                text = table.item(row, column).text()
                needs = table.fontMetrics().horizontalAdvance(text)
                assert table.columnWidth(column) > needs, (language, text)  # never «Parte del 10 % que má…»
        assert table.horizontalScrollBar().maximum() == 0
        dialog.close()


def test_the_socio_column_of_entregas_keeps_its_sample_width_in_a_narrow_window(qtbot, runner, window):
    from coopdesk.gui.deliveries.deliveries_view import DeliveriesView

    window.resize(1024, 600)
    view = window.deliveries
    window.go_to("deliveries")
    settle(qtbot, runner)
    socio = view.table.fontMetrics().horizontalAdvance("Marisol Yolanda Gutiérrez Huillca")
    assert isinstance(view, DeliveriesView)
    assert view.table.columnWidth(2) >= socio  # never «Soc…»: the table scrolls sideways instead
    window.resize(1366, 728)
    settle(qtbot, runner)
    assert view.table.columnWidth(2) >= socio


def test_column_widths_are_kept_for_the_next_session(qtbot, runner):
    from coopdesk.gui.kit import preferences
    from coopdesk.gui.members.members_view import MembersView

    first = MembersView(runner)
    qtbot.addWidget(first)
    first.resize(1000, 500)
    first.show()
    first.table.setColumnWidth(0, 137)
    qtbot.waitUntil(lambda: preferences.saved_widths("MembersView")[:1] == [137], timeout=20_000)
    first.close()

    again = MembersView(runner)
    qtbot.addWidget(again)
    assert again.table.columnWidth(0) == 137


def test_the_books_path_in_the_status_bar_gives_way_with_its_file_name_kept(qtbot, runner, window, db):
    window.resize(1024, 600)
    settle(qtbot, runner)
    label = window.location_label
    assert label.text() == str(db) and str(db) in label.toolTip()  # the whole path kept
    shown = label.shown_text()
    assert label.width() >= label.minimumSizeHint().width()
    assert label.fontMetrics().horizontalAdvance(str(db)) > label.contentsRect().width()  # it does not fit whole
    assert "…" in shown and shown.endswith("c.sqlite")  # cut in the middle, never at its end
