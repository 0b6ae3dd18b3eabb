"""Geodesic areas of plots (coopdesk.core.geometry): on the WGS 84 ellipsoid, and
a hole inside a plot (a house, a pond) is not the member's planted land."""

from decimal import Decimal

from shapely.geometry import Point, Polygon

from coopdesk.core import geometry

# about 1,085 m × 111 m near Puerto Maldonado
OUTER = [(-69.15, -12.6), (-69.14, -12.6), (-69.14, -12.601), (-69.15, -12.601), (-69.15, -12.6)]
POND = [(-69.148, -12.6002), (-69.146, -12.6002), (-69.146, -12.6008), (-69.148, -12.6008), (-69.148, -12.6002)]


def test_a_plot_measures_its_area_on_the_ellipsoid_whichever_way_its_outline_was_walked():
    assert geometry.area_m2(Polygon(OUTER)) == Decimal(120203)
    assert geometry.area_m2(Polygon(OUTER[::-1])) == Decimal(120203)
    assert geometry.hectares(geometry.area_m2(Polygon(OUTER))) == Decimal("12.02")


def test_a_pond_inside_the_plot_is_taken_off_whichever_way_its_ring_turns():
    assert geometry.area_m2(Polygon(POND)) == Decimal(14424)
    for ring in (POND, POND[::-1]):  # 120,202.64 − 14,424.32 m², rounded once at the end
        assert geometry.area_m2(Polygon(OUTER, [ring])) == Decimal(105778)


def test_a_point_has_no_area():
    assert geometry.area_m2(Point(-69.15, -12.6)) == Decimal(0)
