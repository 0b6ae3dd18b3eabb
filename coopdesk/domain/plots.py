"""Member plots (parcelas) and the organic guard's estimate.

The internal control system (ICS) of an organic certification estimates what
each member can harvest: the hectares of each plot times its estimated yield
per hectare. A member whose organic deliveries of a crop exceed that estimate
may be selling a neighbour's conventional produce as organic: intake warns,
and a report lists them. The guard warns; it never refuses a delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification, Crop
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quantities import GRAM
from coopdesk.domain.text import search_fold

HUNDREDTH = Decimal("0.01")
# The highest a yield norm may be (any crop, any form): far above any real one.
MAX_YIELD_KG_PER_HA = Decimal("10000")
# One plot of a smallholder member (docs/traceability.md, «Límites de una parcela»): a
# typo such as 250 ha or 5,000 kg/ha of dry cacao would silence the organic warning for
# that member for good, so a plot beyond these is refused with the limit named.
MAX_HECTARES = Decimal("100")
MAX_PLOT_YIELD = {  # kg per hectare of the crop's reference form, well above the best recorded
    Crop.CACAO: Decimal("3000"),     # dry bean; good clonal plantations reach 1,500-2,500
    Crop.COFFEE: Decimal("4000"),    # parchment; intensive plots reach about 2,500-3,000
    Crop.COPOAZU: Decimal("12000"),  # fruit; mature orchards give several tonnes
}


@dataclass(frozen=True)
class PlotInput:
    """A plot as the ICS inspector notes it. ``certification`` None means the member's."""

    crop: str
    hectares: Decimal
    yield_kg_per_ha: Decimal
    name: str = ""
    certification: str | None = None


def check_plot(p: PlotInput) -> list[Problem]:
    """Every problem of a plot, at once."""
    problems: list[Problem] = []
    if p.crop not in set(Crop):
        problems.append(Problem("crop", N_("Elija el cultivo de la parcela: cacao, cafe o copoazu.")))
    if p.hectares is None or not p.hectares.is_finite() or not (Decimal(0) < p.hectares <= MAX_HECTARES):
        problems.append(Problem("hectares", N_("Las hectáreas deben ser mayores que 0 y no pasar de %(max)s."),
                                {"max": MAX_HECTARES}))
    elif p.hectares != p.hectares.quantize(HUNDREDTH):
        problems.append(Problem("hectares", N_("Escriba las hectáreas con dos decimales a lo más.")))
    top = MAX_PLOT_YIELD.get(p.crop, MAX_YIELD_KG_PER_HA)
    if (p.yield_kg_per_ha is None or not p.yield_kg_per_ha.is_finite()
            or not (Decimal(0) < p.yield_kg_per_ha <= top)):
        problems.append(Problem("yield_kg_per_ha", N_("El rendimiento estimado debe ser mayor que 0 y no pasar de "
                                                      "%(max)s kg por hectárea."), {"max": top}))
    elif p.yield_kg_per_ha != p.yield_kg_per_ha.quantize(GRAM):
        problems.append(Problem("yield_kg_per_ha", N_("Escriba el rendimiento con tres decimales a lo más.")))
    if p.certification is not None and p.certification not in set(Certification):
        problems.append(Problem("certification", N_("Elija la certificación de la parcela.")))
    if len(p.name or "") > limits.DESCRIPTION:
        problems.append(Problem("name", N_("El nombre de la parcela es demasiado largo (máximo %(n)s letras)."),
                                {"n": limits.DESCRIPTION}))
    return problems


def counts_as_organic(plot_certification: str | None) -> bool:
    """A plot counts for the organic estimate unless it is itself certified
    otherwise (a member's conventional or transition plot produces no organic kg)."""
    return plot_certification is None or plot_certification == Certification.ORGANIC


def organic_estimate(plots: Iterable[PlotInput], crop: str) -> Decimal:
    """The kg of ``crop`` the member's plots are estimated to yield: Σ hectares ×
    yield of the plots of that crop that count as organic, rounded half-up to the gram."""
    total = sum((p.hectares * p.yield_kg_per_ha for p in plots
                 if p.crop == crop and counts_as_organic(p.certification)), Decimal(0))
    return total.quantize(GRAM, rounding=ROUND_HALF_UP)


def estimate_from_units(hundredths_times_grams: int) -> Decimal:
    """The estimate from the database's exact Σ hectares_hundredths × yield_g_per_ha
    (units of a hundredth of a gram), rounded half-up to the gram like ``organic_estimate``."""
    return (Decimal(int(hundredths_times_grams)).scaleb(-5)).quantize(GRAM, rounding=ROUND_HALF_UP)


def percent_of_estimate(delivered: Decimal, estimate: Decimal) -> Decimal | None:
    """Delivered as a percentage of the estimate, two decimals (None without an estimate)."""
    if estimate <= 0:
        return None
    return (delivered * 100 / estimate).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _plot_names(plots: Sequence[tuple[int, str]]) -> str:
    return ", ".join(f"«{name}» (n.° {id_})" if name else f"n.° {id_}" for id_, name in plots)


def choose_plot(plots: Sequence[tuple[int, str]], wanted: str, member: Mapping[str, object]
                ) -> tuple[int | None, list[Problem]]:
    """The plot a ticket names among the member's plots of its crop (``(id, name)``):
    ``wanted`` is the plot's number or its name (accents and capitals ignored);
    empty, the member's only plot of the crop, or none when the member has none of
    it. With several and none named, the clerk must say which one.
    ``member`` gives the message's ``name``, ``code`` and ``crop``."""
    wanted = (wanted or "").strip()
    if wanted:
        number = wanted.lstrip("#").removeprefix("n.° ").strip()
        found = [p for p in plots if (number.isdigit() and p[0] == int(number))
                 or (p[1] and search_fold(p[1]) == search_fold(wanted))]
        if len(found) == 1:
            return found[0][0], []
        if not plots:
            return None, [Problem("plot", N_("%(name)s (%(code)s) no tiene parcelas de %(crop)s registradas: "
                                             "registre la parcela antes de nombrarla en el ticket."), member)]
        return None, [Problem("plot", N_("%(name)s (%(code)s) no tiene la parcela «%(plot)s» de %(crop)s; sus "
                                         "parcelas de %(crop)s son: %(list)s."),
                              {**member, "plot": wanted, "list": _plot_names(plots)})]
    if len(plots) == 1:
        return plots[0][0], []
    if not plots:
        return None, []
    return None, [Problem("plot", N_("%(name)s (%(code)s) tiene %(n)s parcelas de %(crop)s: %(list)s. Diga de cuál "
                                     "viene esta entrega."), {**member, "n": len(plots), "list": _plot_names(plots)})]


def kg_per_hectare(kg: Decimal, hectares: Decimal) -> Decimal:
    """Kilos per hectare, two decimals, half up."""
    return (kg / hectares).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def as_typed(value: Decimal) -> Decimal:
    """A figure kept to the gram as it was typed: 1000 rather than 1000.000, 1250.5 rather than 1250.500."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
