"""Importing plots' geolocation from a field-mapping file (``book.plots.import_file``).

Every plot of the file is checked (docs/traceability.md, «Validación»), and the
file is imported whole or not at all: one plot with a problem refuses the file,
listing every problem of every plot, and the book is left as it was. Warnings
(the measured area far from the declared hectares, a small overlap with a
neighbour's plot) do not refuse it; they are returned with the result.

A plot of the file whose member already has a plot of that name without
geometry gives that plot its geometry; otherwise it is a new plot, and its crop
and estimated yield come from the file or from the options.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from coopdesk.core import geometry as geo
from coopdesk.core.dto import Changes
from coopdesk.core.errors import N_, BookError, InvalidInput, Problem
from coopdesk.core.plot_files import kind_label, read_plot_file
from coopdesk.db.models import Member, Plot
from coopdesk.domain import limits, roles
from coopdesk.domain.catalog import Crop
from coopdesk.domain.geolocation import (
    POINT,
    POINT_MAX_HECTARES,
    POLYGON,
    MappedPlot,
    closed_rings,
    coordinate_problems,
    geojson_geometry,
)
from coopdesk.domain.plots import PlotInput, check_plot
from coopdesk.domain.text import search_fold

if TYPE_CHECKING:
    from coopdesk.core.book import Book

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ImportOptions:
    """What applies to every plot of the file that does not say it itself."""

    member_code: str = ""
    crop: str = ""
    yield_kg_per_ha: Decimal | None = None
    tenure_document: str = ""
    mapped_on: date | None = None


@dataclass(frozen=True)
class ImportedPlot:
    label: Problem           # «La Loma» (elemento 3)
    member_code: str
    name: str
    crop: str
    kind: str                # Point or Polygon
    hectares: Decimal        # declared (the measured area when the file declares none)
    measured_ha: Decimal | None
    new: bool                # a new plot, or geometry given to a plot already recorded


@dataclass(frozen=True)
class PlotImport:
    file_kind: str
    plots: tuple[ImportedPlot, ...]
    warnings: tuple[Problem, ...]
    changes: Changes


@dataclass
class _Checked:
    source: MappedPlot
    label: Problem
    member: Member | None = None
    plot: Plot | None = None         # the plot recorded before that gets the geometry
    shape: object = None
    rings: tuple = ()
    area_m2: Decimal | None = None
    hectares: Decimal | None = None
    crop: str = ""
    yield_kg_per_ha: Decimal | None = None
    tenure_document: str = ""
    mapped_on: date | None = None


def _label(plot: MappedPlot) -> Problem:
    if plot.name:
        return Problem("", N_("Parcela «%(name)s» (%(place)s)"), {"name": plot.name, "place": plot.place})
    return Problem("", N_("Parcela sin nombre (%(place)s)"), {"place": plot.place})


def _about(label: Problem, reason: Problem) -> Problem:
    return Problem(reason.field or "plot", N_("%(plot)s: %(reason)s"), {"plot": label, "reason": reason})


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class PlotImporter:
    def __init__(self, book: "Book"):
        self._book = book

    def run(self, path: str | Path, options: ImportOptions, check_only: bool = False) -> PlotImport:
        path = Path(path)
        kind, mapped = read_plot_file(path)
        if not mapped:
            raise BookError(N_("El archivo %(file)s no tiene parcelas (puntos ni polígonos)."), file=path.name)
        session_of = self._book.read() if check_only else self._book.write(roles.EDIT_MEMBERS)
        if check_only:
            self._book.require(roles.EDIT_MEMBERS)
        with session_of as session:
            checked, errors, warnings = self._check(session, mapped, options)
            if errors:
                raise InvalidInput(errors)
            members = set()
            if not check_only:
                now = self._book.clock.now()
                for c in checked:
                    self._store(session, c, path.name, now)
                    members.add(c.member.id)
            result = tuple(ImportedPlot(c.label, c.member.code, c.source.name or (c.plot.name if c.plot else ""),
                                        c.crop, c.source.kind, c.hectares,
                                        geo.hectares(c.area_m2) if c.area_m2 else None, c.plot is None)
                           for c in checked)
        return PlotImport(kind_label(kind), result, tuple(warnings), Changes(members=tuple(sorted(members))))

    # -- checking ----------------------------------------------------------------

    def _check(self, session, mapped: list[MappedPlot], options: ImportOptions):
        errors: list[Problem] = []
        warnings: list[Problem] = []
        members = {m.code.upper(): m for m in session.scalars(select(Member))}
        recorded = list(session.scalars(select(Plot)))
        by_name: dict[tuple[int, str], list[Plot]] = {}
        for p in recorded:
            by_name.setdefault((p.member_id, search_fold(p.name)), []).append(p)
        tolerance = self._book.settings.plot_area_tolerance
        today = self._book.clock.today()
        checked: list[_Checked] = []
        claimed: set[int] = set()
        for plot in mapped:
            c = _Checked(plot, _label(plot))
            found = list(plot.problems)
            found += self._member(c, options, members)
            found += self._shape(c)
            found += self._attributes(c, options, by_name, claimed, today)
            if c.shape is not None and c.hectares is not None:
                if plot.kind == POINT and c.hectares > POINT_MAX_HECTARES:
                    found.append(Problem("geometry", N_(
                        "declara %(ha)s ha y es un punto: sobre %(max)s ha el Reglamento (UE) 2023/1115 pide el "
                        "polígono de su contorno."), {"ha": c.hectares, "max": POINT_MAX_HECTARES}))
                elif plot.kind == POLYGON and c.area_m2 is not None:
                    measured = geo.hectares(c.area_m2)
                    if c.hectares > 0 and abs(measured - c.hectares) * HUNDRED > tolerance * c.hectares:
                        warnings.append(_about(c.label, Problem("hectares", N_(
                            "su contorno mide %(measured)s ha y se declararon %(declared)s ha: una diferencia de "
                            "%(percent)s %%, más que la tolerancia de %(tolerance)s %%. Revise el mapeo o las "
                            "hectáreas declaradas."), {"measured": measured, "declared": c.hectares,
                                                       "percent": _percent(abs(measured - c.hectares), c.hectares),
                                                       "tolerance": tolerance})))
            if plot.closes and plot.kind == POLYGON and plot.rings and plot.rings[0] and \
                    plot.rings[0][0] != plot.rings[0][-1] and not found:
                warnings.append(_about(c.label, Problem("geometry", N_(
                    "el recorrido no volvía a su primer punto; coopdesk cerró el contorno uniendo el último punto "
                    "con el primero."))))
            errors += [_about(c.label, p) for p in found]
            checked.append(c)
        self._overlaps(session, checked, recorded, errors, warnings)
        return checked, errors, warnings

    def _member(self, c: _Checked, options: ImportOptions, members: dict[str, Member]) -> list[Problem]:
        in_file, given = c.source.member_code.strip(), options.member_code.strip()
        if in_file and given and in_file.upper() != given.upper():
            return [Problem("member", N_("el archivo la asigna al socio %(file)s y se pidió importarla para el "
                                         "socio %(given)s."), {"file": in_file, "given": given})]
        code = in_file or given
        if not code:
            return [Problem("member", N_("no dice de qué socio es: indique el socio (--member) o ponga su código en "
                                         "una propiedad o columna «Socio»."))]
        c.member = members.get(code.upper())
        if c.member is None:
            return [Problem("member", N_("no existe el socio con código %(code)s."), {"code": code})]
        return []

    def _shape(self, c: _Checked) -> list[Problem]:
        plot = c.source
        if plot.problems or plot.kind not in (POINT, POLYGON):
            return []
        found = coordinate_problems(plot)
        if found:
            return found
        rings = plot.rings
        if plot.kind == POLYGON:
            rings, found = closed_rings(plot)
            if found:
                return found
        shape = geo.from_rings(plot.kind, rings)
        where = geo.crossing(shape)
        if where is not None:
            lon, lat = where
            return [Problem("geometry", N_(
                "su contorno se cruza a sí mismo cerca de %(lat)s, %(lon)s (latitud, longitud): los vértices no "
                "siguen el borde en orden. Vuelva a mapearla recorriendo el borde en un solo sentido."),
                {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"})]
        c.shape, c.rings = shape, rings
        c.area_m2 = geo.area_m2(shape) if plot.kind == POLYGON else None
        return []

    def _attributes(self, c: _Checked, options: ImportOptions, by_name: dict[tuple[int, str], list[Plot]],
                    claimed: set[int], today: date) -> list[Problem]:
        plot, found = c.source, []
        if c.member is not None and plot.name:
            crop = plot.crop or options.crop
            same = [p for p in by_name.get((c.member.id, search_fold(plot.name)), ()) if not crop or p.crop == crop]
            if len(same) > 1:
                found.append(Problem("name", N_("el socio tiene %(n)s parcelas llamadas «%(name)s»: cambie el nombre "
                                                "de una antes de importar."), {"n": len(same), "name": plot.name}))
            elif same:
                c.plot = same[0]
                if c.plot.geometry is not None:
                    found.append(Problem("geometry", N_(
                        "la parcela «%(name)s» del socio ya tiene su ubicación (importada de %(source)s); coopdesk "
                        "no la reemplaza."), {"name": c.plot.name, "source": c.plot.geometry_source or "?"}))
                elif c.plot.id in claimed:
                    found.append(Problem("name", N_("aparece dos veces en el archivo.")))
                claimed.add(c.plot.id)
        c.tenure_document = (plot.tenure_document or options.tenure_document).strip()
        if len(c.tenure_document) > limits.DESCRIPTION:
            found.append(Problem("tenure_document", N_("la referencia del documento de tenencia es demasiado larga "
                                                       "(máximo %(n)s letras)."), {"n": limits.DESCRIPTION}))
        c.mapped_on = plot.mapped_on or options.mapped_on
        if c.mapped_on is not None and c.mapped_on > today:
            found.append(Problem("mapped_on", N_("la fecha de mapeo %(date)s es posterior a hoy."),
                                 {"date": c.mapped_on}))
        measured = geo.hectares(c.area_m2) if c.area_m2 else None
        if c.plot is not None:
            c.crop, c.hectares, c.yield_kg_per_ha = c.plot.crop, c.plot.hectares, c.plot.yield_kg_per_ha
            return found
        c.crop = plot.crop or options.crop
        c.yield_kg_per_ha = plot.yield_kg_per_ha if plot.yield_kg_per_ha is not None else options.yield_kg_per_ha
        c.hectares = plot.hectares if plot.hectares is not None else measured
        if c.member is None or plot.problems:
            return found
        if not c.crop:
            found.append(Problem("crop", N_("es una parcela nueva: indique su cultivo (--crop o una columna «Cultivo»).")))
        if c.yield_kg_per_ha is None:
            found.append(Problem("yield_kg_per_ha", N_(
                "es una parcela nueva: indique su rendimiento estimado en kg/ha (--yield o una columna «Rendimiento»).")))
        if c.hectares is None and plot.kind == POINT:
            found.append(Problem("hectares", N_(
                "es un punto sin hectáreas: indique sus hectáreas en una propiedad o columna «Hectáreas».")))
        if c.crop and c.yield_kg_per_ha is not None and c.hectares is not None and c.crop in set(Crop):
            problems = check_plot(PlotInput(c.crop, c.hectares, c.yield_kg_per_ha, plot.name))
            found += problems
            if not problems:
                c.hectares = c.hectares.quantize(Decimal("0.01"))
        return found

    def _overlaps(self, session, checked: list[_Checked], recorded: list[Plot], errors: list[Problem],
                  warnings: list[Problem]) -> None:
        """Each plot of the file against the other members' plots: those recorded,
        and those earlier in the file (each pair is named once, at the later plot)."""
        tolerance = self._book.settings.plot_overlap_tolerance
        names = {m.id: m.code for m in session.scalars(select(Member))}
        # (member, name, place in the file or None, area m² or None for a point, position in the file)
        keys: list[tuple] = []
        shapes = []
        for p in recorded:
            if p.geometry is not None:
                shape = geo.from_geojson(p.geometry)
                keys.append((p.member_id, p.name, None, geo.area_m2(shape) if shape.geom_type != POINT else None, -1))
                shapes.append(shape)
        mapped = [c for c in checked if c.shape is not None and c.member is not None]
        for position, c in enumerate(mapped):
            keys.append((c.member.id, c.source.name, c.source.place, c.area_m2, position))
            shapes.append(c.shape)
        index = geo.Overlaps(shapes)
        for position, c in enumerate(mapped):
            for found, shared in index.of(c.shape):
                member_id, name, place, other_area, other_position = keys[found]
                if member_id == c.member.id or other_position >= position:
                    continue
                if place is None:
                    other = Problem("", N_("la parcela «%(name)s» del socio %(code)s"),
                                    {"name": name, "code": names[member_id]})
                else:  # earlier in the same file
                    other = Problem("", N_("la parcela «%(name)s» (%(place)s) del socio %(code)s"),
                                    {"name": name, "place": place, "code": names[member_id]})
                if shared == 0:  # a point inside a polygon, or two equal points
                    if other_area is not None:
                        message = N_("su ubicación cae dentro de %(other)s.")
                    elif c.source.kind == POINT:
                        message = N_("está en el mismo punto que %(other)s.")
                    else:
                        message = N_("su contorno encierra la ubicación de %(other)s.")
                    errors.append(_about(c.label, Problem("geometry", message, {"other": other})))
                    continue
                smaller = min(c.area_m2 or shared, other_area or shared)
                reason = Problem("geometry", N_(
                    "se superpone con %(other)s en %(m2)s m² (%(percent)s %% de la menor)."),
                    {"other": other, "m2": shared, "percent": _percent(shared, smaller)})
                if shared * HUNDRED > tolerance * smaller:
                    errors.append(_about(c.label, reason))
                else:
                    warnings.append(_about(c.label, reason))

    # -- storing -------------------------------------------------------------------

    def _store(self, session, c: _Checked, file_name: str, now) -> None:
        text = geojson_geometry(c.source.kind, c.rings)
        area = int(c.area_m2) if c.area_m2 is not None else None
        plot = c.plot
        if plot is None:
            plot = Plot(member_id=c.member.id, crop=c.crop, name=c.source.name[:limits.DESCRIPTION],
                        hectares=c.hectares, yield_kg_per_ha=c.yield_kg_per_ha, certification=None, created_at=now)
            session.add(plot)
        plot.geometry, plot.area_m2 = text, area
        plot.tenure_document = c.tenure_document
        plot.mapped_on = c.mapped_on
        plot.geometry_source = file_name[:limits.DESCRIPTION]
