"""``coopdesk prices``, ``points`` and ``settings`` and the tables behind ``deliveries add``:
a quality standard and dated prices typed the Peruvian way, exact figures back,
and a Spanish message with exit status 2 for every mistake, nothing written."""

import json
import re
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from coopdesk.core import Book
from coopdesk.domain.plots import PlotInput
from tests.cli.helpers import lines, run
from tests.conftest import funded_book
from tests.people import LOGIN

STANDARD = """\
humedad_estandar = 7.5
descuento = "proporcional"   # ninguno | proporcional | por_punto
por_punto = 1.0
conversion = 1.0
[[grados]]
grado = "A"
factor = 1.05
fermentacion_min = 80
[[grados]]
grado = "B"
"""

WHEN = r"\d\d/\d\d/\d{4} \d\d:\d\d"  # when a row was recorded


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    with funded_book(path) as book:  # Rosa is organic: her plot backs the kilos (else the organic guard warns)
        book.plots.add_plot("S0001", PlotInput("cacao", D("2.50"), D("600")))
    return path


@pytest.fixture
def priced(db, tmp_path, capsys) -> str:
    """Cacao's standard from 01/01/2026 (7.5 %, proportional; A ≥ 80 % fermented × 1.05, then B)
    and the organic price S/ 10.00 from 01/03/2026."""
    toml = tmp_path / "cacao.toml"
    toml.write_text(STANDARD, encoding="utf-8")
    assert run(capsys, "prices", "standard", "cacao-seco", "--set", str(toml), "--from", "01/01/2026", db=db)[0] == 0
    assert run(capsys, "prices", "add", "CACAO-SECO", "10,00", "--from", "01/03/2026", "--certification",
               "Orgánico", db=db)[0] == 0
    return db


def test_a_standard_from_a_toml_file_is_recorded_and_shown(db, tmp_path, capsys):
    toml = tmp_path / "cacao.toml"
    toml.write_text(STANDARD, encoding="utf-8")
    code, out, err = run(capsys, "prices", "standard", "CACAO-SECO", "--set", str(toml), "--from",
                         "01/01/2026", db=db)
    assert (code, err) == (0, "")
    out = lines(out)
    assert out[:8] == [
        "Se registró la norma de calidad de Cacao grano seco (CACAO-SECO) desde el 01/01/2026.",
        "",
        "Norma de calidad de Cacao grano seco (CACAO-SECO) vigente el 01/01/2026",
        out[3],
        "Humedad estándar 7.50 %",
        "Descuento por humedad Proporcional a la materia seca",
        "Factor de conversión 1.0",
        "",
    ]
    assert re.fullmatch(rf"Desde 01/01/2026 \(registrada por admin el {WHEN}\)", out[3])
    assert out[8:13] == [
        "Grados, en orden: la entrega toma el primero cuyas condiciones cumple.",
        "Grado Factor Humedad máx. % Rendimiento mín. % Fermentación mín. % Defectos máx. Taza mín.",
        out[10],
        "A 1.05 80",
        "B 1",
    ]
    with Book.open(db, **LOGIN) as book:
        standard = book.prices.standard("CACAO-SECO", date(2026, 3, 4))
    assert (standard.standard_humidity, standard.method, [(g.code, g.factor, g.min_fermentation)
                                                          for g in standard.grades]) == (
        D("7.5"), "proporcional", [("A", D("1.05"), D("80")), ("B", D("1"), None)])

    code, out, err = run(capsys, "prices", "standard", "CACAO-SECO", "--date", "04/03/2026", "--json", db=db)
    shown = json.loads(out)
    assert shown["standard"]["recorded_by"] == "admin"
    del shown["standard"]["recorded_at"], shown["history"][0]["recorded_at"]
    assert shown == {"product": "CACAO-SECO", "date": "2026-03-04", "standard": {
        "valid_from": "2026-01-01", "recorded_by": "admin", "standard_humidity": "7.5", "method": "proporcional",
        "rate_per_point": "1.0", "conversion": "1.0", "grades": [
            {"grade": "A", "factor": "1.05", "max_humidity": None, "min_yield": None, "min_fermentation": "80",
             "max_defects": None, "min_cup": None},
            {"grade": "B", "factor": "1", "max_humidity": None, "min_yield": None, "min_fermentation": None,
             "max_defects": None, "min_cup": None}]},
        "history": [{"valid_from": "2026-01-01", "recorded_by": "admin"}]}

    # before its date there is none
    code, out, err = run(capsys, "prices", "standard", "CACAO-SECO", "--date", "31/12/2025", db=db)
    assert lines(out)[0] == ("Cacao grano seco (CACAO-SECO) no tiene norma de calidad vigente el 31/12/2025: no se "
                             "descuenta humedad y la calidad se escribe en cada entrega.")


def test_the_quote_of_a_ticket_shows_grade_discount_price_and_amount(priced, capsys):
    # 100 kg at 9.5 % against 7.5 %: 100 × 90.5 / 92.5 = 97.838 kg paid; 82 % fermented is A,
    # 1.05 × S/ 10.00 = S/ 10.50; 97.838 × 10.50 = 1,027.299 → S/ 1,027.30
    argv = ("prices", "quote", "CACAO-SECO", "--kg", "100", "--humidity", "9.5", "--fermentation", "82",
            "--certification", "organico", "--date", "2026-03-04")
    code, out, err = run(capsys, *argv, "--json", db=priced)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "product": "CACAO-SECO", "date": "2026-03-04", "member": None, "certification": "organico",
        "net_kg": "100.000", "humidity_pct": "9.5", "grade": "A", "grade_from_table": True,
        "humidity_discount_kg": "2.162", "payable_kg": "97.838", "equivalent_kg": "97.838", "price": "10.50",
        "unit": "kg", "factor": "1.05", "price_entry": {
            "id": 1, "product": "CACAO-SECO", "grade": "", "certification": "organico", "valid_from": "2026-03-01",
            "price": "10.00", "unit": "kg"},
        "amount": "1027.30"}
    code, out, err = run(capsys, *argv, db=priced)
    assert (code, err) == (0, "")
    assert lines(out) == [
        "Cacao grano seco (CACAO-SECO) el 04/03/2026, certificación Orgánico",
        "Calidad A, según las medidas",
        "Peso neto 100.00 kg",
        "Descuento por humedad 2.162 kg (humedad 9.50 %; la estándar es 7.50 %)",
        "Kg pagables 97.838 kg",
        "Kg equivalentes 97.838 kg",
        "Precio S/ 10.50 por kg",
        "Importe S/ 1,027.30",
        "Precio de la tabla desde el 01/03/2026 (calidad: todas; certificación: Orgánico): S/ 10.00 por kg × "
        "factor 1.05 de la calidad A",
    ]
    # Rosa is organic: her certification picks the price; Juan is conventional and there is no price for him
    code, out, err = run(capsys, "prices", "quote", "CACAO-SECO", "--kg", "100,0", "--humidity", "9,5",
                         "--fermentation", "82", "--member", "S0001", "--date", "04/03/2026", "--json", db=priced)
    assert (code, json.loads(out)["amount"]) == (0, "1027.30")
    code, out, err = run(capsys, "prices", "quote", "CACAO-SECO", "--kg", "100", "--humidity", "9.5",
                         "--fermentation", "70", "--member", "S0002", "--date", "04/03/2026", db=priced)
    assert (code, out, err) == (2, "", "Error: La tabla de precios de Cacao grano seco no tiene precio de adelanto "
                                       "para la calidad B y la certificación Convencional vigente el 04/03/2026: "
                                       "regístrelo en Precios o escriba el precio.\n")


def test_deliveries_add_without_grade_or_price_takes_them_from_the_tables(priced, capsys):
    code, out, err = run(capsys, "deliveries", "add", "--ticket", "001-1", "--date", "04/03/2026",
                         "--member", "S0001", "--product", "CACAO-SECO", "--gross", "100,4", "--tare", "0,4",
                         "--humidity", "9,5", "--fermentation", "82", db=priced)
    assert (code, err) == (0, "")
    assert lines(out) == ["Se registró el ticket 001-000001: calidad A, 100.00 kg netos, 97.838 kg pagables a "
                          "S/ 10.50 por kg, importe S/ 1,027.30."]
    with Book.open(priced, **LOGIN) as book:
        row = book.deliveries.page()[0]
    assert (row.grade, row.net_kg, row.payable_kg, row.price, row.amount, row.fermentation_pct) == (
        "A", D("100.000"), D("97.838"), D("10.50"), D("1027.30"), D("82"))

    # a price typed by hand is kept; the discount still applies (97.838 × 9.80 = 958.8124)
    code, out, err = run(capsys, "deliveries", "add", "--ticket", "001-2", "--date", "04/03/2026",
                         "--member", "S0001", "--product", "CACAO-SECO", "--gross", "100", "--humidity", "9.5",
                         "--fermentation", "60", "--price", "9,80", db=priced)
    assert (code, err) == (0, "")
    assert lines(out) == ["Se registró el ticket 001-000002: calidad B, 100.00 kg netos, 97.838 kg pagables a "
                          "S/ 9.80 por kg, importe S/ 958.81."]

    # before the price's date there is nothing to take: Spanish, status 2, nothing recorded
    code, out, err = run(capsys, "deliveries", "add", "--ticket", "001-3", "--date", "27/02/2026",
                         "--member", "S0001", "--product", "CACAO-SECO", "--gross", "100", "--humidity", "9.5",
                         "--fermentation", "82", db=priced)
    assert (code, out, err) == (2, "", "Error: La tabla de precios de Cacao grano seco no tiene precio de adelanto "
                                       "para la calidad A y la certificación Orgánico vigente el 27/02/2026: "
                                       "regístrelo en Precios o escriba el precio.\n")
    with Book.open(priced, **LOGIN) as book:
        assert book.deliveries.count() == 2


def test_a_certification_other_than_the_members_needs_its_reason(priced, capsys):
    argv = ("deliveries", "add", "--ticket", "001-1", "--date", "04/03/2026", "--member", "S0001", "--product",
            "CACAO-SECO", "--gross", "100", "--humidity", "7", "--fermentation", "82", "--certification",
            "Convencional", "--price", "9.50")
    code, out, err = run(capsys, *argv, db=priced)
    assert (code, err) == (2, "Error: La certificación del socio es Orgánico: diga por qué esta entrega es "
                              "Convencional.\n")
    code, out, err = run(capsys, *argv, "--certification-note", "Lote de la parcela nueva", db=priced)
    assert (code, err) == (0, "")
    with Book.open(priced, **LOGIN) as book:
        row = book.deliveries.page()[0]
    assert (row.grade, row.certification, row.certification_note, row.amount) == (
        "A", "convencional", "Lote de la parcela nueva", D("950.00"))


def test_prices_list_in_force_and_the_whole_history(priced, capsys):
    assert run(capsys, "prices", "add", "cacao-seco", "11.00", "--from", "01/04/2026", "--certification",
               "organico", "--note", "Subió la bolsa", db=priced)[0] == 0
    assert run(capsys, "prices", "add", "CAFE-PERG", "720", "--from", "2026-03-15", "--grade", "todas", db=priced) == (0, "Se registró el precio de adelanto de Café pergamino seco (CAFE-PERG) desde "
                                         "el 15/03/2026: S/\u00a0720.00 por qq; calidad: todas; certificación: "
                                         "todas.\n", "")
    code, out, err = run(capsys, "prices", "list", "--date", "31/03/2026", db=priced)
    assert (code, err) == (0, "")
    assert lines(out) == [
        "Precios de adelanto vigentes el 31/03/2026",
        "Producto Calidad Certificación Desde Precio Unidad",
        lines(out)[2],
        "CACAO-SECO todas Orgánico 01/03/2026 S/ 10.00 kg",
        "CAFE-PERG todas todas 15/03/2026 S/ 720.00 qq",
    ]
    code, out, err = run(capsys, "prices", "list", "--date", "01/04/2026", "--json", db=priced)
    assert [(p["product"], p["valid_from"], p["price"], p["unit"]) for p in json.loads(out)["prices"]] == [
        ("CACAO-SECO", "2026-04-01", "11.00", "kg"), ("CAFE-PERG", "2026-03-15", "720.00", "qq")]
    code, out, err = run(capsys, "prices", "list", "--all", db=priced)
    out = lines(out)
    assert out[0] == "Producto Calidad Certificación Desde Precio Unidad Nota Registrado por El"
    assert [re.sub(WHEN, "<cuándo>", line) for line in out[2:]] == [
        "CACAO-SECO todas Orgánico 01/04/2026 S/ 11.00 kg Subió la bolsa admin <cuándo>",
        "CAFE-PERG todas todas 15/03/2026 S/ 720.00 qq admin <cuándo>",
        "CACAO-SECO todas Orgánico 01/03/2026 S/ 10.00 kg admin <cuándo>",
        "3 precios registrados",
    ]
    code, out, err = run(capsys, "prices", "list", "--date", "01/01/2026", db=priced)
    assert out == ("No hay precios vigentes el 01/01/2026. Regístrelos con: coopdesk prices add PRODUCTO PRECIO "
                   "--from FECHA\n")


def test_mistakes_are_spanish_with_status_2_and_nothing_is_written(db, tmp_path, capsys):
    cases = [
        (("prices", "add", "CACAO-SECO", "diez", "--from", "01/03/2026"),
         "Error: «diez» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5.\n"),
        (("prices", "add", "CACAO-SECO", "10.555", "--from", "01/03/2026"),
         "Error: El precio se escribe en soles con dos decimales como máximo.\n"),
        (("prices", "add", "CACAO-SECO", "-1", "--from", "31/02/2026"),
         "Error: La fecha «31/02/2026» no es válida; escríbala como 31/12/2026.\n"),
        (("prices", "add", "CACAO", "10.50", "--from", "01/03/2026"),
         "Error: No existe el producto CACAO. Los productos son: CACAO-SECO, CACAO-BABA, CAFE-PERG, COPOAZU-PULPA, "
         "COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO.\n"),
        (("prices", "standard", "CACAO"),
         "Error: No existe el producto CACAO. Los productos son: CACAO-SECO, CACAO-BABA, CAFE-PERG, COPOAZU-PULPA, "
         "COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO.\n"),
        (("prices", "quote", "CACAO", "--kg", "100", "--humidity", "7"),
         "Error: No existe el producto CACAO. Los productos son: CACAO-SECO, CACAO-BABA, CAFE-PERG, COPOAZU-PULPA, "
         "COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO.\n"),
        (("prices", "quote", "CACAO-SECO", "--kg", "0", "--humidity", "120", "--defects", "-1"),
         "Error: El peso neto debe ser mayor que cero.\n"
         "Error: La humedad debe estar entre 0 y 100 %; se escribió 120.\n"
         "Error: Los defectos deben estar entre 0 y 9999.\n"),
        (("prices", "standard", "CACAO-SECO", "--from", "01/01/2026"),
         "Error: --from es para fijar una norma con --set; para ver la norma de una fecha use --date.\n"),
        (("prices", "standard", "CACAO-SECO", "--set", str(tmp_path / "nada.toml"), "--from", "01/01/2026"),
         f"Error: No existe el archivo {tmp_path / 'nada.toml'}.\n"),
        (("settings", "debt-limit", "12.345"),
         "Error: El límite de deuda es un monto en soles, mayor o igual que cero y con dos decimales como máximo.\n"),
        (("points", "add", "LP", "Acopio Las Piedras", "00002"),
         "Error: La serie de tickets tiene de 1 a 4 letras o dígitos, por ejemplo 002.\n"),
    ]
    for argv, message in cases:
        code, out, err = run(capsys, *argv, db=db)
        assert (code, out, err) == (2, "", message), argv
    with Book.open(db, **LOGIN) as book:
        assert (book.prices.entries(), book.prices.standard_history("CACAO-SECO"), book.settings.debt_limit,
                book.collection_points.list()) == ([], [], None, [])


def test_a_standard_file_with_mistakes_names_each_key_and_line(db, tmp_path, capsys):
    toml = tmp_path / "cacao.toml"
    toml.write_text(STANDARD.replace("conversion = 1.0", "conversion = 0\ncolor = \"rojo\"")
                    .replace("fermentacion_min = 80", "fermentacion = 80\ndefectos_max = 2.5")
                    .replace('"proporcional"', '"mucho"') + "factor = 3\n", encoding="utf-8")
    code, out, err = run(capsys, "prices", "standard", "CACAO", "--set", str(toml), "--from", "01/01/2026", db=db)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Error: Línea 5, «color»: esta clave no se conoce; revise cómo está escrita.",
        "Error: Línea 2, «descuento»: debe ser «ninguno», «proporcional» o «por_punto».",
        "Error: Línea 9, «grados[0].fermentacion»: esta clave no se conoce; revise cómo está escrita.",
        "Error: Línea 10, «grados[0].defectos_max»: debe ser un número entero.",
        "Error: El factor de conversión debe ser mayor que 0 y como máximo 10.",
        "Error: El factor de precio del grado B debe ser mayor que 0 y como máximo 2.",
        "Error: No existe el producto CACAO. Los productos son: CACAO-SECO, CACAO-BABA, CAFE-PERG, COPOAZU-PULPA, "
        "COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO.",
    ]
    toml.write_text("humedad_estandar = 7.5\n[[grados]\n", encoding="utf-8")
    code, out, err = run(capsys, "prices", "standard", "CACAO-SECO", "--set", str(toml), "--from", "01/01/2026", db=db)
    assert (code, err) == (2, "Error: Línea 2, columna 9: el archivo de la norma de calidad tiene un error de "
                              "escritura (revise corchetes, comillas y signos =).\n")
    # a sound file whose values the core refuses: every problem, and nothing recorded
    toml.write_text('humedad_estandar = 7.5\ndescuento = "proporcional"\n[[grados]]\ngrado = "A"\nfactor = 1.05\n'
                    '[[grados]]\ngrado = "a"\n', encoding="utf-8")
    code, out, err = run(capsys, "prices", "standard", "CACAO-SECO", "--set", str(toml), "--from", "01/01/2026", db=db)
    assert (code, err) == (2, "Error: El grado A está repetido.\n")
    with Book.open(db, **LOGIN) as book:
        assert book.prices.standard_history("CACAO-SECO") == []


PRICES_CSV = (
    "Lista de precios de adelanto;;;;;\n"
    "Producto;Calidad;Certificación;Vigente desde;Precio;Unidad\n"
    "CACAO-SECO;Todas;Orgánico;01/03/2026;10,00;kg\n"
    "Cacao grano seco;A;convencional;01/03/2026;9,50;\n"
    "CAFE-PERG;;;15/03/2026;720,00;quintal\n"
)


def test_import_and_export_a_price_list_with_decimal_commas(db, tmp_path, capsys):
    path = tmp_path / "precios.csv"
    path.write_bytes(PRICES_CSV.encode("cp1252"))
    code, out, err = run(capsys, "import", "prices", str(path), "--dry-run", db=db)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Se agregarían 3 precios.",
        "Es una revisión: no se guardó nada. Para importar, repita la orden sin --dry-run.",
    ]
    code, out, err = run(capsys, "import", "prices", str(path), db=db)
    assert (code, out, err) == (0, "Se agregaron 3 precios.\n", "")
    code, out, err = run(capsys, "import", "prices", str(path), db=db)
    assert (code, out) == (0, "Se agregaron 0 precios; 3 ya estaban (filas 3, 4, 5).\n")
    with Book.open(db, **LOGIN) as book:
        assert sorted((e.product_code, e.grade, e.certification, e.price, e.unit) for e in book.prices.entries()) == [
            ("CACAO-SECO", "", "organico", D("10.00"), "kg"), ("CACAO-SECO", "A", "convencional", D("9.50"), "kg"),
            ("CAFE-PERG", "", "", D("720.00"), "qq")]

    out_file = tmp_path / "precios.xlsx"
    code, out, err = run(capsys, "export", "prices", "--out", str(out_file), db=db)
    assert (code, out, err) == (0, f"Se exportaron 3 precios a {out_file}.\n", "")
    sheet = openpyxl.load_workbook(out_file).active
    assert [c.value for c in sheet[1]][:5] == ["Producto", "Calidad", "Certificación", "Desde", "Precio"]
    assert sheet.max_row == 4

    path.write_text("Producto;Certificación;Desde;Precio\nCACAO;bio;01/03/2026;-1\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "prices", str(path), db=db)
    assert code == 2
    assert err.splitlines() == [
        "Fila 2, columna «Producto»: No existe el producto CACAO. Los productos son: CACAO-SECO, CACAO-BABA, "
        "CAFE-PERG, COPOAZU-PULPA, COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO.",
        "Fila 2, columna «Certificación»: «bio» no es una certificación: escriba orgánico, transición, "
        "convencional o todas.",
        "Fila 2, columna «Precio»: El precio no puede ser negativo.",
        "No se importó nada: el archivo tiene 3 problemas. Corríjalos y vuelva a importarlo.",
    ]


def test_the_debt_limit_warns_at_intake_and_keeps_its_history(db, capsys):
    assert run(capsys, "account", "add", "--member", "S0002", "--concept", "adelantos", "--charge",
               "--amount", "800", "--date", "01/02/2026", db=db)[0] == 0
    assert run(capsys, "settings", "debt-limit", db=db) == (
        0, "No hay límite de deuda: al registrar una entrega no se avisa por lo que debe el socio.\n", "")
    assert run(capsys, "settings", "debt-limit", "500,00", db=db) == (
        0, "Límite de deuda fijado en S/\u00a0500.00: al registrar una entrega se avisa si el socio debe más.\n", "")

    juan = ("deliveries", "add", "--date", "04/03/2026", "--member", "S0002", "--product", "CACAO-SECO",
            "--gross", "50", "--humidity", "7", "--grade", "B", "--price", "9.00")
    code, out, err = run(capsys, *juan, "--ticket", "001-1", db=db)
    assert code == 0
    assert lines(out) == ["Se registró el ticket 001-000001: calidad B, 50.00 kg netos, 50.00 kg pagables a S/ 9.00 "
                          "por kg, importe S/ 450.00."]
    assert err == "Aviso: El socio S0002 debe S/\u00a0800.00, más que el límite de S/\u00a0500.00 que fijó la cooperativa.\n"
    # Rosa owes nothing and her plot backs her kilos: nothing to say
    assert run(capsys, "deliveries", "add", "--ticket", "001-2", "--date", "04/03/2026", "--member", "S0001",
               "--product", "CACAO-SECO", "--gross", "50", "--humidity", "7", "--grade", "A",
               "--price", "10", db=db)[2] == ""

    assert run(capsys, "settings", "debt-limit", "none", db=db)[1] == (
        "Se quitó el límite de deuda: al registrar una entrega ya no se avisa por lo que debe el socio.\n")
    assert run(capsys, *juan, "--ticket", "001-3", db=db)[2] == ""
    code, out, err = run(capsys, "settings", "debt-limit", db=db)
    assert [re.sub(WHEN, "<cuándo>", line) for line in lines(out)] == [
        "No hay límite de deuda: al registrar una entrega no se avisa por lo que debe el socio.",
        "",
        "Historial:",
        "Límite Registrado por El",
        lines(out)[4],
        "sin límite admin <cuándo>",
        "S/ 500.00 admin <cuándo>",
    ]
    with Book.open(db, **LOGIN) as book:
        assert book.deliveries.count() == 3


def test_collection_points_and_their_series(db, capsys):
    assert run(capsys, "points", "list", db=db)[1] == (
        "No hay centros de acopio registrados: se acepta cualquier serie de tickets.\n")
    assert run(capsys, "points", "add", "planta", "Planta Puerto Maldonado", "001", db=db) == (
        0, "Se registró el centro de acopio PLANTA, Planta Puerto Maldonado: sus tickets llevan la serie 001 "
           "(el próximo es 001-000001).\n", "")
    assert run(capsys, "points", "add", "LP", "Acopio Las Piedras", "002", db=db)[0] == 0
    code, out, err = run(capsys, "points", "list", db=db)
    assert lines(out) == ["Código Centro de acopio Serie", lines(out)[1],
                          "PLANTA Planta Puerto Maldonado 001", "LP Acopio Las Piedras 002"]
    code, out, err = run(capsys, "points", "add", "OTRO", "Otro centro", "002", db=db)
    assert (code, err) == (2, "Error: La serie 002 ya es del centro Acopio Las Piedras.\n")
    code, out, err = run(capsys, "deliveries", "add", "--ticket", "009-1", "--date", "04/03/2026", "--member",
                         "S0001", "--product", "CACAO-SECO", "--gross", "50", "--humidity", "7", "--grade", "A",
                         "--price", "10", db=db)
    assert (code, err) == (2, "Error: La serie 009 no es de ningún centro de acopio; las series son: 001, 002.\n")


COFFEE = """\
humedad_estandar = 12
descuento = "por punto"
por_punto = "1,0"
[[grados]]
grado = "exportable"
rendimiento_min = 70
defectos_max = 8
[[grados]]
grado = "SEGUNDA"
factor = 0.85
rendimiento_min = 60
"""


def test_coffee_by_the_quintal_loses_one_percent_per_point_and_keeps_its_measures(db, tmp_path, capsys):
    toml = tmp_path / "cafe.toml"
    toml.write_text(COFFEE, encoding="utf-8")
    code, out, err = run(capsys, "prices", "standard", "CAFE-PERG", "--set", str(toml), "--from", "01/01/2026", db=db)
    assert code == 0
    assert "Descuento por punto 1.00 %" in lines(out)
    assert lines(out)[12:14] == ["EXPORTABLE 1 70 8", "SEGUNDA 0.85 60"]
    assert run(capsys, "prices", "add", "CAFE-PERG", "720", "--from", "01/01/2026", db=db)[0] == 0
    # 460 kg at 14 %: 2 points × 1 % = 9.2 kg off, 450.8 kg; 450.8 / 46 × 720 = S/ 7,056.00
    code, out, err = run(capsys, "deliveries", "add", "--ticket", "001-1", "--date", "04/03/2026", "--member",
                         "S0002", "--product", "CAFE-PERG", "--gross", "460", "--humidity", "14", "--yield", "72,5",
                         "--defects", "3", "--cup", "84,25", db=db)
    assert (code, err) == (0, "")
    assert lines(out) == ["Se registró el ticket 001-000001: calidad EXPORTABLE, 460.00 kg netos, 450.80 kg "
                          "pagables a S/ 720.00 por qq, importe S/ 7,056.00."]
    with Book.open(db, **LOGIN) as book:
        row = book.deliveries.page()[0]
    assert (row.yield_pct, row.defects, row.cup_score, row.payable_kg, row.amount) == (
        D("72.5"), 3, D("84.25"), D("450.800"), D("7056.00"))
    # 12 defects is over the exportable's 8: second grade, 0.85 × 720 = S/ 612.00 per quintal
    code, out, err = run(capsys, "prices", "quote", "CAFE-PERG", "--kg", "46", "--humidity", "12",
                         "--yield", "72.5", "--defects", "12", "--date", "04/03/2026", "--json", db=db)
    assert {k: json.loads(out)[k] for k in ("grade", "payable_kg", "price", "unit", "amount")} == {
        "grade": "SEGUNDA", "payable_kg": "46.000", "price": "612.00", "unit": "qq", "amount": "612.00"}
