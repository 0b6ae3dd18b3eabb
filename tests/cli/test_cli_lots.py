"""``coopdesk lots``: build lots, attach them to a sale, trace, the buyer's
GeoJSON, the declaration PDF read back with pdftotext, and the DDS references."""

import json
import subprocess
from datetime import date
from decimal import Decimal

from coopdesk.domain.sales import SaleInput
from tests.cli.helpers import run
from tests.conftest import cacao, cash_in_hand, make_book, rosa
from tests.core.plot_files import SQUARE, feature, geojson, point, polygon
from tests.reports.pdf_layout import unembedded_fonts

D = Decimal


def the_book(tmp_path) -> str:
    """As tests/core/test_lots.py: Rosa's polygon and Luis's point, three tickets
    and sale 1 of 250 kg of dry cacao, without lots yet."""
    db = str(tmp_path / "coop.sqlite")
    book = make_book(db)
    cash_in_hand(book)
    book.members.add(rosa(code="S0004", dni="44567890", first_names="Luis", last_names="Ramos Torres", gender="M"))
    book.plots.import_file(geojson(
        tmp_path / "parcelas.geojson",
        feature(polygon(SQUARE), Socio="S0001", Nombre="La Loma", Cultivo="cacao", Rendimiento=2000),
        feature(point("-69.150123", "-12.600456"), Socio="S0004", Nombre="Quebrada", Cultivo="cacao",
                Hectareas="2.5", Rendimiento=2000)))
    book.deliveries.record(cacao("001-000001"))
    baba = dict(product_code="CACAO-BABA", gross_kg=D("300"), tare_kg=D("0"), humidity_pct=D("0"),
                advance_price=D("6.00"), date=date(2026, 3, 5))
    book.deliveries.record(cacao("001-000002", member_code="S0004", **baba))
    book.deliveries.record(cacao("001-000003", **{**baba, "gross_kg": D("100")}))
    book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("250"),
                                D("20.0000"), contract="C-2026-07", invoice="F001-000045"))
    book.close()
    return db


def test_lots_from_the_command_line_to_the_buyers_file_and_declaration(tmp_path, capsys):
    db = the_book(tmp_path)
    steps = [
        ("create", "L-BABA", "--product", "CACAO-BABA", "--certification", "organico", "--date", "10/03/2026"),
        ("add", "L-BABA", "--ticket", "001-000002"),
        ("add", "L-BABA", "--ticket", "001-000003"),
        ("create", "L-SECO", "--product", "cacao-seco", "--certification", "Orgánico", "--date", "12/03/2026"),
        ("add", "L-SECO", "--ticket", "001-000001"),
        ("add", "L-SECO", "--from-lot", "L-BABA"),
        ("attach", "L-SECO", "--sale", "1"),
    ]
    outs = []
    for step in steps:
        code, out, err = run(capsys, "lots", step[0], "--db", db, *step[1:])
        assert (code, err) == (0, ""), err
        outs.append(out)
    assert outs[5] == ("El lote L-SECO recibió 400.00 kg del lote L-BABA × 0.38 = 152.00 kg.\n"
                       "Balance del lote L-SECO: entró 272.10 kg, despachó 0.00 kg, queda 272.10 kg.\n")
    assert outs[6] == "La venta N.º 1 lleva 250.00 kg del lote L-SECO.\n"

    code, out, err = run(capsys, "lots", "add", "--db", db, "L-SECO", "--ticket", "001-000001")
    assert (code, out) == (2, "")
    assert err == "Error: El ticket 001-000001 ya puso en lotes todos sus 120.100 kg pagables.\n"

    code, out, err = run(capsys, "lots", "trace", "--db", db, "--sale", "1", "--json")
    assert code == 0
    trace = json.loads(out)
    assert [(p["member"], p["name"], p["kind"], p["equivalent_kg"]) for p in trace["plots"]] == [
        ("S0001", "La Loma", "Polygon", "158.100"), ("S0004", "Quebrada", "Point", "114.000")]
    code, out, err = run(capsys, "lots", "trace", "--db", db, "--ticket", "001-000002")
    assert out == ("En el lote L-BABA: 300.00 kg.\nDel lote L-BABA al lote L-SECO: 400.00 kg.\n"
                   "A la venta N.º 1 del 10/04/2026 (Exportadora del Sur), del lote L-SECO: 250.00 kg.\n")

    target = tmp_path / "venta-1.geojson"
    code, out, err = run(capsys, "lots", "geojson", "--db", db, "--sale", "1", "--out", str(target))
    assert (code, err) == (0, "")
    data = json.loads(target.read_text(encoding="ascii"))
    assert [f["geometry"]["type"] for f in data["features"]] == ["Polygon", "Point"]

    code, out, err = run(capsys, "lots", "reference", "--db", db, "--sale", "1", "--reference", "26PEXY12345678",
                         "--verification", "ABCD1234")
    assert code == 0 and out.startswith("Se registró la referencia 26PEXY12345678 de la venta N.º 1.\n")

    pdf = tmp_path / "declaracion.pdf"
    code, out, err = run(capsys, "lots", "declaration", "--db", db, "--sale", "1", "--pdf", str(pdf))
    assert (code, err) == (0, "")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = " ".join(text.split())
    for expected in ("Declaración de trazabilidad del lote", "Exportadora del Sur", "C-2026-07 / F001-000045",
                     "Cacao grano seco (Orgánico)", "Kilos vendidos 250.00 kg", "L-SECO: 250.00 kg",
                     "Fecha de corte 31/12/2020", "S0001 Quispe Mamani, Rosa La Loma (n.° 1) polígono 1.20 1.20 158.10 kg",
                     "S0004 Ramos Torres, Luis Quebrada (n.° 2) punto 2.50 — 114.00 kg", "Total 3.70 272.10 kg",
                     "26PEXY12345678 ABCD1234", "Firma y sello", "Por la cooperativa"):
        assert expected in words, expected
    assert unembedded_fonts(pdf.read_bytes()) == set()


def test_bad_input_is_refused_with_exit_status_2_and_nothing_written(tmp_path, capsys):
    db = the_book(tmp_path)
    code, out, err = run(capsys, "lots", "geojson", "--db", db, "--sale", "1", "--out", str(tmp_path / "x.geojson"))
    assert (code, out) == (2, "")
    assert err == "Error: La venta 1 no tiene lotes: adjunte sus lotes antes.\n"
    assert not (tmp_path / "x.geojson").exists()
    code, out, err = run(capsys, "lots", "create", "--db", db, "L-1", "--product", "CACAO-SECO", "--certification",
                         "organico", "--date", "31/12/2027")
    assert (code, err) == (2, "Error: La fecha del lote (31/12/2027) es posterior a hoy.\n")
    code, out, err = run(capsys, "lots", "geojson", "--db", db, "L-1", "--sale", "1", "--out", "x")
    assert (code, err) == (2, "Error: Diga un lote o una venta (--sale N), no los dos.\n")


def test_sales_add_takes_its_lots_in_the_same_transaction(tmp_path, capsys):
    db = the_book(tmp_path)
    for step in (("create", "L-SECO", "--product", "CACAO-SECO", "--certification", "organico", "--date",
                  "12/03/2026"), ("add", "L-SECO", "--ticket", "001-000001")):
        assert run(capsys, "lots", step[0], "--db", db, *step[1:])[0] == 0
    sale = ("sales", "add", "--db", db, "--date", "11/04/2026", "--buyer", "Chocolates Amazonía", "--product",
            "CACAO-SECO", "--certification", "organico", "--kg", "20", "--price", "18.50")
    code, out, err = run(capsys, *sale, "--lot", "L-SECO:20")
    assert (code, err) == (0, "") and out.startswith("Se registró la venta N.º 2 del 11/04/2026")
    code, out, err = run(capsys, *sale[:-4], "--kg", "2", "--price", "18.50", "--lot", "L-SECO:3")
    assert (code, out) == (2, "")
    assert err == "Error: La venta 3 es de 2.000 kg y ya tiene 0.000 kg de lotes: le faltan 2.000 kg, no 3.000 kg.\n"
    code, out, err = run(capsys, "lots", "show", "--db", db, "L-SECO")
    assert out.splitlines()[1] == "Entró 120.10 kg, despachó 20.00 kg, queda 100.10 kg."
    code, out, err = run(capsys, "sales", "list", "--db", db, "--json")
    assert [s["id"] for s in json.loads(out)["sales"]] == [1, 2]   # the refused sale was not recorded
