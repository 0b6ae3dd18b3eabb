"""Plot geolocation as the EU Deforestation Regulation asks for it (docs/traceability.md).

Pure rules on coordinates as a file writes them (``Decimal`` longitude and
latitude, exactly as typed, so their decimals can be counted): how many
decimals, inside Peru or not, latitude and longitude swapped, a ring closed and
with enough distinct vertices. What needs geometry (self-intersection, geodesic
area, overlap) is the core's, through shapely and GeographicLib (coopdesk.core.geometry).

A mapped plot is a ``MappedPlot``: what one feature, placemark, waypoint, track
or group of CSV rows of a field-mapping file says about one plot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Sequence

from coopdesk.domain.problems import N_, Problem

# Regulation (EU) 2023/1115, art. 2(28): a point is enough below 4 ha; above it, a polygon.
POINT_MAX_HECTARES = Decimal("4")
# The EU information system's GeoJSON description asks for at least six decimals (about 0.1 m).
MIN_DECIMALS = 6
# Kept to this many decimals (about 1 mm): what phone apps write beyond it is noise.
MAX_DECIMALS = 9

# Peru's extreme points, rounded outward to the hundredth of a degree (docs/traceability.md):
# north 0°01'48"S (río Putumayo), south 18°21'03"S (Hito Concordia), west 81°19'35"W
# (Punta Pariñas), east 68°39'27"W (río Heath). A bounding box, not the border: it also
# takes in strips of Ecuador, Colombia, Brazil, Bolivia and Chile next to Peru.
PERU_SOUTH, PERU_NORTH = Decimal("-18.36"), Decimal("-0.02")
PERU_WEST, PERU_EAST = Decimal("-81.33"), Decimal("-68.65")

_PERU = {"south": PERU_SOUTH, "north": PERU_NORTH, "west": PERU_WEST, "east": PERU_EAST}

POINT = "Point"
POLYGON = "Polygon"

Position = tuple[Decimal, Decimal]  # (longitude, latitude), the GeoJSON order


@dataclass(frozen=True)
class MappedPlot:
    """One plot read from a file. ``rings`` holds one position for a point, or
    the polygon's rings (the outer one first) as the file writes them;
    ``closes`` says the file's format lists a ring's vertices without repeating
    the first (a GPX track, CSV rows), so coopdesk closes it; ``place`` is
    where it is in the file (a Problem naming the feature, row or placemark)."""

    place: Problem
    kind: str
    rings: tuple[tuple[Position, ...], ...]
    closes: bool = False
    member_code: str = ""
    name: str = ""
    crop: str = ""
    hectares: Decimal | None = None
    yield_kg_per_ha: Decimal | None = None
    tenure_document: str = ""
    mapped_on: date | None = None
    problems: tuple[Problem, ...] = field(default=())  # what the reader could not read


def decimals(value: Decimal) -> int:
    """The decimals a coordinate was written with (``-12.500000`` has six)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def in_peru(position: Position) -> bool:
    lon, lat = position
    return PERU_WEST <= lon <= PERU_EAST and PERU_SOUTH <= lat <= PERU_NORTH


def show(position: Position) -> str:
    """A position as a person reads it: latitude, longitude."""
    lon, lat = position
    return f"{lat}, {lon}"


def positions(plot: MappedPlot) -> list[Position]:
    return [p for ring in plot.rings for p in ring]


def coordinate_problems(plot: MappedPlot) -> list[Problem]:
    """Decimals and place: at least MIN_DECIMALS on some coordinate (a file
    whose every coordinate has fewer was cut short), and every position inside
    Peru, naming a swap of latitude and longitude when that is what happened."""
    problems: list[Problem] = []
    points = positions(plot)
    if not points:
        return [Problem("geometry", N_("no tiene coordenadas."))]
    if max(decimals(c) for p in points for c in p) < MIN_DECIMALS:
        problems.append(Problem("geometry", N_(
            "sus coordenadas tienen menos de %(min)s decimales (por ejemplo %(point)s); el Reglamento (UE) 2023/1115 "
            "pide al menos %(min)s. Exporte el archivo del aplicativo sin redondear."),
            {"min": MIN_DECIMALS, "point": show(points[0])}))
    outside = [p for p in points if not in_peru(p)]
    if outside:
        if all(in_peru((lat, lon)) for lon, lat in points):
            first = outside[0]
            problems.append(Problem("geometry", N_(
                "la latitud y la longitud están invertidas: el punto %(given)s (latitud, longitud) cae fuera del "
                "Perú, y leído al revés (%(swapped)s) cae en el Perú. GeoJSON y KML escriben primero la longitud y "
                "luego la latitud; en un CSV, revise los títulos de las columnas de latitud y longitud."),
                {"given": show(first), "swapped": show((first[1], first[0]))}))
        elif len(points) == 1:
            problems.append(Problem("geometry", N_(
                "su punto %(point)s (latitud, longitud) cae fuera del Perú, que va de %(south)s a %(north)s de "
                "latitud y de %(west)s a %(east)s de longitud."), {"point": show(outside[0]), **_PERU}))
        else:
            problems.append(Problem("geometry", N_(
                "%(n)s de sus %(total)s vértices caen fuera del Perú, por ejemplo %(point)s (latitud, longitud); el "
                "Perú va de %(south)s a %(north)s de latitud y de %(west)s a %(east)s de longitud."),
                {"n": len(outside), "total": len(points), "point": show(outside[0]), **_PERU}))
    return problems


def closed_rings(plot: MappedPlot) -> tuple[tuple[tuple[Position, ...], ...], list[Problem]]:
    """The polygon's rings closed, and the problems of their shape: a ring the
    file must close (GeoJSON, KML) and does not; fewer than four positions or
    three distinct vertices (RFC 7946, 3.1.6). Lists of vertices (``closes``)
    are closed here by repeating their first vertex."""
    problems: list[Problem] = []
    rings = []
    for index, ring in enumerate(plot.rings):
        which = N_("el contorno") if index == 0 else N_("el hueco %(n)s")
        if plot.closes and ring and ring[0] != ring[-1]:
            ring = (*ring, ring[0])
        if len(ring) >= 2 and ring[0] != ring[-1]:
            problems.append(Problem("geometry", N_(
                "%(ring)s no está cerrado: su último punto (%(last)s) debe repetir el primero (%(first)s)."),
                {"ring": Problem("", which, {"n": index}), "first": show(ring[0]), "last": show(ring[-1])}))
        distinct = len(set(ring))
        if len(ring) < 4 or distinct < 3:
            problems.append(Problem("geometry", N_(
                "%(ring)s tiene %(n)s vértices distintos; un polígono necesita al menos tres vértices distintos "
                "y cuatro puntos con el de cierre."), {"ring": Problem("", which, {"n": index}), "n": distinct}))
        rings.append(ring)
    return tuple(rings), problems


def rounded(position: Position) -> Position:
    """A position kept to MAX_DECIMALS decimals (never fewer than it has up to that)."""
    return tuple(c if decimals(c) <= MAX_DECIMALS else round(c, MAX_DECIMALS) for c in position)  # type: ignore


def geojson_geometry(kind: str, rings: Sequence[Sequence[Position]]) -> str:
    """The geometry as GeoJSON text, its coordinates written exactly as read
    (longitude first, decimals kept: ``-12.500000`` stays so)."""
    def pos(p: Position) -> str:
        lon, lat = rounded(p)
        return f"[{format(lon, 'f')},{format(lat, 'f')}]"
    if kind == POINT:
        return '{"type":"Point","coordinates":' + pos(rings[0][0]) + "}"
    return ('{"type":"Polygon","coordinates":[' + ",".join("[" + ",".join(pos(p) for p in ring) + "]"
                                                          for ring in rings) + "]}")
