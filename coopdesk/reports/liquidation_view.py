"""A distribution's printed documents as the strings that get printed.

``liquidation_view`` builds the member's *liquidación* (how their amount arose,
pot by pot, with the formula in words); ``summary_view`` the board's summary
(criteria, amount to distribute, appropriations, pots, reconciliation to the
céntimo, totals by zone, gender and certification, the padrón for the
assembly). The layouts (``liquidation_pdf``, ``distribution_summary_pdf``) only
place these strings. ``criteria_fields`` states the criteria's general rules in
words; the summary and the criteria document (``criteria_view``) both print it.

The inputs are domain data and two plain objects the core builds (read by
attribute, so this package never imports the core):

- ``context``: ``cooperative`` (``CooperativeInfo``), ``campaign``
  (``CampaignInfo``), ``run`` (number, status, name, criteria_version,
  acta_number, acta_date, published_at, code), ``criteria`` (``Criteria`` or
  None), ``products`` (product code -> name) and ``printed_on`` (date);
- the ``DistributionResult`` of the run (for one member it may be cut down to
  that member: only their shares and payout are read).

Nothing here rounds money: amounts come rounded from the engine. Shares in
percent and exact (unrounded) shares are shown as such, marked "…" when cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable, Mapping, Protocol, Sequence

from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.distribution import engine as _engine
from coopdesk.domain.distribution.compare import MemberInfo as GroupInfo
from coopdesk.domain.distribution.compare import summarize
from coopdesk.domain.distribution.per_kilo import per_kilo
from coopdesk.domain.distribution.model import (
    EQUAL,
    EXCEDENTES,
    KG,
    VALUE,
    WEIGHTED_KG,
    Criteria,
    DistributionResult,
    MemberSeason,
)
from coopdesk.domain import postings
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.statement import CampaignInfo, CooperativeInfo, MemberInfo
from coopdesk.i18n import N_, _, label, language, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number
from coopdesk.i18n.words import amount_in_words
from coopdesk.domain.documents import IssuedDocument
from coopdesk.reports.audit_head_view import head_fields, head_note, head_title
from coopdesk.reports.views import _money, _number, _weight_places, letterhead, reprint_mark

__all__ = ["LiquidationView", "SummaryView", "TableText", "criteria_fields", "eligibility_text", "liquidation_view",
           "summary_view"]

# Keys the engine is gaining (per-unit rates, aportaciones, participation
# points): named here as text so this module works before and after they land.
RATE, SHARE_CAPITAL, POINTS = "rate", "share_capital", "points"
WITHHOLDING = "retencion"

KEY_LABELS = {
    KG: N_("kilos entregados"),
    WEIGHTED_KG: N_("kilos ponderados"),
    VALUE: N_("valor entregado"),
    EQUAL: N_("partes iguales"),
    RATE: N_("tarifa por kilo"),
    SHARE_CAPITAL: N_("aportaciones"),
    POINTS: N_("puntos de participación"),
}

# Deduction concepts as the criteria name them (orden_descuentos)
CONCEPTS = {
    WITHHOLDING: N_("Retención de ley (impuesto a la renta)"),
    "adelantos": N_("Adelantos"),
    "prestamos": N_("Préstamos"),
    "insumos": N_("Créditos de insumos"),
    "aportaciones": N_("Aportaciones pendientes"),
    "pagado": N_("Ya pagado en la distribución que esta corrige"),
}

# The deductions as the board's padrón heads their columns
BOARD_CONCEPTS = {
    WITHHOLDING: N_("Retención"),
    "adelantos": N_("Adelantos"),
    "prestamos": N_("Préstamos"),
    "insumos": N_("Insumos"),
    "aportaciones": N_("Aportaciones"),
    "pagado": N_("Ya pagado"),
}

# The deductions in the member's summary («se descuenta S/ 1,200.00 que usted debía (adelantos y préstamos)»)
SHORT_CONCEPTS = {
    WITHHOLDING: N_("el impuesto de ley"),
    "adelantos": N_("adelantos"),
    "prestamos": N_("préstamos"),
    "insumos": N_("insumos al crédito"),
    "aportaciones": N_("aportaciones pendientes"),
    "pagado": N_("lo ya pagado en la distribución que esta corrige"),
}

# The member's paper says «kilos que cuentan», not «kilos ponderados»
MEMBER_KEY_LABELS = dict(KEY_LABELS, **{WEIGHTED_KG: N_("kilos que cuentan"), VALUE: N_("valor de lo entregado")})

# The glossary of the member's paper: (patterns that show the term is used, term, what it means in plain words).
# Only the terms a liquidation uses are printed.
GLOSSARY = (
    (("remanente",), N_("Remanente"), N_("lo que le quedó a la cooperativa al terminar el año, pagados sus gastos.")),
    (("reserva",), N_("Reserva Cooperativa"),
     N_("dinero que la cooperativa guarda para los años malos; no se reparte.")),
    (("educaci",), N_("Fondo de Educación"), N_("dinero para cursos y capacitación de los socios.")),
    (("previsi",), N_("Fondo de Previsión Social"),
     N_("dinero para ayudar a los socios en enfermedad, accidente o muerte.")),
    (("reintegro",), N_("Reintegro"), N_("un pago más por los kilos que ya entregó.")),
    (("prima",), N_("Prima de Comercio Justo"),
     N_("dinero extra de los compradores de Comercio Justo; la asamblea decide en qué se usa.")),
    (("aportaci", "capitaliz"), N_("Aportaciones"),
     N_("el dinero que usted puso como socio en la cooperativa; sigue siendo suyo.")),
    (("adelanto",), N_("Adelanto"), N_("dinero que la cooperativa le dio antes y que usted debe devolver.")),
    (("préstamo",), N_("Préstamo"), N_("dinero que la cooperativa le prestó; se devuelve con intereses.")),
    (("insumo",), N_("Insumos"), N_("abono, herramientas u otras cosas que recibió al crédito.")),
    (("retención", "impuesto de ley"), N_("Retención"),
     N_("impuesto que la ley cobra solo a quien recibe mucho en el año; la cooperativa lo paga al Estado por "
        "usted.")),
    (("que cuentan",), N_("Kilos que cuentan"),
     N_("sus kilos según su producto, calidad y certificación: un kilo de cacao en baba cuenta menos que uno de "
        "grano seco.")),
    ((r"por kilo(?!s)",), N_("Por kilo"),
     N_("lo que le toca por cada kilo; lleva los decimales que hacen falta para que kilos × por kilo dé justo el "
        "monto.")),
    (("bruto",), N_("Bruto"), N_("antes de los descuentos.")),
    (("neto a pagar",), N_("Neto a pagar"), N_("lo que usted recibe en la mano.")),
    (("…",), N_("Los puntos (…)"),
     N_("la cuenta tiene más decimales; se paga al céntimo, y los céntimos que sobran se dan de uno en uno.")),
)

# Brackets of the board's chart, in soles (upper bounds, inclusive)
BRACKETS = (Decimal(100), Decimal(500), Decimal(1000), Decimal(5000))


class RunLike(Protocol):
    number: int
    status: str
    name: str
    criteria_version: int
    acta_number: str | None
    acta_date: date | None
    published_at: datetime | None

    @property
    def code(self) -> str | None: ...


class ContextLike(Protocol):
    cooperative: CooperativeInfo
    campaign: CampaignInfo
    run: RunLike
    criteria: Criteria | None
    products: Mapping[str, str]
    printed_on: date


@dataclass(frozen=True)
class TableText:
    """A table as text: header, rows, an optional totals row."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PotText:
    """One pot on the member's liquidation: a row of figures and the formula in words."""

    cells: tuple[str, ...]  # pot, key, member's basis, everyone's basis, share, amount
    formula: str


@dataclass(frozen=True)
class LiquidationView:
    """Everything printed on a member's liquidation, as ready-made strings.

    The letterhead, member block, signature and page fields have the names of
    ``StatementView``'s, so the statement's flowables lay them out."""

    # letterhead
    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str  # "LIQUIDACIÓN DEL SOCIO"
    number: str  # "Distribución N° 3"
    campaign: str  # "Campaña 2026 (01/01/2026 – 31/12/2026)"
    dateline: str
    heading: str  # "Liquidación de Distribución de excedentes 2026"
    status_line: str  # "Estado: Publicada · Criterios: versión 1 · Acta: 12-2026 del 10/03/2026 · ..."
    warning: str  # "BORRADOR – no válido para pago"; "" when published
    watermark: str  # "BORRADOR"; "" when published
    # member
    member_fields: tuple[tuple[str, str], ...]  # name, DNI, code, zone, certification
    eligibility_note: str  # why the member takes no part; "" when they do
    # deliveries
    deliveries: TableText
    no_deliveries: str  # "" when there are deliveries
    # the pots
    pots_title: str
    pots_header: tuple[str, ...]
    pots: tuple[PotText, ...]
    rounding_note: str  # how céntimos are rounded; "" when nothing was rounded
    # deductions ("" title: none)
    deductions: TableText | None
    debt_note: str
    # what is paid
    settlement: tuple[tuple[str, str], ...]  # (label, amount) from gross down to the deductions
    net_line: tuple[str, str]  # ("NETO A PAGAR", "S/ 2,353.34")
    amount_in_words: str
    notes: tuple[str, ...]  # retained / capitalised explanations
    # verification
    verification_label: str
    verification_code: str  # the member's own "S-9C41-07AE-2B3D-55F0", the run's "3F2A-91C0-7B4D-E815",
    #                         or "sin código: borrador"
    verification_note: str
    run_code_line: str  # "Distribución: 3F2A-91C0-7B4D-E815" under the member's own code, or ""
    # signatures
    signatures: tuple[str, ...]
    receipt_title: str
    receipt_name: str
    receipt_dni: str
    thumbprint: str
    # every page
    footer_left: str
    footer_center: str
    page_of: str
    running_header: str
    # PDF metadata
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str
    reprint: str = ""  # «REIMPRESIÓN n.º k, fecha»; "" for the original
    # what a member reads first: the whole in plain words, where the remanente went, the rate per kilo
    summary_title: str = ""  # "En pocas palabras"
    summary: str = ""  # «Usted entregó X kg; la cooperativa repartió S/ Y entre N socios; a usted le tocan …»
    where_title: str = ""  # "A dónde fue el remanente de S/ 10,000.00"
    where: tuple[Bar, ...] = ()  # Reserva, funds, members: each with its amount
    where_note: str = ""  # "De la parte de los socios, a usted: S/ 3,553.34"
    glossary_title: str = ""  # "Palabras que usamos"
    glossary: tuple[tuple[str, str], ...] = ()  # (term, what it means) for the terms the paper uses


@dataclass(frozen=True)
class Check:
    """One line of the reconciliation: the sum written out and whether it holds."""

    text: str
    ok: bool
    verdict: str  # "cuadra" / "no cuadra"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    text: str  # the value as printed above the bar


@dataclass(frozen=True)
class SummaryView:
    """The board's summary of a run, as ready-made strings."""

    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str  # "RESUMEN DE LA DISTRIBUCIÓN"
    number: str
    campaign: str
    dateline: str
    heading: str  # the distribution's name
    status_line: str
    warning: str
    watermark: str
    criteria_title: str
    criteria_fields: tuple[tuple[str, str], ...]
    amounts: TableText  # amount to distribute, appropriations, pots
    pots: TableText  # per pot: key, total basis, amount, sum of shares, unallocated, verdict
    reconciliation_title: str
    checks: tuple[Check, ...]
    balanced: bool
    verdict_line: str  # "La distribución cuadra al céntimo." or a warning
    stats_title: str
    stats: tuple[tuple[str, str], ...]  # (label, value): members, paid, median, top 10 %, Gini
    groups: tuple[TableText, ...]  # by zone, gender, certification
    chart_brackets_title: str
    chart_brackets: tuple[Bar, ...]
    chart_zones_title: str
    chart_zones: tuple[Bar, ...]
    padron: TableText
    padron_firm_column: int  # index of the empty "Firma" column
    padron_number_columns: frozenset[int]
    signatures: tuple[str, ...]
    footer_left: str
    footer_center: str
    page_of: str
    running_header: str
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str
    reprint: str = ""
    # the audit trail's head when it was printed (``audit_head_view``)
    audit_title: str = ""
    audit_fields: tuple[tuple[str, str], ...] = ()
    audit_note: str = ""
    # the deductions by kind: concept, members, owed, deducted, still owed
    deductions: TableText | None = None
    # the run in the books: its journal entries and their tie to its figures (context.ledger)
    ledger_title: str = ""
    ledger_entries: TableText | None = None
    ledger_checks: tuple[Check, ...] = ()
    ledger_note: str = ""  # what is not in the books yet, or the verdict

    @property
    def has_members(self) -> bool:
        return bool(self.padron.rows)


# ------------------------------------------------------------------ numbers


def _money_prefix() -> str:
    text = format_money(CENT * 0)
    return text[: text.index("0")]  # "S/\u00a0"


def _minus(value: Decimal) -> str:
    """A deduction as "-S/ 1,200.00" (zero without a sign)."""
    return _money(-value) if value else _money(value)


def _plain(value: Decimal | int) -> str:
    """A number in a formula, without trailing zeros: 600, 1,000, 2,221.85."""
    if isinstance(value, int):
        return _number(value)
    value = value.normalize()
    if value == value.to_integral_value():
        return _number(int(value))
    return _number(value)


def _exact_money(value: Fraction | Decimal, places: int = 4) -> str:
    """An exact share in soles: "S/ 3,120.00", or "S/ 433.3333…" when it has
    more than céntimos (cut, not rounded, at ``places`` decimals: four for
    the board, two on the member's paper, "S/ 433.33…")."""
    exact = Fraction(value)
    cents = exact * 100
    if cents.denominator == 1:
        return _money(Decimal(cents.numerator).scaleb(-2))
    cut = Decimal(int(exact * 10 ** places)).scaleb(-places)
    return f"{_money_prefix()}{format_number(cut, places)}…"


def _percent_value(value: Decimal) -> str:
    return f"{_plain(value)}\u00a0%"


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# ------------------------------------------------------------------ shared pieces


def _status_texts(run: RunLike) -> tuple[str, str, str]:
    """(status line, warning, watermark) of a run."""
    parts = [_("Estado: %(status)s") % {"status": label(run.status)},
             _("Criterios: versión %(version)s") % {"version": run.criteria_version}]
    if run.acta_number:
        if run.acta_date is not None:
            parts.append(_("Acta: %(acta)s del %(date)s") % {"acta": run.acta_number, "date": format_date(run.acta_date)})
        else:
            parts.append(_("Acta: %(acta)s") % {"acta": run.acta_number})
    if run.published_at is not None:
        published = run.published_at.date() if isinstance(run.published_at, datetime) else run.published_at
        parts.append(_("Publicada el %(date)s") % {"date": format_date(published)})
    status = run.status
    if status == RunStatus.DRAFT:
        warning, watermark = _("BORRADOR – no válido para pago"), _("BORRADOR")
    elif status == RunStatus.APPROVED:
        warning, watermark = _("APROBADA, AÚN NO PUBLICADA – no válida para pago"), _("SIN PUBLICAR")
    elif status == RunStatus.SUPERSEDED:
        warning, watermark = _("REEMPLAZADA POR UNA CORRECCIÓN – no válida para pago"), _("REEMPLAZADA")
    else:
        warning = watermark = ""
    return " · ".join(parts), warning, watermark


def _campaign_line(campaign: CampaignInfo) -> str:
    return _("%(name)s (%(start)s – %(end)s)") % {
        "name": campaign.name, "start": format_date(campaign.start), "end": format_date(campaign.end)}


def _key_label(pot) -> str:
    key = pot.key
    if key == RATE and getattr(pot, "unit_kg", Decimal(1)) != 1:
        return _("tarifa por quintal")
    return _(KEY_LABELS[key]) if key in KEY_LABELS else key


def _pot_title(pot) -> str:
    stream = getattr(pot, "stream", "")
    return _("%(stream)s: %(pot)s") % {"stream": stream, "pot": pot.name} if stream else pot.name


def _criteria_pots(criteria: Criteria | None) -> dict[tuple[str, str], Any]:
    """The criteria's pots by (stream, name)."""
    if criteria is None:
        return {}
    pots = {("", p.name): p for p in criteria.pots}
    for stream in getattr(criteria, "streams", ()):
        pots.update({(stream.name, p.name): p for p in stream.pots})
    return pots


def _all_pots(result: DistributionResult) -> tuple:
    return getattr(result, "all_pots", result.pots)


def deduction_name(concept: str) -> str:
    """A deduction as the criteria name it (orden_descuentos), in words: «Préstamos»
    for ``prestamos``; a concept with no word of its own as it is, capitalised."""
    return _(CONCEPTS[concept]) if concept in CONCEPTS else concept.replace("_", " ").capitalize()


def _concept(concept: str, context: ContextLike, result: DistributionResult) -> str:
    text = deduction_name(concept)
    if concept == WITHHOLDING:
        rule = getattr(context.criteria, "withholding", None) if context.criteria else None
        threshold = getattr(result, "withholding_threshold", None)
        if rule is not None and threshold is not None:
            text = _("%(concept)s: %(percent)s de lo que pasa de %(uit)s UIT (%(threshold)s) en el año") % {
                "concept": text, "percent": _percent_value(rule.percent), "uit": _plain(rule.threshold_uit),
                "threshold": _money(threshold)}
    return text


def eligibility_text(rule) -> str:
    """Who takes part, in words: "socios en estado Activo; con al menos 100 kg entregados; ..."."""
    who = [_("socios en estado %(statuses)s") % {"statuses": ", ".join(label(s) for s in rule.statuses)}]
    if rule.minimum_kg:
        who.append(_("con al menos %(kg)s kg entregados") % {"kg": _plain(rule.minimum_kg)})
    if rule.joined_before is not None:
        who.append(_("ingresados antes del %(date)s") % {"date": format_date(rule.joined_before)})
    if getattr(rule, "good_standing", False):
        who.append(_("al día con sus obligaciones"))
    return "; ".join(who)


def criteria_fields(criteria: Criteria, withholding_threshold: Decimal | None = None) -> list[tuple[str, str]]:
    """The criteria's general rules in words, as (label, value) pairs: the
    board summary's "Criterios aplicados" and the criteria document print them.
    ``withholding_threshold``: the withholding's threshold in soles, when known."""
    fields = [(_("Porcentajes de las apropiaciones"),
               _("sobre el monto a distribuir") if criteria.percent_base == "gross"
               else _("cada uno sobre lo que queda")),
              (_("Reserva Cooperativa mínima"), _percent_value(criteria.reserve_floor_percent)),
              (_("Participan"), eligibility_text(criteria.eligibility))]
    if getattr(criteria, "distribution_date", None) is not None:
        fields.append((_("Fecha de la distribución"), format_date(criteria.distribution_date)))
    capital = getattr(criteria, "capitalisation_percent", ZERO)
    if capital:
        pots_named = getattr(criteria, "capitalisation_pots", None)
        fields.append((_("Capitalización"), _("%(percent)s de %(pots)s") % {
            "percent": _percent_value(capital), "pots": ", ".join(pots_named)} if pots_named else
            _("%(percent)s de cada socio") % {"percent": _percent_value(capital)}))
    withholding = getattr(criteria, "withholding", None)
    if withholding is not None:
        threshold = withholding_threshold
        values = {"percent": _percent_value(withholding.percent), "uit": _plain(withholding.threshold_uit),
                  "threshold": _money(threshold) if threshold is not None else ""}
        fields.append((_("Retención de ley"), _("%(percent)s de lo que pasa de %(uit)s UIT (%(threshold)s) en el año")
                       % values if threshold is not None else
                       _("%(percent)s de lo que pasa de %(uit)s UIT en el año") % values))
    if criteria.minimum_payout:
        fields.append((_("Pago mínimo"), _money(criteria.minimum_payout)))
    if criteria.deduction_order:
        fields.append((_("Orden de los descuentos"), ", ".join(
            _(CONCEPTS[c]) if c in CONCEPTS else c for c in criteria.deduction_order)))
    return fields


def _pages(context: ContextLike) -> dict[str, str]:
    coop = context.cooperative
    return {
        "campaign": _campaign_line(context.campaign),
        "footer_center": coop.name,
        "page_of": _("Página %(page)d de %(pages)d"),
        "pdf_author": coop.name,
        "pdf_date": context.printed_on.strftime("D:%Y%m%d000000"),
    }


# ------------------------------------------------------------------ the member's liquidation


def _factor(pot, delivery) -> Decimal:
    f = pot.factors
    one = Decimal(1)
    return (f.get(("product", delivery.product), one) * f.get(("grade", delivery.grade), one)
            * f.get(("certification", delivery.certification), one))


def _ineligible_reasons(criteria: Criteria | None, season: MemberSeason, places: int) -> list[str]:
    if criteria is None:
        return []
    rule = criteria.eligibility
    reasons = []
    if season.status not in rule.statuses:
        reasons.append(_("su estado de socio es «%(status)s»") % {"status": label(season.status)})
    if season.kg < rule.minimum_kg:
        reasons.append(_("entregó %(kg)s kg, menos del mínimo de %(minimum)s kg") % {
            "kg": _number(season.kg, places), "minimum": _plain(rule.minimum_kg)})
    if rule.joined_before is not None and season.join_date >= rule.joined_before:
        reasons.append(_("ingresó el %(date)s; participan quienes ingresaron antes del %(limit)s") % {
            "date": format_date(season.join_date), "limit": format_date(rule.joined_before)})
    if getattr(rule, "good_standing", False) and not getattr(season, "in_good_standing", True):
        reasons.append(_("no está al día con sus obligaciones"))
    return reasons


class _Basis:
    """How a pot's basis is written for its key (``member``: in the member's
    words, «kg que cuentan» and soles cut at the céntimo)."""

    def __init__(self, places: int, member: bool = False):
        self.places = places
        self.member = member
        self.money_places = 2 if member else 4

    def text(self, pot, value: Decimal) -> str:
        key = pot.key
        if key == KG:
            return _("%(kg)s kg") % {"kg": _number(value, self.places)}
        if key == WEIGHTED_KG:
            kg = _number(value, max(self.places, _decimals(value)))
            return _("%(kg)s kg que cuentan") % {"kg": kg} if self.member else \
                _("%(kg)s kg ponderados") % {"kg": kg}
        if key in (VALUE, SHARE_CAPITAL):
            return _exact_money(value, self.money_places)
        if key == RATE:
            # kg × rate: soles for rates per kg; per quintal the soles are that ÷ 46
            if getattr(pot, "rated", False):
                return _exact_money(Fraction(value) / Fraction(getattr(pot, "unit_kg", Decimal(1))),
                                    self.money_places)
            return _plain(value)
        if key == EQUAL:
            count = int(value)
            return ngettext("%(n)s parte", "%(n)s partes", count) % {"n": _number(count)}
        if key == POINTS:
            return _("%(points)s puntos") % {"points": _plain(value)}
        return _plain(value)

    def total(self, pot) -> str:
        """Everyone's basis; nothing for a pot paid by rate or interest (each
        member's amount does not depend on the others')."""
        return "" if getattr(pot, "rated", False) else self.text(pot, pot.total_basis)


def _rate_terms(criteria_pot, season: MemberSeason, unit_kg: Decimal) -> list[str]:
    """"920 kg ÷ 46 × S/ 23.00" for each of the member's deliveries the pot pays."""
    rate_of = getattr(_engine, "rate_of", None)
    counts = getattr(_engine, "counts", None)
    if criteria_pot is None or rate_of is None:
        return []
    terms = []
    for d in season.deliveries:
        if counts is not None and not counts(criteria_pot, d):
            continue
        rate = rate_of(criteria_pot, d.product, d.grade, d.certification)
        if rate is None or not d.kg:
            continue
        values = {"kg": _plain(d.kg), "unit": _plain(unit_kg), "rate": _exact_money(rate, 2)}
        terms.append(_("%(kg)s kg × %(rate)s") % values if unit_kg == 1 else
                     _("%(kg)s kg ÷ %(unit)s × %(rate)s") % values)
    return terms


def _formula(pot, share, criteria_pot, season: MemberSeason, basis: _Basis, eligible: bool) -> str:
    """The pot's computation in words a member can follow."""
    key = pot.key
    b, t = share.basis if share else ZERO, pot.total_basis
    amount = share.amount if share else CENT * 0
    if not eligible:
        return _("Usted no participa en esta distribución: no le toca parte de este fondo.")
    if not t:
        return _("Ningún socio tiene base para este fondo: queda sin repartir.")
    if not b:
        if key in (KG, WEIGHTED_KG, VALUE, RATE):
            return _("Usted no tiene entregas que cuenten para este fondo: no le toca parte.")
        return _("Usted no tiene base para este fondo: no le toca parte.")
    exact = share.exact
    result = _exact_money(exact, 2)
    rounded = _("%(exact)s; le toca %(amount)s") % {"exact": result, "amount": _money(amount)} \
        if Fraction(amount) != exact else result
    values = {"basis": basis.text(pot, b), "total": basis.text(pot, t), "pot": _money(pot.amount),
              "b": _plain(b), "t": _plain(t), "result": rounded}
    if getattr(pot, "rated", False):
        if key == RATE:
            unit_kg = getattr(pot, "unit_kg", Decimal(1))
            terms = _rate_terms(criteria_pot, season, unit_kg)
            if terms:
                text = _("Se paga una tarifa por cada kilo entregado: %(terms)s = %(result)s") if unit_kg == 1 else \
                    _("Se paga una tarifa por cada quintal (%(unit)s kg) entregado: %(terms)s = %(result)s")
                return text % dict(values, terms=" + ".join(terms), unit=_plain(unit_kg))
            return _("Sus kilos por la tarifa de su producto dan %(basis)s") % values
        interest = getattr(criteria_pot, "interest_percent", None)
        if key == SHARE_CAPITAL and interest is not None:
            return _("Interés de %(percent)s sobre sus aportaciones de %(basis)s: %(basis)s × %(rate)s ÷ 100 = "
                     "%(result)s") % dict(values, percent=_percent_value(interest), rate=_plain(interest))
        return _("Lo suyo es %(basis)s: recibe %(result)s") % values
    if key == EQUAL:
        count = int(t)
        return ngettext(
            "Este fondo se reparte en partes iguales entre %(n)s socio que participa: %(pot)s ÷ %(n)s = %(result)s",
            "Este fondo se reparte en partes iguales entre los %(n)s socios que participan: "
            "%(pot)s ÷ %(n)s = %(result)s", count) % dict(values, n=_number(count))
    if key == KG:
        text = _("Usted entregó %(basis)s de %(total)s de todos los socios: %(pot)s × %(b)s ÷ %(t)s = %(result)s")
    elif key == WEIGHTED_KG:
        text = _("Según su producto, calidad y certificación, sus kilos cuentan como %(basis)s de %(total)s de "
                 "todos los socios: %(pot)s × %(b)s ÷ %(t)s = %(result)s")
    elif key == VALUE:
        text = _("Usted entregó productos por %(basis)s de %(total)s de todos los socios: "
                 "%(pot)s × %(b)s ÷ %(t)s = %(result)s")
    elif key == SHARE_CAPITAL:
        text = _("Sus aportaciones son %(basis)s de %(total)s de todos los socios: "
                 "%(pot)s × %(b)s ÷ %(t)s = %(result)s")
    elif key == POINTS:
        text = _("Usted tiene %(basis)s de participación de %(total)s de todos los socios: "
                 "%(pot)s × %(b)s ÷ %(t)s = %(result)s")
    else:
        text = _("Lo suyo es %(basis)s de %(total)s de todos los socios: %(pot)s × %(b)s ÷ %(t)s = %(result)s")
    return text % values


def liquidation_view(context: ContextLike, member: MemberInfo, season: MemberSeason,
                     result: DistributionResult, member_code: str = "",
                     document: IssuedDocument | None = None) -> LiquidationView:
    """The member's liquidation in ``context``'s run (see the module doc);
    ``member_code``: the member's own verification code (docs/seals.md);
    ``document``: its number and printing (published runs; docs/documents.md)."""
    run, criteria = context.run, context.criteria
    payout = result.payouts[member.code]
    status_line, warning, watermark = _status_texts(run)
    pots = _all_pots(result)
    criteria_pots = _criteria_pots(criteria)
    places = _weight_places([d.kg for d in season.deliveries]
                            + [p.total_basis for p in pots if p.key == KG]
                            + [p.shares[member.code].basis for p in pots if p.key == KG and member.code in p.shares])
    weighted = [p for p in (criteria.pots if criteria else ()) if p.key == WEIGHTED_KG]
    one_weighted = weighted[0] if len(weighted) == 1 else None

    # deliveries by product, grade and certification
    products = context.products
    # with what each line comes to per kilo (domain.distribution.per_kilo), and the parts not paid by the kilo
    kilo_lines, others = per_kilo(pots, criteria_pots, season, member.code) if payout.eligible and payout.gross \
        else ((), ())
    per_line = {id(k.delivery): k for k in kilo_lines}
    lines = sorted(season.deliveries, key=lambda d: (products.get(d.product, d.product), d.grade, d.certification))
    header = [_("Producto"), _("Calidad"), _("Certificación"), _("Kilos"), _("Valor entregado")]
    if one_weighted is not None:
        header += [_("Cada kilo cuenta como"), _("Kilos que cuentan")]
    if kilo_lines:
        header += [_("Por kilo"), _("Le toca")]
    rows = []
    for d in lines:
        row = [products.get(d.product, d.product), d.grade, label(d.certification), _number(d.kg, places),
               _money(d.value)]
        if one_weighted is not None:
            factor = _factor(one_weighted, d)
            weighted_kg = d.kg * factor
            row += [_plain(factor), _number(weighted_kg, max(places, _decimals(weighted_kg)))]
        if kilo_lines:
            k = per_line[id(d)]
            row += [f"{_money_prefix()}{format_number(k.rate, k.places)}", _money(k.amount)]
        rows.append(tuple(row))
    blank = [""] * (len(header) - 1)
    for other in others:  # an equal part, interest on aportaciones, participation
        rows.append(tuple([_pot_title(other.pot)] + blank[:-1] + [_money(other.amount)]))
    total = [_("Total"), "", "", _number(season.kg, places), _money(season.value)]
    if one_weighted is not None:
        weighted_total = sum((d.kg * _factor(one_weighted, d) for d in lines), ZERO)
        total += ["", _number(weighted_total, max(places, _decimals(weighted_total)))]
    if kilo_lines:
        total += ["", _money(payout.gross)]
    # a total under a single line would only repeat it
    title = _("Sus entregas y lo que le toca por cada kilo") if kilo_lines else _("Sus entregas en la campaña")
    deliveries = TableText(title, tuple(header), tuple(rows), tuple(total) if len(rows) > 1 else None)

    # the pots (no «base», no percentages: what is the member's, what is everyone's, the amount)
    basis = _Basis(places, member=True)
    pot_texts = []
    for pot in pots:
        share = pot.shares.get(member.code)
        criteria_pot = criteria_pots.get((getattr(pot, "stream", ""), pot.name))
        amount = share.amount if share else CENT * 0
        b = share.basis if share else ZERO
        cells = (
            _pot_title(pot),
            _member_key_label(pot),
            basis.text(pot, b) if payout.eligible else "—",
            basis.total(pot),
            _money(amount),
        )
        pot_texts.append(PotText(cells, _formula(pot, share, criteria_pot, season, basis, payout.eligible)))
    pots_header = (_("Fondo"), _("Se reparte según"), _("Lo suyo"), _("De todos"), _("Monto"))
    rounding_note = ""  # the glossary says what «…» means, in plain words

    # deductions
    deductions = None
    debt = sum((d.remaining_debt for d in payout.deductions), ZERO)
    if payout.deductions:
        deductions = TableText(
            _("Descuentos"),
            (_("Descuentos"), _("Debía"), _("Descontado"), _("Queda debiendo")),
            tuple((_concept(d.concept, context, result), _money(d.owed), _money(d.deducted),
                   _money(d.remaining_debt)) for d in payout.deductions),
            (_("Total"), _money(sum((d.owed for d in payout.deductions), ZERO)), _money(payout.deducted),
             _money(debt)) if len(payout.deductions) > 1 else None,
        )
    debt_note = _("Lo que no se pudo descontar queda como deuda suya con la cooperativa: %(amount)s.") % {
        "amount": _money(debt)} if debt else ""

    # settlement
    capitalised = getattr(payout, "capitalised", ZERO)
    settlement = [(_("Total de su parte (bruto)"), _money(payout.gross))]
    carried = getattr(payout, "carried_in", ZERO)
    if carried:
        settlement.append((_("Más: retenido para usted en distribuciones anteriores"), _money(carried)))
    notes = []
    if payout.retained:
        minimum = criteria.minimum_payout if criteria else None
        settlement.append((_("Menos: retenido (menor que el pago mínimo)"), _minus(payout.retained)))
        to_fund = criteria is not None and criteria.retained_to == "fondo"
        if to_fund:
            notes.append(_("Su parte es menor que el pago mínimo de %(minimum)s: según los criterios pasa al "
                           "fondo «%(fund)s».") % {"minimum": _money(minimum), "fund": criteria.retained_fund})
        else:
            notes.append(_("Su parte es menor que el pago mínimo de %(minimum)s: se guarda para usted y se le paga "
                           "junto con su próxima distribución.") % {"minimum": _money(minimum)}
                         if minimum else _("Su parte es menor que el pago mínimo: se guarda para usted y se le "
                                           "paga junto con su próxima distribución."))
    if capitalised:
        percent = getattr(criteria, "capitalisation_percent", ZERO) if criteria else ZERO
        settlement.append((_("Menos: capitalizado a sus aportaciones"), _minus(capitalised)))
        pots_named = getattr(criteria, "capitalisation_pots", None) if criteria else None
        values = {"amount": _money(capitalised), "percent": _percent_value(percent),
                  "pots": ", ".join(pots_named or ())}
        if percent and pots_named:
            notes.append(_("%(amount)s (%(percent)s de lo que recibe en %(pots)s) se suma a sus aportaciones en la "
                           "cooperativa: es suyo, como capital.") % values)
        elif percent:
            notes.append(_("%(amount)s (%(percent)s de su parte) se suma a sus aportaciones en la cooperativa: es "
                           "suyo, como capital.") % values)
        else:
            notes.append(_("%(amount)s se suma a sus aportaciones en la cooperativa: es suyo, como capital.") % values)
    settlement.append((_("Menos: descuentos"), _minus(payout.deducted)))

    eligibility_note = ""
    if not payout.eligible:
        reasons = _ineligible_reasons(criteria, season, places)
        eligibility_note = (_("Usted no participa en esta distribución porque %(reasons)s.")
                            % {"reasons": "; ".join(reasons)}) if reasons else \
            _("Usted no participa en esta distribución según los criterios aprobados.")

    code = run.code
    run_code_line = ""
    if code and member_code:
        verification, verification_note = member_code, _(
            "Con el código de verificación de su liquidación cualquiera comprueba, con «coopdesk verify», que estas "
            "cifras son las suyas en la distribución aprobada.")
        run_code_line = _("Distribución: %(code)s") % {"code": code}
    elif code:
        verification, verification_note = code, _(
            "Con el código de verificación la cooperativa comprueba que estas cifras son las aprobadas.")
    else:
        verification = _("sin código: borrador") if run.status == RunStatus.DRAFT else \
            _("sin código: aún no publicada")
        verification_note = _("Solo una distribución publicada tiene código de verificación y se puede pagar.")

    pages = _pages(context)
    heading = _("Liquidación de %(name)s") % {"name": run.name}
    number, footer_number, reprint = _numbers(run, document)
    printed = format_date(context.printed_on)
    summary = _summary(context, member, season, result, places, eligibility_note)
    where_title, where, where_note = _where(context, result)
    glossary = _glossary([summary, where_title, where_note, *(b.label for b in where),
                          *(c for p in pot_texts for c in (*p.cells, p.formula)),
                          *(r[0] for r in deliveries.rows),
                          *(r[0] for r in (deductions.rows if deductions else ())),
                          *(t for t, _a in settlement), _("NETO A PAGAR"), *notes, *header])
    return LiquidationView(
        **letterhead(context.cooperative, context.printed_on),
        title=_("LIQUIDACIÓN DEL SOCIO"),
        number=number,
        campaign=pages["campaign"],
        heading=heading,
        status_line=status_line,
        warning=warning,
        watermark=watermark,
        member_fields=(
            (_("Socio(a)"), member.full_name),
            (_("DNI"), member.dni),
            (_("Código"), member.code),
            (_("Zona"), member.zone),
            (_("Certificación"), label(member.certification)),
        ),
        eligibility_note=eligibility_note,
        deliveries=deliveries,
        no_deliveries="" if season.deliveries else _("No registra entregas en esta campaña."),
        pots_title=_("Cómo se calculó su parte"),
        pots_header=pots_header,
        pots=tuple(pot_texts),
        rounding_note=rounding_note,
        deductions=deductions,
        debt_note=debt_note,
        settlement=tuple(settlement),
        net_line=(_("NETO A PAGAR"), _money(payout.net)),
        amount_in_words=amount_in_words(payout.net, language()),
        notes=tuple(notes),
        verification_label=_("Código de verificación"),
        verification_code=verification,
        verification_note=verification_note,
        run_code_line=run_code_line,
        signatures=(_("Tesorero(a)"),),
        receipt_title=_("Recibí conforme"),
        receipt_name=member.full_name,
        receipt_dni=_("DNI %(dni)s") % {"dni": member.dni} if member.dni else "",
        thumbprint=_("Huella digital"),
        footer_left=_("Impreso el %(date)s · %(number)s") % {"date": printed, "number": footer_number},
        reprint=reprint,
        footer_center=pages["footer_center"],
        page_of=pages["page_of"],
        running_header=_("%(heading)s · %(name)s (%(code)s)") % {
            "heading": heading, "name": member.full_name, "code": member.code},
        pdf_title=_("%(heading)s · %(name)s") % {"heading": heading, "name": member.full_name},
        pdf_author=pages["pdf_author"],
        pdf_subject=number,
        pdf_date=pages["pdf_date"],
        summary_title=_("En pocas palabras"),
        summary=summary,
        where_title=where_title,
        where=where,
        where_note=where_note,
        glossary_title=_("Palabras que usamos"),
        glossary=glossary,
    )


def _member_key_label(pot) -> str:
    key = pot.key
    if key == RATE and getattr(pot, "unit_kg", Decimal(1)) != 1:
        return _("tarifa por quintal")
    return _(MEMBER_KEY_LABELS[key]) if key in MEMBER_KEY_LABELS else key


def _join(parts: Sequence[str]) -> str:
    """"a", "a y b", "a, b y c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s y %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _reason(pot, share, basis_text: str, total_text: str) -> str:
    """Why the member has this pot's amount, in a few words, with the pot and the amount."""
    key = pot.key
    values = {"basis": basis_text, "total": total_text}
    if key == KG:
        why = _("entregó %(basis)s de los %(total)s de todos") % values
    elif key == VALUE:
        why = _("lo que entregó vale %(basis)s de los %(total)s de todos") % values
    elif key == WEIGHTED_KG:
        why = _("sus kilos cuentan como %(basis)s de los %(total)s de todos") % values
    elif key == RATE:
        why = _("se paga una tarifa por cada kilo que entregó")
    elif key == EQUAL:
        why = _("cada socio que participa recibe una parte igual")
    elif key == SHARE_CAPITAL:
        why = _("tiene aportaciones de %(basis)s") % values
    elif key == POINTS:
        why = _("tiene %(basis)s de participación") % values
    else:
        why = _("le toca en este fondo")
    return _("%(why)s («%(pot)s»: %(amount)s)") % {"why": why, "pot": _pot_title(pot), "amount": _money(share.amount)}


def _shared_out(result: DistributionResult) -> Decimal:
    """What the run gave to members, all pots together (the pots less what stayed unallocated)."""
    return sum((p.amount - p.unallocated for p in _all_pots(result)), ZERO)


def _summary(context: ContextLike, member: MemberInfo, season: MemberSeason, result: DistributionResult,
             places: int, eligibility_note: str) -> str:
    """«Usted entregó X kg; la cooperativa repartió S/ Y entre N socios; a usted le tocan S/ Z porque…»"""
    payout = result.payouts[member.code]
    products = []
    for d in season.deliveries:
        name = context.products.get(d.product, d.product)
        if d.kg and name not in products:
            products.append(name)
    sentences = []
    if season.kg:
        sentences.append(_("Usted entregó %(kg)s kg (%(products)s).") % {
            "kg": _number(season.kg, places), "products": _join(products).lower()})
    else:
        sentences.append(_("Usted no entregó productos en esta campaña."))
    shared, count = _shared_out(result), getattr(context, "members_sharing", None)
    if count:
        sentences.append(ngettext("La cooperativa repartió %(amount)s entre %(n)s socio.",
                                  "La cooperativa repartió %(amount)s entre %(n)s socios.", count) % {
            "amount": _money(shared), "n": _number(count)})
    else:
        sentences.append(_("La cooperativa repartió %(amount)s entre los socios.") % {"amount": _money(shared)})
    if not payout.eligible:
        sentences.append(eligibility_note or _("Esta vez no le toca parte del reparto."))
    elif payout.gross:
        basis = _Basis(places, member=True)
        reasons = []
        for pot in _all_pots(result):
            share = pot.shares.get(member.code)
            if share is not None and share.amount:
                reasons.append(_reason(pot, share, basis.text(pot, share.basis), basis.total(pot)))
        sentences.append(_("A usted le tocan %(gross)s porque %(reasons)s.") % {
            "gross": _money(payout.gross), "reasons": _join(reasons)})
    else:
        sentences.append(_("Esta vez no le toca nada: no tiene entregas ni otra base en los fondos del reparto."))
    taken = []
    capitalised = getattr(payout, "capitalised", ZERO)
    if capitalised:
        taken.append(_("%(amount)s se suma a sus aportaciones") % {"amount": _money(capitalised)})
    if payout.retained:
        taken.append(_("%(amount)s se guarda porque es menos que el pago mínimo") % {"amount": _money(payout.retained)})
    if payout.deducted:
        concepts = [_(SHORT_CONCEPTS[d.concept]) if d.concept in SHORT_CONCEPTS else d.concept.replace("_", " ")
                    for d in payout.deductions if d.deducted]
        taken.append(_("se descuenta %(amount)s que usted debía (%(what)s)") % {
            "amount": _money(payout.deducted), "what": _join(concepts)})
    if taken:
        sentences.append(_("De eso, %(taken)s.") % {"taken": _join(taken)})
    carried = getattr(payout, "carried_in", ZERO)
    if carried:
        sentences.append(_("Se le suma %(amount)s que se guardó para usted antes.") % {"amount": _money(carried)})
    sentences.append(_("Usted recibe %(net)s.") % {"net": _money(payout.net)})
    return " ".join(sentences)


def _where(context: ContextLike, result: DistributionResult) -> tuple[str, tuple[Bar, ...], str]:
    """Where the whole amount went (the Reserva, the funds, the members), for the chart."""
    criteria = context.criteria
    kind = getattr(criteria, "kind", EXCEDENTES) if criteria is not None else EXCEDENTES
    title = (_("A dónde fue el remanente de %(amount)s") if kind == EXCEDENTES else
             _("Cómo se repartió el monto de %(amount)s")) % {"amount": _money(result.amount)}
    bars = []
    loss = getattr(result, "loss_compensation", ZERO)
    if loss:
        bars.append(Bar(_("Pérdidas de años anteriores"), loss, _money(loss)))
    for name, amount in result.appropriations:
        bars.append(Bar(name, amount, _money(amount)))
    members = sum((p.amount - p.unallocated for p in result.pots), ZERO)  # the pots keep their totals when cut
    bars.append(Bar(_("Los socios"), members, _money(members)))
    left = sum((p.unallocated for p in result.pots), ZERO) + result.not_in_pots
    if left:
        bars.append(Bar(_("Sin repartir"), left, _money(left)))
    return title, tuple(bars), ""


def _glossary(texts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The glossary's entries for the terms that appear in ``texts``."""
    words = " ".join(texts).lower()
    return tuple((_(term), _(meaning)) for triggers, term, meaning in GLOSSARY
                 if any(re.search(t, words) for t in triggers))


# ------------------------------------------------------------------ the board's summary


def _check(text: str, left: Decimal, right: Decimal) -> Check:
    ok = left == right
    return Check(text, ok, _("cuadra") if ok else _("no cuadra"))


def _sum_text(parts: Iterable[tuple[str, Decimal]], total: Decimal) -> str:
    """"Apropiaciones S/ 3,500.00 + montos de los socios S/ 6,500.00 = S/ 10,000.00"."""
    left = " + ".join(_("%(what)s %(amount)s") % {"what": what, "amount": _money(amount)} for what, amount in parts)
    return _("%(parts)s = %(total)s") % {"parts": left, "total": _money(total)}


def _rule(criteria_pot, pot) -> str:
    if criteria_pot is None:
        return ""
    if getattr(pot, "rated", False):
        interest = getattr(criteria_pot, "interest_percent", None)
        if interest is not None:
            return _("interés de %(percent)s") % {"percent": _percent_value(interest)}
        return _("por tarifa")
    if criteria_pot.percent is not None:
        return _("%(percent)s de lo que va a los socios") % {"percent": _percent_value(criteria_pot.percent)}
    return _("monto fijo")


def _brackets(amounts: Sequence[Decimal]) -> tuple[Bar, ...]:
    counts = [0] * (len(BRACKETS) + 2)
    for amount in amounts:
        if amount <= 0:
            counts[0] += 1
            continue
        for i, upper in enumerate(BRACKETS, start=1):
            if amount <= upper:
                counts[i] += 1
                break
        else:
            counts[-1] += 1
    labels = [_("S/ 0")]
    lower = ZERO
    for upper in BRACKETS:
        labels.append(_("%(low)s a %(high)s") % {"low": _plain(lower), "high": _plain(upper)})
        lower = upper
    labels.append(_("más de %(low)s") % {"low": _plain(lower)})
    return tuple(Bar(text, n, _number(n)) for text, n in zip(labels, counts))


def _numbers(run: RunLike, document: IssuedDocument | None) -> tuple[str, str, str]:
    """The number in the title box, the one in the footer, and the reprint
    mark: the document's own number when it has one (published runs), with
    the run's; else the run's."""
    run_number = _("Distribución N° %(number)s") % {"number": run.number}
    if document is None:
        return run_number, run_number, ""
    own = _("N° %(number)s") % {"number": f"{document.number:06d}"}
    return (own, f"{own} · {run_number}",
            reprint_mark(document.reprint, document.printed_on, document.first_printed_on))


def summary_view(context: ContextLike, result: DistributionResult, members: Sequence[GroupInfo]) -> SummaryView:
    """The board's summary of ``context``'s run; ``members`` in padrón order
    (``context.document``, when there is one: the summary's own number)."""
    run, criteria = context.run, context.criteria
    status_line, warning, watermark = _status_texts(run)
    payouts = result.payouts
    criteria_pots = _criteria_pots(criteria)
    streams = getattr(result, "streams", ())
    loss = getattr(result, "loss_compensation", ZERO)

    # criteria
    fields = [(_("Distribución"), run.name), (_("Versión de los criterios"), _number(run.criteria_version)),
              (_("Estado"), label(run.status))]
    if run.acta_number:
        fields.append((_("Acta de la asamblea"), _("%(acta)s del %(date)s") % {
            "acta": run.acta_number, "date": format_date(run.acta_date)} if run.acta_date else run.acta_number))
    fields.append((_("Código de verificación"), run.code or (
        _("sin código: borrador") if run.status == RunStatus.DRAFT else _("sin código: aún no publicada"))))
    if criteria is not None:
        fields += criteria_fields(criteria, getattr(result, "withholding_threshold", None))

    # the amount and where it goes
    appropriations_by_name = {a.name: a for a in criteria.appropriations} if criteria else {}
    rows = [(_("Monto a distribuir"), "", _money(result.amount))]
    if loss:
        rows.append((_("Compensación de pérdidas"), "", _minus(loss)))
    for name, amount in result.appropriations:
        a = appropriations_by_name.get(name)
        rule_text = _percent_value(a.percent) if a is not None and a.percent is not None else (
            _("monto fijo") if a is not None else "")
        rows.append((name, rule_text, _minus(amount)))
    rows.append((_("Para los socios"), "", _money(result.to_members)))
    for pot in result.pots:
        rows.append(("   " + pot.name, _rule(criteria_pots.get(("", pot.name)), pot), _money(pot.amount)))
    if result.not_in_pots:
        rows.append(("   " + _("No asignado a ningún fondo"), "", _money(result.not_in_pots)))
    for stream in streams:
        rows.append((stream.name, _("fondo aparte"), _money(stream.amount)))
        if stream.to_fund:
            rows.append(("   " + (stream.fund or _("Fondo")), "", _money(stream.to_fund)))
        for pot in stream.pots:
            rows.append(("   " + pot.name, _rule(criteria_pots.get((stream.name, pot.name)), pot), _money(pot.amount)))
    amounts = TableText(_("Monto a distribuir y su destino"), (_("Concepto"), _("Regla"), _("Monto")), tuple(rows))

    # pots and their reconciliation
    pot_rows, checks = [], []
    all_pots = _all_pots(result)
    kg_basis = _Basis(_weight_places([p.total_basis for p in all_pots if p.key == KG]))
    members_total = ZERO
    for pot in all_pots:
        shared = sum((s.amount for s in pot.shares.values()), ZERO)
        members_total += shared
        ok = shared + pot.unallocated == pot.amount
        pot_rows.append((_pot_title(pot), _key_label(pot), kg_basis.total(pot) or "—",
                         _money(pot.amount), _money(shared), _money(pot.unallocated),
                         _("cuadra") if ok else _("no cuadra")))
        checks.append(_check(_("%(pot)s: suma de las partes de los socios %(shared)s + sin repartir %(left)s = "
                               "fondo %(amount)s") % {"pot": _pot_title(pot), "shared": _money(shared),
                                                      "left": _money(pot.unallocated), "amount": _money(pot.amount)},
                             shared + pot.unallocated, pot.amount))
    pots = TableText(_("Fondos para los socios"),
                     (_("Fondo"), _("Se reparte por"), _("Base total"), _("Monto del fondo"), _("Suma de las partes"),
                      _("Sin repartir"), _("¿Cuadra?")), tuple(pot_rows))

    main_members = sum((s.amount for p in result.pots for s in p.shares.values()), ZERO)
    main_left = sum((p.unallocated for p in result.pots), ZERO) + result.not_in_pots
    appropriated = sum((a for _n, a in result.appropriations), ZERO)
    parts = []
    if loss:
        parts.append((_("compensación de pérdidas"), loss))
    parts += [(_("apropiaciones"), appropriated), (_("montos de los socios"), main_members),
              (_("no repartido"), main_left)]
    parts[0] = (parts[0][0][:1].upper() + parts[0][0][1:], parts[0][1])
    left = loss + appropriated + main_members + main_left
    checks.insert(0, _check(_("%(sum)s; monto a distribuir %(amount)s") % {
        "sum": _sum_text(parts, left), "amount": _money(result.amount)}, left, result.amount))
    for stream in streams:
        s_members = sum((s.amount for p in stream.pots for s in p.shares.values()), ZERO)
        s_left = sum((p.unallocated for p in stream.pots), ZERO) + stream.not_in_pots
        s_sum = stream.to_fund + s_members + s_left
        checks.append(_check(_("%(stream)s: %(sum)s; monto %(amount)s") % {
            "stream": stream.name, "amount": _money(stream.amount),
            "sum": _sum_text([(stream.fund or _("fondo"), stream.to_fund), (_("montos de los socios"), s_members),
                              (_("no repartido"), s_left)], s_sum)}, s_sum, stream.amount))
    gross = sum((p.gross for p in payouts.values()), ZERO)
    if streams:
        to_funds = sum((st.to_fund for st in streams), ZERO)
        everything = result.amount + sum((st.amount for st in streams), ZERO)
        unallocated = main_left + sum((p.unallocated for st in streams for p in st.pots), ZERO) + sum(
            (st.not_in_pots for st in streams), ZERO)
        whole = loss + appropriated + to_funds + gross + unallocated
        checks.append(_check(_("En total: %(sum)s; monto y primas %(amount)s") % {
            "amount": _money(everything),
            "sum": _sum_text(([(_("compensación de pérdidas"), loss)] if loss else []) + [
                (_("apropiaciones"), appropriated), (_("fondos de las primas"), to_funds),
                (_("montos brutos de los socios"), gross), (_("no repartido"), unallocated)], whole)},
            whole, everything))
    retained = sum((p.retained for p in payouts.values()), ZERO)
    capitalised = sum((getattr(p, "capitalised", ZERO) for p in payouts.values()), ZERO)
    deducted = sum((p.deducted for p in payouts.values()), ZERO)
    net = sum((p.net for p in payouts.values()), ZERO)
    checks.append(_check(_("Suma de los montos brutos de los socios %(gross)s = suma de los fondos repartidos "
                           "%(pots)s") % {"gross": _money(gross), "pots": _money(members_total)},
                         gross, members_total))
    kinds = _deduction_kinds(payouts.values(), criteria)
    member_parts = [(_("Retenido"), retained)]
    if capitalised:
        member_parts.append((_("capitalizado"), capitalised))
    by_kind = {c: sum((d.deducted for p in payouts.values() for d in p.deductions if d.concept == c), ZERO)
               for c in kinds}
    member_parts += [(_board_concept(c).lower(), by_kind[c]) for c in kinds] if kinds else [
        (_("descuentos"), deducted)]
    member_parts += [(_("neto a pagar"), net)]
    carried = sum((getattr(p, "carried_in", ZERO) for p in payouts.values()), ZERO)
    if carried:  # kept for members from earlier distributions, paid or kept again now
        checks.append(_check(_("%(sum)s; bruto de los socios %(gross)s + retenido de distribuciones anteriores "
                               "%(carried)s") % {
            "sum": _sum_text(member_parts, retained + capitalised + deducted + net), "gross": _money(gross),
            "carried": _money(carried)}, retained + capitalised + deducted + net, gross + carried))
    else:
        checks.append(_check(_("%(sum)s; bruto de los socios %(gross)s") % {
            "sum": _sum_text(member_parts, retained + capitalised + deducted + net), "gross": _money(gross)},
            retained + capitalised + deducted + net, gross))
    balanced = all(c.ok for c in checks)
    verdict_line = _("La distribución cuadra al céntimo.") if balanced else _(
        "ATENCIÓN: la distribución NO cuadra. No la apruebe ni la pague; revise los datos.")

    # statistics (on each member's gross, as the comparison does)
    by_code = {m.code: m for m in members}
    codes = [m.code for m in members if m.code in payouts] + sorted(c for c in payouts if c not in by_code)
    stats = summarize({c: payouts[c].gross for c in codes})
    stats_rows = (
        (_("Socios en el padrón"), _number(stats.members)),
        (_("Socios con monto"), _number(stats.paid)),
        (_("Total bruto a los socios"), _money(stats.total)),
        (_("Mediana (la mitad recibe menos que esto)"), _money(stats.median)),
        (_("Parte del 10 % que más recibe"), f"{format_number(stats.top10_share, 2)}\u00a0%"),
        (_("Índice de Gini (0 = todos igual; 1 = uno recibe todo)"), format_number(stats.gini, 4)),
    )

    def grouped(title: str, first: str, key) -> TableText:
        groups: dict[str, list[str]] = {}
        for c in codes:
            groups.setdefault(key(by_code[c]) if c in by_code else "", []).append(c)
        rows = []
        for name in sorted(groups):
            group = groups[name]
            s = summarize({c: payouts[c].gross for c in group})
            rows.append((name or _("(sin dato)"), _number(s.members), _number(s.paid), _money(s.total),
                         _money(sum((payouts[c].net for c in group), ZERO)), _money(s.median)))
        total = (_("Total"), _number(stats.members), _number(stats.paid), _money(stats.total), _money(net),
                 _money(stats.median))
        return TableText(title, (first, _("Socios"), _("Con monto"), _("Bruto"), _("Neto a pagar"), _("Mediana")),
                         tuple(rows), total)

    groups = (
        grouped(_("Por zona"), _("Zona"), lambda m: m.zone),
        grouped(_("Por género"), _("Género"), lambda m: label(m.gender) if m.gender else ""),
        grouped(_("Por certificación"), _("Certificación"), lambda m: label(m.certification)
                if m.certification else ""),
    )

    zone_totals: dict[str, Decimal] = {}
    for c in codes:
        zone = by_code[c].zone if c in by_code else ""
        zone_totals[zone] = zone_totals.get(zone, ZERO) + payouts[c].gross
    chart_zones = tuple(Bar(zone or _("(sin dato)"), amount, _money(amount)) for zone, amount in sorted(
        zone_totals.items()))

    # the padrón
    show_retained = any(p.retained for p in payouts.values())
    show_capital = bool(capitalised)
    # the padrón: each member's DNI, and the deductions by kind (each ties to its account in the books)
    header = [_("N°"), _("Código"), _("Socio(a)"), _("DNI"), _("Zona"), _("Bruto")]
    if show_retained:
        header.append(_("Retenido"))
    if show_capital:
        header.append(_("Capitalizado"))
    header += [_board_concept(c) for c in kinds]
    header += [_("Neto a pagar"), _("Firma")]
    rows = []
    for i, c in enumerate(codes, start=1):
        p = payouts[c]
        info = by_code.get(c)
        row = [_number(i), c, info.name if info else c, getattr(info, "dni", "") if info else "",
               info.zone if info else "", _money(p.gross)]
        if show_retained:
            row.append(_money(p.retained))
        if show_capital:
            row.append(_money(getattr(p, "capitalised", ZERO)))
        own = {d.concept: d.deducted for d in p.deductions}
        row += [_money(own.get(k, ZERO * CENT)) for k in kinds]
        row += [_money(p.net), ""]
        rows.append(tuple(row))
    total = ["", "", ngettext("Total: %(n)s socio", "Total: %(n)s socios", len(codes)) % {"n": _number(len(codes))},
             "", "", _money(gross)]
    if show_retained:
        total.append(_money(retained))
    if show_capital:
        total.append(_money(capitalised))
    total += [_money(by_kind[k]) for k in kinds]
    total += [_money(net), ""]
    padron = TableText(_("Padrón de socios"), tuple(header), tuple(rows), tuple(total))
    numbers = frozenset({0} | set(range(5, len(header) - 1)))

    deductions_table = _deductions_by_kind(context, result, kinds)
    ledger_title, ledger_entries, ledger_checks, ledger_note = _ledger_tie(context, result)

    pages = _pages(context)
    number, footer_number, reprint = _numbers(run, getattr(context, "document", None))
    printed = format_date(context.printed_on)
    return SummaryView(
        **letterhead(context.cooperative, context.printed_on),
        title=_("RESUMEN DE LA DISTRIBUCIÓN"),
        number=number,
        campaign=pages["campaign"],
        heading=run.name,
        status_line=status_line,
        warning=warning,
        watermark=watermark,
        criteria_title=_("Criterios aplicados"),
        criteria_fields=tuple(fields),
        amounts=amounts,
        pots=pots,
        reconciliation_title=_("Conciliación"),
        checks=tuple(checks),
        balanced=balanced,
        verdict_line=verdict_line,
        stats_title=_("Cómo se reparte entre los socios"),
        stats=stats_rows,
        groups=groups,
        chart_brackets_title=_("Socios según su monto bruto (S/)"),
        chart_brackets=_brackets([payouts[c].gross for c in codes]),
        chart_zones_title=_("Monto bruto por zona"),
        chart_zones=chart_zones,
        padron=padron,
        padron_firm_column=len(header) - 1,
        padron_number_columns=numbers,
        signatures=(_("Tesorero(a)"), _("Gerente"), _("Presidente del Consejo de Administración"),
                    _("V°B° Consejo de Vigilancia")),
        footer_left=_("Impreso el %(date)s · %(number)s") % {"date": printed, "number": footer_number},
        reprint=reprint,
        footer_center=pages["footer_center"],
        page_of=pages["page_of"],
        running_header=_("Resumen de %(name)s · %(number)s") % {"name": run.name, "number": footer_number},
        pdf_title=_("Resumen de %(name)s") % {"name": run.name},
        pdf_author=pages["pdf_author"],
        pdf_subject=number,
        pdf_date=pages["pdf_date"],
        audit_title=head_title(),
        audit_fields=head_fields(getattr(context, "audit_head", None)),
        audit_note=head_note(getattr(context, "audit_head", None)),
        deductions=deductions_table,
        ledger_title=ledger_title,
        ledger_entries=ledger_entries,
        ledger_checks=ledger_checks,
        ledger_note=ledger_note,
    )


def _board_concept(concept: str) -> str:
    return _(BOARD_CONCEPTS[concept]) if concept in BOARD_CONCEPTS else concept.replace("_", " ").capitalize()


def _deduction_kinds(payouts, criteria) -> list[str]:
    """The kinds of deduction the run has, in the order the engine takes them
    (the withholding, then the criteria's «orden_descuentos»)."""
    kinds: list[str] = []
    for p in payouts:
        for d in p.deductions:
            if d.concept not in kinds and (d.owed or d.deducted):
                kinds.append(d.concept)
    order = [WITHHOLDING, *(getattr(criteria, "deduction_order", ()) if criteria is not None else ())]
    return sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), kinds.index(k)))


def _deductions_by_kind(context: ContextLike, result: DistributionResult, kinds: Sequence[str]) -> TableText | None:
    """Concept, members, what they owed, what was deducted, what they still owe."""
    if not kinds:
        return None
    rows, totals = [], [ZERO, ZERO, ZERO]
    for kind in kinds:
        ds = [d for p in result.payouts.values() for d in p.deductions if d.concept == kind]
        owed, deducted, left = (sum((getattr(d, f) for d in ds), ZERO) for f in ("owed", "deducted",
                                                                                  "remaining_debt"))
        members = sum(1 for d in ds if d.deducted)
        rows.append((_concept(kind, context, result), _number(members), _money(owed), _money(deducted), _money(left)))
        totals = [totals[0] + owed, totals[1] + deducted, totals[2] + left]
    return TableText(_("Descuentos por tipo"), (_("Concepto"), _("Socios"), _("Debían"), _("Descontado"),
                                                _("Queda debiendo")), tuple(rows),
                     (_("Total"), "", *(_money(t) for t in totals)))


def _sides(debit: Decimal, credit: Decimal) -> str:
    parts = []
    if debit:
        parts.append(_("debe %(amount)s") % {"amount": _money(debit)})
    if credit or not debit:
        parts.append(_("haber %(amount)s") % {"amount": _money(credit)})
    return ", ".join(parts)


def _ledger_tie(context: ContextLike, result: DistributionResult):
    """The run's journal entries, and its figures against its posted entry:
    591 before and after, what each account got (the Reserva, the funds, the
    members' payable, each deduction's account), and the entry's balance."""
    ledger = getattr(context, "ledger", None)
    title = _("Asientos contables y conciliación con la contabilidad")
    if ledger is None:
        return "", None, (), ""
    entry = ledger.entry
    if entry is None:
        return title, None, (), _("Esta distribución aún no tiene asiento contable: se registra al publicarla.")
    kinds = {"distribucion": _("la distribución"), "reversa": _("reversión del asiento de la distribución que "
                                                                "esta corrige"),
             "reversada": _("reversión de este asiento (la distribución fue corregida)")}
    rows = [(entry.number, format_date(entry.day), kinds["distribucion"] + " · " + entry.description,
             _money(entry.amount))]
    rows += [(e.number, format_date(e.day), kinds.get(e.kind, e.kind) + " · " + e.description, _money(e.amount))
             for e in ledger.others]
    payments = ledger.payments
    if payments is not None:
        rows.append((_("%(first)s a %(last)s") % {"first": payments.first, "last": payments.last}
                     if payments.count > 1 else payments.first, "",
                     ngettext("pago a %(n)s socio", "pagos a %(n)s socios", payments.count) % {
                         "n": _number(payments.count)}, _money(payments.total)))
    entries = TableText(_("Asientos que registró la distribución"),
                        (_("N° de asiento"), _("Fecha"), _("Qué registra"), _("Importe")), tuple(rows))

    names = ledger.names
    posted = ledger.posted
    expected = postings.expected_distribution_entry(context.criteria, result)
    checks = []
    took = posted.get(postings.REMANENTE, (ZERO, ZERO))
    took = took[0] - took[1]
    checks.append(_check(_("Cuenta %(code)s «%(name)s»: saldo antes del asiento %(before)s − lo que toma la "
                           "distribución %(took)s = saldo después %(after)s") % {
        "code": postings.REMANENTE, "name": names.get(postings.REMANENTE, ""),
        "before": _money(ledger.remanente_before), "took": _money(took), "after": _money(ledger.remanente_after)},
        ledger.remanente_before - took, ledger.remanente_after))
    for code in sorted(set(expected) | set(posted)):
        e = expected.get(code, (ZERO, ZERO))
        p = posted.get(code, (ZERO, ZERO))
        account = _("%(code)s «%(name)s»") % {"code": code, "name": names.get(code, "")} if code else \
            _("(cuenta sin nombrar en los criterios)")
        ok = e == p
        checks.append(Check(_("%(account)s: según la distribución %(run)s; en el asiento %(posted)s") % {
            "account": account, "run": _sides(*e), "posted": _sides(*p)}, ok, _("cuadra") if ok else _("no cuadra")))
    debit = sum((d for d, _c in posted.values()), ZERO)
    credit = sum((c for _d, c in posted.values()), ZERO)
    checks.append(_check(_("Asiento %(number)s: debe %(debit)s = haber %(credit)s") % {
        "number": entry.number, "debit": _money(debit), "credit": _money(credit)}, debit, credit))
    ok = all(c.ok for c in checks)
    note = _("El asiento %(number)s registra exactamente esta distribución.") % {"number": entry.number} if ok else \
        _("ATENCIÓN: el asiento %(number)s no coincide con esta distribución. Revise la contabilidad antes de "
          "aprobar.") % {"number": entry.number}
    return title, entries, tuple(checks), note
