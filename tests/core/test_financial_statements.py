"""The hoja de trabajo, the Estado de resultados by function and the classified
Estado de situación financiera, with exact figures on a small book
(tests/financial_book.py) and on balances typed by hand (class 9)."""

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import InvalidInput
from coopdesk.domain.financial_statements import (
    ADMINISTRATION, EXCHANGE, FINANCIAL_EXPENSES, FINANCIAL_INCOME, OTHER_OPERATING_INCOME, SELLING, classified,
    function_statement, worksheet,
)
from coopdesk.domain.ledger import AccountBalance, Kind
from tests.financial_book import financial_book

APRIL = date(2026, 4, 30)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = financial_book(f"sqlite:///{tmp_path_factory.mktemp('eeff') / 'libro.sqlite'}")
    yield book
    book.close()


def test_the_worksheet_of_the_ejercicio_ties_in_every_pair_and_gives_one_result(book):
    sheet = book.ledger.worksheet(APRIL)
    rows = {r.code: r.columns for r in sheet.rows}
    z = D("0")
    assert rows["1041"] == (D("22473.45"), D("15545.67"), D("6927.78"), z, D("6927.78"), z, z, z, z, z)
    assert rows["591"] == (z, D("25000.00"), z, D("25000.00"), z, D("25000.00"), z, z, z, z)
    assert rows["69131"] == (D("12000.00"), z, D("12000.00"), z, z, z, D("12000.00"), z, D("12000.00"), z)
    assert rows["701311"] == (z, D("37450.00"), z, D("37450.00"), z, z, z, D("37450.00"), z, D("37450.00"))
    assert "46993" in rows and rows["46993"][5] == D("800.00")  # the Premium: a liability, in no results column
    assert sheet.totals == (D("80609.12"), D("80609.12"), D("65053.45"), D("65053.45"), D("49397.78"),
                            D("27400.00"), D("15655.67"), D("37653.45"), D("15655.67"), D("37653.45"))
    assert sheet.inventory_result == sheet.nature_result == sheet.function_result == D("21997.78")
    assert sheet.closing == (z, z, z, z, z, D("21997.78"), D("21997.78"), z, D("21997.78"), z)
    total = sheet.balanced_totals
    assert (total[4], total[6], total[8]) == (total[5], total[7], total[9]) == (
        D("49397.78"), D("37653.45"), D("37653.45"))
    assert sheet.ties
    assert sheet.result == book.ledger.income_statement(2026, APRIL).result


def test_the_worksheet_of_a_month_carries_the_balances_and_the_earlier_result_in(book):
    sheet = book.ledger.worksheet(APRIL, date(2026, 4, 1))
    rows = {r.code: r for r in sheet.rows}
    # 1041 brought 10,300.00 from March in its debe
    assert (rows["1041"].debit, rows["1041"].credit) == (D("10300.00") + D("173.45"), D("3545.67"))
    assert "701311" not in rows and "69131" not in rows  # March's sale and cost are in the result carried in
    carried = next(r for r in sheet.rows if not r.code)  # last of the patrimonio, before class 6
    assert (carried.code, carried.kind, carried.credit) == ("", Kind.EQUITY, D("25450.00"))
    assert sheet.nature_result == sheet.function_result == sheet.inventory_result == D("-3452.22")
    assert sheet.ties and sheet.closing[4] == D("3452.22") and sheet.closing[7] == D("3452.22")


def test_a_worksheet_across_two_ejercicios_is_refused(book):
    with pytest.raises(InvalidInput) as raised:
        book.ledger.worksheet(date(2027, 1, 31), date(2026, 12, 1))
    assert [p.message % p.params for p in raised.value.problems] == [
        "La hoja de trabajo es de un periodo dentro de un ejercicio: del 2026-12-01 al 2027-01-31 no lo es."]


def test_the_income_statement_by_function_shows_the_gross_margin_and_finance_apart(book):
    statement = book.ledger.function_statement(2026, APRIL)
    assert (statement.net_sales, statement.cost_of_sales, statement.gross_margin) == (
        D("37450.00"), D("12000.00"), D("25450.00"))
    assert statement.gross_margin == statement.net_sales - statement.cost_of_sales
    assert [statement.amount(k) for k in (SELLING, ADMINISTRATION, OTHER_OPERATING_INCOME)] == [
        D("-1200.00"), D("-2000.00"), D("50.00")]
    assert statement.operating_result == D("22300.00")
    assert [statement.amount(k) for k in (FINANCIAL_INCOME, FINANCIAL_EXPENSES, EXCHANGE)] == [
        D("123.45"), D("-345.67"), D("20.00")]
    assert (statement.before_tax, statement.income_tax, statement.result) == (
        D("22097.78"), D("100.00"), D("21997.78"))
    assert statement.result == book.ledger.income_statement(2026, APRIL).result
    assert not any(r.code == "46993" for line in statement.lines.values() for r in line.accounts)


def test_the_balance_sheet_splits_current_and_non_current_and_still_ties(book):
    sheet = book.ledger.balance_sheet(APRIL)
    split = classified(sheet)
    assert [r.code for r in split.current_assets] == ["1041", "1212"]
    assert [r.code for r in split.noncurrent_assets] == ["382"]
    assert [r.code for r in split.current_liabilities] == ["40171", "46993"]
    assert [r.code for r in split.noncurrent_liabilities] == ["4961"]
    assert (split.total_current_assets, split.total_noncurrent_assets) == (D("44397.78"), D("5000.00"))
    assert split.total_current_assets + split.total_noncurrent_assets == sheet.total_assets == D("49397.78")
    assert (split.total_current_liabilities, split.total_noncurrent_liabilities) == (D("900.00"), D("1500.00"))
    assert split.total_current_liabilities + split.total_noncurrent_liabilities == sheet.total_liabilities
    assert sheet.balanced and sheet.total_equity == D("46997.78")
    # the worksheet's Inventario holds the same accounts and the same result
    work = book.ledger.worksheet(APRIL)
    assert work.totals[4] == sheet.total_assets and work.inventory_result == sheet.result


def test_the_worksheet_exports_to_excel_with_its_totals_as_numbers(book, tmp_path):
    import openpyxl

    assert book.exports.worksheet(tmp_path / "hoja.xlsx", APRIL) == 20  # 17 accounts and 3 rows of totals
    sheet = openpyxl.load_workbook(tmp_path / "hoja.xlsx").active
    assert sheet.title == "Hoja de trabajo"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Cuenta", "Nombre de la cuenta", "Tipo", "Sumas: debe", "Sumas: haber")
    assert rows[-2] == ("Resultado del periodo", None, None, 0, 0, 0, 0, 0, 21997.78, 21997.78, 0, 21997.78, 0)
    assert rows[-1][3:] == (80609.12, 80609.12, 65053.45, 65053.45, 49397.78, 49397.78) + (37653.45,) * 4
    assert sheet.cell(2, 4).number_format == "#,##0.00"


def balance(code, kind, debit="0", credit="0"):
    return AccountBalance(code, code, kind, D(debit), D(credit))


def test_with_class_9_the_destined_expenses_leave_the_function_columns_and_79_both():
    rows = [balance("1041", Kind.ASSET, "1600.00"), balance("4212", Kind.LIABILITY, credit="300.00"),
            balance("591", Kind.EQUITY, credit="1000.00"),
            balance("701", Kind.INCOME, credit="800.00"), balance("691", Kind.EXPENSE, "200.00"),
            balance("621", Kind.EXPENSE, "300.00"), balance("94", Kind.EXPENSE, "240.00"),
            balance("95", Kind.EXPENSE, "60.00"), balance("79", Kind.INCOME, credit="300.00")]
    sheet = worksheet(rows)
    cols = {r.code: r.columns for r in sheet.rows}
    assert cols["621"][6:] == (D("300.00"), 0, 0, 0)      # naturaleza only
    assert cols["94"][6:] == (0, 0, D("240.00"), 0)       # función only
    assert cols["79"][4:] == (0,) * 6                     # neither
    assert sheet.nature_result == sheet.function_result == sheet.inventory_result == D("300.00")
    assert sheet.ties
    statement = function_statement(rows)
    assert (statement.gross_margin, statement.amount(ADMINISTRATION), statement.amount(SELLING),
            statement.result) == (D("600.00"), D("-240.00"), D("-60.00"), D("300.00"))


def test_after_close_year_the_worksheet_of_the_year_is_unchanged_and_the_next_starts_from_the_reopening(tmp_path):
    from coopdesk.domain.clock import FixedClock

    book = financial_book(f"sqlite:///{tmp_path / 'cierre.sqlite'}")
    try:
        before = book.ledger.worksheet(date(2026, 12, 31))
        book.clock = FixedClock(date(2027, 1, 15))
        book.ledger.close_year(2026)
        after = book.ledger.worksheet(date(2026, 12, 31))
        assert after.totals == before.totals and after.result == D("21997.78") and after.ties
        opening = book.ledger.worksheet(date(2027, 1, 31))
        rows = {r.code: r for r in opening.rows}
        # the reopening brings the balances: the result now sits in 591, the new year's is zero
        assert rows["591"].creditor == D("46997.78") and rows["1041"].debtor == D("6927.78")
        assert opening.result == D("0") and opening.ties
        assert opening.totals[4] == book.ledger.balance_sheet(date(2027, 1, 31)).total_assets == D("49397.78")
    finally:
        book.close()
