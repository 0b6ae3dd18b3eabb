"""A dialog of labelled fields that shows each problem under its field.

Both the member and the delivery dialogs (and the new-cooperative form) are a
``FormDialog``: fields are added with the name the core uses in its
``Problem.field``, so an ``InvalidInput`` from the core lands under the right
field, in red, with the field highlighted, and the dialog stays open with what
the user typed. Enter moves to the next field; on the last field it goes to
Guardar; Ctrl+S saves from anywhere.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any, Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes, InvalidInput
from coopdesk.core.cash_guard import is_negative_cash
from coopdesk.domain.reading import read_decimal
from coopdesk.domain.problems import Problem
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _, describe
from coopdesk.gui.kit.errors import record_anyway
from coopdesk.gui.kit.negative_cash import ask_reason

ERROR_COLOR = "#b71c1c"
STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"],
QSpinBox[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 2px solid {ERROR_COLOR}; border-radius: 3px; background: #fff3f3;
}}
QLabel[role="error"] {{ color: {ERROR_COLOR}; }}
"""


def error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FormDialog(QDialog):
    """Subclasses add fields, then implement ``prepare()``: it returns the
    function to run on the worker (``fn(book) -> Changes``) or raises
    ``InvalidInput`` for what the GUI itself could not read (a bad number)."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, title: str, save_text: str | None = None):
        super().__init__(parent)
        self.runner = runner
        self.changes: Changes | None = None
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._order: list[QWidget] = []
        self._saving = False
        self.setWindowTitle(title)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.setStyleSheet(STYLE)

        self.general_error = error_label()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(save_text or _("Guardar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(_("Cancelar"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter moves between fields; it never saves by surprise
        self.save_button.setToolTip(_("Guardar (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # -- building -------------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget, *, beside: QWidget | None = None,
                  focusable: bool = True) -> QWidget:
        """Add a row ``label: widget [beside]`` with its error line underneath."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if beside is not None:
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(widget, 1)
            row.addWidget(beside)
            column.addLayout(row)
        else:
            column.addWidget(widget)
        error = error_label()
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, box)
        self._fields[name] = widget
        self._errors[name] = error
        if focusable:
            self._order.append(widget)
        for signal in ("textChanged", "currentIndexChanged", "valueChanged", "dateChanged"):
            if hasattr(widget, signal):  # an edited field drops its old problem at once
                getattr(widget, signal).connect(lambda *_args, n=name: self._clear_problem(n))
                break
        return widget

    def _clear_problem(self, name: str) -> None:
        label = self._errors.get(name)
        if label is not None and not label.isHidden():
            label.clear()
            label.hide()
            self._mark(self._fields[name], False)

    def showEvent(self, event) -> None:
        """The cursor starts in the first field, and Tab runs through the fields,
        then Guardar and Cancelar (the buttons were made first, so say so)."""
        super().showEvent(event)
        chain = [w for w in self._order if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
        chain += [self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        if self._order and not any(w.hasFocus() for w in self._order):
            self._order[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def share_field(self, name: str, shown_as: str) -> None:
        """Problems the core names ``name`` are shown under the field ``shown_as``
        (a row of several widgets, e.g. a comprobante's type, serie and número)."""
        self._fields[name], self._errors[name] = self._fields[shown_as], self._errors[shown_as]

    def add_to_tab_order(self, *widgets: QWidget) -> None:
        """Widgets inside a row, in the order Tab and Enter visit them."""
        self._order.extend(widgets)

    def add_section(self, title: str) -> None:
        header = QLabel(f"<b>{title}</b>")
        self.form.addRow(header)

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def error_text(self, name: str) -> str:
        """The problem shown under a field ('' if none): what tests and screen readers read."""
        label = self._errors[name]
        return label.text() if not label.isHidden() else ""

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner, *args, **kwargs) -> Changes | None:
        """Show the dialog until it is saved or cancelled: the ``Changes`` saved, or None."""
        dialog = cls(parent, runner, *args, **kwargs)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.changes if accepted else None
        finally:
            dialog.deleteLater()

    # -- problems -------------------------------------------------------------

    def show_field_problems(self, name: str, problems: Iterable[Problem]) -> None:
        """One field's problems as it is typed (the others' stay as they are); none clears it."""
        label, sentences = self._errors[name], [describe(p) for p in problems]
        label.setText("\n".join(sentences))
        label.setVisible(bool(sentences))
        self._mark(self._fields[name], bool(sentences))

    def clear_problems(self) -> None:
        self.general_error.clear()
        self.general_error.hide()
        for name, label in self._errors.items():
            label.clear()
            label.hide()
            self._mark(self._fields[name], False)

    def show_problems(self, problems: Iterable[Problem]) -> None:
        """Every problem under its field (or at the top if it has none)."""
        self.clear_problems()
        general: list[str] = []
        first: QWidget | None = None
        for problem in problems:
            sentence = describe(problem)
            label = self._errors.get(problem.field)
            if label is None:
                general.append(sentence)
                continue
            label.setText(f"{label.text()}\n{sentence}" if label.text() else sentence)
            label.show()
            widget = self._fields[problem.field]
            self._mark(widget, True)
            if first is None or self._position(widget) < self._position(first):
                first = widget
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        self._grow_to_fit()
        if first is not None and first.focusPolicy() != Qt.FocusPolicy.NoFocus:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _grow_to_fit(self) -> None:
        """Make room for the messages just shown, so no field is squeezed under them."""
        layout = self.layout()
        layout.activate()
        wanted = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _position(self, widget: QWidget) -> int:
        return self._order.index(widget) if widget in self._order else len(self._order)

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", "true" if invalid else "false")
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # -- saving ---------------------------------------------------------------

    def prepare(self) -> Callable[[Any], Changes]:
        raise NotImplementedError

    # what the warnings box says under a form's warnings (``warnings_of``), and its button
    warning_advice = ""
    warning_anyway = ""

    def warnings_of(self) -> Callable[[Any], list[Problem]] | None:
        """What the user should know before recording what was typed (never a
        refusal), read on the worker: a function of the book, or None."""
        return None

    def warning_focus(self) -> QWidget | None:
        """Where the cursor goes when the user chooses to review after a warning."""
        return None

    def save(self) -> None:
        """Prepare (every problem at once), then the warnings, if any, for the user
        to decide, then record on the worker."""
        if self._saving or not self.save_button.isEnabled():
            return
        self.clear_problems()
        try:
            work = self.prepare()
        except InvalidInput as exc:
            self.show_problems(exc.problems)
            return
        self._set_saving(True)
        check = self.warnings_of()
        if check is None:
            self._record(work)
            return
        self.runner.run(check, lambda warnings: self._checked(warnings, work),
                        lambda _exc: self._record(work),  # recording says what is wrong
                        owner=self)

    def _checked(self, warnings: list[Problem], work) -> None:
        if warnings and not self.confirm_warnings(warnings):
            self._set_saving(False)
            focus = self.warning_focus()
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._record(work)

    def _record(self, work) -> None:
        self.runner.mutate(work, self._saved, partial(self._refused, work=work), owner=self)

    def confirm_warnings(self, warnings: list[Problem]) -> bool:
        """Show the warnings: True to record anyway (replaced in tests)."""
        return record_anyway(self, warnings, self.warning_advice, self.warning_anyway)

    def _saved(self, changes: Changes) -> None:
        self._set_saving(False)
        self.changes = changes
        self.accept()

    def confirm_negative_cash(self, problems: list[Problem]) -> str | None:
        """The core refused because Caja or a bank would go below zero: the reason
        to record it anyway, or None to review (replaced in tests)."""
        return ask_reason(self, problems)

    def _refused(self, exc: Exception, work=None) -> None:
        if is_negative_cash(exc) and work is not None:
            problems = list(exc.problems)
            reason = self.confirm_negative_cash(problems)
            if reason:
                def confirmed(book, reason=reason, work=work):
                    with book.cash.confirmed(reason):
                        return work(book)
                self.runner.mutate(confirmed, self._saved, self._refused, owner=self)
                return
        self._set_saving(False)
        self.show_problems(getattr(exc, "problems", ()))

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        if saving:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- keyboard -------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
                return
            field = self._field_holding(focused)
            if field is not None:
                self.focus_after(field)
            # anywhere else Enter does nothing: Qt would press the default button, and a
            # form never saves by surprise (Guardar is pressed, or Ctrl+S)
            return
        super().keyPressEvent(event)

    def _field_holding(self, widget: QWidget | None) -> QWidget | None:
        while widget is not None and widget is not self:
            if widget in self._order:
                return widget
            widget = widget.parentWidget()
        return None

    def focus_after(self, field: QWidget) -> None:
        """Move to the next enabled field after ``field``, or to Guardar after the last."""
        index = self._order.index(field)
        for following in self._order[index + 1:]:
            if following.isEnabled() and following.isVisible():
                following.setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.save_button.setFocus(Qt.FocusReason.TabFocusReason)


class NumberParser:
    """Reads numbers typed by the treasurer ("120,5" or "120.5") as Decimal, never float,
    collecting a Spanish problem per field that does not hold a number."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def decimal(self, field: str, edit: QLineEdit, default: Decimal | None = None,
                missing: Problem | None = None, example: str = "") -> Decimal:
        """``missing`` and ``example``: hints that fit the field (``read_decimal``)."""
        value, problems = read_decimal(edit.text(), field, default, missing, example)
        self.problems += problems
        return value

    def check(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)
