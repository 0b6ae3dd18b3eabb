"""The organic guard (``book.plots``): members' plots, the check made at intake,
and the report of members whose organic deliveries exceed their estimate.

A member's estimate of a crop is Σ hectares × estimated yield of their plots of
that crop (plots certified other than organic do not count). Deliveries count
when organic (the ticket's certification), not voided, in the campaign. A member
with organic deliveries of a crop and no plot of it has an estimate of 0 kg and
is always over: the ICS has nothing to back those kilos.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, and_, func, or_, select, type_coerce

from coopdesk.core.dto import Changes
from coopdesk.core.errors import InvalidInput, N_, NotFound, Problem
from coopdesk.core.members import same_code
from coopdesk.core.plot_import import ImportOptions, PlotImport, PlotImporter
from coopdesk.db.models import Delivery, Member, Plot, Product, YieldNorm
from coopdesk.domain import limits
from coopdesk.domain.catalog import LABELS, Certification, Crop
from coopdesk.domain.problems import Text
from coopdesk.domain.plots import (
    MAX_YIELD_KG_PER_HA,
    PlotInput,
    as_typed,
    check_plot,
    choose_plot,
    estimate_from_units,
    kg_per_hectare,
    percent_of_estimate,
)
from coopdesk.domain.quantities import GRAM, from_grams
from coopdesk.domain import roles
from coopdesk.domain.names import list_name

if TYPE_CHECKING:
    from coopdesk.core.book import Book

KG_ZERO = Decimal("0.000")


@dataclass(frozen=True)
class PlotRow:
    id: int
    member_code: str
    crop: str
    name: str
    hectares: Decimal
    yield_kg_per_ha: Decimal
    certification: str | None
    estimate_kg: Decimal  # hectares × yield, to the gram
    # geolocation (docs/traceability.md): GeoJSON text or None, geodesic area in m²
    geometry: str | None = None
    area_m2: int | None = None
    tenure_document: str = ""
    mapped_on: date | None = None
    geometry_source: str = ""
    member_name: str = ""

    @property
    def geometry_kind(self) -> str | None:
        """``Point``, ``Polygon`` or None (not mapped yet)."""
        if not self.geometry:
            return None
        return json.loads(self.geometry).get("type")

    @property
    def position(self) -> tuple[str, str] | None:
        """The point (latitude, longitude) as written, or a polygon's first vertex."""
        if not self.geometry:
            return None
        coordinates = json.loads(self.geometry, parse_float=str)["coordinates"]
        while isinstance(coordinates[0], list):
            coordinates = coordinates[0]
        return str(coordinates[1]), str(coordinates[0])

    @property
    def vertices(self) -> int:
        """A polygon's distinct vertices (the closing one not counted); 1 for a point, 0 unmapped."""
        if not self.geometry:
            return 0
        coordinates = json.loads(self.geometry, parse_float=str)["coordinates"]
        return 1 if not isinstance(coordinates[0], list) else len(coordinates[0]) - 1


@dataclass(frozen=True)
class OrganicCheck:
    """A member's organic kg of a crop in a campaign against the ICS estimate.

    ``delivered`` counts the tickets already recorded, ``extra`` the one being
    typed; ``percent`` is the total as a percentage of the estimate (None when
    the member has no estimate for the crop: no plots of it)."""

    member_code: str
    member_name: str
    crop: str
    campaign_code: str
    delivered: Decimal
    extra: Decimal
    estimate: Decimal
    percent: Decimal | None

    @property
    def total(self) -> Decimal:
        return self.delivered + self.extra

    @property
    def excess(self) -> Decimal:
        return self.total - self.estimate

    @property
    def over(self) -> bool:
        return self.total > self.estimate

    def warning(self) -> Problem:
        """The intake warning, as a sentence for ``describe`` (the ICS warns; it never refuses)."""
        params = {"name": self.member_name, "code": self.member_code, "crop": Text(LABELS.get(self.crop, self.crop)),
                  "campaign": self.campaign_code, "delivered": self.delivered, "extra": self.extra,
                  "total": self.total, "estimate": self.estimate, "excess": self.excess, "percent": self.percent}
        if self.percent is None:
            return Problem("net_kg", N_("%(name)s (%(code)s) no tiene parcelas de %(crop)s con estimado orgánico en "
                                        "el sistema interno de control: su estimado es 0 kg, y con este ticket sus "
                                        "entregas orgánicas de %(crop)s en la campaña %(campaign)s suman %(total)s "
                                        "kg."), params)
        return Problem("net_kg", N_("%(name)s (%(code)s) ya entregó %(delivered)s kg de %(crop)s orgánico en la "
                                    "campaña %(campaign)s; con este ticket de %(extra)s kg suma %(total)s kg y supera "
                                    "su estimado de %(estimate)s kg en %(excess)s kg (%(percent)s %%)."), params)


@dataclass(frozen=True)
class YieldNormRow:
    crop: str
    valid_from: date
    kg_per_ha: Decimal
    source: str
    recorded_by: str


@dataclass(frozen=True)
class YieldCheck:
    """A plot's deliveries in a campaign per hectare against its crop's norm.

    Kilos are of the product's reference form (grano seco, pergamino), as the
    tickets store them (``equivalent_kg``); ``extra`` is the ticket being typed."""

    plot_id: int
    plot_name: str
    member_code: str
    member_name: str
    crop: str
    campaign_code: str
    hectares: Decimal
    delivered: Decimal
    extra: Decimal
    norm: YieldNormRow

    @property
    def total(self) -> Decimal:
        return self.delivered + self.extra

    @property
    def per_hectare(self) -> Decimal:
        return kg_per_hectare(self.total, self.hectares)

    @property
    def over(self) -> bool:
        return self.total > self.norm.kg_per_ha * self.hectares

    def warning(self) -> Problem:
        return Problem("plot", N_(
            "La parcela «%(plot)s» de %(name)s (%(code)s) tiene %(hectares)s ha: con este ticket sus entregas de "
            "%(crop)s en la campaña %(campaign)s suman %(total)s kg, %(per_ha)s kg por hectárea, más que la norma "
            "de %(norm)s kg/ha por campaña (vigente desde el %(since)s)."),
            {"plot": self.plot_name or f"n.° {self.plot_id}", "name": self.member_name, "code": self.member_code,
             "hectares": self.hectares, "crop": Text(LABELS.get(self.crop, self.crop)),
             "campaign": self.campaign_code, "total": self.total, "per_ha": self.per_hectare,
             "norm": as_typed(self.norm.kg_per_ha), "since": self.norm.valid_from})


def plot_of_ticket(session, member: Member, crop: str, wanted: str) -> tuple[int | None, list[Problem]]:
    """The plot a ticket of ``crop`` comes from (``domain.plots.choose_plot``)."""
    plots = [(p.id, p.name) for p in session.scalars(
        select(Plot).where(Plot.member_id == member.id, Plot.crop == crop).order_by(Plot.id))]
    return choose_plot(plots, wanted, {"name": list_name(member.first_names, member.last_names), "code": member.code,
                                       "crop": Text(LABELS.get(crop, crop))})


def _norm_in_force(session, crop: str, day: date) -> YieldNormRow | None:
    row = session.scalars(select(YieldNorm).where(YieldNorm.crop == crop, YieldNorm.valid_from <= day)
                          .order_by(YieldNorm.valid_from.desc(), YieldNorm.id.desc()).limit(1)).first()
    return None if row is None else YieldNormRow(row.crop, row.valid_from, row.kg_per_ha, row.source,
                                                 row.recorded_by)


def _units(sum_):
    """A SUM over integer columns as the plain integer it is (not through Grams)."""
    return type_coerce(sum_, BigInteger)


def _counts_as_organic():
    return or_(Plot.certification.is_(None), Plot.certification == Certification.ORGANIC.value)


def _counted_delivery(campaign_id: int):
    return and_(Delivery.campaign_id == campaign_id, Delivery.voided_at.is_(None),
                Delivery.certification == Certification.ORGANIC.value)


def _row(p: Plot, member: Member) -> PlotRow:
    return PlotRow(p.id, member.code, p.crop, p.name, p.hectares, p.yield_kg_per_ha, p.certification,
                   estimate_from_units(int(p.hectares * 100) * int(p.yield_kg_per_ha * 1000)), p.geometry,
                   p.area_m2, p.tenure_document, p.mapped_on, p.geometry_source,
                   list_name(member.first_names, member.last_names))


class Plots:
    def __init__(self, book: "Book"):
        self._book = book

    def _member(self, session, code: str) -> Member:
        member = session.scalars(select(Member).where(same_code(code or ""))).first()
        if member is None:
            raise NotFound(N_("No existe el socio con código %(code)s."), code=code)
        return member

    def add_plot(self, member_code: str, data: PlotInput) -> Changes:
        problems = check_plot(data)
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.EDIT_MEMBERS) as session:
            member = self._member(session, member_code)
            session.add(Plot(member_id=member.id, crop=data.crop, name=(data.name or "").strip(),
                             hectares=data.hectares, yield_kg_per_ha=data.yield_kg_per_ha,
                             certification=data.certification, created_at=self._book.clock.now()))
            return Changes(members=(member.id,))

    def edit_plot(self, plot_id: int, data: PlotInput) -> Changes:
        """Correct a plot's crop, name, hectares, yield or certification (a typo);
        its location stays. Every problem at once, nothing changed."""
        problems = check_plot(data)
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.EDIT_MEMBERS) as session:
            plot = session.get(Plot, plot_id)
            if plot is None:
                raise NotFound(N_("No existe la parcela %(id)s."), id=plot_id)
            plot.crop, plot.name = data.crop, (data.name or "").strip()
            plot.hectares, plot.yield_kg_per_ha, plot.certification = (data.hectares, data.yield_kg_per_ha,
                                                                       data.certification)
            return Changes(members=(plot.member_id,))

    def remove_plot(self, plot_id: int) -> Changes:
        """Take out a plot recorded by mistake. One that tickets name as their origin
        is kept (their traceability needs it): correct it instead."""
        with self._book.write(roles.EDIT_MEMBERS) as session:
            plot = session.get(Plot, plot_id)
            if plot is None:
                raise NotFound(N_("No existe la parcela %(id)s."), id=plot_id)
            tickets = session.scalar(select(func.count()).select_from(Delivery).where(Delivery.plot_id == plot_id))
            if tickets:
                raise InvalidInput([Problem("", N_("La parcela tiene %(n)s entregas registradas como su origen: "
                                                   "no se puede quitar; corríjala."), {"n": tickets})])
            member_id = plot.member_id
            session.delete(plot)
            return Changes(members=(member_id,))

    def plots(self, member_code: str) -> list[PlotRow]:
        with self._book.read() as session:
            member = self._member(session, member_code)
            rows = session.scalars(select(Plot).where(Plot.member_id == member.id).order_by(Plot.crop, Plot.id))
            return [_row(p, member) for p in rows]

    def all_plots(self, member_code: str | None = None) -> list[PlotRow]:
        """Every plot of the cooperative (or of one member), by member code and plot."""
        with self._book.read() as session:
            query = select(Plot, Member).join(Member, Plot.member_id == Member.id).order_by(Member.code, Plot.id)
            if member_code:
                query = query.where(Plot.member_id == self._member(session, member_code).id)
            return [_row(p, m) for p, m in session.execute(query)]

    def import_file(self, path: str | Path, options: ImportOptions | None = None,
                    check_only: bool = False) -> PlotImport:
        """Plots' geolocation from a GeoJSON, KML, KMZ, GPX or CSV file, all or
        nothing (``coopdesk.core.plot_import``); ``check_only`` checks and writes nothing."""
        return PlotImporter(self._book).run(path, options or ImportOptions(), check_only)

    # -- the yield guard: each plot's kilos per hectare in a campaign against its crop's norm

    def set_yield_norm(self, crop: str, valid_from: date, kg_per_ha: Decimal, source: str) -> Changes:
        """The most a hectare of ``crop`` yields in a campaign, from ``valid_from`` on
        (kilos of the reference form), with where the figure comes from."""
        problems = []
        if crop not in {c.value for c in Crop}:
            problems.append(Problem("crop", N_("Elija el cultivo de la parcela: cacao, cafe o copoazu.")))
        if (kg_per_ha is None or not kg_per_ha.is_finite() or not (Decimal(0) < kg_per_ha <= MAX_YIELD_KG_PER_HA)
                or kg_per_ha != kg_per_ha.quantize(GRAM)):
            problems.append(Problem("kg_per_ha", N_("La norma debe ser mayor que 0 y no pasar de %(max)s kg por "
                                                    "hectárea, con tres decimales a lo más."),
                                    {"max": MAX_YIELD_KG_PER_HA}))
        if not (source or "").strip():
            problems.append(Problem("source", N_("Diga de dónde viene la norma (por ejemplo el estudio, el "
                                                 "reglamento interno o el acuerdo que la fija).")))
        elif len(source.strip()) > limits.DESCRIPTION:
            problems.append(Problem("source", N_("Es demasiado largo: %(limit)s caracteres como máximo."),
                                    {"limit": limits.DESCRIPTION}))
        if problems:
            raise InvalidInput(problems)
        with self._book.write(roles.CHANGE_SETTINGS) as session:
            session.add(YieldNorm(crop=crop, valid_from=valid_from, kg_per_ha=kg_per_ha, source=source.strip(),
                                  recorded_by=self._book.user or "", recorded_at=self._book.clock.now()))
        return Changes(reference=True)

    def yield_norms(self) -> list[YieldNormRow]:
        with self._book.read() as session:
            return [YieldNormRow(r.crop, r.valid_from, r.kg_per_ha, r.source, r.recorded_by) for r in session.scalars(
                select(YieldNorm).order_by(YieldNorm.crop, YieldNorm.valid_from, YieldNorm.id))]

    def yield_check(self, member_code: str, product_code: str, plot: str, extra_kg: Decimal,
                    campaign_code: str | None = None) -> YieldCheck | None:
        """The figures when the ticket's plot, with ``extra_kg`` more (reference
        form), passes its crop's norm in the campaign (the norm in force at the
        campaign's close); None when within it, without a plot, a norm or a
        plot to name (recording reports those)."""
        campaign = self._book.campaigns.get(campaign_code)
        with self._book.read() as session:
            member = session.scalars(select(Member).where(same_code(member_code or ""))).first()
            crop = session.scalar(select(Product.crop).where(Product.code == product_code))
            if member is None or crop is None:
                return None
            plot_id, problems = plot_of_ticket(session, member, crop, plot)
            norm = _norm_in_force(session, crop, campaign.end_date)
            if plot_id is None or problems or norm is None:
                return None
            row = session.get(Plot, plot_id)
            delivered = session.scalar(select(func.coalesce(_units(func.sum(Delivery.equivalent_kg)), 0)).where(
                Delivery.plot_id == plot_id, Delivery.campaign_id == campaign.id, Delivery.voided_at.is_(None)))
            check = YieldCheck(row.id, row.name, member.code, list_name(member.first_names, member.last_names), crop,
                               campaign.code, row.hectares, from_grams(int(delivered)),
                               Decimal(extra_kg).quantize(GRAM), norm)
            return check if check.over else None

    def over_norm(self, campaign_code: str | None = None) -> list[YieldCheck]:
        """Every plot whose deliveries in the campaign pass its crop's norm per
        hectare, the highest kilos per hectare first."""
        campaign = self._book.campaigns.get(campaign_code)
        result = []
        with self._book.read() as session:
            query = (select(Plot, Member, _units(func.sum(Delivery.equivalent_kg)))
                     .join(Delivery, Delivery.plot_id == Plot.id).join(Member, Plot.member_id == Member.id)
                     .where(Delivery.campaign_id == campaign.id, Delivery.voided_at.is_(None))
                     .group_by(Plot.id, Member.id))
            norms = {}
            for plot, member, grams in session.execute(query):
                if plot.crop not in norms:
                    norms[plot.crop] = _norm_in_force(session, plot.crop, campaign.end_date)
                if norms[plot.crop] is None:
                    continue
                check = YieldCheck(plot.id, plot.name, member.code, list_name(member.first_names, member.last_names),
                                   plot.crop, campaign.code, plot.hectares, from_grams(int(grams)), KG_ZERO,
                                   norms[plot.crop])
                if check.over:
                    result.append(check)
        result.sort(key=lambda c: (-c.per_hectare, c.member_code, c.plot_id))
        return result

    def organic_check(self, member_code: str, product_code: str, extra_kg: Decimal,
                      campaign_code: str | None = None, certification: str | None = None) -> OrganicCheck | None:
        """The figures when the member's organic kg of the product's crop in the
        campaign, with ``extra_kg`` more, exceed the estimate; None when within it,
        or when the delivery is not organic (``certification`` None: the member's)."""
        campaign = self._book.campaigns.get(campaign_code)
        with self._book.read() as session:
            member = self._member(session, member_code)
            if (certification or member.certification) != Certification.ORGANIC:
                return None
            crop = session.scalar(select(Product.crop).where(Product.code == product_code))
            if crop is None:
                raise NotFound(N_("No existe el producto %(code)s."), code=product_code)
            delivered_g = session.scalar(
                select(func.coalesce(_units(func.sum(Delivery.equivalent_kg)), 0))
                .join(Product, Delivery.product_id == Product.id)
                .where(Delivery.member_id == member.id, Product.crop == crop, _counted_delivery(campaign.id)))
            estimate_units = session.scalar(
                select(func.coalesce(_units(func.sum(Plot.hectares * Plot.yield_kg_per_ha)), 0))
                .where(Plot.member_id == member.id, Plot.crop == crop, _counts_as_organic()))
            delivered, estimate = from_grams(int(delivered_g)), estimate_from_units(int(estimate_units))
            extra = Decimal(extra_kg).quantize(GRAM)
            check = OrganicCheck(member.code, list_name(member.first_names, member.last_names), crop, campaign.code,
                                 delivered, extra, estimate, percent_of_estimate(delivered + extra, estimate))
            return check if check.over else None

    def over_estimate(self, campaign_code: str | None = None) -> list[OrganicCheck]:
        """Every member whose organic deliveries of a crop in the campaign exceed
        their estimate (members with none of that crop's plots: estimate 0), the
        largest excess first."""
        campaign = self._book.campaigns.get(campaign_code)
        delivered = (
            select(Delivery.member_id.label("member_id"), Product.crop.label("crop"),
                   _units(func.sum(Delivery.equivalent_kg)).label("grams"))
            .join(Product, Delivery.product_id == Product.id)
            .where(_counted_delivery(campaign.id))
            .group_by(Delivery.member_id, Product.crop)
            .subquery())
        estimated = (
            select(Plot.member_id.label("member_id"), Plot.crop.label("crop"),
                   _units(func.sum(Plot.hectares * Plot.yield_kg_per_ha)).label("units"))
            .where(_counts_as_organic())
            .group_by(Plot.member_id, Plot.crop)
            .subquery())
        query = (
            select(Member.code, Member.first_names, Member.last_names, delivered.c.crop, delivered.c.grams,
                   func.coalesce(estimated.c.units, 0))
            .join(delivered, delivered.c.member_id == Member.id)
            .outerjoin(estimated, and_(estimated.c.member_id == delivered.c.member_id,
                                       estimated.c.crop == delivered.c.crop))
            # Σ grams × 100 > Σ hundredths-of-ha × g/ha: over the unrounded estimate (the rounding is refined below)
            .where(_units(delivered.c.grams) * 100 > func.coalesce(estimated.c.units, 0) - 50)
        )
        result = []
        with self._book.read() as session:
            for code, first, last, crop, grams, units in session.execute(query):
                kg, estimate = from_grams(int(grams)), estimate_from_units(int(units))
                check = OrganicCheck(code, list_name(first, last), crop, campaign.code, kg, KG_ZERO, estimate,
                                     percent_of_estimate(kg, estimate))
                if check.over:
                    result.append(check)
        result.sort(key=lambda c: (-c.excess, c.member_code, c.crop))
        return result
