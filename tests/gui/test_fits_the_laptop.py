"""Fits the laptop: every screen and dialog usable at 1366×728 (a 768-pixel laptop
less its taskbar) and at 1024×600, with nothing clipped; column widths kept.

A widget is clipped when, shown, it reaches outside what holds it (its parent, up
to its window) other than inside a scroll area, which scrolls to it; a button is
clipped when it is narrower than its own text needs (its minimum size hint)."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QRect
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
    }


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dialog_fits_with_nothing_clipped(qtbot, runner, db, size):
    problems = {}
    for name, make in _dialogs(runner, db).items():
        try:
            dialog = make()
        except TypeError as exc:  # a dialog whose arguments changed: said, not skipped
            problems[name] = [f"could not be opened: {exc}"]
            continue
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, runner)
        fit.fit(dialog, QRect(0, 0, *size))
        settle(qtbot, runner)
        found = []
        if dialog.width() > size[0] or dialog.height() > size[1]:
            found.append(f"{dialog.width()}×{dialog.height()} does not fit {size[0]}×{size[1]}")
        if dialog.minimumSizeHint().height() > size[1] or dialog.minimumSizeHint().width() > size[0]:
            found.append(f"needs at least {dialog.minimumSizeHint().width()}×{dialog.minimumSizeHint().height()}")
        found += clipped(dialog)
        if found:
            problems[name] = found
        dialog.close()
    assert problems == {}


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
    qtbot.waitUntil(lambda: preferences.saved_widths("MembersView")[:1] == [137], timeout=3000)
    first.close()

    again = MembersView(runner)
    qtbot.addWidget(again)
    assert again.table.columnWidth(0) == 137
