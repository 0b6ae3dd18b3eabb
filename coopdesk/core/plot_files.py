"""Field-mapping files read into ``MappedPlot`` records (coopdesk.domain.geolocation).

What phone apps for field mapping export (docs/traceability.md):

- GeoJSON (RFC 7946): a FeatureCollection, a Feature or a bare geometry; each
  Point or Polygon feature is a plot, its properties name the member, the plot,
  the crop and the rest.
- KML, or KMZ (KML zipped): each Placemark with a Point or Polygon (a
  LineString, a walked outline, is closed by coopdesk), ExtendedData as properties.
- GPX: each waypoint is a plot's point, each track or route a walked outline;
  the first time stamp is the date the plot was mapped.
- CSV or XLSX with latitude and longitude columns: one row is a point; rows
  that share a member and a plot name are the outline's vertices, in order
  (the last need not repeat the first).

Numbers are read as ``Decimal`` exactly as written, so their decimals can be
counted. XML is read with the standard library; a file that declares entities
(a DOCTYPE) is refused: no mapping app writes one.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Mapping
from xml.etree import ElementTree

from coopdesk.core.errors import N_, BookError, Problem
from coopdesk.core.sheets import MAX_FILE_BYTES, _chunks, _regular_file, read_rows
from coopdesk.domain.catalog import Crop
from coopdesk.domain.geolocation import POINT, POLYGON, MappedPlot
from coopdesk.domain.tabular import Column, build_table, cell_date, cell_decimal, cell_text, decimal_marks, header_key
from coopdesk.domain.text import search_fold

GEOJSON, KML, KMZ, GPX, TABLE = "geojson", "kml", "kmz", "gpx", "table"
KINDS = {".geojson": GEOJSON, ".json": GEOJSON, ".kml": KML, ".kmz": KMZ, ".gpx": GPX,
         ".csv": TABLE, ".txt": TABLE, ".tsv": TABLE, ".xlsx": TABLE, ".xlsm": TABLE}

# the properties (GeoJSON, KML) and columns (CSV) a plot may carry, with the titles apps use
COLUMNS = (
    Column("member", "Socio", ("codigo socio", "codigo del socio", "member", "member code", "member_code",
                               "socio codigo", "cod socio")),
    Column("name", "Parcela", ("nombre", "name", "plot", "nombre parcela", "plot name", "parcela nombre")),
    Column("crop", "Cultivo", ("crop",)),
    Column("hectares", "Hectáreas", ("ha", "hectareas declaradas", "area ha", "hectares", "superficie",
                                    "superficie ha", "area declarada")),
    Column("yield", "Rendimiento kg/ha", ("rendimiento", "yield", "rendimiento estimado")),
    Column("tenure", "Documento de tenencia", ("tenencia", "documento", "titulo", "land tenure", "tenure",
                                               "documento tenencia", "titulo propiedad")),
    Column("mapped", "Fecha de mapeo", ("fecha", "fecha mapeo", "mapped", "mapped on", "date", "mapeo")),
    Column("lat", "Latitud", ("lat", "latitude", "y")),
    Column("lon", "Longitud", ("lon", "lng", "long", "longitude", "x")),
)
_KEYS = {header_key(alias): c.key for c in COLUMNS for alias in (c.header, *c.aliases)}
_CROPS = {search_fold(c.value): c.value for c in Crop} | {"cocoa": "cacao", "coffee": "cafe", "cafe": "cafe"}


def read_plot_file(path: str | Path) -> tuple[str, list[MappedPlot]]:
    """The file's kind and its plots; a file that cannot be read raises ``BookError``."""
    path = Path(path)
    _regular_file(path)
    kind = KINDS.get(path.suffix.lower()) or _sniff(path)
    if kind == TABLE:
        return kind, _table_plots(path)
    data = b"".join(_chunks(path))
    if kind == KMZ:
        data = _kml_in_kmz(path, data)
    if kind == GEOJSON:
        return kind, _geojson_plots(path, data)
    return kind, (_kml_plots if kind in (KML, KMZ) else _gpx_plots)(path, _xml(path, data))


def _sniff(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(4096)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"PK"):
        return KMZ
    if text.startswith(b"{"):
        return GEOJSON
    if b"<kml" in head:
        return KML
    if b"<gpx" in head:
        return GPX
    return TABLE


def _unreadable(path: Path, what: str, reason: Problem | None = None) -> BookError:
    return BookError(N_("No se pudo leer el archivo %(file)s como %(kind)s: %(reason)s. Expórtelo de nuevo desde "
                        "el aplicativo de mapeo."), file=path.name, kind=what,
                     reason=reason or Problem("", N_("no tiene la forma de ese tipo de archivo")))


def _at_line(line: int) -> Problem:
    return Problem("", N_("está dañado en la línea %(n)s"), {"n": line})


# -- GeoJSON ------------------------------------------------------------------


def _geojson_plots(path: Path, data: bytes) -> list[MappedPlot]:
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_float=Decimal, parse_int=Decimal)
    except UnicodeDecodeError:
        raise _unreadable(path, "GeoJSON", Problem("", N_("no está escrito en UTF-8"))) from None
    except json.JSONDecodeError as exc:
        raise _unreadable(path, "GeoJSON", _at_line(exc.lineno)) from None
    if not isinstance(doc, dict):
        raise _unreadable(path, "GeoJSON")
    crs = doc.get("crs")
    if crs is not None:
        name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        if not any(code in name.upper() for code in ("CRS84", "4326")):
            raise BookError(N_("El archivo %(file)s declara el sistema de coordenadas %(crs)s; coopdesk lee "
                               "coordenadas en WGS 84 (longitud, latitud en grados). Expórtelo en WGS 84 "
                               "(EPSG:4326)."), file=path.name, crs=name or "?")
    kind = doc.get("type")
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise _unreadable(path, "GeoJSON")
    elif kind == "Feature":
        features = [doc]
    else:
        features = [{"type": "Feature", "geometry": doc, "properties": {}}]
    plots = []
    for number, feature in enumerate(features, start=1):
        place = Problem("", N_("elemento %(n)s"), {"n": number})
        if not isinstance(feature, dict):
            plots.append(MappedPlot(place, "", (), problems=(Problem("geometry", N_("no es un elemento GeoJSON.")),)))
            continue
        properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        geometry = feature.get("geometry")
        plots.append(_with_properties(_geojson_geometry(place, geometry), properties))
    return plots


def _geojson_geometry(place: Problem, geometry) -> MappedPlot:
    if not isinstance(geometry, dict):
        return MappedPlot(place, "", (), problems=(Problem("geometry", N_("no tiene geometría.")),))
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind in ("MultiPolygon", "MultiPoint") and isinstance(coordinates, list) and len(coordinates) == 1:
        kind, coordinates = kind[5:], coordinates[0]
    try:
        if kind == POINT:
            return MappedPlot(place, POINT, ((_position(coordinates),),))
        if kind == POLYGON:
            return MappedPlot(place, POLYGON, tuple(tuple(_position(p) for p in ring) for ring in coordinates))
    except (TypeError, ValueError, InvalidOperation):
        return MappedPlot(place, str(kind), (), problems=(Problem("geometry", N_(
            "sus coordenadas no se pueden leer: cada punto es [longitud, latitud] en números.")),))
    return MappedPlot(place, str(kind), (), problems=(Problem("geometry", N_(
        "es un %(kind)s; una parcela es un punto (Point) o un polígono (Polygon). Si son varias partes, "
        "regístrelas como parcelas distintas."), {"kind": str(kind)}),))


def _position(value) -> tuple[Decimal, Decimal]:
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise ValueError(value)
    lon, lat = (Decimal(v) if isinstance(v, Decimal) else Decimal("nan") for v in value[:2])
    if not (lon.is_finite() and lat.is_finite()):
        raise ValueError(value)
    return lon, lat


# -- properties (GeoJSON, KML) ----------------------------------------------


def _with_properties(plot: MappedPlot, properties: Mapping[str, object]) -> MappedPlot:
    cells = {}
    for name, value in properties.items():
        key = _KEYS.get(header_key(str(name)))
        if key and key not in cells and value not in (None, ""):
            cells[key] = value if isinstance(value, Decimal) else str(value)
    return _with_cells(plot, cells)


def _with_cells(plot: MappedPlot, cells: Mapping[str, object], mark: str | None = ".") -> MappedPlot:
    problems = list(plot.problems)
    values: dict[str, object] = {}
    if cells.get("member") is not None:
        values["member_code"] = cell_text(cells["member"]).strip()
    if cells.get("name") is not None:
        values["name"] = cell_text(cells["name"]).strip()
    if cells.get("crop") is not None:
        crop = _CROPS.get(search_fold(cell_text(cells["crop"]).strip()))
        if crop is None:
            problems.append(Problem("crop", N_("el cultivo «%(text)s» no es cacao, cafe ni copoazu."),
                                    {"text": cell_text(cells["crop"])}))
        values["crop"] = crop or ""
    for key, field_ in (("hectares", "hectares"), ("yield", "yield_kg_per_ha")):
        if cells.get(key) not in (None, ""):
            number, found = cell_decimal(cells[key], field_, mark)
            problems += found
            values[field_] = None if found else number
    if cells.get("tenure") is not None:
        values["tenure_document"] = cell_text(cells["tenure"]).strip()
    if cells.get("mapped") not in (None, ""):
        values["mapped_on"], found = _date(cells["mapped"])
        problems += found
    return replace(plot, problems=tuple(problems), **values)


def _date(cell) -> tuple[date | None, list[Problem]]:
    """A date as apps write it: 31/12/2026, 2026-12-31 or an ISO time stamp (its day)."""
    text = cell_text(cell).strip() if not isinstance(cell, date) else cell
    if isinstance(text, str) and len(text) > 10 and text[4:5] == "-" and text[10:11] in ("T", " "):
        text = text[:10]
    return cell_date(text, "mapped_on")


# -- KML, KMZ, GPX -------------------------------------------------------------


def _kml_in_kmz(path: Path, data: bytes) -> bytes:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as kmz:
            names = [i for i in kmz.infolist() if i.filename.lower().endswith(".kml")]
            if not names:
                raise _unreadable(path, "KMZ", Problem("", N_("no contiene un archivo .kml")))
            entry = next((i for i in names if i.filename.lower() == "doc.kml"), names[0])
            if entry.file_size > MAX_FILE_BYTES:
                raise _unreadable(path, "KMZ", Problem("", N_("su archivo .kml es demasiado grande")))
            return kmz.read(entry)
    except (zipfile.BadZipFile, OSError, RuntimeError):
        raise _unreadable(path, "KMZ") from None


def _xml(path: Path, data: bytes) -> ElementTree.Element:
    kind = "GPX" if b"<gpx" in data[:4096] else "KML"
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _unreadable(path, kind, Problem("", N_("declara entidades XML (DOCTYPE)")))
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise _unreadable(path, kind, _at_line(exc.position[0])) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [e for e in element if _local(e.tag) == name]


def _descendants(element, name: str) -> list:
    return [e for e in element.iter() if _local(e.tag) == name]


def _text(element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _kml_coordinates(text: str | None) -> tuple[tuple[Decimal, Decimal], ...]:
    """KML's ``lon,lat[,alt]`` tuples separated by white space."""
    result = []
    for item in (text or "").split():
        parts = item.split(",")
        if len(parts) not in (2, 3):
            raise ValueError(item)
        lon, lat = Decimal(parts[0]), Decimal(parts[1])
        if not (lon.is_finite() and lat.is_finite()):
            raise ValueError(item)
        result.append((lon, lat))
    return tuple(result)


def _kml_plots(path: Path, root) -> list[MappedPlot]:
    plots = []
    for number, placemark in enumerate(_descendants(root, "Placemark"), start=1):
        place = Problem("", N_("marca %(n)s"), {"n": number})
        properties: dict[str, object] = {"name": _text(placemark, "name")}
        for data in _descendants(placemark, "Data"):
            properties[data.get("name", "")] = _text(data, "value")
        for data in _descendants(placemark, "SimpleData"):
            properties[data.get("name", "")] = (data.text or "").strip()
        when = next((e.text for e in _descendants(placemark, "when") if e.text), None)
        if when:
            properties.setdefault("mapped", when)
        plots.append(_with_properties(_kml_geometry(place, placemark), properties))
    return plots


def _kml_geometry(place: Problem, placemark) -> MappedPlot:
    shapes = [e for e in placemark.iter() if _local(e.tag) in ("Point", "Polygon", "LineString")]
    if len(shapes) != 1:
        message = (N_("no tiene geometría.") if not shapes else
                   N_("tiene %(n)s geometrías; una parcela es un punto o un polígono. Si son varias partes, "
                      "regístrelas como parcelas distintas."))
        return MappedPlot(place, "", (), problems=(Problem("geometry", message, {"n": len(shapes)}),))
    geometry = shapes[0]
    kind = _local(geometry.tag)
    try:
        if kind == POINT:
            return MappedPlot(place, POINT, (_kml_coordinates(_descendants(geometry, "coordinates")[0].text)[:1],))
        if kind == "LineString":
            return MappedPlot(place, POLYGON, (_kml_coordinates(_descendants(geometry, "coordinates")[0].text),),
                              closes=True)
        rings = [_kml_coordinates(_descendants(b, "coordinates")[0].text)
                 for which in ("outerBoundaryIs", "innerBoundaryIs") for b in _descendants(geometry, which)]
        return MappedPlot(place, POLYGON, tuple(rings))
    except (IndexError, ValueError, InvalidOperation):
        return MappedPlot(place, kind, (), problems=(Problem("geometry", N_(
            "sus coordenadas no se pueden leer: KML escribe cada punto como longitud,latitud[,altura].")),))


def _gpx_point(element) -> tuple[Decimal, Decimal]:
    lon, lat = Decimal(element.get("lon", "nan")), Decimal(element.get("lat", "nan"))
    if not (lon.is_finite() and lat.is_finite()):
        raise ValueError(element)
    return lon, lat


def _gpx_plots(path: Path, root) -> list[MappedPlot]:
    plots = []
    waypoints = _children(root, "wpt")
    outlines = [(N_("recorrido %(n)s"), t, [p for seg in _children(t, "trkseg") for p in _children(seg, "trkpt")])
                for t in _children(root, "trk")]
    outlines += [(N_("ruta %(n)s"), r, _children(r, "rtept")) for r in _children(root, "rte")]
    items = [(N_("punto %(n)s"), w, [w]) for w in waypoints] + outlines
    counters: dict[str, int] = {}
    for message, element, points in items:
        counters[message] = counters.get(message, 0) + 1
        place = Problem("", message, {"n": counters[message]})
        try:
            ring = tuple(_gpx_point(p) for p in points)
        except (ValueError, InvalidOperation):
            plots.append(MappedPlot(place, "", (), problems=(Problem("geometry", N_(
                "sus coordenadas no se pueden leer (atributos lat y lon).")),)))
            continue
        properties = {"name": _text(element, "name")}
        when = next((_text(p, "time") for p in points if _text(p, "time")), "")
        if when:
            properties["mapped"] = when
        if element.tag.endswith("wpt"):
            plot = MappedPlot(place, POINT, (ring,))
        else:
            plot = MappedPlot(place, POLYGON, (ring,), closes=True)
        plots.append(_with_properties(plot, properties))
    return plots


# -- CSV and XLSX --------------------------------------------------------------


def _table_plots(path: Path) -> list[MappedPlot]:
    table = build_table(read_rows(path), COLUMNS)
    if table.problems and not table.rows:
        raise BookError(table.problems[0].problem.message, **dict(table.problems[0].problem.params))
    if not (table.has("lat") and table.has("lon")):
        raise BookError(N_("El archivo %(file)s no tiene columnas de latitud y longitud (títulos como «Latitud» y "
                           "«Longitud», o «lat» y «lon»)."), file=path.name)
    marks = decimal_marks(table.rows, ("lat", "lon", "hectares", "yield"))
    groups: dict[tuple[str, str], list] = {}
    for row in table.rows:
        name = cell_text(row.cells.get("name")).strip()
        key = (search_fold(cell_text(row.cells.get("member")).strip()), search_fold(name)) if name else (
            "", f"#{row.number}")
        groups.setdefault(key, []).append(row)
    plots = []
    for rows in groups.values():
        first = rows[0]
        place = Problem("", N_("fila %(n)s") if len(rows) == 1 else N_("filas %(n)s a %(last)s"),
                        {"n": first.number, "last": rows[-1].number})
        ring, problems = [], []
        for row in rows:
            lat, found_lat = cell_decimal(row.cells.get("lat") or "", "lat", marks.get("lat"))
            lon, found_lon = cell_decimal(row.cells.get("lon") or "", "lon", marks.get("lon"))
            if found_lat or found_lon:
                problems.append(Problem("geometry", N_("la fila %(n)s no tiene una latitud y una longitud en "
                                                       "números."), {"n": row.number}))
                continue
            ring.append((lon, lat))
        kind = POINT if len(rows) == 1 else POLYGON
        if kind == POLYGON and len(ring) > 2 and ring[0] != ring[-1]:
            ring.append(ring[0])  # a list of vertices: its last row need not repeat the first
        plot = MappedPlot(place, kind if not problems else "", (tuple(ring),) if not problems else (),
                          problems=tuple(problems))
        plots.append(_with_cells(plot, {k: v for k, v in first.cells.items() if k not in ("lat", "lon")},
                                 marks.get("hectares") or "."))
    return plots


def kind_label(kind: str) -> str:
    return {GEOJSON: "GeoJSON", KML: "KML", KMZ: "KMZ", GPX: "GPX", TABLE: "CSV"}.get(kind, kind)


__all__ = ["read_plot_file", "kind_label", "COLUMNS"]
