"""The intake ticket handed to the farmer at the scale (ticket de acopio):
an A6 sheet or an 80 mm roll whose height fits the content.

``receipt_view`` turns a delivery (a ``DeliveryRow`` from the core, read by
attribute) and the cooperative (``CooperativeRow``) into strings;
``render_receipt`` only places them. Text is never smaller than 9 pt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from decimal import Decimal

from coopdesk.domain.catalog import Crop, PriceUnit
from coopdesk.domain.documents import IssuedDocument
from coopdesk.domain.quantities import QUINTAL_KG, kg_to_quintales, quintales_places
from coopdesk.i18n import _, label, language
from coopdesk.i18n.formatting import format_date, format_number, format_percent
from coopdesk.i18n.words import amount_in_words
from coopdesk.reports.files import whole_file
from coopdesk.reports.fonts import BOLD, REGULAR, register_fonts
from coopdesk.reports.liquidation_view import _money_prefix
from coopdesk.reports.statement_pdf import split_lines, safe_name
from coopdesk.reports.views import _money, _number, _weight_places, letterhead, reprint_mark

__all__ = ["ReceiptView", "receipt_filename", "receipt_view", "render_receipt"]

SIZES = ("a6", "80mm")


@dataclass(frozen=True)
class ReceiptView:
    """Everything printed on an intake ticket, as ready-made strings."""

    cooperative_name: str
    cooperative_ruc: str  # "RUC 20600123450"
    cooperative_address: str
    title: str  # "TICKET DE ACOPIO N.º 001-000123"
    void_banner: str  # "ANULADO: reason"; "" for a valid ticket
    # (label, value) pairs in print order
    header_fields: tuple[tuple[str, str], ...]  # date, campaign, member, product, certification
    weight_fields: tuple[tuple[str, str], ...]  # sacks, gross, tare, net (qq), humidity, grade, price
    paid_weight_label: str  # the weight the amount is computed on (in bold): peso neto or peso pagado
    amount_label: str  # "IMPORTE"
    amount: str  # "S/ 2,221.85"
    amount_in_words: str  # "SON: ... CON 85/100 SOLES": what the member is paid
    signatures: tuple[tuple[str, str], ...]  # (role, name under the line): clerk, member
    footer: str
    pdf_title: str
    pdf_author: str
    pdf_date: str
    number: str = ""  # "Documento N° 000045": this printing's number among receipts
    reprint: str = ""  # «REIMPRESIÓN n.º k, fecha»
    # the Ley 31335 withholding taken out of the payment and what is paid, under the amount; () when none
    withholding_fields: tuple[tuple[str, str], ...] = ()

    @property
    def voided(self) -> bool:
        return bool(self.void_banner)


def quintales(kg, places: int | None) -> str:
    """``format_quintales`` with ``places`` decimals (two when None)."""
    return f"{format_number(kg_to_quintales(kg, Decimal(1).scaleb(-(places or 2))), places or 2)}\u00a0qq"


def receipt_view(delivery, cooperative, document: IssuedDocument | None = None) -> ReceiptView:
    """``delivery``: a DeliveryRow; ``cooperative``: a CooperativeRow (name, ruc, address);
    ``document``: the ticket's printing, numbered (docs/documents.md)."""
    payable = delivery.payable_kg if delivery.payable_kg is not None else delivery.net_kg
    equivalent = delivery.equivalent_kg if delivery.equivalent_kg is not None else payable
    places = _weight_places([delivery.gross_kg, delivery.tare_kg, delivery.net_kg, payable, equivalent])

    def kg(value) -> str:
        return _("%(kg)s kg") % {"kg": _number(value, places)}

    title = _("TICKET DE ACOPIO N.º %(ticket)s") % {"ticket": delivery.ticket}
    weights = [
        (_("Sacos"), _number(delivery.sacks)),
        (_("Peso bruto"), kg(delivery.gross_kg)),
        (_("Tara"), kg(delivery.tare_kg)),
        (_("Peso neto"), kg(delivery.net_kg)),
    ]
    per_quintal = delivery.price_unit == PriceUnit.QUINTAL
    # as many decimals as make «quintales × price = amount» true on paper, else the price per kilo too
    qq_places = quintales_places(payable, delivery.price, delivery.amount) if per_quintal else 2
    if delivery.crop == Crop.COFFEE and payable == delivery.net_kg:
        weights.append((_("Peso neto en quintales"), quintales(delivery.net_kg, qq_places)))
    weights.append((_("Humedad"), format_percent(delivery.humidity_pct)))
    for name, value in ((_("Rendimiento exportable"), delivery.yield_pct),
                        (_("Fermentación (prueba de corte)"), delivery.fermentation_pct)):
        if value is not None:
            weights.append((name, format_percent(value)))
    if delivery.defects is not None:
        weights.append((_("Defectos"), _number(delivery.defects)))
    if delivery.cup_score is not None:
        weights.append((_("Puntaje de taza"), _number(delivery.cup_score, 2)))
    if payable != delivery.net_kg:  # the member sees what the humidity took and what is paid
        weights += [(_("Descuento por humedad"), kg(delivery.net_kg - payable)), (_("Peso pagado"), kg(payable))]
        if delivery.crop == Crop.COFFEE:  # the price is per quintal of the kilos paid
            weights.append((_("Peso pagado en quintales"), quintales(payable, qq_places)))
    if equivalent != payable:
        weights.append((_("Kilos equivalentes"), kg(equivalent)))
    weights += [
        (_("Calidad"), delivery.grade),
        (_("Precio pagado"),
         _("%(price)s/%(unit)s") % {"price": _money(delivery.price), "unit": delivery.price_unit}),
    ]
    if per_quintal and qq_places is None:  # no quintales figure makes the product exact: the price per kilo does
        weights.append((_("Precio por kg"), _("%(price)s/kg") % {
            "price": f"{_money_prefix()}{format_number(delivery.price / QUINTAL_KG, 4)}…"}))
    withheld = getattr(delivery, "withheld", None) or Decimal(0)
    paid = delivery.amount - withheld
    withholding = ((_("Retención Ley 31335"), _money(withheld)), (_("NETO PAGADO"), _money(paid))) \
        if withheld > 0 else ()
    voided = delivery.void_reason is not None
    void = (_("ANULADO: %(reason)s") % {"reason": delivery.void_reason or _("sin motivo escrito")}
            if voided else "")
    return ReceiptView(
        **letterhead(cooperative),
        title=title,
        void_banner=void,
        header_fields=(
            (_("Fecha"), format_date(delivery.date)),
            (_("Campaña"), delivery.campaign_code),
            (_("Socio(a)"), f"{delivery.member_code} · {delivery.letter_name or delivery.member_name}"),
            *(((_("DNI"), delivery.member_dni),) if delivery.member_dni else ()),
            (_("Producto"), delivery.product_name),
            (_("Certificación"), label(delivery.certification)),
            *(((_("Motivo"), delivery.certification_note),) if delivery.certification_note else ()),
        ),
        weight_fields=tuple(weights),
        paid_weight_label=_("Peso pagado") if payable != delivery.net_kg else _("Peso neto"),
        amount_label=_("IMPORTE"),
        amount=_money(delivery.amount),
        amount_in_words=amount_in_words(paid, language()),
        withholding_fields=withholding,
        signatures=((_("Acopiador(a)"), ""), (_("Socio(a)"), delivery.letter_name or delivery.member_name)),
        footer=(_("Anulado: no vale como constancia ni para cobrar.") if voided
                else _("Conserve este ticket: es su constancia de entrega.")),
        number=(_("Documento N° %(number)s") % {"number": f"{document.number:06d}"}) if document is not None else "",
        reprint=reprint_mark(document.reprint, document.printed_on)  # the ticket's date is printed on it
        if document is not None else "",
        pdf_title=title,
        pdf_author=cooperative.name,
        pdf_date=delivery.date.strftime("D:%Y%m%d000000"),
    )


# ------------------------------------------------------------------ layout

BLACK = colors.black
FILL = colors.Color(0.90, 0.90, 0.90)

NAME_SIZE = 10.5
TEXT_SIZE = 9
TITLE_SIZE = 11
AMOUNT_SIZE = 12
BANNER_SIZE = 11
LEAD = 1.2  # line pitch, as a multiple of the font size
SIGN_ROOM = 30  # blank space above a signature line

_GEOMETRY = {  # page width, fixed height (None: fits the content), margin
    "a6": (A6[0], A6[1], 6 * mm),
    "80mm": (80 * mm, None, 4 * mm),
}


class _Layout:
    """The receipt as a list of drawing steps, each with its height, so the
    80 mm roll can be cut to the content and A6 can go on to a second sheet."""

    def __init__(self, view: ReceiptView, width: float, compact: bool = False):
        self.width = width
        self.lead = 1.1 if compact else LEAD
        self.sign_room = 26 if compact else SIGN_ROOM
        self.steps: list[tuple[float, object]] = []
        v = view
        self._centred(v.cooperative_name, BOLD, self._fitting(v.cooperative_name, BOLD, NAME_SIZE))
        self._centred(v.cooperative_ruc, REGULAR, TEXT_SIZE)
        if v.cooperative_address:
            self._centred(v.cooperative_address, REGULAR, TEXT_SIZE)
        self._rule(4)
        self._centred(v.title, BOLD, self._fitting(v.title, BOLD, TITLE_SIZE))
        if v.number:
            self._centred(v.number, REGULAR, TEXT_SIZE)
        if v.reprint:
            self._paragraph(v.reprint, BOLD, TEXT_SIZE)
        if v.voided:
            self._banner(v.void_banner)
        self._rule(3)
        for name, value in v.header_fields:
            self._pair(name, value)
        self._rule(4)
        for name, value in v.weight_fields:
            self._pair(name, value, bold=name == v.paid_weight_label)
        self._rule(4)
        self._pair(v.amount_label, v.amount, bold=True, size=AMOUNT_SIZE, struck=v.voided)
        for i, (name, value) in enumerate(v.withholding_fields):  # the withholding, then the net paid (in bold)
            last = i == len(v.withholding_fields) - 1
            self._pair(name, value, bold=last, size=AMOUNT_SIZE if last else TEXT_SIZE, struck=v.voided)
        if v.voided and compact:  # the amount struck through, and said again: it is not owed
            self._paragraph(v.void_banner, BOLD, TEXT_SIZE)
        elif v.voided:
            self._banner(v.void_banner)
        else:
            self._paragraph(v.amount_in_words, BOLD, TEXT_SIZE)
        self._signatures(v.signatures)
        if v.voided:  # a voided ticket always says it is worth nothing, even when space is short
            self._paragraph(v.footer, BOLD, TEXT_SIZE)
        elif not compact:
            self._centred(v.footer, REGULAR, TEXT_SIZE)  # black: thermal rolls print grey as speckles

    def _fitting(self, text, font, size, smallest=TEXT_SIZE):
        """The largest size from ``size`` down to ``smallest`` at which ``text`` fits one line."""
        while size > smallest and stringWidth(text, font, size) > self.width:
            size -= 0.5
        return size

    @property
    def height(self) -> float:
        return sum(h for h, _draw in self.steps)

    # each step draws with its top at y and returns nothing
    def _centred(self, text, font, size, color=BLACK):
        lines = split_lines(text, font, size, self.width)

        def draw(c: Canvas, y: float):
            c.setFillColor(color)
            c.setFont(font, size)
            for i, line in enumerate(lines):
                c.drawCentredString(self.width / 2, y - size - i * size * self.lead, line)
        self.steps.append((len(lines) * size * self.lead + 1, draw))

    def _paragraph(self, text, font, size):
        lines = split_lines(text, font, size, self.width)

        def draw(c: Canvas, y: float):
            c.setFillColor(BLACK)
            c.setFont(font, size)
            for i, line in enumerate(lines):
                c.drawString(0, y - size - 2 - i * size * self.lead, line)
        self.steps.append((len(lines) * size * self.lead + 4, draw))

    def _rule(self, gap):
        def draw(c: Canvas, y: float):
            c.setStrokeColor(BLACK)
            c.setLineWidth(0.6)
            c.setDash(2, 2)
            c.line(0, y - gap, self.width, y - gap)
            c.setDash()
        self.steps.append((2 * gap, draw))

    def _pair(self, name, value, bold=False, size=TEXT_SIZE, struck=False):
        """The label on the left, the value on the right; when both do not fit on
        one line the value goes under the label, right-aligned, wrapped if it must."""
        value_font = BOLD if bold else REGULAR
        name_font = BOLD if bold else REGULAR
        gap = 8
        name_w = stringWidth(name, name_font, size)
        value_w = stringWidth(value, value_font, size)
        pitch = size * self.lead
        if name_w + gap + value_w <= self.width:
            rows = [(name, value)]
        else:
            rows = [(line, "") for line in split_lines(name, name_font, size, self.width)]
            rows += [("", line) for line in split_lines(value, value_font, size, self.width)]

        def draw(c: Canvas, y: float):
            c.setFillColor(BLACK)
            for i, (left, right) in enumerate(rows):
                base = y - size - i * pitch
                if left:
                    c.setFont(name_font, size)
                    c.drawString(0, base, left)
                if right:
                    c.setFont(value_font, size)
                    c.drawRightString(self.width, base, right)
                    if struck:  # a line through the amount of a voided ticket
                        c.setStrokeColor(BLACK)
                        c.setLineWidth(1.5)
                        w = stringWidth(right, value_font, size)
                        c.line(self.width - w - 2, base + size * 0.33, self.width + 1, base + size * 0.33)
        self.steps.append((len(rows) * pitch + 1, draw))

    def _banner(self, text):
        lines = split_lines(text, BOLD, BANNER_SIZE, self.width - 12)
        pitch = BANNER_SIZE * self.lead
        box = len(lines) * pitch + 8

        def draw(c: Canvas, y: float):
            top = y - 4
            c.setFillColor(FILL)
            c.setStrokeColor(BLACK)
            c.setLineWidth(1.5)
            c.rect(0, top - box, self.width, box, stroke=1, fill=1)
            c.setFillColor(BLACK)
            c.setFont(BOLD, BANNER_SIZE)
            for i, line in enumerate(lines):
                c.drawCentredString(self.width / 2, top - 4 - BANNER_SIZE - i * pitch + 2, line)
        self.steps.append((box + 8, draw))

    def _signatures(self, signatures):
        column = self.width / len(signatures)
        labels = [split_lines(role, REGULAR, TEXT_SIZE, column - 12) + split_lines(name, REGULAR, TEXT_SIZE, column - 12)
                  if name else split_lines(role, REGULAR, TEXT_SIZE, column - 12) for role, name in signatures]
        pitch = TEXT_SIZE * self.lead
        height = self.sign_room + max(map(len, labels)) * pitch + 8

        def draw(c: Canvas, y: float):
            line_y = y - self.sign_room
            c.setStrokeColor(BLACK)
            c.setLineWidth(0.75)
            c.setFillColor(BLACK)
            c.setFont(REGULAR, TEXT_SIZE)
            for i, lines in enumerate(labels):
                centre = column * (i + 0.5)
                c.line(centre - column / 2 + 6, line_y, centre + column / 2 - 6, line_y)
                for j, line in enumerate(lines):
                    c.drawCentredString(centre, line_y - TEXT_SIZE - 2 - j * pitch, line)
        self.steps.append((height, draw))


def render_receipt(view: ReceiptView, out: str | os.PathLike | BinaryIO, size: str = "a6") -> None:
    """Write the ticket as a PDF to ``out`` (a path or a binary file): ``size`` is
    ``"a6"`` (portrait sheet) or ``"80mm"`` (a roll as long as the content)."""
    if size not in _GEOMETRY:
        raise ValueError(f"unknown receipt size {size!r} (expected one of {', '.join(SIZES)})")
    register_fonts()
    page_width, page_height, margin = _GEOMETRY[size]
    width = page_width - 2 * margin
    layout = _Layout(view, width)
    if page_height is not None and layout.height > page_height - 2 * margin:
        layout = _Layout(view, width, compact=True)  # tighter lines, no footer: one sheet if at all possible
    fixed = page_height is not None
    if not fixed:
        page_height = layout.height + 2 * margin
    with whole_file(out) as target:  # under its final name only when complete
        c = Canvas(target, pagesize=(page_width, page_height), invariant=1, initialFontName=REGULAR)
        c.setDateFormatter(lambda *_clock: view.pdf_date)
        c.setTitle(view.pdf_title)
        c.setAuthor(view.pdf_author)
        c.setCreator("coopdesk")
        top = page_height - margin
        y = top
        c.translate(margin, 0)
        for height, draw in layout.steps:
            if fixed and y - height < margin - 0.01 and y < top:  # A6 only: the rest on a second sheet
                c.showPage()
                c.translate(margin, 0)
                y = top
            draw(c, y)
            y -= height
        c.showPage()
        c.save()


def receipt_filename(ticket: str) -> str:
    """``ticket-acopio-001-000123.pdf``."""
    return f"{safe_name(_('ticket-acopio')) or 'ticket-acopio'}-{safe_name(ticket)}.pdf"
