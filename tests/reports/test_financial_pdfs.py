"""The hoja de trabajo (A4 across), the Estado de resultados by function and the
classified Estado de situación financiera as real PDFs, read back with pdftotext:
the figures of tests/financial_book.py a contador checks."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from coopdesk.core.ledger_books import printable_balance_sheet, printable_income_statement, printable_worksheet
from coopdesk.reports.ledger_pdf import render_ledger_book
from coopdesk.reports.ledger_view import balance_sheet_view, income_statement_view, worksheet_view
from coopdesk.reports.worksheet_pdf import render_worksheet, worksheet_filename
from tests.financial_book import financial_book

END = date(2026, 4, 30)
PRINTED = date(2026, 5, 2)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = financial_book(f"sqlite:///{tmp_path_factory.mktemp('eeff-pdf') / 'libro.sqlite'}")
    yield book
    book.close()


def lines_of(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [re.sub(r"[ \u00a0]+", " ", line).strip(" ") for line in text.decode("utf-8").split("\n")]


def rendered(render, view) -> bytes:
    out = io.BytesIO()
    render(view, out)
    return out.getvalue()


def test_the_worksheet_prints_across_with_every_pair_closed_by_the_result(book):
    sheet, cooperative, start = printable_worksheet(book, END)
    pdf = rendered(render_worksheet, worksheet_view(sheet, cooperative, start, END, PRINTED))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 across
    lines = lines_of(pdf)
    assert "Cooperativa Agraria Tambopata HOJA DE TRABAJO" in lines
    assert "Periodo: del 01/01/2026 al 30/04/2026 Puerto Maldonado, 2 de mayo de 2026" in lines
    assert "Cuenta Denominación Debe Haber Deudor Acreedor Activo Pérdidas Ganancias Pérdidas Ganancias" in lines
    assert "1041 Cuentas corrientes en bancos 22,473.45 15,545.67 6,927.78 6,927.78" in lines
    assert "46993 Fondo de Prima de Comercio Justo 800.00 800.00 800.00" in lines
    assert ("69131 Costo de ventas: productos agropecuarios 12,000.00 12,000.00 12,000.00 12,000.00") in lines
    assert ("701311 Ventas: productos agropecuarios 37,450.00 37,450.00 37,450.00 37,450.00") in lines
    assert ("Totales 80,609.12 80,609.12 65,053.45 65,053.45 49,397.78 27,400.00 15,655.67 37,653.45 15,655.67 "
            "37,653.45") in lines
    assert "Utilidad del periodo 21,997.78 21,997.78 21,997.78" in lines
    assert ("Sumas iguales 80,609.12 80,609.12 65,053.45 65,053.45 49,397.78 49,397.78 37,653.45 37,653.45 "
            "37,653.45 37,653.45") in lines
    text = " ".join(lines)
    assert ("Cuadra: las sumas son S/ 80,609.12 y los saldos S/ 65,053.45, al debe y al haber; el resultado del "
            "periodo es el mismo en el Inventario, por naturaleza y por función: S/ 21,997.78.") in text
    assert "Contador Gerente" in lines
    assert worksheet_filename(start, END) == "hoja-de-trabajo-2026-01-01-2026-04-30.pdf"


def test_the_income_statement_by_function_prints_the_gross_margin_and_finance_apart(book):
    pdf = rendered(render_ledger_book, income_statement_view(*printable_income_statement(book, 2026, END), 2026,
                                                             END, PRINTED))
    lines = lines_of(pdf)
    start = lines.index("Cuenta Denominación Importe")
    assert lines[start + 1:start + 26] == [
        "701311 Ventas: productos agropecuarios S/ 37,450.00",
        "Ventas netas (ingresos de actividades ordinarias) S/ 37,450.00",
        "69131 Costo de ventas: productos agropecuarios -S/ 12,000.00",
        "Costo de ventas -S/ 12,000.00",
        "Utilidad bruta S/ 25,450.00",
        "631 Transporte y fletes -S/ 1,200.00",
        "Gastos de ventas y distribución -S/ 1,200.00",
        "621 Remuneraciones -S/ 2,000.00",
        "Gastos de administración -S/ 2,000.00",
        "759 Otros ingresos S/ 50.00",
        "Otros ingresos operativos S/ 50.00",
        "Otros gastos operativos S/ 0.00",
        "Utilidad operativa S/ 22,300.00",
        "772 Intereses de préstamos a socios S/ 123.45",
        "Ingresos financieros S/ 123.45",
        "673 Intereses y gastos financieros -S/ 345.67",
        "Gastos financieros -S/ 345.67",
        "676 Pérdida por diferencia de cambio -S/ 10.00",
        "776 Ganancia por diferencia de cambio S/ 30.00",
        "Diferencia de cambio, neta S/ 20.00",
        "Resultado antes del impuesto a la renta S/ 22,097.78",
        "881 Impuesto a la renta: corriente -S/ 100.00",
        "Impuesto a la renta -S/ 100.00",
        "Remanente del ejercicio S/ 21,997.78",
        "",
    ]
    assert "ESTADO DE RESULTADOS POR" in " ".join(lines)
    assert not any("46993" in line and "S/" in line for line in lines)  # the Premium is not income


def test_the_balance_sheet_prints_current_and_non_current_and_ties(book):
    pdf = rendered(render_ledger_book, balance_sheet_view(*printable_balance_sheet(book, END), END, PRINTED))
    lines = lines_of(pdf)
    start = lines.index("Cuenta Denominación Saldo")
    assert lines[start + 1:start + 28] == [
        "Activo",
        "Activo corriente",
        "1041 Cuentas corrientes en bancos S/ 6,927.78",
        "1212 Facturas por cobrar a compradores S/ 37,470.00",
        "Total activo corriente S/ 44,397.78",
        "Activo no corriente",
        "382 Depósitos en garantía a largo plazo S/ 5,000.00",
        "Total activo no corriente S/ 5,000.00",
        "Total activo S/ 49,397.78",
        "Pasivo",
        "Pasivo corriente",
        "40171 Impuesto a la renta de tercera categoría S/ 100.00",
        "46993 Fondo de Prima de Comercio Justo S/ 800.00",
        "Total pasivo corriente S/ 900.00",
        "Pasivo no corriente",
        "4961 Ingresos diferidos (subvención) S/ 1,500.00",
        "Total pasivo no corriente S/ 1,500.00",
        "Total pasivo S/ 2,400.00",
        "Patrimonio",
        "591 Excedentes por distribuir S/ 25,000.00",
        "Remanente del ejercicio (sin cerrar) S/ 21,997.78",
        "Total patrimonio S/ 46,997.78",
        "Total pasivo y patrimonio S/ 49,397.78",
        "",
        "Cuadra: el activo (S/ 49,397.78) es igual al pasivo (S/ 2,400.00) más el patrimonio",
        "(S/ 46,997.78).",
        "",
    ]
