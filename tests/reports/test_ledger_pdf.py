"""The printed books of the ledger as real PDFs, read back with pdftotext: the
figures a contador checks.

The season (a SQLite book posted through the core): on 05/01/2026 the Reserva
Cooperativa brings S/ 50,000.00 in cash; on 10/03 lot 12 is sold for US$
10,000.00 at 3.7450 (S/ 37,450.00, invoice F001-000045); on 20/03 the intake
costs S/ 30,000.00 in cash; on 02/04 the freight S/ 1,234.56 in cash; on 05/04
the invoice is collected in the bank; on 06/04 the Fairtrade Premium of S/
2,000.00 arrives in the bank for the Fondo. So on 30/04 Caja has S/ 18,765.44,
the bank S/ 39,450.00, the Fondo S/ 2,000.00, and the remanente is
37,450.00 − 30,000.00 − 1,234.56 = S/ 6,215.44.
"""

from __future__ import annotations

import io
import re
import subprocess
import time
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from coopdesk.core.ledger_books import (
    printable_balance_sheet,
    printable_income_statement,
    printable_journal,
    printable_mayor,
    printable_member_ledger,
    printable_trial_balance,
)
from coopdesk.core.errors import InvalidInput, NotFound
from coopdesk.domain.ledger import AccountBalance, EntryInput, EntryRow, LineInput, LineRow, MemberLedger
from coopdesk.domain.statement import CooperativeInfo
from tests.conftest import cash_in_hand, cash_is_not_the_subject
from coopdesk.reports.ledger_pdf import (
    balance_sheet_filename,
    income_statement_filename,
    journal_filename,
    mayor_filename,
    member_ledger_filename,
    render_ledger_book,
    trial_balance_filename,
)
from coopdesk.reports.ledger_view import (
    balance_sheet_view,
    income_statement_view,
    journal_view,
    mayor_view,
    member_ledger_view,
    trial_balance_view,
)

PRINTED = date(2026, 11, 25)
START, END = date(2026, 3, 1), date(2026, 4, 30)
COOP = CooperativeInfo("Cooperativa Agraria Tambopata", "20600123450", "Jr. Loreto 245", "Puerto Maldonado", "es_PE")


def render(view) -> bytes:
    out = io.BytesIO()
    render_ledger_book(view, out)
    return out.getvalue()


def text_of(pdf: bytes) -> str:
    """pdftotext -layout, each line's runs of spaces (and no-break spaces) made one space."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return "\n".join(re.sub(r"[ \u00a0]+", " ", line).strip(" ") for line in text.decode("utf-8").split("\n"))


def lines_of(pdf: bytes) -> list[str]:
    return text_of(pdf).splitlines()


def post(book, day: date, glosa: str, *lines: LineInput, reference: str = "") -> int:
    return book.ledger.post(EntryInput(day, glosa, lines, reference))


def season(book) -> None:
    post(book, date(2026, 1, 5), "Aporte a la reserva en efectivo",
         LineInput("101", debit=D("50000.00")), LineInput("582", credit=D("50000.00")))
    post(book, date(2026, 3, 10), "Venta lote 12 a Exportadora del Sur",
         LineInput("1212", debit=D("37450.00"), currency="USD", foreign_amount=D("10000.00"),
                   exchange_rate=D("3.7450")),
         LineInput("701311", credit=D("37450.00")), reference="F001-000045")
    post(book, date(2026, 3, 20), "Costo del acopio de marzo",
         LineInput("69131", debit=D("30000.00")), LineInput("101", credit=D("30000.00")))
    post(book, date(2026, 4, 2), "Flete a Puerto Maldonado",
         LineInput("631", debit=D("1234.56")), LineInput("101", credit=D("1234.56")))
    post(book, date(2026, 4, 5), "Cobro de la factura F001-000045",
         LineInput("1041", debit=D("37450.00")), LineInput("1212", credit=D("37450.00")))
    post(book, date(2026, 4, 6), "Prima de Comercio Justo del lote 12",
         LineInput("1041", debit=D("2000.00")), LineInput("46993", credit=D("2000.00")))


@pytest.fixture
def book(sqlite_book):
    season(sqlite_book)
    return sqlite_book


# -- Libro Diario --------------------------------------------------------------------------------


def test_the_diario_lists_each_entry_with_its_lines_and_totals_and_the_grand_total(book):
    """Formato 5.1: number, date, glosa and referencia (libro, correlativo,
    documento) on the entry's first row, then each line's account, debe, haber."""
    view = journal_view(*printable_journal(book, START, END), START, END, PRINTED)
    lines = lines_of(render(view))
    header = next(i for i, line in enumerate(lines) if line.endswith("Cuenta Denominación Detalle Debe Haber"))
    titles = " ".join(lines[header - 3:header + 1])
    for title in ("N.º", "correlativo", "del asiento", "Fecha de", "operación", "Glosa o descripción de la",
                  "Libro", "(tabla", "8)", "documento", "sustentatorio"):
        assert title in titles, title
    expected = [  # the glosa runs down the entry's rows, next to its lines
        "2026-000002 10/03/2026 Venta lote 12 a Exportadora F001-000045 1212 Facturas por cobrar a compradores "
        "US$ 10,000.00 × 3.7450 S/ 37,450.00",
        "del Sur 701311 Ventas: productos agropecuarios S/ 37,450.00",
        "2026-000003 20/03/2026 Costo del acopio de marzo 69131 Costo de ventas: productos agropecuarios "
        "S/ 30,000.00",
        "101 Caja S/ 30,000.00",
        "2026-000004 02/04/2026 Flete a Puerto Maldonado 631 Transporte y fletes S/ 1,234.56",
        "101 Caja S/ 1,234.56",
        "2026-000005 05/04/2026 Cobro de la factura 1041 Cuentas corrientes en bancos S/ 37,450.00",
    ]
    assert lines[header + 1:header + 1 + len(expected)] == expected
    # five entries in the range: 37,450.00 + 30,000.00 + 1,234.56 + 37,450.00 + 2,000.00
    assert "Totales (5 asientos) S/ 108,134.56 S/ 108,134.56" in lines
    assert "5 asientos. El debe y el haber suman S/ 108,134.56 cada uno." in lines
    assert not any("2026-000001" in line for line in lines)  # dated before the range


def test_the_diario_letterhead_period_signatures_and_page_numbers(book):
    view = journal_view(*printable_journal(book, START, END), START, END, PRINTED)
    pdf = render(view)
    text = text_of(pdf)
    for expected in ("Cooperativa Agraria Tambopata LIBRO DIARIO", "RUC 20600123450", "Ejercicio 2026",
                     "Formato 5.1 · Periodo: del 01/03/2026 al 30/04/2026 Puerto Maldonado, 25 de noviembre de 2026",
                     "Contador Gerente", "Impreso el 25/11/2026", "Página 1 de 1"):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Libro Diario, del 01/03/2026 al 30/04/2026"
    assert reader.metadata.author == "Cooperativa Agraria Tambopata"
    box = reader.pages[0].mediabox  # A4 across: the Diario's columns
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert render(view) == pdf  # same book, same bytes


def test_a_reversal_names_the_entry_it_reverses_even_outside_the_range(book):
    freight = book.ledger.entry_id("2026-000004")
    book.ledger.reverse(freight, date(2026, 5, 4), "Flete pagado dos veces")
    april = journal_view(*printable_journal(book, date(2026, 4, 1), END), date(2026, 4, 1), END, PRINTED)
    # the glosa runs down the entry's rows
    lines = lines_of(render(april))
    first = next(i for i, line in enumerate(lines) if line.startswith("2026-000004"))
    assert lines[first:first + 2] == [
        "2026-000004 02/04/2026 Flete a Puerto Maldonado · Revertido por 631 Transporte y fletes S/ 1,234.56",
        "2026-000007 101 Caja S/ 1,234.56"]
    everything = lines_of(render(journal_view(*printable_journal(book), None, None, PRINTED)))
    assert "2026-000007 04/05/2026 Reversión de 2026-000004: 631 Transporte y fletes S/ 1,234.56" in everything
    assert "Revierte 2026-000004" in " ".join(everything)
    assert "Formato 5.1 · Periodo: todos los asientos Puerto Maldonado, 25 de noviembre de 2026" in everything


def test_member_lines_show_the_member(sqlite_book):
    cash_in_hand(sqlite_book)
    post(sqlite_book, date(2026, 3, 1), "Adelantos de marzo",
         LineInput("14222", debit=D("500.00"), member_code="S0001"),
         LineInput("14222", debit=D("250.50"), member_code="S0002"), LineInput("101", credit=D("750.50")))
    lines = lines_of(render(journal_view(*printable_journal(sqlite_book), None, None, PRINTED)))
    assert any(line.endswith("Cuenta Denominación Socio Debe Haber") for line in lines)
    assert "2026-000002 01/03/2026 Adelantos de marzo 14222 Adelantos a socios S0001 S/ 500.00" in lines
    assert "14222 Adelantos a socios S0002 S/ 250.50" in lines
    assert "101 Caja S/ 750.50" in lines


def test_an_empty_period_says_so(book):
    day = date(2026, 6, 1)
    text = text_of(render(journal_view(*printable_journal(book, day, day), day, day, PRINTED)))
    assert "No hay asientos en este periodo." in text
    assert "Página 1 de 1" in text


# -- Libro Mayor ---------------------------------------------------------------------------------


def test_the_mayor_of_caja_from_a_start_date_has_the_saldo_anterior_and_the_running_balance(book):
    parts, cooperative = printable_mayor(book, ["101"], START, END)
    view = mayor_view(parts, cooperative, START, END, PRINTED)
    lines = lines_of(render(view))
    # Formato 6.1: fecha, número correlativo del Diario, glosa, saldos y movimientos deudor y acreedor
    header = lines.index("operación Diario Descripción o glosa de la operación Deudor Acreedor Saldo")
    assert lines[header - 4] == "Cuenta 101 Caja (cuenta de activo, saldo deudor)"
    assert lines[header + 1:header + 5] == [
        "01/03/2026 Saldo anterior S/ 50,000.00 S/ 50,000.00",
        "20/03/2026 2026-000003 Costo del acopio de marzo S/ 30,000.00 S/ 20,000.00",
        "02/04/2026 2026-000004 Flete a Puerto Maldonado S/ 1,234.56 S/ 18,765.44",
        "Totales S/ 50,000.00 S/ 31,234.56 S/ 18,765.44",
    ]
    assert ("Saldo anterior S/ 50,000.00, más el debe S/ 0.00, menos el haber S/ 31,234.56: saldo al 30/04/2026 "
            "S/ 18,765.44.") in " ".join(lines)
    assert "Cooperativa Agraria Tambopata LIBRO CAJA Y BANCOS" in lines
    assert "Periodo: del 01/03/2026 al 30/04/2026 Puerto Maldonado, 25 de noviembre de 2026" in lines
    assert "Contador Gerente" in lines


def test_the_libro_caja_y_bancos_prints_both_accounts_and_without_a_start_no_saldo_anterior(book):
    parts, cooperative = printable_mayor(book, ["101", "1041"], None, END)
    lines = lines_of(render(mayor_view(parts, cooperative, None, END, PRINTED)))
    assert "Cooperativa Agraria Tambopata LIBRO CAJA Y BANCOS" in lines
    assert "Cuenta 1041 Cuentas corrientes en bancos (cuenta de activo, saldo deudor)" in lines
    assert "05/04/2026 2026-000005 Cobro de la factura F001-000045 S/ 37,450.00 S/ 37,450.00" in lines
    assert "06/04/2026 2026-000006 Prima de Comercio Justo del lote 12 S/ 2,000.00 S/ 39,450.00" in lines
    assert "05/01/2026 2026-000001 Aporte a la reserva en efectivo S/ 50,000.00 S/ 50,000.00" in lines
    assert "Totales S/ 50,000.00 S/ 31,234.56 S/ 18,765.44" in lines
    assert not any("Saldo anterior" in line for line in lines)
    assert "Saldo al 30/04/2026: S/ 18,765.44." in lines
    assert "Saldo al 30/04/2026: S/ 39,450.00." in lines


def test_the_fondo_de_prima_is_a_credit_balance_and_the_title_is_a_parameter(book):
    parts, cooperative = printable_mayor(book, ["46993"], START, END)
    lines = lines_of(render(mayor_view(parts, cooperative, START, END, PRINTED)))
    # the title box wraps the title
    assert lines[:2] == ["Cooperativa Agraria Tambopata MOVIMIENTOS DEL FONDO DE", "RUC 20600123450 PRIMA DE COMERCIO JUSTO"]
    assert "Cuenta 46993 Fondo de Prima de Comercio Justo (cuenta de pasivo, saldo acreedor)" in lines
    assert "06/04/2026 2026-000006 Prima de Comercio Justo del lote 12 S/ 2,000.00 S/ 2,000.00" in lines
    titled = mayor_view(parts, cooperative, START, END, PRINTED, title="Fondo de Prima, campaña 2026")
    assert titled.title == "FONDO DE PRIMA, CAMPAÑA 2026"
    assert titled.pdf_title == "Fondo de Prima, campaña 2026, del 01/03/2026 al 30/04/2026"
    assert text_of(render(titled)).startswith("Cooperativa Agraria Tambopata FONDO DE PRIMA, CAMPAÑA\n")


def test_a_line_that_repeats_its_entrys_glosa_prints_the_glosa_once(sqlite_book):
    """Automatic entries give each line the entry's glosa: the Mayor, the Caja and
    the Diario print it once; a line's own words are still printed."""
    cash_is_not_the_subject(sqlite_book)
    glosa = "Acopio del 01/11/2026, serie 002: 2 tickets"
    post(sqlite_book, date(2026, 11, 1), glosa,
         LineInput("69131", debit=D("1200.00"), description=glosa),
         LineInput("101", credit=D("1000.00"), description=glosa),
         LineInput("101", credit=D("200.00"), description="Retención de aportaciones"))
    parts, cooperative = printable_mayor(sqlite_book, ["101"], None, None)
    caja = lines_of(render(mayor_view(parts, cooperative, None, None, PRINTED)))
    assert "01/11/2026 2026-000001 Acopio del 01/11/2026, serie 002: 2 tickets S/ 1,000.00 -S/ 1,000.00" in caja
    # a line with words of its own adds them to the glosa (the cell wraps)
    assert "01/11/2026 2026-000001 S/ 200.00 -S/ 1,200.00" in caja and "aportaciones" in caja
    assert " ".join(caja).count(glosa) == 2  # once for each of the two lines, never twice on a line
    parts, cooperative = printable_mayor(sqlite_book, ["69131"], None, None)
    mayor = text_of(render(mayor_view(parts, cooperative, None, None, PRINTED)))
    assert "01/11/2026 2026-000001 Acopio del 01/11/2026, serie 002: 2 tickets S/ 1,200.00 S/ 1,200.00" in mayor
    assert mayor.count(glosa) == 1
    diario = lines_of(render(journal_view(*printable_journal(sqlite_book), None, None, PRINTED)))
    assert any(line.endswith("Cuenta Denominación Detalle Debe Haber") for line in diario)
    assert ("2026-000001 01/11/2026 Acopio del 01/11/2026, serie 002: 69131 Costo de ventas: productos "
            "agropecuarios S/ 1,200.00") in diario
    assert "2 tickets 101 Caja S/ 1,000.00" in diario
    caja = next(i for i, line in enumerate(diario) if line == "101 Caja S/ 200.00")  # its words wrap in Detalle
    assert " ".join(diario[caja - 1:caja + 2]).count("Retención de") == 1 and "aportaciones" in diario[caja + 1]
    assert " ".join(diario).count("Acopio del 01/11/2026, serie 002:") == 1  # in the entry's first rows only


def test_the_diario_has_no_detalle_column_when_every_line_repeats_its_glosa(sqlite_book):
    cash_is_not_the_subject(sqlite_book)
    glosa = "Flete a Puerto Maldonado"
    post(sqlite_book, date(2026, 4, 2), glosa, LineInput("631", debit=D("1234.56"), description=glosa),
         LineInput("101", credit=D("1234.56"), description=glosa))
    lines = lines_of(render(journal_view(*printable_journal(sqlite_book), None, None, PRINTED)))
    assert any(line.endswith("Cuenta Denominación Debe Haber") for line in lines)
    assert "2026-000001 02/04/2026 Flete a Puerto Maldonado 631 Transporte y fletes S/ 1,234.56" in lines
    assert " ".join(lines).count(glosa) == 1


# -- statements ------------------------------------------------------------------------------------


def test_the_balance_de_comprobacion_balances(book):
    view = trial_balance_view(*printable_trial_balance(book, END), None, END, PRINTED)
    lines = lines_of(render(view))
    assert "Cooperativa Agraria Tambopata BALANCE DE COMPROBACIÓN" in lines
    assert "101 Caja S/ 50,000.00 S/ 31,234.56 S/ 18,765.44" in lines
    assert "46993 Fondo de Prima de Comercio Justo S/ 2,000.00 S/ 2,000.00" in lines
    # debits 50,000 + 37,450 + 30,000 + 1,234.56 + 37,450 + 2,000 = 158,134.56
    assert "Totales S/ 158,134.56 S/ 158,134.56 S/ 89,450.00 S/ 89,450.00" in lines
    assert ("Cuadra: el debe y el haber suman S/ 158,134.56 cada uno; los saldos deudores y acreedores, "
            "S/ 89,450.00.") in " ".join(lines)
    assert "Contador Gerente" in lines


def test_the_estado_de_resultados_gives_the_remanente(book):
    view = income_statement_view(*printable_income_statement(book, 2026), 2026, None, PRINTED)
    lines = lines_of(render(view))
    start = lines.index("Cuenta Denominación Importe")
    # by function (tests/reports/test_financial_pdfs.py has every line filled): the cost of sales
    # and the freight apart, the gross margin between them
    assert lines[start + 1:start + 19] == [
        "701311 Ventas: productos agropecuarios S/ 37,450.00",
        "Ventas netas (ingresos de actividades ordinarias) S/ 37,450.00",
        "69131 Costo de ventas: productos agropecuarios -S/ 30,000.00",
        "Costo de ventas -S/ 30,000.00",
        "Utilidad bruta S/ 7,450.00",
        "631 Transporte y fletes -S/ 1,234.56",
        "Gastos de ventas y distribución -S/ 1,234.56",
        "Gastos de administración S/ 0.00",
        "Otros ingresos operativos S/ 0.00",
        "Otros gastos operativos S/ 0.00",
        "Utilidad operativa S/ 6,215.44",
        "Ingresos financieros S/ 0.00",
        "Gastos financieros S/ 0.00",
        "Diferencia de cambio, neta S/ 0.00",
        "Resultado antes del impuesto a la renta S/ 6,215.44",
        "Impuesto a la renta S/ 0.00",
        "Remanente del ejercicio S/ 6,215.44",
        "",
    ]
    assert ("Remanente del ejercicio 2026: S/ 6,215.44. Ventas netas S/ 37,450.00, utilidad bruta S/ 7,450.00, "
            "utilidad operativa S/ 6,215.44.") in " ".join(lines)
    assert "Ejercicio 2026, del 01/01/2026 al 31/12/2026 Puerto Maldonado, 25 de noviembre de 2026" in lines
    assert "Contador Gerente" in lines


def test_the_estado_de_situacion_activo_equals_pasivo_plus_patrimonio(book):
    view = balance_sheet_view(*printable_balance_sheet(book, END), END, PRINTED)
    lines = lines_of(render(view))
    start = lines.index("Cuenta Denominación Saldo")
    assert lines[start + 1:start + 24] == [
        "Activo",
        "Activo corriente",
        "101 Caja S/ 18,765.44",
        "1041 Cuentas corrientes en bancos S/ 39,450.00",
        "Total activo corriente S/ 58,215.44",
        "Activo no corriente",
        "Total activo no corriente S/ 0.00",
        "Total activo S/ 58,215.44",
        "Pasivo",
        "Pasivo corriente",
        "46993 Fondo de Prima de Comercio Justo S/ 2,000.00",
        "Total pasivo corriente S/ 2,000.00",
        "Pasivo no corriente",
        "Total pasivo no corriente S/ 0.00",
        "Total pasivo S/ 2,000.00",
        "Patrimonio",
        "582 Legal: Reserva Cooperativa S/ 50,000.00",
        "Remanente del ejercicio (sin cerrar) S/ 6,215.44",
        "Total patrimonio S/ 56,215.44",
        "Total pasivo y patrimonio S/ 58,215.44",
        "",
        "Cuadra: el activo (S/ 58,215.44) es igual al pasivo (S/ 2,000.00) más el patrimonio",
        "(S/ 56,215.44).",
    ]
    assert "Contador Gerente" in lines
    assert "Página 1 de 1" in " ".join(lines)


# -- Cuentas de socios ---------------------------------------------------------------------------

AS_OF = date(2026, 11, 26)


def advances(book) -> None:
    """Rosa (S0001) got S/ 500.00 and Juan (S0002) S/ 300.00 in advances; Carmen none."""
    post(book, date(2026, 3, 1), "Adelantos de marzo",
         LineInput("14222", debit=D("500.00"), member_code="S0001"),
         LineInput("14222", debit=D("300.00"), member_code="S0002"), LineInput("101", credit=D("800.00")))


def test_the_cuentas_de_socios_list_each_member_the_total_and_that_it_reconciles(sqlite_book):
    cash_in_hand(sqlite_book)
    advances(sqlite_book)
    view = member_ledger_view(*printable_member_ledger(sqlite_book, "14222", AS_OF), AS_OF, PRINTED)
    pdf = render(view)
    lines = lines_of(pdf)
    header = lines.index("Código Apellidos y nombres Saldo")
    assert lines[header + 1:header + 4] == [
        "S0001 Quispe Mamani, Rosa S/ 500.00",
        "S0002 Condori Apaza, Juan S/ 300.00",
        "Total (2 socios) S/ 800.00",
    ]
    assert "Cuadra con la cuenta 14222 del balance de comprobación: S/ 800.00" in lines
    assert not any("S0003" in line for line in lines)  # no balance, not listed
    text = text_of(pdf)
    for expected in ("Cooperativa Agraria Tambopata CUENTAS DE SOCIOS: 14222 —", "ADELANTOS A SOCIOS",
                     "RUC 20600123450", "Al 26/11/2026",
                     "Saldo de cada socio según los asientos hasta el 26/11/2026",
                     "Puerto Maldonado, 25 de noviembre de 2026", "Contador Gerente", "Impreso el 25/11/2026",
                     "Página 1 de 1"):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Cuentas de socios: 14222 — Adelantos a socios, al 26/11/2026"
    assert reader.metadata.author == "Cooperativa Agraria Tambopata"
    assert render(view) == pdf  # same book, same bytes


def test_the_cuentas_de_socios_on_an_earlier_date_and_of_a_credit_account(sqlite_book):
    cash_in_hand(sqlite_book)
    advances(sqlite_book)
    before = date(2026, 2, 28)
    lines = lines_of(render(member_ledger_view(*printable_member_ledger(sqlite_book, "14222", before), before,
                                               PRINTED)))
    assert "Ningún socio tiene saldo en esta cuenta al 28/02/2026." in lines
    assert "Cuadra con la cuenta 14222 del balance de comprobación: S/ 0.00" in lines
    post(sqlite_book, date(2026, 4, 1), "Aportaciones de abril",
         LineInput("101", debit=D("1234.56")), LineInput("501", credit=D("1234.56"), member_code="S0003"))
    lines = lines_of(render(member_ledger_view(*printable_member_ledger(sqlite_book, "501", AS_OF), AS_OF,
                                               PRINTED)))
    assert "S0003 Huamán Flores, Carmen S/ 1,234.56" in lines
    assert "Total (1 socio) S/ 1,234.56" in lines
    assert "Cuadra con la cuenta 501 del balance de comprobación: S/ 1,234.56" in lines


def test_cuentas_de_socios_that_do_not_reconcile_say_by_how_much():
    ledger = MemberLedger("4419", (("S0001", "Quispe Mamani, Rosa", D("1200.00")),
                                   ("S0002", "Condori Apaza, Juan", D("-50.00"))), D("1000.00"))
    lines = lines_of(render(member_ledger_view(ledger, "Cuentas por pagar a socios", COOP, AS_OF, PRINTED)))
    assert "S0002 Condori Apaza, Juan -S/ 50.00" in lines  # paid more than was owed
    assert "Total (2 socios) S/ 1,150.00" in lines
    assert ("No cuadra: los socios suman S/ 1,150.00 y la cuenta 4419 tiene S/ 1,000.00 (diferencia S/ 150.00)."
            in " ".join(lines))  # it wraps


def test_only_a_member_account_prints_as_cuentas_de_socios(sqlite_book):
    with pytest.raises(NotFound):
        printable_member_ledger(sqlite_book, "9999", AS_OF)
    with pytest.raises(InvalidInput) as raised:
        printable_member_ledger(sqlite_book, "101", AS_OF)
    assert "no es una cuenta de socios" in str(raised.value)


def test_a_long_list_of_members_paginates_with_the_header_on_every_page():
    rows = tuple((f"S{i:04d}", f"Quispe Mamani, Rosa {i}", D(i) + D("0.50")) for i in range(1, 301))
    total = sum((r[2] for r in rows), D("0.00"))
    assert total == D("45300.00")
    pdf = render(member_ledger_view(MemberLedger("14222", rows, total), "Adelantos a socios", COOP, AS_OF, PRINTED))
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages > 3
    texts = [re.sub(r"[ \u00a0]+", " ", page.extract_text()) for page in reader.pages]
    for n, text in enumerate(texts, start=1):
        assert f"Página {n} de {pages}" in text
        if n > 1:
            assert "Cuentas de socios: 14222 — Adelantos a socios, al 26/11/2026 · Cooperativa Agraria" in text
        if "S0" in text:
            assert "Código Apellidos y nombres Saldo" in text
    end = texts[-2] + texts[-1]
    assert "Total (300 socios) S/ 45,300.00" in end
    assert "Cuadra con la cuenta 14222 del balance de comprobación: S/ 45,300.00" in texts[-1]
    assert "Contador" in texts[-1] and "Gerente" in texts[-1]


def test_file_names():
    assert journal_filename(START, END) == "libro-diario-2026-03-01-2026-04-30.pdf"
    assert journal_filename(None, None) == "libro-diario.pdf"
    assert mayor_filename(["101", "1041"], START, END) == "libro-caja-y-bancos-101-1041-2026-03-01-2026-04-30.pdf"
    assert mayor_filename(["69131"], None, END) == "libro-mayor-69131-2026-04-30.pdf"
    assert mayor_filename(["46993"], None, None) == "movimientos-del-fondo-de-prima-de-comercio-justo-46993.pdf"
    assert trial_balance_filename(None, END) == "balance-comprobacion-2026-04-30.pdf"
    assert income_statement_filename(2026) == "estado-resultados-2026.pdf"
    assert balance_sheet_filename(END) == "situacion-financiera-2026-04-30.pdf"
    assert member_ledger_filename("14222", date(2026, 11, 26)) == "cuentas-socios-14222-2026-11-26.pdf"


# -- a long book -----------------------------------------------------------------------------------


def long_journal(count: int) -> list[EntryRow]:
    """``count`` advances to members paid in cash over the year, two lines each."""
    entries = []
    for i in range(count):
        amount = D(1000 + i) + D("0.25")
        lines = (LineRow("14222", "Adelantos a socios", amount, D("0.00"), f"S{i % 150 + 1:04d}", "", "PEN", None, None),
                 LineRow("101", "Caja", D("0.00"), amount, "", "", "PEN", None, None))
        entries.append(EntryRow(i + 1, f"2026-{i + 1:06d}", date(2026, 1, 1) + timedelta(days=i * 365 // count),
                                f"Adelanto por la entrega {i + 1} de cacao en baba", "", "manual", None, None, None,
                                "contador", lines))
    return entries


def test_a_diario_of_two_thousand_entries_paginates_quickly_and_never_splits_an_entry():
    entries = long_journal(2000)
    began = time.perf_counter()
    pdf = render(journal_view(entries, {}, COOP, date(2026, 1, 1), date(2026, 12, 31), PRINTED))
    assert time.perf_counter() - began < 15
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    # two lines an entry, on one line each: about 36 rows a page across A4 (it was 2 × 4 rows upright)
    assert 100 < pages < 130
    total = sum(D(1000 + i) + D("0.25") for i in range(2000))
    assert total == D("3999500.00")
    texts = [re.sub(r"[ \u00a0]+", " ", page.extract_text()) for page in reader.pages]
    for n, text in enumerate(texts, start=1):
        assert f"Página {n} de {pages}" in text
        if "Caja" in text:
            assert "Cuenta Denominación Socio Debe Haber" in text  # the header on every page of the table
        # every entry that starts on a page ends on it: its number, then its two lines
        assert len(re.findall(r"2026-\d{6} \d\d/\d\d/2026", text)) == text.count("14222 Adelantos a socios")
        assert text.count("14222 Adelantos a socios") == text.count("101 Caja")
        if n > 1:
            assert "Libro Diario, del 01/01/2026 al 31/12/2026 · Cooperativa Agraria Tambopata" in text
    end = texts[-2] + texts[-1]  # the closing and the signatures may start a page of their own
    assert "Totales (2,000 asientos) S/ 3,999,500.00 S/ 3,999,500.00" in end
    assert "2,000 asientos. El debe y el haber suman S/ 3,999,500.00 cada uno." in texts[-1]
    assert "Contador" in texts[-1] and "Gerente" in texts[-1]


def test_a_long_mayor_keeps_the_running_balance_across_pages():
    entries = long_journal(2000)
    opening = AccountBalance("101", "Caja", "activo", D("5000000.00"), D("0.00"))
    pdf = render(mayor_view([(opening, entries)], COOP, date(2026, 1, 1), None, PRINTED))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 30
    last = re.sub(r"[ \u00a0]+", " ", reader.pages[-1].extract_text())
    # 5,000,000.00 − 3,999,500.00
    # Formato 6.1: the saldo anterior on the deudor side, then the movements
    assert "Totales S/ 5,000,000.00 S/ 3,999,500.00 S/ 1,000,500.00" in last
    assert "Descripción o glosa de la operación Deudor Acreedor Saldo" in last
