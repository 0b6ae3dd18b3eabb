"""Quality at the scale and dated prices: measures → grade → payable kilos → price → amount,
as the intake clerk records a ticket, with every change to the tables kept."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import InvalidInput
from coopdesk.core.prices import PriceInput
from coopdesk.domain.accounts import MovementInput
from coopdesk.domain.quality import Grade, HumidityMethod, QualityStandard
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand

CACAO_GRADES = (Grade("A", D("1.05"), min_fermentation=D("80")), Grade("B", D("1.00"), min_fermentation=D("65")),
                Grade("C", D("0.90")))
CACAO = QualityStandard(D("7.5"), HumidityMethod.PROPORTIONAL, grades=CACAO_GRADES)


def measured(ticket="001-000001", **changes):
    """100 kg net of dry cacao at 9.5 % humidity, 82 % well fermented; grade and price from the tables."""
    values = dict(gross_kg=D("100.4"), tare_kg=D("0.4"), humidity_pct=D("9.5"), fermentation_pct=D("82"),
                  grade="", advance_price=None)
    values.update(changes)
    return cacao(ticket, **values)


@pytest.fixture
def priced(book):
    cash_in_hand(book)
    book.prices.set_standard("CACAO-SECO", date(2026, 1, 1), CACAO)
    book.prices.add(PriceInput("CACAO-SECO", date(2026, 3, 1), D("10.00"), certification="organico"))
    return book


def test_measures_give_the_grade_the_humidity_discount_and_the_price_from_the_tables(priced):
    # 100 kg at 9.5 % against a 7.5 % standard: 100 × 90.5 / 92.5 = 97.838 kg paid;
    # 82 % fermented is grade A, factor 1.05 on S/ 10.00 = S/ 10.50; 97.838 × 10.50 = 1,027.299 → S/ 1,027.30
    quote = priced.prices.quote("CACAO-SECO", date(2026, 3, 4), D("100"),
                                measures_of(humidity=D("9.5"), fermentation=D("82")), "organico")
    assert (quote.grade, quote.payable_kg, quote.humidity_discount_kg, quote.price, quote.amount) == (
        "A", D("97.838"), D("2.162"), D("10.50"), D("1027.30"))
    priced.deliveries.record(measured())
    row = priced.deliveries.page()[0]
    assert (row.grade, row.net_kg, row.payable_kg, row.price, row.amount) == (
        "A", D("100.000"), D("97.838"), D("10.50"), D("1027.30"))


def test_a_sample_below_the_grades_gets_the_last_one_and_its_factor(priced):
    # 60 % fermented: grade C, 0.90 × 10.00 = S/ 9.00; at 7.0 % humidity nothing is discounted: 100 × 9 = S/ 900.00
    priced.deliveries.record(measured(humidity_pct=D("7.0"), fermentation_pct=D("60")))
    row = priced.deliveries.page()[0]
    assert (row.grade, row.payable_kg, row.price, row.amount) == ("C", D("100.000"), D("9.00"), D("900.00"))


def test_a_price_from_a_later_date_takes_over_and_the_old_one_stays_in_the_history(priced):
    priced.prices.add(PriceInput("CACAO-SECO", date(2026, 4, 1), D("11.00"), certification="organico",
                                 note="Subió la bolsa"))
    priced.deliveries.record(measured("001-000001", date=date(2026, 3, 31)))
    priced.deliveries.record(measured("001-000002", date=date(2026, 4, 1)))
    prices = [row.price for row in priced.deliveries.page()]
    assert prices == [D("11.55"), D("10.50")]  # newest first: 11.00 × 1.05, then 10.00 × 1.05
    history = priced.prices.entries("CACAO-SECO")
    assert [(e.valid_from, e.price, e.recorded_by) for e in history] == [
        (date(2026, 4, 1), D("11.00"), "admin"), (date(2026, 3, 1), D("10.00"), "admin")]
    assert [(e.valid_from, e.price) for e in priced.prices.in_force(date(2026, 4, 2))] == [(date(2026, 4, 1), D("11.00"))]


def test_a_price_for_the_grade_itself_beats_the_price_for_every_grade_and_takes_no_factor(priced):
    priced.prices.add(PriceInput("CACAO-SECO", date(2026, 3, 1), D("12.00"), grade="A", certification="organico"))
    priced.deliveries.record(measured())
    row = priced.deliveries.page()[0]
    assert (row.grade, row.price, row.amount) == ("A", D("12.00"), D("1174.06"))  # 97.838 × 12 = 1,174.056


def test_no_price_in_force_is_a_clear_message_and_nothing_is_recorded(priced):
    with pytest.raises(InvalidInput) as refused:
        priced.deliveries.record(measured(date=date(2026, 2, 27)))
    assert [p.message % p.params for p in refused.value.problems] == [
        "La tabla de precios de Cacao grano seco no tiene precio de adelanto para la calidad A y la certificación "
        "Orgánico vigente el 2026-02-27: regístrelo en Precios o escriba el precio."]
    # a conventional member has no price either: the organic price is not theirs
    with pytest.raises(InvalidInput):
        priced.deliveries.record(measured(member_code="S0002"))
    assert priced.deliveries.count() == 0


def test_a_price_typed_by_hand_is_kept_and_the_discount_still_applies(priced):
    priced.deliveries.record(measured(advance_price=D("9.80")))
    row = priced.deliveries.page()[0]
    assert (row.price, row.amount) == (D("9.80"), D("958.81"))  # 97.838 × 9.80 = 958.8124


def test_coffee_loses_one_percent_per_point_over_twelve_and_is_priced_by_the_quintal(book):
    cash_in_hand(book)
    coffee = QualityStandard(D("12"), HumidityMethod.PER_POINT, D("1"), grades=(
        Grade("EXPORTABLE", min_yield=D("70")), Grade("SEGUNDA", D("0.85"), min_yield=D("60"))))
    book.prices.set_standard("CAFE-PERG", date(2026, 1, 1), coffee)
    book.prices.add(PriceInput("CAFE-PERG", date(2026, 1, 1), D("720.00")))
    # 460 kg at 14 %: 2 points × 1 % = 9.2 kg off, 450.8 kg; 450.8 / 46 × 720 = S/ 7,056.00
    book.deliveries.record(cacao(product_code="CAFE-PERG", gross_kg=D("460"), tare_kg=D("0"), humidity_pct=D("14"),
                                 yield_pct=D("72.5"), grade="", advance_price=None))
    row = book.deliveries.page()[0]
    assert (row.grade, row.payable_kg, row.price, row.price_unit, row.amount) == (
        "EXPORTABLE", D("450.800"), D("720.00"), "qq", D("7056.00"))
    # a yield of 55 % reaches no grade of this table
    with pytest.raises(InvalidInput) as refused:
        book.deliveries.record(cacao("001-000002", product_code="CAFE-PERG", yield_pct=D("55"), grade="",
                                     advance_price=None))
    assert [p.message % p.params for p in refused.value.problems] == [
        "Las medidas no alcanzan ningún grado de la tabla de Café pergamino seco."]


def test_cacao_in_baba_is_paid_by_its_kilos_and_counts_its_dry_equivalent(book):
    cash_in_hand(book)
    book.prices.set_standard("CACAO-BABA", date(2026, 1, 1), QualityStandard(conversion=D("0.38")))
    book.deliveries.record(cacao(product_code="CACAO-BABA", gross_kg=D("100"), tare_kg=D("0"), grade="BABA",
                                 advance_price=D("3.20")))
    row = book.deliveries.page()[0]
    assert (row.net_kg, row.payable_kg, row.equivalent_kg, row.amount) == (
        D("100.000"), D("100.000"), D("38.000"), D("320.00"))


def test_a_certification_other_than_the_members_needs_a_reason_which_is_kept(book):
    cash_in_hand(book)
    with pytest.raises(InvalidInput) as refused:
        book.deliveries.record(cacao(certification="convencional"))
    assert [p.message % p.params for p in refused.value.problems] == [
        "La certificación del socio es Orgánico: diga por qué esta entrega es Convencional."]
    book.deliveries.record(cacao(certification="convencional", certification_note="Lote de la parcela nueva"))
    row = book.deliveries.page()[0]
    assert (row.certification, row.certification_note) == ("convencional", "Lote de la parcela nueva")


def test_each_collection_point_numbers_its_own_series_and_an_unknown_series_is_refused(book):
    cash_in_hand(book)
    book.collection_points.add("PLANTA", "Planta Puerto Maldonado", "001")
    book.collection_points.add("LP", "Acopio Las Piedras", "002")
    book.deliveries.record(cacao("001-000001"))
    book.deliveries.record(cacao("002-000001"))
    assert (book.deliveries.next_ticket("001"), book.deliveries.next_ticket("002")) == ("001-000002", "002-000002")
    with pytest.raises(InvalidInput) as refused:
        book.deliveries.record(cacao("009-000001"))
    assert [p.message % p.params for p in refused.value.problems] == [
        "La serie 009 no es de ningún centro de acopio; las series son: 001, 002."]
    with pytest.raises(InvalidInput) as refused:
        book.collection_points.add("OTRO", "Otro centro", "002")
    assert [p.message % p.params for p in refused.value.problems] == [
        "La serie 002 ya es del centro Acopio Las Piedras."]


def test_a_member_owing_more_than_the_limit_is_a_warning_not_a_refusal(book):
    cash_in_hand(book)
    juan = dict(member_code="S0002")  # conventional: the organic guard has nothing to say
    assert book.deliveries.warnings(cacao(**juan)) == []
    book.accounts.record(MovementInput("S0002", date(2026, 2, 1), "adelantos", "cargo", D("800.00")))
    book.settings.set_debt_limit(D("500.00"))
    warnings = book.deliveries.warnings(cacao(**juan))
    assert [describe(p) for p in warnings] == [
        "El socio S0002 debe S/\xa0800.00, más que el límite de S/\xa0500.00 que fijó la cooperativa."]
    book.deliveries.record(cacao(**juan))
    assert book.deliveries.count() == 1
    book.settings.set_debt_limit(None)
    assert book.deliveries.warnings(cacao("001-000002", **juan)) == []
    assert [(c.value, c.recorded_by) for c in book.settings.history("limite_deuda")] == [
        ("", "admin"), ("500.00", "admin")]


def test_prices_standards_and_settings_are_never_edited_in_the_database(priced):
    priced.settings.set_debt_limit(D("100.00"))
    for table in ("price_entries", "quality_standards", "settings"):
        for sql in (f"UPDATE {table} SET recorded_by = 'x'", f"DELETE FROM {table}"):
            with pytest.raises(DBAPIError):
                with priced.engine.begin() as conn:
                    conn.execute(text(sql))
    assert len(priced.prices.entries()) == 1


def test_a_bad_standard_or_price_lists_every_problem_and_records_nothing(book):
    bad = QualityStandard(None, HumidityMethod.PROPORTIONAL, conversion=D("0"),
                          grades=(Grade("A", D("3")), Grade("a")))
    with pytest.raises(InvalidInput) as refused:
        book.prices.set_standard("CACAO-SECO", date(2026, 1, 1), bad)
    assert [p.message % p.params for p in refused.value.problems] == [
        "Escriba la humedad estándar para poder descontar.",
        "El factor de conversión debe ser mayor que 0 y como máximo 10.",
        "El factor de precio del grado A debe ser mayor que 0 y como máximo 2.",
        "El grado A está repetido."]
    with pytest.raises(InvalidInput) as refused:
        book.prices.add(PriceInput("CACAO", date(2026, 1, 1), D("10.555"), certification="bio"))
    assert len(refused.value.problems) == 3
    assert book.prices.standard("CACAO-SECO") is None and book.prices.entries() == []


def measures_of(humidity, fermentation=None):
    from coopdesk.domain.quality import Measures

    return Measures(humidity, fermentation_pct=fermentation)


PRICES_CSV = (
    "Lista de precios de adelanto;;;;;\n"
    "Producto;Calidad;Certificación;Vigente desde;Precio;Unidad\n"
    "CACAO-SECO;Todas;Orgánico;01/03/2026;10,00;kg\n"
    "Cacao grano seco;A;convencional;01/03/2026;9,50;\n"
    "CAFE-PERG;;;15/03/2026;720,00;quintal\n"
)


def test_a_price_list_from_a_spreadsheet_imports_exactly_and_only_once(book, tmp_path):
    path = tmp_path / "precios.csv"
    path.write_bytes(PRICES_CSV.encode("cp1252"))
    dry = book.imports.prices(path, dry_run=True)
    assert (dry.problems, dry.to_add, book.prices.entries()) == ((), 3, [])
    report = book.imports.prices(path)
    assert report.written and report.to_add == 3
    assert [(e.product_code, e.grade, e.certification, e.valid_from, e.price, e.unit)
            for e in sorted(book.prices.entries(), key=lambda e: e.id)] == [
        ("CACAO-SECO", "", "organico", date(2026, 3, 1), D("10.00"), "kg"),
        ("CACAO-SECO", "A", "convencional", date(2026, 3, 1), D("9.50"), "kg"),
        ("CAFE-PERG", "", "", date(2026, 3, 15), D("720.00"), "qq")]
    again = book.imports.prices(path)
    assert (again.to_add, again.already) == (0, (3, 4, 5))
    # what the export writes imports back as already there
    exported = tmp_path / "precios.xlsx"
    assert book.exports.prices(exported) == 3
    assert book.imports.prices(exported, dry_run=True).already == (2, 3, 4)


def test_a_messy_price_list_lists_every_problem_and_records_nothing(book, tmp_path):
    path = tmp_path / "precios.csv"
    path.write_text("Producto,Calidad,Certificación,Desde,Precio\n"
                    "CACAO,,organico,01/03/2026,10.00\n"
                    "CACAO-SECO,,bio,2026-03-01,-1\n"
                    "CACAO-SECO,,organico,31/02/2026,10.00\n"
                    "CAFE-PERG,,,01/03/2026,700.00\n"
                    "CAFE-PERG,,,01/03/2026,710.00\n", encoding="utf-8")
    report = book.imports.prices(path)
    assert [(p.row, p.column, describe(p.problem)) for p in report.problems] == [
        (2, "Producto", "No existe el producto CACAO. Los productos son: CACAO-SECO, CACAO-BABA, CAFE-PERG, "
                        "COPOAZU-PULPA, COPOAZU-GRANO, CAFE-CEREZA, COPOAZU-FRUTO."),
        (3, "Certificación", "«bio» no es una certificación: escriba orgánico, transición, convencional o todas."),
        (3, "Precio", "El precio no puede ser negativo."),
        (4, "Desde", describe(report.problems[3].problem)),
        (6, "Precio", "La fila 5 ya da otro precio al mismo producto, calidad y certificación desde la misma "
                      "fecha: deje uno.")]
    assert "31/02/2026" in describe(report.problems[3].problem)
    assert not report.written and book.prices.entries() == []


def test_the_distribution_counts_the_kilos_paid_not_the_water(priced):
    from tests.core.test_distributions import CRITERIA

    # Rosa: 100 kg net at 9.5 % humidity, 97.838 kg paid; Juan: 100 kg at 7.0 %, all paid (price typed)
    priced.deliveries.record(measured())
    priced.deliveries.record(measured("001-000002", member_code="S0002", humidity_pct=D("7.0"),
                                      advance_price=D("9.00")))
    season = {m.code: m for m in priced.distributions.season()}
    assert (season["S0001"].kg, season["S0002"].kg) == (D("97.838"), D("100.000"))
    # 800.00 by kilos: Rosa 97.838 / 197.838 = 395.63…, Juan 404.37
    result = priced.distributions.simulate(CRITERIA)
    assert [(p.code, p.net) for p in result.payouts.values()][:2] == [("S0001", D("395.63")), ("S0002", D("404.37"))]


def test_a_newer_price_for_every_grade_replaces_an_older_one_for_a_single_grade(priced):
    priced.prices.add(PriceInput("CACAO-SECO", date(2026, 3, 1), D("12.00"), grade="A", certification="organico"))
    priced.prices.add(PriceInput("CACAO-SECO", date(2026, 4, 1), D("14.00"), certification="organico"))
    priced.deliveries.record(measured("001-000001", date=date(2026, 3, 20)))  # grade A's own price: 12.00
    priced.deliveries.record(measured("001-000002", date=date(2026, 4, 5)))   # April's price × 1.05 = 14.70
    assert [row.price for row in priced.deliveries.page()] == [D("14.70"), D("12.00")]


def test_every_grade_is_written_as_todas_and_a_grade_outside_the_table_is_refused(priced):
    priced.prices.add(PriceInput("CACAO-SECO", date(2026, 5, 1), D("10.40"), grade="todas", certification="organico"))
    priced.prices.add(PriceInput("CACAO-SECO", date(2026, 5, 1), D("12.00"), grade="a", certification="organico"))
    assert [(e.grade, e.price) for e in priced.prices.entries("CACAO-SECO")][:2] == [("A", D("12.00")),
                                                                                      ("", D("10.40"))]
    with pytest.raises(InvalidInput) as refused:
        priced.prices.add(PriceInput("CACAO-SECO", date(2026, 5, 1), D("9.00"), grade="Extra"))
    assert [p.message % p.params for p in refused.value.problems] == [
        "La calidad EXTRA no está en la tabla de grados de Cacao grano seco vigente el 2026-05-01; los grados son: "
        "A, B, C."]


def test_a_humidity_that_leaves_nothing_to_pay_is_refused(book):
    book.prices.set_standard("CAFE-PERG", date(2026, 1, 1), QualityStandard(D("55"), HumidityMethod.PER_POINT, D("5")))
    with pytest.raises(InvalidInput) as refused:
        book.deliveries.record(cacao(product_code="CAFE-PERG", humidity_pct=D("80"), advance_price=D("700.00")))
    assert [p.field for p in refused.value.problems] == ["humidity_pct"]


def test_the_organic_guard_at_intake_counts_baba_as_dry_cacao(book):
    from coopdesk.domain.plots import PlotInput

    book.plots.add_plot("S0001", PlotInput("cacao", D("1"), D("600")))
    # 1,000 kg of baba make 380 kg of dry cacao: within the 600 kg estimate
    baba = cacao(product_code="CACAO-BABA", gross_kg=D("1000"), tare_kg=D("0"), advance_price=D("3.20"))
    assert book.deliveries.warnings(baba) == []
    assert [p.field for p in book.deliveries.warnings(replace(baba, gross_kg=D("1600")))] == ["net_kg"]  # 608 kg


def test_a_delivery_file_keeps_what_was_paid(priced, tmp_path):
    """An export carries the kilos paid; an older file's Importe of net × price says the
    ticket was paid on net kilos; without either, the book's standard discounts."""
    priced.collection_points.add("PLANTA", "Planta", "001")
    path = tmp_path / "entregas.csv"
    path.write_text(
        "Ticket,Fecha,Código socio,Producto,Kg bruto,Tara,Humedad,Kg pagado,Calidad,Precio,Importe\n"
        "001-000101,04/03/2026,S0001,CACAO-SECO,100.4,0.4,9.5,98.000,A,10.00,980.00\n"
        "001-000102,04/03/2026,S0001,CACAO-SECO,100.4,0.4,9.5,,A,10.00,1000.00\n"
        "001-000103,04/03/2026,S0001,CACAO-SECO,100.4,0.4,9.5,,A,10.00,\n"
        "009-000104,04/03/2026,S0001,CACAO-SECO,100.4,0.4,7,,A,10.00,\n", encoding="utf-8")
    report = priced.imports.deliveries(path)
    assert [(p.row, p.column, p.problem.message % p.problem.params) for p in report.problems] == [
        (5, "Ticket", "La serie 009 no es de ningún centro de acopio; las series son: 001.")]
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:4]) + "\n", encoding="utf-8")
    assert priced.imports.deliveries(path).written
    rows = {r.ticket: (r.payable_kg, r.amount) for r in priced.deliveries.page()}
    assert rows == {"001-000101": (D("98.000"), D("980.00")), "001-000102": (D("100.000"), D("1000.00")),
                    "001-000103": (D("97.838"), D("978.38"))}
