"""The Distribución screen's dialogs: approve (the assembly's acta), publish and
discard confirmations, a member's payment, a member's trace (how each amount
arose, in words), and two runs compared side by side with a chart.

Every database call runs on the worker; the trace needs none (it reads the run
already loaded by the screen).
"""

from __future__ import annotations

import html
from decimal import Decimal
from fractions import Fraction
from typing import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Changes
from coopdesk.core.distributions import LineRow, RunRow, StoredRun
from coopdesk.domain.catalog import PaymentMethod
from coopdesk.domain.distribution.allocation import Share
from coopdesk.domain.distribution.compare import Comparison, GroupTotal, MemberDifference
from coopdesk.domain.distribution.model import EQUAL, KG, VALUE, WEIGHTED_KG, Payout, PotResult
from coopdesk.domain.money import ZERO
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.distribution.bar_chart import GroupedBarChart
from coopdesk.gui.kit.forms import FormDialog, error_label
from coopdesk.gui.kit.rows import fill_table, signed_money, static_table
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.gui.kit.widgets import choice_combo, combo_value, date_edit
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number, format_percent
from coopdesk.reports.liquidation_view import deduction_name

CHANGED = Changes(distributions=True)


def run_title(run: RunRow) -> str:
    return _("Distribución N.º %(number)s: %(name)s") % {"number": run.number, "name": run.name}


# -- approve, publish, discard, pay -------------------------------------------------


def _intro(dialog: FormDialog, text: str) -> None:
    intro = QLabel(text)
    intro.setWordWrap(True)
    dialog.form.addRow(intro)


class ApproveDialog(FormDialog):
    """The General Assembly approved the criteria: acta number, date, who signs."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, run: RunRow):
        super().__init__(parent, runner, _("Aprobar la distribución N.º %(number)s") % {"number": run.number},
                         save_text=_("Aprobar"))
        self.run = run
        _intro(self, run_title(run))
        self.acta = self.add_field("acta", _("N.º de acta:"), QLineEdit())
        self.acta.setPlaceholderText(_("Por ejemplo: Acta 12-2026"))
        self.acta_date = self.add_field("acta_date", _("Fecha del acta:"),
                                        date_edit(self.runner.today(), maximum=self.runner.today()))
        self.signed_by = self.add_field("signed_by", _("Firma el acta:"), QLineEdit())
        self.signed_by.setPlaceholderText(_("Nombre de quien firma, por ejemplo el presidente (opcional)"))
        self.signed_by.setMaxLength(100)
        self.setMinimumWidth(520)

    def prepare(self):
        number, acta, acta_date = self.run.number, self.acta.text(), self.acta_date.date().toPython()
        signed_by = self.signed_by.text()
        return lambda book: (book.distributions.approve(number, acta, acta_date, signed_by), CHANGED)[1]

    def warnings_of(self):
        """What would stop the run from being published (the remanente already
        distributed, the ejercicio not closed, a fund that would go negative), in
        the words «Publicar» would refuse with: said before the assembly's
        approval is recorded."""
        self.warning_advice = _("Así aprobada, la distribución no se podrá publicar hasta resolverlo.")
        self.warning_anyway = _("Aprobar de todos modos")
        number = self.run.number
        return lambda book: book.distributions.publish_problems(number)


class PaymentDialog(FormDialog):
    """A member was paid their neto a pagar of a published run."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, run: RunRow, line: LineRow):
        super().__init__(parent, runner, _("Registrar pago"), save_text=_("Registrar pago"))
        self.run, self.line = run, line
        _intro(self, _("%(code)s · %(name)s<br>Neto a pagar: <b>%(net)s</b> (distribución N.º %(number)s)") % {
            "code": html.escape(line.member_code), "name": html.escape(line.member_name),
            "net": format_money(line.net), "number": run.number})
        self.paid_on = self.add_field("paid_on", _("Fecha de pago:"), date_edit(self.runner.today(), maximum=self.runner.today()))
        self.method = self.add_field("method", _("Forma de pago:"), choice_combo(
            [(m.value, label(m)) for m in PaymentMethod], _("Elija…")))
        self.reference = self.add_field("reference", _("Referencia:"), QLineEdit())
        self.reference.setPlaceholderText(_("N.º de operación, cheque o recibo (opcional)"))
        self.setMinimumWidth(520)

    def prepare(self):
        number, code = self.run.number, self.line.member_code
        paid_on, method, reference = self.paid_on.date().toPython(), combo_value(self.method), self.reference.text()
        return lambda book: (book.distributions.mark_paid(number, code, paid_on, method, reference), CHANGED)[1]


def confirm(parent: QWidget | None, title: str, text: str, details: str, action: str) -> bool:
    """A question whose safe answer (Cancelar) is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(details)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("Cancelar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    answered = box.clickedButton() is yes
    box.deleteLater()
    return answered


def confirm_publish(parent: QWidget | None, run: RunRow) -> bool:
    return confirm(
        parent, _("Publicar la distribución"),
        _("¿Publicar la distribución N.º %(number)s «%(name)s»?") % {"number": run.number, "name": run.name},
        _("Una vez publicada queda sellada con su código de verificación y NUNCA podrá cambiarse. "
          "Si después encuentra un error, solo podrá corregirla con una nueva distribución que la reemplace."),
        _("Publicar"))


def confirm_discard(parent: QWidget | None, run: RunRow) -> bool:
    return confirm(
        parent, _("Descartar la distribución"),
        _("¿Descartar la distribución N.º %(number)s «%(name)s»?") % {"number": run.number, "name": run.name},
        _("Se borran sus resultados; los criterios quedan guardados. Esto no se puede deshacer."),
        _("Descartar"))


# -- a member's trace -------------------------------------------------------------


# Keys the engine is gaining (per-unit rates, aportaciones, participation points),
# named as text so the trace reads runs before and after they land.
RATE, SHARE_CAPITAL, POINTS = "rate", "share_capital", "points"
WITHHOLDING = "retencion"


def _places(value: Decimal, least: int) -> int:
    exponent = value.as_tuple().exponent
    return max(least, -exponent) if isinstance(exponent, int) else least


def _with_unit(key: str, value: Decimal) -> str:
    """A basis as read aloud: "600.000 kg", "3 partes", "S/ 2,221.85"."""
    if key == KG:
        return _("%(n)s kg") % {"n": format_number(value, _places(value, 3))}
    if key == WEIGHTED_KG:
        return _("%(n)s kg ponderados") % {"n": format_number(value, _places(value, 3))}
    if key in (VALUE, SHARE_CAPITAL, RATE):
        return format_money(value) if value == value.quantize(Decimal("0.01")) else "S/\u00a0" + _operand(key, value)
    if key == EQUAL:
        parts = int(value)
        return ngettext("%(n)s parte", "%(n)s partes", parts) % {"n": format_number(parts)}
    if key == POINTS:
        return _("%(n)s puntos") % {"n": format_number(value)}
    return format_number(value)


def _operand(key: str, value: Decimal) -> str:
    """A basis as a factor of the formula: "600.000", "1"."""
    if key in (KG, WEIGHTED_KG):
        return format_number(value, _places(value, 3))
    if key in (VALUE, SHARE_CAPITAL, RATE):
        return format_number(value, _places(value, 2))
    return format_number(value)


def _exact(share: Share) -> str:
    """The exact share: as it is up to four decimals, else cut there and marked "…"."""
    exact = share.exact
    tenthousandths = exact * 10_000
    cut = Decimal(int(tenthousandths)).scaleb(-4)
    if tenthousandths.denominator == 1:
        cut = cut.normalize()
        return format_number(cut, _places(cut, 2))
    return format_number(cut, 4) + "…"


def pot_sentence(pot: PotResult, share: Share) -> str:
    """"600.000 kg de 1,000.000 kg: S/ 5,200.00 × 600.000 ÷ 1,000.000 = S/ 3,120.00"."""
    if pot.total_basis == ZERO:
        return _("Nadie tuvo base en este fondo: %(amount)s queda sin asignar.") % {
            "amount": format_money(pot.amount)}
    values = {
        "basis": _with_unit(pot.key, share.basis), "total": _with_unit(pot.key, pot.total_basis),
        "pot": format_money(pot.amount), "b": _operand(pot.key, share.basis),
        "t": _operand(pot.key, pot.total_basis), "amount": format_money(share.amount), "exact": _exact(share),
    }
    rounded = share.exact != Fraction(share.amount)
    if getattr(pot, "rated", False):  # the amount is the member's own rate or interest, not a share of the pot
        if rounded:
            return _("Por su tarifa o tasa, sobre %(basis)s: %(exact)s, redondeado al céntimo: %(amount)s") % values
        return _("Por su tarifa o tasa, sobre %(basis)s: %(amount)s") % values
    if rounded:
        return _("%(basis)s de %(total)s: %(pot)s × %(b)s ÷ %(t)s = %(exact)s, redondeado al céntimo: "
                 "%(amount)s") % values
    return _("%(basis)s de %(total)s: %(pot)s × %(b)s ÷ %(t)s = %(amount)s") % values


def key_name(key: str) -> str:
    names = {KG: _("por kilos entregados"), WEIGHTED_KG: _("por kilos ponderados"),
             VALUE: _("por el valor entregado"), EQUAL: _("en partes iguales"), RATE: _("por tarifa"),
             SHARE_CAPITAL: _("por aportaciones"), POINTS: _("por puntos de participación")}
    return names.get(key, key)


def concept_name(concept: str) -> str:
    return _("Retención de ley") if concept == WITHHOLDING else deduction_name(concept)


def trace_html(stored: StoredRun, line: LineRow) -> tuple[str, list[str]]:
    """The trace of one member as HTML, and its pot sentences (what tests read)."""
    result, code = stored.result, line.member_code
    payout: Payout | None = result.payouts.get(code)
    esc = html.escape
    parts = [f"<h3>{esc(line.member_code)} · {esc(line.member_name)}</h3>",
             f"<p>{esc(run_title(stored.row))} — {esc(label(stored.row.status))}</p>"]
    sentences: list[str] = []
    pots = getattr(result, "all_pots", result.pots)
    if payout is None or not payout.eligible:
        parts.append("<p>" + esc(_("No participa en los fondos: no cumple las condiciones de elegibilidad de los "
                                   "criterios (estado del socio, kilos mínimos o fecha de ingreso).")) + "</p>")
    else:
        for pot in pots:
            share = pot.shares.get(code)
            if share is None:
                continue
            sentence = pot_sentence(pot, share)
            sentences.append(sentence)
            parts.append(f"<p><b>{esc(pot_title(pot))}</b> ({esc(key_name(pot.key))}):<br>"
                         f"&nbsp;&nbsp;{esc(sentence)}</p>")
    deductions = payout.deductions if payout is not None else ()
    if deductions:
        parts.append("<p><b>" + esc(_("Descuentos, en el orden de los criterios")) + "</b></p>")
        parts.append(_table([(_("Concepto"), _("Debía"), _("Descontado"), _("Queda debiendo"))]
                            + [(concept_name(d.concept), format_money(d.owed), format_money(d.deducted),
                                format_money(d.remaining_debt)) for d in deductions], bold_rows={0}))
    amounts = [pot.shares[code].amount for pot in pots if code in pot.shares and pot.shares[code].amount]
    gross = format_money(line.gross)
    if len(amounts) > 1:
        gross = " + ".join(format_number(a, 2) for a in amounts) + " = " + gross
    rows = [(_("Bruto"), gross)]
    for text, amount in ((_("Menos: capitalizado en aportaciones"), line.capitalised),
                         (_("Menos: retenido (no alcanza el pago mínimo)"), line.retained),
                         (_("Menos: descuentos"), line.deducted)):
        if amount:
            rows.append((text, format_money(-amount)))
    rows.append((_("Neto a pagar"), format_money(line.net)))
    parts.append("<p></p>" + _table(rows, bold_rows={len(rows) - 1}))
    if line.paid_on is not None:
        parts.append("<p>" + esc(_("Pagado el %(date)s (%(method)s).") % {
            "date": format_date(line.paid_on), "method": label(line.method or "")}) + "</p>")
    return "".join(parts), sentences


def pot_title(pot: PotResult) -> str:
    """A pot's name; a pot of an earmarked stream (the Fairtrade Premium) says whose."""
    stream = getattr(pot, "stream", "")
    return _("%(stream)s: %(pot)s") % {"stream": stream, "pot": pot.name} if stream else pot.name


def _table(rows: Sequence[Sequence[str]], bold_rows: frozenset[int] | set[int] = frozenset()) -> str:
    out = ['<table cellspacing="0" cellpadding="3">']
    for i, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            align = "left" if j == 0 else "right"
            text = html.escape(text)
            if i in bold_rows:
                text = f"<b>{text}</b>"
            cells.append(f'<td align="{align}" style="padding-right:24px">{text}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out) + "</table>"


class TraceDialog(QDialog):
    """How a member's amounts arose: each pot as a sentence, then retained,
    deductions and neto a pagar."""

    def __init__(self, parent: QWidget | None, stored: StoredRun, line: LineRow):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.setWindowTitle(_("Cómo se calculó: %(code)s %(name)s") % {"code": line.member_code,
                                                                        "name": line.member_name})
        text, self.sentences = trace_html(stored, line)
        self.browser = QTextBrowser()
        self.browser.setHtml(text)
        self.browser.setOpenLinks(False)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)


# -- two runs compared ----------------------------------------------------------


def _group_name(grouping: str, group: str) -> str:
    if not group:
        return _("Sin dato")
    return label(group) if grouping != "zone" else group


class CompareDialog(QDialog):
    """Two runs side by side: summary figures, totals by zone, gender and
    certification, who gains and who loses most, and a chart by zone. Amounts
    are each member's gross from the distribution (before deductions)."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner, runs: Sequence[RunRow], selected: int | None):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.runner = runner
        self.comparison: Comparison | None = None
        self._generation = 0
        self.setWindowTitle(_("Comparar distribuciones"))
        self.a, self.b = QComboBox(), QComboBox()
        for combo in (self.a, self.b):
            for run in runs:
                combo.addItem(_("N.º %(number)s · %(name)s (%(status)s)") % {
                    "number": run.number, "name": run.name, "status": label(run.status)}, run.number)
        a, b = default_pair([r.number for r in runs], selected)
        self.a.setCurrentIndex(self.a.findData(a))
        self.b.setCurrentIndex(self.b.findData(b))

        choose = QGridLayout()
        choose.addWidget(QLabel(_("Distribución A:")), 0, 0)
        choose.addWidget(self.a, 0, 1)
        choose.addWidget(QLabel(_("comparada con B:")), 0, 2)
        choose.addWidget(self.b, 0, 3)
        choose.setColumnStretch(1, 1)
        choose.setColumnStretch(3, 1)
        note = QLabel(_("Montos brutos por socio, antes de descuentos. Diferencia = B − A."))
        note.setEnabled(False)
        self.status = QLabel()
        self.error = error_label()

        self.summary = static_table(["", "A", "B", _("Diferencia")], [])
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.chart = GroupedBarChart(format_money)
        chart_scroll = QScrollArea()
        chart_scroll.setWidget(self.chart)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.groups = QTabWidget()
        self.group_tables = {}
        for key, title in (("zone", _("Por zona")), ("gender", _("Por sexo")),
                           ("certification", _("Por certificación"))):
            table = static_table([_("Grupo"), "A", "B", _("Diferencia")], [])
            self.group_tables[key] = table
            self.groups.addTab(table, title)
        headers = [_("Código"), _("Socio"), "A", "B", _("Diferencia")]
        self.gainers = static_table(headers, [], right_from=2)
        self.losers = static_table(headers, [], right_from=2)

        left = QVBoxLayout()
        left.addWidget(_boxed(_("Resumen"), self.summary))
        left.addWidget(_boxed(_("Totales por grupo"), self.groups), 1)
        middle = QHBoxLayout()
        # the tables' labels whole on a 1024-pixel laptop («Parte del 10 % que más recibe»); the chart scrolls
        middle.addLayout(left, 3)
        middle.addWidget(_boxed(_("Totales por zona"), chart_scroll), 2)
        bottom = QHBoxLayout()
        bottom.addWidget(_boxed(_("Ganan más con B"), self.gainers))
        bottom.addWidget(_boxed(_("Pierden más con B"), self.losers))
        buttons = QDialogButtonBox()
        buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addLayout(middle, 3)
        layout.addLayout(bottom, 2)
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.status, 1)
        bottom_row.addWidget(buttons)
        layout.addLayout(bottom_row)
        self.resize(1100, 760)
        self.a.currentIndexChanged.connect(lambda _i: self.reload())
        self.b.currentIndexChanged.connect(lambda _i: self.reload())
        self.reload()

    def reload(self) -> None:
        a, b = self.a.currentData(), self.b.currentData()
        if a is None or b is None:
            return
        self._generation += 1
        generation = self._generation
        self.status.setText(_("Comparando…"))
        self.error.hide()

        def work(book) -> Comparison:
            results = {n: book.distributions.stored(n).result for n in {a, b}}
            return book.distributions.compare(results[a], results[b])

        self.runner.run(work, lambda c: self._show(generation, c), self._refused, owner=self)

    def _refused(self, exc: Exception) -> None:
        from coopdesk.i18n import describe

        self.status.clear()
        self.error.setText("\n".join(describe(p) for p in getattr(exc, "problems", ())))
        self.error.show()

    def _show(self, generation: int, c: Comparison) -> None:
        if generation != self._generation:
            return
        self.comparison = c
        self.status.setText(ngettext("%(n)s socio comparado.", "%(n)s socios comparados.", len(c.members))
                            % {"n": format_number(len(c.members))})
        a, b = c.a, c.b
        fill_table(self.summary, [
            (_("Total para los socios"), format_money(a.total), format_money(b.total),
             signed_money(b.total - a.total)),
            (_("Socios que reciben algo"), format_number(a.paid), format_number(b.paid),
             _signed_number(b.paid - a.paid)),
            (_("Mediana por socio"), format_money(a.median), format_money(b.median),
             signed_money(b.median - a.median)),
            (_("Parte del 10 % que más recibe"), format_percent(a.top10_share), format_percent(b.top10_share),
             _("%(n)s puntos porcentuales") % {"n": _signed_number(b.top10_share - a.top10_share, 2)}),
            (_("Coeficiente de Gini"), format_number(a.gini, 4), format_number(b.gini, 4),
             _signed_number(b.gini - a.gini, 4)),
        ])
        self.summary.setFixedHeight(self.summary.horizontalHeader().height()
                                    + 5 * self.summary.verticalHeader().defaultSectionSize() + 4)
        for key, groups in (("zone", c.by_zone), ("gender", c.by_gender), ("certification", c.by_certification)):
            fill_table(self.group_tables[key], [_group_row(key, g) for g in groups]
                       + [(_("Total"), format_money(a.total), format_money(b.total),
                           signed_money(b.total - a.total))])
        fill_table(self.gainers, [_member_row(m) for m in c.gainers], right_from=2)
        fill_table(self.losers, [_member_row(m) for m in c.losers], right_from=2)
        self.chart.set_data([_group_name("zone", g.group) for g in c.by_zone],
                            [_("A: N.º %(number)s") % {"number": self.a.currentData()},
                             _("B: N.º %(number)s") % {"number": self.b.currentData()}],
                            [[g.a, g.b] for g in c.by_zone])


def default_pair(numbers: Sequence[int], selected: int | None) -> tuple[int | None, int | None]:
    """(A, B): the run before the selected one and the selected one, so that
    B − A is what changed; for the first run, it and the one after it."""
    if not numbers:
        return None, None
    chosen = selected if selected in numbers else max(numbers)
    older = [n for n in numbers if n < chosen]
    if older:
        return max(older), chosen
    newer = [n for n in numbers if n > chosen]
    return chosen, (min(newer) if newer else chosen)


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


def _signed_number(value: Decimal | int, places: int = 0) -> str:
    return ("+" if value > 0 else "") + format_number(value, places)


def _group_row(grouping: str, g: GroupTotal) -> tuple[str, ...]:
    return (_group_name(grouping, g.group), format_money(g.a), format_money(g.b), signed_money(g.difference))


def _member_row(m: MemberDifference) -> tuple[str, ...]:
    return (m.code, m.name, format_money(m.a), format_money(m.b), signed_money(m.difference))

