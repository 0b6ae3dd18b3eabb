from datetime import date
from decimal import Decimal

from coopdesk.domain.rules import check_delivery, check_member, parse_ticket
from tests.conftest import cacao, rosa

START, END = date(2026, 1, 1), date(2026, 12, 31)
TODAY = date(2026, 12, 7)


def fields(problems):
    return [p.field for p in problems]


def test_a_correct_member_has_no_problems():
    assert check_member(rosa(), TODAY) == []


def test_every_problem_of_a_member_is_listed_at_once():
    problems = check_member(rosa(code=" ", dni="1234", first_names="", last_names="", gender="X",
                                 certification="bio", zone_code=""), TODAY)
    assert fields(problems) == ["code", "dni", "first_names", "last_names", "gender", "certification", "zone_code"]


def test_a_join_date_after_today_is_refused_and_today_itself_is_not():
    """Today is the date the book's clock gives, not the machine's."""
    assert fields(check_member(rosa(join_date=date(2026, 12, 8)), TODAY)) == ["join_date"]
    assert check_member(rosa(join_date=TODAY), TODAY) == []


def test_a_correct_delivery_has_no_problems():
    assert check_delivery(cacao(), START, END) == []


def test_every_problem_of_a_delivery_is_listed_at_once():
    bad = cacao(ticket="ABC", gross_kg=Decimal("50"), tare_kg=Decimal("60"), humidity_pct=Decimal("101"),
                grade="", advance_price=Decimal("-1"), date=date(2025, 12, 31), sacks=-1)
    assert fields(check_delivery(bad, START, END)) == [
        "ticket", "sacks", "tare_kg", "humidity_pct", "advance_price", "date"]


def test_net_weight_typed_by_hand_must_equal_gross_minus_tare():
    problems = check_delivery(cacao(net_kg=Decimal("120.0")), START, END)
    assert [(p.field, p.params) for p in problems] == [
        ("net_kg", {"net": Decimal("120.0"), "expected": Decimal("120.1")})]


def test_weights_finer_than_a_gram_are_refused():
    assert fields(check_delivery(cacao(gross_kg=Decimal("120.5004")), START, END)) == ["gross_kg"]


def test_tickets_are_read_as_series_and_number():
    assert str(parse_ticket("001-123")) == "001-000123"
    assert str(parse_ticket(" t2 - 45 ")) == "T2-000045"
    assert parse_ticket("001/123") is None
    assert parse_ticket("") is None
