from datetime import date
from decimal import Decimal

import pytest

from coopdesk.core import InvalidInput, NotFound
from coopdesk.domain.rules import MemberInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand


def test_recording_a_cacao_delivery_stores_net_kilos_and_the_advance_paid(book):
    cash_in_hand(book)
    changes = book.deliveries.record(cacao())
    row = book.deliveries.get(changes.deliveries[0])
    assert (row.ticket, row.net_kg, row.amount, row.certification, row.campaign_code) == (
        "001-000001", Decimal("120.100"), Decimal("2221.85"), "organico", "2026")


def test_coffee_priced_per_quintal_is_paid_per_46_kg(book):
    cash_in_hand(book)
    book.deliveries.record(cacao(product_code="CAFE-PERG", gross_kg=Decimal("1250.4"), tare_kg=Decimal("0.4"),
                                 humidity_pct=Decimal("11.5"), advance_price=Decimal("700.00")))
    row = book.deliveries.page()[0]
    assert (row.price_unit, row.net_kg, row.amount) == ("qq", Decimal("1250.000"), Decimal("19021.74"))


def test_a_bad_delivery_gets_every_message_and_changes_nothing(book):
    cash_in_hand(book)
    book.deliveries.record(cacao())
    with pytest.raises(InvalidInput) as raised:
        book.deliveries.record(cacao(member_code="S0404", tare_kg=Decimal("130"), date=date(2027, 1, 2)))
    assert [describe(p) for p in raised.value.problems] == [
        "La tara debe ser menor que el peso bruto.",
        "La fecha 02/01/2027 está fuera de la campaña (del 01/01/2026 al 31/12/2026).",
        "No existe el socio con código S0404.",
        "El ticket 001-000001 ya fue registrado.",
    ]
    assert book.deliveries.count() == 1


def test_a_suspended_member_cannot_deliver(book):
    member = book.members.get("S0002")
    book.members.update(member.id, MemberInput(
        member.code, member.dni, member.first_names, member.last_names, member.gender, member.zone_code,
        member.certification, member.join_date, status="suspendido"))
    with pytest.raises(InvalidInput) as raised:
        book.deliveries.record(cacao(member_code="S0002"))
    assert [describe(p) for p in raised.value.problems] == [
        "El socio S0002 no está activo; no puede recibir entregas."]


def test_deliveries_are_listed_newest_first_and_filtered_by_member_or_ticket(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1", date=date(2026, 3, 1)))
    book.deliveries.record(cacao("001-2", date=date(2026, 3, 5), member_code="S0002"))
    book.deliveries.record(cacao("001-3", date=date(2026, 3, 3)))
    assert [d.ticket for d in book.deliveries.page()] == ["001-000002", "001-000003", "001-000001"]
    assert [d.ticket for d in book.deliveries.page("quispe")] == ["001-000003", "001-000001"]
    assert [d.ticket for d in book.deliveries.page(member_code="S0002")] == ["001-000002"]
    assert [d.ticket for d in book.deliveries.page("001-3")] == ["001-000003"]
    first = book.deliveries.page(limit=1)
    assert [d.ticket for d in book.deliveries.page(after=first[0])] == ["001-000003", "001-000001"]
    assert book.deliveries.count("quispe") == 2
    assert book.deliveries.count(campaign_code="2026") == 3
    assert book.deliveries.next_ticket("001") == "001-000004"


def test_an_unknown_campaign_is_named_in_the_message(book):
    with pytest.raises(NotFound) as raised:
        book.deliveries.record(cacao(), campaign_code="2019")
    assert describe(raised.value.problem) == "No existe la campaña 2019."


def test_impossible_sacks_and_prices_are_refused_on_every_database(book):
    with pytest.raises(InvalidInput) as raised:
        book.deliveries.record(cacao(sacks=3_000_000_000, advance_price=Decimal("250000.00")))
    assert [describe(p) for p in raised.value.problems] == [
        "3000000000 sacos son demasiados para una entrega (máximo 9999).",
        "El precio de adelanto de S/\u00a0250,000.00 es demasiado alto.",
    ]
    assert book.deliveries.count() == 0


def test_a_member_code_typed_in_lower_case_is_the_same_member(book):
    cash_in_hand(book)
    book.deliveries.record(cacao(member_code="s0001"))
    assert [d.member_code for d in book.deliveries.page(member_code="s0001")] == ["S0001"]
    assert book.members.get(" s0001 ").full_name == "Rosa Quispe Mamani"
