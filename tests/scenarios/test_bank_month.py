"""A month of a US$ bank account, end to end (issue 16, item 3): the SBS rates imported,
an export sale and its collection into the US$ account translated by rule, the month-end
revaluation posting the exact difference to 676, and the bank's statement reconciled
with exact figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from coopdesk.domain.sales import SaleInput
from tests.conftest import cacao, cash_in_hand
from tests.core.test_banks import RATES

STATEMENT = """Fecha,Descripción,N° de operación,Cargo,Abono,Saldo
15/04/2026,Transferencia del exterior,F001-000045,,300.00,300.00
30/04/2026,Comisión por transferencia,,25.00,,275.00
"""


def test_a_dollar_account_through_april(sqlite_book, tmp_path):
    book = sqlite_book
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    (tmp_path / "tc.csv").write_text(RATES, encoding="utf-8")
    book.banks.import_rates(tmp_path / "tc.csv")
    usd = book.banks.add("BCP", "193-1234567-1-02", "USD", entity="02")
    sale = book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("50"),
                                       D("6.0000"), "USD", invoice="F001-000045"))
    # 10/04: the last rate published is 31/03's, compra 3.7450: US$ 300.00 = S/ 1,123.50 por cobrar
    book.sales.collect(sale, date(2026, 4, 15), usd)
    # 15/04: compra 3.7400: S/ 1,122.00 into the bank, S/ 1.50 of loss
    april = book.banks.revalue(2026, 4)
    # 30/04: compra 3.7300: US$ 300.00 = S/ 1,119.00, the books hold S/ 1,122.00: S/ 3.00 of loss
    assert [(r.foreign, r.pen, r.rate, r.revalued, r.difference) for r in april.lines] == [
        (D("300.00"), D("1122.00"), D("3.7300"), D("1119.00"), D("-3.00"))]
    balances = {b.code: b for b in book.ledger.trial_balance(date(2026, 4, 30)).rows}
    assert (balances["676"].debit, balances[usd].debit - balances[usd].credit) == (D("4.50"), D("1119.00"))
    (tmp_path / "estado.csv").write_text(STATEMENT, encoding="utf-8")
    result = book.banks.reconcile(usd, tmp_path / "estado.csv").result
    assert [(m.statement.amount, m.book.reference, m.by_reference) for m in result.matched] == [
        (D("300.00"), "F001-000045", True)]
    assert [(m.day, m.amount) for m in result.bank_only] == [(date(2026, 4, 30), D("-25.00"))]
    assert result.book_only == ()
    assert (result.book_balance, result.statement_balance, result.adjusted, result.difference) == (
        D("300.00"), D("275.00"), D("275.00"), D("0.00"))
