"""Properties of a delivery's amount, for every weight and price (Hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.core.demo import amount_cents
from coopdesk.domain.money import from_cents, to_cents
from coopdesk.domain.quantities import from_grams
from coopdesk.domain.rules import delivery_amount

grams = st.integers(min_value=1, max_value=100_000_000)      # up to 100 t in one delivery
centimos = st.integers(min_value=0, max_value=5_000_000)     # up to S/ 50,000 per kg or qq


@settings(max_examples=1000)
@given(grams, centimos)
def test_the_demos_integer_formula_pays_exactly_what_recording_the_ticket_pays(net_g, price_cents):
    # coopdesk.core.demo computes amounts in integers for speed; it must agree with the domain.
    assert to_cents(delivery_amount(from_grams(net_g), from_cents(price_cents), "kg")) == amount_cents(net_g, price_cents)


@settings(max_examples=1000)
@given(grams, centimos, st.sampled_from(["kg", "qq"]))
def test_an_amount_is_within_half_a_centimo_of_the_exact_product(net_g, price_cents, unit):
    kg, price = from_grams(net_g), from_cents(price_cents)
    exact = kg * price / (Decimal(46) if unit == "qq" else Decimal(1))
    amount = delivery_amount(kg, price, unit)
    assert abs(amount - exact) <= Decimal("0.005")
    assert amount == amount.quantize(Decimal("0.01"))
