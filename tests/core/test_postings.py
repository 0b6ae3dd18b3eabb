"""The automatic entries a contador finds in the books: every ticket, advance,
loan, input, repayment, sale, expense, distribution and payment posts its own
entry, linked to its document; voiding a document reverses it; nothing is
recorded in a closed period through any core call."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.core import InvalidInput
from coopdesk.core.postings import Pending
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.accounts import LoanInput, MovementInput
from coopdesk.domain.sales import ExpenseInput, SaleInput
from coopdesk.i18n import describe
from tests.conftest import TODAY, cacao, cash_in_hand, cash_is_not_the_subject
from tests.core.test_distribution_runs import CRITERIA_NAMED
from tests.core.test_distributions import season_of_rosa_and_juan


def lines(entry):
    return [(l.account, l.member_code, l.debit, l.credit) for l in entry.lines]


def by_source(book, kind):
    return [e for e in book.ledger.entries() if e.source_kind == kind]


def balances(book):
    return {r.code: r.balance for r in book.ledger.trial_balance().rows if r.debit or r.credit}


def messages(raised):
    return [describe(p) for p in raised.value.problems]


def test_a_ticket_posts_the_product_into_inventory_against_the_cash_advanced(book):
    cash_is_not_the_subject(book)
    book.deliveries.record(cacao("001-000001"))                                               # Rosa, orgánico
    book.deliveries.record(cacao("001-000002", member_code="S0002", advance_price=D("15.00")))  # Juan, convencional
    first, second = by_source(book, "entrega")
    assert (first.number, first.date, first.description, first.reference) == (
        "2026-000001", date(2026, 3, 4), "Acopio: ticket 001-000001", "001-000001")
    assert lines(first) == [("203211", "", D("2221.85"), D("0.00")), ("101", "", D("0.00"), D("2221.85"))]
    assert lines(second) == [("203213", "", D("1801.50"), D("0.00")), ("101", "", D("0.00"), D("1801.50"))]
    assert first.source_id == book.deliveries.page()[0].id or first.source_id == book.deliveries.page()[1].id
    assert balances(book) == {"101": D("-4023.35"), "203211": D("2221.85"), "203213": D("1801.50")}


def test_voiding_a_ticket_reverses_its_entry_and_the_inventory_goes_back(book):
    cash_is_not_the_subject(book)
    book.deliveries.record(cacao("001-000002", member_code="S0002", advance_price=D("15.00")))
    book.deliveries.void("001-000002", "Peso mal leído")
    entry, reversal = book.ledger.entries()
    assert (reversal.source_kind, reversal.reverses, reversal.date) == ("anulacion", entry.id, TODAY)
    assert reversal.description == "Reversión de 2026-000001: ticket 001-000002 anulado: Peso mal leído"
    assert lines(reversal) == [("203213", "", D("0.00"), D("1801.50")), ("101", "", D("1801.50"), D("0.00"))]
    assert balances(book) == {"101": D("0.00"), "203213": D("0.00")}


def test_member_movements_post_to_their_sub_ledgers_and_interest_is_owed_when_it_falls_due(book):
    """A S/ 1,000.00 loan at 12 % in 6 monthly installments from 6 April 2026: by 7 December all six are due,
    S/ 35.28 of interest (10.00 + 8.37 + 6.73 + 5.07 + 3.40 + 1.71), each posted on its due date (14221 against
    772), so the loan is paid off with S/ 1,035.28 and not a céntimo more."""
    cash_in_hand(book)
    day = date(2026, 4, 6)
    book.accounts.record(MovementInput("S0001", day, "adelantos", "cargo", D("500.00"), "Adelanto de campaña"))
    book.accounts.grant_loan(LoanInput("S0001", day, D("1000.00"), D("12"), 6, "Préstamo para poda"))
    with pytest.raises(InvalidInput) as raised:  # one zero too many: refused, never income
        book.accounts.record(MovementInput("S0001", date(2026, 11, 6), "prestamos", "abono", D("10352.80"),
                                           "Pago total del préstamo"))
    assert [m.replace("\xa0", " ") for m in messages(raised)] == [
        "El abono de S/ 10,352.80 es mayor que lo que Rosa Quispe Mamani debe de préstamos (S/ 1,035.28, con los "
        "intereses ya vencidos): revise el monto. Lo pagado de más no se registra como interés ni como ingreso."]
    book.accounts.record(MovementInput("S0001", date(2026, 11, 6), "prestamos", "abono", D("1035.28"),
                                       "Pago total del préstamo"))
    book.accounts.record_inputs("S0001", day, [__import__("coopdesk.domain.accounts", fromlist=["InputItem"])
                                               .InputItem("Guano de isla", D("2"), D("85.00"))])
    book.accounts.record(MovementInput("S0001", day, "aportaciones", "cargo", D("200.00"), "Aporte suscrito"))
    book.accounts.record(MovementInput("S0001", day, "aportaciones", "abono", D("200.00"), "Aporte pagado"))
    entries = by_source(book, "movimiento")
    assert [e.description for e in entries] == [
        "Adelanto: socio S0001", "Préstamo: socio S0001", "Insumos a crédito: socio S0001",
        "Aportación pagada: socio S0001", "Pago de préstamo: socio S0001"]  # the subscription moved no money
    assert lines(entries[-1]) == [("101", "", D("1035.28"), D("0.00")), ("14221", "S0001", D("0.00"), D("1035.28"))]
    interest = by_source(book, "interes")
    assert [(e.date, lines(e)) for e in interest][:2] == [
        (date(2026, 5, 6), [("14221", "S0001", D("10.00"), D("0.00")), ("772", "", D("0.00"), D("10.00"))]),
        (date(2026, 6, 6), [("14221", "S0001", D("8.37"), D("0.00")), ("772", "", D("0.00"), D("8.37"))])]
    assert len(interest) == 6 and balances(book)["772"] == D("35.28")
    assert lines(entries[2]) == [("14223", "S0001", D("170.00"), D("0.00")), ("2524", "", D("0.00"), D("170.00"))]
    assert lines(entries[3]) == [("101", "", D("200.00"), D("0.00")), ("501", "S0001", D("0.00"), D("200.00"))]
    # each sub-ledger adds up to its control account, and to what the member's statement says
    for account, expected in (("14222", D("500.00")), ("14221", D("0.00")), ("14223", D("170.00")), ("501", D("200.00"))):
        assert book.ledger.member_balances(account) == {"S0001": expected}
        assert balances(book).get(account, D("0.00")) == expected
    assert dict(book.accounts.balances("S0001").owed)["prestamos"] == D("0.00")
    assert book.ledger.trial_balance().balanced


def test_reversing_a_movement_reverses_its_entry_and_a_subscription_reverses_nothing(book):
    cash_is_not_the_subject(book)
    day = date(2026, 4, 6)
    book.accounts.record(MovementInput("S0002", day, "adelantos", "cargo", D("300.00"), "Adelanto"))
    book.accounts.record(MovementInput("S0002", day, "aportaciones", "cargo", D("200.00"), "Aporte suscrito"))
    advance, subscription = (m.id for m in book.accounts.movements("S0002")[:2])
    book.accounts.reverse(advance, "Era para otro socio")
    book.accounts.reverse(subscription, "Duplicado")
    original, reversal = book.ledger.entries()
    assert (reversal.reverses, reversal.source_kind) == (original.id, "movimiento")
    assert book.ledger.member_balances("14222") == {"S0002": D("0.00")}
    assert balances(book) == {"101": D("0.00"), "14222": D("0.00")}


def test_a_dollar_sale_posts_price_differential_and_premium_apart_and_its_cost_at_average(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))  # 120.1 kg orgánico at S/ 18.50 = S/ 2,221.85
    sale_id = book.sales.record(SaleInput(
        date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("100"), D("6.0000"), "USD",
        D("3.7450"), premium=D("24.00"), differential=D("30.00"), contract="C-2026-07", invoice="F001-000045"))
    [entry] = by_source(book, "venta")
    assert (entry.reference, entry.source_id) == ("F001-000045", sale_id)
    assert [(l.account, l.debit, l.credit, l.currency, l.foreign_amount) for l in entry.lines] == [
        ("1212", D("2247.00"), D("0.00"), "USD", D("600.00")), ("701311", D("0.00"), D("2247.00"), "USD", D("600.00")),
        ("1212", D("112.35"), D("0.00"), "USD", D("30.00")), ("701312", D("0.00"), D("112.35"), "USD", D("30.00")),
        ("1212", D("89.88"), D("0.00"), "USD", D("24.00")), ("46993", D("0.00"), D("89.88"), "USD", D("24.00")),
        ("69131", D("1850.00"), D("0.00"), "PEN", None), ("203211", D("0.00"), D("1850.00"), "PEN", None)]
    [sale] = book.sales.list()
    assert (sale.total_pen, sale.cost, sale.entry_number) == (D("2449.23"), D("1850.00"), entry.number)
    statement = book.ledger.income_statement(2026)
    assert (statement.total_income, statement.total_expenses, statement.result) == (
        D("2359.35"), D("1850.00"), D("509.35"))
    # what is left in stock keeps its cost: 20.1 kg at S/ 18.50
    assert book.sales.stock_of("CACAO-SECO", "organico").value == D("371.85")


def test_selling_more_than_the_stock_is_refused_and_writes_nothing(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    data = SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("150"), D("20.0000"))
    with pytest.raises(InvalidInput) as raised:
        book.sales.record(data)
    assert messages(raised) == [
        "No hay tantos kilos en el almacén: vende 150 kg y de Cacao grano seco, Orgánico, hay 120.100 kg (entregas "
        "menos ventas registradas). Revise los kilos, el producto o la certificación."]
    assert book.sales.list() == [] and balances(book)["203211"] == D("2221.85")
    book.sales.record(replace(data, kg=D("120.1")))   # all of it: all its cost
    assert book.sales.list()[0].cost == D("2221.85") and balances(book)["203211"] == D("0.00")


def test_a_sale_or_an_expense_with_mistakes_names_each_and_writes_nothing(book):
    with pytest.raises(InvalidInput) as raised:
        book.sales.record(SaleInput(date(2026, 4, 10), " ", "CACAO-SECO", "organico", D("0"), D("6.12345"), "USD"))
    assert messages(raised) == [
        "Escriba el comprador.", "Los kilos vendidos deben ser mayores que cero, con tres decimales como máximo.",
        "El precio por kg no puede ser negativo y lleva cuatro decimales como máximo.",
        "Una venta en dólares lleva el tipo de cambio del día, con cuatro decimales como máximo (por ejemplo 3.7450)."]
    with pytest.raises(InvalidInput) as raised:
        book.expenses.record(ExpenseInput(date(2026, 4, 10), "14222", "Flete", D("300.001"), "999"))
    assert messages(raised) == [
        "El monto debe ser mayor que cero, en soles con dos decimales como máximo.",
        "Elija con qué se pagó: caja (101), banco (1041) o queda por pagar al proveedor (4212).",
        "La cuenta 14222 no es de gastos (ni una compra de insumos o producto)."]
    assert book.sales.list() == [] and book.expenses.list() == [] and book.ledger.entries() == []


def test_an_expense_posts_its_account_against_what_paid_it_and_voiding_reverses_it(book):
    cash_is_not_the_subject(book)
    expense_id = book.expenses.record(ExpenseInput(date(2026, 4, 12), "631", "Flete a Puerto Maldonado", D("300.00"),
                                                   "101", supplier="Transportes Inambari", reference="B001-332"))
    [entry] = book.ledger.entries()
    assert (entry.description, entry.reference, entry.source_id) == (
        "Gasto: Flete a Puerto Maldonado (Transportes Inambari)", "B001-332", expense_id)
    assert lines(entry) == [("631", "", D("300.00"), D("0.00")), ("101", "", D("0.00"), D("300.00"))]
    book.expenses.void(expense_id, "Boleta duplicada")
    assert balances(book) == {"101": D("0.00"), "631": D("0.00")}
    assert book.expenses.list()[0].voided
    with pytest.raises(InvalidInput):
        book.expenses.void(expense_id, "otra vez")


def test_a_closed_period_refuses_tickets_movements_sales_and_expenses_and_nothing_changes(book):
    cash_is_not_the_subject(book)
    book.deliveries.record(cacao("001-000001"))
    book.ledger.close(2026, 3)
    before = (book.ledger.entries(), book.deliveries.count(), book.accounts.movements("S0001"))
    closed = ("El periodo 2026-03 está cerrado: no se registra nada en él. Use una fecha desde el 01/04/2026; un "
        "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia.")
    attempts = [
        lambda: book.deliveries.record(cacao("001-000002", date=date(2026, 3, 20))),
        lambda: book.accounts.record(MovementInput("S0001", date(2026, 3, 20), "adelantos", "cargo", D("100.00"))),
        lambda: book.accounts.grant_loan(LoanInput("S0001", date(2026, 3, 20), D("100.00"), D("0"), 2)),
        lambda: book.sales.record(SaleInput(date(2026, 3, 20), "Exportadora", "CACAO-SECO", "organico", D("10"),
                                            D("20.0000"))),
        lambda: book.expenses.record(ExpenseInput(date(2026, 3, 20), "631", "Flete", D("30.00"))),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput) as raised:
            attempt()
        assert closed in messages(raised)
    assert (book.ledger.entries(), book.deliveries.count(), book.accounts.movements("S0001")) == before


def test_an_imported_file_posts_one_entry_per_day_and_series_and_a_voided_ticket_comes_out_alone(book, tmp_path):
    cash_is_not_the_subject(book)
    path = tmp_path / "entregas.csv"
    path.write_text(
        "Ticket;Fecha;Código;Producto;Peso bruto;Tara;Humedad;Calidad;Precio\n"
        "001-000010;04/03/2026;S0001;CACAO-SECO;100;0;7;A;18.50\n"
        "001-000011;04/03/2026;S0002;CACAO-SECO;50;0;7;A;15.00\n"
        "001-000012;05/03/2026;S0003;CACAO-SECO;10;0;7;A;16.00\n", encoding="utf-8")
    report = book.imports.deliveries(path)
    assert report.written, report.problems
    first, second = by_source(book, "acopio")
    assert (first.description, first.reference) == ("Acopio del 04/03/2026, serie 001: 2 tickets",
                                                    "001-000010 a 001-000011")
    assert lines(first) == [("203211", "", D("1850.00"), D("0.00")), ("203213", "", D("750.00"), D("0.00")),
                            ("101", "", D("0.00"), D("2600.00"))]
    assert lines(second) == [("203212", "", D("160.00"), D("0.00")), ("101", "", D("0.00"), D("160.00"))]
    book.deliveries.void("001-000011", "Socio equivocado")
    [voided] = by_source(book, "anulacion")
    assert (voided.reverses, lines(voided)) == (None, [("101", "", D("750.00"), D("0.00")),
                                                       ("203213", "", D("0.00"), D("750.00"))])
    assert balances(book) == {"101": D("-2010.00"), "203211": D("1850.00"), "203212": D("160.00"), "203213": D("0.00")}


def test_tickets_and_movements_of_an_older_book_are_posted_once_by_post_pending(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    book.accounts.record(MovementInput("S0001", date(2026, 4, 6), "adelantos", "cargo", D("500.00")))
    assert book.ledger.post_pending() == Pending(0, 0)  # everything was posted when recorded
    # a book from before the automatic entries: tickets and movements without entries
    with book.write(None) as session:
        session.execute(text(
            "INSERT INTO deliveries (campaign_id, series, number, date, member_id, product_id, sacks, gross_g, tare_g, "
            "net_g, humidity_cp, grade, certification, price_cents, price_unit, amount_cents, created_at, payable_g, "
            "equivalent_g, void_reason, voided_by, certification_note) SELECT campaign_id, series, number + k, "
            "date, member_id, product_id, sacks, gross_g, tare_g, net_g, humidity_cp, grade, certification, "
            "price_cents, price_unit, amount_cents, created_at, payable_g, equivalent_g, '', '', '' FROM deliveries, "
            "(SELECT 1 AS k UNION SELECT 2) AS copies WHERE number = 1"))
        session.execute(text(
            "INSERT INTO account_movements (member_id, date, concept, direction, amount_cents, description, "
            "reference, created_at, created_by) SELECT member_id, date, 'adelantos', 'abono', 20000, 'Devolución', "
            "'', created_at, '' FROM account_movements"))
    assert book.ledger.post_pending() == Pending(1, 1)
    day = by_source(book, "acopio")[0]
    assert (day.description, day.reference, day.created_by) == (
        "Acopio del 04/03/2026, serie 001: 2 tickets", "001-000002 a 001-000003", "admin")
    assert lines(day) == [("203211", "", D("4443.70"), D("0.00")), ("101", "", D("0.00"), D("4443.70"))]
    assert book.ledger.member_balances("14222") == {"S0001": D("300.00")}
    assert book.ledger.post_pending() == Pending(0, 0)  # once


def test_the_opening_balances_take_only_balance_sheet_accounts_once_a_year(book):
    opening = EntryInput(date(2026, 1, 1), "Apertura 2026", (
        LineInput("1041", debit=D("50000.00")), LineInput("582", credit=D("50000.00"))))
    entry_id = book.ledger.post_opening(opening)
    [entry] = book.ledger.entries()
    assert (entry.id, entry.source_kind, entry.source_id) == (entry_id, "apertura", 2026)
    with pytest.raises(InvalidInput) as raised:
        book.ledger.post_opening(EntryInput(date(2026, 1, 2), "Otra apertura", (
            LineInput("621", debit=D("10.00")), LineInput("101", credit=D("10.00")))))
    assert messages(raised) == [
        "Línea 1: la apertura lleva solo cuentas de activo, pasivo y patrimonio; la 621 es de «Gastos».",
        "El ejercicio 2026 ya tiene su asiento de apertura (2026-000001); una corrección se hace con un asiento "
        "manual."]


def test_publishing_a_distribution_posts_appropriations_payables_and_deductions_and_paying_posts_the_payment(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    book.accounts.record(MovementInput("S0001", TODAY, "adelantos", "cargo", D("100.00"), "Adelanto"))
    run = book.distributions.create(CRITERIA_NAMED)
    book.distributions.approve(run.number, acta="Acta 12-2026", acta_date=TODAY)
    book.distributions.publish(run.number)
    [entry] = by_source(book, "distribucion")
    code = book.distributions.get(run.number).code  # the books record the run's code (docs/seals.md)
    assert (entry.description, entry.reference, entry.date) == (
        f"Distribución N.º 1 (acta Acta 12-2026) · código {code}", "D-1", TODAY)
    assert lines(entry) == [
        ("591", "", D("200.00"), D("0.00")), ("582", "", D("0.00"), D("200.00")),
        ("591", "", D("800.00"), D("0.00")),
        ("4419", "S0001", D("0.00"), D("533.33")),
        ("4419", "S0001", D("100.00"), D("0.00")), ("14222", "S0001", D("0.00"), D("100.00")),
        ("4419", "S0002", D("0.00"), D("266.67"))]
    assert book.ledger.member_balances("4419") == {"S0001": D("433.33"), "S0002": D("266.67")}
    assert book.ledger.member_balances("14222") == {"S0001": D("0.00")}
    book.distributions.mark_paid(run.number, "S0001", TODAY, "efectivo", reference="Recibo 45")
    book.distributions.mark_paid(run.number, "S0002", TODAY, "transferencia")
    payments = by_source(book, "pago")
    assert [lines(p) for p in payments] == [
        [("4419", "S0001", D("433.33"), D("0.00")), ("101", "", D("0.00"), D("433.33"))],
        [("4419", "S0002", D("266.67"), D("0.00")), ("1041", "", D("0.00"), D("266.67"))]]
    assert book.ledger.member_balances("4419") == {"S0001": D("0.00"), "S0002": D("0.00")}
    assert book.ledger.trial_balance().balanced


def test_an_appropriation_whose_account_cannot_be_told_stops_publishing_with_a_message(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    criteria = CRITERIA_NAMED.replace('reserva = true\n', 'reserva = true\n\n[[apropiaciones]]\n'
                                      'nombre = "Fondo de Becas"\nporcentaje = 10\n')
    run = book.distributions.create(criteria)
    book.distributions.approve(run.number, acta="Acta 12-2026", acta_date=TODAY)
    with pytest.raises(InvalidInput) as raised:
        book.distributions.publish(run.number)
    assert messages(raised) == [
        "No se sabe a qué cuenta contable va «Fondo de Becas»: en los criterios, escriba su cuenta (por ejemplo "
        "cuenta = \"46991\") y apruebe una nueva distribución."]
    assert book.distributions.get(run.number).status == "aprobada" and by_source(book, "distribucion") == []
    with_account = criteria.replace('nombre = "Fondo de Becas"', 'nombre = "Fondo de Becas"\ncuenta = "46991"')
    second = book.distributions.create(with_account)
    book.distributions.approve(second.number, acta="Acta 13-2026", acta_date=TODAY)
    book.distributions.publish(second.number)
    [entry] = by_source(book, "distribucion")
    assert lines(entry)[:4] == [("591", "", D("200.00"), D("0.00")), ("582", "", D("0.00"), D("200.00")),
                                ("591", "", D("100.00"), D("0.00")), ("46991", "", D("0.00"), D("100.00"))]


def test_the_contador_gets_the_sales_and_expenses_in_a_spreadsheet_with_their_entries(book, tmp_path):
    cash_is_not_the_subject(book)
    import openpyxl
    book.deliveries.record(cacao("001-000001"))
    book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("100"),
                                D("6.0000"), "USD", D("3.7450"), premium=D("24.00"), contract="C-2026-07"))
    book.expenses.record(ExpenseInput(date(2026, 4, 12), "631", "Flete", D("300.00"), "1041", supplier="Inambari"))
    assert book.exports.sales(tmp_path / "ventas.xlsx") == 1
    assert book.exports.expenses(tmp_path / "gastos.xlsx") == 1
    sales = list(openpyxl.load_workbook(tmp_path / "ventas.xlsx").active.values)
    assert sales[0][:3] == ("Venta", "Fecha", "Comprador")
    row = dict(zip(sales[0], sales[1]))
    assert (row["Comprador"], row["Contrato"], row["Producto"], row["Certificación"], row["Moneda"],
            row["Precio por kg (en la moneda)"], row["Tipo de cambio"], row["Importe (en la moneda)"],
            row["Venta en soles"], row["Prima de Comercio Justo (en la moneda)"], row["Prima en soles"],
            row["Total en soles"], row["Costo de venta en soles"], row["Cobro"], row["Asiento"]) == (
        "Exportadora del Sur", "C-2026-07", "Cacao grano seco", "Orgánico", "USD", 6, 3.745, 600, 2247, 24, 89.88,
        2336.88, 1850, "Por cobrar (1212)", "2026-000002")
    book.sales.void(1, "Contrato anulado")
    assert book.exports.sales(tmp_path / "ventas.xlsx", end=date(2026, 4, 30)) == 1  # the register keeps it, voided
    sales = list(openpyxl.load_workbook(tmp_path / "ventas.xlsx").active.values)
    assert dict(zip(sales[0], sales[1]))["Anulada"] == "Anulada: Contrato anulado"
    # the November journal names the April entry its reversal reverses
    assert book.exports.journal(tmp_path / "diario.xlsx", start=TODAY) == 6
    journal = list(openpyxl.load_workbook(tmp_path / "diario.xlsx").active.values)
    reverses = journal[0].index("Revierte")  # the last column is now the Diario's correlativo
    assert {row[reverses] for row in journal[1:]} == {"2026-000002"}
    expenses = list(openpyxl.load_workbook(tmp_path / "gastos.xlsx").active.values)
    row = dict(zip(expenses[0], expenses[1]))
    assert (row["Cuenta"], row["Nombre de la cuenta"], row["Monto"], row["Pagado con"], row["Asiento"]) == (
        "631", "Transporte y fletes", 300, "Banco (1041)", "2026-000003")


def publish(book, text, corrects=None):
    run = book.distributions.create(text, corrects=corrects, reason="Corrección del monto" if corrects else "")
    book.distributions.approve(run.number, acta=f"Acta {run.number}", acta_date=TODAY)
    return book.distributions.publish(run.number)


def test_a_correction_of_a_correction_reverses_the_run_it_replaces_each_time(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = publish(book, CRITERIA_NAMED)
    second = publish(book, CRITERIA_NAMED.replace('"1000.00"', '"1100.00"'), corrects=first.number)
    publish(book, CRITERIA_NAMED.replace('"1000.00"', '"1200.00"'), corrects=second.number)
    entries = by_source(book, "distribucion")
    assert [(e.source_id, bool(e.reverses), e.total) for e in entries] == [
        (1, False, D("1000.00")), (2, True, D("1000.00")), (2, False, D("1100.00")), (3, True, D("1100.00")),
        (3, False, D("1200.00"))]
    # what the members are owed is the last run's: 1,200 less the 20 % reserve
    assert book.ledger.member_balances("4419") == {"S0001": D("640.00"), "S0002": D("320.00")}


def test_an_automatic_entry_is_corrected_through_its_document_never_reversed_by_hand(book):
    cash_is_not_the_subject(book)
    book.deliveries.record(cacao("001-000001"))
    [entry] = book.ledger.entries()
    with pytest.raises(InvalidInput) as raised:
        book.ledger.reverse(entry.id, TODAY, "Error de importe")
    assert messages(raised) == [
        "El asiento 2026-000001 es de un documento (ticket de acopio): se corrige anulando el documento (el ticket, "
        "la venta, el gasto, el movimiento del socio, el cobro o el pago) o corrigiendo la distribución, y su asiento "
        "se revierte solo."]
    book.deliveries.void("001-000001", "Peso mal leído")  # the way: its entry is reversed
    assert balances(book) == {"101": D("0.00"), "203211": D("0.00")}


def test_what_is_below_the_minimum_payout_goes_from_the_payable_to_the_fund_the_criteria_name(book):
    cash_in_hand(book)
    from tests.core.test_accounts import SMALL
    book.deliveries.record(cacao("001-1"))
    text = SMALL.replace('pago_minimo = "60.00"', 'pago_minimo = "200.00"\nretenidos = "fondo"\n'
                         'fondo_retenidos = "Fondo de Educación"')
    run = book.distributions.create(text)
    retained = book.distributions.stored(run.number).result.payouts["S0001"].retained
    assert retained > 0
    book.distributions.approve(run.number, acta="7", acta_date=TODAY)
    book.distributions.publish(run.number)
    assert book.ledger.member_balances("4419") == {"S0001": D("0.00")}
    assert balances(book)["46991"] == retained


def test_no_payment_is_recorded_while_a_correction_computed_without_it_is_pending(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = publish(book, CRITERIA_NAMED)
    book.distributions.create(CRITERIA_NAMED.replace('"1000.00"', '"1100.00"'), corrects=first.number,
                              reason="Monto corregido")
    with pytest.raises(InvalidInput) as raised:
        book.distributions.mark_paid(first.number, "S0001", TODAY, "efectivo")
    assert messages(raised) == [
        "La distribución N.º 1 tiene una corrección en preparación (N.º 2), calculada con lo pagado hasta ahora: "
        "publique o descarte la corrección antes de registrar más pagos."]
    assert by_source(book, "pago") == []


def test_a_sale_of_baba_counts_dry_and_a_sale_typed_late_never_takes_the_same_cost_twice(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001", product_code="CACAO-BABA", gross_kg=D("200"), tare_kg=D("0"),
                                 advance_price=D("4.00")))     # 200 kg baba = 76 kg dry, S/ 800.00
    data = SaleInput(date(2026, 4, 10), "Exportadora", "CACAO-BABA", "organico", D("100"), D("5.0000"))
    book.sales.record(data)
    assert book.sales.list()[0].cost == D("400.00")
    book.sales.record(SaleInput(date(2026, 4, 1), "Otro", "CACAO-SECO", "organico", D("38"), D("20.0000")))
    assert [s.cost for s in book.sales.list()] == [D("400.00"), D("400.00")]  # by date: the later typed sale first
    assert balances(book)["203211"] == D("0.00") and book.sales.stock_of("CACAO-SECO", "organico").kg == D("0.000")


def test_product_inventories_are_not_an_expense_account(book):
    assert {"203211", "203212", "203213", "69131", "101", "1041", "14222"}.isdisjoint(
        code for code, _n in book.expenses.accounts())
    assert {"631", "2524"} <= {code for code, _n in book.expenses.accounts()}


def test_the_database_itself_keeps_sales_expenses_links_and_used_accounts_as_recorded(book):
    cash_in_hand(book)
    from sqlalchemy.exc import DBAPIError
    book.deliveries.record(cacao("001-000001"))
    sale = book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora", "CACAO-SECO", "organico", D("100"),
                                       D("20.0000")))
    expense = book.expenses.record(ExpenseInput(date(2026, 4, 12), "631", "Flete", D("300.00")))
    book.sales.void(sale, "Contrato anulado")
    attempts = [
        f"UPDATE sales SET cost_cents = 0 WHERE id = {sale}",
        f"UPDATE sales SET voided_at = NULL WHERE id = {sale}",
        f"DELETE FROM sales WHERE id = {sale}",
        f"UPDATE expenses SET amount_cents = 100 WHERE id = {expense}",
        f"DELETE FROM expenses WHERE id = {expense}",
        "UPDATE deliveries SET entry_id = NULL",
        "UPDATE ledger_accounts SET kind = 'gasto' WHERE code = '101'",
        "DELETE FROM ledger_accounts WHERE code = '631'",
    ]
    for sql in attempts:
        with pytest.raises(DBAPIError, match="coopdesk"):
            with book.write(None) as session:
                session.execute(text(sql))
    with book.write(None) as session:  # a name may be corrected; an account never used may go
        session.execute(text("UPDATE ledger_accounts SET name = 'Fletes y transporte' WHERE code = '631'"))
        session.execute(text("DELETE FROM ledger_accounts WHERE code = '759'"))
    assert book.expenses.list()[0].account_name == "Fletes y transporte"
    assert book.sales.list()[0].voided and book.ledger.trial_balance().balanced


def test_a_closed_period_refuses_imported_rows_and_payments_dated_in_it(book, tmp_path):
    cash_is_not_the_subject(book)
    book.deliveries.record(cacao("001-000001"))
    book.ledger.close(2026, 3)
    path = tmp_path / "entregas.csv"
    path.write_text("Ticket;Fecha;Código;Producto;Peso bruto;Tara;Humedad;Calidad;Precio\n"
                    "001-000010;20/03/2026;S0001;CACAO-SECO;100;0;7;A;18.50\n"
                    "001-000011;06/04/2026;S0001;CACAO-SECO;100;0;7;A;18.50\n", encoding="utf-8")
    report = book.imports.deliveries(path)
    assert not report.written and [(p.row, describe(p.problem)) for p in report.problems] == [
        (2, "El periodo 2026-03 está cerrado: no se registra nada en él. Use una fecha desde el 01/04/2026; un "
        "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia.")]
    movements = tmp_path / "movimientos.csv"
    movements.write_text("Código socio;Fecha;Concepto;Tipo;Monto\nS0001;15/03/2026;adelantos;cargo;100\n",
                         encoding="utf-8")
    assert not book.imports.movements(movements).written
    assert book.deliveries.count() == 1 and len(book.ledger.entries()) == 1


def test_collecting_a_dollar_invoice_at_the_days_rate_posts_the_exchange_difference(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    dollars = SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("50"), D("6.0000"), "USD",
                        D("3.7450"), premium=D("12.00"), differential=D("15.00"), invoice="F001-000045")
    first, second = book.sales.record(dollars), book.sales.record(dollars)
    # US$ 327.00 owed: S/ 1,123.50 + 56.18 + 44.94 = S/ 1,224.62 at 3.7450
    book.sales.collect(first, date(2026, 5, 2), "1041", D("3.7600"))   # US$ 327.00 × 3.7600 = S/ 1,229.52
    book.sales.collect(second, date(2026, 5, 3), "1041", D("3.7300"))  # US$ 327.00 × 3.7300 = S/ 1,219.71
    gain, loss = by_source(book, "cobro")
    assert [(l.account, l.debit, l.credit, l.foreign_amount) for l in gain.lines] == [
        ("1041", D("1229.52"), D("0.00"), D("327.00")), ("1212", D("0.00"), D("1123.50"), D("300.00")),
        ("1212", D("0.00"), D("56.18"), D("15.00")), ("1212", D("0.00"), D("44.94"), D("12.00")),
        ("776", D("0.00"), D("4.90"), None)]
    assert [(l.account, l.debit, l.credit) for l in loss.lines][-1] == ("676", D("4.91"), D("0.00"))
    assert balances(book)["1212"] == D("0.00")
    assert [(s.collected_on, s.collection_number) for s in book.sales.list()] == [
        (date(2026, 5, 2), gain.number), (date(2026, 5, 3), loss.number)]
    with pytest.raises(InvalidInput) as raised:
        book.sales.collect(first, date(2026, 5, 4), "1041", D("3.7600"))
    assert messages(raised) == ["La venta 1 ya fue cobrada el 02/05/2026."]
    with pytest.raises(InvalidInput) as raised:
        book.sales.void(first, "Devolución")
    assert messages(raised) == ["La venta 1 ya fue cobrada (02/05/2026): anule primero el cobro; una devolución al "
                                "comprador se registra con un asiento."]
    soles = book.sales.record(SaleInput(date(2026, 4, 10), "Mercado", "CACAO-SECO", "organico", D("10"), D("20.0000")))
    with pytest.raises(InvalidInput) as raised:
        book.sales.collect(soles, date(2026, 4, 1), "1212")
    assert messages(raised) == ["Elija dónde entró el dinero: banco (1041) o caja (101).",
                                "El cobro no puede ser anterior a la venta (10/04/2026)."]
    book.sales.collect(soles, date(2026, 4, 11), "101")
    assert lines(by_source(book, "cobro")[0]) == [("101", "", D("200.00"), D("0.00")),  # dated first
                                                    ("1212", "", D("0.00"), D("200.00"))]


def test_an_expense_owed_to_the_supplier_is_paid_later_and_then_never_voided(book):
    cash_in_hand(book)
    expense = book.expenses.record(ExpenseInput(date(2026, 4, 14), "656", "Sacos de yute", D("1250.50"), "4212",
                                                supplier="Comercial Madre de Dios"))
    assert balances(book)["4212"] == D("1250.50")
    with pytest.raises(InvalidInput) as raised:
        book.expenses.pay(expense, date(2026, 4, 1), "4212")
    assert messages(raised) == ["Elija de dónde salió el dinero: banco (1041) o caja (101).",
                                "El pago no puede ser anterior al gasto (14/04/2026)."]
    book.expenses.pay(expense, date(2026, 5, 2), "1041")
    [payment] = by_source(book, "pago_proveedor")
    assert (payment.description, lines(payment)) == (
        "Pago a Comercial Madre de Dios: Sacos de yute",
        [("4212", "", D("1250.50"), D("0.00")), ("1041", "", D("0.00"), D("1250.50"))])
    assert balances(book)["4212"] == D("0.00")
    assert [(e.paid_on, e.payment_number) for e in book.expenses.list()] == [(date(2026, 5, 2), payment.number)]
    with pytest.raises(InvalidInput) as raised:
        book.expenses.void(expense, "Duplicado")
    assert messages(raised) == ["El gasto 1 ya fue pagado al proveedor (02/05/2026): anule primero el pago; una "
                                "devolución se registra con un asiento."]
    cash = book.expenses.record(ExpenseInput(date(2026, 4, 14), "631", "Flete", D("30.00")))
    with pytest.raises(InvalidInput) as raised:
        book.expenses.pay(cash, date(2026, 5, 2))
    assert messages(raised) == ["El gasto 2 se pagó al registrarlo (101)."]


def test_a_collection_or_a_payment_recorded_by_mistake_is_undone_and_recorded_right(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    sale = book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("50"),
                                       D("6.0000"), "USD", D("3.7450")))  # US$ 300.00 = S/ 1,123.50
    book.sales.collect(sale, date(2026, 5, 2), "1041", D("37.6000"))  # the rate typed ten times too big
    assert balances(book)["776"] == D("10156.50")
    book.sales.cancel_collection(sale, "Tipo de cambio mal digitado")
    assert (balances(book)["776"], balances(book)["1212"]) == (D("0.00"), D("1123.50"))
    book.sales.collect(sale, date(2026, 5, 2), "1041", D("3.7600"))
    assert (balances(book)["776"], balances(book)["1212"]) == (D("4.50"), D("0.00"))
    first, right, undone = by_source(book, "cobro")  # the reversal is dated today
    assert (undone.reverses, first.reversed_by) == (first.id, undone.id)
    expense = book.expenses.record(ExpenseInput(date(2026, 4, 14), "656", "Sacos", D("500.00"), "4212"))
    book.expenses.pay(expense, date(2026, 5, 2), "101")
    book.expenses.cancel_payment(expense, "Se pagó con transferencia, no en efectivo")
    book.expenses.pay(expense, date(2026, 5, 2), "1041")
    assert balances(book)["4212"] == D("0.00")
    assert [(e.paid_on, bool(e.payment_number)) for e in book.expenses.list()] == [(date(2026, 5, 2), True)]
    assert book.ledger.trial_balance().balanced
