"""``coopdesk parties`` and ``coopdesk registers``: a RUC refused in Spanish with exit
status 2; a sale and an expense with their comprobante typed at the command line;
the registers of the month written with SUNAT's names."""

from tests.cli.helpers import run
from tests.conftest import cacao, cash_in_hand, make_book
from tests.core.test_registers import EXPORTER, SUPPLIER

import pytest


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    book.close()
    return path


def test_parties_documents_and_the_registers(db, capsys, tmp_path):
    code, out, err = run(capsys, "parties", "add", "--type", "6", "--document", "20456789015", "--name", "X", db=db)
    assert code == 2 and "El RUC 20456789015 no es válido" in err and "Traceback" not in err
    for document, name in ((EXPORTER, "Exportadora del Sur S.A.C."), (SUPPLIER, "Comercial Madre de Dios S.R.L.")):
        code, out, err = run(capsys, "parties", "add", "--type", "6", "--document", document, "--name", name, db=db)
        assert (code, err) == (0, "")
    code, out, err = run(capsys, "sales", "add", "--date", "10/04/2026", "--buyer", "Exportadora del Sur",
                         "--product", "CACAO-SECO", "--certification", "organico", "--kg", "50", "--price", "6",
                         "--currency", "USD", "--rate", "3.7450", "--party", EXPORTER, "--comprobante", "01",
                         "--serie", "F001", "--numero", "000045", "--igv", "exportacion", db=db)
    assert (code, err) == (0, ""), err
    code, out, err = run(capsys, "expenses", "add", "--date", "15/04/2026", "--account", "656", "--description",
                         "Sacos", "--amount", "590.00", "--paid-from", "101", "--party", SUPPLIER, "--comprobante",
                         "01", "--serie", "F002", "--numero", "00001240", "--igv", "gravado", "--no-cooperativo", db=db)
    assert (code, err) == (0, ""), err
    code, out, err = run(capsys, "registers", "--month", "2026-04", "--out", str(tmp_path / "sunat"), db=db)
    assert code == 2 and "El periodo 2026-04 está abierto" in err  # the CUO is given when the month closes
    for month in ("2026-01", "2026-03", "2026-04"):
        assert run(capsys, "ledger", "close", month, db=db)[0] == 0
    code, out, err = run(capsys, "registers", "--month", "2026-04", "--out", str(tmp_path / "sunat"), db=db)
    assert (code, err) == (0, ""), err
    ventas = (tmp_path / "sunat" / "LE2060012345020260400140100001111.txt").read_bytes().decode("latin-1")
    compras = (tmp_path / "sunat" / "LE2060012345020260400080100001111.txt").read_bytes().decode("latin-1")
    assert ventas == ("20260400|2026000003|M1|10/04/2026||01|F001|000045||6|20456789014|Exportadora del Sur "
                      "S.A.C.|1123.50|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|1123.50|USD|3.745||||||||"
                      "1|\r\n")
    assert compras == ("20260400|2026000004|M1|15/04/2026||01|F002||00001240||6|20123456786|Comercial Madre de Dios "
                       "S.R.L.|500.00|90.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|590.00|PEN|1.000||||||||||||||||"
                       "1|\r\n")
    assert "no cooperativo  gravado" in out and "S/\u00a0500.00" in out and "S/\u00a090.00" in out


def test_a_gravado_sale_and_its_nota_de_credito_at_the_command_line(db, capsys, tmp_path):
    run(capsys, "parties", "add", "--type", "6", "--document", EXPORTER, "--name", "Exportadora del Sur S.A.C.", db=db)
    code, out, err = run(capsys, "sales", "add", "--date", "10/04/2026", "--buyer", "Exportadora del Sur",
                         "--product", "CACAO-SECO", "--certification", "organico", "--kg", "10", "--price", "118",
                         "--party", EXPORTER, "--comprobante", "01", "--serie", "F001", "--numero", "000046",
                         "--igv", "gravado", "--no-cooperativo", db=db)
    assert (code, err) == (0, ""), err
    code, out, err = run(capsys, "sales", "credit-note", "1", "--date", "20/04/2026", "--serie", "FC01",
                         "--numero", "000007", "--amount", "1180.01", "--reason", "Descuento", db=db)
    assert code == 2 and "no puede pasar de lo que queda de la venta: 1,180.00 PEN" in err and "Traceback" not in err
    code, out, err = run(capsys, "sales", "credit-note", "1", "--date", "20/04/2026", "--serie", "FC01",
                         "--numero", "000007", "--amount", "590.00", "--reason", "Descuento", db=db)
    assert (code, err) == (0, ""), err
    assert out == ("Se registró la nota de crédito FC01-000007 de la venta N.º 1: asiento 2026-000004; base "
                   "S/\u00a0500.00, IGV S/\u00a090.00, total S/\u00a0590.00.\n")
    for month in ("2026-01", "2026-03", "2026-04"):
        assert run(capsys, "ledger", "close", month, db=db)[0] == 0
    code, out, err = run(capsys, "registers", "--month", "2026-04", "--out", str(tmp_path / "sunat"), db=db)
    ventas = (tmp_path / "sunat" / "LE2060012345020260400140100001111.txt").read_bytes().decode("latin-1")
    assert ventas.split("\r\n")[1] == (
        "20260400|2026000004|M3|20/04/2026||07|FC01|000007||6|20456789014|Exportadora del Sur S.A.C.|0.00|-500.00|"
        "0.00|-90.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|-590.00|PEN|1.000|10/04/2026|01|F001|000046||||1|")
