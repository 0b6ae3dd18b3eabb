"""Batch payment from the command line: a draft, then the batch recorded with its
planilla (read back with pdftotext) and its bank file, then undone."""

import shutil
import subprocess
from decimal import Decimal as D

import pytest

from coopdesk.cli import main
from coopdesk.core import Book
from tests.cli.test_cli_distribution import setup
from tests.core.test_distribution_runs import CRITERIA_NAMED, published
from tests.people import LOGIN

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is needed")


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def unpaid(db) -> D:
    with Book.open(db, **LOGIN) as book:
        return sum((line.net for line in book.distributions.lines(1) if line.paid_on is None), D("0"))


def published_run(tmp_path):
    db, _criteria = setup(tmp_path)
    with Book.open(db, **LOGIN) as book:
        published(book, CRITERIA_NAMED)
    return db


def test_a_draft_then_the_batch_recorded_with_its_planilla_and_bank_file(tmp_path, capsys):
    db = published_run(tmp_path)
    assert main(["--db", db, "members", "bank-account", "s0002", "0021-9312345678901-223"]) == 0
    assert capsys.readouterr().out == ("S0002 cobrará los pagos en lote por banco, en la cuenta "
                                       "0021-9312345678901-223.\n")
    draft, csv = tmp_path / "borrador.pdf", tmp_path / "banco.csv"
    assert main(["--db", db, "distribution", "pay-batch", "1", "--all", "--planilla", str(draft),
                 "--bank-file", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "Sin cuenta bancaria (pagar en efectivo):" in out and "Borrador: no se registró ningún pago." in out
    assert "BORRADOR: estos pagos aún no están registrados." in text_of(draft)
    assert unpaid(db) == D("800.00")  # a draft records nothing

    before = unpaid(db)
    planilla = tmp_path / "planilla.pdf"
    assert main(["--db", db, "distribution", "pay-batch", "1", "--all", "--planilla", str(planilla),
                 "--bank-file", str(csv), "--confirm"]) == 0
    out = capsys.readouterr().out
    assert "2 socios, S/\xa0800.00: S/\xa0533.33 en efectivo y S/\xa0266.67 por banco." in out
    assert "Se registró el lote N.º 1 de la distribución N.º 1 (referencia «Lote 1»)." in out
    text = text_of(planilla)
    assert "Planilla de pagos N.º 1" in text and "Lote N.º 1 · fecha de pago 07/12/2026" in text
    rows = [line.split() for line in text.splitlines() if line.strip()[:1].isdigit() and "S/" in line]
    nets = [D(row[-1].replace(",", "")) for row in rows]
    assert [row[1] for row in rows] == ["S0001", "S0002"]  # Las Piedras, then Tambopata
    assert nets == [D("533.33"), D("266.67")]
    total = D(next(line for line in text.splitlines() if "Total general" in line).split()[-1].replace(",", ""))
    assert total == sum(nets) == before - unpaid(db) == D("800.00")
    assert csv.read_bytes().decode("utf-8").split("\r\n") == [
        "nro,tipo_documento,numero_documento,beneficiario,tipo_cuenta,cuenta,moneda,monto,referencia,codigo_socio",
        "1,DNI,42345678,CONDORI APAZA JUAN,CCI,00219312345678901223,PEN,266.67,Lote 1 Dist 1,S0002",
        ""]


def test_undo_a_batch_and_pay_a_list_again_with_its_proof(tmp_path, capsys):
    db = published_run(tmp_path)
    pdf, csv = tmp_path / "p.pdf", tmp_path / "b.csv"
    assert main(["--db", db, "distribution", "pay-batch", "1", "--all", "--planilla", str(pdf),
                 "--bank-file", str(csv), "--confirm"]) == 0
    assert main(["--db", db, "distribution", "undo-batch", "1"]) == 2
    assert main(["--db", db, "distribution", "undo-batch", "1", "--reason", "Fecha equivocada"]) == 0
    assert capsys.readouterr().out.endswith(
        "Se deshizo el lote N.º 1: 2 pagos revertidos en la contabilidad (S/\xa0800.00).\n")
    assert unpaid(db) == D("800.00")
    scan = tmp_path / "firmada.jpg"
    scan.write_bytes(b"\xff\xd8 planilla firmada")
    assert main(["--db", db, "distribution", "pay-batch", "1", "--members", "S0002,s0001", "--planilla", str(pdf),
                 "--bank-file", str(csv), "--confirm", "--proof", str(scan)]) == 0
    out = capsys.readouterr().out
    assert "Se registró el lote N.º 2" in out and "Comprobante guardado en el libro: firmada.jpg" in out
    assert unpaid(db) == D("0.00")
    # only a header: nobody has a bank account
    assert csv.read_bytes().count(b"\r\n") == 1
    assert main(["--db", db, "distribution", "batches", "1"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[2].split()[:4] == ["1", "1", "07/12/2026", "2"] and "Fecha equivocada" in listing[2]
    assert listing[3].split()[:4] == ["2", "1", "07/12/2026", "2"] and listing[-1] == "2 lotes"
    again = tmp_path / "otra.pdf"
    assert main(["--db", db, "distribution", "batch", "2", "--planilla", str(again)]) == 0
    text = text_of(again)
    assert "Planilla de pagos N.º 2" in text and "REIMPRESIÓN n.º 1" in text


def test_mistakes_are_spanish_messages_with_exit_status_2_and_nothing_recorded(tmp_path, capsys):
    db = published_run(tmp_path)
    pdf, csv = tmp_path / "p.pdf", tmp_path / "b.csv"
    assert main(["--db", db, "distribution", "pay-batch", "1", "--zone", "XX", "--planilla", str(pdf),
                 "--bank-file", str(csv)]) == 2
    assert "No existe la zona XX." in capsys.readouterr().err
    assert main(["--db", db, "distribution", "pay-batch", "1", "--members", "S0003", "--planilla",
                 str(tmp_path / "p.txt"), "--bank-file", str(csv), "--confirm"]) == 2
    assert capsys.readouterr().err.endswith("p.txt debe terminar en .pdf.\n")
    assert main(["--db", db, "distribution", "pay-batch", "1", "--members", "S0003,S0009", "--planilla", str(pdf),
                 "--bank-file", str(csv), "--confirm"]) == 2
    err = capsys.readouterr().err
    assert "S0003 no tiene nada que cobrar en la distribución N.º 1." in err and "No existe el socio S0009." in err
    assert "Traceback" not in err
    assert main(["--db", db, "members", "bank-account", "S0001", "12-AB"]) == 2
    assert unpaid(db) == D("800.00") and not pdf.exists()
