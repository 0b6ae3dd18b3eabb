"""A draft distribution over the season's real data, through the Book and the CLI."""

from decimal import Decimal as D

import pytest

from coopdesk.core import InvalidInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, remanente_in_the_books

CRITERIA = """
[distribucion]
monto = "1000.00"
reserva_minima = 20

[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[fondos]]
nombre = "Retorno por kilos"
clave = "kg"
porcentaje = 100
"""


def season_of_rosa_and_juan(book):
    """Rosa 200 kg and Juan 100 kg of dry cacao, and S/ 100,000.00 of excedentes in 591."""
    remanente_in_the_books(book)
    book.deliveries.record(cacao("001-1"))                                     # Rosa 120.100 kg
    book.deliveries.record(cacao("001-2", gross_kg=D("80.3"), tare_kg=D("0.4")))  # Rosa  79.900 kg
    book.deliveries.record(cacao("001-3", member_code="S0002", gross_kg=D("100.4"), tare_kg=D("0.4")))  # Juan 100


def test_the_season_is_aggregated_per_member_product_grade_and_certification(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    season = {m.code: m for m in book.distributions.season()}
    assert season["S0001"].kg == D("200.000") and season["S0002"].kg == D("100.000")
    assert season["S0003"].deliveries == ()  # Carmen delivered nothing, but she is in the season
    assert season["S0001"].value == D("2221.85") + D("1478.15")


def test_simulating_the_assemblys_criteria_on_real_deliveries(book):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    result = book.distributions.simulate(CRITERIA)
    # 20 % reserve, 800.00 by kilos: Rosa 200 of 300 kg -> 533.333… -> 533.33; Juan 266.67 (larger remainder)
    assert result.appropriations == (("Reserva Cooperativa", D("200.00")),)
    assert [(p.code, p.net) for p in result.payouts.values()] == [
        ("S0001", D("533.33")), ("S0002", D("266.67")), ("S0003", D("0.00"))]


def test_wrong_criteria_change_nothing_and_say_why(book):
    with pytest.raises(InvalidInput) as raised:
        book.distributions.simulate(CRITERIA.replace('clave = "kg"', 'clave = "toneladas"'))
    assert [describe(p) for p in raised.value.problems] == [
        "Línea 13, «fondos[0].clave»: debe ser kg, kg_ponderado, valor, partes_iguales, tarifa, aportaciones o puntos."]
