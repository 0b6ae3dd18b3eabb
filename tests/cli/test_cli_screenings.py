"""``coopdesk plots screening | override | pending`` and ``lots create --eu``:
deforestation evidence from the command line, the XLSX for field staff read back."""

from decimal import Decimal

from openpyxl import load_workbook

from tests.cli.helpers import run
from tests.core.test_screenings import SCREENING, cooperative
from tests.conftest import make_book

D = Decimal


def test_screening_override_and_the_plots_to_visit_from_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    book = make_book(db)
    cooperative(book, tmp_path)
    book.close()
    (tmp_path / "evaluacion.csv").write_text(SCREENING, encoding="utf-8")
    code, out, err = run(capsys, "plots", "screening", "--db", db, str(tmp_path / "evaluacion.csv"))
    assert code == 0, err
    assert out.splitlines()[-1] == ("Se importaron 2 resultados de evaluacion.csv: 1 sin riesgo, 1 con riesgo, "
                                    "0 por revisar.")
    (tmp_path / "mala.csv").write_text("Parcela;Resultado;Fuente\n2;quizás;GFW\n", encoding="utf-8")
    code, out, err = run(capsys, "plots", "screening", "--db", db, str(tmp_path / "mala.csv"))
    assert code == 2 and "Traceback" not in err
    assert "fila 2: el resultado «quizás» no se entiende" in err

    assert run(capsys, "lots", "create", "--db", db, "L-UE", "--product", "CACAO-BABA", "--certification",
               "organico", "--date", "10/03/2026", "--eu")[0] == 0
    code, out, err = run(capsys, "lots", "add", "--db", db, "L-UE", "--ticket", "001-000002")
    assert code == 2 and "no entra en el lote L-UE para la UE sin una excepción registrada" in err
    code, out, err = run(capsys, "plots", "override", "--db", db, "--plot", "2", "--reason",
                         "Visita de campo del 25/11/2026")
    assert code == 0, err
    assert out.strip() == ("Se registró la excepción de la parcela n.° 2 «Quebrada» de Ramos Torres, Luis (S0004): sus "
                           "entregas pueden entrar en lotes para la UE pese a su evaluación «riesgo» (Exportadora del "
                           "Sur, 20/11/2026).")
    assert run(capsys, "lots", "add", "--db", db, "L-UE", "--ticket", "001-000002")[0] == 0

    out_file = tmp_path / "por-visitar.xlsx"
    code, out, err = run(capsys, "plots", "pending", "--db", db, "--out", str(out_file))
    assert code == 0, err
    assert "2 parcelas por visitar, de 2 socios." in out
    zone_lines = [line.split() for line in out.splitlines()[:5]]
    assert ["LP", "Las", "Piedras", "2", "0", "0", "1"] in zone_lines
    assert ["TB", "Tambopata", "1", "1", "1", "0"] in zone_lines
    sheet = load_workbook(out_file).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["Zona", "Nombre de la zona", "Socio", "Nombre del socio", "Parcela n.°", "Parcela"]
    assert [(r[0], r[2], r[4], r[5], r[8], r[9], r[12], r[13]) for r in rows[1:]] == [
        ("LP", "S0004", 2, "Quebrada", "punto", "riesgo", "Visita de campo del 25/11/2026",
         "riesgo con excepción registrada"),
        ("TB", "S0002", 3, "Bajial", "sin ubicación", "sin evaluación", None, "mapear la parcela")]
