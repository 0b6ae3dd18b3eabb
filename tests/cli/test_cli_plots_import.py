"""``coopdesk plots import`` and ``plots show``: a field-mapping file in, refusals with exit code 2."""

import json

from tests.cli.helpers import run
from tests.conftest import funded_book, make_book
from tests.core.plot_files import SQUARE, feature, geojson, point, polygon


def test_import_checks_then_stores_then_refuses_an_overlap_and_show_lists_them(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    path = geojson(tmp_path / "rosa.geojson",
                   feature(polygon(SQUARE), Nombre="La Loma", ha="1.00", Documento="Constancia 12-2024"),
                   feature(point("-69.150123", "-12.600456"), Nombre="El Pozo", ha="0.50"))
    options = ("--db", db, "--member", "S0001", "--crop", "cacao", "--yield", "600")
    code, out, err = run(capsys, "plots", "import", str(path), *options, "--check")
    assert code == 0
    assert out.splitlines()[-1] == ("2 parcelas de rosa.geojson (GeoJSON) están listas para importarse; no se "
                                    "guardó nada.")
    code, out, err = run(capsys, "plots", "show", "--db", db)
    assert (code, out) == (0, "No hay parcelas registradas.\n")

    code, out, err = run(capsys, "plots", "import", str(path), *options, "--mapped-on", "14/02/2026")
    assert code == 0
    assert err == ("Aviso: Parcela «La Loma» (elemento 1): su contorno mide 1.20 ha y se declararon 1.00 ha: una "
                   "diferencia de 20.0 %, más que la tolerancia de 10 %. Revise el mapeo o las hectáreas "
                   "declaradas.\n")
    lines = out.splitlines()
    assert lines[2].split() == ["S0001", "Parcela", "«La", "Loma»", "(elemento", "1)", "Cacao", "polígono", "1.00",
                                "1.20", "nueva"]
    assert lines[3].split() == ["S0001", "Parcela", "«El", "Pozo»", "(elemento", "2)", "Cacao", "punto", "0.50",
                                "nueva"]
    assert lines[-1] == "Se importaron 2 parcelas de rosa.geojson (GeoJSON)."

    code, out, err = run(capsys, "plots", "import", str(path), "--db", db, "--member", "S0002", "--crop", "cacao",
                         "--yield", "600")
    assert (code, out) == (2, "")
    assert err.splitlines()[-2:] == [
        "Error: Parcela «La Loma» (elemento 1): se superpone con la parcela «La Loma» del socio S0001 en 12,021 m² "
        "(100.0 % de la menor).",
        "Error: Parcela «El Pozo» (elemento 2): está en el mismo punto que la parcela «El Pozo» del socio S0001."]

    code, out, err = run(capsys, "plots", "show", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[2].split() == ["1", "S0001", "La", "Loma", "Cacao", "1.00", "1.20", "polígono", "de", "4",
                                "vértices", "-12.590000,", "-69.180000", "14/02/2026", "Constancia", "12-2024"]
    assert lines[3].split() == ["2", "S0001", "El", "Pozo", "Cacao", "0.50", "punto", "-12.600456,", "-69.150123",
                                "14/02/2026"]
    code, out, err = run(capsys, "plots", "show", "--db", db, "--geojson")
    collection = json.loads(out)
    assert [f["geometry"]["type"] for f in collection["features"]] == ["Polygon", "Point"]
    assert '"coordinates":[-69.150123,-12.600456]' in out  # six decimals as mapped


def test_a_file_without_member_codes_needs_member_and_an_unreadable_file_is_one_line(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    path = geojson(tmp_path / "sin_socio.geojson", feature(point("-69.150123", "-12.600456"), ha="1"))
    code, out, err = run(capsys, "plots", "import", str(path), "--db", db, "--crop", "cacao", "--yield", "600")
    assert (code, out, err) == (2, "", "Error: Parcela sin nombre (elemento 1): no dice de qué socio es: indique el "
                                       "socio (--member) o ponga su código en una propiedad o columna «Socio».\n")
    bad = tmp_path / "rota.kml"
    bad.write_text("<kml><Placemark>", encoding="utf-8")
    code, out, err = run(capsys, "plots", "import", str(bad), "--db", db, "--member", "S0001")
    assert (code, out, err) == (2, "", "Error: No se pudo leer el archivo rota.kml como KML: está dañado en la "
                                       "línea 1. Expórtelo de nuevo desde el aplicativo de mapeo.\n")


def test_deliveries_name_their_plot_and_the_yield_norm_warns_and_reports(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    funded_book(db).close()  # Caja holds the money the tickets pay
    for name in ("La Loma", "Bajial"):
        run(capsys, "plots", "add", "--db", db, "--member", "S0001", "--crop", "cacao", "--hectares", "0.2",
            "--yield", "2000", "--name", name)
    ticket = ("deliveries", "add", "--db", db, "--date", "04/03/2026", "--member", "S0001", "--product",
              "CACAO-SECO", "--gross", "120.5", "--tare", "0.4", "--humidity", "7.2", "--grade", "A", "--price",
              "18.50")
    code, out, err = run(capsys, *ticket, "--ticket", "001-1")
    assert (code, out) == (2, "")
    assert err == ("Error: Quispe Mamani, Rosa (S0001) tiene 2 parcelas de Cacao: «La Loma» (n.° 1), «Bajial» "
                   "(n.° 2). Diga de cuál viene esta entrega.\n")
    code, out, err = run(capsys, "plots", "norm", "--db", db, "--crop", "cacao", "--from", "01/01/2026",
                         "--kg-per-ha", "1000", "--source", "Acuerdo del Consejo, acta 12-2026")
    assert (code, out) == (0, "Desde el 01/01/2026, la norma de Cacao es 1,000 kg por hectárea y campaña.\n")
    assert run(capsys, *ticket, "--ticket", "001-1", "--plot", "la loma")[0] == 0
    code, out, err = run(capsys, *ticket, "--ticket", "001-2", "--plot", "1")
    assert code == 0
    assert err == ("Aviso: La parcela «La Loma» de Quispe Mamani, Rosa (S0001) tiene 0.20 ha: con este ticket sus "
                   "entregas de Cacao en la campaña 2026 suman 240.200 kg, 1,201.00 kg por hectárea, más que la "
                   "norma de 1,000 kg/ha por campaña (vigente desde el 01/01/2026).\n")
    code, out, err = run(capsys, "plots", "over-norm", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[2].split() == ["S0001", "Quispe", "Mamani,", "Rosa", "La", "Loma", "Cacao", "0.20", "240.20", "kg",
                                "1,201.00", "1,000"]
    assert lines[-1] == "1 parcela supera la norma de rendimiento de su cultivo en la campaña Campaña 2026."
    code, out, err = run(capsys, "plots", "norms", "--db", db)
    assert out.splitlines()[2].split()[:4] == ["Cacao", "01/01/2026", "1,000", "Acuerdo"]
