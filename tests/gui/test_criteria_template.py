"""The criteria a treasurer starts from share «in proportion to operations» by value:
a season of dry cacao and cacao en baba is distributed without her editing a key."""

from __future__ import annotations

from decimal import Decimal as D

from coopdesk.gui.distribution.criteria_dialog import template
from tests.conftest import cacao, cash_in_hand, remanente_in_the_books


def test_the_default_criteria_share_by_the_value_delivered_across_products(book):
    cash_in_hand(book)
    remanente_in_the_books(book)
    book.deliveries.record(cacao("001-1"))                                          # Rosa: S/ 2,221.85 dry
    book.deliveries.record(cacao("001-2", member_code="S0002", product_code="CACAO-BABA", gross_kg=D("300.4"),
                                 tare_kg=D("0.4"), advance_price=D("4.30")))        # Juan: S/ 1,290.00 en baba
    result = book.distributions.simulate(template(2026))
    [pot] = [p for p in result.pots if p.name == "Retorno por lo entregado"]
    # S/ 10,000.00 less 35 % of appropriations = 6,500.00; 80 % by value = 5,200.00 over S/ 3,511.85:
    # Rosa 5,200.00 × 2,221.85 ÷ 3,511.85 = 3,289.895…, Juan 5,200.00 × 1,290.00 ÷ 3,511.85 = 1,910.104…
    assert (pot.key, pot.amount, pot.total_basis) == ("value", D("5200.00"), D("3511.85"))
    by_value = (pot.shares["S0001"].amount, pot.shares["S0002"].amount)
    assert by_value == (D("3289.90"), D("1910.10")) and sum(by_value) == D("5200.00")
