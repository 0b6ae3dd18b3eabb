"""Cuentas: what writes to a member's account (cuenta corriente del socio).

A charge or a credit (``MovementDialog``), inputs on credit item by item
(``InputsDialog``), a loan with its schedule previewed as it is typed
(``LoanDialog``) and a reversal with its reason (``ReverseDialog``). Each is a
``FormDialog``: the core's problems land under the field they name, and the
work runs on the worker through ``runner.mutate``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.accounts import MovementRow
from coopdesk.core.dto import MemberRow
from coopdesk.domain.accounts import (
    MAX_LOAN_MONTHS,
    Concept,
    Direction,
    InputItem,
    LoanInput,
    MovementInput,
    check_items,
    check_loan,
    check_movement,
    loan_schedule,
)
from coopdesk.domain.money import CENTIMO, ZERO
from coopdesk.domain.problems import Problem, Text
from coopdesk.domain.reading import read_decimal
from coopdesk.gui.kit.rows import static_table
from coopdesk.gui.kit.table_models import RIGHT
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import TypedGrid, choice_combo, combo_value, date_edit, number_edit
from coopdesk.i18n import N_, _, describe, label
from coopdesk.i18n.formatting import format_date, format_money, format_number

BAD_CELL = QColor("#ffd9d9")


def concept_name(concept: str) -> str:
    return label(concept)  # the vocabulary's one name (domain/catalog.py LABELS)


def member_line(member: MemberRow) -> str:
    return _("Socio: %(code)s · %(name)s") % {"code": member.code, "name": member.sort_name}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _intro(dialog: FormDialog, text: str, plain: bool = True) -> QLabel:
    intro = QLabel(text)
    intro.setWordWrap(True)
    if plain:
        intro.setTextFormat(Qt.TextFormat.PlainText)  # names are the user's text
    dialog.form.addRow(intro)
    return intro


def _text_edit(max_length: int, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


# -- a charge or a credit -------------------------------------------------------------


def money_combo():
    """Caja or the bank: where a movement's money goes out of or comes into (Caja first, as most are in cash)."""
    combo = choice_combo([("101", _("Caja (101)")), ("1041", _("Banco (1041)"))])
    combo.setCurrentIndex(0)
    return combo


class MovementDialog(FormDialog):
    """``MovementDialog.ask(parent, runner, member, direction)`` -> the ``Changes``, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow, direction: str):
        charge = direction == Direction.CHARGE
        title = _("Cargo a la cuenta de %(name)s") if charge else _("Abono a la cuenta de %(name)s")
        super().__init__(parent, runner, title % {"name": member.sort_name},
                         save_text=_("Registrar cargo") if charge else _("Registrar abono"))
        self.member, self.direction = member, direction
        _intro(self, member_line(member))
        hint = _intro(self, _("Un cargo aumenta lo que el socio debe: un adelanto, insumos, aportaciones "
                              "suscritas o un saldo de préstamo que venía de antes.") if charge else
                      _("Un abono disminuye lo que el socio debe: un pago en efectivo, un depósito o aportaciones "
                        "pagadas."))
        hint.setStyleSheet("color: #4a4a4a;")
        today = self.runner.today()
        self.concept = self.add_field("concept", _("Concepto:"), choice_combo(
            [(c.value, concept_name(c)) for c in Concept], _("Elija…")))
        self.amount = self.add_field("amount", _("Monto (S/):"), number_edit("0.00"))
        self.date = self.add_field("date", _("Fecha:"), date_edit(today, maximum=today))
        self.description = self.add_field("description", _("Descripción:"), _text_edit(
            200, _("Por ejemplo: adelanto a cuenta de la cosecha") if charge else _("Por ejemplo: pago en caja")))
        self.money = self.add_field("money", _("Sale de:") if charge else _("Entra a:"), money_combo())
        self.reference = self.add_field("reference", _("Referencia:"), _text_edit(
            60, _("N.º de recibo, voucher u operación (opcional)")))
        self.setMinimumWidth(560)

    def prepare(self):
        parser = NumberParser()
        amount = parser.decimal("amount", self.amount)
        data = MovementInput(self.member.code, self.date.date().toPython(), combo_value(self.concept),
                             self.direction, amount, self.description.text().strip(), self.reference.text().strip(),
                             combo_value(self.money))
        if parser.problems:  # with the other fields' problems, all at once
            parser.problems += [p for p in check_movement(data, self.runner.today()) if p.field != "amount"]
        parser.check()
        return lambda book: book.accounts.record(data)


# -- inputs on credit -------------------------------------------------------------------

DESCRIPTION, QUANTITY, PRICE, AMOUNT = range(4)
ITEM_FIELDS = {DESCRIPTION: "description", QUANTITY: "quantity", PRICE: "unit_price"}


class ItemGrid(TypedGrid):
    """The items as a small spreadsheet: Enter moves to the next cell (and, at the
    end of a filled last line, opens a new one); on an empty last line it leaves."""

    def __init__(self, rows: int, headers: list[str]):
        super().__init__(rows, len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for row in range(rows):
            self.init_row(row)

    def init_row(self, row: int) -> None:
        for column in range(self.columnCount()):
            item = QTableWidgetItem("")
            if column != DESCRIPTION:
                item.setTextAlignment(RIGHT)
            if column == AMOUNT:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(row, column, item)

    def add_row(self) -> int:
        """A new empty last line. Its cells are made before anyone hears of them:
        a listener walking the lines never meets a half-made one."""
        row = self.rowCount()
        blocked = self.blockSignals(True)
        try:
            self.insertRow(row)
            self.init_row(row)
        finally:
            self.blockSignals(blocked)
        return row

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def row_is_blank(self, row: int) -> bool:
        return not any(self.text(row, c) for c in ITEM_FIELDS)

    def advance(self) -> bool:
        """The next cell to type in; False when Enter should leave the grid."""
        row, column = self.currentRow(), self.currentColumn()
        if row < 0:
            self.setCurrentCell(0, DESCRIPTION)
            return True
        if column < PRICE:
            self.setCurrentCell(row, column + 1)
            return True
        if row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, DESCRIPTION)
            return True
        if self.row_is_blank(row):
            return False
        self.setCurrentCell(self.add_row(), DESCRIPTION)
        return True



class InputsDialog(FormDialog):
    """Insumos al crédito: each item's quantity × price, the total live; saved as
    one charge of ``insumos`` with its items."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow):
        super().__init__(parent, runner, _("Insumos al crédito para %(name)s") % {"name": member.sort_name},
                         save_text=_("Registrar insumos"))
        self.member = member
        self._bad_cells: set[tuple[int, int]] = set()
        _intro(self, member_line(member))
        today = self.runner.today()
        self.date = self.add_field("date", _("Fecha de entrega:"), date_edit(today, maximum=today))

        self.grid = ItemGrid(4, [_("Descripción"), _("Cantidad"), _("Precio unitario"), _("Importe")])
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        metrics = self.grid.fontMetrics()
        for column, sample in ((QUANTITY, "00,000.000"), (PRICE, "S/ 00,000.00"), (AMOUNT, "S/ 000,000.00")):
            title = self.grid.horizontalHeaderItem(column).text()
            header.resizeSection(column, max(metrics.horizontalAdvance(sample),
                                             header.fontMetrics().horizontalAdvance(title)) + 24)
        self.grid.setMinimumHeight(self.grid.verticalHeader().defaultSectionSize() * 6)
        self.grid.itemChanged.connect(self._item_changed)
        add = QPushButton(_("Agregar línea"))
        add.setAutoDefault(False)
        add.clicked.connect(lambda: self.grid.setCurrentCell(self.grid.add_row(), DESCRIPTION))
        self.remove_button = QPushButton(_("Quitar línea"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_line)
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.setStyleSheet("font-weight: bold;")
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.grid, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.total)
        column.addLayout(row)
        self.add_field("items", _("Insumos:"), box)
        self._fields["items"] = self.grid  # Enter and the problems go to the grid itself
        self._order[self._order.index(box)] = self.grid
        self.reference = self.add_field("reference", _("Referencia:"), _text_edit(
            60, _("N.º de guía o vale de salida (opcional)")))
        self.setMinimumWidth(720)
        self.resize(760, 460)
        self._recompute()

    def remove_line(self) -> None:
        row = self.grid.currentRow()
        if row < 0:
            return
        self.grid.removeRow(row)
        if self.grid.rowCount() == 0:
            self.grid.add_row()
        self._bad_cells.clear()
        self._recompute()

    # -- live figures ---------------------------------------------------------

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == AMOUNT:
            return
        if (item.row(), item.column()) in self._bad_cells:
            self._bad_cells.discard((item.row(), item.column()))
            item.setBackground(QColor(0, 0, 0, 0))
        self._clear_problem("items")  # an edited field drops its old problem, as every field does
        self._recompute()

    def _recompute(self) -> None:
        total = ZERO
        self.grid.blockSignals(True)
        try:
            for row in range(self.grid.rowCount()):
                quantity, q_problems = read_decimal(self.grid.text(row, QUANTITY), "q")
                price, p_problems = read_decimal(self.grid.text(row, PRICE), "p")
                amount = ""
                if not (q_problems or p_problems) and quantity > ZERO and price > ZERO:
                    value = CENTIMO(quantity * price)
                    total += value
                    amount = format_money(value)
                self.grid.item(row, AMOUNT).setText(amount)
        finally:
            self.grid.blockSignals(False)
        self.total.setText(_("Total: %(total)s") % {"total": format_money(total)})

    # -- reading and saving -----------------------------------------------------

    def read_items(self) -> tuple[list[InputItem], list[Problem]]:
        """The filled lines as items, numbered as the grid shows them (blank lines
        between them are taken out first, so "Insumo 3" is line 3)."""
        for row in reversed(range(self.grid.rowCount())):
            if self.grid.row_is_blank(row) and row < self.grid.rowCount() - 1:
                self.grid.removeRow(row)
        items, problems = [], []
        for row in range(self.grid.rowCount()):
            if self.grid.row_is_blank(row):
                continue
            n = row + 1
            values = {}
            for column, what in ((QUANTITY, N_("cantidad")), (PRICE, N_("precio"))):
                value, read = read_decimal(self.grid.text(row, column), f"items[{n}].{ITEM_FIELDS[column]}")
                values[column] = value
                problems += [Problem(p.field, N_("Insumo %(n)s, %(what)s: %(problem)s"),
                                     {"n": n, "what": Text(what), "problem": _lower_first(describe(p))})
                             for p in read]
            items.append(InputItem(self.grid.text(row, DESCRIPTION), values[QUANTITY], values[PRICE]))
        read_fields = {p.field for p in problems}
        problems += [p for p in check_items(items) if p.field not in read_fields]
        return items, problems

    def _row_of_item(self, n: int) -> int:
        return n - 1 if 0 < n <= self.grid.rowCount() else -1

    def show_problems(self, problems: Iterable[Problem]) -> None:
        """An item's problem is shown under the grid and its cell coloured."""
        shown = []
        self._bad_cells.clear()
        for problem in problems:
            if problem.field.startswith("items["):
                number, _dot, name = problem.field[len("items["):].partition("].")
                row = self._row_of_item(int(number)) if number.isdigit() else -1
                column = next((c for c, f in ITEM_FIELDS.items() if f == name), None)
                if row >= 0 and column is not None:
                    self._bad_cells.add((row, column))
                problem = Problem("items", problem.message, problem.params)
            shown.append(problem)
        self.grid.blockSignals(True)
        try:
            for row in range(self.grid.rowCount()):
                for column in ITEM_FIELDS:
                    self.grid.item(row, column).setBackground(BAD_CELL if (row, column) in self._bad_cells
                                                              else QColor(0, 0, 0, 0))
        finally:
            self.grid.blockSignals(False)
        super().show_problems(shown)

    def prepare(self):
        items, problems = self.read_items()
        if problems:
            raise InvalidInput(problems)
        code, day, reference = self.member.code, self.date.date().toPython(), self.reference.text().strip()
        return lambda book: book.accounts.record_inputs(code, day, items, reference)


# -- a loan -------------------------------------------------------------------------------


class LoanDialog(FormDialog):
    """Préstamo: amount, annual rate, monthly installments and date; the schedule
    (French method, as the core computes it) is shown while it is typed."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow):
        super().__init__(parent, runner, _("Préstamo para %(name)s") % {"name": member.sort_name},
                         save_text=_("Otorgar préstamo"))
        self.member = member
        self.schedule = []
        _intro(self, member_line(member))
        today = self.runner.today()
        self.principal = self.add_field("principal", _("Monto (S/):"), number_edit("0.00"))
        self.rate = self.add_field("annual_rate", _("Tasa de interés:"), number_edit("0.00", width_chars=6),
                                   beside=QLabel(_("% anual")))
        self.months = self.add_field("months", _("Cuotas mensuales:"), QSpinBox())
        self.months.setRange(1, MAX_LOAN_MONTHS)
        self.months.setValue(12)
        self.months.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.months.setMaximumWidth(self.rate.maximumWidth())
        self.date = self.add_field("date", _("Fecha del préstamo:"), date_edit(today, maximum=today))
        self.description = self.add_field("description", _("Descripción:"), _text_edit(
            200, _("Por ejemplo: préstamo para renovar el cacaotal")))
        self.money = self.add_field("money", _("Se entrega de:"), money_combo())

        self.preview = static_table([_("N.º"), _("Vence"), _("Cuota"), _("Interés"), _("Capital"),
                                     _("Saldo de capital")], [], right_from=2)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMinimumHeight(self.preview.verticalHeader().defaultSectionSize() * 6)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(QLabel(_("<b>Cronograma de pagos</b>")))
        column.addWidget(self.preview_note)
        column.addWidget(self.preview, 1)
        self.layout().insertWidget(self.layout().indexOf(self.form) + 1, box, 100)  # the schedule takes the height
        for edit in (self.principal, self.rate):
            edit.textChanged.connect(self._recompute)
        self.months.valueChanged.connect(self._recompute)
        self.date.dateChanged.connect(self._recompute)
        self.setMinimumWidth(680)
        self.resize(700, 700)
        self._recompute()

    def _loan(self) -> tuple[LoanInput, list[Problem]]:
        parser = NumberParser()
        principal = parser.decimal("principal", self.principal)
        rate = parser.decimal("annual_rate", self.rate)
        data = LoanInput(self.member.code, self.date.date().toPython(), principal, rate, self.months.value(),
                         self.description.text().strip(), combo_value(self.money))
        read = {p.field for p in parser.problems}
        return data, parser.problems + [p for p in check_loan(data, self.runner.today()) if p.field not in read]

    def _recompute(self) -> None:
        data, problems = self._loan()
        self.schedule = [] if problems else loan_schedule(data.principal, data.annual_rate, data.months, data.date)
        rows, outstanding = [], data.principal
        for installment in self.schedule:
            outstanding -= installment.principal
            rows.append((format_number(installment.number), format_date(installment.due),
                         format_money(installment.payment), format_money(installment.interest),
                         format_money(installment.principal), format_money(outstanding)))
        self._fill_preview(rows)
        if not self.schedule:
            self.preview_note.setText(_("Escriba el monto, la tasa y el número de cuotas para ver el cronograma."))
            return
        interest = sum((i.interest for i in self.schedule), ZERO)
        self.preview_note.setText(_("Total a pagar: <b>%(total)s</b> (capital %(principal)s + intereses "
                                    "%(interest)s). El interés de cada cuota se debe desde su vencimiento.") % {
            "total": format_money(data.principal + interest), "principal": format_money(data.principal),
            "interest": format_money(interest)})

    def _fill_preview(self, rows) -> None:
        from coopdesk.gui.kit.rows import fill_table

        fill_table(self.preview, rows, right_from=2)
        header = self.preview.horizontalHeader()
        metrics = self.preview.fontMetrics()
        samples = ("000", "00/00/0000", "S/ 00,000.00", "S/ 00,000.00", "S/ 00,000.00", "S/ 000,000.00")
        for i, sample in enumerate(samples):
            widest = max([metrics.horizontalAdvance(sample)] + [metrics.horizontalAdvance(r[i]) for r in rows])
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, max(widest, header.fontMetrics().horizontalAdvance(
                self.preview.horizontalHeaderItem(i).text())) + 20)
        for i in range(2, len(samples)):  # the amounts share the width left
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        for i in range(len(rows)):
            self.preview.item(i, 0).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.preview.item(i, 1).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        for column in (0, 1):
            self.preview.horizontalHeaderItem(column).setTextAlignment(Qt.AlignmentFlag.AlignCenter)

    def prepare(self):
        data, problems = self._loan()
        if problems:
            raise InvalidInput(problems)
        member_id = self.member.id
        return lambda book: (book.accounts.grant_loan(data), Changes(members=(member_id,)))[1]


# -- a reversal -----------------------------------------------------------------------------


class ReverseDialog(FormDialog):
    """Revertir: an opposite movement dated today, naming the one it undoes."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow, movement: MovementRow):
        super().__init__(parent, runner, _("Revertir un movimiento"), save_text=_("Revertir"))
        self.movement = movement
        _intro(self, member_line(member))
        what = _("Cargo") if movement.direction == Direction.CHARGE else _("Abono")
        _intro(self, _("%(what)s de %(concept)s del %(date)s por %(amount)s: %(description)s") % {
            "what": what, "concept": concept_name(movement.concept), "date": format_date(movement.date),
            "amount": format_money(movement.amount), "description": movement.description or "—"})
        note = _intro(self, _("Se registra hoy un movimiento contrario que lo anula. El original se conserva, "
                              "marcado como revertido: nada se borra."))
        note.setStyleSheet("color: #4a4a4a;")
        self.reason = self.add_field("reason", _("Motivo:"), _text_edit(200, _("Por ejemplo: se registró dos "
                                                                               "veces")))
        self.setMinimumWidth(560)

    def prepare(self):
        movement_id, reason = self.movement.id, self.reason.text()
        return lambda book: book.accounts.reverse(movement_id, reason)


def amount_of(value: Decimal) -> str:
    """An amount cell: blank for nothing (a ledger leaves the other column empty)."""
    return format_money(value) if value else ""


# -- printing the Estado de cuenta corriente ---------------------------------------------


def write_account_statement(book, code: str, start: date, end: date, folder) -> str:
    """On the worker: the member's Estado de cuenta corriente for a period as a
    PDF in ``folder`` (one file per member and end date); its path."""
    from coopdesk.reports.account_pdf import account_filename, render_account_statement  # ReportLab, only now
    from coopdesk.reports.account_view import content_of, numbered_view, printable_view

    from coopdesk.core.ledger_books import open_period

    printable = book.accounts.printable_statement(code, start, end)
    view = printable_view(printable, book.clock.today(), open_period(book, end))
    view = numbered_view(view, book.documents.account_statement(code, start, end, content_of(view)))
    parts = printable[0]
    member = parts[2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / account_filename(member.code, end)
    render_account_statement(view, str(path))
    return str(path)


class PrintAccountDialog(FormDialog):
    """The period of the Estado de cuenta corriente: the campaign so far, unless
    the treasurer says otherwise. ``written`` holds the PDF's path once saved."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, member: MemberRow, first_movement: date | None,
                 folder):
        super().__init__(parent, runner, _("Imprimir estado de cuenta"), save_text=_("Imprimir"))
        self.member, self.folder = member, folder
        self.first_movement = first_movement
        self.written: list[str] = []
        _intro(self, member_line(member))
        today = self.runner.today()
        self.start = self.add_field("start", _("Desde:"), date_edit(first_movement or today, maximum=today))
        self.end = self.add_field("end", _("Hasta:"), date_edit(today, maximum=today))
        note = _intro(self, _("Los movimientos anteriores a la fecha inicial se resumen en el saldo anterior. "
                              "El PDF se guarda en %(folder)s y se abre.") % {"folder": str(folder)})
        note.setStyleSheet("color: #4a4a4a;")
        self.setMinimumWidth(560)
        self.save_button.setEnabled(False)  # until the campaign's dates are here
        runner.run(lambda book: book.campaigns.current(), self._campaign_loaded,
                   lambda _exc: self.save_button.setEnabled(True), owner=self)

    def _campaign_loaded(self, campaign) -> None:
        today = self.runner.today()
        if campaign is not None and campaign.start_date <= today:
            self.start.setDate(campaign.start_date)
            self.end.setDate(min(campaign.end_date, today))
        self.save_button.setEnabled(True)

    def prepare(self):
        code, start, end, folder, written = (self.member.code, self.start.date().toPython(),
                                             self.end.date().toPython(), self.folder, self.written)
        if start > end:
            raise InvalidInput([Problem("start", N_("La fecha inicial es posterior a la final."))])
        return lambda book: (written.append(write_account_statement(book, code, start, end, folder)), Changes())[1]
