"""The cooperative's books as its contador keeps them: entries that balance, US$
sales at their exchange rate, member sub-ledgers, reversals, periods that close
for good, and the statements with the year's remanente."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import InvalidInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe
from tests.conftest import cash_in_hand, cash_is_not_the_subject


def sale_in_dollars(day=date(2026, 3, 10)):
    # 10,000.00 US$ of organic cacao at 3.7450: S/ 37,450.00
    return EntryInput(day, "Venta lote 12 a Exportadora del Sur", (
        LineInput("1212", debit=D("37450.00"), currency="USD", foreign_amount=D("10000.00"),
                  exchange_rate=D("3.7450")),
        LineInput("701311", credit=D("37450.00"))), reference="F001-000045")


def season(book):
    book.ledger.post(sale_in_dollars())
    book.ledger.post(EntryInput(date(2026, 3, 20), "Costo del acopio de marzo", (
        LineInput("69131", debit=D("30000.00")), LineInput("101", credit=D("30000.00")))))
    book.ledger.post(EntryInput(date(2026, 4, 2), "Flete a Puerto Maldonado", (
        LineInput("631", debit=D("1200.00")), LineInput("101", credit=D("1200.00")))))


def messages(raised):
    return [p.message % p.params for p in raised.value.problems]


def test_a_dollar_sale_keeps_its_foreign_amount_and_rate_and_the_books_balance(book):
    entry_id = book.ledger.post(sale_in_dollars())
    [entry] = book.ledger.entries()
    assert (entry.id, entry.number, entry.total, entry.created_by) == (entry_id, "2026-000001", D("37450.00"),
                                                                        "admin")
    assert [(l.account, l.debit, l.credit, l.currency, l.foreign_amount, l.exchange_rate) for l in entry.lines] == [
        ("1212", D("37450.00"), D("0.00"), "USD", D("10000.00"), D("3.7450")),
        ("701311", D("0.00"), D("37450.00"), "PEN", None, None)]
    trial = book.ledger.trial_balance()
    assert (trial.debit, trial.credit, trial.balanced) == (D("37450.00"), D("37450.00"), True)


def test_an_entry_that_does_not_balance_or_misstates_the_dollars_is_refused_and_nothing_is_posted(book):
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 3, 1), "Compra de sacos", (
            LineInput("656", debit=D("450.00")), LineInput("101", credit=D("405.00")))))
    assert messages(raised) == ["El asiento no cuadra: el debe suma S/ 450.00 y el haber S/ 405.00 (diferencia "
                                "S/ 45.00)."]
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 3, 1), "Venta", (
            LineInput("1212", debit=D("37000.00"), currency="USD", foreign_amount=D("10000.00"),
                      exchange_rate=D("3.7450")), LineInput("701311", credit=D("37000.00")))))
    assert messages(raised) == ["Línea 1: US$ 10000.00 × 3.7450 son S/ 37450.00, no S/ 37000.00."]
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 3, 1), "", (LineInput("9999", debit=D("1")),)))
    assert messages(raised) == ["Escriba la glosa del asiento.", "Un asiento tiene al menos dos líneas: un debe y un "
                                "haber.", "Línea 1: no existe la cuenta 9999."]
    assert book.ledger.entries() == [] and book.ledger.trial_balance().debit == D("0")


def test_member_accounts_carry_the_member_and_their_sub_ledger_reconciles(book):
    cash_in_hand(book)
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 3, 1), "Adelanto", (
            LineInput("14222", debit=D("500.00")), LineInput("101", credit=D("500.00")))))
    assert messages(raised) == ["Línea 1: la cuenta 14222 lleva el socio (es una cuenta corriente de socios)."]
    book.ledger.post(EntryInput(date(2026, 3, 1), "Adelantos de marzo", (
        LineInput("14222", debit=D("500.00"), member_code="S0001"),
        LineInput("14222", debit=D("250.50"), member_code="S0002"),
        LineInput("101", credit=D("750.50")))))
    book.ledger.post(EntryInput(date(2026, 3, 15), "Descuento en liquidación", (
        LineInput("4419", debit=D("100.00"), member_code="S0001"),
        LineInput("14222", credit=D("100.00"), member_code="S0001"))))
    assert book.ledger.member_balances("14222") == {"S0001": D("400.00"), "S0002": D("250.50")}
    control = {r.code: r.balance for r in book.ledger.trial_balance().rows}["14222"]
    assert control == sum(book.ledger.member_balances("14222").values()) == D("650.50")


def test_a_reversal_nets_to_zero_and_an_entry_is_reversed_only_once(book):
    entry_id = book.ledger.post(sale_in_dollars())
    reversal = book.ledger.reverse(entry_id, date(2026, 3, 12), "Factura anulada")
    first, second = book.ledger.entries()
    assert (first.reversed_by, second.reverses, second.description) == (
        reversal, entry_id, "Reversión de 2026-000001: Factura anulada")
    assert all(r.debit == r.credit for r in book.ledger.trial_balance().rows)  # every account back to zero
    with pytest.raises(InvalidInput):
        book.ledger.reverse(entry_id, date(2026, 3, 12), "otra vez")


def test_a_closed_period_takes_nothing_through_the_core_or_the_database(book):
    cash_is_not_the_subject(book)
    season(book)
    with pytest.raises(InvalidInput) as raised:
        book.ledger.close(2026, 4)  # March has entries and is still open
    assert messages(raised) == ["Cierre primero los periodos anteriores que tienen asientos: 2026-03."]
    book.ledger.close(2026, 3)
    assert [(p.code, p.status, p.closed_by) for p in book.ledger.periods()] == [
        ("2026-03", "cerrado", "admin"), ("2026-04", "abierto", "")]
    for day in (date(2026, 3, 31), date(2026, 1, 5)):  # in the closed month, and before it
        with pytest.raises(InvalidInput) as raised:
            book.ledger.post(EntryInput(day, "Ajuste", (LineInput("659", debit=D("10.00")),
                                                        LineInput("101", credit=D("10.00")))))
        assert [p.field for p in raised.value.problems] == ["date"]
    march = book.ledger.entries(end=date(2026, 3, 31))
    with pytest.raises(InvalidInput):
        book.ledger.reverse(march[0].id, date(2026, 3, 31), "en marzo no")
    with pytest.raises(InvalidInput):
        book.ledger.close(2026, 3)
    for sql in ("UPDATE journal_entries SET description = 'x'", "DELETE FROM journal_lines",
                "UPDATE ledger_periods SET status = 'abierto'",
                "INSERT INTO journal_lines (entry_id, account_id, debit_cents, credit_cents, currency, description) "
                "VALUES (1, 1, 100, 0, 'PEN', '')"):
        with pytest.raises(DBAPIError), book.engine.begin() as conn:
            conn.execute(text(sql))
    assert book.ledger.entries(end=date(2026, 3, 31)) == march
    # a correction goes in an open period
    book.ledger.reverse(march[0].id, date(2026, 4, 30), "Factura anulada en abril")
    assert book.ledger.trial_balance(end=date(2026, 3, 31)).debit == D("67450.00")


def test_the_season_gives_a_remanente_a_balanced_sheet_and_a_closing_entry(book):
    cash_is_not_the_subject(book)
    season(book)
    statement = book.ledger.income_statement(2026)
    assert (statement.total_income, statement.total_expenses, statement.result) == (
        D("37450.00"), D("31200.00"), D("6250.00"))
    sheet = book.ledger.balance_sheet(date(2026, 12, 31))
    # assets: receivable 37,450 − cash 31,200 = 6,250; equity: the year's result 6,250
    assert (sheet.total_assets, sheet.total_liabilities, sheet.total_equity, sheet.balanced) == (
        D("6250.00"), D("0"), D("6250.00"), True)
    with pytest.raises(InvalidInput) as raised:  # 7 December 2026: the year has not ended
        book.ledger.close_year(2026)
    assert messages(raised) == ["El ejercicio 2026 aún no termina: se cierra desde el 1 de enero de 2027, cuando ya "
                                "no puede recibir ventas, gastos ni intereses."]
    book.clock = FixedClock(date(2027, 1, 15))  # the contador comes back in January
    closing = book.ledger.close_year(2026)
    [entry] = [e for e in book.ledger.entries() if e.id == closing]
    assert [(l.account, l.debit, l.credit) for l in entry.lines] == [
        ("631", D("0.00"), D("1200.00")), ("69131", D("0.00"), D("30000.00")), ("701311", D("37450.00"), D("0.00")),
        ("891", D("0.00"), D("6250.00"))]  # 89 Determinación del resultado; a second entry takes it to 591
    assert book.ledger.remanente(2026) == D("6250.00")  # the ejercicio's result, before its closing
    after = book.ledger.balance_sheet(date(2026, 12, 31))
    assert (after.result, after.total_equity, after.balanced) == (D("0.00"), D("6250.00"), True)
    assert book.ledger.trial_balance().balanced
    with pytest.raises(InvalidInput):
        book.ledger.close_year(2026)


def test_the_amount_to_distribute_can_be_the_years_remanente_written_into_the_criteria(book):
    cash_in_hand(book)
    from coopdesk.core import InvalidInput as Refused
    from tests.core.test_distributions import CRITERIA, season_of_rosa_and_juan

    with pytest.raises(Refused) as raised:
        book.distributions.with_remanente(CRITERIA, 2026)  # nothing posted yet
    assert [p.field for p in raised.value.problems] == ["amount"]
    season(book)
    season_of_rosa_and_juan(book)
    text = book.distributions.with_remanente(CRITERIA, 2026)
    assert text.splitlines()[2:4] == ["ejercicio = 2026  # el remanente de este ejercicio, una sola vez",
                                      'monto = "6250.00"  # remanente del ejercicio 2026 (Estado de resultados)']
    assert 'monto = "1000.00"' not in text and text.replace(
        'monto = "6250.00"  # remanente del ejercicio 2026 (Estado de resultados)', 'monto = "1000.00"').replace(
        "ejercicio = 2026  # el remanente de este ejercicio, una sola vez\n", "") == CRITERIA
    result = book.distributions.simulate(text)
    # 20 % to the Reserva Cooperativa, 5,000.00 by kilos: Rosa 200 of 300 kg
    assert result.appropriations == (("Reserva Cooperativa", D("1250.00")),)
    assert [(p.code, p.net) for p in result.payouts.values()][:2] == [("S0001", D("3333.33")), ("S0002", D("1666.67"))]


def test_the_contador_gets_the_diario_and_the_trial_balance_as_spreadsheets(book, tmp_path):
    cash_is_not_the_subject(book)
    import csv
    import io

    season(book)
    assert book.exports.journal(tmp_path / "diario.csv") == 6
    rows = list(csv.reader(io.StringIO((tmp_path / "diario.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1] == ["2026-000001", "10/03/2026", "Venta lote 12 a Exportadora del Sur", "F001-000045", "1212",
                       "Facturas por cobrar a compradores", "", "37450.00", "0.00", "USD", "10000.00", "3.7450",
                       "Manual", "", "Provisional"]  # March is open: no correlativo in the Diario yet
    assert book.exports.trial_balance(tmp_path / "balance.xlsx") == 5
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "balance.xlsx").active
    assert [c.value for c in sheet[2]] == ["101", "Caja", "activo", 0, 31200, 0, 31200]


def test_dollar_amounts_are_kept_exactly_or_refused(book):
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 3, 1), "Venta", (
            LineInput("1212", debit=D("37.47"), currency="USD", foreign_amount=D("10.005"), exchange_rate=D("3.7450")),
            LineInput("701311", credit=D("37.47"), exchange_rate=D("3.7450")))))
    assert messages(raised) == [
        "Línea 1: el monto en dólares es mayor que cero y lleva dos decimales como máximo.",
        "Línea 2: una línea en soles no lleva monto en dólares ni tipo de cambio."]
    entry = book.ledger.post(sale_in_dollars())
    book.ledger.reverse(entry, date(2026, 3, 11), "Factura anulada")  # rebuilt from what was stored
    assert all(r.debit == r.credit for r in book.ledger.trial_balance().rows)


def test_a_closed_ejercicio_stays_closed_and_its_closing_is_never_reversed(book):
    """Closing 2026 closes its twelve months: a late invoice dated in 2026 is refused (it goes into 2027, or
    the contador adjusts 591 there), so the remanente the assembly distributes never changes under it."""
    cash_in_hand(book)
    season(book)
    book.clock = FixedClock(date(2027, 1, 15))
    closing = book.ledger.close_year(2026)
    # the twelve months closed; January 2027 holds the reopening and stays open
    assert [(p.code, p.status) for p in book.ledger.periods()][-2:] == [("2026-12", "cerrado"), ("2027-01", "abierto")]
    assert {p.status for p in book.ledger.periods() if p.code.startswith("2026")} == {"cerrado"}
    with pytest.raises(InvalidInput):
        book.ledger.reverse(closing, date(2026, 12, 31), "no")
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 12, 20), "Intereses cobrados tarde", (
            LineInput("101", debit=D("50.00")), LineInput("772", credit=D("50.00")))))
    assert messages(raised) == [
        "El periodo 2026-12 está cerrado: no se registra nada en él. Use una fecha desde el 2027-01-01; un documento "
        "olvidado se registra con esa fecha, anotando su fecha real en la referencia."]
    assert book.ledger.remanente(2026) == D("6250.00")
    with pytest.raises(InvalidInput) as raised:
        book.ledger.close_year(2026)
    assert messages(raised) == ["El ejercicio 2026 ya está cerrado."]
    book.ledger.post(EntryInput(date(2027, 1, 15), "Intereses de diciembre cobrados tarde", (
        LineInput("101", debit=D("50.00")), LineInput("772", credit=D("50.00")))))
    assert book.ledger.remanente(2027) == D("50.00")


def test_a_month_not_ended_or_a_december_before_the_years_closing_cannot_be_closed(book):
    with pytest.raises(InvalidInput) as raised:
        book.ledger.close(2062, 3)  # a typo would lock the books for good
    assert messages(raised) == ["El periodo 2062-03 aún no termina: se cierra cuando ha terminado el mes."]
    book.ledger.post(EntryInput(date(2025, 6, 1), "Venta 2025", (
        LineInput("101", debit=D("900.00")), LineInput("701311", credit=D("900.00")))))
    book.ledger.close(2025, 6)
    with pytest.raises(InvalidInput) as raised:
        book.ledger.close(2025, 12)
    assert messages(raised) == ["Registre primero el asiento de cierre del ejercicio 2025: va al 31 de diciembre, y "
                                "un diciembre cerrado ya no lo admite."]
    book.ledger.close_year(2025)   # and with it every month of 2025
    assert [(p.code, p.status) for p in book.ledger.periods() if p.code == "2025-12"] == [("2025-12", "cerrado")]
    assert book.ledger.remanente(2025) == D("900.00")


def test_the_database_refuses_an_entry_dated_in_a_closed_month_whatever_period_it_names(book):
    cash_is_not_the_subject(book)
    season(book)
    book.ledger.close(2026, 3)
    open_period = next(p for p in book.ledger.periods() if p.code == "2026-04")
    assert open_period.status == "abierto"
    with pytest.raises(DBAPIError), book.engine.begin() as conn:
        period_id = conn.execute(text("SELECT id FROM ledger_periods WHERE year = 2026 AND month = 4")).scalar()
        conn.execute(text("INSERT INTO journal_entries (year, number, date, period_id, description, reference, "
                          "source_kind, created_at, created_by) VALUES (2026, 99, :day, :period, 'x', '', 'manual', "
                          ":now, '')"), {"day": date(2026, 1, 15), "period": period_id, "now": "2026-04-01 08:00:00"})


def test_member_codes_are_read_in_any_case_and_a_year_out_of_range_is_a_message(book):
    cash_in_hand(book)
    book.ledger.post(EntryInput(date(2026, 3, 1), "Adelanto", (
        LineInput("14222", debit=D("100.00"), member_code="s0001"), LineInput("101", credit=D("100.00")))))
    assert book.ledger.member_balances("14222") == {"S0001": D("100.00")}
    with pytest.raises(InvalidInput):
        book.distributions.with_remanente("", 0)


def test_the_contadors_chart_is_imported_from_a_sheet_and_exported_back(book, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Cuenta;Nombre de la cuenta;Tipo;De socios\n"
                    "6391;Asesoría contable;Gasto;no\n"
                    "1684;Aportaciones por cobrar a socios;activo;sí\n"
                    "101;Caja;activo;no\n"
                    "631;Fletes;gasto;\n"
                    "7599;Ingresos varios;otros;\n", encoding="utf-8")
    report = book.imports.accounts(path)
    assert not report.written
    assert [(p.row, p.column, describe(p.problem)) for p in report.problems] == [
        (5, "Cuenta", "La cuenta 631 ya existe como «Transporte y fletes»: un archivo no la cambia."),
        (6, "Tipo", "El tipo de cuenta es activo, pasivo, patrimonio, ingreso o gasto.")]
    path.write_text("Cuenta;Nombre de la cuenta;Tipo;De socios\n"
                    "6391;Asesoría contable;Gasto;no\n"
                    "1684;Aportaciones por cobrar a socios;activo;sí\n"
                    "101;Caja;activo;no\n", encoding="utf-8")
    report = book.imports.accounts(path)
    assert (report.written, report.to_add, list(report.already)) == (True, 2, [4])
    chart = {a.code: a for a in book.ledger.accounts()}
    assert (chart["6391"].kind, chart["1684"].member_ledger) == ("gasto", True)
    assert book.exports.accounts(tmp_path / "plan.xlsx") == len(chart)
    assert book.imports.accounts(tmp_path / "plan.xlsx").to_add == 0  # the export reads back as it is


def test_a_typed_line_is_held_to_a_thousand_million_but_a_years_closing_adds_up_beyond_it(book):
    """A large cooperative sells S/ 1,200 million in a year in two typed entries; its closing line for 701311 is
    bigger than any line a person may type, and it is posted."""
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post(EntryInput(date(2026, 5, 1), "Venta con un cero de más", (
            LineInput("1041", debit=D("6000000000.00")), LineInput("701311", credit=D("6000000000.00")))))
    assert messages(raised) == ["Línea 1: el monto es demasiado grande.", "Línea 2: el monto es demasiado grande."]
    for month in (5, 10):
        book.ledger.post(EntryInput(date(2026, month, 1), "Venta de la campaña", (
            LineInput("1041", debit=D("600000000.00")), LineInput("701311", credit=D("600000000.00")))))
    book.clock = FixedClock(date(2027, 1, 15))
    closing = book.ledger.close_year(2026)
    [entry] = [e for e in book.ledger.entries() if e.id == closing]
    assert [(l.account, l.debit, l.credit) for l in entry.lines] == [
        ("701311", D("1200000000.00"), D("0.00")), ("891", D("0.00"), D("1200000000.00"))]
