"""A product's kardex printed as SUNAT's formato 13.1 (PDF and XLSX) for a month and a
year: the header's fields, and every figure read back from the files is the core's
kardex (``book.sales.kardex``)."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from coopdesk.cli import main
from coopdesk.core import Book
from coopdesk.i18n.formatting import format_date, format_number
from tests.conftest import cacao, cash_in_hand, make_book
from tests.people import LOGIN
from tests.scenarios.test_opening_stock import OPENING, SALE

DATE = re.compile(r"^\d\d/\d\d/\d{4}$")


@pytest.fixture
def db(tmp_path) -> str:
    """The opening stock (01/03: 500 kg, S/ 7,500.00), Rosa's ticket on 04/03, the sale of 300 kg on 10/04 and two
    tickets on 15/04."""
    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    cash_in_hand(book, day=date(2026, 3, 1))
    book.opening_stock.record(OPENING)
    book.deliveries.record(cacao("001-000001"))
    book.sales.record(SALE)
    book.deliveries.record(cacao("001-000002", date=date(2026, 4, 15)))
    book.deliveries.record(cacao("001-000003", date=date(2026, 4, 15)))
    book.close()
    return path


def pdf_rows(path) -> tuple[str, list[list[str]]]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    rows = [line.split() for line in text.splitlines()]
    return text, [row for row in rows if row and (DATE.match(row[0]) or row[0] == "Totales")]


def kg(value: D) -> str:
    return format_number(value, 3)


def money(value: D) -> str:
    return format_number(value, 2)


def unit(value: D, kilos: D) -> str:
    return money((value / kilos).quantize(D("0.01")))


def test_a_month_in_formato_13_1_is_the_core_kardex(db, tmp_path, capsys):
    pdf, xlsx = tmp_path / "kardex.pdf", tmp_path / "kardex.xlsx"
    assert main(["--db", db, "sales", "kardex", "CACAO-SECO", "--certification", "organico", "--period", "2026-04",
                 "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    capsys.readouterr()
    with Book.open(db, **LOGIN) as book:
        march, sale, april = book.sales.kardex("CACAO-SECO", "organico")[1:]
    text, rows = pdf_rows(pdf)
    for field in ("Periodo: 2026-04", "RUC: 20600123450", "Cooperativa Agraria Tambopata",
                  "Establecimiento: Jr. Loreto 245", "Código de la existencia: CACAO-SECO",
                  "Tipo (tabla 5): 01 Mercaderías", "Descripción: Cacao grano seco, orgánico",
                  "Código de la unidad de medida (tabla 6): 01 Kilogramos", "Método de valuación: Promedio ponderado"):
        assert field in re.sub(r" {2,}", " ", text).replace("razón\n social", "razón social")
    assert rows == [
        # saldo inicial of April: the kardex's balance after 04/03 (tabla 12: 16), in the saldo columns only
        ["01/04/2026", "00", "16", kg(march.kg), unit(march.value, march.kg), money(march.value)],
        # the sale: factura (tabla 10: 01), serie F001, número 000045, venta (01)
        [format_date(sale.date), "01", "F001", "000045", "01", kg(sale.kg_out), unit(sale.value_out, sale.kg_out),
         money(sale.value_out), kg(sale.kg), unit(sale.value, sale.kg), money(sale.value)],
        # the day's two tickets: tipo 00, serie 001, números 000002-000003, compra (02)
        [format_date(april.date), "00", "001", "000002-000003", "02", kg(april.kg_in),
         unit(april.value_in, april.kg_in), money(april.value_in), kg(april.kg), unit(april.value, april.kg),
         money(april.value)],
        ["Totales", kg(april.kg_in), money(april.value_in), kg(sale.kg_out), money(sale.value_out)]]
    assert rows[1][5:] == ["300.000", "15.68", "4,703.36", "320.100", "15.68", "5,018.49"]
    assert rows[2][5:] == ["240.200", "18.50", "4,443.70", "560.300", "16.89", "9,462.19"]

    sheet = openpyxl.load_workbook(xlsx).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[1][:2] == ["Periodo", "2026-04"] and values[6][:2] == ["Tipo (tabla 5)", "01 Mercaderías"]
    table = values[values.index(next(r for r in values if r[0] == "Fecha")) + 1:]
    assert [r[0].date() if hasattr(r[0], "date") else r[0] for r in table] == [
        date(2026, 4, 1), sale.date, april.date, "Totales"]
    assert [D(str(v)) if v is not None else None for v in table[1][5:]] == [
        None, None, None, sale.kg_out, D("15.68"), sale.value_out, sale.kg, D("15.68"), sale.value]
    assert [D(str(v)) for v in (table[2][5], table[2][7], table[2][11], table[2][13])] == [
        april.kg_in, april.value_in, april.kg, april.value]


def test_a_year_starts_with_the_opening_stock(db, tmp_path, capsys):
    pdf = tmp_path / "kardex-2026.pdf"
    assert main(["--db", db, "sales", "kardex", "CACAO-SECO", "--certification", "organico", "--period", "2026",
                 "--pdf", str(pdf)]) == 0
    capsys.readouterr()
    _text, rows = pdf_rows(pdf)
    assert [row[:3] for row in rows[:2]] == [["01/03/2026", "00", "16"], ["04/03/2026", "00", "001"]]
    assert rows[0][3:] == ["500.000", "15.00", "7,500.00"]
    assert rows[-1] == ["Totales", "360.300", "6,665.55", "300.000", "4,703.36"]   # the opening stock is no entrada


def test_a_bad_period_is_refused(db, tmp_path, capsys):
    assert main(["--db", db, "sales", "kardex", "CACAO-SECO", "--certification", "organico", "--period", "2026-13",
                 "--pdf", str(tmp_path / "k.pdf")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "«2026-13» no es un periodo: escriba un mes como 2026-03 o un año como 2026." in err
    assert main(["--db", db, "sales", "kardex", "CACAO-SECO", "--certification", "organico", "--xlsx",
                 str(tmp_path / "k.xlsx")]) == 2
    assert "Diga el periodo del formato 13.1 con --period" in capsys.readouterr().err
    assert not (tmp_path / "k.pdf").exists() and not (tmp_path / "k.xlsx").exists()


def test_the_largest_figures_never_wrap(tmp_path, capsys):
    """Ten thousand tonnes less a gram, worth S/ 99,999,999.99, and a year of many days: every figure stays on
    its line, the header repeated on each page."""
    from coopdesk.domain.sales import OpeningStockInput

    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    cash_in_hand(book, day=date(2026, 1, 1))
    book.opening_stock.record(OpeningStockInput(date(2026, 1, 2), "CACAO-SECO", "organico", D("9999999.999"),
                                                D("99999999.99")))
    for n in range(1, 61):
        book.deliveries.record(cacao(f"001-{n:06d}", date=date(2026, 1 + n // 28, 1 + n % 28)))
    lines = book.sales.kardex("CACAO-SECO", "organico")
    book.close()
    pdf = tmp_path / "grande.pdf"
    assert main(["--db", path, "sales", "kardex", "CACAO-SECO", "--certification", "organico", "--period", "2026",
                 "--pdf", str(pdf)]) == 0
    capsys.readouterr()
    text, rows = pdf_rows(pdf)
    assert rows[0] == ["02/01/2026", "00", "16", "9,999,999.999", "10.00", "99,999,999.99"]
    assert [row[-3:] for row in rows[1:-1]] == [[kg(k.kg), unit(k.value, k.kg), money(k.value)] for k in lines[1:]]
    assert text.count("Saldo final") >= 2   # more than one page, each with its header
