"""``coopdesk ledger print``: the books as PDFs from the command line, named as
the contador files them, with the figures of the books; a Spanish message and
exit status 2 for a mistake, and then no file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import ok, run
from tests.cli.test_cli_ledger import COST, FREIGHT, SALE
from tests.conftest import make_book

CASH_IN = ("ledger", "post", "--date", "05/01/2026", "--description", "Aporte a la reserva en efectivo",
           "--line", "101:50000:0", "--line", "582:0:50000")
PREMIUM = ("ledger", "post", "--date", "06/04/2026", "--description", "Prima de Comercio Justo del lote 12",
           "--line", "1041:2000:0", "--line", "46993:0:2000")


def text_of(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return [re.sub(r"[ \u00a0]+", " ", line).strip() for line in text.decode("utf-8").splitlines()]


@pytest.fixture
def db(tmp_path, capsys) -> str:
    path = str(tmp_path / "coop.sqlite")
    make_book(path).close()
    for entry in (CASH_IN, SALE, COST, FREIGHT, PREMIUM):
        ok(capsys, *entry, db=path)
    return path


def test_the_diario_into_a_folder_takes_its_own_name(capsys, db, tmp_path):
    out = ok(capsys, "ledger", "print", "diario", "--from", "01/03/2026", "--to", "30/04/2026",
             "--out", str(tmp_path), db=db)
    pdf = tmp_path / "libro-diario-2026-03-01-2026-04-30.pdf"
    assert out == f"Se guardó «Libro Diario, del 01/03/2026 al 30/04/2026» en {pdf}.\n"
    lines = text_of(pdf)
    assert "Cooperativa Agraria Tambopata LIBRO DIARIO" in lines
    assert "RUC 20600123450" in lines
    assert any(line.startswith("2026-000002 10/03/2026 Venta lote 12 a Exportadora del Sur F001-000045 1212 ")
               for line in lines)
    assert "2026-000004 02/04/2026 Flete a Puerto Maldonado 631 Transporte y fletes S/ 1,200.00" in lines
    assert "Totales (4 asientos) S/ 70,650.00 S/ 70,650.00" in lines
    assert any(line.endswith("Página 1 de 1") for line in lines)


def test_the_libro_caja_y_bancos_with_its_saldo_anterior(capsys, db, tmp_path):
    ok(capsys, "ledger", "print", "mayor", "--account", "101", "--account", "1041", "--from", "2026-03-01",
       "--to", "2026-04-30", "--out", str(tmp_path), db=db)
    lines = text_of(tmp_path / "libro-caja-y-bancos-101-1041-2026-03-01-2026-04-30.pdf")
    assert "Cooperativa Agraria Tambopata LIBRO CAJA Y BANCOS" in lines
    start = lines.index("Cuenta 101 Caja (cuenta de activo, saldo deudor)")
    assert lines[start + 4:start + 9] == [
        "operación Diario Descripción o glosa de la operación Deudor Acreedor Saldo",
        "01/03/2026 Saldo anterior S/ 50,000.00 S/ 50,000.00",
        "20/03/2026 2026-000003 Costo del acopio de marzo S/ 30,000.00 S/ 20,000.00",
        "02/04/2026 2026-000004 Flete a Puerto Maldonado S/ 1,200.00 S/ 18,800.00",
        "Totales S/ 50,000.00 S/ 31,200.00 S/ 18,800.00",
    ]
    assert "06/04/2026 2026-000005 Prima de Comercio Justo del lote 12 S/ 2,000.00 S/ 2,000.00" in lines


def test_the_fondo_de_prima_and_a_title_of_ones_own(capsys, db, tmp_path):
    out_file = tmp_path / "prima.pdf"
    ok(capsys, "ledger", "print", "mayor", "--account", "46993", "--title", "Fondo de Prima 2026",
       "--out", str(out_file), db=db)
    lines = text_of(out_file)
    assert lines[0] == "Cooperativa Agraria Tambopata FONDO DE PRIMA 2026"
    assert "Cuenta 46993 Fondo de Prima de Comercio Justo (cuenta de pasivo, saldo acreedor)" in lines


def test_the_statements(capsys, db, tmp_path):
    ok(capsys, "ledger", "print", "balance", "--to", "31/12/2026", "--out", str(tmp_path), db=db)
    lines = text_of(tmp_path / "balance-comprobacion-2026-12-31.pdf")
    assert "Totales S/ 120,650.00 S/ 120,650.00 S/ 89,450.00 S/ 89,450.00" in lines

    ok(capsys, "ledger", "print", "resultados", "--year", "2026", "--out", str(tmp_path), db=db)
    lines = text_of(tmp_path / "estado-resultados-2026.pdf")
    # 37,450.00 − 30,000.00 − 1,200.00
    assert "Remanente del ejercicio S/ 6,250.00" in lines
    assert "Utilidad bruta S/ 7,450.00" in lines  # by function: 37,450.00 − 30,000.00

    ok(capsys, "ledger", "print", "situacion", "--date", "31/12/2026", "--out", str(tmp_path), db=db)
    lines = text_of(tmp_path / "situacion-financiera-2026-12-31.pdf")
    # Caja 18,800.00 + bancos 2,000.00 + facturas 37,450.00 = Fondo 2,000.00 + reserva 50,000.00 + remanente 6,250.00
    assert "Total activo S/ 58,250.00" in lines
    assert "Total pasivo S/ 2,000.00" in lines
    assert "Total patrimonio S/ 56,250.00" in lines
    assert "Total pasivo y patrimonio S/ 58,250.00" in lines
    assert any(line.startswith("Contador") and line.endswith("Gerente") for line in lines)


def test_english_names_of_the_books_work_too(capsys, db, tmp_path):
    ok(capsys, "ledger", "print", "balance-sheet", "--date", "2026-04-30", "--out", str(tmp_path), db=db)
    assert (tmp_path / "situacion-financiera-2026-04-30.pdf").is_file()


def test_mistakes_are_refused_in_spanish_and_nothing_is_written(capsys, db, tmp_path):
    code, out, err = run(capsys, "ledger", "print", "mayor", "--account", "999", "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert "No existe la cuenta 999." in err
    code, out, err = run(capsys, "ledger", "print", "diario", "--from", "02/03/2026", "--to", "01/03/2026",
                         "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert "La fecha de --from (02/03/2026) es posterior a la de --to (01/03/2026)." in err
    code, out, err = run(capsys, "ledger", "print", "resultados", "--year", "2026", "--to", "31/03/2025",
                         "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert "no es del ejercicio 2026" in err
    assert list(tmp_path.glob("*.pdf")) == []


ADVANCES = ("ledger", "post", "--date", "01/03/2026", "--description", "Adelantos de marzo",
            "--line", "14222:500:0:S0001", "--line", "14222:300:0:S0002", "--line", "101:0:800")


def test_the_cuentas_de_socios_of_an_account_on_a_date(capsys, db, tmp_path):
    ok(capsys, *ADVANCES, db=db)
    out = ok(capsys, "ledger", "print", "socios", "--account", "14222", "--date", "26/11/2026",
             "--out", str(tmp_path), db=db)
    pdf = tmp_path / "cuentas-socios-14222-2026-11-26.pdf"
    assert out == f"Se guardó «Cuentas de socios: 14222 — Adelantos a socios, al 26/11/2026» en {pdf}.\n"
    lines = text_of(pdf)
    assert lines[0] == "Cooperativa Agraria Tambopata CUENTAS DE SOCIOS: 14222 —"
    assert "Al 26/11/2026" in lines
    header = lines.index("Código Apellidos y nombres Saldo")
    assert lines[header + 1:header + 4] == [
        "S0001 Quispe Mamani, Rosa S/ 500.00",
        "S0002 Condori Apaza, Juan S/ 300.00",
        "Total (2 socios) S/ 800.00",
    ]
    assert "Cuadra con la cuenta 14222 del balance de comprobación: S/ 800.00" in lines
    assert any(line.endswith("Página 1 de 1") for line in lines)


def test_the_cuentas_de_socios_in_english_into_a_file_of_ones_own(capsys, db, tmp_path):
    ok(capsys, *ADVANCES, db=db)
    pdf = tmp_path / "adelantos.pdf"
    out = ok(capsys, "ledger", "print", "members", "--account", "14222", "--out", str(pdf), db=db)
    assert out.endswith(f"» en {pdf}.\n")
    assert "Total (2 socios) S/ 800.00" in text_of(pdf)


def test_only_a_member_account_prints_as_cuentas_de_socios(capsys, db, tmp_path):
    code, out, err = run(capsys, "ledger", "print", "socios", "--account", "101", "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert "La cuenta 101 Caja no es una cuenta de socios. Las cuentas de socios son: 14221, 14222, 14223" in err
    code, out, err = run(capsys, "ledger", "print", "socios", "--account", "999", "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert "No existe la cuenta 999." in err
    code, out, err = run(capsys, "ledger", "print", "socios", "--account", "14222", "--date", "31/02/2026",
                         "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_statement_dated_in_a_period_not_closed_says_provisional(capsys, db, tmp_path):
    """The period's close is the ledger's (``ledger close``): the Estado de situación
    al 30/04/2026 is PROVISIONAL until April is closed, and not after; the Balance
    de comprobación and the Estado de resultados follow the same rule."""
    (tmp_path / "open").mkdir()
    (tmp_path / "closed").mkdir()
    ok(capsys, "ledger", "print", "situacion", "--date", "30/04/2026", "--out", str(tmp_path / "open"), db=db)
    lines = text_of(tmp_path / "open" / "situacion-financiera-2026-04-30.pdf")
    assert "PROVISIONAL: el periodo 04/2026 no está cerrado" in lines
    assert "Las cifras pueden cambiar hasta el cierre del periodo en la contabilidad." in lines
    assert "Total activo S/ 58,250.00" in lines  # the figures are the same: only the mark says they may change
    ok(capsys, "ledger", "print", "balance", "--to", "30/04/2026", "--out", str(tmp_path / "open"), db=db)
    assert "PROVISIONAL: el periodo 04/2026 no está cerrado" in text_of(
        tmp_path / "open" / "balance-comprobacion-2026-04-30.pdf")
    ok(capsys, "ledger", "print", "resultados", "--year", "2026", "--out", str(tmp_path / "open"), db=db)
    assert "PROVISIONAL: el periodo 12/2026 no está cerrado" in text_of(tmp_path / "open" / "estado-resultados-2026.pdf")

    for month in ("2026-01", "2026-03", "2026-04"):  # forward only (February, with no entries, closes with March)
        ok(capsys, "ledger", "close", month, db=db)
    for args, name in ((("situacion", "--date", "30/04/2026"), "situacion-financiera-2026-04-30.pdf"),
                       (("balance", "--to", "30/04/2026"), "balance-comprobacion-2026-04-30.pdf")):
        ok(capsys, "ledger", "print", *args, "--out", str(tmp_path / "closed"), db=db)
        lines = text_of(tmp_path / "closed" / name)
        assert not [line for line in lines if "PROVISIONAL" in line]
    assert "Total activo S/ 58,250.00" in text_of(tmp_path / "closed" / "situacion-financiera-2026-04-30.pdf")
    # a day of May, the month after the close, is still provisional
    ok(capsys, "ledger", "print", "situacion", "--date", "01/05/2026", "--out", str(tmp_path / "closed"), db=db)
    assert "PROVISIONAL: el periodo 05/2026 no está cerrado" in text_of(
        tmp_path / "closed" / "situacion-financiera-2026-05-01.pdf")
