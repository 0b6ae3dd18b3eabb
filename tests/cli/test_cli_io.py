"""coopdesk import ... and coopdesk export ...: every problem with its row and
column on stderr and status 2, or what was (or would be) added."""

import csv
import io

import openpyxl

from coopdesk.core import Book
from tests.cli.helpers import run
from tests.conftest import cacao, funded_book, make_book
from tests.people import LOGIN


ENTREGAS = """Ticket;Fecha;Código socio;Nombre;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio
001-000001;04/03/2026;S0001;Rosa;CACAO-SECO;2;120,5;0,4;7,2;A;18,50
001-000002;05/03/2026;S0002;Juan;CACAO-SECO;1;64,3;0,2;7,5;B;18,40
"""


def test_import_dry_run_says_what_would_be_added_and_writes_nothing(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    funded_book(db).close()
    path = tmp_path / "entregas.csv"
    path.write_text(ENTREGAS, encoding="cp1252")
    code, out, err = run(capsys, "--db", db, "import", "deliveries", str(path), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Columnas que no se importan: «Nombre».",
        "Se agregarían 2 entregas (184.20\u00a0kg netos, S/\u00a03,401.29).",
        "Es una revisión: no se guardó nada. Para importar, repita la orden sin --dry-run.",
    ]
    with Book.open(db, **LOGIN) as book:
        assert book.deliveries.count() == 0

    code, out, err = run(capsys, "--db", db, "import", "deliveries", str(path))
    assert (code, err, out.splitlines()[-1]) == (0, "", "Se agregaron 2 entregas (184.20\u00a0kg netos, S/\u00a03,401.29).")
    code, out, err = run(capsys, "--db", db, "import", "deliveries", str(path))
    assert (code, out.splitlines()[-1]) == (0, "Se agregaron 0 entregas; 2 ya estaban (filas 2, 3).")


def test_import_with_problems_lists_each_with_row_and_column_and_exits_2(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    path = tmp_path / "entregas.csv"
    path.write_text(ENTREGAS.replace("120,5;0,4", "120,5;120,5").replace(";S0002;", ";S0999;")
                    + "TOTAL;;;;;;184,8;;;;\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", "deliveries", str(path), "--dry-run")
    assert code == 2
    assert err.splitlines() == [
        "Fila 2, columna «Tara»: La tara debe ser menor que el peso bruto.",
        "Fila 3, columna «Código socio»: No existe el socio con código S0999.",
        "Fila 4: La fila parece de totales («TOTAL»): bórrela; coopdesk calcula los totales.",
        "No se importó nada: el archivo tiene 3 problemas. Corríjalos y vuelva a importarlo.",
    ]
    code, _out, _err = run(capsys, "--db", db, "import", "deliveries", str(path))
    assert code == 2
    with Book.open(db, **LOGIN) as book:
        assert book.deliveries.count() == 0


def test_import_of_a_file_that_is_not_there(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, _out, err = run(capsys, "--db", db, "import", "members", str(tmp_path / "socios.csv"))
    assert (code, err) == (2, f"Error: No existe el archivo {tmp_path / 'socios.csv'}.\n")


def test_export_by_the_extension_of_the_file(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    book = funded_book(db)
    book.deliveries.record(cacao())
    book.close()
    code, out, err = run(capsys, "--db", db, "export", "members", "--out", str(tmp_path / "socios.csv"))
    assert (code, err, out) == (0, "", f"Se exportaron 3 socios a {tmp_path / 'socios.csv'}.\n")
    rows = list(csv.reader(io.StringIO((tmp_path / "socios.csv").read_text("utf-8-sig"))))
    assert [r[0] for r in rows] == ["Código", "S0002", "S0003", "S0001"]  # the padrón's order
    code, out, err = run(capsys, "--db", db, "export", "deliveries", "--out", str(tmp_path / "entregas.xlsx"),
                         "--campaign", "2026")
    assert (code, out) == (0, f"Se exportó 1 entrega a {tmp_path / 'entregas.xlsx'}.\n")
    sheet = openpyxl.load_workbook(tmp_path / "entregas.xlsx").active
    assert sheet["A2"].value == "001-000001" and sheet["B2"].is_date
    code, _out, err = run(capsys, "--db", db, "export", "movements", "--out", str(tmp_path / "movimientos.pdf"))
    assert (code, err) == (2, f"Error: Elija un archivo .csv o .xlsx para exportar (no {tmp_path / 'movimientos.pdf'}).\n")
