"""``coopdesk assets``: add, list, depreciate --month, retire, schedule; bad input in Spanish with
exit status 2 and no traceback; the register and a schedule in PDF and XLSX."""

import pytest
from pypdf import PdfReader

from tests.cli.helpers import run
from tests.conftest import cash_in_hand, make_book


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    cash_in_hand(book)
    book.close()
    return path


def test_assets_from_the_command_line(db, capsys, tmp_path):
    code, out, err = run(capsys, "assets", "add", "--code", "AF-001", "--description", "Computadora",
                         "--account", "3361", "--date", "15/03/2026", "--cost", "3600.00", "--paid-from", "4212", db=db)
    assert (code, err) == (0, ""), err
    assert "se deprecia al 25 % anual (S/\u00a075.00 al mes) desde 03/2026" in out
    code, out, err = run(capsys, "assets", "depreciate", "--month", "2026-03", db=db)
    assert (code, err) == (0, "") and "Se registró la depreciación de 2026-03: S/\u00a075.00." in out
    code, out, err = run(capsys, "assets", "depreciate", "--month", "2026-03", db=db)
    assert code == 2 and "Error: La depreciación de 2026-03 ya está registrada" in err and "Traceback" not in err
    for argv, message in (
            (("depreciate", "--month", "2026-13"), "«2026-13» no es un mes: escríbalo como 2026-11."),
            (("retire", "AF-999", "--date", "01/05/2026", "--reason", "Robo"), "No existe el activo AF-999."),
            (("add", "--code", "AF-002", "--description", "Terreno", "--account", "3311", "--date", "01/04/2026",
              "--cost", "abc", "--paid-from", "101"), "Error: "),
    ):
        code, out, err = run(capsys, "assets", *argv, db=db)
        assert code == 2 and message in err and "Traceback" not in err, err
    code, out, err = run(capsys, "assets", "depreciate", "--month", "2026-04", "--preview", db=db)
    assert code == 0 and "Por registrar en 2026-04: S/\u00a075.00 (nada se registró)." in out
    code, out, err = run(capsys, "assets", "depreciate", "--month", "2026-04", db=db)
    code, out, err = run(capsys, "assets", "retire", "AF-001", "--date", "20/05/2026", "--reason", "Robo", db=db)
    assert (code, err) == (0, "") and "Se dio de baja el activo AF-001 el 20/05/2026." in out
    code, out, err = run(capsys, "assets", "depreciate", "--month", "2026-05", db=db)
    assert code == 2 and "No hay activos que depreciar en 2026-05" in err
    code, out, err = run(capsys, "assets", "schedule", "AF-001", db=db)
    assert code == 0 and "2026-04" in out and "2026-05" not in out and "Total: S/\u00a0150.00." in out
    code, out, err = run(capsys, "assets", "list", db=db)
    assert code == 0 and "AF-001" in out and "de baja" in out

    register, schedule, sheet = tmp_path / "activos.pdf", tmp_path / "af-001.pdf", tmp_path / "activos.xlsx"
    assert run(capsys, "assets", "list", "--out", str(register), db=db)[0] == 0
    assert run(capsys, "assets", "schedule", "AF-001", "--out", str(schedule), db=db)[0] == 0
    assert run(capsys, "assets", "list", "--out", str(sheet), db=db)[0] == 0
    text = "".join(page.extract_text() for page in PdfReader(register).pages)
    assert "Registro de activos fijos" in text and "AF-001" in text and "3,600.00" in text
    text = "".join(page.extract_text() for page in PdfReader(schedule).pages)
    assert "Cuadro de depreciación del activo AF-001" in text and "150.00" in text and "03/2026" in text
    import openpyxl
    rows = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[1][0] == "AF-001" and rows[1][7] == 3600 and rows[1][8] == 150
