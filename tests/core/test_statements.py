from datetime import date
from decimal import Decimal

from tests.conftest import cacao, cash_in_hand


def test_a_members_statement_lists_her_deliveries_with_exact_totals(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))                                    # 120.100 kg, S/ 2,221.85
    book.deliveries.record(cacao("001-2", gross_kg=Decimal("60.25"), tare_kg=Decimal("0.25"),
                                 advance_price=Decimal("17.20"), grade="B"))  # 60.000 kg, S/ 1,032.00
    book.deliveries.record(cacao("001-3", member_code="S0002"))               # not Rosa's
    statement = book.statements.member_statement("S0001", printed_on=date(2026, 11, 22))
    assert [line.ticket for line in statement.lines] == ["001-000001", "001-000002"]
    assert (statement.total_net_kg, statement.total_amount, statement.total_sacks) == (
        Decimal("180.100"), Decimal("3253.85"), 4)
    assert (statement.member.full_name, statement.member.zone, statement.cooperative.ruc) == (
        "Rosa Quispe Mamani", "Las Piedras", "20600123450")
    assert statement.campaign.code == "2026"


def test_each_new_statement_gets_the_next_correlative_number_and_a_reprint_keeps_its_own(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    book.deliveries.record(cacao("001-2", member_code="S0002"))
    first = book.statements.member_statement("S0001")
    batch = list(book.statements.campaign_statements())
    assert first.number == 1
    # Rosa's is unchanged since it was printed: a reprint of N° 1 (docs/documents.md)
    assert [(s.number, s.reprint, s.member.code) for s in batch] == [(2, 0, "S0002"), (1, 1, "S0001")]


def test_only_members_who_delivered_get_a_campaign_statement(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1", member_code="S0003"))
    assert book.statements.members_with_deliveries() == ["S0003"]
