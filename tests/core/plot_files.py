"""Field-mapping files as phone apps write them, for the plot-import tests.

Plots around Puerto Maldonado (Madre de Dios). ``SQUARE`` is a 0.001° × 0.001°
square: 12,021 m² on the WGS 84 ellipsoid (GeographicLib, as pyproj.Geod); ``BIG`` is 0.002° a
side, 48,083 m² (4.81 ha).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

SQUARE = [["-69.180000", "-12.590000"], ["-69.179000", "-12.590000"], ["-69.179000", "-12.589000"],
          ["-69.180000", "-12.589000"], ["-69.180000", "-12.590000"]]
BIG = [["-69.180000", "-12.590000"], ["-69.178000", "-12.590000"], ["-69.178000", "-12.588000"],
       ["-69.180000", "-12.588000"], ["-69.180000", "-12.590000"]]
# the square's corners in the order of a figure eight: the two sides cross at its centre
BOWTIE = [SQUARE[0], SQUARE[2], SQUARE[1], SQUARE[3], SQUARE[0]]


def shifted(ring, lon=0, lat=0):
    """The ring moved by whole micro-degrees (exact decimal text, six decimals)."""
    return [[f"{float(x) + lon:.6f}", f"{float(y) + lat:.6f}"] for x, y in ring]


def _coords(ring) -> str:
    return "[" + ",".join(f"[{x},{y}]" for x, y in ring) + "]"


def feature(geometry: str, **properties) -> str:
    return '{"type":"Feature","properties":' + json.dumps(properties, ensure_ascii=False) + ',"geometry":' + \
        geometry + "}"


def polygon(ring) -> str:
    return '{"type":"Polygon","coordinates":[' + _coords(ring) + "]}"


def point(lon: str, lat: str) -> str:
    return '{"type":"Point","coordinates":[' + lon + "," + lat + "]}"


def geojson(path: Path, *features: str) -> Path:
    path.write_text('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}", encoding="utf-8")
    return path


def kml_placemark(name: str, ring=None, point_=None, line=None, **data) -> str:
    extended = "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in data.items())
    if ring is not None:
        shape = ("<Polygon><outerBoundaryIs><LinearRing><coordinates>"
                 + " ".join(f"{x},{y},0" for x, y in ring) + "</coordinates></LinearRing></outerBoundaryIs></Polygon>")
    elif line is not None:
        shape = "<LineString><coordinates>" + " ".join(f"{x},{y}" for x, y in line) + "</coordinates></LineString>"
    else:
        shape = f"<Point><coordinates>{point_[0]},{point_[1]},0</coordinates></Point>"
    return (f"<Placemark><name>{name}</name><ExtendedData>{extended}</ExtendedData>{shape}</Placemark>")


def kml(path: Path, *placemarks: str) -> Path:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
                    "<Document>" + "".join(placemarks) + "</Document></kml>", encoding="utf-8")
    return path


def kmz(path: Path, *placemarks: str) -> Path:
    inner = kml(path.with_suffix(".kml"), *placemarks)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(inner, "doc.kml")
    inner.unlink()
    return path


def gpx(path: Path, waypoints=(), tracks=()) -> Path:
    """``waypoints``: (name, lat, lon, time); ``tracks``: (name, [(lat, lon, time)...])."""
    body = "".join(f'<wpt lat="{lat}" lon="{lon}"><time>{t}</time><name>{n}</name></wpt>'
                   for n, lat, lon, t in waypoints)
    body += "".join("<trk><name>" + n + "</name><trkseg>" + "".join(
        f'<trkpt lat="{lat}" lon="{lon}"><ele>210</ele><time>{t}</time></trkpt>' for lat, lon, t in points)
        + "</trkseg></trk>" for n, points in tracks)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="GPS Fields Area Measure" '
                    'xmlns="http://www.topografix.com/GPX/1/1">' + body + "</gpx>", encoding="utf-8")
    return path
