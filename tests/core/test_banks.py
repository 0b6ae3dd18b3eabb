"""Banks and currencies (issue 16, item 3): bank accounts per bank and currency with
their own subaccount of 1041, the SBS rate of the day by rule, the month-end
revaluation to 676/776, and the reconciliation of an imported bank statement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coopdesk.core.errors import InvalidInput
from coopdesk.domain.banks import Rate, rate_on
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe

D = Decimal

RATES = """Fecha;Compra;Venta
27/02/2026;3,7410;3,7480
02/03/2026;3,7450;3,7520
31/03/2026;3,7450;3,7530
15/04/2026;3,7400;3,7470
30/04/2026;3,7300;3,7380
"""

STATEMENT = """Fecha,Descripción,N° de operación,Cargo,Abono,Saldo
01/03/2026,Depósito inicial,OP-1001,,50000.00,50000.00
06/03/2026,Transferencia a proveedor,000123,1250.00,,48750.00
11/03/2026,Depósito en efectivo,,,8400.00,57150.00
31/03/2026,Comisión de mantenimiento,,15.00,,57135.00
31/03/2026,ITF,,2.85,,57132.15
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_rate_of_a_day_is_the_last_published_on_or_before_it():
    rates = [Rate(date(2026, 2, 27), D("3.7410"), D("3.7480")), Rate(date(2026, 3, 2), D("3.7450"), D("3.7520"))]
    assert rate_on(rates, date(2026, 2, 26)) is None
    assert rate_on(rates, date(2026, 2, 27)).buy == D("3.7410")
    assert rate_on(rates, date(2026, 3, 1)).sell == D("3.7480")    # a Sunday takes Friday's
    assert rate_on(rates, date(2026, 3, 2)).buy == D("3.7450")
    assert rate_on(rates, date(2026, 12, 31)).buy == D("3.7450")


def test_rates_are_imported_once_and_never_changed(sqlite_book, tmp_path):
    book = sqlite_book
    done = book.banks.import_rates(_write(tmp_path, "tc.csv", RATES))
    assert (done.added, done.already, done.first, done.last) == (5, 0, date(2026, 2, 27), date(2026, 4, 30))
    again = book.banks.import_rates(_write(tmp_path, "tc.csv", RATES))
    assert (again.added, again.already) == (0, 5)
    assert book.banks.rate_on(date(2026, 2, 28)) == Rate(date(2026, 2, 27), D("3.7410"), D("3.7480"))
    changed = RATES.replace("3,7300;3,7380", "3,7310;3,7380")
    with pytest.raises(InvalidInput) as refused:
        book.banks.import_rates(_write(tmp_path, "tc2.csv", changed + "04/05/2026;3,7500;3,7400\n"))
    messages = [describe(p) for p in refused.value.problems]
    assert any("Fila 6" in m and "no se cambia" in m for m in messages), messages
    assert any("Fila 7" in m and "compra" in m for m in messages), messages
    assert len(book.banks.rates()) == 5   # nothing imported


def test_each_bank_account_has_its_subaccount_and_its_currency(sqlite_book):
    book = sqlite_book
    assert book.banks.add("BCP", "191-2345678-1-23", "USD") == "10411"
    assert book.banks.add("BCP", "191-7654321-0-45", "PEN") == "10412"
    names = {a.code: a.name for a in book.ledger.accounts()}
    assert names["10411"] == "BCP US$ 191-2345678-1-23"
    with pytest.raises(InvalidInput) as refused:
        book.banks.add("BCP", "191-2345678-1-23", "EUR")
    assert [describe(p) for p in refused.value.problems] == ["La moneda debe ser PEN o USD."]


def _usd(account: str, side: str, usd: str, rate: str) -> LineInput:
    pen = (D(usd) * D(rate)).quantize(D("0.01"))
    return LineInput(account, currency="USD", foreign_amount=D(usd), exchange_rate=D(rate), **{side: pen})


def test_revaluation_posts_the_exact_difference(sqlite_book, tmp_path):
    book = sqlite_book
    book.banks.import_rates(_write(tmp_path, "tc.csv", RATES))
    usd = book.banks.add("BCP", "191-2345678-1-23", "USD")
    book.ledger.post(EntryInput(date(2026, 3, 2), "Préstamo en dólares", (
        _usd(usd, "debit", "10000.00", "3.7000"), LineInput("451", credit=D("37000.00")))))
    march = book.banks.revalue(2026, 3)
    assert [(r.foreign, r.pen, r.rate, r.revalued, r.difference) for r in march.lines] == [
        (D("10000.00"), D("37000.00"), D("3.7450"), D("37450.00"), D("450.00"))]
    entry = book.ledger.entries(start=date(2026, 3, 31), end=date(2026, 3, 31))[-1]
    assert [(line.account, line.debit, line.credit) for line in entry.lines] == [
        (usd, D("450.00"), D("0")), ("776", D("0"), D("450.00"))]
    assert book.banks.revalue(2026, 3).entry_number == ""   # nothing changed since: nothing posted
    book.ledger.post(EntryInput(date(2026, 4, 15), "Pago en dólares al proveedor", (
        LineInput("4212", debit=D("7480.00")), _usd(usd, "credit", "2000.00", "3.7400"))))
    april = book.banks.revalue(2026, 4)
    assert [(r.foreign, r.pen, r.revalued, r.difference) for r in april.lines] == [
        (D("8000.00"), D("29970.00"), D("29840.00"), D("-130.00"))]
    account = book.banks.account(usd, date(2026, 4, 30))
    assert (account.balance, account.balance_pen) == (D("8000.00"), D("29840.00"))
    balances = {b.code: b for b in book.ledger.trial_balance(date(2026, 4, 30)).rows}
    assert (balances["676"].debit, balances["776"].credit) == (D("130.00"), D("450.00"))
    assert (balances[usd].debit, balances[usd].credit) == (D("37450.00"), D("7610.00"))


def test_revaluation_needs_the_rate(sqlite_book):
    with pytest.raises(InvalidInput) as refused:
        sqlite_book.banks.revalue(2026, 3)
    assert "No hay tipo de cambio del 31/03/2026" in describe(refused.value.problems[0])


def _bank_month(book) -> str:
    pen = book.banks.add("BCP", "191-7654321-0-45", "PEN")
    book.ledger.post(EntryInput(date(2026, 3, 1), "Préstamo", (LineInput(pen, debit=D("50000.00")),
                                                            LineInput("451", credit=D("50000.00"))), "OP-1001"))
    book.ledger.post(EntryInput(date(2026, 3, 5), "Pago a proveedor", (LineInput("4212", debit=D("1250.00")),
                                                                     LineInput(pen, credit=D("1250.00"))), "000123"))
    book.ledger.post(EntryInput(date(2026, 3, 10), "Depósito de la cobranza", (
        LineInput(pen, debit=D("8400.00")), LineInput("1212", credit=D("8400.00"))), "DEP-55"))
    book.ledger.post(EntryInput(date(2026, 3, 28), "Cheque al transportista", (
        LineInput("4212", debit=D("3000.00")), LineInput(pen, credit=D("3000.00"))), "CH-0042"))
    return pen


def _check(result):
    r = result.result
    assert (result.start, result.end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert [(m.statement.row, m.book.amount, m.by_reference) for m in r.matched] == [
        (2, D("50000.00"), True), (3, D("-1250.00"), True), (4, D("8400.00"), False)]
    assert [(m.row, m.amount, m.description) for m in r.bank_only] == [
        (5, D("-15.00"), "Comisión de mantenimiento"), (6, D("-2.85"), "ITF")]
    assert [(m.day, m.amount, m.reference) for m in r.book_only] == [(date(2026, 3, 28), D("-3000.00"), "CH-0042")]
    assert (r.book_balance, r.statement_balance, r.adjusted, r.difference) == (
        D("54150.00"), D("57132.15"), D("57132.15"), D("0.00"))


def test_a_reconciliation_matches_an_imported_statement(sqlite_book, tmp_path):
    book = sqlite_book
    pen = _bank_month(book)
    _check(book.banks.reconcile(pen, _write(tmp_path, "estado.csv", STATEMENT)))


def test_a_reconciliation_reads_the_statement_from_xlsx(sqlite_book, tmp_path):
    from openpyxl import Workbook

    book = sqlite_book
    pen = _bank_month(book)
    sheet = Workbook()
    ws = sheet.active
    for n, line in enumerate(STATEMENT.splitlines()):
        cells = line.split(",")
        if n:
            day, month, year = cells[0].split("/")
            cells[0] = date(int(year), int(month), int(day))
            cells[3:] = [D(c) if c else None for c in cells[3:]]
        ws.append(cells)
    path = tmp_path / "estado.xlsx"
    sheet.save(path)
    _check(book.banks.reconcile(pen, path))


def test_a_statement_without_amounts_is_refused(sqlite_book, tmp_path):
    book = sqlite_book
    pen = book.banks.add("BCP", "191-7654321-0-45", "PEN")
    with pytest.raises(InvalidInput) as refused:
        book.banks.reconcile(pen, _write(tmp_path, "estado.csv", "Fecha,Descripción\n01/03/2026,Algo\n"))
    assert "no tiene columnas de importe" in describe(refused.value.problems[0])


def test_a_dollar_sale_and_its_collection_take_the_rate_of_the_day_by_rule(sqlite_book, tmp_path):
    from coopdesk.domain.sales import SaleInput
    from tests.conftest import cacao, cash_in_hand

    book = sqlite_book
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    book.banks.import_rates(_write(tmp_path, "tc.csv", RATES))
    usd = book.banks.add("BCP", "191-2345678-1-23", "USD")
    pen = book.banks.add("BCP", "191-7654321-0-45", "PEN")
    sale = SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("50"), D("6.0000"), "USD",
                     invoice="F001-000045")
    with pytest.raises(InvalidInput) as refused:
        book.sales.record(replace_rate(sale, D("3.7600")))
    assert [describe(p) for p in refused.value.problems] == [
        "El tipo de cambio del 10/04/2026 es 3.7450 (SBS, compra, publicado el 31/03/2026): se aplica por regla y "
        "no se escribe en cada documento."]
    first = book.sales.record(sale)   # US$ 300.00 at 3.7450 (31/03, the last published before 10/04)
    assert [(s.exchange_rate, s.total_pen) for s in book.sales.list()] == [(D("3.7450"), D("1123.50"))]
    with pytest.raises(InvalidInput) as refused:
        book.sales.collect(first, date(2026, 4, 30), pen)
    assert [describe(p) for p in refused.value.problems] == [
        f"La cuenta {pen} es en PEN: no recibe ni paga en USD."]
    book.sales.collect(first, date(2026, 4, 30), usd)  # US$ 300.00 × 3.7300 = S/ 1,119.00: S/ 4.50 of loss
    account = book.banks.account(usd, date(2026, 4, 30))
    assert (account.balance, account.balance_pen) == (D("300.00"), D("1119.00"))
    balances = {b.code: b for b in book.ledger.trial_balance(date(2026, 4, 30)).rows}
    assert balances["676"].debit == D("4.50")


def replace_rate(sale, rate):
    from dataclasses import replace

    return replace(sale, exchange_rate=rate)
