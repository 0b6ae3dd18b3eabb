"""The organic guard: plots, the intake check and the report, with exact figures."""

from decimal import Decimal

import pytest

from coopdesk.core import InvalidInput
from coopdesk.core.errors import NotFound
from coopdesk.domain.plots import PlotInput, check_plot, organic_estimate
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand

D = Decimal


def rosa_cacao(book, hectares="2.50", yield_="600", **kw):
    book.plots.add_plot("S0001", PlotInput("cacao", D(hectares), D(yield_), **kw))


# -- pure rules ------------------------------------------------------------------


def test_the_estimate_is_hectares_times_yield_of_the_crop_rounded_to_the_gram():
    plots = [PlotInput("cacao", D("2.50"), D("600")), PlotInput("cacao", D("0.33"), D("412.345")),
             PlotInput("cafe", D("1.00"), D("900")), PlotInput("cacao", D("1.00"), D("500"), certification="convencional")]
    # 1,500 + 136.07385 -> 1,636.074 (the conventional plot does not count)
    assert organic_estimate(plots, "cacao") == D("1636.074")
    assert organic_estimate(plots, "cafe") == D("900.000")
    assert organic_estimate(plots, "copoazu") == D("0.000")


def test_check_plot_reports_every_problem_at_once():
    problems = check_plot(PlotInput("papa", D("0"), D("10001")))
    assert [p.field for p in problems] == ["crop", "hectares", "yield_kg_per_ha"]
    assert [p.field for p in check_plot(PlotInput("cacao", D("1000.01"), D("-1")))] == ["hectares", "yield_kg_per_ha"]
    assert [p.field for p in check_plot(PlotInput("cacao", D("1.005"), D("600.0001")))] == [
        "hectares", "yield_kg_per_ha"]
    assert check_plot(PlotInput("cafe", D("100"), D("4000"))) == []
    assert check_plot(PlotInput("copoazu", D("3"), D("12000"))) == []


def test_a_typo_of_250_ha_or_5000_kg_of_dry_cacao_per_ha_is_refused_with_the_limit():
    assert [describe(p) for p in check_plot(PlotInput("cacao", D("250"), D("5000")))] == [
        "Las hectáreas deben ser mayores que 0 y no pasar de 100.",
        "El rendimiento estimado debe ser mayor que 0 y no pasar de 3,000 kg por hectárea."]
    assert [describe(p) for p in check_plot(PlotInput("cafe", D("2"), D("4000.001")))] == [
        "El rendimiento estimado debe ser mayor que 0 y no pasar de 4,000 kg por hectárea."]


def test_a_plot_is_corrected_or_removed_and_one_with_tickets_is_kept(book):
    cash_in_hand(book)
    rosa_cacao(book, name="La Loma")
    plot = book.plots.plots("S0001")[0]
    book.plots.edit_plot(plot.id, PlotInput("cacao", D("3.00"), D("550"), "La Loma Alta"))
    row = book.plots.plots("S0001")[0]
    assert (row.id, row.name, row.hectares, row.yield_kg_per_ha, row.estimate_kg) == (
        plot.id, "La Loma Alta", D("3.00"), D("550.000"), D("1650.000"))
    with pytest.raises(InvalidInput) as raised:
        book.plots.edit_plot(plot.id, PlotInput("cacao", D("250"), D("550")))
    assert [describe(p) for p in raised.value.problems] == ["Las hectáreas deben ser mayores que 0 y no pasar de 100."]
    book.plots.add_plot("S0001", PlotInput("cafe", D("1"), D("800")))
    typo = book.plots.plots("S0001")[1]
    book.plots.remove_plot(typo.id)
    assert [p.id for p in book.plots.plots("S0001")] == [plot.id]
    with pytest.raises(NotFound):
        book.plots.remove_plot(typo.id)
    book.deliveries.record(cacao(plot="La Loma Alta"))
    with pytest.raises(InvalidInput) as raised:
        book.plots.remove_plot(plot.id)
    assert [describe(p) for p in raised.value.problems] == [
        "La parcela tiene 1 entregas registradas como su origen: no se puede quitar; corríjala."]


# -- the book --------------------------------------------------------------------


def test_plots_are_stored_exactly_and_listed(book):
    rosa_cacao(book, name="La Loma")
    book.plots.add_plot("s0001", PlotInput("cafe", D("0.75"), D("850.5")))
    rows = book.plots.plots("S0001")
    assert [(p.crop, p.name, p.hectares, p.yield_kg_per_ha, p.estimate_kg) for p in rows] == [
        ("cacao", "La Loma", D("2.50"), D("600.000"), D("1500.000")),
        ("cafe", "", D("0.75"), D("850.500"), D("637.875")),
    ]
    with pytest.raises(InvalidInput):
        book.plots.add_plot("S0001", PlotInput("cacao", D("0"), D("600")))
    with pytest.raises(NotFound):
        book.plots.add_plot("S9999", PlotInput("cacao", D("1"), D("600")))


def test_rosa_is_warned_when_a_ticket_takes_her_over_her_estimate(book):
    cash_in_hand(book)
    rosa_cacao(book)
    book.deliveries.record(cacao(gross_kg=D("1200"), tare_kg=D("0")))
    assert book.plots.organic_check("S0001", "CACAO-SECO", D("300")) is None  # 1,500 exactly: within
    check = book.plots.organic_check("S0001", "CACAO-SECO", D("400"))
    assert (check.delivered, check.extra, check.total, check.estimate, check.excess, check.percent) == (
        D("1200.000"), D("400.000"), D("1600.000"), D("1500.000"), D("100.000"), D("106.67"))
    assert (check.member_code, check.crop, check.campaign_code) == ("S0001", "cacao", "2026")
    # her coffee is another crop: no coffee plots, so any organic coffee is over (estimate 0)
    coffee = book.plots.organic_check("S0001", "CAFE-PERG", D("46"))
    assert (coffee.estimate, coffee.excess, coffee.percent) == (D("0.000"), D("46.000"), None)


def test_a_voided_ticket_and_a_conventional_ticket_do_not_count(book):
    cash_in_hand(book)
    rosa_cacao(book)
    book.deliveries.record(cacao(gross_kg=D("1200"), tare_kg=D("0")))
    book.deliveries.record(cacao("001-000002", gross_kg=D("900"), tare_kg=D("0")))
    book.deliveries.record(cacao("001-000003", gross_kg=D("700"), tare_kg=D("0"), certification="convencional",
                                 certification_note="Lote de la parcela no certificada"))
    assert book.plots.organic_check("S0001", "CACAO-SECO", D("0")).delivered == D("2100.000")
    book.deliveries.void("001-000002", "peso mal anotado")
    assert book.plots.organic_check("S0001", "CACAO-SECO", D("300")) is None
    assert book.plots.over_estimate() == []


def test_a_conventional_member_is_never_warned(book):
    cash_in_hand(book)
    book.deliveries.record(cacao(member_code="S0002", gross_kg=D("5000"), tare_kg=D("0")))
    assert book.plots.organic_check("S0002", "CACAO-SECO", D("5000")) is None
    assert book.plots.over_estimate() == []


def test_the_report_lists_every_member_over_with_the_excess_largest_first(book):
    cash_in_hand(book, caja="400000.00")
    rosa_cacao(book)
    book.deliveries.record(cacao(gross_kg=D("1200"), tare_kg=D("0")))
    book.deliveries.record(cacao("001-000002", gross_kg=D("400"), tare_kg=D("0")))
    # Carmen (in transition) delivers a ticket certified organic with no plots: estimate 0
    book.deliveries.record(cacao("001-000003", member_code="S0003", gross_kg=D("250.5"), tare_kg=D("0"),
                                 certification="organico", certification_note="Parcela certificada en 2026"))
    book.deliveries.record(cacao("001-000004", member_code="S0002", gross_kg=D("9000"), tare_kg=D("0")))
    report = book.plots.over_estimate("2026")
    assert [(r.member_code, r.member_name, r.crop, r.delivered, r.estimate, r.excess, r.percent) for r in report] == [
        ("S0003", "Huamán Flores, Carmen", "cacao", D("250.500"), D("0.000"), D("250.500"), None),
        ("S0001", "Quispe Mamani, Rosa", "cacao", D("1600.000"), D("1500.000"), D("100.000"), D("106.67")),
    ]
    book.plots.add_plot("S0003", PlotInput("cacao", D("0.50"), D("501")))  # 250.5 kg: exactly her estimate
    assert [r.member_code for r in book.plots.over_estimate()] == ["S0001"]


def test_the_warning_says_by_how_much_in_spanish(book):
    cash_in_hand(book)
    from coopdesk.i18n import describe

    rosa_cacao(book)
    book.deliveries.record(cacao(gross_kg=D("1200"), tare_kg=D("0")))
    check = book.plots.organic_check("S0001", "CACAO-SECO", D("400.000"))
    assert describe(check.warning()) == (
        "Quispe Mamani, Rosa (S0001) ya entregó 1,200.000 kg de Cacao orgánico en la campaña 2026; con este ticket "
        "de 400.000 kg suma 1,600.000 kg y supera su estimado de 1,500.000 kg en 100.000 kg (106.67 %).")
    coffee = book.plots.organic_check("S0001", "CAFE-PERG", D("46.000"))
    assert describe(coffee.warning()) == (
        "Quispe Mamani, Rosa (S0001) no tiene parcelas de Café con estimado orgánico en el sistema interno de "
        "control: su estimado es 0 kg, y con este ticket sus entregas orgánicas de Café en la campaña 2026 suman "
        "46.000 kg.")
