from datetime import date
from decimal import Decimal

import pytest

from coopdesk.domain.problems import Problem
from coopdesk.i18n import describe, label, set_language
from coopdesk.i18n.formatting import (
    format_date,
    format_date_long,
    format_kg,
    format_money,
    format_number,
    format_percent,
    format_quintales,
    place_and_date,
)

NBSP = "\u00a0"


@pytest.mark.parametrize("amount, text", [
    ("1234.56", f"S/{NBSP}1,234.56"),
    ("-1234.50", f"-S/{NBSP}1,234.50"),
    ("0.00", f"S/{NBSP}0.00"),
    ("1234567.89", f"S/{NBSP}1,234,567.89"),
])
def test_money_is_peruvian_soles_with_point_decimals_and_comma_thousands(amount, text):
    assert format_money(Decimal(amount)) == text


def test_money_that_was_not_rounded_is_refused_rather_than_rounded_silently():
    with pytest.raises(ValueError):
        format_money(Decimal("1.005"))


def test_a_count_is_grouped_as_babel_groups_it_for_es_pe_without_loading_babel():
    """``format_number`` writes a whole number itself (``coopdesk members list`` prints a count
    and never loads Babel's locale data): exactly what Babel's "#,##0" writes for es_PE."""
    from babel.numbers import format_decimal

    counts = [0, 7, -7, 999, 1000, -1000, 20000, 1234567, -1234567, 10**15 + 1]
    assert [format_number(n) for n in counts] == [format_decimal(n, format="#,##0", locale="es_PE") for n in counts]
    assert format_number(1234567) == "1,234,567" and format_number(-1000, 0) == "-1,000"
    assert format_number(1234, 2) == "1,234.00" and format_number(Decimal("1234.5")) == "1,234.5"


def test_weights_dates_and_percentages():
    assert format_kg(Decimal("1234.5")) == f"1,234.50{NBSP}kg"
    assert format_kg(Decimal("0.125")) == f"0.125{NBSP}kg"
    assert format_quintales(Decimal("1250")) == f"27.17{NBSP}qq"
    assert format_percent(Decimal("7.5")) == f"7.50{NBSP}%"
    assert format_date(date(2026, 11, 22)) == "22/11/2026"
    assert format_date_long(date(2025, 3, 7)) == "7 de marzo de 2025"
    assert place_and_date("Puerto Maldonado", date(2026, 3, 15)) == "Puerto Maldonado, 15 de marzo de 2026"


def test_a_problem_reads_with_its_values_formatted_for_the_reader():
    problem = Problem("date", "La fecha %(date)s está fuera de la campaña (del %(start)s al %(end)s).",
                      {"date": date(2025, 3, 4), "start": date(2026, 1, 1), "end": date(2026, 12, 31)})
    assert describe(problem) == "La fecha 04/03/2025 está fuera de la campaña (del 01/01/2026 al 31/12/2026)."


def test_english_is_a_setting_and_spanish_the_fallback():
    assert set_language("en_US") == "en"
    assert label("organico") == "Organic"
    assert format_date_long(date(2025, 3, 7)) == "March 7, 2025"
    assert describe(Problem("dni", "El DNI %(dni)s no es válido: debe tener exactamente 8 dígitos.",
                            {"dni": "123"})) == "DNI 123 is not valid: it must have exactly 8 digits."
    assert set_language("qu") == "es"
    assert label("organico") == "Orgánico"
