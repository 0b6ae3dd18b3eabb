"""One truth for the money: a year's remanente is distributed once, after the year
is closed and by an acta of the following year; 591 and the Fairtrade Premium
fund are never overdrawn; the Reserva Cooperativa never falls below the law's 20 %,
rounded up to the céntimo; a reintegro is a price complement, not the remanente.

The cooperative: a 2026 season with a sale of S/ 37,450.00 (US$ 10,000.00 at
3.7450), S/ 30,000.00 of acopio cost and S/ 1,200.00 of freight, so a remanente of
S/ 6,250.00; Rosa delivered 200 kg and Juan 100 kg. The contador closes 2026 on
15 January 2027 and the assembly meets on the 14th."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import InvalidInput
from coopdesk.domain.clock import FixedClock
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.sales import SaleInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand
from tests.core.test_distribution_runs import CRITERIA_NAMED as CRITERIA
from tests.core.test_ledger import season

JANUARY = date(2027, 1, 15)
ACTA_DAY = date(2027, 1, 14)


def messages(problems) -> list[str]:
    return [describe(p).replace("\xa0", " ") for p in problems]  # S/ 1,234.56 is written with a no-break space


def refused(call, *args, **kwargs) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        call(*args, **kwargs)
    return messages(raised.value.problems)


def balance(book, code: str) -> D:
    return book.ledger.credit_balance(code)


def deliveries(book) -> None:
    """The season's working capital (a S/ 50,000.00 bank loan taken in cash, the asiento de apertura), then the
    intake: Rosa 200 kg, Juan 100 kg."""
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura: préstamo de capital de trabajo", (
        LineInput("101", debit=D("50000.00")), LineInput("451", credit=D("50000.00")))))
    book.deliveries.record(cacao("001-1"))                                                       # Rosa 120.1 kg
    book.deliveries.record(cacao("001-2", gross_kg=D("80.3"), tare_kg=D("0.4")))                  # Rosa  79.9 kg
    book.deliveries.record(cacao("001-3", member_code="S0002", gross_kg=D("100.4"), tare_kg=D("0.4")))  # Juan 100


def closed_2026(book) -> None:
    season(book)
    deliveries(book)
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)


def publish(book, text: str, **create) -> int:
    run = book.distributions.create(text, **create)
    book.distributions.approve(run.number, acta=f"Acta {run.number}-2027", acta_date=ACTA_DAY)
    book.distributions.publish(run.number)
    return run.number


def test_the_same_remanente_is_never_distributed_twice(book):
    cash_in_hand(book)
    closed_2026(book)
    text = book.distributions.with_remanente(CRITERIA, 2026)
    assert balance(book, "591") == D("6250.00")
    first = publish(book, text)
    assert balance(book, "591") == D("0.00")
    second = book.distributions.create(book.distributions.with_remanente(CRITERIA, 2026))
    why = ["El remanente del ejercicio 2026 ya se distribuyó con la distribución N.º 1, publicada el 15/01/2027: un "
           "remanente se distribuye una sola vez. Para cambiar aquella, haga una corrección de la N.º 1.",
           "La distribución toma S/ 6,250.00 de la cuenta 591 «Excedentes por distribuir», que solo tiene S/ 0.00: "
           "esa cuenta no puede quedar en negativo."]
    # approving warns in the very words publishing refuses with
    assert messages(book.distributions.publish_problems(second.number)) == why
    book.distributions.approve(second.number, acta="Acta 2-2027", acta_date=ACTA_DAY)
    assert refused(book.distributions.publish, second.number) == why
    assert balance(book, "591") == D("0.00") and book.distributions.get(second.number).status == "aprobada"
    # a correction of the published run takes its place, drawing on what it gave back
    book.distributions.discard(second.number)
    third = publish(book, text.replace('porcentaje = 20\nreserva = true', 'porcentaje = 30\nreserva = true'),
                    corrects=first, reason="La asamblea subió la Reserva al 30 %")
    assert (book.distributions.get(first).status, book.distributions.get(third).status) == ("reemplazada",
                                                                                            "publicada")
    assert (balance(book, "591"), balance(book, "582")) == (D("0.00"), D("1875.00"))


def test_the_remanente_waits_for_the_closed_year_and_an_acta_of_the_next(book):
    cash_in_hand(book)
    season(book)
    deliveries(book)
    run = book.distributions.create(book.distributions.with_remanente(CRITERIA, 2026))  # 7 December 2026
    assert refused(book.distributions.approve, run.number, acta="Acta 9-2026", acta_date=date(2026, 12, 5)) == [
        "El acta (05/12/2026) debe ser posterior al fin del ejercicio 2026: la asamblea aplica el remanente de un "
        "ejercicio terminado."]
    assert messages(book.distributions.publish_problems(run.number)) == [
        "El remanente del ejercicio 2026 se distribuye cuando el ejercicio está cerrado: registre primero su asiento "
        "de cierre (Contabilidad → «Cierre del ejercicio…», o «coopdesk ledger close-year 2026»).",
        "La distribución toma S/ 6,250.00 de la cuenta 591 «Excedentes por distribuir», que solo tiene S/ 0.00: esa "
        "cuenta no puede quedar en negativo."]
    assert refused(book.ledger.close_year, 2026) == [
        "El ejercicio 2026 aún no termina: se cierra desde el 1 de enero de 2027, cuando ya no puede recibir ventas, "
        "gastos ni intereses."]
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)
    book.distributions.approve(run.number, acta="Acta 1-2027", acta_date=ACTA_DAY)
    book.distributions.publish(run.number)
    assert book.distributions.get(run.number).status == "publicada" and balance(book, "591") == D("0.00")


def test_the_reserva_is_never_below_twenty_percent_rounded_up(book):
    """S/ 527,005.58 of remanente: 20 % is 105,401.116, so the Reserva gets at least S/ 105,401.12."""
    book.ledger.post(EntryInput(date(2026, 6, 30), "Ventas del año", (
        LineInput("1041", debit=D("527005.58")), LineInput("701311", credit=D("527005.58")))))
    deliveries(book)
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)
    text = book.distributions.with_remanente(CRITERIA, 2026)
    result = book.distributions.simulate(text)
    assert result.appropriations == (("Reserva Cooperativa", D("105401.12")),)
    assert result.to_members == D("421604.46")
    waived = text.replace("reserva_minima = 20", "reserva_minima = 0").replace(
        "[[apropiaciones]]\nnombre = \"Reserva Cooperativa\"\nporcentaje = 20\nreserva = true\n\n", "")
    assert refused(book.distributions.simulate, waived) == [
        "Línea 6, «distribucion.reserva_minima»: la Reserva Cooperativa de un remanente no puede ser menos del 20 % "
        "(reserva_minima = 0): así lo manda la Ley General de Cooperativas. Un complemento del precio de acopio se "
        "escribe con tipo = \"reintegro\"."]
    a_centimo_short = text.replace("porcentaje = 20\nreserva = true", 'monto = "105401.11"\nreserva = true')
    assert refused(book.distributions.simulate, a_centimo_short) == [
        "Línea 10, «apropiaciones[0].monto»: la Reserva Cooperativa recibe S/ 105,401.11, menos del mínimo de 20 % "
        "(S/ 105,401.12)."]


REINTEGRO = """
[distribucion]
nombre = "Reintegro de cacao 2026"
tipo = "reintegro"
monto = "900.00"

[[fondos]]
nombre = "Reintegro por kilo"
clave = "kg"
porcentaje = 100
"""


def test_a_reintegro_is_a_price_complement_not_the_remanente(book):
    """Paid in December out of the year's acopio cost: no closed year, no Reserva, 591 untouched."""
    cash_in_hand(book)
    season(book)
    deliveries(book)
    run = book.distributions.create(REINTEGRO)
    book.distributions.approve(run.number, acta="Acta 8-2026", acta_date=date(2026, 12, 1))
    book.distributions.publish(run.number)
    assert book.ledger.income_statement(2026).result == D("5350.00")  # 6,250.00 less the 900.00 complement
    assert balance(book, "591") == D("0.00") and book.ledger.member_balances("4419") == {
        "S0001": D("600.00"), "S0002": D("300.00")}
    assert refused(book.distributions.simulate, REINTEGRO.replace('monto = "900.00"', 'monto = "900.00"\n\n'
                   '[[apropiaciones]]\nnombre = "Reserva Cooperativa"\nporcentaje = 20\nreserva = true')) == [
        "Línea 7, «apropiaciones»: un reintegro es un complemento del precio de acopio, un costo antes del "
        "resultado: no lleva apropiaciones "
        "(la Reserva y los fondos se sacan del remanente, con tipo = \"excedentes\")."]


PREMIUM = CRITERIA + """
[[primas]]
nombre = "Prima de Comercio Justo"
monto = "0"
destino = "Plan de la Prima"
porcentaje_socios = 100

[[primas.fondos]]
nombre = "Prima por kilo"
clave = "kg"
porcentaje = 100
solo_producto = ["CACAO-SECO"]
solo_certificacion = ["organico"]
"""


def test_the_premium_paid_to_members_is_what_the_fund_still_holds(book):
    """The buyer paid US$ 1,000.00 of Fairtrade Premium (S/ 3,745.00); a premium project spent S/ 3,000.00 of it."""
    cash_in_hand(book)
    season(book)
    deliveries(book)
    book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("100"),
                                D("6.0000"), "USD", D("3.7450"), premium=D("1000.00"), debit_account="1041"))
    book.ledger.post(EntryInput(date(2026, 9, 1), "Proyecto de la Prima: secadores solares", (
        LineInput("46993", debit=D("3000.00")), LineInput("1041", credit=D("3000.00")))))
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)
    text = book.distributions.with_remanente(PREMIUM, 2026)
    assert ('monto = "745.00"  # lo que queda en el fondo (cuenta 46993) de la prima de 2026, de 3745.00 recibidos en '
            'las ventas') in text
    too_much = text.replace('monto = "745.00"', 'monto = "3745.00"')
    run = book.distributions.create(too_much)
    book.distributions.approve(run.number, acta="Acta 1-2027", acta_date=ACTA_DAY)
    assert refused(book.distributions.publish, run.number) == [
        "La distribución toma S/ 3,745.00 de la cuenta 46993 «Fondo de Prima de Comercio Justo», que solo tiene "
        "S/ 745.00: esa cuenta no puede quedar en negativo."]
    book.distributions.discard(run.number)
    publish(book, text)
    assert (balance(book, "46993"), balance(book, "591")) == (D("0.00"), D("0.00"))


def test_a_stream_exists_once_and_the_premium_reaches_only_what_was_sold_with_it(book):
    """The organic differential is income inside the remanente: it is not paid again as a stream. The Premium
    came with organic dry cacao: its pots count only those deliveries."""
    cash_in_hand(book)
    season(book)
    deliveries(book)
    book.sales.record(SaleInput(date(2026, 4, 10), "Exportadora del Sur", "CACAO-SECO", "organico", D("100"),
                                D("6.0000"), "USD", D("3.7450"), premium=D("1000.00"), differential=D("300.00"),
                                debit_account="1041"))
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)
    text = book.distributions.with_remanente(PREMIUM, 2026)
    every_kilo = text.replace('solo_producto = ["CACAO-SECO"]\nsolo_certificacion = ["organico"]\n', "")
    assert refused(book.distributions.simulate, every_kilo) == [
        "Línea 18, «primas[0]»: «Prima por kilo» reparte la prima de 2026: cuente solo las entregas de lo que se "
        "vendió con prima, "
        "escribiendo en ese fondo solo_producto = [\"CACAO-SECO\"] y solo_certificacion = [\"organico\"]."]
    twice = text + """
[[primas]]
nombre = "Diferencial orgánico"
monto = "1123.50"
porcentaje_socios = 100

[[primas.fondos]]
nombre = "Diferencial por kilo orgánico"
clave = "kg"
porcentaje = 100
solo_certificacion = ["organico"]
"""
    assert refused(book.distributions.simulate, twice) == [
        "Línea 31, «primas[1]»: «Diferencial orgánico» saldría de la cuenta 591, que ya está dentro del remanente: "
        "un ingreso del ejercicio, como el diferencial orgánico, no puede ser además un monto aparte. Repártalo dentro de monto, "
        "con un fondo que cuente solo lo orgánico (solo_certificacion = [\"organico\"])."]
    result = book.distributions.simulate(text)
    # Rosa's 200 kg are organic (her certification), Juan's 100 kg conventional: all the members' premium is hers
    [stream] = result.streams
    assert {code: share.amount for pot in stream.pots for code, share in pot.shares.items() if share.amount} == {
        "S0001": stream.to_members}


def test_kilos_of_different_products_are_not_added_as_if_worth_the_same(book):
    """Juan also brought 300 kg of cacao en baba (S/ 4.30 a kilo, against S/ 18.50 for dry): «in proportion to
    operations» cannot count his wet kilos as dry ones."""
    cash_in_hand(book)
    season(book)
    deliveries(book)
    book.deliveries.record(cacao("001-4", member_code="S0002", product_code="CACAO-BABA", gross_kg=D("300.4"),
                                 tare_kg=D("0.4"), advance_price=D("4.30")))
    book.clock = FixedClock(JANUARY)
    book.ledger.close_year(2026)
    text = book.distributions.with_remanente(CRITERIA, 2026)
    assert refused(book.distributions.simulate, text) == [
        "Línea 13, «fondos[0]»: «Retorno por kilos» sumaría kilos de productos distintos (CACAO-BABA, CACAO-SECO), y "
        "un kilo de uno no vale lo que uno de otro. Use clave = \"valor\" (el valor entregado), un fondo por "
        "producto (solo_producto), o clave = \"kg_ponderado\" con el factor de cada producto a una forma común."]
    by_value = book.distributions.simulate(text.replace('clave = "kg"', 'clave = "valor"'))
    rosa, juan = by_value.payouts["S0001"], by_value.payouts["S0002"]
    # Rosa delivered S/ 3,700.00 of dry cacao; Juan S/ 1,850.00 dry and S/ 1,290.00 en baba: 5,000.00 × 3,700 ÷
    # 6,840 = 2,704.678… and 5,000.00 × 3,140 ÷ 6,840 = 2,295.321…
    assert (rosa.gross, juan.gross, rosa.gross + juan.gross) == (D("2704.68"), D("2295.32"), D("5000.00"))


def test_a_closed_year_keeps_its_result_when_later_interest_falls_due(book):
    """Rosa's S/ 12,000.00 loan at 12 % a year in 12 installments from 15 November 2026: S/ 120.00 of interest
    falls due on 15/12/2026 and the next on 15/01/2027. The book is not opened in December: closing 2026 on
    20 January takes December's interest into 2026 first, and January's lands in 2027, never in the closed
    year (the issue saw a distribution after the closing credit S/ 347.22 of interest into 2026)."""
    cash_in_hand(book)
    from coopdesk.domain.accounts import LoanInput, loan_schedule

    season(book)
    deliveries(book)
    book.clock = FixedClock(date(2026, 11, 15))
    book.accounts.grant_loan(LoanInput("S0001", date(2026, 11, 15), D("12000.00"), D("12"), 12, money="101"))
    schedule = loan_schedule(D("12000.00"), D("12"), 12, date(2026, 11, 15))
    december, january = schedule[0], schedule[1]
    assert (december.due, december.interest, january.due) == (date(2026, 12, 15), D("120.00"), date(2027, 1, 15))
    before = book.ledger.remanente(2026)
    book.clock = FixedClock(date(2027, 1, 20))
    book.ledger.close_year(2026)
    assert book.ledger.remanente(2026) == before + D("120.00")   # December's interest, in 2026
    assert balance(book, "591") == before + D("120.00")
    publish(book, book.distributions.with_remanente(CRITERIA, 2026))
    assert book.ledger.remanente(2026) == before + D("120.00")   # unchanged by anything after the closing
    assert book.ledger.remanente(2027) == january.interest      # January's interest, in 2027
