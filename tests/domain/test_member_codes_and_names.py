"""The next member code of the padrón's series, and a member's name in its one order per place."""

from __future__ import annotations

from coopdesk.domain.member_codes import FIRST, next_code
from coopdesk.domain.names import letter_name, list_name


def test_the_next_code_follows_the_series_most_codes_share():
    assert next_code([f"S{n:05d}" for n in range(1, 151)]) == "S00151"
    assert next_code(["S00150", "S00007", "s00149"]) == "S00151"   # the highest, not the last typed
    assert next_code(["SOC-0041", "SOC-0042", "X9"]) == "SOC-0043"
    assert next_code(["S0001", "S0002", "S0003"]) == "S0004"
    assert next_code(["1234", "1235"]) == "1236"


def test_a_stray_code_does_not_lead_the_series():
    assert next_code(["S00001", "S00002", "S00003", "P90"]) == "S00004"
    # a tie of series: the one with the highest number
    assert next_code(["A01", "B07"]) == "B08"


def test_the_series_overflows_its_width_to_a_free_code():
    assert next_code(["S99998", "S99999"]) == "S100000"
    assert next_code(["S99998", "S99999", "S100000"]) == "S100001"


def test_an_empty_padron_or_codes_without_numbers_start_at_the_first_code():
    assert next_code([]) == FIRST == "S00001"
    assert next_code(["ROSA", "JUAN"]) == "S00001"


def test_lists_say_apellidos_nombres_and_letters_nombres_apellidos():
    assert list_name("Rosa", "Quispe Mamani") == "Quispe Mamani, Rosa"
    assert letter_name("Rosa", "Quispe Mamani") == "Rosa Quispe Mamani"
    assert list_name(" Rosa  María ", "Quispe ") == "Quispe, Rosa María"
    assert list_name("", "Quispe") == "Quispe" and letter_name("Rosa", "") == "Rosa"
