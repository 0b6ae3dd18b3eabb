"""The member's account as the treasurer keeps it: advances, inputs on credit,
loans with their schedule, aportaciones; balances by concept; the Estado de
cuenta; reversals instead of edits; and the distribution deducting from it."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import InvalidInput
from coopdesk.domain.accounts import InputItem, LoanInput, MovementInput, loan_schedule
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand

from tests.conftest import TODAY
DAY = TODAY - timedelta(days=200)


def charge(code, concept, amount, day=DAY, **kw):
    return MovementInput(code, day, concept, "cargo", D(amount), **kw)


def credit(code, concept, amount, day=DAY, **kw):
    return MovementInput(code, day, concept, "abono", D(amount), **kw)


def messages(raised):
    return [describe(p) for p in raised.value.problems]


def test_a_loan_of_1000_at_12_percent_in_3_months_french_schedule():
    # r = 1 % a month; installment 1000 × 0.01 ÷ (1 − 1.01⁻³) = 340.022… -> 340.02
    schedule = loan_schedule(D("1000.00"), D("12"), 3, date(2026, 1, 31))
    assert [(i.due, i.principal, i.interest, i.payment) for i in schedule] == [
        (date(2026, 2, 28), D("330.02"), D("10.00"), D("340.02")),   # 31 Jan + 1 month: end of February
        (date(2026, 3, 31), D("333.32"), D("6.70"), D("340.02")),    # 669.98 × 1 % = 6.6998
        (date(2026, 4, 30), D("336.66"), D("3.37"), D("340.03")),    # the last takes what principal remains
    ]
    assert sum(i.principal for i in schedule) == D("1000.00")


def test_balances_by_concept_and_capital_paid_in(book):
    cash_in_hand(book)
    accounts = book.accounts
    accounts.record(charge("S0001", "adelantos", "500.00", description="Adelanto en efectivo"))
    accounts.record(credit("S0001", "adelantos", "120.00", reference="Recibo 7"))
    accounts.record_inputs("S0001", DAY, [InputItem("Guano de isla (saco 50 kg)", D("2"), D("85.00")),
                                          InputItem("Tijera de podar", D("1"), D("45.50"))])
    accounts.record(charge("S0001", "aportaciones", "300.00", description="Aportación suscrita"))
    accounts.record(credit("S0001", "aportaciones", "100.00", reference="Certificado 12"))
    balances = accounts.balances("s0001")
    assert balances.owed == (("adelantos", D("380.00")), ("prestamos", D("0")), ("insumos", D("215.50")),
                             ("aportaciones", D("200.00")))
    assert (balances.total_owed, balances.capital_paid) == (D("795.50"), D("100.00"))


def test_loan_interest_is_owed_as_each_installment_falls_due(book):
    cash_in_hand(book)
    start = TODAY - timedelta(days=75)  # two installments are due today, the third not yet
    loan_id, schedule = book.accounts.grant_loan(LoanInput("S0002", start, D("1000.00"), D("12"), 3))
    owed = book.accounts.balances("S0002").of("prestamos")
    due = [i for i in schedule if i.due <= TODAY]
    assert len(due) == 2 and owed == D("1000.00") + sum(i.interest for i in due)
    # nothing repaid: the two installments due are overdue, so Juan is not "al día"
    juan = book.members.get("S0002").id
    assert book.accounts.overdue(TODAY) == {juan: sum(i.payment for i in due)}


def test_mistakes_are_reversed_never_edited(book):
    cash_in_hand(book)
    book.accounts.record(charge("S0001", "adelantos", "500.00"))
    movement = book.accounts.movements("S0001")[0]
    with pytest.raises(InvalidInput) as raised:
        book.accounts.reverse(movement.id, " ")
    assert messages(raised) == ["Diga por qué se revierte el movimiento."]
    book.accounts.reverse(movement.id, "Se registró dos veces")
    rows = book.accounts.movements("S0001")
    assert [(r.direction, r.amount, r.reversed, r.reverses) for r in rows] == [
        ("cargo", D("500.00"), True, None), ("abono", D("500.00"), False, movement.id)]
    assert book.accounts.balances("S0001").of("adelantos") == D("0.00")
    with pytest.raises(InvalidInput):
        book.accounts.reverse(movement.id, "otra vez")
    for statement in ("UPDATE account_movements SET amount_cents = 1", "DELETE FROM account_movements"):
        with pytest.raises(DBAPIError), book.engine.begin() as conn:
            conn.execute(text(statement))


def test_bad_movements_say_every_problem_and_change_nothing(book):
    with pytest.raises(InvalidInput) as raised:
        book.accounts.record(MovementInput("S9999", TODAY + timedelta(days=1), "regalos", "cargo", D("-5")))
    assert messages(raised) == [
        "Elija el concepto: adelantos, préstamos, insumos o aportaciones.",
        "Revise el monto: debe ser mayor que cero y en céntimos.",
        "La fecha no puede ser futura.",
        "No existe el socio con código S9999."]
    with pytest.raises(InvalidInput) as raised:
        book.accounts.record_inputs("S0001", DAY, [InputItem("", D("0"), D("85.001"))])
    assert messages(raised) == ["Insumo 1: escriba qué se entregó.", "Insumo 1: la cantidad debe ser mayor que cero.",
                                "Insumo 1: el precio debe ser mayor que cero y en céntimos."]
    assert book.accounts.movements("S0001") == []


def test_the_estado_de_cuenta_has_saldo_anterior_charges_credits_and_balance(book):
    cash_in_hand(book)
    book.accounts.record(charge("S0001", "adelantos", "500.00", day=date(2026, 2, 1), description="Adelanto"))
    book.accounts.record(credit("S0001", "adelantos", "200.00", day=date(2026, 3, 10), reference="Recibo 9"))
    book.accounts.record_inputs("S0001", date(2026, 4, 5), [InputItem("Guano de isla", D("2"), D("85.00"))])
    statement = book.accounts.statement("S0001", date(2026, 3, 1), date(2026, 12, 31))
    assert statement.opening == D("500.00")  # the February advance, before the period
    assert [(line.date, line.concept, line.charge, line.credit, line.balance) for line in statement.lines] == [
        (date(2026, 3, 10), "adelantos", D("0"), D("200.00"), D("300.00")),
        (date(2026, 4, 5), "insumos", D("170.00"), D("0"), D("470.00"))]
    assert (statement.charges, statement.credits, statement.closing) == (D("170.00"), D("200.00"), D("470.00"))
    assert statement.lines[1].description == "2 × Guano de isla"


def test_participation_points_for_assemblies_and_faenas(book):
    assembly = book.participation.add_event(date(2026, 3, 15), "asamblea", D("2"), "Asamblea ordinaria")
    faena = book.participation.add_event(date(2026, 4, 20), "faena", D("1.5"), "Limpieza del almacén")
    book.participation.record_attendance(assembly, ["S0001", "s0002"])
    book.participation.record_attendance(faena, ["S0001"])
    ids = {code: book.members.get(code).id for code in ("S0001", "S0002")}
    assert book.participation.points(date(2026, 1, 1), date(2026, 12, 31)) == {
        ids["S0001"]: D("3.50"), ids["S0002"]: D("2.00")}
    with pytest.raises(InvalidInput) as raised:
        book.participation.record_attendance(assembly, ["S0001", "X99"])
    assert messages(raised) == ["No existen estos socios: X99."]


CRITERIA = """
[distribucion]
nombre = "Reintegro 2026"
tipo = "reintegro"
monto = "1000.00"
reserva_minima = 0
orden_descuentos = ["adelantos", "insumos"]

[[fondos]]
nombre = "Retorno por kilos"
clave = "kg"
porcentaje = 100
"""


def test_a_published_distribution_deducts_what_members_owe_and_credits_their_accounts(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))                                     # Rosa 120.100 kg
    book.deliveries.record(cacao("001-2", member_code="S0002"))                # Juan 120.100 kg
    book.accounts.record(charge("S0001", "adelantos", "300.00"))
    book.accounts.record_inputs("S0001", DAY, [InputItem("Guano de isla", D("4"), D("85.00"))])  # 340.00
    run = book.distributions.create(CRITERIA)
    rosa = book.distributions.stored(run.number).result.payouts["S0001"]
    # 500.00 each; adelantos 300.00 first, then insumos: 200.00 of the 340.00 she owes
    assert (rosa.gross, [(d.concept, d.owed, d.deducted) for d in rosa.deductions], rosa.net) == (
        D("500.00"), [("adelantos", D("300.00"), D("300.00")), ("insumos", D("340.00"), D("200.00"))], D("0.00"))
    book.distributions.approve(run.number, acta="5", acta_date=TODAY)
    book.distributions.publish(run.number)
    after = book.accounts.balances("S0001")
    assert (after.of("adelantos"), after.of("insumos")) == (D("0.00"), D("140.00"))  # the rest stays as her debt
    assert [(m.concept, m.direction, m.amount, m.reference) for m in book.accounts.movements("S0001")][-2:] == [
        ("adelantos", "abono", D("300.00"), "D-1"), ("insumos", "abono", D("200.00"), "D-1")]


def test_publishing_refuses_when_a_debt_was_paid_after_the_run_was_computed(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    book.accounts.record(charge("S0001", "adelantos", "300.00"))
    run = book.distributions.create(CRITERIA)
    book.distributions.approve(run.number, acta="5", acta_date=TODAY)
    book.accounts.record(credit("S0001", "adelantos", "300.00", day=TODAY, reference="Pagó en caja"))
    with pytest.raises(InvalidInput) as raised:
        book.distributions.publish(run.number)
    assert messages(raised) == [
        "Lo que deben 1 socios bajó desde que se calculó la distribución (por ejemplo S0001, que pagó o se le "
        "revirtió una deuda): calcúlela de nuevo antes de publicarla."]
    assert book.distributions.get(run.number).status == "aprobada"
    assert book.accounts.balances("S0001").of("adelantos") == D("0.00")  # not charged twice


def test_a_correction_replaces_the_account_credits_and_payments_of_the_run_it_corrects(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))                        # Rosa 120.100 kg
    book.deliveries.record(cacao("001-2", member_code="S0002"))   # Juan 120.100 kg
    book.accounts.record(charge("S0001", "adelantos", "300.00"))
    first = book.distributions.create(CRITERIA)                   # 500.00 each; Rosa: 300.00 deducted, 200.00 net
    book.distributions.approve(first.number, acta="5", acta_date=TODAY)
    book.distributions.publish(first.number)
    book.distributions.mark_paid(first.number, "S0001", TODAY, "efectivo")   # Rosa took her 200.00
    assert book.accounts.balances("S0001").of("adelantos") == D("0.00")
    # the assembly approved 1,200.00, not 1,000.00: 600.00 each
    corrected = book.distributions.create(CRITERIA.replace('"1000.00"', '"1200.00"'), corrects=first.number,
                                          reason="El acta aprobó S/ 1,200.00")
    rosa = book.distributions.stored(corrected.number).result.payouts["S0001"]
    # her debt is counted as before the first run, and what she was already paid comes off first
    assert [(d.concept, d.owed, d.deducted) for d in rosa.deductions] == [
        ("pagado", D("200.00"), D("200.00")), ("adelantos", D("300.00"), D("300.00"))]
    assert rosa.net == D("100.00")
    book.distributions.approve(corrected.number, acta="6", acta_date=TODAY)
    book.distributions.publish(corrected.number)
    # the first run's 300.00 credit is undone and the correction's own 300.00 takes its place: paid once
    assert book.accounts.balances("S0001").of("adelantos") == D("0.00")
    moves = [(m.direction, m.amount, m.reference) for m in book.accounts.movements("S0001")]
    assert moves == [("cargo", D("300.00"), ""), ("abono", D("300.00"), "D-1"), ("cargo", D("300.00"), "D-2"),
                     ("abono", D("300.00"), "D-2")]


def test_two_corrections_of_one_run_cannot_both_be_published(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    first = book.distributions.create(CRITERIA)
    book.distributions.approve(first.number, acta="5", acta_date=TODAY)
    book.distributions.publish(first.number)
    a = book.distributions.create(CRITERIA.replace('"1000.00"', '"1100.00"'), corrects=1, reason="a")
    b = book.distributions.create(CRITERIA.replace('"1000.00"', '"1200.00"'), corrects=1, reason="b")
    for run in (a, b):
        book.distributions.approve(run.number, acta="6", acta_date=TODAY)
    book.distributions.publish(a.number)
    with pytest.raises(InvalidInput) as raised:
        book.distributions.publish(b.number)
    assert messages(raised) == ["La distribución N.º 1 ya no está publicada (está «Reemplazada»): esta corrección "
                                "ya no tiene qué reemplazar. Descártela."]


SMALL = CRITERIA.replace('"1000.00"', '"100.00"').replace('reserva_minima = 0', 'reserva_minima = 0\npago_minimo = "60.00"')


def test_an_amount_below_the_minimum_payout_is_kept_for_the_member_and_paid_next_time(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))                        # Rosa 120.100 kg
    book.deliveries.record(cacao("001-2", member_code="S0002"))   # Juan 120.100 kg
    first = book.distributions.create(SMALL)                      # 50.00 each, below the 60.00 minimum
    rosa = book.distributions.stored(first.number).result.payouts["S0001"]
    assert (rosa.gross, rosa.retained, rosa.net) == (D("50.00"), D("50.00"), D("0.00"))
    book.distributions.approve(first.number, acta="7", acta_date=TODAY)
    book.distributions.publish(first.number)
    assert book.accounts.carried(TODAY) == {book.members.get("S0001").id: D("50.00"),
                                            book.members.get("S0002").id: D("50.00")}
    second = book.distributions.create(SMALL.replace("Reintegro 2026", "Reintegro de julio"))
    rosa = book.distributions.stored(second.number).result.payouts["S0001"]
    # 50.00 now + 50.00 kept before = 100.00, above the minimum: paid
    assert (rosa.gross, rosa.carried_in, rosa.retained, rosa.net, rosa.total) == (
        D("50.00"), D("50.00"), D("0.00"), D("100.00"), D("100.00"))
    book.distributions.approve(second.number, acta="8", acta_date=TODAY)
    book.distributions.publish(second.number)
    assert book.accounts.carried(TODAY) == {}
    assert [(m.concept, m.direction, m.amount, m.reference) for m in book.accounts.movements("S0001")] == [
        ("retenidos", "abono", D("50.00"), "D-1"), ("retenidos", "cargo", D("50.00"), "D-2")]


def test_criteria_may_send_amounts_below_the_minimum_to_a_fund_instead(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    text = SMALL.replace('pago_minimo = "60.00"', 'pago_minimo = "200.00"\nretenidos = "fondo"\n'
                                                   'fondo_retenidos = "Fondo de Educación"')
    run = book.distributions.create(text)
    assert book.distributions.stored(run.number).result.payouts["S0001"].retained == D("100.00")
    book.distributions.approve(run.number, acta="7", acta_date=TODAY)
    book.distributions.publish(run.number)
    assert book.accounts.carried(TODAY) == {} and book.accounts.movements("S0001") == []
    with pytest.raises(InvalidInput) as raised:
        book.distributions.create(text.replace('fondo_retenidos = "Fondo de Educación"', ''))
    assert messages(raised) == ['Línea 2, «distribucion.fondo_retenidos»: diga a qué fondo va lo retenido: '
                                'fondo_retenidos = "...".']


def test_the_liquidation_shows_what_was_kept_from_before_and_the_summary_still_balances(book, tmp_path):
    cash_in_hand(book)
    import subprocess

    from coopdesk.reports.distribution_pdfs import PDF

    book.deliveries.record(cacao("001-1"))
    book.deliveries.record(cacao("001-2", member_code="S0002"))
    for number, name in ((1, "Reintegro 2026"), (2, "Reintegro de julio")):
        run = book.distributions.create(SMALL.replace("Reintegro 2026", name))
        book.distributions.approve(run.number, acta=str(number), acta_date=TODAY)
        book.distributions.publish(run.number)
    book.liquidations.renderer = PDF
    rosa = book.liquidations.write_member(2, "S0001", tmp_path / "rosa.pdf")
    summary = book.liquidations.write_summary(2, tmp_path / "resumen.pdf")

    def text(path):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout

    liquidation = " ".join(text(rosa).split())
    assert "Más: retenido para usted en distribuciones anteriores S/ 50.00" in liquidation
    assert "NETO A PAGAR S/ 100.00" in liquidation
    assert "La distribución cuadra al céntimo." in text(summary)


def test_reversing_a_loan_given_by_mistake_cancels_its_interest_too(book):
    cash_in_hand(book)
    start = TODAY - timedelta(days=75)  # two installments already due
    book.accounts.grant_loan(LoanInput("S0002", start, D("1000.00"), D("12"), 3))
    loan = book.accounts.movements("S0002")[0]
    book.accounts.reverse(loan.id, "Se registró al socio equivocado")
    assert book.accounts.balances("S0002").of("prestamos") == D("0.00")   # principal and interest: nothing owed
    assert book.accounts.overdue(TODAY) == {}
    statement = book.accounts.statement("S0002", start, TODAY)
    assert [(line.charge, line.credit) for line in statement.lines] == [(D("1000.00"), D("0")),
                                                                        (D("0"), D("1000.00"))]
