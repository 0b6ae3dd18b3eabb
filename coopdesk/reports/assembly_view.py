"""The quarterly «Asamblea» pack as ready-made strings (``assembly_view``): the
agenda, the quarter's figures month by month (with the chart's series), the
criteria proposals side by side with their fairness figures, the acta to be
filled in with the figures to approve already written, and the padrón with a
box for each member's signature. The GUI's projector view shows the same
strings (``AssemblyView.slides``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_percent, month_name
from coopdesk.reports.bulletin_view import kg_text
from coopdesk.reports.charts import Series
from coopdesk.reports.liquidation_view import TableText
from coopdesk.reports.views import letterhead

ZERO = Decimal(0)


@dataclass(frozen=True)
class Proposal:
    """A criteria proposal for the comparison: its name and ``compare.Summary``."""

    name: str
    summary: object


@dataclass(frozen=True)
class Slide:
    """One screen of the projector view: a title and a few large lines."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class AssemblyView:
    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str
    number: str
    campaign: str
    dateline: str
    watermark: str
    agenda_title: str
    agenda: tuple[str, ...]
    figures_title: str
    figures_text: str
    figures: TableText
    chart_title: str
    chart_categories: tuple[str, ...]
    chart_series: tuple[Series, ...]
    proposals_title: str
    proposals_text: str
    proposals: TableText | None  # one column per proposal; None without proposals
    by_zone: TableText | None
    zone_chart_title: str
    zone_categories: tuple[str, ...]
    zone_series: tuple[Series, ...]
    acta_title: str
    acta: tuple[str, ...]  # paragraphs, the blanks as «______»
    signatures: tuple[str, ...]
    padron_title: str
    padron_text: str
    padron: TableText
    footer_left: str
    footer_center: str
    page_of: str
    running_header: str
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str
    slides: tuple[Slide, ...]


BLANK = "______"


def quarter_words(year: int, quarter: int) -> str:
    return _("%(n)s.º trimestre de %(year)s") % {"n": quarter, "year": year}


def _summary_rows(proposals) -> tuple[tuple[str, ...], ...]:
    s = [p.summary for p in proposals]
    return (
        (_("Total a repartir"), *(format_money(x.total) for x in s)),
        (_("Socios en el reparto"), *(str(x.members) for x in s)),
        (_("Socios que reciben algo"), *(str(x.paid) for x in s)),
        (_("Lo que recibe el socio del medio (mediana)"), *(format_money(x.median) for x in s)),
        (_("Parte que se lleva el 10 % que más recibe"), *(format_percent(x.top10_share) for x in s)),
        (_("Coeficiente de Gini (0 = todos igual)"), *(str(x.gini) for x in s)),
    )


def assembly_view(data, cooperative, printed_on: date, agenda: tuple[str, ...] = (),
                  proposals: tuple[Proposal, ...] = (), comparison=None) -> AssemblyView:
    """``data``: a ``core.bulletin.AssemblyData``; ``comparison``: the two proposals'
    ``domain.distribution.compare.Comparison`` (by zone), when there are two."""
    quarter = quarter_words(data.year, data.quarter)
    rows = []
    for m in data.months:
        rows.append((month_name(m.month).capitalize(), kg_text(m.net_kg), format_money(m.paid_total),
                     format_money(m.sales_total), format_money(m.premium_in), format_money(m.premium_out),
                     format_money(m.money_total)))
    last = data.months[-1]
    figures = TableText("", (_("Mes"), _("Kilos entregados"), _("Pagado a los socios"), _("Ventas"),
                             _("Prima: entró"), _("Prima: salió"), _("Caja y bancos al cierre del mes")),
                        tuple(rows), (_("Trimestre"), kg_text(data.net_kg), format_money(data.paid_total),
                                      format_money(data.sales_total), format_money(data.premium_in),
                                      format_money(data.premium_out), format_money(last.money_total)))
    figures_text = _("En el %(quarter)s los socios entregaron %(kg)s y se les pagó %(paid)s. La cooperativa vendió "
                     "por %(sales)s. El fondo de la Prima tiene %(premium)s y la caja y los bancos, %(money)s, al "
                     "%(date)s.") % {
        "quarter": quarter, "kg": kg_text(data.net_kg), "paid": format_money(data.paid_total),
        "sales": format_money(data.sales_total), "premium": format_money(last.premium_balance),
        "money": format_money(last.money_total), "date": format_date(last.as_of)}
    products: dict[str, str] = {}
    for m in data.months:
        for p in m.products:
            products.setdefault(p.product, p.name)
    categories = tuple(month_name(m.month).capitalize() for m in data.months)
    series = []
    for code, name in sorted(products.items()):
        values = tuple(next((p.net_kg for p in m.products if p.product == code), ZERO) for m in data.months)
        series.append(Series(name, values, tuple(kg_text(v) for v in values)))
    proposals_table = by_zone = None
    zone_categories: tuple[str, ...] = ()
    zone_series: tuple[Series, ...] = ()
    if proposals:
        proposals_table = TableText("", (_("Cifra"), *(p.name for p in proposals)), _summary_rows(proposals))
        proposals_text = _("Cada columna es una propuesta de criterios, calculada sobre las mismas entregas. Un "
                           "coeficiente de Gini más bajo y una parte del 10 % más alto más pequeña quieren decir un "
                           "reparto más parejo entre los socios.")
    else:
        proposals_text = _("No se presentan propuestas de criterios de distribución en esta asamblea.")
    if comparison is not None and len(proposals) == 2:
        by_zone = TableText("", (_("Zona"), proposals[0].name, proposals[1].name, _("Diferencia")),
                            tuple((g.group or "—", format_money(g.a), format_money(g.b), format_money(g.difference))
                                  for g in comparison.by_zone))
        zone_categories = tuple(g.group or "—" for g in comparison.by_zone)
        no_labels = tuple("" for _g in comparison.by_zone)  # the table above gives the amounts
        zone_series = (Series(proposals[0].name, tuple(g.a for g in comparison.by_zone), no_labels),
                       Series(proposals[1].name, tuple(g.b for g in comparison.by_zone), no_labels))
    padron_rows = tuple((p.code, p.name, p.dni, p.zone, str(p.attended), "") for p in data.padron)
    events = len(data.events)
    padron_text = ngettext(
        "%(members)s socios hábiles. «Asistencias» dice si cada socio asistió a la asamblea o faena del "
        "trimestre.",
        "%(members)s socios hábiles. «Asistencias» cuenta a cuántas de las %(n)s asambleas y faenas del trimestre "
        "asistió cada socio.", events) % {"members": len(data.padron), "n": events}
    agreements = [
        _("PRIMERO: Aprobar el informe del %(quarter)s: %(kg)s entregados por los socios, %(paid)s pagados por "
          "ellos, ventas por %(sales)s, %(in)s que entraron al fondo de la Prima y %(out)s que salieron, y "
          "%(money)s en caja y bancos al %(date)s.") % {
            "quarter": quarter, "kg": kg_text(data.net_kg), "paid": format_money(data.paid_total),
            "sales": format_money(data.sales_total), "in": format_money(data.premium_in),
            "out": format_money(data.premium_out), "money": format_money(last.money_total),
            "date": format_date(last.as_of)}]
    if proposals:
        options = "; ".join(_("[  ] «%(name)s»: %(total)s, Gini %(gini)s") % {
            "name": p.name, "total": format_money(p.summary.total), "gini": p.summary.gini} for p in proposals)
        agreements.append(_("SEGUNDO: Aprobar los criterios de distribución (marque uno): %(options)s. Votos a "
                            "favor: %(blank)s; en contra: %(blank)s; abstenciones: %(blank)s.") % {
            "options": options, "blank": BLANK})
    acta = (
        _("En %(place)s, siendo las %(blank)s horas del día %(blank)s, se reunieron en Asamblea General "
          "%(blank)s socios hábiles de un padrón de %(members)s, con el quórum que exige el estatuto, bajo la "
          "presidencia de %(blank)s.") % {"place": cooperative.city, "blank": BLANK, "members": len(data.padron)},
        _("Agenda: %(agenda)s") % {"agenda": "; ".join(f"{i}. {a}" for i, a in enumerate(agenda, 1))
                                   if agenda else BLANK},
        *agreements,
        _("Sin otro asunto que tratar, se levantó la sesión a las %(blank)s horas, firmando los presentes en "
          "señal de conformidad.") % {"blank": BLANK},
    )
    slides = [Slide(_("Agenda"), tuple(f"{i}. {a}" for i, a in enumerate(agenda, 1)) or (BLANK,)),
              Slide(_("Cifras del %(quarter)s") % {"quarter": quarter},
                    tuple(f"{r[0]}: {r[1]} · {r[2]}" for r in rows) + (
                        _("Ventas: %(amount)s") % {"amount": format_money(data.sales_total)},
                        _("Prima: entró %(in)s, salió %(out)s") % {"in": format_money(data.premium_in),
                                                                   "out": format_money(data.premium_out)},
                        _("Caja y bancos: %(amount)s") % {"amount": format_money(last.money_total)}))]
    if proposals:
        slides.append(Slide(_("Propuestas de criterios"),
                            tuple(f"{row[0]}: " + " | ".join(row[1:]) for row in _summary_rows(proposals))))
    slides.append(Slide(_("Acuerdos a aprobar"), tuple(agreements)))
    printed = format_date(printed_on)
    return AssemblyView(
        **letterhead(cooperative, printed_on),
        title=_("ASAMBLEA GENERAL"),
        number=quarter.capitalize(),
        campaign=_("Carpeta de la asamblea"),
        watermark="",
        agenda_title=_("1. Agenda"),
        agenda=tuple(agenda),
        figures_title=_("2. Cifras del trimestre"),
        figures_text=figures_text,
        figures=figures,
        chart_title=_("Kilos entregados por mes y producto"),
        chart_categories=categories,
        chart_series=tuple(series),
        proposals_title=_("3. Propuestas de criterios de distribución"),
        proposals_text=proposals_text,
        proposals=proposals_table,
        by_zone=by_zone,
        zone_chart_title=_("Lo que recibiría cada zona según cada propuesta"),
        zone_categories=zone_categories,
        zone_series=zone_series,
        acta_title=_("4. Acta de la asamblea (para llenar)"),
        acta=acta,
        signatures=(_("Presidente(a) de la Asamblea"), _("Secretario(a)"), _("Presidente(a) del Consejo de Vigilancia")),
        padron_title=_("Padrón de asistencia – %(quarter)s") % {"quarter": quarter},
        padron_text=padron_text,
        padron=TableText("", (_("Código"), _("Socio"), _("DNI"), _("Zona"), _("Asistencias"), _("Firma o huella")),
                         padron_rows),
        footer_left=_("Impreso el %(date)s") % {"date": printed},
        footer_center=cooperative.name,
        page_of=_("Página %(page)s de %(pages)s"),
        running_header=_("Asamblea General · %(quarter)s") % {"quarter": quarter},
        pdf_title=_("Carpeta de la asamblea, %(quarter)s") % {"quarter": quarter},
        pdf_author=cooperative.name,
        pdf_subject=_("Asamblea General"),
        pdf_date=printed_on.strftime("D:%Y%m%d000000"),
        slides=tuple(slides),
    )


__all__ = ["AssemblyView", "Proposal", "Slide", "assembly_view", "quarter_words"]
