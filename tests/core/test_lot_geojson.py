"""The file for the EU buyer: field names, geometry types, coordinate order,
decimals and size, as the EU information system's GeoJSON description asks;
only the personal data the lot needs (Ley 29733)."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from coopdesk.core import InvalidInput
from coopdesk.domain import eudr
from coopdesk.i18n import describe
from tests.conftest import cacao
from tests.core.test_lots import cooperative_with_lots

D = Decimal
NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


def check_eu_file(text: str) -> dict:
    """Every rule the buyer's file must keep; the parsed file."""
    assert text.isascii()
    data = json.loads(text)
    assert set(data) == {"type", "features"} and data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert set(feature) == {"type", "properties", "geometry"} and feature["type"] == "Feature"
        kind = feature["geometry"]["type"]
        assert kind in ("Point", "Polygon")
        expected = {"ProducerName", "ProducerCountry", "ProductionPlace"} | ({"Area"} if kind == "Point" else set())
        assert set(feature["properties"]) == expected
        assert feature["properties"]["ProducerCountry"] == "PE"
        positions = [feature["geometry"]["coordinates"]] if kind == "Point" else feature["geometry"]["coordinates"][0]
        if kind == "Polygon":
            assert len(feature["geometry"]["coordinates"]) == 1          # the outer ring only
            assert len(positions) >= 4 and positions[0] == positions[-1]
        for lon, lat in positions:                                       # [longitude, latitude], in Peru
            assert -81.33 <= lon <= -68.65 and -18.36 <= lat <= -0.02
    coordinates = re.findall(r'"coordinates":(\[[^A-Za-z"]*\])', text)
    assert coordinates and all(len(m.group(1) or "") == 6 for c in coordinates for m in NUMBER.finditer(c))
    return data


def test_the_sales_file_holds_every_plot_in_the_eu_form_and_only_what_the_lot_needs(sqlite_book, tmp_path):
    sale = cooperative_with_lots(sqlite_book, tmp_path)
    files = sqlite_book.lots.geojson(sale_id=sale)
    assert (len(files.texts), files.plots, files.holes) == (1, 2, 0)
    data = check_eu_file(files.texts[0])
    assert [f["properties"] for f in data["features"]] == [
        {"ProducerName": "S0001", "ProducerCountry": "PE", "ProductionPlace": "S0001-P1"},
        {"ProducerName": "S0004", "ProducerCountry": "PE", "ProductionPlace": "S0004-P2", "Area": 2.5}]
    assert files.texts[0].split('"geometry":')[1].startswith(
        '{"type":"Polygon","coordinates":[[[-69.180000,-12.590000],[-69.179000,-12.590000],'
        '[-69.179000,-12.589000],[-69.180000,-12.589000],[-69.180000,-12.590000]]]}')
    assert '"coordinates":[-69.150123,-12.600456]' in files.texts[0]
    assert "Rosa" not in files.texts[0] and "41234567" not in files.texts[0]   # no names, no DNI
    named = sqlite_book.lots.geojson("L-BABA", names=True)
    assert [f["properties"]["ProducerName"] for f in check_eu_file(named.texts[0])["features"]] == [
        "Quispe Mamani, Rosa", "Ramos Torres, Luis"]


def test_a_file_above_the_limit_is_split_and_every_part_stays_under_it():
    places = [eudr.Place(f"S{n:04d}", f"S{n:04d}-P{n}", '{"type":"Point","coordinates":[-69.1501234,-12.6004565]}',
                         D("1.25")) for n in range(1, 101)]
    one, _holes, problems = eudr.collections(places)
    assert problems == [] and len(one) == 1
    size = len(one[0])
    texts, _holes, problems = eudr.collections(places, limit=size // 3)
    assert problems == [] and len(texts) == 4
    assert all(len(t) <= size // 3 for t in texts)
    features = [f for t in texts for f in check_eu_file(t)["features"]]
    assert [f["properties"]["ProducerName"] for f in features] == [p.producer for p in places]
    assert features[0]["geometry"]["coordinates"] == [-69.150123, -12.600456]   # rounded half even to 6
    assert '"Area":1.25' in texts[0]


def test_a_polygons_hole_is_left_out_and_counted():
    ring = "[[-69.18,-12.59],[-69.17,-12.59],[-69.17,-12.58],[-69.18,-12.58],[-69.18,-12.59]]"
    hole = "[[-69.176,-12.586],[-69.174,-12.586],[-69.174,-12.584],[-69.176,-12.584],[-69.176,-12.586]]"
    texts, holes, _ = eudr.collections([eudr.Place("S0001", "S0001-P1", '{"type":"Polygon","coordinates":['
                                                   + ring + "," + hole + "]}", D("100"))])
    assert holes == 1
    assert check_eu_file(texts[0])["features"][0]["geometry"]["coordinates"][0][1] == [-69.17, -12.59]
    assert "[-69.170000,-12.590000]" in texts[0]


def test_a_lot_with_a_ticket_without_plot_or_a_plot_without_location_is_refused(sqlite_book, tmp_path):
    cooperative_with_lots(sqlite_book, tmp_path)
    from coopdesk.domain.plots import PlotInput

    sqlite_book.plots.add_plot("S0003", PlotInput("cacao", D("1.00"), D("2000"), "Sin mapa"))
    sqlite_book.deliveries.record(cacao("001-000004", member_code="S0002", date=date(2026, 3, 6),
                                        certification="organico", certification_note="Parcela en conversión"))
    sqlite_book.deliveries.record(cacao("001-000005", member_code="S0003", date=date(2026, 3, 6),
                                        certification="organico", certification_note="Lote aparte"))
    sqlite_book.lots.create("L-OTRO", "CACAO-SECO", "organico", date(2026, 3, 12))
    sqlite_book.lots.add_ticket("L-OTRO", "001-000004")
    sqlite_book.lots.add_ticket("L-OTRO", "001-000005")
    with pytest.raises(InvalidInput) as caught:
        sqlite_book.lots.geojson("L-OTRO")
    assert [describe(p) for p in caught.value.problems] == [
        "El ticket 001-000004 de Condori Apaza, Juan (S0002) en el lote L-OTRO no dice de qué parcela viene.",
        "La parcela «Sin mapa» (n.° 3) de Huamán Flores, Carmen (S0003) no tiene ubicación: mapéela e impórtela "
        "antes."]
