"""A statement as the strings that get printed: every number, date and label
already formatted and translated, so the layout only places text.

Nothing here rounds or queries: amounts and weights come rounded from the
domain, and the i18n formatters refuse anything that is not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from coopdesk.domain.catalog import Crop
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.statement import MemberStatement
from coopdesk.i18n import _, label, language, ngettext
from coopdesk.i18n.formatting import (
    format_date,
    format_money,
    format_number,
    format_quintales,
    place_and_date,
)
from coopdesk.i18n.words import amount_in_words

# Babel formatting costs tens of microseconds a call, and a run of statements
# repeats the same prices, tares, humidities and sacks: remember the results.
# Keys are the exact text of the value (so 7.5 and 7.50 never mix) and the
# language in force.

@lru_cache(maxsize=8192)
def _money_text(text: str, lang: str) -> str:
    return format_money(Decimal(text))


@lru_cache(maxsize=8192)
def _number_text(text: str, is_int: bool, places: int | None, lang: str) -> str:
    return format_number(int(text) if is_int else Decimal(text), places)


def _money(value: Decimal) -> str:
    return _money_text(str(value), language())


def _number(value: Decimal | int, places: int | None = None) -> str:
    return _number_text(str(value), isinstance(value, int), places, language())


@dataclass(frozen=True)
class StatementView:
    """Everything printed on a member's statement, as ready-made strings."""

    # letterhead
    cooperative_name: str
    cooperative_ruc: str  # "RUC 20600123450"
    cooperative_address: str
    title: str  # "ESTADO DE CUENTA DEL SOCIO"
    number: str  # "N° 000123"
    campaign: str  # "Campaña 2026 (01/01/2026 – 31/12/2026)"
    dateline: str  # "Puerto Maldonado, 22 de noviembre de 2026"
    # member block: (label, value) pairs in print order: name, DNI, code, zone, certification
    member_fields: tuple[tuple[str, str], ...]
    # deliveries
    deliveries_title: str
    deliveries_header: tuple[str, ...]
    deliveries: tuple[tuple[str, ...], ...]
    deliveries_total: tuple[str, ...]
    no_deliveries: str  # the sentence printed instead of the tables; "" when there are deliveries
    # summary per product
    summary_title: str
    summary_header: tuple[str, ...]
    summary: tuple[tuple[str, ...], ...]
    # totals
    total_line: str  # "Total pagado por sus entregas: S/ 2,221.85"
    amount_in_words: str  # "SON: DOS MIL ... CON 85/100 SOLES"
    # signatures
    signatures: tuple[str, ...]  # officers who sign, left to right
    receipt_title: str  # "Recibí conforme"
    receipt_name: str
    receipt_dni: str  # "DNI 41234567"
    thumbprint: str  # "Huella digital"
    # every page
    footer_left: str  # "Impreso el 22/11/2026 · N° 000123"
    footer_center: str  # the cooperative's name
    page_of: str  # template with %(page)d and %(pages)d, filled in by the layout
    running_header: str  # top of pages 2 and later
    # PDF metadata
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str  # the printing date as a PDF date, "D:20261122000000"
    reprint: str = ""  # "REIMPRESIÓN n.º 1, 07/12/2026 (original del 01/12/2026)"; "" for the original

    @property
    def has_deliveries(self) -> bool:
        return not self.no_deliveries


def letterhead(cooperative, printed_on=None) -> dict[str, str]:
    """The letterhead every paper prints, as the views' fields: the cooperative's
    name, «RUC …», address and, given ``printed_on``, the dateline («Puerto
    Maldonado, 22 de noviembre de 2026»). ``cooperative``: anything with
    ``name``, ``ruc``, ``address`` and ``city`` (a ``CooperativeInfo``).
    Used as ``View(**letterhead(cooperative, printed_on), ...)``."""
    fields = {
        "cooperative_name": cooperative.name,
        "cooperative_ruc": _("RUC %(ruc)s") % {"ruc": cooperative.ruc},
        "cooperative_address": cooperative.address,
    }
    if printed_on is not None:
        fields["dateline"] = place_and_date(cooperative.city, printed_on)
    return fields


def provisional(view, open_period: tuple[int, int] | None):
    """``view`` marked «PROVISIONAL» when its date falls in ``open_period``, the
    (year, month) of the statement's date while the books have not closed that
    month (``coopdesk.core.ledger_books.open_period``); as it is otherwise. The
    mark is a framed banner under the letterhead and a running header that
    starts «PROVISIONAL ·»: any view with ``running_header``, ``banner`` and
    ``banner_sub`` (the ledger's books and statements, the member's account
    statement)."""
    if open_period is None:
        return view
    year, month = open_period
    return replace(view, running_header=_("PROVISIONAL · %(header)s") % {"header": view.running_header},
                   banner=_("PROVISIONAL: el periodo %(period)s no está cerrado") % {
                       "period": f"{month:02d}/{year:04d}"},
                   banner_sub=_("Las cifras pueden cambiar hasta el cierre del periodo en la contabilidad."))


def reprint_mark(reprint: int, printed_on, first_printed_on=None) -> str:
    """«REIMPRESIÓN n.º k, fecha» on a document printed again (the same number
    as the original, whose date follows); "" on the original."""
    if not reprint:
        return ""
    mark = _("REIMPRESIÓN n.º %(n)s, %(date)s") % {"n": reprint, "date": format_date(printed_on)}
    if first_printed_on is not None and first_printed_on != printed_on:
        mark += " " + _("(original del %(date)s)") % {"date": format_date(first_printed_on)}
    return mark


def _weight_places(values) -> int:
    """Two decimals for weights, three when any of them records grams.

    One choice per statement keeps the decimal points of a column aligned, and
    never drops a gram (the formatter would round it)."""
    return 3 if any(v != v.quantize(CENT) for v in values) else 2


def _campaign_line(statement: MemberStatement) -> str:
    """The campaign's own name (data, e.g. "Campaña 2026") and its dates."""
    campaign = statement.campaign
    return _("%(name)s (%(start)s – %(end)s)") % {
        "name": campaign.name, "start": format_date(campaign.start), "end": format_date(campaign.end)}


def statement_view(statement: MemberStatement) -> StatementView:
    coop = statement.cooperative
    member = statement.member
    lines = statement.lines
    number = f"{statement.number:06d}"
    number_label = _("N° %(number)s") % {"number": number}

    total_tare = sum((line.tare_kg for line in lines), ZERO)
    places = _weight_places(
        [v for line in lines for v in (line.gross_kg, line.tare_kg, line.net_kg)]
    )

    def kg(value: Decimal) -> str:
        return _number(value, places)

    deliveries = tuple(
        (
            format_date(line.date),
            line.ticket,
            line.product,
            _number(line.sacks),
            kg(line.gross_kg),
            kg(line.tare_kg),
            kg(line.net_kg),
            _number(line.humidity_pct, 2),
            line.grade,
            _("%(price)s/%(unit)s") % {"price": _money(line.price), "unit": line.price_unit},
            _money(line.amount),
        )
        for line in lines
    )
    deliveries_total = (
        _("Total"),
        "",
        "",
        _number(statement.total_sacks),
        kg(statement.total_gross_kg),
        kg(total_tare),
        kg(statement.total_net_kg),
        "",
        "",
        "",
        _money(statement.total_amount),
    )
    summary = tuple(
        (
            _("%(product)s · %(certification)s") % {"product": product.product,
                                                     "certification": label(product.certification)},
            ngettext("%(n)s entrega", "%(n)s entregas", product.deliveries) % {"n": _number(product.deliveries)},
            kg(product.net_kg),
            format_quintales(product.net_kg) if product.crop == Crop.COFFEE else "",
            _money(product.amount),
        )
        for product in statement.by_product()
    )
    total = _money(statement.total_amount)
    printed = format_date(statement.printed_on)
    title = _("ESTADO DE CUENTA DEL SOCIO")
    campaign = _campaign_line(statement)

    return StatementView(
        **letterhead(coop, statement.printed_on),
        title=title,
        number=number_label,
        campaign=campaign,
        member_fields=(
            (_("Socio(a)"), member.full_name),
            (_("DNI"), member.dni),
            (_("Código"), member.code),
            (_("Zona"), member.zone),
            (_("Certificación"), label(member.certification)),
        ),
        deliveries_title=_("Detalle de entregas"),
        deliveries_header=(
            _("Fecha"),
            _("Ticket"),
            _("Producto"),
            _("Sacos"),
            _("Bruto kg"),
            _("Tara kg"),
            _("Neto kg"),
            _("Hum. %"),
            _("Calidad"),
            _("Precio"),
            _("Importe"),
        ),
        deliveries=deliveries,
        deliveries_total=deliveries_total,
        no_deliveries="" if lines else _("No registra entregas en esta campaña."),
        summary_title=_("Resumen por producto"),
        summary_header=(_("Producto"), _("Entregas"), _("Neto kg"), _("Quintales"), _("Importe")),
        summary=summary,
        total_line=(_("Total pagado por sus entregas: %(amount)s") % {"amount": total}) if not statement.total_withheld
        else _("Total por sus entregas: %(amount)s · Retención Ley 31335: %(withheld)s · Neto recibido: %(paid)s") % {
            "amount": total, "withheld": _money(statement.total_withheld), "paid": _money(statement.total_paid)},
        amount_in_words=amount_in_words(statement.total_paid, language()),
        signatures=(_("Tesorero(a)"), _("Gerente"), _("Presidente del Consejo de Administración")),
        receipt_title=_("Recibí conforme"),
        receipt_name=member.full_name,
        receipt_dni=_("DNI %(dni)s") % {"dni": member.dni},
        thumbprint=_("Huella digital"),
        footer_left=_("Impreso el %(date)s · N° %(number)s") % {"date": printed, "number": number},
        footer_center=coop.name,
        page_of=_("Página %(page)d de %(pages)d"),
        running_header=_("Estado de cuenta del socio N° %(number)s · %(name)s (%(code)s)")
        % {"number": number, "name": member.full_name, "code": member.code},
        pdf_title=_("Estado de cuenta del socio N° %(number)s · %(name)s")
        % {"number": number, "name": member.full_name},
        pdf_author=coop.name,
        pdf_subject=campaign,
        pdf_date=statement.printed_on.strftime("D:%Y%m%d000000"),
        reprint=reprint_mark(statement.reprint, statement.printed_on, statement.first_printed_on),
    )
