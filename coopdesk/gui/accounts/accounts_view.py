"""Cuentas: a member's current account (cuenta corriente del socio).

On the left the padrón, searched by code, DNI or name as one types (the
Socios screen's list); on the right the chosen member's balances by concept and
every movement with the running saldo, as the Estado de cuenta shows them (the
interest of each loan installment on its due date, reversed movements marked),
and the actions: cargo, abono, insumos, préstamo, revertir, print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.accounts import Balances, MovementRow
from coopdesk.core.dto import MemberRow
from coopdesk.domain.accounts import Concept, Direction
from coopdesk.domain.catalog import MemberStatus
from coopdesk.domain.money import ZERO
from coopdesk.gui.kit.flow_layout import FlowLayout
from coopdesk.gui.kit import printing
from coopdesk.gui.accounts.account_dialogs import (
    InputsDialog,
    LoanDialog,
    MovementDialog,
    PrintAccountDialog,
    ReverseDialog,
    amount_of,
    concept_name,
)
from coopdesk.gui.kit.rows import COLUMN_PADDING, RowsModel, SORT_ARROW_ROOM, SortableColumn, sorted_table
from coopdesk.gui.kit.list_screen import ListScreen
from coopdesk.gui.kit.screen import Screen
from coopdesk.gui.kit.table_models import CENTER, RIGHT, Column
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import give_shortcut
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

MUTED = QColor("#7a7a7a")
EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True)
class AccountLine:
    """One line of the account: a movement, or the interest of a loan
    installment fallen due (``movement`` None), with the saldo after it."""

    date: date
    concept: str
    description: str
    reference: str
    charge: Decimal
    credit: Decimal
    balance: Decimal
    movement: MovementRow | None = None
    reversal: MovementRow | None = None  # the movement that reversed this one
    reverses: MovementRow | None = None  # the movement this one reverses

    @property
    def cancelled(self) -> bool:
        """Reversed, or a reversal: the pair cancels out."""
        return self.reversal is not None or self.reverses is not None


@dataclass(frozen=True)
class Account:
    member: MemberRow
    balances: Balances
    lines: tuple[AccountLine, ...]


def read_account(book, code: str) -> Account:
    """On the worker: the member, their balances today and their account lines.

    The lines are the Estado de cuenta's (every movement and each installment's
    interest on its due date, with the saldo after each), tied to the movements
    they come from so a movement can be reversed. The statement lists a day's
    movements first, in the order recorded, then the day's interest."""
    member = book.members.get(code)
    balances = book.accounts.balances(code)
    movements = book.accounts.movements(code)
    end = max([book.clock.today()] + [m.date for m in movements])
    statement = book.accounts.statement(code, EARLIEST, end)
    by_id = {m.id: m for m in movements}
    reversal_of = {m.reverses: m for m in movements if m.reverses is not None}
    pending = list(movements)
    lines = []
    for line in statement.lines:
        movement = None
        if pending and pending[0].date == line.date:
            movement = pending.pop(0)
            signed = movement.amount if movement.direction == Direction.CHARGE else -movement.amount
            if signed != line.charge - line.credit or movement.concept != line.concept:
                return Account(member, balances, _movement_lines(movements))  # not as expected: no interest
        lines.append(AccountLine(line.date, line.concept, line.description, line.reference, line.charge,
                                 line.credit, line.balance, movement,
                                 reversal_of.get(movement.id) if movement else None,
                                 by_id.get(movement.reverses) if movement and movement.reverses else None))
    if pending:
        return Account(member, balances, _movement_lines(movements))
    return Account(member, balances, tuple(lines))


def _movement_lines(movements: Sequence[MovementRow]) -> tuple[AccountLine, ...]:
    """The movements alone with their running saldo."""
    by_id = {m.id: m for m in movements}
    reversal_of = {m.reverses: m for m in movements if m.reverses is not None}
    balance, lines = ZERO, []
    for m in movements:
        charge = m.amount if m.direction == Direction.CHARGE else ZERO
        credit = m.amount - charge
        balance += charge - credit
        lines.append(AccountLine(m.date, m.concept, m.description, m.reference, charge, credit, balance, m,
                                 reversal_of.get(m.id), by_id.get(m.reverses) if m.reverses else None))
    return tuple(lines)


def line_state(line: AccountLine) -> str:
    if line.reversal is not None:
        return _("Revertido")
    if line.reverses is not None:
        return _("Reversión")
    return ""


def line_tooltip(line: AccountLine) -> str:
    if line.reversal is not None:
        return _("Revertido el %(date)s: %(reason)s") % {"date": format_date(line.reversal.date),
                                                         "reason": line.reversal.description}
    if line.reverses is not None:
        return _("Revierte el movimiento del %(date)s (%(description)s)") % {
            "date": format_date(line.reverses.date), "description": line.reverses.description or "—"}
    if line.movement is None:
        return _("Interés de la cuota, debido desde su vencimiento")
    return line.description


MONEY_SAMPLE = "-S/ 00,000.00"


def account_columns() -> list[SortableColumn]:
    return [
        SortableColumn(_("Fecha"), lambda r: format_date(r.date), align=CENTER, sample="00/00/0000"),
        SortableColumn(_("Concepto"), lambda r: concept_name(r.concept), sample=_("Aportaciones")),
        SortableColumn(_("Descripción"), lambda r: r.description, sample="Adelanto a cuenta de la cosecha",
                       tooltip=line_tooltip),
        SortableColumn(_("Referencia"), lambda r: r.reference, sample="REC-000123"),
        SortableColumn(_("Cargo"), lambda r: amount_of(r.charge), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Abono"), lambda r: amount_of(r.credit), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Saldo"), lambda r: format_money(r.balance), align=RIGHT, sample=MONEY_SAMPLE),
        SortableColumn(_("Estado"), line_state, align=CENTER, sample=_("Reversión"), tooltip=line_tooltip),
    ]


MONEY_COLUMNS = {4: "charge", 5: "credit", 6: "balance"}


class AccountLinesModel(RowsModel):
    """The lines in the order of the account; reversed pairs shown greyed."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() < self.rowCount():
            return MUTED if self.row_at(index.row()).cancelled else None
        return super().data(index, role)


def fit_money(table, rows: Sequence[AccountLine], columns: dict[int, str]) -> None:
    """Amount columns as wide as their widest amount, sign included."""
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    for i, attribute in columns.items():
        widest = max((metrics.horizontalAdvance(format_money(getattr(r, attribute))) for r in rows), default=0)
        title = table.model().headerData(i, Qt.Orientation.Horizontal)
        header.resizeSection(i, max(widest + COLUMN_PADDING, header.fontMetrics().horizontalAdvance(title)
                                    + SORT_ARROW_ROOM))


# -- the member picker --------------------------------------------------------------


def picker_columns() -> list[Column]:
    return [
        Column(_("Código"), lambda m: m.code, sample="S000000"),
        Column(_("Socio"), lambda m: m.sort_name, sample="Gutiérrez Huillca, Marisol",
               tooltip=lambda m: f"{m.code} · {m.sort_name} · " + _("DNI %(dni)s") % {"dni": m.dni}),
    ]


class MemberPicker(ListScreen):
    """The padrón searched as one types; Enter in the search takes the first member found."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(
            runner, picker_columns(),
            fetch=lambda book, text, after, limit: book.members.page(text, after, limit),
            count=lambda book, text: book.members.count(text),
            search_hint=_("Código, DNI o nombre…"), stretch_column=1, parent=parent,
        )
        self.search.setMinimumWidth(160)
        top = self.layout().itemAt(0).layout()
        top.setStretch(1, 0)  # the search takes the width the count leaves
        self.search.setToolTip(_("Busque al socio por código, DNI, nombres o apellidos; Enter elige el primero"))
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.search.returnPressed.connect(self.take_first)

    def count_text(self, n: int) -> str:
        return ngettext("%(n)s socio", "%(n)s socios", n) % {"n": format_number(n)}

    def concerns(self, changes: Changes) -> bool:
        return bool(changes.members) or changes.reference

    def apply(self, changes: Changes) -> None:
        if changes.reference or not self.model.refresh_rows(
                changes.members, lambda book, member_id: book.members.by_id(member_id), key=lambda m: m.id):
            self.reload()

    def reload(self) -> None:
        chosen = self.selected()
        if chosen is not None:  # the same member stays chosen when the list is read again
            self.select_when_loaded(lambda m: m.id == chosen.id)
        super().reload()

    def take_first(self) -> None:
        if self._search_timer.isActive() or self.search.text().strip() != self.model.search_text:
            self.select_when_loaded(lambda m: True)
            self.search_now()
        elif self.model.rowCount() > 0:
            self.select_where(lambda m: True)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


# -- the balances ------------------------------------------------------------------------


class AccountHeader(QFrame):
    """Who, and what they owe by concept today."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(16)  # the six figures fit beside the list on a 1024-pixel laptop
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0, 1, 6)
        grid.addWidget(self.details, 1, 0, 1, 6)
        self.figures: dict[str, QLabel] = {}
        names = [(Concept.ADVANCES.value, _("Adelantos")), (Concept.LOANS.value, _("Préstamos")),
                 (Concept.INPUTS.value, _("Insumos")), (Concept.SHARES.value, _("Aportaciones pendientes")),
                 ("capital", _("Capital pagado")), ("total", _("Total que debe"))]
        for column, (key, text) in enumerate(names):
            caption = QLabel(text)
            caption.setStyleSheet("color: #4a4a4a;")
            caption.setWordWrap(True)  # «Aportaciones pendientes» on two lines rather than off the screen
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-size: 12pt;" + (" font-weight: bold;" if key == "total" else ""))
            grid.addWidget(caption, 2, column)
            grid.addWidget(value, 3, column)
            self.figures[key] = value
        grid.setColumnStretch(6, 1)
        self.show_message(_("Elija un socio de la lista para ver su cuenta."))

    def show_message(self, text: str) -> None:
        self.title.setText(text)
        self.details.clear()
        for value in self.figures.values():
            value.clear()

    def show_account(self, account: Account) -> None:
        member, balances = account.member, account.balances
        self.title.setText(f"{member.code} · {member.sort_name}")
        details = [_("DNI %(dni)s") % {"dni": member.dni}, member.zone_name, label(member.certification)]
        if member.status != MemberStatus.ACTIVE:
            details.append(label(member.status))
        details.append(_("Saldos al %(date)s") % {"date": format_date(balances.as_of)})
        self.details.setText(" · ".join(details))
        for concept in Concept:
            owed = balances.of(concept)
            if concept == Concept.SHARES or owed >= ZERO:  # capital paid beyond the subscribed is not owed back
                text = format_money(max(owed, ZERO))
            else:  # a minus sign is easy to miss: say it (as the printed statement does)
                text = _("%(amount)s a su favor") % {"amount": format_money(-owed)}
            self.figures[concept.value].setText(text)
        self.figures["capital"].setText(format_money(balances.capital_paid))
        self.figures["total"].setText(format_money(balances.total_owed))


# -- the screen --------------------------------------------------------------------------


class AccountsView(Screen):
    status_message = Signal(str)  # for the main window's status bar

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.account: Account | None = None
        self._generation = 0
        self._select_newest = False

        self.picker = MemberPicker(runner)
        self.picker.selection_changed.connect(self._member_chosen)

        self.header = AccountHeader()
        columns = account_columns()
        self.model = AccountLinesModel(columns, parent=self)
        self.table = sorted_table(self.model, columns, stretch=2, title=_("Cuenta corriente"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #4a4a4a;")

        self.charge_button = self._button(_("Cargo…"), lambda: self._movement(Direction.CHARGE),
                                          _("Un adelanto, insumos o aportaciones suscritas: el socio debe más"))
        self.credit_button = self._button(_("Abono…"), lambda: self._movement(Direction.CREDIT),
                                          _("Un pago o aportaciones pagadas: el socio debe menos"))
        self.inputs_button = self._button(_("Insumos…"), self.record_inputs,
                                          _("Insumos al crédito, con cantidad y precio de cada uno"))
        self.loan_button = self._button(_("Préstamo…"), self.grant_loan,
                                        _("Un préstamo con su tasa de interés y su cronograma de cuotas"))
        self.reverse_button = self._button(_("Revertir…"), self.reverse,
                                           _("Anula el movimiento elegido con otro contrario; nada se borra"))
        self.print_button = self._button(_("Imprimir estado de cuenta…"), self.print_statement,
                                         _("Estado de cuenta corriente del socio en PDF, para entregárselo "
                                           "(Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        give_shortcut(self.charge_button, "Ctrl+Shift+C")  # Cargo
        give_shortcut(self.credit_button, "Ctrl+Shift+A")  # Abono
        buttons = FlowLayout()  # wraps at 1024 pixels instead of widening the screen
        for button in (self.charge_button, self.credit_button, self.inputs_button, self.loan_button,
                       self.reverse_button, self.print_button):
            buttons.addWidget(button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.picker)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([250, 950])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        runner.changed.connect(self.on_changes)
        runner.book_opened.connect(lambda _book: self._forget())
        self._update_buttons()

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setToolTip(tip)
        return button

    # -- loading ------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        if self.picker.model.rowCount() == 0 and self.picker.model.total is None:
            self.picker.reload()
        if self.account is not None:
            self.load(self.account.member.code)

    def on_changes(self, changes: Changes) -> None:
        mine = self.account is not None and (self.account.member.id in changes.members or changes.reference
                                             or changes.distributions)
        if not mine:
            return
        code = self.account.member.code
        self.when_visible(lambda: self.load(code))

    def _forget(self) -> None:
        """Another cooperative was opened: nobody is chosen."""
        self._generation += 1
        self.account = None
        self.model.set_rows([])
        self.header.show_message(_("Elija un socio de la lista para ver su cuenta."))
        self.empty.hide()
        self._update_buttons()

    def _member_chosen(self) -> None:
        member: MemberRow | None = self.picker.selected()
        if member is None or (self.account is not None and self.account.member.id == member.id):
            return  # a list read again keeps the member shown
        self.account = None
        self.model.set_rows([])
        self.header.show_message(_("Cargando la cuenta de %(name)s…") % {"name": member.sort_name})
        self.empty.hide()
        self._update_buttons()
        self.load(member.code)

    def load(self, code: str) -> None:
        self._generation += 1
        generation = self._generation
        self.runner.run(lambda book: read_account(book, code), lambda account: self._loaded(generation, account),
                        lambda exc: self._failed(generation, exc), owner=self)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation == self._generation:
            from coopdesk.i18n import describe

            problems = getattr(exc, "problems", ())
            self.header.show_message(" ".join(describe(p) for p in problems) or _("No se pudo leer la cuenta."))

    def _loaded(self, generation: int, account: Account) -> None:
        if generation != self._generation:
            return
        kept = self.selected_line()
        same_member = self.account is not None and self.account.member.id == account.member.id
        self.account = account
        self.header.show_account(account)
        self.model.set_rows(account.lines)
        fit_money(self.table, account.lines, MONEY_COLUMNS)
        self.empty.setText(_("%(name)s todavía no tiene movimientos en su cuenta.") % {
            "name": account.member.sort_name})
        self.empty.setVisible(not account.lines)
        row = None
        if self._select_newest:
            self._select_newest = False
            ids = [line.movement.id for line in account.lines if line.movement is not None]
            newest = max(ids, default=None)
            row = self.model.row_of(lambda line: line.movement is not None and line.movement.id == newest)
        elif same_member and kept is not None and kept.movement is not None:
            row = self.model.row_of(lambda line: line.movement is not None and line.movement.id == kept.movement.id)
        if row is not None:
            self.table.selectionModel().select(self.model.index(row, 0),
                                               QItemSelectionModel.SelectionFlag.ClearAndSelect
                                               | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.scrollToBottom()  # the latest movements, as a ledger is read
        self._update_buttons()

    # -- what applies -------------------------------------------------------------------

    def selected_line(self) -> AccountLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def reversible(self) -> MovementRow | None:
        line = self.selected_line()
        if line is None or line.movement is None or line.cancelled:
            return None
        return line.movement

    def _update_buttons(self) -> None:
        chosen = self.account is not None
        for button in (self.charge_button, self.credit_button, self.inputs_button, self.loan_button):
            button.setEnabled(chosen)
        self.reverse_button.setEnabled(chosen and self.reversible() is not None)
        self.print_button.setEnabled(chosen)

    # -- the actions ---------------------------------------------------------------------

    def _ask(self, dialog_type, *args) -> None:
        if self.account is None:
            return
        member = self.account.member
        self._select_newest = True
        changes = dialog_type.ask(self, self.runner, member, *args)
        if changes is None:
            self._select_newest = False

    def _movement(self, direction: str) -> None:
        self._ask(MovementDialog, direction)

    def record_inputs(self) -> None:
        self._ask(InputsDialog)

    def grant_loan(self) -> None:
        self._ask(LoanDialog)

    def reverse(self) -> None:
        movement = self.reversible()
        if movement is not None:
            self._ask(ReverseDialog, movement)

    def print_statement(self) -> None:
        """The Estado de cuenta corriente for a period, written on the worker into
        Documents/coopdesk/Estados de cuenta, then opened."""
        if self.account is None:
            return
        first = self.account.lines[0].date if self.account.lines else None
        dialog = PrintAccountDialog(self, self.runner, self.account.member, first, printing.statements_folder())
        try:
            if dialog.exec() and dialog.written:
                path = dialog.written[0]
                printing.show_pdf(path, self)
                self.status_message.emit(_("Estado de cuenta guardado en %(path)s") % {"path": path})
        finally:
            dialog.deleteLater()
