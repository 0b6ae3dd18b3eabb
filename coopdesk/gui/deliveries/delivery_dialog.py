"""Registrar entrega: one intake ticket, typed with the keyboard alone.

Enter moves to the next field and, after the last, to Guardar; Ctrl+S saves.
The socio field suggests members by code, DNI or name as the treasurer types
(the suggestions are read on the worker), and names the member found with their
standing. Each field is checked when it is left: the domain's rules at once,
then the core's (``book.deliveries.preview``, the computation ``record`` stores),
which also gives the «Liquidación del ticket» shown before saving: kilos paid,
importe, retención and neto a pagar, with the rule behind each.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from coopdesk.core.dto import CampaignRow, MemberRow, ProductRow
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification, Crop, MemberStatus, PriceUnit
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import Problem
from coopdesk.domain.quality import Measures, in_force
from coopdesk.domain.rules import DeliveryInput, check_delivery
from coopdesk.gui.deliveries.ticket_panel import TicketPanel
from coopdesk.gui.kit import preferences
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, number_edit, select_value, set_choices
from coopdesk.core import InvalidInput
from coopdesk.i18n import N_, _, describe, label
from coopdesk.i18n.formatting import format_kg

TICKET_SERIES = "001"  # when the cooperative has not set up its collection points
# which measures the sample of each crop takes (the others stay hidden)
MEASURES = {Crop.CACAO: ("fermentation_pct",), Crop.COFFEE: ("yield_pct", "defects", "cup_score"),
            Crop.COPOAZU: ()}
SUGGESTIONS = 15
SUGGEST_DELAY_MS = 200
SEPARATOR = " — "
PREVIEW_DELAY_MS = 120
# what an empty number field says: a hint that fits it, never another field's example
MISSING = {
    "gross_kg": N_("Escriba el peso bruto en kilos, por ejemplo 65.5."),
    "humidity_pct": N_("Escriba la humedad medida, en %%."),
}
EXAMPLES = {"gross_kg": "65.5", "tare_kg": "0.4", "humidity_pct": "7.5", "advance_price": "18.50",
            "yield_pct": "80", "fermentation_pct": "80", "defects": "5", "cup_score": "84"}


def suggestion(member: MemberRow) -> str:
    text = SEPARATOR.join((member.code, member.sort_name, _("DNI %(dni)s") % {"dni": member.dni}))
    if member.status != MemberStatus.ACTIVE:
        text += f" ({label(member.status)})"
    return text


def standing(member: MemberRow) -> str:
    """Who the typed code is, and whether they can deliver."""
    if member.status == MemberStatus.ACTIVE:
        return _("%(name)s · %(status)s") % {"name": member.full_name, "status": label(member.status)}
    return _("%(name)s · %(status)s: no puede entregar") % {"name": member.full_name, "status": label(member.status)}


class DeliveryDialog(FormDialog):
    """``DeliveryDialog.ask(parent, runner)`` -> the ``Changes`` saved, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent, runner, _("Registrar entrega"))
        self._products: dict[str, ProductRow] = {}
        self._suggested: dict[str, str] = {}
        self.campaign: CampaignRow | None = None

        self._points: dict[str, str] = {}         # series -> name
        self._standards: dict[str, list] = {}     # product code -> [(from, standard)], oldest first
        self._prices: dict[str, list] = {}        # product code -> price entries
        self._member_certification = ""
        self._names_of: dict[QWidget, str] = {}
        self.point = self.add_field("collection_point", _("Centro de acopio:"), choice_combo([]), focusable=False)
        self.ticket = self.add_field("ticket", _("Ticket:"), QLineEdit())
        self.date = self.add_field("date", _("Fecha:"), date_edit(self.runner.today()))
        self.member_hint = QLabel()
        self.member = self.add_field("member_code", _("Socio:"), QLineEdit(), beside=self.member_hint)
        self.product = self.add_field("product_code", _("Producto:"), choice_combo([], _("Elija el producto…")))
        self.plot = self.add_field("plot", _("Parcela:"), choice_combo([]))
        self._member_plots: list = []             # the identified member's plots (PlotRow)
        self._plots_of = ""                       # whose they are
        self.certification = self.add_field("certification", _("Certificación:"), choice_combo([]), focusable=False)
        self.certification_note = self.add_field("certification_note", _("Motivo:"), QLineEdit())
        self.sacks = self.add_field("sacks", _("Sacos:"), QSpinBox())
        self.gross = self.add_field("gross_kg", _("Peso bruto (kg):"), number_edit("0.000"))
        self.tare = self.add_field("tare_kg", _("Tara (kg):"), number_edit("0.000"))
        self.net = self.add_field("net_kg", _("Peso neto (kg):"), number_edit(), focusable=False)
        self.humidity = self.add_field("humidity_pct", _("Humedad (%):"), number_edit("0.00"))
        self.yield_pct = self.add_field("yield_pct", _("Rendimiento exportable (%):"), number_edit())
        self.fermentation = self.add_field("fermentation_pct", _("Fermentación (%):"), number_edit())
        self.defects = self.add_field("defects", _("Defectos:"), number_edit())
        self.cup = self.add_field("cup_score", _("Puntaje de taza:"), number_edit())
        self.grade = self.add_field("grade", _("Calidad:"), QLineEdit())
        self.unit_label = QLabel()
        self.price = self.add_field("advance_price", _("Precio de adelanto:"), number_edit("0.00"),
                                    beside=self.unit_label)
        self.panel = TicketPanel()
        self.figures, self.amount = self.panel.rules, self.panel.amount
        outer = self.layout()  # the form on the left, the ticket's figures on the right
        outer.removeItem(self.form)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 3)
        columns.addWidget(self.panel, 2)
        outer.insertLayout(1, columns)
        self._left: set[str] = set()              # the fields the clerk has left: their problems show
        self._preview = None                       # the core's figures of the ticket as typed (TicketPreview)
        self._preview_of = None                    # the DeliveryInput they are for
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._ask_preview)
        for name, widget in self._fields.items():
            widget.installEventFilter(self)
            self._names_of[widget] = name

        self.ticket.setMaximumWidth(self.ticket.fontMetrics().horizontalAdvance("0" * 14) + 16)
        self.ticket.setPlaceholderText("001-000123")
        self.member.setPlaceholderText(_("Escriba el código, el DNI o el nombre"))
        self.sacks.setRange(0, 9999)
        self.sacks.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.sacks.setMaximumWidth(self.gross.maximumWidth())
        self.grade.setMaxLength(20)
        self.grade.setMaximumWidth(self.gross.maximumWidth())
        self.grade.setPlaceholderText(_("A, B o C"))
        self.certification_note.setPlaceholderText(_("Por qué la entrega no tiene la certificación del socio"))
        self.certification_note.setMaxLength(limits.DESCRIPTION)
        for edit in (self.yield_pct, self.fermentation, self.defects, self.cup):
            edit.textChanged.connect(self._recompute)
        self.grade.textChanged.connect(self._recompute)
        self.humidity.textChanged.connect(self._recompute)
        self.certification.currentIndexChanged.connect(self._certification_chosen)
        self.date.dateChanged.connect(self._recompute)
        self.point.currentIndexChanged.connect(self._point_chosen)
        for edit in (self.sacks, self.plot, self.product, self.ticket, self.certification_note):
            for signal in ("textChanged", "valueChanged", "currentIndexChanged"):
                if hasattr(edit, signal):
                    getattr(edit, signal).connect(self._recompute)
                    break
        self.member.textChanged.connect(self._recompute)
        for shown in (self.net,):
            shown.setReadOnly(True)
            shown.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            shown.setStyleSheet("QLineEdit { background: palette(window); font-weight: bold; }")
        self.setMinimumWidth(900)

        self._setup_suggestions()
        for edit in (self.gross, self.tare, self.price):
            edit.textChanged.connect(self._recompute)
        self.product.currentIndexChanged.connect(self._product_chosen)
        self._product_chosen()

        self.save_button.setEnabled(False)  # until the campaign, products, points and tables are here
        wanted_series = preferences.saved_value(preferences.SERIES_KEY)
        runner.run(lambda book: self._load(book, wanted_series), lambda loaded: self._loaded(*loaded), owner=self)

    # -- loading --------------------------------------------------------------

    @staticmethod
    def _load(book, wanted_series: str):
        """On the worker: what the dialog needs to show every figure as the clerk types."""
        points = book.collection_points.list()
        series = wanted_series if any(p.series == wanted_series for p in points) else (
            points[0].series if points else TICKET_SERIES)
        standards: dict[str, list] = {}
        for version in reversed(book.prices.standard_history()):  # oldest first
            standards.setdefault(version.product_code, []).append((version.valid_from, version.standard))
        prices: dict[str, list] = {}
        for entry in book.prices.entries():
            prices.setdefault(entry.product_code, []).append(entry)
        return (book.campaigns.current(), book.products.list(), points, series, book.deliveries.next_ticket(series),
                standards, prices)

    def _loaded(self, campaign: CampaignRow | None, products: list[ProductRow], points, series: str, ticket: str,
                standards: dict, prices: dict) -> None:
        self.campaign = campaign
        self._standards, self._prices = standards, prices
        self._points = {p.series: p.name for p in points}
        self.point.blockSignals(True)
        set_choices(self.point, [(p.series, f"{p.name} — {_('serie')} {p.series}") for p in points]
                    or [(TICKET_SERIES, _("Serie %(series)s") % {"series": TICKET_SERIES})])
        select_value(self.point, series)
        self.point.blockSignals(False)
        self._products = {p.code: p for p in products}
        set_choices(self.product, [(p.code, p.name) for p in products])
        if self.product.currentIndex() < 0 and products:
            self.product.setCurrentIndex(0)
        if not self.ticket.text():
            self.ticket.setText(ticket)
        if campaign is not None:
            today = min(max(self.runner.today(), campaign.start_date), campaign.end_date)
            self.date.setDateRange(campaign.start_date, campaign.end_date)
            self.date.setDate(today)
            self.setWindowTitle(_("Registrar entrega — %(campaign)s") % {"campaign": campaign.name})
        self.save_button.setEnabled(True)
        self._product_chosen()

    def _point_chosen(self) -> None:
        """Another collection point: its own series, its next number."""
        series = combo_value(self.point)
        if not series:
            return
        preferences.save_value(preferences.SERIES_KEY, series)
        self.runner.run(lambda book: book.deliveries.next_ticket(series), self.ticket.setText, owner=self)

    def _product_chosen(self) -> None:
        """Show the measures this crop's sample takes, and the certifications."""
        product = self._products.get(combo_value(self.product))
        shown = MEASURES.get(product.crop, ()) if product else ()
        for name in ("yield_pct", "fermentation_pct", "defects", "cup_score"):
            self.form.setRowVisible(self.field(name).parentWidget(), name in shown)
        self._show_certifications()
        self._show_plots()
        self._recompute()

    def _show_plots(self) -> None:
        """The member's plots of the product's crop: the only one chosen; with
        several the clerk picks (the core refuses a ticket that does not say)."""
        product = self._products.get(combo_value(self.product))
        plots = [p for p in self._member_plots if product is not None and p.crop == product.crop]
        self.plot.blockSignals(True)
        self.plot.clear()
        if not plots:
            self.plot.setPlaceholderText(_("Sin parcelas de este cultivo"))
        else:
            set_choices(self.plot, [(str(p.id), f"{p.name} (n.° {p.id})" if p.name else f"n.° {p.id}")
                                    for p in plots])
            self.plot.setPlaceholderText(_("Elija la parcela…"))
            self.plot.setCurrentIndex(0 if len(plots) == 1 else -1)
        self.plot.setEnabled(len(plots) > 1)
        self.plot.blockSignals(False)

    def _plots_loaded(self, code: str, plots: list) -> None:
        if self.member_code().upper() == code.upper():
            self._member_plots, self._plots_of = list(plots), code
            self._show_plots()

    def _certification_chosen(self) -> None:
        """Another certification than the member's asks for the reason."""
        self.form.setRowVisible(self.certification_note.parentWidget(), bool(combo_value(self.certification)))
        self._recompute()

    def _show_certifications(self) -> None:
        member = self._member_certification
        first = (_("La del socio (%(certification)s)") % {"certification": label(member)} if member
                 else _("La del socio"))
        self.certification.blockSignals(True)
        set_choices(self.certification, [("", first)] + [(c.value, label(c)) for c in Certification
                                                          if c.value != member])
        if self.certification.currentIndex() < 0:
            self.certification.setCurrentIndex(0)
        self.certification.blockSignals(False)
        self.form.setRowVisible(self.certification_note.parentWidget(), bool(combo_value(self.certification)))

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
        self.member.textEdited.connect(lambda _text: self._forget_member())
        self.member.editingFinished.connect(self._identify)
        self.member_hint.setStyleSheet("color: #4a4a4a;")

    def _suggest(self) -> None:
        text = self.member.text().strip()
        if not text or text in self._suggested:
            return
        self._identify()  # a whole code typed: who it is, at once
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

    def _forget_member(self) -> None:
        """Another member is being typed: the last one's certification no longer applies."""
        if self._member_plots:
            self._member_plots, self._plots_of = [], ""
            self._show_plots()
        if self._member_certification:
            self._member_certification = ""
            self._show_certifications()
            self._recompute()

    def _identified(self, member: MemberRow) -> None:
        if self.member_code().upper() == member.code.upper():
            if member.certification != self._member_certification:
                self._member_certification = member.certification
                self._show_certifications()
                self._recompute()
            self.member_hint.setText(standing(member))
            self.member_hint.setStyleSheet("color: #4a4a4a;" if member.status == MemberStatus.ACTIVE
                                           else "color: #b71c1c;")
            if self._plots_of.upper() != member.code.upper():
                code = member.code
                self.runner.run(lambda book: book.plots.plots(code), lambda plots: self._plots_loaded(code, plots),
                                owner=self)

    def _left_field(self, name: str) -> None:
        """The clerk left a field: its problems show from now on (the core's a moment later)."""
        if name not in self._left:
            self._left.add(name)
        self._show_live()
        if name == "member_code":
            self._identify()
        if self.campaign is not None:
            self._preview_timer.start()

    def member_code(self) -> str:
        text = self.member.text().strip()
        return self._suggested.get(text) or text.split(SEPARATOR)[0].strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.FocusOut and watched in self._names_of
                and event.reason() != Qt.FocusReason.PopupFocusReason):
            self._left_field(self._names_of[watched])
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

    def _standard(self):
        return in_force(self._standards.get(combo_value(self.product), ()), self.date.date().toPython())

    def _number(self, parser: NumberParser, name: str, edit: QLineEdit, default: Decimal | None = None) -> Decimal:
        missing = None
        if name == "humidity_pct":
            standard = self._standard().standard_humidity
            missing = (Problem(name, N_("Escriba la humedad medida, en %%, por ejemplo %(example)s."),
                               {"example": f"{standard.normalize():f}"}) if standard is not None
                       else Problem(name, MISSING[name]))
        elif name in MISSING:
            missing = Problem(name, MISSING[name])
        return parser.decimal(name, edit, default, missing, EXAMPLES.get(name, ""))

    def _measures(self, parser: NumberParser) -> Measures:
        def optional(name: str, edit: QLineEdit):
            return self._number(parser, name, edit) if edit.text().strip() else None

        defects = optional("defects", self.defects)
        return Measures(self._number(parser, "humidity_pct", self.humidity),
                        optional("yield_pct", self.yield_pct), optional("fermentation_pct", self.fermentation),
                        int(defects) if defects is not None and defects == defects.to_integral_value() else None,
                        optional("cup_score", self.cup))

    def _read(self) -> tuple[DeliveryInput, list[Problem]]:
        """The ticket as typed, and what the dialog itself cannot read (numbers, the member, the product);
        the values of fields that cannot be read are harmless stand-ins."""
        parser = NumberParser()
        gross = self._number(parser, "gross_kg", self.gross)
        tare = self._number(parser, "tare_kg", self.tare, default=ZERO)
        price = self._number(parser, "advance_price", self.price) if self.price.text().strip() else None
        measures = self._measures(parser)
        if self.defects.text().strip() and measures.defects is None and not any(
                p.field == "defects" for p in parser.problems):
            parser.problems.append(Problem("defects", N_("Los defectos se cuentan en números enteros.")))
        code = self.member_code()
        if not code:
            parser.problems.append(Problem("member_code", N_("Escriba el código del socio o búsquelo por su nombre.")))
        if not combo_value(self.product):
            parser.problems.append(Problem("product_code", N_("Elija el producto.")))
        data = DeliveryInput(
            ticket=self.ticket.text(),
            date=self.date.date().toPython(),
            member_code=code,
            product_code=combo_value(self.product),
            sacks=self.sacks.value(),
            gross_kg=gross,
            tare_kg=tare,
            humidity_pct=measures.humidity_pct,
            grade=self.grade.text(),
            advance_price=price,
            certification=combo_value(self.certification) or None,
            certification_note=self.certification_note.text() if combo_value(self.certification) else "",
            yield_pct=measures.yield_pct,
            fermentation_pct=measures.fermentation_pct,
            defects=measures.defects,
            cup_score=measures.cup_score,
            plot=combo_value(self.plot),
        )
        return data, parser.problems

    def _recompute(self) -> None:
        """Neto at once (gross − tare); the rest (grade, kilos paid, price, importe, retención) from the
        core, a moment after the clerk stops typing; the problems of the fields already left."""
        code = combo_value(self.product)
        self.unit_label.setText(_("S/ por %(unit)s") % {"unit": self._unit()})
        data, problems = self._read()
        fields = {p.field for p in problems}
        net = data.gross_kg - data.tare_kg
        weights_ok = {"gross_kg", "tare_kg"}.isdisjoint(fields) and net > ZERO and net == net.quantize(Decimal("0.001"))
        self.net.setText(format_kg(net) if weights_ok else "")
        if code:
            self.grade.setPlaceholderText(_("Automática") if self._standard().grades else _("A, B o C"))
            self.price.setPlaceholderText(_("De la tabla") if self._prices.get(code) else "0.00")
        if self._preview_of != data:
            self.panel.clear()
        self._show_live()
        if self.campaign is not None:
            self._preview_timer.start()

    def _ask_preview(self) -> None:
        data, _problems = self._read()
        if data == self._preview_of or self.campaign is None or not data.product_code:
            return
        campaign = self.campaign.code
        self.runner.run(lambda book: book.deliveries.preview(data, campaign),
                        lambda preview: self._previewed(data, preview), lambda _exc: None, owner=self)

    def _previewed(self, data: DeliveryInput, preview) -> None:
        if self._read()[0] != data:
            return  # the clerk kept typing: a newer preview is on its way
        self._preview, self._preview_of = preview, data
        self.panel.show_preview(preview, self._standard())
        self._grow_to_fit()
        self._show_live()

    def _live_problems(self) -> list[Problem]:
        """Every problem of the ticket as typed: what the dialog cannot read, the domain's rules, and the
        core's (the last preview, when it is for what is typed), each once."""
        data, problems = self._read()
        unreadable = {p.field for p in problems}
        found = list(problems)
        if self.campaign is not None:
            found += [p for p in check_delivery(data, self.campaign.start_date, self.campaign.end_date)
                      if p.field not in unreadable]
        if self._preview is not None and self._preview_of == data:
            found += [p for p in self._preview.problems if p.field not in unreadable]
        unique, seen = [], set()
        for problem in found:
            key = (problem.field, problem.message, tuple(sorted((k, str(v)) for k, v in problem.params.items())))
            if key not in seen:
                seen.add(key)
                unique.append(problem)
        return unique

    def _show_live(self) -> None:
        """Under each field the clerk has left, its problems now; the others wait until they are left."""
        if self._saving:
            return
        by_field: dict[str, list[str]] = {}
        for problem in self._live_problems():
            by_field.setdefault(problem.field, []).append(describe(problem))
        for name in self._left:
            label = self._errors.get(name)
            if label is None:
                continue
            text = "\n".join(by_field.get(name, ()))
            if text != (label.text() if not label.isHidden() else ""):
                label.setText(text)
                label.setVisible(bool(text))
                self._mark(self._fields[name], bool(text))
        self._grow_to_fit()

    # -- saving ---------------------------------------------------------------

    def prepare(self):
        self._left = set(self._fields)  # after a save, every field's problems show as they change
        data, problems = self._read()
        if problems:
            raise InvalidInput(problems)
        self._data = data
        return lambda book: book.deliveries.record(data)

    def warnings_of(self):
        """What the clerk should know before recording, on the worker: the organic
        guard (over the internal control system's estimate) and a debt above the
        cooperative's limit. The clerk is warned and decides; never refused."""
        self.warning_advice = _("Revise la entrega con el socio. Puede registrarla de todos modos; queda anotada con "
                                "sus cifras.")
        data = self._data
        net = data.gross_kg - data.tare_kg
        if net <= ZERO or net.adjusted() >= limits.MAX_TYPED_DIGITS:
            return None  # recording says what is wrong
        campaign = self.campaign.code if self.campaign is not None else None
        return lambda book: book.deliveries.warnings(data, campaign)

    def warning_focus(self):
        return self.gross
