"""A small book of 2026 for the financial statements (tests/core/test_financial_statements.py,
tests/reports/test_financial_pdfs.py): an opening, a sale and its cost, freight,
salaries, interest paid and earned, other income, exchange differences, the income
tax, the Fairtrade Premium (a liability, never income), a non-current asset (382)
and a non-current liability (4961). Every figure is written out in the tests.

Result of 01/01–30/04/2026: 21,997.78 (37,653.45 of income less 15,655.67)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from coopdesk.domain.ledger import EntryInput, Kind, LineInput
from tests.conftest import make_book


def entry(day: date, text: str, *lines: tuple[str, str, str]) -> EntryInput:
    return EntryInput(day, text, tuple(LineInput(code, debit=D(debit or "0"), credit=D(credit or "0"))
                                       for code, debit, credit in lines))


def financial_book(url: str):
    book = make_book(url)
    book.ledger.add_account("382", "Depósitos en garantía a largo plazo", Kind.ASSET)
    book.ledger.add_account("4961", "Ingresos diferidos (subvención)", Kind.LIABILITY)
    book.ledger.post_opening(entry(date(2026, 1, 1), "Apertura del ejercicio",
                                   ("1041", "20000.00", ""), ("382", "5000.00", ""), ("591", "", "25000.00")))
    post = book.ledger.post
    post(entry(date(2026, 1, 20), "Subvención para el centro de acopio", ("1041", "1500.00", ""),
               ("4961", "", "1500.00")))
    post(entry(date(2026, 3, 10), "Venta lote 12", ("1212", "37450.00", ""), ("701311", "", "37450.00")))
    post(entry(date(2026, 3, 20), "Costo del lote 12", ("69131", "12000.00", ""), ("1041", "", "12000.00")))
    post(entry(date(2026, 3, 25), "Prima de Comercio Justo del lote 12", ("1041", "800.00", ""),
               ("46993", "", "800.00")))
    post(entry(date(2026, 4, 2), "Flete a Puerto Maldonado", ("631", "1200.00", ""), ("1041", "", "1200.00")))
    post(entry(date(2026, 4, 15), "Remuneraciones de abril", ("621", "2000.00", ""), ("1041", "", "2000.00")))
    post(entry(date(2026, 4, 30), "Intereses del préstamo", ("673", "345.67", ""), ("1041", "", "345.67")))
    post(entry(date(2026, 4, 30), "Intereses cobrados", ("1041", "123.45", ""), ("772", "", "123.45")))
    post(entry(date(2026, 4, 30), "Alquiler de la balanza", ("1041", "50.00", ""), ("759", "", "50.00")))
    post(entry(date(2026, 4, 30), "Diferencia de cambio", ("676", "10.00", ""), ("1212", "", "10.00")))
    post(entry(date(2026, 4, 30), "Diferencia de cambio", ("1212", "30.00", ""), ("776", "", "30.00")))
    post(entry(date(2026, 4, 30), "Impuesto a la renta", ("881", "100.00", ""), ("40171", "", "100.00")))
    return book
