"""The criteria of a distribution as the document the General Assembly and the
board read, sign and file with the acta: «Criterios de distribución».

``criteria_view`` builds the strings; ``criteria_pdf`` places them. The
document states the rules in words (the same general rules the board summary
prints, from ``liquidation_view.criteria_fields``), the amount to distribute and
the appropriations, every pot with its rule (percentage or amount, key,
factors, rates, cap, filters), the earmarked primas, how each member's amount
is computed and paid, the approval (acta) and the officers' signatures; and, in
an appendix, the exact stored text of the criteria, line by line, headed by its
SHA-256 so a printed copy can be matched to the stored version.

The context is the one the liquidations use (see ``liquidation_view``), read by
attribute; besides it this reads ``criteria_text`` (the stored TOML) and
``criteria_status`` ("borrador", "aprobado", "reemplazado"; when missing, the
criteria count as approved when the run has an acta).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from coopdesk.domain.distribution import engine as _engine
from coopdesk.domain.distribution.model import (
    KG,
    POINTS,
    RATE,
    SHARE_CAPITAL,
    VALUE,
    WEIGHTED_KG,
    Criteria,
)
from coopdesk.domain.money import ZERO
from coopdesk.i18n import _, label
from coopdesk.i18n.formatting import format_date, format_date_long, format_number
from coopdesk.reports.views import letterhead
from coopdesk.reports.liquidation_view import (
    KEY_LABELS,
    ContextLike,
    TableText,
    _decimals,
    _money,
    _money_prefix,
    _number,
    _pages,
    _percent_value,
    _plain,
    _rule,
    criteria_fields,
)

__all__ = ["CriteriaView", "criteria_view", "criteria_sha256"]

# The criteria document's own states (distribution_criteria.status)
DRAFT, APPROVED, SUPERSEDED = "borrador", "aprobado", "reemplazado"
ANY = "*"
SHA_SHOWN = 16  # hexadecimal digits of the SHA-256 printed in headings and footers


@dataclass(frozen=True)
class CriteriaView:
    """Everything printed on the criteria document, as ready-made strings.

    The letterhead and page fields have the names of ``StatementView``'s, so
    the statement's letterhead and footer lay them out."""

    # letterhead
    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str  # "CRITERIOS DE DISTRIBUCIÓN"
    number: str  # "Versión 1"
    campaign: str
    dateline: str
    heading: str  # the distribution's name
    warning: str  # "BORRADOR – pendiente de aprobación por la Asamblea General"; "" when approved
    watermark: str
    # the document and its general rules
    document_fields: tuple[tuple[str, str], ...]
    rules_title: str
    rules: tuple[tuple[str, str], ...]  # as the board summary prints them
    # where the amount goes
    amounts: TableText | None  # amount to distribute, losses, appropriations; None without criteria
    streams: TableText | None  # the primas, each apart; None when there are none
    pots: TableText | None
    # how each member's amount is computed and paid
    notes_title: str
    notes: tuple[str, ...]
    unreadable: str  # when the stored text cannot be read as criteria; "" normally
    # approval and signatures
    approval: str
    signatures: tuple[str, ...]
    # appendix: the exact text
    appendix_title: str  # "Texto exacto de los criterios (SHA-256: 3f2a91c07b4de815)"
    appendix_note: str
    sha256: str  # the whole hexadecimal SHA-256 of the text
    text_lines: tuple[str, ...]  # the stored text, line by line (numbered as the criteria's error messages)
    continuation_mark: str  # in the number column of a line's continuation
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


def criteria_sha256(text: str) -> str:
    """The SHA-256 of the criteria text, as the database stores it."""
    return hashlib.sha256(text.encode()).hexdigest()


# ------------------------------------------------------------------ pieces


def _state(context: ContextLike) -> str:
    status = getattr(context, "criteria_status", None)
    if status in (DRAFT, APPROVED, SUPERSEDED):
        return status
    return APPROVED if context.run.acta_number else DRAFT


def _acta(run) -> str:
    if run.acta_date is not None:
        return _("%(acta)s del %(date)s") % {"acta": run.acta_number, "date": format_date(run.acta_date)}
    return run.acta_number


def _rate(value: Decimal) -> str:
    """A rate in soles with all its decimals (at least two): "S/ 23.00", "S/ 0.125"."""
    return f"{_money_prefix()}{format_number(value, max(2, _decimals(value)))}"


def _soles_or(value: Decimal, key: str) -> str:
    """A pot's cap in the unit of its key."""
    if key in (VALUE, SHARE_CAPITAL):
        return _money(value) if _decimals(value) <= 2 else _rate(value)
    if key == KG:
        return _("%(kg)s kg") % {"kg": _plain(value)}
    if key == WEIGHTED_KG:
        return _("%(kg)s kg ponderados") % {"kg": _plain(value)}
    if key == POINTS:
        return _("%(points)s puntos") % {"points": _plain(value)}
    return _plain(value)


def _product(context: ContextLike, code: str) -> str:
    return context.products.get(code, code)


def _key_words(pot) -> str:
    if pot.key == RATE and getattr(pot, "unit", "kg") == "quintal":
        return _("tarifa por quintal")
    return _(KEY_LABELS[pot.key]) if pot.key in KEY_LABELS else pot.key


def _share_words(pot) -> str:
    """How much goes to the pot, in words."""
    if pot.percent is not None:
        return _rule(pot, pot)  # "80 % de lo que va a los socios"
    if pot.amount is not None:
        return _("%(amount)s, monto fijo") % {"amount": _money(pot.amount)}
    if getattr(pot, "interest_percent", None) is not None:
        return _("la suma de los intereses")
    return _("la suma de las tarifas")


def _pattern_words(context: ContextLike, pattern: str) -> str:
    """"CAFE-PERG/*/organico" -> "Café pergamino seco, cualquier calidad, Orgánico"."""
    product, grade, certification = (pattern.split("/") + [ANY, ANY])[:3]
    return ", ".join((
        _product(context, product) if product != ANY else _("cualquier producto"),
        _("calidad %(grade)s") % {"grade": grade} if grade != ANY else _("cualquier calidad"),
        label(certification) if certification != ANY else _("cualquier certificación"),
    ))


def _factor_words(context: ContextLike, dimension: str, code: str) -> str:
    if dimension == "product":
        return _("producto %(name)s") % {"name": _product(context, code)}
    if dimension == "grade":
        return _("calidad %(grade)s") % {"grade": code}
    return _("certificación %(name)s") % {"name": label(code)}


def _details(context: ContextLike, pot) -> str:
    """The pot's rule beyond its share and key, one sentence a line ("" when none)."""
    lines = []
    if pot.key == WEIGHTED_KG:
        factors = "; ".join(_("%(what)s × %(factor)s") % {"what": _factor_words(context, d, c), "factor": _plain(f)}
                            for (d, c), f in pot.factors.items())
        lines.append(_("Factores: %(factors)s; los demás × 1.") % {"factors": factors} if factors else
                     _("Sin factores: cada kilo cuenta 1."))
    if pot.key == RATE:
        unit = _("por quintal (46 kg)") if getattr(pot, "unit", "kg") == "quintal" else _("por kg")
        for pattern, rate in pot.rates.items():
            lines.append(_("%(what)s: %(rate)s %(unit)s") % {"what": _pattern_words(context, pattern),
                                                             "rate": _rate(rate), "unit": unit})
        lines.append(_("A cada entrega se aplica la tarifa más específica; una entrega sin tarifa no cuenta."))
    interest = getattr(pot, "interest_percent", None)
    if interest is not None:
        lines.append(_("%(percent)s de las aportaciones de cada socio.") % {"percent": _percent_value(interest)})
    if pot.cap is not None:
        lines.append(_("Tope: cuenta hasta %(cap)s por socio.") % {"cap": _soles_or(pot.cap, pot.key)})
    if pot.only_products or pot.only_grades or pot.only_certifications:
        parts = []
        if pot.only_products:
            parts.append(", ".join(_product(context, p) for p in pot.only_products))
        if pot.only_grades:
            parts.append(_("calidad %(grade)s") % {"grade": ", ".join(pot.only_grades)})
        if pot.only_certifications:
            parts.append(_("certificación %(name)s") % {"name": ", ".join(label(c) for c in pot.only_certifications)})
        which = "; ".join(parts)
        if pot.key in (KG, WEIGHTED_KG, VALUE, RATE):
            lines.append(_("Solo cuentan las entregas de: %(which)s.") % {"which": which})
        else:
            lines.append(_("Solo participan los socios con entregas de: %(which)s.") % {"which": which})
    return "\n".join(lines)


def _appropriation_rule(criteria: Criteria, appropriation) -> str:
    if appropriation.percent is not None:
        values = {"percent": _percent_value(appropriation.percent)}
        if criteria.percent_base != "gross":
            text = _("%(percent)s de lo que queda después de las anteriores") % values
        elif criteria.loss_compensation:
            text = _("%(percent)s del monto, después de compensar las pérdidas") % values
        else:
            text = _("%(percent)s del monto a distribuir") % values
    elif appropriation.amount is not None:
        text = _("%(amount)s, monto fijo") % {"amount": _money(appropriation.amount)}
    else:
        text = ""
    if getattr(appropriation, "reserve", False):
        text = _("%(rule)s (mínimo: %(floor)s)") % {"rule": text,
                                                    "floor": _percent_value(criteria.reserve_floor_percent)}
    return text


def _amounts(criteria: Criteria) -> TableText:
    rows = [(_("Monto a distribuir"), _money(criteria.amount))]
    if criteria.loss_compensation:
        rows.append((_("Compensación de pérdidas (se toma primero)"), _money(criteria.loss_compensation)))
    rows += [(a.name, _appropriation_rule(criteria, a)) for a in criteria.appropriations]
    rows.append((_("Para los socios"), _("lo que queda, repartido en los fondos")))
    return TableText(_("Monto a distribuir y apropiaciones"), (_("Concepto"), _("Regla")), tuple(rows))


def _streams(criteria: Criteria) -> TableText | None:
    streams = getattr(criteria, "streams", ())
    if not streams:
        return None
    rows = tuple((s.name, _money(s.amount), _percent_value(s.members_percent), s.fund or "—") for s in streams)
    return TableText(_("Primas y montos aparte (cada una se reparte por separado)"),
                     (_("Prima"), _("Monto"), _("Para los socios"), _("El resto va a")), rows)


def _pots(context: ContextLike, criteria: Criteria) -> TableText:
    pots = [("", p) for p in criteria.pots]
    pots += [(s.name, p) for s in getattr(criteria, "streams", ()) for p in s.pots]
    rows = tuple((_("%(stream)s: %(pot)s") % {"stream": stream, "pot": pot.name} if stream else pot.name,
                  _share_words(pot), _key_words(pot), _details(context, pot)) for stream, pot in pots)
    return TableText(_("Fondos para los socios"), (_("Fondo"), _("Monto del fondo"), _("Se reparte por"),
                                                   _("Detalle")), rows)


def _notes(criteria: Criteria) -> list[str]:
    """How the amount is divided and each member paid, in the engine's order."""
    notes = []
    if criteria.loss_compensation:
        notes.append(_("Primero se compensan las pérdidas; luego se separan las apropiaciones, en el orden de la "
                       "tabla; lo que queda va a los socios."))
    else:
        notes.append(_("Primero se separan las apropiaciones, en el orden de la tabla; lo que queda va a los "
                       "socios."))
    every = list(criteria.pots) + [p for s in getattr(criteria, "streams", ()) for p in s.pots]
    if any(p.percent is None for p in every) and any(p.percent is not None for p in every):
        notes.append(_("De lo que va a los socios se separan primero los fondos de monto fijo, luego los de tarifa "
                       "e interés; los fondos por porcentaje se reparten lo que queda."))
    notes.append(_("Cada fondo se reparte entre los socios que participan en proporción a su base. Redondeo al "
                   "céntimo: los céntimos que sobran van, uno a uno, a las partes con más fracción (a igual "
                   "fracción, a la base mayor y luego al código de socio menor); así las partes suman exactamente "
                   "el fondo."))
    if any(p.rated for p in every):
        notes.append(_("Lo que da una tarifa o un interés se calcula para cada socio y se redondea al céntimo; el "
                       "fondo es la suma."))
    if criteria.minimum_payout:
        notes.append(_("Un monto menor que el pago mínimo de %(minimum)s se retiene entero: no se paga en esta "
                       "distribución.") % {"minimum": _money(criteria.minimum_payout)})
    steps = [_("su monto bruto es la suma de sus partes en todos los fondos")]
    if getattr(criteria, "withholding", None) is not None:
        steps.append(_("se le descuenta la retención de ley"))
    if getattr(criteria, "capitalisation_percent", ZERO):
        steps.append(_("se capitaliza la parte indicada, que se suma a sus aportaciones"))
    steps.append(_("se descuentan sus deudas en el orden indicado"))
    notes.append(_("Para cada socio: %(steps)s. Nadie recibe un monto negativo: lo que no se puede descontar queda "
                   "como deuda del socio con la cooperativa.") % {"steps": "; ".join(steps)})
    return notes


def _threshold(criteria: Criteria) -> Decimal | None:
    try:
        return _engine.withholding_threshold(criteria)[1]
    except (AttributeError, KeyError):
        return None


# ------------------------------------------------------------------ the view


def criteria_view(context: ContextLike) -> CriteriaView:
    """The criteria document of ``context``'s run (see the module doc)."""
    run, criteria = context.run, context.criteria
    text = getattr(context, "criteria_text", "") or ""
    sha = criteria_sha256(text)
    short = sha[:SHA_SHOWN]
    state = _state(context)
    version = _number(run.criteria_version)

    if state == DRAFT:
        state_text = _("Borrador")
        warning, watermark = _("BORRADOR – pendiente de aprobación por la Asamblea General"), _("BORRADOR")
    elif state == SUPERSEDED:
        state_text = _("Reemplazados")
        warning, watermark = _("REEMPLAZADOS – la Asamblea General aprobó una versión posterior"), \
            _("REEMPLAZADOS")
    else:
        state_text, warning, watermark = _("Aprobados"), "", ""

    document = ((_("Versión"), version), (_("Estado"), state_text),
                (_("Acta de la asamblea"), _acta(run) if run.acta_number else _("pendiente")),
                (_("Distribución N°"), _("%(number)s (%(status)s)") % {"number": run.number,
                                                                        "status": label(run.status)}),
                (_("Huella (SHA-256)"), short))

    if criteria is not None:
        rules = criteria_fields(criteria, _threshold(criteria))
        amounts, streams, pots = _amounts(criteria), _streams(criteria), _pots(context, criteria)
        notes = _notes(criteria)
        unreadable = ""
    else:
        rules, amounts, streams, pots, notes = [], None, None, None, []
        unreadable = _("El texto guardado no se puede leer como criterios: vea el texto exacto en el anexo.")

    if state == DRAFT:
        approval = _("Propuesta para la Asamblea General. Aprobada en el acta N° ________ del ____/____/______.")
    else:
        values = {"acta": run.acta_number or "", "date": format_date_long(run.acta_date) if run.acta_date else ""}
        approval = (_("Certificamos que estos son los criterios de distribución aprobados por la Asamblea General "
                      "en el acta %(acta)s del %(date)s; su texto exacto figura en el anexo.") if run.acta_date else
                    _("Certificamos que estos son los criterios de distribución aprobados por la Asamblea General "
                      "en el acta %(acta)s; su texto exacto figura en el anexo.")) % values
        if state == SUPERSEDED:
            approval += " " + _("Esta versión fue reemplazada por una posterior.")

    pages = _pages(context)
    number = _("Versión %(version)s") % {"version": version}
    printed = format_date(context.printed_on)
    return CriteriaView(
        **letterhead(context.cooperative, context.printed_on),
        title=_("CRITERIOS DE DISTRIBUCIÓN"),
        number=number,
        campaign=pages["campaign"],
        heading=run.name,
        warning=warning,
        watermark=watermark,
        document_fields=document,
        rules_title=_("Reglas generales"),
        rules=tuple(rules),
        amounts=amounts,
        streams=streams,
        pots=pots,
        notes_title=_("Cómo se calcula y se paga"),
        notes=tuple(notes),
        unreadable=unreadable,
        approval=approval,
        signatures=(_("Presidente(a) del Consejo de Administración"), _("Secretario(a)"),
                    _("Presidente(a) del Consejo de Vigilancia")),
        appendix_title=_("Texto exacto de los criterios (SHA-256: %(sha)s)") % {"sha": short},
        appendix_note=_("Es el texto guardado en coopdesk, línea por línea. Su huella SHA-256 completa es %(sha)s: "
                        "si el texto cambiara en una sola letra, la huella sería otra. El signo %(mark)s marca la "
                        "continuación de una línea que no cabe en el ancho de la página.") % {
            "sha": sha, "mark": "↪"},
        sha256=sha,
        text_lines=tuple(line.expandtabs(4) for line in text.splitlines()),
        continuation_mark="↪",
        footer_left=_("Impreso el %(date)s · Versión %(version)s · SHA-256 %(sha)s") % {
            "date": printed, "version": version, "sha": short},
        footer_center=pages["footer_center"],
        page_of=pages["page_of"],
        running_header=_("Criterios de distribución · %(name)s · versión %(version)s") % {
            "name": run.name, "version": version},
        pdf_title=_("Criterios de %(name)s, versión %(version)s") % {"name": run.name, "version": version},
        pdf_author=pages["pdf_author"],
        pdf_subject=_("Criterios de distribución"),
        pdf_date=pages["pdf_date"],
    )

