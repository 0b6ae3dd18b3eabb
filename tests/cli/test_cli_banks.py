"""``coopdesk banks``: accounts by bank and currency, the SBS rates imported from a
file, the month-end revaluation and the reconciliation with its PDF; a mistake is a
Spanish message, exit status 2, no traceback and nothing written."""

from datetime import date
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from coopdesk.core import Book
from tests.cli.helpers import run
from tests.conftest import make_book
from tests.core.test_banks import RATES, STATEMENT, _bank_month, _usd
from tests.people import LOGIN
from coopdesk.domain.ledger import EntryInput, LineInput


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    _bank_month(book)   # 10411, in soles
    book.close()
    return path


def test_rates_revaluation_and_balances(db, capsys, tmp_path):
    (tmp_path / "tc.csv").write_text(RATES, encoding="utf-8")
    code, out, err = run(capsys, "banks", "rates", "import", str(tmp_path / "tc.csv"), db=db)
    assert (code, err) == (0, "") and "5 días nuevos, 0 ya estaban (del 27/02/2026 al 30/04/2026)" in out
    code, out, err = run(capsys, "banks", "rates", "show", "--date", "01/03/2026", db=db)
    assert out.strip() == "Tipo de cambio del 01/03/2026 (publicado el 27/02/2026): compra 3.7410, venta 3.7480."
    code, out, err = run(capsys, "banks", "add", "--bank", "BBVA", "--number", "0011-0123-0100012345",
                         "--currency", "usd", "--entity", "11", db=db)
    assert (code, err) == (0, "") and "subcuenta 10412" in out
    book = Book.open(db, **LOGIN)
    book.ledger.post(EntryInput(date(2026, 3, 2), "Préstamo en dólares", (
        _usd("10412", "debit", "10000.00", "3.7000"), LineInput("451", credit=D("37000.00")))))
    assert book.settings.ple_bank_accounts["10412"].entity == "11"
    book.close()
    code, out, err = run(capsys, "banks", "revalue", "--month", "2026-03", db=db)
    assert (code, err) == (0, "")
    assert "S/\u00a0450.00" in out and "Diferencia de cambio al 31/03/2026: asiento 2026-000006." in out
    code, out, err = run(capsys, "banks", "list", "--date", "31/03/2026", db=db)
    assert "US$ 10,000.00" in out and "S/\u00a037,450.00" in out and "S/\u00a054,150.00" in out


def test_a_reconciliation_with_its_pdf(db, capsys, tmp_path):
    (tmp_path / "estado.csv").write_text(STATEMENT, encoding="utf-8")
    pdf = tmp_path / "conciliacion.pdf"
    code, out, err = run(capsys, "banks", "reconcile", "10411", str(tmp_path / "estado.csv"), "--pdf", str(pdf), db=db)
    assert (code, err) == (0, "")
    assert "Conciliados: 3" in out and "CH-0042" in out
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("Conciliación bancaria del 01/03/2026 al 31/03/2026", "S/ 54,150.00", "S/ 57,132.15",
                     "Diferencia sin explicar", "S/ 0.00", "ITF", "S/ -2.85", "CH-0042", "S/ -3,000.00"):
        assert expected in text, expected


def test_bad_input_is_a_spanish_message(db, capsys, tmp_path):
    code, out, err = run(capsys, "banks", "revalue", "--month", "2026-13", db=db)
    assert code == 2 and "«2026-13» no es un mes: escríbalo como 2026-11." in err and "Traceback" not in err
    code, out, err = run(capsys, "banks", "revalue", "--month", "2026-03", db=db)
    assert code == 2 and "No hay tipo de cambio del 31/03/2026" in err
    (tmp_path / "tc.csv").write_text("Fecha;Compra;Venta\n02/03/2026;3,7550;3,7520\n", encoding="utf-8")
    code, out, err = run(capsys, "banks", "rates", "import", str(tmp_path / "tc.csv"), db=db)
    assert code == 2 and "Fila 2: La compra (3.7550) no puede ser mayor que la venta (3.7520)." in err
    code, out, err = run(capsys, "banks", "add", "--bank", "BCP", "--number", "1", "--currency", "EUR", db=db)
    assert code == 2 and "La moneda debe ser PEN o USD." in err
    code, out, err = run(capsys, "banks", "reconcile", "10499", str(tmp_path / "tc.csv"), db=db)
    assert code == 2 and "No existe la cuenta bancaria 10499." in err
