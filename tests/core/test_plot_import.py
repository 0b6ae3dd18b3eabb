"""Plots' geolocation imported from field-mapping files (GeoJSON, KML, KMZ, GPX, CSV):
what is stored, each Spanish refusal, and the book untouched after one."""

from datetime import date
from decimal import Decimal

import pytest

from coopdesk.core import InvalidInput
from coopdesk.core.errors import BookError
from coopdesk.core.plot_import import ImportOptions
from coopdesk.domain.plots import PlotInput
from coopdesk.i18n import describe
from tests.core.plot_files import (
    BIG,
    BOWTIE,
    SQUARE,
    feature,
    geojson,
    gpx,
    kml,
    kml_placemark,
    kmz,
    point,
    polygon,
    shifted,
)

D = Decimal
CACAO = ImportOptions(crop="cacao", yield_kg_per_ha=D("600"))
SQUARE_TEXT = ('{"type":"Polygon","coordinates":[[[-69.180000,-12.590000],[-69.179000,-12.590000],'
               '[-69.179000,-12.589000],[-69.180000,-12.589000],[-69.180000,-12.590000]]]}')


def refused(book, path, options=CACAO) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        book.plots.import_file(path, options)
    return [describe(p) for p in caught.value.problems]


def stored(book):
    return [(p.member_code, p.name, p.crop, p.hectares, p.geometry, p.area_m2, p.tenure_document, p.mapped_on,
             p.geometry_source) for p in book.plots.all_plots()]


# -- each kind of file ------------------------------------------------------------


def test_a_geojson_polygon_and_point_are_stored_as_written_with_their_geodesic_area(book, tmp_path):
    path = geojson(tmp_path / "parcelas.geojson",
                   feature(polygon(SQUARE), Socio="S0001", Nombre="La Loma", Cultivo="Cacao", Rendimiento=600,
                           Documento="Constancia de posesión 123-2024", fecha="2026-03-01"),
                   feature(point("-69.150123", "-12.600456"), socio="s0002", parcela="El Bajo", crop="cafe",
                           hectareas="2.5", Rendimiento=800))
    result = book.plots.import_file(path)
    assert result.file_kind == "GeoJSON" and result.warnings == ()
    assert [(p.member_code, p.name, p.kind, p.hectares, p.measured_ha, p.new) for p in result.plots] == [
        ("S0001", "La Loma", "Polygon", D("1.20"), D("1.20"), True),
        ("S0002", "El Bajo", "Point", D("2.50"), None, True)]
    assert stored(book) == [
        ("S0001", "La Loma", "cacao", D("1.20"), SQUARE_TEXT, 12021, "Constancia de posesión 123-2024",
         date(2026, 3, 1), "parcelas.geojson"),
        ("S0002", "El Bajo", "cafe", D("2.50"), '{"type":"Point","coordinates":[-69.150123,-12.600456]}', None, "",
         None, "parcelas.geojson")]
    rosa = book.plots.plots("S0001")[0]
    assert (rosa.geometry_kind, rosa.position, rosa.vertices, rosa.estimate_kg) == (
        "Polygon", ("-12.590000", "-69.180000"), 4, D("720.000"))


def test_a_kml_placemark_gives_its_polygon_to_the_members_plot_of_that_name(book, tmp_path):
    book.plots.add_plot("S0001", PlotInput("cacao", D("1.25"), D("600"), "La Loma"))
    path = kml(tmp_path / "rosa.kml", kml_placemark("la loma", ring=SQUARE, Socio="S0001",
                                                     Tenencia="Título SUNARP P12345"))
    result = book.plots.import_file(path, ImportOptions(mapped_on=date(2026, 2, 14)))
    assert [(p.name, p.hectares, p.measured_ha, p.new) for p in result.plots] == [("la loma", D("1.25"), D("1.20"),
                                                                                   False)]
    assert stored(book) == [("S0001", "La Loma", "cacao", D("1.25"), SQUARE_TEXT, 12021, "Título SUNARP P12345",
                             date(2026, 2, 14), "rosa.kml")]
    # mapped once, the plot is not remapped behind anyone's back
    assert refused(book, path) == [
        "Parcela «la loma» (marca 1): la parcela «La Loma» del socio ya tiene su ubicación (importada de rosa.kml); "
        "coopdesk no la reemplaza."]


def test_a_kmz_with_a_walked_line_is_closed_with_a_warning(sqlite_book, tmp_path):
    path = kmz(tmp_path / "carmen.kmz", kml_placemark("Chacra", line=BIG[:-1], Socio="S0003", Hectareas="4.8"))
    result = sqlite_book.plots.import_file(path, CACAO)
    assert result.file_kind == "KMZ"
    assert [(p.member_code, p.kind, p.hectares, p.measured_ha) for p in result.plots] == [
        ("S0003", "Polygon", D("4.80"), D("4.81"))]
    assert [describe(w) for w in result.warnings] == [
        "Parcela «Chacra» (marca 1): el recorrido no volvía a su primer punto; coopdesk cerró el contorno uniendo el "
        "último punto con el primero."]
    assert sqlite_book.plots.all_plots()[0].area_m2 == 48083


def test_a_gpx_waypoint_and_track_with_the_member_given_and_the_day_they_were_walked(sqlite_book, tmp_path):
    track = [(y, x, f"2026-02-04T09:0{i}:00Z") for i, (x, y) in enumerate(shifted(SQUARE[:-1], lon=0.01))]
    path = gpx(tmp_path / "juan.gpx", waypoints=[("Pozo", "-12.600000", "-69.100000", "2026-02-03T10:00:00Z")],
               tracks=[("Borde", track)])
    with pytest.raises(InvalidInput):  # the waypoint says no hectares
        sqlite_book.plots.import_file(path, ImportOptions(member_code="S0002", crop="cacao",
                                                          yield_kg_per_ha=D("500")))
    path = gpx(tmp_path / "juan.gpx", tracks=[("Borde", track)])
    result = sqlite_book.plots.import_file(path, ImportOptions(member_code="S0002", crop="cacao",
                                                               yield_kg_per_ha=D("500")))
    assert result.file_kind == "GPX"
    assert [(p.member_code, p.name, p.geometry_kind, p.vertices, p.area_m2, p.mapped_on, p.hectares)
            for p in sqlite_book.plots.all_plots()] == [
        ("S0002", "Borde", "Polygon", 4, 12021, date(2026, 2, 4), D("1.20"))]


def test_a_csv_of_points_and_vertices_with_semicolons_and_decimal_commas(sqlite_book, tmp_path):
    rows = ["Socio;Parcela;Latitud;Longitud;Cultivo;Hectáreas;Rendimiento;Fecha de mapeo"]
    rows += [f"S0001;Alta;{y.replace('.', ',')};{x.replace('.', ',')};cacao;1,2;600;05/03/2026"
             for x, y in SQUARE[:-1]]
    rows += ["S0003;Baja;-12,500000;-69,300000;copoazu;0,75;900;"]
    path = tmp_path / "parcelas.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = sqlite_book.plots.import_file(path)
    assert result.file_kind == "CSV" and result.warnings == ()
    assert stored(sqlite_book) == [
        ("S0001", "Alta", "cacao", D("1.20"), SQUARE_TEXT, 12021, "", date(2026, 3, 5), "parcelas.csv"),
        ("S0003", "Baja", "copoazu", D("0.75"), '{"type":"Point","coordinates":[-69.300000,-12.500000]}', None,
         "", None, "parcelas.csv")]


# -- broken files: each refusal in Spanish, and nothing stored ----------------------


def test_a_broken_geojson_is_refused_whole_naming_every_plots_problem(book, tmp_path):
    book.plots.add_plot("S0001", PlotInput("cacao", D("2.50"), D("600"), "Vieja"))
    before = stored(book)
    path = geojson(
        tmp_path / "malas.geojson",
        feature(polygon(shifted(SQUARE, lat=-0.01)), Socio="S0001", Nombre="Buena"),
        feature(polygon(SQUARE[:-1]), Socio="S0001", Nombre="Abierta"),
        feature(polygon(BOWTIE), Socio="S0002", Nombre="Ocho"),
        feature(point("-12.590000", "-69.180000"), Socio="S0002", Nombre="Volteada", ha=1),
        feature(point("-68.150000", "-16.500000"), Socio="S0002", Nombre="La Paz", ha=1),
        feature(polygon([["-69.180000", "-12.590000"], ["-68.500000", "-12.590000"], ["-68.500000", "-12.580000"],
                         ["-69.180000", "-12.590000"]]), Socio="S0002", Nombre="Cruza"),
        feature(point("-69.2", "-12.6"), Socio="S0002", Nombre="Redondeada", ha=1),
        feature(point("-69.170000", "-12.570000"), Socio="S0002", Nombre="Grande", ha=5),
        feature(point("-69.160000", "-12.570000"), Socio="S0009", ha=1))
    assert refused(book, path) == [
        "Parcela «Abierta» (elemento 2): el contorno no está cerrado: su último punto (-12.589000, -69.180000) debe "
        "repetir el primero (-12.590000, -69.180000).",
        "Parcela «Ocho» (elemento 3): su contorno se cruza a sí mismo cerca de -12.589500, -69.179500 (latitud, "
        "longitud): los vértices no siguen el borde en orden. Vuelva a mapearla recorriendo el borde en un solo "
        "sentido.",
        "Parcela «Volteada» (elemento 4): la latitud y la longitud están invertidas: el punto -69.180000, -12.590000 "
        "(latitud, longitud) cae fuera del Perú, y leído al revés (-12.590000, -69.180000) cae en el Perú. GeoJSON y "
        "KML escriben primero la longitud y luego la latitud; en un CSV, revise los títulos de las columnas de "
        "latitud y longitud.",
        "Parcela «La Paz» (elemento 5): su punto -16.500000, -68.150000 (latitud, longitud) cae fuera del Perú, que "
        "va de -18.36 a -0.02 de latitud y de -81.33 a -68.65 de longitud.",
        "Parcela «Cruza» (elemento 6): 2 de sus 4 vértices caen fuera del Perú, por ejemplo -12.590000, -68.500000 "
        "(latitud, longitud); el Perú va de -18.36 a -0.02 de latitud y de -81.33 a -68.65 de longitud.",
        "Parcela «Redondeada» (elemento 7): sus coordenadas tienen menos de 6 decimales (por ejemplo -12.6, -69.2); "
        "el Reglamento (UE) 2023/1115 pide al menos 6. Exporte el archivo del aplicativo sin redondear.",
        "Parcela «Grande» (elemento 8): declara 5.00 ha y es un punto: sobre 4 ha el Reglamento (UE) 2023/1115 pide "
        "el polígono de su contorno.",
        "Parcela sin nombre (elemento 9): no existe el socio con código S0009.",
    ]
    assert stored(book) == before  # «Buena» was fine, and is not stored either


def test_a_kml_with_an_unclosed_ring_and_a_csv_with_swapped_columns(sqlite_book, tmp_path):
    path = kml(tmp_path / "abierta.kml", kml_placemark("Abierta", ring=SQUARE[:-1], Socio="S0001"))
    assert refused(sqlite_book, path) == [
        "Parcela «Abierta» (marca 1): el contorno no está cerrado: su último punto (-12.589000, -69.180000) debe "
        "repetir el primero (-12.590000, -69.180000)."]
    path = tmp_path / "volteada.csv"
    path.write_text("Socio,Parcela,Latitud,Longitud,Hectáreas\nS0001,Alta,-69.180000,-12.590000,1\n",
                    encoding="utf-8")
    assert refused(sqlite_book, path) == [
        "Parcela «Alta» (fila 2): la latitud y la longitud están invertidas: el punto -69.180000, -12.590000 "
        "(latitud, longitud) cae fuera del Perú, y leído al revés (-12.590000, -69.180000) cae en el Perú. GeoJSON y "
        "KML escriben primero la longitud y luego la latitud; en un CSV, revise los títulos de las columnas de "
        "latitud y longitud."]
    assert stored(sqlite_book) == []


def test_a_gpx_track_outside_peru_and_files_that_cannot_be_read(sqlite_book, tmp_path):
    bolivia = [(y, x, "2026-02-04T09:00:00Z") for x, y in shifted(SQUARE[:-1], lon=1.2)]
    path = gpx(tmp_path / "fuera.gpx", tracks=[("Fuera", bolivia)])
    assert refused(sqlite_book, path, ImportOptions("S0001", "cacao", D("600"))) == [
        "Parcela «Fuera» (recorrido 1): 4 de sus 4 vértices caen fuera del Perú, por ejemplo -12.590000, -67.980000 "
        "(latitud, longitud); el Perú va de -18.36 a -0.02 de latitud y de -81.33 a -68.65 de longitud."]
    bad = tmp_path / "rota.geojson"
    bad.write_text('{"type": "FeatureCollection",\n "features": [', encoding="utf-8")
    with pytest.raises(BookError) as caught:
        sqlite_book.plots.import_file(bad, CACAO)
    assert describe(caught.value.problem) == (
        "No se pudo leer el archivo rota.geojson como GeoJSON: está dañado en la línea 2. Expórtelo de nuevo desde "
        "el aplicativo de mapeo.")
    bomb = tmp_path / "entidades.kml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>', encoding="utf-8")
    with pytest.raises(BookError) as caught:
        sqlite_book.plots.import_file(bomb, CACAO)
    assert describe(caught.value.problem) == (
        "No se pudo leer el archivo entidades.kml como KML: declara entidades XML (DOCTYPE). Expórtelo de nuevo "
        "desde el aplicativo de mapeo.")
    assert stored(sqlite_book) == []


# -- area and overlap -------------------------------------------------------------


def test_the_measured_area_far_from_the_declared_hectares_warns_above_the_tolerance(sqlite_book, tmp_path):
    path = geojson(tmp_path / "a.geojson", feature(polygon(SQUARE), Socio="S0001", Nombre="A", ha="1.00"))
    result = sqlite_book.plots.import_file(path, CACAO, check_only=True)
    assert [describe(w) for w in result.warnings] == [
        "Parcela «A» (elemento 1): su contorno mide 1.20 ha y se declararon 1.00 ha: una diferencia de 20.0 %, más "
        "que la tolerancia de 10 %. Revise el mapeo o las hectáreas declaradas."]
    assert stored(sqlite_book) == []  # only checked
    sqlite_book.settings.set_plot_area_tolerance(D("20"))
    assert sqlite_book.plots.import_file(path, CACAO).warnings == ()  # 20.0 % is within 20 %
    with pytest.raises(InvalidInput):
        sqlite_book.settings.set_plot_area_tolerance(D("-1"))


def test_another_members_plot_may_not_overlap_but_the_same_members_may(book, tmp_path):
    book.plots.import_file(geojson(tmp_path / "rosa.geojson", feature(polygon(SQUARE), Socio="S0001",
                                                                       Nombre="La Loma")), CACAO)
    half = geojson(tmp_path / "juan.geojson", feature(polygon(shifted(SQUARE, lon=0.0005)), Socio="S0002",
                                                      Nombre="Vecina"))
    assert refused(book, half) == [
        "Parcela «Vecina» (elemento 1): se superpone con la parcela «La Loma» del socio S0001 en 6,010 m² (50.0 % "
        "de la menor)."]
    inside = geojson(tmp_path / "punto.geojson", feature(point("-69.179500", "-12.589500"), Socio="S0002",
                                                         Nombre="Pozo", ha="0.5"))
    assert refused(book, inside) == [
        "Parcela «Pozo» (elemento 1): su ubicación cae dentro de la parcela «La Loma» del socio S0001."]
    # a border mapped twice with a phone: 0.00001° (about 1 m) of overlap, 1 % of the plot, warns
    border = geojson(tmp_path / "borde.geojson", feature(polygon(shifted(SQUARE, lon=0.00099)), Socio="S0002",
                                                         Nombre="Lindero"))
    result = book.plots.import_file(border, CACAO)
    assert [describe(w) for w in result.warnings] == [
        "Parcela «Lindero» (elemento 1): se superpone con la parcela «La Loma» del socio S0001 en 120 m² (1.0 % de "
        "la menor)."]
    # the same member's cacao and copoazú grow on the same land (agroforestry): only Juan's border is named
    same = geojson(tmp_path / "copoazu.geojson", feature(polygon(SQUARE), Socio="S0001", Nombre="Copoazú"))
    assert [describe(w) for w in book.plots.import_file(
        same, ImportOptions(crop="copoazu", yield_kg_per_ha=D("900"))).warnings] == [
        "Parcela «Copoazú» (elemento 1): se superpone con la parcela «Lindero» del socio S0002 en 120 m² (1.0 % de "
        "la menor)."]
    assert [p.name for p in book.plots.all_plots()] == ["La Loma", "Copoazú", "Lindero"]


def test_two_members_overlapping_in_the_same_file_are_refused(sqlite_book, tmp_path):
    path = geojson(tmp_path / "dos.geojson", feature(polygon(SQUARE), Socio="S0001", Nombre="A"),
                   feature(polygon(SQUARE), Socio="S0002", Nombre="B"))
    assert refused(sqlite_book, path) == [
        "Parcela «B» (elemento 2): se superpone con la parcela «A» (elemento 1) del socio S0001 en 12,021 m² (100.0 % "
        "de la menor)."]
