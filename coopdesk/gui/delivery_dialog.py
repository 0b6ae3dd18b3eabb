"""Registrar entrega: one intake ticket, typed with the keyboard alone.

Enter moves to the next field and, after the last, to Guardar; Ctrl+S saves.
The socio field suggests members by code, DNI or name as the treasurer types
(the suggestions are read on the worker). Neto and importe are shown live; the
core computes and stores its own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QMessageBox, QSpinBox, QWidget

from coopdesk.core import InvalidInput
from coopdesk.core.dto import CampaignRow, MemberRow, ProductRow
from coopdesk.domain import limits
from coopdesk.domain.catalog import MemberStatus, PriceUnit
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import Problem
from coopdesk.domain.rules import DeliveryInput, delivery_amount
from coopdesk.gui.forms import FormDialog, NumberParser
from coopdesk.gui.tasks import TaskRunner
from coopdesk.gui.widgets import choice_combo, combo_value, date_edit, number_edit, set_choices
from coopdesk.i18n import N_, _, describe, label
from coopdesk.i18n.formatting import format_kg, format_money

TICKET_SERIES = "001"
SUGGESTIONS = 15
SUGGEST_DELAY_MS = 200
SEPARATOR = " — "


def suggestion(member: MemberRow) -> str:
    text = SEPARATOR.join((member.code, member.sort_name, _("DNI %(dni)s") % {"dni": member.dni}))
    if member.status != MemberStatus.ACTIVE:
        text += f" ({label(member.status)})"
    return text


class DeliveryDialog(FormDialog):
    """``DeliveryDialog.ask(parent, runner)`` -> the ``Changes`` saved, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent, runner, _("Registrar entrega"))
        self._products: dict[str, ProductRow] = {}
        self._suggested: dict[str, str] = {}
        self.campaign: CampaignRow | None = None

        self.ticket = self.add_field("ticket", _("Ticket:"), QLineEdit())
        self.date = self.add_field("date", _("Fecha:"), date_edit(date.today()))
        self.member_hint = QLabel()
        self.member = self.add_field("member_code", _("Socio:"), QLineEdit(), beside=self.member_hint)
        self.product = self.add_field("product_code", _("Producto:"), choice_combo([], _("Elija el producto…")))
        self.sacks = self.add_field("sacks", _("Sacos:"), QSpinBox())
        self.gross = self.add_field("gross_kg", _("Peso bruto (kg):"), number_edit("0.000"))
        self.tare = self.add_field("tare_kg", _("Tara (kg):"), number_edit("0.000"))
        self.net = self.add_field("net_kg", _("Peso neto (kg):"), number_edit(), focusable=False)
        self.humidity = self.add_field("humidity_pct", _("Humedad (%):"), number_edit("0.00"))
        self.grade = self.add_field("grade", _("Calidad:"), QLineEdit())
        self.unit_label = QLabel()
        self.price = self.add_field("advance_price", _("Precio de adelanto:"), number_edit("0.00"),
                                    beside=self.unit_label)
        self.amount = self.add_field("amount", _("Importe:"), number_edit(width_chars=14), focusable=False)

        self.ticket.setMaximumWidth(self.ticket.fontMetrics().horizontalAdvance("0" * 14) + 16)
        self.ticket.setPlaceholderText("001-000123")
        self.member.setPlaceholderText(_("Escriba el código, el DNI o el nombre"))
        self.sacks.setRange(0, 9999)
        self.sacks.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.sacks.setMaximumWidth(self.gross.maximumWidth())
        self.grade.setMaxLength(20)
        self.grade.setMaximumWidth(self.gross.maximumWidth())
        self.grade.setPlaceholderText(_("A, B o C"))
        for shown in (self.net, self.amount):
            shown.setReadOnly(True)
            shown.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            shown.setStyleSheet("QLineEdit { background: palette(window); font-weight: bold; }")
        self.setMinimumWidth(620)

        self._setup_suggestions()
        for edit in (self.gross, self.tare, self.price):
            edit.textChanged.connect(self._recompute)
        self.product.currentIndexChanged.connect(self._recompute)
        self._recompute()

        self.save_button.setEnabled(False)  # until the campaign and products are here
        runner.run(
            lambda book: (book.campaigns.current(), book.products.list(), book.deliveries.next_ticket(TICKET_SERIES)),
            lambda loaded: self._loaded(*loaded), owner=self,
        )

    # -- loading --------------------------------------------------------------

    def _loaded(self, campaign: CampaignRow | None, products: list[ProductRow], ticket: str) -> None:
        self.campaign = campaign
        self._products = {p.code: p for p in products}
        set_choices(self.product, [(p.code, p.name) for p in products])
        if self.product.currentIndex() < 0 and products:
            self.product.setCurrentIndex(0)
        if not self.ticket.text():
            self.ticket.setText(ticket)
        if campaign is not None:
            today = min(max(date.today(), campaign.start_date), campaign.end_date)
            self.date.setDateRange(campaign.start_date, campaign.end_date)
            self.date.setDate(today)
            self.setWindowTitle(_("Registrar entrega — %(campaign)s") % {"campaign": campaign.name})
        self.save_button.setEnabled(True)
        self._recompute()

    # -- the socio field ------------------------------------------------------

    def _setup_suggestions(self) -> None:
        self._suggestions = QStringListModel(self)
        completer = QCompleter(self._suggestions, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.member.setCompleter(completer)
        # Our filter is installed after QCompleter's, so it sees Enter first: Enter
        # takes the highlighted member (if any) and moves on, in one keystroke.
        completer.popup().installEventFilter(self)
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_DELAY_MS)
        self._suggest_timer.timeout.connect(self._suggest)
        self.member.textEdited.connect(lambda _text: self._suggest_timer.start())
        self.member.textEdited.connect(lambda _text: self.member_hint.clear())
        self.member.editingFinished.connect(self._identify)
        self.member_hint.setStyleSheet("color: #4a4a4a;")

    def _suggest(self) -> None:
        text = self.member.text().strip()
        if not text or text in self._suggested:
            return
        self.runner.run(lambda book: book.members.page(text, limit=SUGGESTIONS),
                        lambda members: self._show_suggestions(text, members), owner=self)

    def _show_suggestions(self, text: str, members: list[MemberRow]) -> None:
        if self.member.text().strip() != text:
            return  # the treasurer kept typing; a newer search is on its way
        lines = [suggestion(m) for m in members]
        self._suggested = {line: m.code for line, m in zip(lines, members)}
        self._suggestions.setStringList(lines)
        if lines and self.member.hasFocus():
            self.member.completer().complete()

    def done(self, result: int) -> None:
        self._suggest_timer.stop()
        super().done(result)

    def _identify(self) -> None:
        """Name the member whose code was typed, so the clerk sees who it is."""
        code = self.member_code()
        if not code:
            return
        self.runner.run(lambda book: book.members.get(code), self._identified,
                        lambda _exc: self.member_hint.clear(), owner=self)

    def _identified(self, member: MemberRow) -> None:
        if self.member_code() == member.code:
            self.member_hint.setText(member.full_name if member.status == MemberStatus.ACTIVE
                                     else f"{member.full_name} ({label(member.status)})")

    def member_code(self) -> str:
        text = self.member.text().strip()
        return self._suggested.get(text) or text.split(SEPARATOR)[0].strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self.member.completer().popup() if self.member.completer() else None
        if (watched is popup and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            index = popup.currentIndex()
            if not index.isValid() and popup.model().rowCount() > 0:
                index = popup.model().index(0, 0)  # Enter on the list takes its first member
            if index.isValid():
                self.member.setText(index.data())
            popup.hide()
            self.focus_after(self.member)
            return True
        return super().eventFilter(watched, event)

    # -- live figures ---------------------------------------------------------

    def _unit(self) -> str:
        product = self._products.get(combo_value(self.product))
        return product.price_unit if product else PriceUnit.KG

    def _recompute(self) -> None:
        self.unit_label.setText(_("S/ por %(unit)s") % {"unit": self._unit()})
        parser = NumberParser()
        gross = parser.decimal("gross_kg", self.gross)
        tare = parser.decimal("tare_kg", self.tare, default=ZERO)
        price = parser.decimal("advance_price", self.price)
        net = gross - tare
        fields = {p.field for p in parser.problems}
        self.net.setText(format_kg(net) if {"gross_kg", "tare_kg"}.isdisjoint(fields) and net > ZERO else "")
        if fields or net <= ZERO or price < ZERO or net != net.quantize(Decimal("0.001")):
            self.amount.setText("")
        else:
            self.amount.setText(format_money(delivery_amount(net, price, self._unit())))

    # -- saving ---------------------------------------------------------------

    def prepare(self):
        parser = NumberParser()
        gross = parser.decimal("gross_kg", self.gross)
        tare = parser.decimal("tare_kg", self.tare, default=ZERO)
        humidity = parser.decimal("humidity_pct", self.humidity)
        price = parser.decimal("advance_price", self.price)
        code = self.member_code()
        if not code:
            parser.problems.append(Problem("member_code", N_("Escriba el código del socio o búsquelo por su nombre.")))
        if not combo_value(self.product):
            parser.problems.append(Problem("product_code", N_("Elija el producto.")))
        parser.check()
        data = DeliveryInput(
            ticket=self.ticket.text(),
            date=self.date.date().toPython(),
            member_code=code,
            product_code=combo_value(self.product),
            sacks=self.sacks.value(),
            gross_kg=gross,
            tare_kg=tare,
            humidity_pct=humidity,
            grade=self.grade.text(),
            advance_price=price,
        )
        self._data = data
        return lambda book: book.deliveries.record(data)

    def save(self) -> None:
        """As every form saves, but first the organic guard: on the worker, whether
        this ticket takes an organic member over the estimate of the internal
        control system. If so the clerk is warned and decides; it is never refused."""
        if self._saving or not self.save_button.isEnabled():
            return
        self.clear_problems()
        try:
            work = self.prepare()
        except InvalidInput as exc:
            self.show_problems(exc.problems)
            return
        self._set_saving(True)
        data = self._data
        net = data.gross_kg - data.tare_kg
        if net <= ZERO or net.adjusted() >= limits.MAX_TYPED_DIGITS:
            self._record(work)  # recording says what is wrong
            return
        campaign = self.campaign.code if self.campaign is not None else None
        self.runner.run(
            lambda book: book.plots.organic_check(data.member_code, data.product_code, net, campaign),
            lambda check: self._checked(check, work),
            lambda _exc: self._record(work),  # an unknown member or product: recording says so
            owner=self)

    def _checked(self, check, work) -> None:
        if check is not None and not self.confirm_organic(check):
            self._set_saving(False)
            self.gross.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._record(work)

    def _record(self, work) -> None:
        self.runner.mutate(work, self._saved, self._refused, owner=self)

    def confirm_organic(self, check) -> bool:
        """Warn that the member goes over the organic estimate: True to record anyway."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Control orgánico"))
        box.setText(describe(check.warning()))
        box.setInformativeText(_("El sistema interno de control pide revisar esta entrega antes de registrarla "
                                 "como orgánica."))
        anyway = box.addButton(_("Registrar de todos modos"), QMessageBox.ButtonRole.AcceptRole)
        review = box.addButton(_("Revisar"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(review)
        box.setEscapeButton(review)
        box.exec()
        return box.clickedButton() is anyway
