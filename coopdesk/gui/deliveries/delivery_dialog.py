"""Registrar entrega: one intake ticket, typed with the keyboard alone.

Enter moves to the next field and, after the last, to Guardar; Ctrl+S saves.
The socio field suggests members by code, DNI or name as the treasurer types
(the suggestions are read on the worker). Neto and importe are shown live; the
core computes and stores its own.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QSpinBox, QWidget

from coopdesk.core.dto import CampaignRow, MemberRow, ProductRow
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification, Crop, MemberStatus, PriceUnit
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import Problem
from coopdesk.domain.quality import Measures, in_force, quote
from coopdesk.domain.rules import DeliveryInput
from coopdesk.gui.kit import preferences
from coopdesk.gui.kit.forms import FormDialog, NumberParser
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit, number_edit, select_value, set_choices
from coopdesk.i18n import N_, _, label
from coopdesk.i18n.formatting import format_date, format_kg, format_money

TICKET_SERIES = "001"  # when the cooperative has not set up its collection points
# which measures the sample of each crop takes (the others stay hidden)
MEASURES = {Crop.CACAO: ("fermentation_pct",), Crop.COFFEE: ("yield_pct", "defects", "cup_score"),
            Crop.COPOAZU: ()}
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

        self._points: dict[str, str] = {}         # series -> name
        self._standards: dict[str, list] = {}     # product code -> [(from, standard)], oldest first
        self._prices: dict[str, list] = {}        # product code -> price entries
        self._member_certification = ""
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
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setStyleSheet("color: #333;")
        self.form.addRow("", self.figures)
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
        self.certification_note.setPlaceholderText(_("Por qué la entrega no tiene la certificación del socio"))
        self.certification_note.setMaxLength(limits.DESCRIPTION)
        for edit in (self.yield_pct, self.fermentation, self.defects, self.cup):
            edit.textChanged.connect(self._recompute)
        self.grade.textChanged.connect(self._recompute)
        self.humidity.textChanged.connect(self._recompute)
        self.certification.currentIndexChanged.connect(self._certification_chosen)
        self.date.dateChanged.connect(self._recompute)
        self.point.currentIndexChanged.connect(self._point_chosen)
        for shown in (self.net, self.amount):
            shown.setReadOnly(True)
            shown.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            shown.setStyleSheet("QLineEdit { background: palette(window); font-weight: bold; }")
        self.setMinimumWidth(620)

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
            self.member_hint.setText(member.full_name if member.status == MemberStatus.ACTIVE
                                     else f"{member.full_name} ({label(member.status)})")
            if self._plots_of.upper() != member.code.upper():
                code = member.code
                self.runner.run(lambda book: book.plots.plots(code), lambda plots: self._plots_loaded(code, plots),
                                owner=self)

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

    def _measures(self, parser: NumberParser) -> Measures:
        def optional(name: str, edit: QLineEdit):
            return parser.decimal(name, edit) if edit.text().strip() else None

        defects = optional("defects", self.defects)
        return Measures(parser.decimal("humidity_pct", self.humidity, default=ZERO),
                        optional("yield_pct", self.yield_pct), optional("fermentation_pct", self.fermentation),
                        int(defects) if defects is not None and defects == defects.to_integral_value() else None,
                        optional("cup_score", self.cup))

    def _recompute(self) -> None:
        """Neto, grade, humidity discount, price and importe as the core will compute
        them, from the tables loaded when the dialog opened (no waiting)."""
        code = combo_value(self.product)
        self.unit_label.setText(_("S/ por %(unit)s") % {"unit": self._unit()})
        parser = NumberParser()
        gross = parser.decimal("gross_kg", self.gross)
        tare = parser.decimal("tare_kg", self.tare, default=ZERO)
        typed_price = parser.decimal("advance_price", self.price) if self.price.text().strip() else None
        measures = self._measures(parser)
        net = gross - tare
        fields = {p.field for p in parser.problems}
        weights_ok = {"gross_kg", "tare_kg"}.isdisjoint(fields) and net > ZERO and net == net.quantize(Decimal("0.001"))
        self.net.setText(format_kg(net) if weights_ok else "")
        self.amount.setText("")
        self.figures.setText("")
        if not weights_ok or fields or not code:
            return
        day = self.date.date().toPython()
        standard = in_force(self._standards.get(code, ()), day)
        self.grade.setPlaceholderText(_("Automática") if standard.grades else _("A, B o C"))
        self.price.setPlaceholderText(_("De la tabla") if self._prices.get(code) else "0.00")
        certification = combo_value(self.certification) or self._member_certification
        found = quote(standard, self._prices.get(code, ()), net, measures, certification, day, self.grade.text(),
                      typed_price, None if typed_price is None else self._unit(), self._unit())
        lines = []
        if found.grade_from_table and standard.grades:
            lines.append(_("Calidad según las medidas: %(grade)s") % {"grade": found.grade} if found.grade
                         else _("Las medidas no alcanzan ningún grado de la tabla."))
        if found.payable_kg != net:
            lines.append(_("Descuento por humedad: %(discount)s; se paga %(payable)s")
                         % {"discount": format_kg(found.humidity_discount_kg), "payable": format_kg(found.payable_kg)})
        if found.pricing is not None:
            factor = ("" if found.pricing.factor == 1 else
                      _(" × factor %(factor)s de la calidad %(grade)s") % {"factor": found.pricing.factor,
                                                                            "grade": found.grade})
            lines.append(_("Precio de la tabla desde el %(date)s: %(price)s por %(unit)s%(factor)s")
                         % {"date": format_date(found.pricing.entry.valid_from),
                            "price": format_money(found.pricing.entry.price), "unit": found.unit, "factor": factor})
        elif found.price is None and found.grade and (certification or not self.member.text().strip()):
            lines.append(_("No hay precio en la tabla para esta calidad y certificación: escriba el precio."))
        self.figures.setText("\n".join(lines))
        self._grow_to_fit()
        if found.amount is not None and found.price >= ZERO:
            self.amount.setText(format_money(found.amount))

    # -- saving ---------------------------------------------------------------

    def prepare(self):
        parser = NumberParser()
        gross = parser.decimal("gross_kg", self.gross)
        tare = parser.decimal("tare_kg", self.tare, default=ZERO)
        humidity = parser.decimal("humidity_pct", self.humidity)
        price = parser.decimal("advance_price", self.price) if self.price.text().strip() else None
        measures = self._measures(parser)
        if self.defects.text().strip() and measures.defects is None and not parser.problems:
            parser.problems.append(Problem("defects", N_("Los defectos se cuentan en números enteros.")))
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
            certification=combo_value(self.certification) or None,
            certification_note=self.certification_note.text() if combo_value(self.certification) else "",
            yield_pct=measures.yield_pct,
            fermentation_pct=measures.fermentation_pct,
            defects=measures.defects,
            cup_score=measures.cup_score,
            plot=combo_value(self.plot),
        )
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
