"""The «Boletín mensual» to members as ready-made strings (``bulletin_view``).

Written for a member with primary schooling: short sentences, «usted», the
words the other papers use (a «pago» is what a delivery was paid; an
«adelanto» is money owed). The figures are the core's
(``core.bulletin.MonthFigures``, ``Slip``), only formatted here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from decimal import Decimal

from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_kg, format_money, format_month
from coopdesk.reports.charts import Series
from coopdesk.reports.liquidation_view import TableText
from coopdesk.reports.views import letterhead

ZERO = Decimal(0)


@dataclass(frozen=True)
class SlipView:
    title: str  # «Su hoja personal – noviembre de 2026»
    name: str  # «Quispe Mamani, Rosa · S0001 · DNI 41234567 · Las Piedras»
    rows: tuple[tuple[str, str], ...]  # label and figure
    note: str  # what the balance means, in one sentence


@dataclass(frozen=True)
class BulletinView:
    # letterhead and pages (the statement's names: its Letterhead and footer lay them out)
    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str
    number: str
    campaign: str
    dateline: str
    watermark: str
    intro: str
    deliveries_title: str
    deliveries: TableText
    chart_title: str
    chart_categories: tuple[str, ...]
    chart_series: tuple[Series, ...]
    money_title: str
    money_text: str
    money: TableText
    premium_title: str
    premium_text: str
    premium: TableText | None  # the fund's movements, None when it did not move
    decisions_title: str
    decisions: str
    assembly_title: str
    assembly: str
    closing: str
    slips_title: str
    slips: tuple[SlipView, ...]
    cut_here: str
    footer_left: str
    footer_center: str
    page_of: str
    running_header: str
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str


def kg_text(kg: Decimal) -> str:
    return format_kg(kg.quantize(Decimal("0.01")) if kg == kg.quantize(Decimal("0.01")) else kg)


def per_kg_text(price) -> str:
    """«S/ 18.63» per kilo, or «—» without kilos."""
    return format_money(price.per_kg) if price is not None and price.paid_kg else "—"


def slip_views(slips, year: int, month: int, as_of: date) -> tuple[SlipView, ...]:
    """Every member's slip. The words every slip shares are made once, and each
    figure once per distinct value (most members share a few: S/ 0.00 above all):
    50,000 slips are written in a fraction of the time."""
    title = _("Su hoja personal – %(month)s") % {"month": format_month(year, month)}
    labels = (_("Sus entregas"), _("Kilos entregados"), _("Valor de sus entregas"),
              _("Retención (impuesto a la renta)"), _("Le pagamos"),
              _("Usted debe a la cooperativa al %(date)s") % {"date": format_date(as_of)})
    owing = _("Lo que usted debe son adelantos, préstamos, insumos o aportaciones. Si no está de acuerdo, "
              "acérquese a la oficina con este papel.")
    clear = _("Usted no debe nada a la cooperativa. Gracias por estar al día.")
    dni = _("DNI %(dni)s")
    money = lru_cache(maxsize=100_000)(format_money)
    kilos = lru_cache(maxsize=100_000)(kg_text)
    tickets = lru_cache(maxsize=1000)(lambda n: ngettext("%(n)s ticket", "%(n)s tickets", n) % {"n": n})
    out = []
    for slip in slips:
        figures = (tickets(slip.tickets), kilos(slip.net_kg), money(slip.amount), money(slip.withheld),
                   money(slip.paid), money(slip.owed))
        name = " · ".join(p for p in (slip.name, slip.code, dni % {"dni": slip.dni} if slip.dni else "", slip.zone)
                          if p)
        out.append(SlipView(title, name, tuple(zip(labels, figures)), owing if slip.owed > ZERO else clear))
    return tuple(out)


def slip_view(slip, year: int, month: int, as_of: date) -> SlipView:
    return slip_views((slip,), year, month, as_of)[0]


def bulletin_view(data, cooperative, printed_on: date, draft: bool = False) -> BulletinView:
    """``data``: a ``core.bulletin.BulletinData``; ``cooperative``: its name, ruc, address and city."""
    f = data.figures
    month_words = format_month(f.year, f.month)
    rows = []
    for p in f.products:
        rows.append((p.name, kg_text(p.net_kg), kg_text(p.before_net_kg) if p.before is not None else "—",
                     per_kg_text(p.now), per_kg_text(p.before), format_money(p.now.amount)))
    deliveries = TableText(
        "", (_("Producto"), _("Kilos este mes"), _("Kilos hace un año"), _("Pago por kg este mes"),
             _("Pago por kg hace un año"), _("Pagado a los socios")),
        tuple(rows), (_("Total"), kg_text(f.net_kg), kg_text(sum((p.before_net_kg for p in f.products), ZERO))
                      if any(p.before is not None for p in f.products) else "—",
                      "", "", format_money(f.paid_total)) if rows else None)
    if f.net_kg:
        intro = _("En %(month)s los socios entregaron %(kg)s y la cooperativa les pagó %(amount)s por esos "
                  "kilos.") % {"month": month_words, "kg": kg_text(f.net_kg), "amount": format_money(f.paid_total)}
    else:
        intro = _("En %(month)s no hubo entregas.") % {"month": month_words}
    a_year_ago = format_month(f.year - 1, f.month)
    compared = any(p.before is not None for p in f.products)
    series = (Series(month_words, tuple(p.net_kg for p in f.products), tuple(kg_text(p.net_kg) for p in f.products)),)
    if compared:  # without tickets a year before, no bars of nothing
        series += (Series(a_year_ago, tuple(p.before_net_kg for p in f.products),
                          tuple(kg_text(p.before_net_kg) for p in f.products)),)
    money_rows = tuple((a.name, format_money(a.balance)) for a in f.money)
    money = TableText("", (_("Dónde está el dinero"), _("Saldo al %(date)s") % {"date": format_date(f.as_of)}),
                      money_rows, (_("Total"), format_money(f.money_total)))
    if f.sales:
        sales_text = ngettext(
            "La cooperativa hizo %(n)s venta en el mes: %(kg)s por %(amount)s.",
            "La cooperativa hizo %(n)s ventas en el mes: %(kg)s por %(amount)s.", f.sales) % {
            "n": f.sales, "kg": kg_text(f.sales_kg), "amount": format_money(f.sales_total)}
    else:
        sales_text = _("La cooperativa no vendió en el mes.")
    money_text = sales_text + " " + _("Al %(date)s la cooperativa tiene %(amount)s en caja y en el banco.") % {
        "date": format_date(f.as_of), "amount": format_money(f.money_total)}
    if f.premium_moves:
        premium = TableText("", (_("Fecha"), _("En qué"), _("Entró"), _("Salió")),
                            tuple((format_date(m.date), m.description or m.entry,
                                   format_money(m.amount_in) if m.amount_in else "",
                                   format_money(m.amount_out) if m.amount_out else "") for m in f.premium_moves),
                            (_("Total"), "", format_money(f.premium_in), format_money(f.premium_out)))
        premium_text = _("En el mes entraron %(in)s al fondo de la Prima y salieron %(out)s. Quedan %(left)s "
                         "para los proyectos que aprobó la asamblea.") % {
            "in": format_money(f.premium_in), "out": format_money(f.premium_out),
            "left": format_money(f.premium_balance)}
    else:
        premium = None
        premium_text = _("El fondo de la Prima no se movió en el mes. Tiene %(left)s.") % {
            "left": format_money(f.premium_balance)}
    slips = slip_views(data.slips, f.year, f.month, f.as_of)
    printed = format_date(printed_on)
    return BulletinView(
        **letterhead(cooperative, printed_on),
        title=_("BOLETÍN MENSUAL"),
        number=month_words.capitalize(),
        campaign=_("Para los socios y socias"),
        watermark=_("BORRADOR") if draft else "",
        intro=intro,
        deliveries_title=_("1. Lo que entregamos y lo que se pagó"),
        deliveries=deliveries,
        chart_title=(_("Kilos entregados: %(month)s y el mismo mes del año pasado") if compared else
                     _("Kilos entregados en %(month)s (no hubo entregas el mismo mes del año pasado)")) % {
            "month": month_words},
        chart_categories=tuple(p.name for p in f.products),
        chart_series=series,
        money_title=_("2. Ventas y dinero de la cooperativa"),
        money_text=money_text,
        money=money,
        premium_title=_("3. Prima de Comercio Justo"),
        premium_text=premium_text,
        premium=premium,
        decisions_title=_("4. Acuerdos del Consejo de Administración"),
        decisions=data.decisions or _("Este mes el Consejo no registró acuerdos para informar."),
        assembly_title=_("5. Próxima asamblea"),
        assembly=data.next_assembly or _("La fecha se avisará con anticipación."),
        closing=_("Si tiene preguntas sobre estas cifras, acérquese a la oficina de la cooperativa."),
        slips_title=_("Hojas personales de los socios"),
        slips=slips,
        cut_here=_("✂ corte aquí"),
        footer_left=_("Impreso el %(date)s") % {"date": printed},
        footer_center=cooperative.name,
        page_of=_("Página %(page)s de %(pages)s"),
        running_header=_("Boletín mensual · %(month)s") % {"month": month_words},
        pdf_title=_("Boletín mensual, %(month)s") % {"month": month_words},
        pdf_author=cooperative.name,
        pdf_subject=_("Boletín mensual a los socios"),
        pdf_date=printed_on.strftime("D:%Y%m%d000000"),
    )
