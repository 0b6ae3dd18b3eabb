import pytest

from coopdesk.domain.identity import is_valid_dni, is_valid_ruc, ruc_check_digit


@pytest.mark.parametrize("dni, valid", [
    ("41234567", True), ("00000001", True), ("1234567", False), ("123456789", False),
    ("4123456A", False), ("", False), ("４１２３４５６７", False),
])
def test_a_dni_has_exactly_eight_ascii_digits(dni, valid):
    assert is_valid_dni(dni) is valid


@pytest.mark.parametrize("ruc, valid", [
    ("20131312955", True),   # SUNAT's own RUC
    ("20600123450", True),   # sum 100, 11 - 100 % 11 = 10 -> check digit 0
    ("20600123451", False),  # wrong check digit
    ("10412345671", False),  # wrong check digit for a person's RUC
    ("2013131295", False),   # ten digits
    ("30131312955", False),  # no such prefix
    ("2013131295X", False),
])
def test_a_ruc_has_eleven_digits_and_a_correct_check_digit(ruc, valid):
    assert is_valid_ruc(ruc) is valid


def test_check_digit_rules_for_remainders_ten_and_eleven():
    # 2060012345: weighted sum 100 -> 11 - 1 = 10 -> 0
    assert ruc_check_digit("2060012345") == 0
    # 1000000002: 5*1 + 2*2 = 9 -> 11 - 9 = 2
    assert ruc_check_digit("1000000002") == 2
