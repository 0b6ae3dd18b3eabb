from decimal import Decimal

import pytest

from coopdesk.domain.money import CENTIMO, AmbiguousNumber, D, from_cents, to_cents
from coopdesk.domain.quantities import from_grams, kg_to_quintales, to_grams
from coopdesk.domain.rules import delivery_amount


def test_amounts_typed_with_a_decimal_comma_are_read_as_treasurers_write_them():
    assert D("18,50") == Decimal("18.50")
    assert D(" 1234.5 ") == Decimal("1234.5")
    assert D(7) == Decimal(7)


@pytest.mark.parametrize("typed, value", [
    ("1,234.56", "1234.56"),      # es_PE, as coopdesk shows amounts
    ("1,234,567.8", "1234567.8"),
    ("1.234,56", "1234.56"),      # a spreadsheet with Spain's settings
    ("120,5", "120.5"),
    ("0,125", "0.125"),           # no thousands can start with 0
    ("1,234,567", "1234567"),
    ("-18.50", "-18.50"),
])
def test_numbers_are_read_as_peruvian_and_spreadsheet_users_type_them(typed, value):
    assert D(typed) == Decimal(value)


def test_a_lone_comma_before_three_digits_is_refused_instead_of_guessed():
    # 1,234 kg could be mil doscientos treinta y cuatro or uno coma dos: never guess a weight.
    with pytest.raises(AmbiguousNumber) as raised:
        D("1,234")
    assert (raised.value.thousands, raised.value.decimal) == ("1234", "1.234")


@pytest.mark.parametrize("typed", ["1,23,4.5", "12,34.5", "1.2.3,4,5", "1,234.5.6", "--1"])
def test_malformed_groupings_are_not_numbers(typed):
    with pytest.raises(ValueError):
        D(typed)


def test_floats_are_refused_as_money():
    with pytest.raises(TypeError):
        D(18.5)


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        D("dieciocho")


def test_centimos_round_trip_and_refuse_fractions_of_a_centimo():
    assert to_cents(Decimal("2221.85")) == 222185
    assert from_cents(222185) == Decimal("2221.85")
    with pytest.raises(ValueError):
        to_cents(Decimal("0.005"))


def test_grams_round_trip_and_refuse_fractions_of_a_gram():
    assert to_grams(Decimal("120.1")) == 120100
    assert from_grams(120100) == Decimal("120.100")
    with pytest.raises(ValueError):
        to_grams(Decimal("0.0005"))


def test_rounding_is_half_up_to_the_centimo_as_on_comprobantes():
    assert CENTIMO(Decimal("0.125")) == Decimal("0.13")
    assert CENTIMO(Decimal("0.124")) == Decimal("0.12")


def test_a_cacao_delivery_is_paid_net_kilos_times_the_price_per_kilo():
    assert delivery_amount(Decimal("120.1"), Decimal("18.50"), "kg") == Decimal("2221.85")


def test_a_coffee_delivery_priced_per_quintal_is_paid_by_quintales_of_46_kg():
    # 1,250 kg = 27.1739... qq; at S/ 700.00 per qq = S/ 19,021.739... -> S/ 19,021.74
    assert delivery_amount(Decimal("1250"), Decimal("700.00"), "qq") == Decimal("19021.74")
    assert kg_to_quintales(Decimal("1250")) == Decimal("27.17")
