"""Contabilidad: what writes to the books.

* ``EntryDialog`` (Nuevo asiento): fecha, glosa, referencia and the lines typed
  as a small sheet — cuenta (searchable by code or name, accents or not), socio
  (only on the member accounts), debe, haber — with the totals and the
  difference live; Guardar stays disabled while the entry does not balance. The
  core's problems land under the field they name.
* ``ReverseEntryDialog``: the date of the opposite entry and why.
* ``CloseYearDialog``: the ejercicio's closing entry, with its result shown first.
* ``confirm_close_period``: «Un periodo cerrado no se abre de nuevo».

Everything runs on the worker through ``runner.mutate``. The ledger's calls
return ids, not ``Changes``: the dialogs announce an empty ``Changes()`` (the
Contabilidad screen reloads on any change) and keep the id they got.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.dto import MemberRow
from coopdesk.core.ledger import CLOSED, CLOSING, AccountRow, EntryRow, PeriodRow
from coopdesk.domain import limits
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.problems import N_, Problem, Text
from coopdesk.domain.reading import read_decimal
from coopdesk.domain.text import search_fold
from coopdesk.gui.deliveries.delivery_dialog import SEPARATOR, SUGGEST_DELAY_MS, SUGGESTIONS, suggestion
from coopdesk.gui.distribution.distribution_dialogs import confirm
from coopdesk.gui.kit.forms import ERROR_COLOR, FormDialog
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import date_edit
from coopdesk.i18n import _, describe
from coopdesk.i18n.formatting import format_date, format_money, format_month

FOLD_ROLE = Qt.ItemDataRole.UserRole + 1
OK_COLOR = "#1b5e20"
HINT_STYLE = "color: #4a4a4a;"
ACCOUNT, MEMBER, DEBIT, CREDIT = range(4)
FIRST_LINES = 4


# -- words ------------------------------------------------------------------------------


def account_text(account: AccountRow) -> str:
    """«656 — Suministros»: how an account is chosen and shown."""
    return f"{account.code}{SEPARATOR}{account.name}"


def month_name(year: int, month: int) -> str:
    """«Marzo de 2026» (in English «March 2026»): the prose month, as a heading."""
    text = format_month(year, month)
    return text[:1].upper() + text[1:]


def period_name(period: PeriodRow | tuple[int, int]) -> str:
    """«2026-03 (marzo de 2026)»."""
    year, month = (period.year, period.month) if isinstance(period, PeriodRow) else period
    name = month_name(year, month)
    return f"{year:04d}-{month:02d} ({name[:1].lower() + name[1:]})"


def money(value: Decimal) -> str:
    return format_money(value)


def tidy_amount(edit: QLineEdit) -> None:
    """«405» or «405,5» typed reads «405.00», «405.50» once the cell is left, as a sheet shows money."""
    value, problems = read_decimal(edit.text(), "amount")
    if edit.text().strip() and not problems and value == value.quantize(CENT) and value >= ZERO:
        text = f"{value.quantize(CENT):f}"
        if text != edit.text():
            edit.setText(text)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- the searchable account combo --------------------------------------------------------------


class FoldingCompleter(QCompleter):
    """Finds «656», «suministros» or «credito» anywhere in «14223 — Insumos a crédito a
    socios»: it matches the typed text folded (no accents, no case) against each
    item's folded text, and puts the item's own text in the field."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [search_fold(path)]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt's name
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


def account_combo(accounts: Sequence[AccountRow], everything: str = "") -> QComboBox:
    """An editable combo of the chart, searchable by code or name; with ``everything``
    a first item that means «no account» (its data '')."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMaxVisibleItems(16)
    set_accounts(combo, accounts, everything)
    completer = FoldingCompleter(combo.model(), combo)
    completer.setCompletionRole(FOLD_ROLE)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    combo.setCompleter(completer)
    combo.lineEdit().setPlaceholderText(_("Código o nombre de la cuenta"))
    combo.lineEdit().editingFinished.connect(lambda: complete_account(combo))
    return combo


def set_accounts(combo: QComboBox, accounts: Sequence[AccountRow], everything: str = "") -> None:
    current = account_of(combo) if combo.count() else ""
    combo.blockSignals(True)
    try:
        combo.clear()
        if everything:
            combo.addItem(everything, "")
            combo.setItemData(0, search_fold(everything), FOLD_ROLE)
        for account in accounts:
            combo.addItem(account_text(account), account.code)
            combo.setItemData(combo.count() - 1, search_fold(account_text(account)), FOLD_ROLE)
        index = combo.findData(current) if (current or everything) else -1
        combo.setCurrentIndex(index)
        if index < 0:
            combo.setEditText("")
    finally:
        combo.blockSignals(False)


def account_of(combo: QComboBox) -> str:
    """The code of the account typed or chosen ('' for none): an item's text, a code
    alone («656») or whatever was typed before « — » (the core says if it exists)."""
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if index >= 0 and combo.itemText(index) == combo.currentText():
        return combo.itemData(index) or ""
    if not text:
        return ""
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index >= 0:
        return combo.itemData(index) or ""
    code = text.split(SEPARATOR)[0].strip()
    index = combo.findData(code)
    return combo.itemData(index) if index >= 0 else code


def complete_account(combo: QComboBox, first: bool = False) -> None:
    """«656» typed becomes «656 — Suministros» when the field is left, and so does «suministros»
    (the only account it names); with ``first`` (Enter) the first account the text names,
    as the list of suggestions shows it."""
    code = account_of(combo)
    index = combo.findData(code)
    if index < 0 and code:
        words = search_fold(combo.currentText()).split()
        named = [i for i in range(combo.count()) if combo.itemData(i)
                 and all(w in (combo.itemData(i, FOLD_ROLE) or "") for w in words)]
        if len(named) == 1 or (named and first):
            index = named[0]
    if index >= 0 and combo.currentText() != combo.itemText(index):
        combo.setCurrentIndex(index)
        combo.setEditText(combo.itemText(index))


# -- the lines, as a small sheet ------------------------------------------------------------------


class LinesTable(QTableWidget):
    """The entry's lines: each cell is its own editor. Enter moves on as a contador
    types: cuenta → socio (member accounts only) → debe → (haber, only when the debe
    was left blank) → the next line's cuenta; a new line opens after a filled last
    one, and on a blank last line Enter leaves the sheet."""

    edited = Signal()
    rows_changed = Signal()  # a line was added or taken out (the Tab order follows)
    member_typed = Signal(object)  # the socio QLineEdit being typed in

    def __init__(self, accounts: Sequence[AccountRow], suggestions: QStringListModel, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.accounts = {a.code: a for a in accounts}
        self._chart = list(accounts)
        self._suggestions = suggestions
        self.leave: Callable[[], None] = lambda: None
        self.setHorizontalHeaderLabels([_("Cuenta"), _("Socio"), _("Debe"), _("Haber")])
        for column in (DEBIT, CREDIT):
            self.horizontalHeaderItem(column).setTextAlignment(Qt.AlignmentFlag.AlignRight
                                                               | Qt.AlignmentFlag.AlignVCenter)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cells' editors take the focus
        self.setWordWrap(False)
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        header.setSectionResizeMode(ACCOUNT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MEMBER, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(MEMBER, metrics.horizontalAdvance("S0000 — Quispe Mamani, Rosa") + 24)
        for column in (DEBIT, CREDIT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, metrics.horizontalAdvance("000,000,000.00") + 28)
        probe = QComboBox()
        self.verticalHeader().setDefaultSectionSize(probe.sizeHint().height() + 6)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(self.verticalHeader().defaultSectionSize() * 5 + header.sizeHint().height() + 4)
        for _row in range(FIRST_LINES):
            self.add_row()

    # -- the cells ----------------------------------------------------------------------------

    def add_row(self) -> int:
        row = self.rowCount()
        self.insertRow(row)
        combo = account_combo(self._chart)
        combo.currentIndexChanged.connect(self._combo_changed)  # bound slots: nothing is called once
        combo.editTextChanged.connect(self._combo_changed)      # the sheet is gone (a closed dialog)
        member = QLineEdit()
        member.setMaxLength(limits.DESCRIPTION)
        completer = QCompleter(self._suggestions, member)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        member.setCompleter(completer)
        member.textEdited.connect(self._member_edited)
        member.textChanged.connect(self.edited)
        self.setCellWidget(row, ACCOUNT, combo)
        self.setCellWidget(row, MEMBER, member)
        for column in (DEBIT, CREDIT):
            edit = QLineEdit()
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setPlaceholderText("0.00")
            edit.textChanged.connect(self.edited)
            edit.editingFinished.connect(self._amount_left)
            self.setCellWidget(row, column, edit)
        for widget in (combo, member, self.amount(row, DEBIT), self.amount(row, CREDIT)):
            widget.installEventFilter(self)
        for popup in (combo.completer().popup(), completer.popup()):
            popup.installEventFilter(self)  # after the completer's own filter: this one sees Enter first
        self._account_changed(combo)
        self.setFocusProxy(self.account_combo(0))
        self.rows_changed.emit()
        return row

    def account_combo(self, row: int) -> QComboBox:
        return self.cellWidget(row, ACCOUNT)

    def member(self, row: int) -> QLineEdit:
        return self.cellWidget(row, MEMBER)

    def amount(self, row: int, column: int) -> QLineEdit:
        return self.cellWidget(row, column)

    def account(self, row: int) -> str:
        return account_of(self.account_combo(row))

    def member_code(self, row: int) -> str:
        return self.member(row).text().strip().split(SEPARATOR)[0].strip()

    def row_is_blank(self, row: int) -> bool:
        return not (self.account_combo(row).currentText().strip() or self.member(row).text().strip()
                    or self.amount(row, DEBIT).text().strip() or self.amount(row, CREDIT).text().strip())

    def row_of(self, widget: QWidget | None) -> int:
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                cell = self.cellWidget(row, column)
                if widget is not None and cell is not None and (cell is widget or cell.isAncestorOf(widget)):
                    return row
        return -1

    def editors(self, row: int) -> list[QWidget]:
        return [self.cellWidget(row, column) for column in range(self.columnCount())]

    def _combo_changed(self, *_args) -> None:
        self._account_changed(self.sender())

    def _member_edited(self, *_args) -> None:
        self.member_typed.emit(self.sender())

    def _amount_left(self) -> None:
        edit = self.sender()
        if isinstance(edit, QLineEdit):
            tidy_amount(edit)

    def _account_changed(self, combo: QComboBox) -> None:
        row = self.row_of(combo)
        if row < 0:
            return
        member = self.member(row)
        account = self.accounts.get(account_of(combo))
        takes_member = account is not None and account.member_ledger
        member.setEnabled(takes_member)
        member.setPlaceholderText(_("Código o nombre del socio") if takes_member else "")
        member.setToolTip("" if takes_member else _("Solo las cuentas de socios llevan el socio."))
        if not takes_member and member.text():
            member.clear()
        self.edited.emit()

    def remove(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            self.removeRow(row)
        while self.rowCount() < 2:
            self.add_row()
        self.setFocusProxy(self.account_combo(0))
        self.rows_changed.emit()
        self.edited.emit()

    def drop_blank_rows(self) -> None:
        """Blank lines are not lines, as a blank row of a sheet: taken out before
        reading, so «Línea 3» is the third line the contador sees."""
        for row in reversed(range(self.rowCount())):
            if self.row_is_blank(row) and self.rowCount() > 2:
                self.removeRow(row)
        self.setFocusProxy(self.account_combo(0))
        self.rows_changed.emit()

    # -- Enter, as a contador types ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(watched, QAbstractItemView):  # a completer's list: take the highlighted (or first)
                self._take_completion(watched)
                return True
            self.advance(watched)
            return True
        return super().eventFilter(watched, event)

    def _take_completion(self, popup: QAbstractItemView) -> None:
        index = popup.currentIndex()
        if not index.isValid() and popup.model().rowCount() > 0:
            index = popup.model().index(0, 0)
        for row in range(self.rowCount()):
            combo, member = self.account_combo(row), self.member(row)
            if popup is combo.completer().popup():
                popup.hide()
                if index.isValid():
                    chosen = combo.findText(index.data(Qt.ItemDataRole.DisplayRole))
                    combo.setCurrentIndex(chosen)
                    combo.setEditText(combo.itemText(chosen) if chosen >= 0 else combo.currentText())
                self.advance(combo)
                return
            if popup is member.completer().popup():
                popup.hide()
                if index.isValid():
                    member.setText(index.data(Qt.ItemDataRole.DisplayRole))
                self.advance(member)
                return

    def advance(self, widget: QObject) -> None:
        row = self.row_of(widget if isinstance(widget, QWidget) else None)
        if row < 0:
            return
        combo = self.account_combo(row)
        if widget is combo or widget is combo.lineEdit():
            combo.completer().popup().hide()
            complete_account(combo, first=True)
            column = MEMBER if self.member(row).isEnabled() else DEBIT
        elif widget is self.member(row):
            self.member(row).completer().popup().hide()
            column = DEBIT
        elif widget is self.amount(row, DEBIT) and not self.amount(row, DEBIT).text().strip():
            column = CREDIT
        else:
            column = None  # the line is done
        if column is not None:
            self.focus_cell(row, column)
        elif row + 1 < self.rowCount():
            self.focus_cell(row + 1, ACCOUNT)
        elif self.row_is_blank(row):
            self.leave()
        else:
            self.focus_cell(self.add_row(), ACCOUNT)

    def focus_cell(self, row: int, column: int) -> None:
        self.scrollTo(self.model().index(row, column))
        self.cellWidget(row, column).setFocus(Qt.FocusReason.TabFocusReason)

    def cells(self) -> list[QWidget]:
        """Every editor, line by line: the Tab order."""
        return [self.cellWidget(row, column) for row in range(self.rowCount()) for column in range(self.columnCount())]


# -- a new entry ----------------------------------------------------------------------------


class EntryDialog(FormDialog):
    """``EntryDialog.ask(parent, runner, accounts, day)`` -> the ``Changes``, or None;
    ``posted`` holds the new entry's id."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, accounts: Sequence[AccountRow],
                 day: date | None = None):
        super().__init__(parent, runner, _("Nuevo asiento"), save_text=_("Registrar asiento"))
        self.accounts = {a.code: a for a in accounts}
        self.posted: list[int] = []
        self._bad_rows: set[int] = set()
        self.date = self.add_field("date", _("Fecha:"), date_edit(day or self.runner.today()))
        self.description = self.add_field("description", _("Glosa:"), QLineEdit())
        self.description.setMaxLength(limits.DESCRIPTION)
        self.description.setPlaceholderText(_("Qué se registra, por ejemplo: compra de sacos para el acopio"))
        self.reference = self.add_field("reference", _("Referencia:"), QLineEdit())
        self.reference.setMaxLength(limits.REFERENCE)
        self.reference.setPlaceholderText(_("N.º de factura, boleta, recibo o voucher (opcional)"))
        self.opening = self.add_field("opening", "", QCheckBox(_("Asiento de apertura: los saldos con que empiezan "
                                                                  "los libros del ejercicio")))
        self.opening.setToolTip(_("Solo cuentas de activo, pasivo y patrimonio; uno por ejercicio."))

        self._suggestions = QStringListModel(self)
        self._suggested: dict[str, str] = {}
        self.lines = LinesTable(accounts, self._suggestions)
        self.lines.edited.connect(self._edited)
        self.lines.member_typed.connect(self._member_typed)
        self.lines.leave = lambda: self.focus_after(self.lines)
        add = QPushButton(_("Agregar línea"))
        add.setAutoDefault(False)
        add.clicked.connect(lambda: self.lines.focus_cell(self.lines.add_row(), ACCOUNT))
        self.remove_button = QPushButton(_("Quitar línea"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(_("Quita la línea donde está el cursor"))
        self.remove_button.clicked.connect(self.remove_line)
        self._last_row = 0
        self.debit_total, self.credit_total, self.difference = QLabel(), QLabel(), QLabel()
        for total in (self.debit_total, self.credit_total, self.difference):
            total.setTextFormat(Qt.TextFormat.PlainText)
            total.setStyleSheet("font-weight: bold;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.lines, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.debit_total)
        row.addSpacing(18)
        row.addWidget(self.credit_total)
        row.addSpacing(18)
        row.addWidget(self.difference)
        column.addLayout(row)
        column.addWidget(self.status)
        self.add_field("lines", _("Líneas:"), box)
        self._fields["lines"] = self.lines  # the problems of the lines go under the sheet
        self._order[self._order.index(box)] = self.lines
        self.layout().setStretchFactor(self.form, 10)  # the sheet takes the height
        self.lines.rows_changed.connect(self._retab)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self._suggest_timer.timeout.connect(self._suggest)
        self._typing_member: QLineEdit | None = None
        self.setMinimumWidth(900)
        self.resize(980, 600)
        self._recompute()

    # -- the lines -----------------------------------------------------------------------------

    def remove_line(self) -> None:
        row = self.lines.row_of(self.focusWidget())
        self.lines.remove(row if row >= 0 else self._last_row)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Remember the line the cursor was last in: clicking «Quitar línea» takes the focus."""
        row = self.lines.row_of(new)
        if row >= 0:
            self._last_row = row

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._retab()

    def _retab(self) -> None:
        """Tab runs fecha, glosa, referencia, every cell line by line, then Guardar and Cancelar."""
        chain = [self.date, self.description, self.reference, *self.lines.cells(), self.save_button,
                 self.cancel_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _edited(self) -> None:
        self._clear_problem("lines")
        self._unmark_rows()
        self._recompute()

    def read(self) -> tuple[list[LineInput], Decimal, Decimal, list[Problem]]:
        """The lines as typed (blank ones left out), the totals, and a problem for each
        amount that is not a number or has more than two decimals."""
        lines: list[LineInput] = []
        problems: list[Problem] = []
        debit_total = credit_total = ZERO
        number = 0
        for row in range(self.lines.rowCount()):
            if self.lines.row_is_blank(row):
                continue
            number += 1
            values = {}
            for column, what in ((DEBIT, N_("debe")), (CREDIT, N_("haber"))):
                edit = self.lines.amount(row, column)
                value, found = read_decimal(edit.text(), "lines", default=ZERO)
                if not found and value != value.quantize(CENT):
                    found = [Problem("lines", N_("los montos van en soles con dos decimales como máximo."))]
                problems += [Problem("lines", N_("Línea %(n)s, %(column)s: %(problem)s"), {
                    "n": number, "column": Text(what), "problem": lower_first(describe(p))}) for p in found]
                FormDialog._mark(edit, bool(found))
                values[column] = value if not found else ZERO
            debit_total += values[DEBIT]
            credit_total += values[CREDIT]
            member = self.lines.member_code(row) if self.lines.member(row).isEnabled() else ""
            lines.append(LineInput(self.lines.account(row), debit=values[DEBIT], credit=values[CREDIT],
                                   member_code=member))
        return lines, debit_total, credit_total, problems

    def _recompute(self) -> None:
        _lines, debit, credit, problems = self.read()
        difference = abs(debit - credit)
        self.debit_total.setText(_("Debe %(amount)s") % {"amount": money(debit)})
        self.credit_total.setText(_("Haber %(amount)s") % {"amount": money(credit)})
        self.difference.setText(_("Diferencia %(amount)s") % {"amount": money(difference)})
        balanced = not problems and debit > ZERO and debit == credit
        self.difference.setStyleSheet(f"font-weight: bold; color: {OK_COLOR if balanced else ERROR_COLOR};")
        if problems:
            status, color = "\n".join(describe(p) for p in problems), ERROR_COLOR
        elif debit == credit == ZERO:
            status, color = _("Escriba las líneas: cada una con su cuenta y un monto en el debe o en el haber."), ""
        elif debit > credit:
            status, color = _("No cuadra: faltan %(amount)s en el haber.") % {"amount": money(difference)}, ERROR_COLOR
        elif credit > debit:
            status, color = _("No cuadra: faltan %(amount)s en el debe.") % {"amount": money(difference)}, ERROR_COLOR
        else:
            status, color = _("El asiento cuadra."), OK_COLOR
        self.status.setText(status)
        self.status.show()
        self.status.setStyleSheet(f"color: {color};" if color else HINT_STYLE)
        self._balanced = balanced
        self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self._balanced and not self._saving)
        self.save_button.setToolTip(_("Guardar (Ctrl+S)") if self._balanced else
                                    _("Se puede guardar cuando el debe y el haber suman lo mismo."))

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        self._update_save()

    # -- the socio suggestions ---------------------------------------------------------------------

    def _member_typed(self, edit: QLineEdit) -> None:
        self._typing_member = edit
        self._suggest_timer.start()

    def _suggest(self) -> None:
        edit = self._typing_member
        if edit is None:
            return
        text = edit.text().strip()
        if not text or text in self._suggested:
            return
        self.runner.run(lambda book: book.members.page(text, limit=SUGGESTIONS),
                        lambda members: self._show_suggestions(edit, text, members), owner=self)

    def _show_suggestions(self, edit: QLineEdit, text: str, members: list[MemberRow]) -> None:
        if edit.text().strip() != text:
            return  # typed on; a newer search is on its way
        lines = [suggestion(m) for m in members]
        self._suggested = {line: m.code for line, m in zip(lines, members)}
        self._suggestions.setStringList(lines)
        if lines and edit.hasFocus():
            edit.completer().complete()

    def done(self, result: int) -> None:
        self._suggest_timer.stop()
        super().done(result)

    # -- problems ------------------------------------------------------------------------------

    def show_problems(self, problems: Iterable[Problem]) -> None:
        """A line's problem goes under the sheet, and its line is marked."""
        problems = list(problems)
        self._unmark_rows()
        for problem in problems:
            n = problem.params.get("n") if problem.field == "lines" else None
            if isinstance(n, int) and 0 < n <= self.lines.rowCount():
                self._bad_rows.add(n - 1)
        for row in self._bad_rows:
            for widget in self.lines.editors(row):
                if widget.isEnabled():
                    FormDialog._mark(widget, True)
        super().show_problems(problems)
        self.status.setVisible(not self.error_text("lines"))  # the problems say it; «cuadra» would only confuse

    def _unmark_rows(self) -> None:
        for row in self._bad_rows:
            if row < self.lines.rowCount():
                for widget in self.lines.editors(row):
                    FormDialog._mark(widget, False)
        self._bad_rows.clear()

    # -- saving --------------------------------------------------------------------------------

    def prepare(self):
        self.lines.drop_blank_rows()
        lines, _debit, _credit, problems = self.read()
        if problems:
            raise InvalidInput(problems)
        entry = EntryInput(self.date.date().toPython(), self.description.text().strip(), tuple(lines),
                           self.reference.text().strip())
        posted, opening = self.posted, self.opening.isChecked()

        def work(book) -> Changes:
            posted.append(book.ledger.post_opening(entry) if opening else book.ledger.post(entry))
            return Changes()

        return work


# -- a reversal -----------------------------------------------------------------------------


class ReverseEntryDialog(FormDialog):
    """Revertir asiento: the opposite entry on a date of an open period, and why."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, entry: EntryRow, day: date | None = None):
        super().__init__(parent, runner, _("Revertir el asiento %(number)s") % {"number": entry.number},
                         save_text=_("Revertir"))
        self.entry = entry
        self.reversal: list[int] = []
        intro = QLabel(_("Asiento %(number)s del %(date)s por %(amount)s: %(description)s") % {
            "number": entry.number, "date": format_date(entry.date), "amount": money(entry.total),
            "description": entry.description})
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(intro)
        note = QLabel(_("Se registra un asiento contrario, con cada debe al haber y cada haber al debe, en la fecha "
                        "que indique (de un periodo abierto). El original se conserva, marcado como revertido: "
                        "nada se borra."))
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        self.form.addRow(note)
        day = max(day or self.runner.today(), entry.date)
        self.date = self.add_field("date", _("Fecha de la reversión:"), date_edit(day, minimum=entry.date))
        self.reason = self.add_field("reason", _("Motivo:"), QLineEdit())
        self.reason.setMaxLength(limits.DESCRIPTION)
        self.reason.setPlaceholderText(_("Por ejemplo: factura anulada"))
        self.setMinimumWidth(560)

    def prepare(self):
        entry_id, day, reason = self.entry.id, self.date.date().toPython(), self.reason.text()
        reversal = self.reversal

        def work(book) -> Changes:
            reversal.append(book.ledger.reverse(entry_id, day, reason))
            return Changes()

        return work


# -- closing ----------------------------------------------------------------------------------


def confirm_close_period(parent: QWidget | None, year: int, month: int, today: date) -> bool:
    last_day = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1))
    details = _("Un periodo cerrado no se abre de nuevo: no se podrá registrar ni revertir ningún asiento con "
                "fecha hasta el %(date)s. Una corrección se hará con un asiento en un periodo abierto.") % {
        "date": format_date(date.fromordinal(last_day.toordinal() - 1))}
    if last_day > today:
        details += "\n\n" + _("Atención: el mes aún no termina.")
    return confirm(parent, _("Cerrar el periodo"),
                   _("¿Cerrar el periodo %(period)s?") % {"period": period_name((year, month))}, details,
                   _("Cerrar el periodo"))


def closing_of(book, year: int) -> EntryRow | None:
    """On the worker: the ejercicio's closing entry, if it has one (dated 31 December)."""
    day = date(year, 12, 31)
    return next((e for e in book.ledger.entries(start=day, end=day) if e.source_kind == CLOSING
                 and e.source_id == year), None)


class CloseYearDialog(FormDialog):
    """Cierre del ejercicio: the year's result (as the income statement shows it)
    first, then its closing entry on 31 December."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, year: int):
        super().__init__(parent, runner, _("Cierre del ejercicio"), save_text=_("Registrar el cierre"))
        self.closing: list[int | None] = []
        self.closed_year: int | None = None
        intro = QLabel(_("El asiento de cierre lleva cada cuenta de ingresos y de gastos a cero y el resultado a "
                         "591 Excedentes por distribuir (o, si hay pérdida, a 592 Pérdidas acumuladas). Se registra "
                         "al 31 de diciembre, una sola vez por ejercicio, y no se borra. Con él se cierran todos los "
                         "meses del ejercicio: después nada se registra con fecha de ese año (un documento olvidado "
                         "va al año siguiente)."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.year = self.add_field("year", _("Ejercicio:"), QSpinBox())
        self.year.setRange(1900, 9999)
        self.year.setValue(year)
        self.year.setMaximumWidth(self.year.fontMetrics().horizontalAdvance("00000") + 48)
        self.year.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setStyleSheet("font-weight: bold;")
        self.form.addRow(self.preview)
        self.year.valueChanged.connect(lambda _v: self._preview())
        self._ready = False
        self.setMinimumWidth(560)
        self._preview()

    def _preview(self) -> None:
        year = self.year.value()
        self._ready = False
        self._update_save()
        self.preview.setText(_("Calculando…"))
        self.runner.run(lambda book: (book.ledger.income_statement(year), closing_of(book, year),
                                      book.ledger.tax_provision(year)),
                        lambda found: self._previewed(year, *found), owner=self)

    def _previewed(self, year: int, statement, closing: EntryRow | None, provision=None) -> None:
        if year != self.year.value():
            return
        if closing is not None:
            self.preview.setText(_("El ejercicio %(year)s ya tiene su asiento de cierre: %(number)s del %(date)s.")
                                 % {"year": year, "number": closing.number, "date": format_date(closing.date)})
            return
        if not statement.income and not statement.expenses:
            self.preview.setText(_("El ejercicio %(year)s no tiene ingresos ni gastos: no hay nada que cerrar.")
                                 % {"year": year})
            return
        tax = provision.to_post if provision is not None else ZERO
        result = statement.result - tax
        text = (_("Remanente del ejercicio %(year)s: %(amount)s, a 591 Excedentes por distribuir.")
                if result >= ZERO else
                _("Pérdida del ejercicio %(year)s: %(amount)s, a 592 Pérdidas acumuladas.")) % {
            "year": year, "amount": money(abs(result))}
        if tax > ZERO:
            text += " " + _("Antes, el impuesto a la renta de lo que no es acto cooperativo: %(tax)s (%(rate)s %% de "
                            "%(base)s).") % {"tax": money(tax), "rate": provision.percent,
                                             "base": money(provision.base)}
        self.preview.setText(text)
        self._ready = True
        self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self._ready and not self._saving)

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        self._update_save()

    def prepare(self):
        year, closing = self.year.value(), self.closing
        self.closed_year = year

        def work(book) -> Changes:
            closing.append(book.ledger.close_year(year))
            return Changes()

        return work


# -- SUNAT's electronic books (PLE) ------------------------------------------------------------------


def choose_folder(parent: QWidget | None, start: str) -> str:
    """Ask for the folder of the PLE files ('' if cancelled); replaced in tests."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, _("Carpeta de los libros electrónicos"), start)


class PleDialog(FormDialog):
    """Libros electrónicos (PLE): a month's 5.1, 5.3, 6.1, 1.1 and 1.2 as SUNAT's
    .txt files in a folder (docs/ple.md). The bank of each cuenta corriente (for
    the 1.2) is asked here too and kept in the cooperative's settings."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, periods: Sequence[PeriodRow],
                 accounts: Sequence[AccountRow], folder: str = ""):
        from coopdesk.domain.ple import LIBROS, is_cuenta_corriente

        super().__init__(parent, runner, _("Libros electrónicos (PLE)"), save_text=_("Generar"))
        self.written: list = []
        intro = QLabel(_("Genera los archivos de texto que el PLE de SUNAT valida y envía, con los nombres que "
                         "SUNAT pide. Un libro sin movimientos en el mes sale vacío, «sin información»."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.month = self.add_field("month", _("Periodo:"), QComboBox())
        months = sorted({(p.year, p.month) for p in periods}, reverse=True)
        today = self.runner.today()
        if (today.year, today.month) not in months:
            months.insert(0, (today.year, today.month))
        closed = [(p.year, p.month) for p in periods if p.status == CLOSED]
        for year, month in months:
            self.month.addItem(period_name((year, month)), f"{year}-{month:02d}")
        if closed:
            self.month.setCurrentIndex(months.index(max(closed)))
        box = QWidget()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.libros: dict[str, QCheckBox] = {}
        for number, libro in LIBROS.items():
            check = QCheckBox(f"{number}  {libro.title}")
            check.setChecked(True)
            row.addWidget(check)
            self.libros[number] = check
        box.setMinimumWidth(max(check.sizeHint().width() for check in self.libros.values()))  # no title cut
        self.add_field("libro", _("Libros:"), box, focusable=False)
        self.folder = QLineEdit(folder)
        choose = QPushButton(_("Elegir…"))
        choose.clicked.connect(self._choose)
        self.add_field("out", _("Carpeta:"), self.folder, beside=choose)
        self.banks = [a for a in accounts if is_cuenta_corriente(a.code)]
        self.bank_account = QComboBox()
        for account in self.banks:
            self.bank_account.addItem(account_text(account), account.code)
        self.entity = QLineEdit()
        self.entity.setMaxLength(2)
        self.entity.setPlaceholderText(_("tabla 3, por ejemplo 11"))
        self.number = QLineEdit()
        self.number.setMaxLength(30)
        if self.banks:
            self.add_section(_("Cuenta corriente (libro 1.2)"))
            self.add_field("account", _("Cuenta:"), self.bank_account)
            self.add_field("entity", _("Entidad financiera:"), self.entity)
            self.add_field("number", _("Número de cuenta:"), self.number)
        self.stored: dict = {}
        self.bank_account.currentIndexChanged.connect(lambda _i: self._show_bank())
        self.runner.run(lambda book: book.settings.ple_bank_accounts, self._banks_loaded, owner=self)
        self.setMinimumWidth(max(620, self.layout().totalMinimumSize().width()))  # every libro's title whole

    def _banks_loaded(self, banks: dict) -> None:
        self.stored = dict(banks)
        self._show_bank()

    def _show_bank(self) -> None:
        bank = self.stored.get(self.bank_account.currentData())
        self.entity.setText(bank.entity if bank else "")
        self.number.setText(bank.number if bank else "")

    def _choose(self) -> None:
        chosen = choose_folder(self, self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def prepare(self):
        from coopdesk.core.ple import check_closed, write_month

        problems = []
        year, month = (int(part) for part in self.month.currentData().split("-"))
        libros = [number for number, check in self.libros.items() if check.isChecked()]
        folder = self.folder.text().strip()
        if not libros:
            problems.append(Problem("libro", N_("Marque al menos un libro.")))
        if not folder:
            problems.append(Problem("out", N_("Elija la carpeta donde se guardan los archivos.")))
        if problems:
            raise InvalidInput(problems)
        code = self.bank_account.currentData()
        entity, number = self.entity.text().strip(), self.number.text().strip()
        stored = self.stored.get(code)
        changed = code is not None and (entity, number) != ((stored.entity, stored.number) if stored else ("", ""))
        written = self.written

        def work(book) -> Changes:
            check_closed(book, year, month)  # an open month's refusal first: nothing kept, not even the bank
            if changed:
                book.settings.set_ple_bank_account(code, entity, number)
            written.extend(write_month(book, year, month, folder, libros))
            return Changes()

        return work
