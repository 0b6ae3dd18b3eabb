"""Geometry of plots, through shapely (shapes, validity, overlap) and
GeographicLib (geodesic area on the WGS 84 ellipsoid, Karney's algorithm: the
one PROJ and ``pyproj.Geod`` use, here without PROJ's data and libraries).
coopdesk writes no geometry of its own.

Shapes are built from GeoJSON geometry text (longitude, latitude); areas are in
square metres, measured on the ellipsoid, never on the degrees themselves.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point, Polygon, shape
from shapely.validation import explain_validity

from coopdesk.domain.geolocation import POINT, Position

WGS84 = Geodesic.WGS84
SQUARE_METRES_PER_HA = Decimal(10000)


def from_rings(kind: str, rings: Sequence[Sequence[Position]]):
    if kind == POINT:
        lon, lat = rings[0][0]
        return Point(float(lon), float(lat))
    outer, *holes = [[(float(lon), float(lat)) for lon, lat in ring] for ring in rings]
    return Polygon(outer, holes)


def from_geojson(text: str):
    return shape(json.loads(text))


def crossing(geometry) -> tuple[float, float] | None:
    """Where a polygon crosses itself (longitude, latitude), or None when it is valid."""
    if geometry.geom_type == POINT or geometry.is_valid:
        return None
    reason = explain_validity(geometry)  # "Self-intersection[-69.18 -12.59]"
    start, end = reason.find("["), reason.find("]")
    if start < 0 or end < start:
        return (geometry.centroid.x, geometry.centroid.y)
    lon, lat = reason[start + 1:end].split()[:2]
    return float(lon), float(lat)


def area_m2(geometry) -> Decimal:
    """The geodesic area of a shape in square metres, to the square metre (a point: 0)."""
    if geometry.geom_type == POINT or geometry.is_empty:
        return Decimal(0)
    polygons = getattr(geometry, "geoms", [geometry])  # a MultiPolygon's parts, or the one polygon
    area = sum(_ring_area(p.exterior.coords) - sum(_ring_area(h.coords) for h in p.interiors) for p in polygons)
    return Decimal(area).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _ring_area(coords) -> float:
    """The area a closed ring encloses on the ellipsoid, in m², whichever way it turns."""
    ring = WGS84.Polygon()
    for lon, lat in list(coords)[:-1]:  # the closing position repeats the first
        ring.AddPoint(lat, lon)
    _count, _perimeter, area = ring.Compute(False, True)
    return abs(area)


def hectares(square_metres: Decimal) -> Decimal:
    return (square_metres / SQUARE_METRES_PER_HA).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Overlaps:
    """Which of many shapes a shape overlaps: one spatial index (shapely's
    STRtree) built once, so checking a file of thousands of plots against
    thousands more stays fast."""

    def __init__(self, shapes: Sequence):
        self.shapes = list(shapes)
        self._tree = shapely.STRtree(self.shapes) if self.shapes else None

    def of(self, geometry) -> Iterable[tuple[int, Decimal]]:
        """The index of each shape ``geometry`` overlaps, with the area they share
        in m²: a point inside a polygon (or on the same spot as another point)
        shares 0 m² and still overlaps; polygons that only touch along a border
        do not overlap."""
        if self._tree is None:
            return
        for index in sorted(int(i) for i in self._tree.query(geometry)):
            other = self.shapes[index]
            if geometry.geom_type == POINT or other.geom_type == POINT:
                if geometry.intersects(other) and (geometry.geom_type != POINT or other.geom_type != POINT
                                                   or geometry.equals(other)):
                    yield index, Decimal(0)
                continue
            if not (geometry.is_valid and other.is_valid):
                continue
            if geometry.intersects(other) and not geometry.touches(other):
                shared = area_m2(geometry.intersection(other))
                if shared > 0:
                    yield index, shared
