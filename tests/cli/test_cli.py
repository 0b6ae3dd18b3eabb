"""The command line: the same core calls, Spanish messages, exit 2 for bad input."""

import subprocess
import sys
from decimal import Decimal

import pytest

from coopdesk.core import Book
from coopdesk.domain.plots import PlotInput
from tests.cli.helpers import run
from tests.conftest import cacao, funded_book, make_book
from tests.people import LOGIN


def test_init_creates_a_cooperative_with_zones_and_a_campaign(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    code, out, err = run(capsys, "init", "--db", db, "--name", "Cooperativa Agraria Tambopata",
                         "--ruc", "20600123450", "--city", "Puerto Maldonado", "--zone", "LP=Las Piedras",
                         "--campaign", "2026", "--start", "01/01/2026", "--end", "31/12/2026")
    assert (code, err) == (0, "")
    assert out == f"Se creó la cooperativa Cooperativa Agraria Tambopata en {db}.\n"
    with Book.open(db, **LOGIN) as book:
        assert [z.name for z in book.zones.list()] == ["Las Piedras"]
        assert book.campaigns.current().name == "Campaña 2026"


def test_a_bad_ruc_is_refused_in_spanish_with_status_2(tmp_path, capsys):
    db = tmp_path / "coop.sqlite"
    code, out, err = run(capsys, "--db", str(db), "init", "--name", "X", "--ruc", "123", "--city", "Iberia")
    assert code == 2
    assert err == "Error: El RUC 123 no es válido: debe tener 11 dígitos y un dígito verificador correcto.\n"


def test_recording_a_delivery_prints_the_ticket_kilos_and_advance(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    with funded_book(db) as book:  # Rosa is organic: her plot backs the kilos (else the organic guard warns)
        book.plots.add_plot("S0001", PlotInput("cacao", Decimal("2.50"), Decimal("600")))
    code, out, err = run(capsys, "deliveries", "add", "--db", db, "--ticket", "001-15", "--date", "04/03/2026",
                         "--member", "S0001", "--product", "CACAO-SECO", "--sacks", "2", "--gross", "120,5",
                         "--tare", "0.4", "--humidity", "7.2", "--grade", "A", "--price", "18.50")
    assert (code, err) == (0, "")
    assert out == ("Se registró el ticket 001-000015: calidad A, 120.10\u00a0kg netos, 120.10\u00a0kg pagables a "
                   "S/\u00a018.50 por kg, importe S/\u00a02,221.85.\n")


def test_a_bad_delivery_lists_every_problem_and_records_nothing(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, out, err = run(capsys, "--db", db, "deliveries", "add", "--ticket", "001-15", "--date", "2027-01-05",
                         "--member", "S0999", "--product", "CACAO-SECO", "--gross", "10", "--tare", "12",
                         "--humidity", "7", "--grade", "A", "--price", "18.50")
    assert code == 2
    assert err.splitlines() == [
        "Error: La tara debe ser menor que el peso bruto.",
        "Error: La fecha 05/01/2027 está fuera de la campaña (del 01/01/2026 al 31/12/2026).",
        "Error: No existe el socio con código S0999.",
    ]
    with Book.open(db, **LOGIN) as book:
        assert book.deliveries.count() == 0


def test_every_value_that_cannot_be_read_is_named_at_once(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, _out, err = run(capsys, "--db", db, "deliveries", "add", "--ticket", "001-1", "--member", "S0001",
                          "--product", "CACAO-SECO", "--gross", "ciento veinte", "--humidity", "7",
                          "--grade", "A", "--price", "18.50", "--date", "31/02/2026")
    assert code == 2
    assert err.splitlines() == [
        "Error: La fecha «31/02/2026» no es válida; escríbala como 31/12/2026.",
        "Error: «ciento veinte» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5.",
    ]


def test_a_weight_that_could_be_read_two_ways_is_refused(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, _out, err = run(capsys, "--db", db, "deliveries", "add", "--ticket", "001-1", "--member", "S0001",
                          "--product", "CACAO-SECO", "--gross", "1,234", "--humidity", "7", "--grade", "A",
                          "--price", "18.50", "--date", "04/03/2026")
    assert code == 2
    assert err == ("Error: «1,234» puede leerse como 1234 o como 1.234: escriba 1234 (sin coma de miles) "
                   "o 1.234 (con punto decimal).\n")
    with Book.open(db, **LOGIN) as book:
        assert book.deliveries.count() == 0


def test_members_list_prints_the_padron_alphabetically(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, out, _err = run(capsys, "members", "list", "--db", db)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["Código", "Apellidos", "y", "nombres", "DNI", "Zona", "Certificación", "Estado"]
    assert [line.split()[0] for line in lines[2:5]] == ["S0002", "S0003", "S0001"]
    assert "Quispe Mamani, Rosa" in lines[4] and "Orgánico" in lines[4]
    assert lines[-1] == "3 socios"


def test_missing_arguments_are_reported_in_spanish(capsys):
    code, out, err = run(capsys, "statement", "--member", "S0001")
    assert code == 2
    assert err.splitlines()[-1] == "coopdesk statement: error: faltan estos argumentos obligatorios: --out"


def test_a_missing_database_is_named(tmp_path, capsys):
    code, _out, err = run(capsys, "--db", str(tmp_path / "nada.sqlite"), "members", "list")
    assert (code, err) == (2, f"Error: No existe la base de datos {tmp_path / 'nada.sqlite'}.\n")


def test_the_demo_is_not_written_over_existing_data(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, _out, err = run(capsys, "demo", "--db", db)
    assert code == 2
    assert "Ya existe la base de datos" in err
    with Book.open(db, **LOGIN) as book:
        assert book.members.count() == 3


def test_version_as_a_real_process():
    result = subprocess.run([sys.executable, "-m", "coopdesk.cli", "--version"], capture_output=True, text=True)
    from coopdesk.db.migrate import head_revision
    assert (result.returncode, result.stdout) == (0, f"coopdesk 0.1.0 (schema {head_revision()})\n")


def test_mistakes_with_files_and_numbers_are_explained_never_a_traceback(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    not_a_db = tmp_path / "planilla.xlsx"
    not_a_db.write_bytes(b"PK\x03\x04 not sqlite at all" * 100)
    cases = [
        (["--db", str(not_a_db), "members", "list"],
         f"Error: El archivo {not_a_db} no es una base de datos de coopdesk; no se modificó.\n"),
        (["--db", db, "statement", "--member", "S0001", "--out", str(tmp_path)],
         f"Error: No se pudo usar {tmp_path}: es una carpeta.\n"),
        (["--db", db, "deliveries", "add", "--ticket", "001-1", "--member", "S0001", "--product", "CACAO-SECO",
          "--gross", "100000000000000000000", "--sacks", "²", "--humidity", "7", "--grade", "A", "--price", "1e28"],
         "Error: «²» no es un número entero.\n"
         "Error: «100000000000000000000» es un número demasiado grande.\n"
         "Error: «1e28» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5.\n"),
        (["demo", "--db", str(tmp_path / "d.sqlite"), "--members", "0"],
         "Error: La demostración necesita al menos un socio.\n"),
    ]
    for argv, message in cases:
        code, _out, err = run(capsys, *argv)
        assert (code, err) == (2, message)
    assert not (tmp_path / "d.sqlite.partial").exists()
    assert not_a_db.read_bytes().startswith(b"PK\x03\x04")


def test_a_statement_that_could_not_be_written_does_not_use_up_its_number(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, _out, _err = run(capsys, "--db", db, "statement", "--member", "S0001", "--out", str(tmp_path))
    assert code == 2
    code, out, _err = run(capsys, "--db", db, "statement", "--member", "S0001", "--out", str(tmp_path / "r.pdf"))
    assert (code, out) == (0, f"Estado de cuenta N° 000001 de Rosa Quispe Mamani: {tmp_path / 'r.pdf'}\n")


def test_statements_for_the_whole_campaign_are_numbered_and_named(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    book = funded_book(db)
    book.deliveries.record(cacao("001-1"))
    book.deliveries.record(cacao("001-2", member_code="S0002"))
    book.close()
    code, out, _err = run(capsys, "--db", db, "statements", "--out", str(tmp_path / "estados"))
    assert (code, out) == (0, f"Se imprimieron 2 estados de cuenta en {tmp_path / 'estados'}.\n")
    assert sorted(p.name for p in (tmp_path / "estados").iterdir()) == [
        "estado-cuenta-2026-S0001-000002.pdf", "estado-cuenta-2026-S0002-000001.pdf"]


def test_the_codes_the_cli_asks_for_can_be_listed_and_typed_loosely(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    code, _out, _err = run(capsys, "init", "--db", db, "--name", "Cooperativa Agraria Tambopata", "--ruc",
                           "20600123450", "--city", "Puerto Maldonado", "--zone", "Las Piedras", "--zone", "TB=Tambopata",
                           "--start", "01/01/2026", "--end", "31/12/2026")
    assert code == 0
    code, out, _err = run(capsys, "--db", db, "zones", "list")
    assert out.splitlines()[2:] == ["LP      Las Piedras", "TB      Tambopata"]
    code, out, _err = run(capsys, "--db", db, "products", "list")
    assert [line.split()[0] for line in out.splitlines()[2:]] == [
        "CACAO-SECO", "CACAO-BABA", "CAFE-PERG", "COPOAZU-PULPA", "COPOAZU-GRANO", "CAFE-CEREZA", "COPOAZU-FRUTO"]
    code, _out, err = run(capsys, "--db", db, "members", "add", "--code", "S1", "--dni", "41234567", "--first-names",
                          "Rosa", "--last-names", "Quispe", "--gender", "F", "--zone", "LP", "--certification",
                          "Orgánico", "--join-date", "10/05/2019")
    assert (code, err) == (0, "")
    code, _out, err = run(capsys, "--db", db, "deliveries", "add", "--ticket", "001-1", "--member", "s1", "--product",
                          "cacao", "--gross", "10", "--humidity", "7", "--grade", "A", "--price", "18.50",
                          "--date", "04/03/2026")
    assert (code, err) == (2, "Error: No existe el producto cacao. Los productos son: CACAO-SECO, CACAO-BABA, "
                              "CAFE-PERG, COPOAZU-PULPA, COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO.\n")


def test_deliveries_receipt_writes_the_ticket_as_a_pdf(tmp_path, capsys):
    import shutil
    import subprocess

    from pypdf import PdfReader

    db = str(tmp_path / "coop.sqlite")
    with funded_book(db) as book:
        book.deliveries.record(cacao("001-000123"))
    out_pdf = tmp_path / "ticket.pdf"
    code, out, err = run(capsys, "deliveries", "receipt", "001-123", "--db", db, "--out", str(out_pdf),
                         "--size", "80mm")
    assert (code, err) == (0, "")
    assert out == f"Ticket 001-000123 impreso en {out_pdf}.\n"
    assert float(PdfReader(out_pdf).pages[0].mediabox.width) == pytest.approx(80 / 25.4 * 72)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out_pdf), "-"], capture_output=True, text=True).stdout
        assert "SON: DOS MIL DOSCIENTOS VEINTIUNO CON 85/100 SOLES" in " ".join(text.split())
    code, out, err = run(capsys, "deliveries", "receipt", "001-999", "--db", db, "--out", str(out_pdf))
    assert (code, err) == (2, "Error: No existe el ticket 001-000999.\n")
