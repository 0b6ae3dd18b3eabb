"""Rates per kg or quintal, filtered pots, earmarked streams, capitalisation,
withholding, good standing, aportaciones and points, loss compensation: each on
a case a board could check with a pencil, then all together under Hypothesis
(1,000 examples each)."""

from datetime import date
from dataclasses import replace
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.domain.distribution.engine import rate_of, run, withholding_of
from coopdesk.domain.distribution.model import (
    EQUAL,
    KG,
    POINTS,
    RATE,
    SHARE_CAPITAL,
    VALUE,
    WEIGHTED_KG,
    WITHHOLDING,
    Appropriation,
    Criteria,
    DeliveryTotal,
    Eligibility,
    MemberSeason,
    Pot,
    Stream,
    Withholding,
)
from coopdesk.i18n import describe

ORG, CONV = "organico", "convencional"


def season(code, *deliveries, status="activo", debts=None, **more):
    """A member with deliveries written (product, grade, certification, kg)."""
    return MemberSeason(code, status, date(2020, 1, 1),
                        tuple(DeliveryTotal(p, g, c, D(kg), D(kg) * D("10.00")) for p, g, c, kg in deliveries),
                        debts or {}, **more)


def simple(pots, amount="1000.00", **more):
    """A price complement (reintegro): pots only, no Reserva to hold to the legal floor."""
    return Criteria(D(amount), reserve_floor_percent=D(0), pots=tuple(pots), kind="reintegro", **more)


def amounts(pot, *codes):
    return [pot.shares[c].amount for c in codes]


# --- per-unit rates -------------------------------------------------------------------------------------------------

REINTEGRO = Pot("Reintegro", RATE, rates={"CAFE-PERG/*/organico": D("0.50"), "CAFE-PERG/*/*": D("0.30")})


def test_a_reintegro_per_kg_pays_each_member_kg_times_rate_rounded_half_up_once():
    members = [season("S001", ("CAFE-PERG", "A", ORG, "600.5")),
               season("S002", ("CAFE-PERG", "A", ORG, "10.01"), ("CAFE-PERG", "B", CONV, "100")),
               season("S003", ("CACAO-SECO", "A", ORG, "500"))]
    result, problems = run(simple([REINTEGRO]), members)
    assert problems == []
    pot, = result.pots
    # 600.5 × 0.50 = 300.25; 10.01 × 0.50 + 100 × 0.30 = 35.005 -> 35.01 (half-up); cacao has no rate: 0
    assert amounts(pot, "S001", "S002", "S003") == [D("300.25"), D("35.01"), D("0.00")]
    assert (pot.rated, pot.amount, pot.total_basis, pot.unallocated) == (True, D("335.26"), D("335.255"), D("0.00"))
    assert pot.shares["S002"].exact == Fraction("35.005")
    # the rest of the amount is not in any pot, reported
    assert result.not_in_pots == D("664.74")


def test_rates_per_quintal_of_46_kg():
    pot = Pot("Reintegro", RATE, unit="quintal", rates={"CAFE-PERG/*/*": D("30.00")})
    result, _ = run(simple([pot]), [season("S001", ("CAFE-PERG", "A", ORG, "460")),
                                    season("S002", ("CAFE-PERG", "A", ORG, "100"))])
    # 10 qq × 30.00 = 300.00; 100 / 46 × 30 = 65.2173… -> 65.22
    assert amounts(result.pots[0], "S001", "S002") == [D("300.00"), D("65.22")]
    assert (result.pots[0].unit_kg, result.pots[0].shares["S002"].basis) == (D(46), D("3000.00"))


def test_with_a_fixed_amount_the_rates_are_weights():
    pot = Pot("Reintegro", RATE, amount=D("1000.00"), rates={"*/*/organico": D("0.50"), "*/*/*": D("0.25")})
    result, _ = run(simple([pot]), [season("S001", ("CAFE-PERG", "A", ORG, "100")),
                                    season("S002", ("CAFE-PERG", "A", CONV, "200")),
                                    season("S003", ("CACAO-SECO", "B", CONV, "100"))])
    # bases 50, 50 and 25 of 125
    assert amounts(result.pots[0], "S001", "S002", "S003") == [D("400.00"), D("400.00"), D("200.00")]
    assert result.pots[0].rated is False


def test_the_most_specific_rate_applies_and_overlapping_rates_are_refused():
    pot = Pot("R", RATE, rates={"*/*/*": D(1), "CAFE/*/*": D(2), "CAFE/A/*": D(3), "CAFE/A/organico": D(4)})
    assert [rate_of(pot, "CAFE", "A", ORG), rate_of(pot, "CAFE", "A", CONV), rate_of(pot, "CAFE", "B", ORG),
            rate_of(pot, "CACAO", "A", ORG)] == [D(4), D(3), D(2), D(1)]
    assert rate_of(Pot("R", RATE, rates={"CAFE/*/*": D(1)}), "CACAO", "A", ORG) is None
    ambiguous = Pot("R", RATE, rates={"CAFE/A/*": D(1), "CAFE/*/organico": D(2), "CACAO/*/*": D(1)})
    _, problems = run(simple([ambiguous]), [])
    assert [describe(p) for p in problems] == [
        "Las tarifas «CAFE/A/*» y «CAFE/*/organico» de «R» valen para las mismas entregas: agregue una tarifa más "
        "precisa para ellas."]


def test_rates_that_need_more_than_there_is_are_refused_with_the_figures():
    result, problems = run(simple([REINTEGRO], amount="100.00"), [season("S001", ("CAFE-PERG", "A", ORG, "600"))])
    assert result is None
    assert [describe(p) for p in problems] == [
        "Los fondos por tarifa o tasa (Reintegro) necesitan S/\u00a0300.00 y solo quedan S/\u00a0100.00 para ellos."]


def test_rated_pots_come_before_percentages_which_share_what_is_left():
    c = simple([REINTEGRO, Pot("Retorno", KG, percent=D(100))])
    result, _ = run(c, [season("S001", ("CAFE-PERG", "A", ORG, "600")), season("S002", ("CAFE-PERG", "A", CONV, "400"))])
    reintegro, retorno = result.pots
    # 300.00 + 120.00 by rates; 1,000.00 − 420.00 = 580.00 by kilos: 348.00 and 232.00
    assert (reintegro.amount, retorno.amount, result.not_in_pots) == (D("420.00"), D("580.00"), D("0.00"))
    assert [p.gross for p in result.payouts.values()] == [D("648.00"), D("352.00")]


# --- filters ----------------------------------------------------------------------------------------------------------

def test_a_pot_can_count_only_some_deliveries():
    pot = Pot("Diferencial", KG, percent=D(100), only_certifications=(ORG,), only_products=("CAFE-PERG",))
    result, _ = run(simple([pot], amount="300.00"), [
        season("S001", ("CAFE-PERG", "A", ORG, "100"), ("CAFE-PERG", "A", CONV, "50"), ("CACAO-SECO", "A", ORG, "70")),
        season("S002", ("CAFE-PERG", "B", ORG, "200")),
        season("S003", ("CAFE-PERG", "A", CONV, "500"))])
    assert amounts(result.pots[0], "S001", "S002", "S003") == [D("100.00"), D("200.00"), D("0.00")]
    assert result.pots[0].total_basis == D("300")


def test_filters_on_an_equal_share_admit_only_members_with_such_a_delivery():
    pot = Pot("Igual orgánicos", EQUAL, percent=D(100), only_certifications=(ORG,))
    result, _ = run(simple([pot], amount="90.00"), [season("S001", ("CAFE", "A", ORG, "1")),
                                                    season("S002", ("CAFE", "A", CONV, "100")),
                                                    season("S003", ("CAFE", "A", ORG, "3"))])
    assert amounts(result.pots[0], "S001", "S002", "S003") == [D("45.00"), D("0.00"), D("45.00")]


# --- earmarked streams ----------------------------------------------------------------------------------------------

PREMIUM = Stream("Prima de Comercio Justo", D("4000.00"), fund="Plan de la Prima", members_percent=D(25),
                 pots=(Pot("Prima por kilo", KG, percent=D(100)),))
DIFFERENTIAL = Stream("Diferencial orgánico", D("920.00"), members_percent=D(100),
                      pots=(Pot("Diferencial por kilo", KG, percent=D(100), only_certifications=(ORG,)),))


def test_streams_are_kept_apart_and_each_reconciles_on_its_own():
    c = simple([Pot("Retorno", KG, percent=D(100))], streams=(PREMIUM, DIFFERENTIAL))
    result, problems = run(c, [season("S001", ("CAFE-PERG", "A", ORG, "920")),
                               season("S002", ("CAFE-PERG", "A", CONV, "460")),
                               season("S003", ("CAFE-PERG", "A", ORG, "460"))])
    assert problems == []
    premium, differential = result.streams
    # 25 % of 4,000.00 to members by kilos, 3,000.00 to the Premium Plan
    assert (premium.to_members, premium.to_fund, premium.fund) == (D("1000.00"), D("3000.00"), "Plan de la Prima")
    assert amounts(premium.pots[0], "S001", "S002", "S003") == [D("500.00"), D("250.00"), D("250.00")]
    # 920.00 only over 1,380 organic kg: 613.333… and 306.666…; the céntimo left goes to the larger remainder
    assert amounts(differential.pots[0], "S001", "S002", "S003") == [D("613.33"), D("0.00"), D("306.67")]
    assert (differential.to_fund, premium.pots[0].stream) == (D("0.00"), "Prima de Comercio Justo")
    assert [p.gross for p in result.payouts.values()] == [D("1613.33"), D("500.00"), D("806.67")]
    assert result.total_amount == D("5920.00")
    assert result.all_pots[1:] == premium.pots + differential.pots


def test_without_a_main_amount_a_stream_alone_needs_no_main_pots():
    premium = Stream("Prima", D("500.00"), fund="Plan", members_percent=D(20),
                     pots=(Pot("Prima por kilo", KG, percent=D(100)),))
    result, problems = run(Criteria(D("0.00"), streams=(premium,)), [season("S001", ("CAFE", "A", ORG, "1"))])
    assert problems == []
    assert (result.streams[0].to_fund, result.payouts["S001"].gross) == (D("400.00"), D("100.00"))


def test_streams_say_what_is_missing():
    c = simple([Pot("Retorno", KG, percent=D(100))], streams=(
        Stream("Prima", D("10.001"), members_percent=D(30)),
        Stream("Prima", D("10.00"), fund="Plan", pots=(Pot("Retorno", KG, percent=D(100)),))))
    _, problems = run(c, [])
    # each repetition is said once, where it repeats (the first of a name is not wrong)
    assert [describe(p) for p in problems] == [
        "el monto de «Prima» tiene más de dos decimales (10.001): los soles se escriben con céntimos, como 10.25.",
        "«Prima» debe decir a qué fondo va lo que no se reparte a los socios.",
        "«Prima» da una parte a los socios, pero no tiene fondos para repartirla.",
        "El monto aparte «Prima» está repetido.",
        "«Prima» tiene fondos para los socios, pero su porcentaje para los socios es 0.",
        "El fondo «Retorno» está repetido.",
    ]
    assert [p.field for p in problems] == [
        "streams[0].amount", "streams[0].fund", "streams[0].pots", "streams[1].name",
        "streams[1].members_percent", "streams[1].pots[0].name"]


# --- capitalisation, withholding, deductions ------------------------------------------------------------------------

def test_capitalisation_takes_its_percentage_of_the_chosen_pots_before_deductions():
    c = simple([Pot("Retorno", KG, amount=D("1000.05")), Pot("Reintegro", KG, amount=D("500.00"))],
               amount="1500.05", capitalisation_percent=D(10), capitalisation_pots=("Retorno",),
               deduction_order=("adelantos",))
    result, _ = run(c, [season("S001", ("CAFE", "A", ORG, "1"), debts={"adelantos": D("2000.00")})])
    rosa = result.payouts["S001"]
    # 10 % of 1,000.05 = 100.005 -> 100.01 credited to aportaciones; the rest, 1,400.04, all to the adelantos
    assert (rosa.gross, rosa.capitalised, rosa.deducted, rosa.net) == (D("1500.05"), D("100.01"), D("1400.04"), D("0"))
    assert rosa.deductions[0].remaining_debt == D("599.96")


def test_capitalisation_applies_by_default_to_the_main_pots_only():
    c = simple([Pot("Retorno", KG, percent=D(100))], amount="100.00", capitalisation_percent=D(50),
               streams=(PREMIUM,))
    result, _ = run(c, [season("S001", ("CAFE", "A", ORG, "1"))])
    assert (result.payouts["S001"].gross, result.payouts["S001"].capitalised) == (D("1100.00"), D("50.00"))


WITHHOLD = Withholding()  # 1.5 % above 30 UIT; UIT 2026 = 5,500 -> threshold 165,000.00


def test_withholding_is_the_first_deduction_on_the_years_income_above_30_uit():
    c = simple([Pot("Retorno", EQUAL, amount=D("30000.00"))], amount="30000.00", withholding=WITHHOLD,
               distribution_date=date(2026, 3, 15), deduction_order=("adelantos",))
    members = [
        # 160,000.00 earlier in the year + 10,000.00 now: 5,000.00 above 165,000.00 -> 1.5 % = 75.00
        season("S001", debts={"adelantos": D("20000.00")}, income_before=D("160000.00")),
        # already above the threshold, 525.00 withheld before: 1.5 % × 45,000.00 − 525.00 = 150.00
        season("S002", income_before=D("200000.00"), withheld_before=D("525.00")),
        season("S003"),  # 10,000.00 in the year: nothing
    ]
    result, problems = run(c, members)
    assert problems == []
    assert (result.uit, result.withholding_threshold) == (D(5500), D("165000"))
    rosa, juan, carmen = (result.payouts[c] for c in ("S001", "S002", "S003"))
    assert [(d.concept, d.deducted) for d in rosa.deductions] == [(WITHHOLDING, D("75.00")), ("adelantos", D("9925.00"))]
    assert (rosa.withheld, rosa.taxable, rosa.net) == (D("75.00"), D("10000.00"), D("0.00"))
    assert (juan.withheld, juan.net) == (D("150.00"), D("9850.00"))
    assert (carmen.withheld, carmen.deductions, carmen.net) == (D("0"), (), D("10000.00"))
    assert result.withheld == D("225.00")


def test_withholding_is_rounded_half_up_and_never_more_than_its_rate_of_what_is_paid():
    m = season("S001", income_before=D("165000.00"))
    assert withholding_of(WITHHOLD, D("165000"), m, D("100.33")) == D("1.50")   # 1.50495
    assert withholding_of(WITHHOLD, D("165000"), m, D("100.70")) == D("1.51")   # 1.5105
    # nothing withheld before on 200,000.00: only 1.5 % of this payment can be withheld now
    late = season("S001", income_before=D("200000.00"))
    assert withholding_of(WITHHOLD, D("165000"), late, D("1000.00")) == D("15.00")


def test_withholding_needs_a_date_and_a_uit_for_its_year():
    pots = [Pot("Retorno", KG, percent=D(100))]
    _, problems = run(simple(pots, withholding=WITHHOLD), [])
    assert [describe(p) for p in problems] == [
        "La retención necesita la fecha de la distribución, para saber qué UIT usar."]
    _, problems = run(simple(pots, withholding=WITHHOLD, distribution_date=date(2031, 1, 5)), [])
    assert [describe(p) for p in problems] == [
        "No se conoce la UIT del año 2031: agréguela a la tabla de la UIT de la retención."]
    later = Withholding(uit={2031: D(6000)}, pots=("Otro",))
    _, problems = run(simple(pots, withholding=later, distribution_date=date(2031, 1, 5)), [])
    assert [describe(p) for p in problems] == ["La retención nombra el fondo «Otro», que no existe."]


def test_capitalisation_never_leaves_too_little_cash_for_the_withholding():
    c = simple([Pot("Retorno", EQUAL, amount=D("1000.00"))], capitalisation_percent=D(100), withholding=WITHHOLD,
               distribution_date=date(2026, 1, 1))
    result, _ = run(c, [season("S001", income_before=D("200000.00"))])
    rosa = result.payouts["S001"]
    assert (rosa.capitalised, rosa.withheld, rosa.net) == (D("985.00"), D("15.00"), D("0.00"))


def test_amounts_below_the_minimum_payout_are_retained_whole():
    c = simple([Pot("Retorno", KG, percent=D(100))], amount="10.00", minimum_payout=D("20.00"),
               capitalisation_percent=D(10))
    result, _ = run(c, [season("S001", ("CAFE", "A", ORG, "1"))])
    p = result.payouts["S001"]
    assert (p.gross, p.retained, p.capitalised, p.net) == (D("10.00"), D("10.00"), D("0"), D("0"))


# --- eligibility, aportaciones, points, interest ------------------------------------------------------------------

def test_members_not_in_good_standing_are_left_out_when_the_criteria_ask():
    pots = [Pot("Igual", EQUAL, percent=D(100))]
    members = [season("S001"), season("S002", in_good_standing=False)]
    strict, _ = run(simple(pots, eligibility=Eligibility(good_standing=True)), members)
    lenient, _ = run(simple(pots), members)
    assert [p.gross for p in strict.payouts.values()] == [D("1000.00"), D("0.00")]
    assert strict.payouts["S002"].eligible is False
    assert [p.gross for p in lenient.payouts.values()] == [D("500.00"), D("500.00")]


def test_aportaciones_capped_and_points_as_keys():
    pots = [Pot("Por aportaciones", SHARE_CAPITAL, percent=D(50), cap=D("2000.00")),
            Pot("Por participación", POINTS, percent=D(50))]
    result, _ = run(simple(pots), [season("S001", aportaciones=D("1000.00"), points=D(3)),
                                   season("S002", aportaciones=D("3000.00"), points=D(1)),
                                   season("S003", points=D(0))])
    aportes, points = result.pots
    # bases 1,000 and 2,000 (capped): 166.67 and 333.33; points 3 and 1 of 4: 375.00 and 125.00
    assert amounts(aportes, "S001", "S002", "S003") == [D("166.67"), D("333.33"), D("0.00")]
    assert aportes.total_basis == D("3000.00")
    assert amounts(points, "S001", "S002", "S003") == [D("375.00"), D("125.00"), D("0.00")]


def test_interest_on_aportaciones_at_a_rate_with_a_cap():
    pot = Pot("Interés", SHARE_CAPITAL, interest_percent=D(5), cap=D("2000.00"))
    result, _ = run(simple([pot, Pot("Retorno", EQUAL, percent=D(100))]), [
        season("S001", aportaciones=D("1000.00")), season("S002", aportaciones=D("3000.00")),
        season("S003", aportaciones=D("333.30"))])
    interest, rest = result.pots
    # 5 % of 1,000.00, of 2,000.00 (the cap) and of 333.30 = 16.665 -> 16.67
    assert amounts(interest, "S001", "S002", "S003") == [D("50.00"), D("100.00"), D("16.67")]
    assert (interest.amount, rest.amount) == (D("166.67"), D("833.33"))
    too_high = simple([pot], max_interest_percent=D(4))
    assert [describe(p) for p in run(too_high, [])[1]] == [
        "La tasa del fondo «Interés» (5 %) pasa la tasa máxima de 4 %."]


# --- loss compensation ----------------------------------------------------------------------------------------------

def test_losses_are_compensated_first_and_percentages_apply_to_what_is_left():
    c = Criteria(D("10000.00"), (Appropriation("Reserva Cooperativa", percent=D(20), reserve=True),),
                 pots=(Pot("Retorno", EQUAL, percent=D(100)),), loss_compensation=D("1000.00"))
    result, _ = run(c, [season("S001")])
    assert (result.loss_compensation, result.appropriations, result.to_members) == (
        D("1000.00"), (("Reserva Cooperativa", D("1800.00")),), D("7200.00"))
    assert [describe(p) for p in run(Criteria(D("10.00"), pots=c.pots, loss_compensation=D("20.00")), [])[1]] == [
        "La compensación de pérdidas (S/\u00a020.00) es mayor que el monto a distribuir (S/\u00a010.00)."]


def test_the_new_options_are_checked_with_the_pots_name():
    pots = [Pot("A", KG, percent=D(10), interest_percent=D(3)), Pot("B", RATE),
            Pot("C", EQUAL, percent=D(10), cap=D(5), rates={"X": D(1)}), Pot("D", RATE, unit="arroba", rates={
                "X/Y": D(-1)})]
    _, problems = run(simple(pots, capitalisation_percent=D(101), capitalisation_pots=("Z",)), [])
    assert [describe(p) for p in problems] == [
        "El fondo «A» tiene una tasa, que solo vale con la clave aportaciones.",
        "El fondo «A» tiene una tasa y también un porcentaje o un monto: la tasa ya fija su monto.",
        "El fondo «B» reparte por tarifa, pero no tiene tarifas.",
        "El fondo «C» tiene tarifas, pero su clave no es tarifa.",
        "El fondo «C» tiene un tope, que no vale con su clave de reparto.",
        "La unidad de las tarifas de «D» debe ser kg o quintal.",
        "La tarifa «X/Y» de «D» debe escribirse PRODUCTO/CALIDAD/CERTIFICACION (con * para cualquiera).",
        "La capitalización debe estar entre 0 y 100 %.",
        "La capitalización nombra el fondo «Z», que no existe.",
    ]


# --- everything at once, on any input -------------------------------------------------------------------------------

PRODUCTS, GRADES, CERTS = ("CAFE-PERG", "CACAO-SECO"), ("A", "B"), (ORG, "transicion", CONV)
MIXED_KILOS = ("«%(pot)s» sumaría kilos de productos distintos (%(products)s), y un kilo de uno no vale lo que uno de "
               "otro. Use clave = \"valor\" (el valor entregado), un fondo por producto (solo_producto), o clave = "
               "\"kg_ponderado\" con el factor de cada producto a una forma común.")
def one_product_per_kilo_pot(criteria):
    """Each pot of plain or weighted kilos counting coffee only, so it never adds up coffee and cacao."""
    from dataclasses import replace

    def keep(pot):
        return replace(pot, only_products=("CAFE-PERG",)) if pot.key in (KG, WEIGHTED_KG) else pot
    return replace(criteria, pots=tuple(keep(p) for p in criteria.pots),
                   streams=tuple(replace(s, pots=tuple(keep(p) for p in s.pots)) for s in criteria.streams))


RATED_NEEDS_MORE = "Los fondos por tarifa o tasa (%(names)s) necesitan %(need)s y solo quedan %(left)s para ellos."
FIXED_NEEDS_MORE = ("Los fondos de monto fijo (%(names)s) piden %(need)s y solo hay %(left)s para ellos. Baje sus "
                    "montos, o escriba escalar = true en [distribucion] para reducirlos en proporción.")

deliveries_st = st.lists(st.tuples(st.sampled_from(PRODUCTS), st.sampled_from(GRADES), st.sampled_from(CERTS),
                                   st.integers(min_value=0, max_value=10**7)),
                         min_size=1, max_size=3, unique_by=lambda d: d[:3])
cents_st = st.integers(min_value=0, max_value=10**7).map(lambda c: D(c) / 100)

members_st = st.lists(st.builds(
    lambda i, deliveries, status, debt, good, aportes, points, before, withheld, carried: MemberSeason(
        f"S{i:04d}", status, date(2020, 1, 1),
        tuple(DeliveryTotal(p, g, c, D(grams) / 1000, D(grams) / 100) for p, g, c, grams in deliveries),
        {"adelantos": D(debt) / 100} if debt else {}, good, aportes, D(points), before, min(withheld, before),
        carried),
    st.integers(min_value=0, max_value=9999), deliveries_st, st.sampled_from(["activo", "activo", "suspendido"]),
    st.integers(min_value=0, max_value=10**7), st.booleans(), cents_st, st.integers(min_value=0, max_value=20),
    st.one_of(st.just(D(0)), st.integers(min_value=0, max_value=3 * 10**7).map(lambda c: D(c) / 100)),
    st.integers(min_value=0, max_value=10**6).map(lambda c: D(c) / 100),
    st.one_of(st.just(D("0.00")), st.integers(min_value=1, max_value=9000).map(lambda c: D(c) / 100))),
    min_size=1, max_size=30, unique_by=lambda m: m.code)


@st.composite
def pot_st(draw, name, percent=None):
    key = draw(st.sampled_from([KG, WEIGHTED_KG, VALUE, EQUAL, RATE, SHARE_CAPITAL, POINTS]))
    more = {}
    if key == RATE:
        more["rates"] = draw(st.sampled_from([
            {"*/*/*": D("0.10")}, {"CAFE-PERG/*/organico": D("0.50"), "CAFE-PERG/*/*": D("0.30"), "*/B/transicion": D("0.05")},
            {"CACAO-SECO/A/transicion": D("1.237")}]))
        more["unit"] = draw(st.sampled_from(["kg", "quintal"]))
    if key == WEIGHTED_KG:
        more["factors"] = {("certification", ORG): D("1.5"), ("grade", "B"): D("0.8")}
    if key not in (EQUAL, RATE) and draw(st.booleans()):
        more["cap"] = draw(st.integers(min_value=0, max_value=5000).map(D))
    if draw(st.booleans()):
        more["only_certifications"] = draw(st.sampled_from([(ORG,), (ORG, "transicion"), (CONV,)]))
    if draw(st.booleans()):
        more["only_products"] = ("CAFE-PERG",)
    rated = key in (RATE, SHARE_CAPITAL) and draw(st.booleans())
    if rated and key == SHARE_CAPITAL:
        more["interest_percent"] = draw(st.integers(min_value=0, max_value=10).map(D))
    elif not rated:
        if percent is not None:
            more["percent"] = percent
        else:
            more["amount"] = draw(cents_st)
    return Pot(name, key, **more)


@st.composite
def pots_st(draw, prefix):
    first = draw(st.integers(min_value=0, max_value=100))
    second = draw(st.integers(min_value=0, max_value=100 - first))
    pots = [draw(pot_st(f"{prefix}1", D(first))), draw(pot_st(f"{prefix}2", D(second)))]
    if draw(st.booleans()):
        pots.append(draw(pot_st(f"{prefix}3")))
    return tuple(pots)


@st.composite
def full_criteria_st(draw):
    amount = draw(st.one_of(st.integers(min_value=0, max_value=10**9),
                            st.integers(min_value=10**8, max_value=10**11)).map(lambda c: D(c) / 100))
    reserve = draw(st.integers(min_value=20, max_value=50))
    pots = draw(pots_st("F"))
    streams = []
    for i in range(draw(st.integers(min_value=0, max_value=2))):
        share = draw(st.sampled_from([0, 25, 100, 33]))
        streams.append(Stream(f"Prima {i}", draw(cents_st.map(lambda a: a * 10)), fund="Plan" if share < 100 else "",
                              members_percent=D(share), pots=draw(pots_st(f"P{i}-")) if share else ()))
    names = [p.name for p in pots] + [p.name for s in streams for p in s.pots]
    withholding = None
    if draw(st.booleans()):
        withholding = Withholding(percent=draw(st.sampled_from([D("1.5"), D(0), D("8.75"), D(100)])),
                                  threshold_uit=draw(st.sampled_from([D(0), D("0.5"), D(30)])),
                                  pots=draw(st.one_of(st.none(), st.lists(st.sampled_from(names)).map(tuple))))
    return Criteria(
        amount=amount,
        appropriations=(Appropriation("Reserva", percent=D(reserve), reserve=True),
                        Appropriation("Educación", percent=draw(st.integers(min_value=0, max_value=10).map(D)))),
        percent_base=draw(st.sampled_from(["gross", "sequential"])),
        pots=pots,
        eligibility=Eligibility(minimum_kg=draw(st.integers(min_value=0, max_value=50).map(D)),
                                good_standing=draw(st.booleans())),
        minimum_payout=draw(st.integers(min_value=0, max_value=5000).map(lambda c: D(c) / 100)),
        deduction_order=("adelantos",),
        distribution_date=date(2026, 3, 15),
        loss_compensation=draw(st.integers(min_value=0, max_value=int(amount * 100)).map(lambda c: D(c) / 100)),
        streams=tuple(streams),
        capitalisation_percent=draw(st.sampled_from([D(0), D(10), D("12.5"), D(100)])),
        capitalisation_pots=draw(st.one_of(st.none(), st.lists(st.sampled_from(names)).map(tuple))),
        withholding=withholding,
        scale_fixed_pots=draw(st.booleans()),
    )


def half_up(value: Fraction) -> D:
    return (D(value.numerator) / D(value.denominator)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=1000, deadline=None)
@given(full_criteria_st(), members_st)
def test_every_centimo_of_every_stream_is_accounted_for(criteria, members):
    result, problems = run(criteria, members)
    if any(p.message == MIXED_KILOS for p in problems):  # plain kilos of coffee and cacao added up: refused;
        criteria = one_product_per_kilo_pot(criteria)     # the same criteria, each kilo pot kept to coffee
        result, problems = run(criteria, members)
    if problems:  # rates, or fixed amounts not asked to scale, asking more than there is: the only other refusals
        assert {p.message for p in problems} <= {RATED_NEEDS_MORE, FIXED_NEEDS_MORE}
        assert FIXED_NEEDS_MORE not in {p.message for p in problems} or not criteria.scale_fixed_pots
        return
    # the main amount
    appropriated = sum((v for _n, v in result.appropriations), D(0))
    main = result.loss_compensation + appropriated + sum((p.amount for p in result.pots), D(0)) + result.not_in_pots
    assert main == criteria.amount
    # each stream on its own
    for stream, s in zip(result.streams, criteria.streams):
        assert stream.amount == s.amount
        assert stream.to_fund + sum((p.amount for p in stream.pots), D(0)) + stream.not_in_pots == stream.amount
        assert stream.to_fund + stream.to_members == stream.amount
    # each pot: shares + unallocated = pot; each share within a céntimo (half a céntimo when rated) of exact
    for pot in result.all_pots:
        assert sum((s.amount for s in pot.shares.values()), D(0)) + pot.unallocated == pot.amount
        for share in pot.shares.values():
            assert share.amount >= 0
            assert abs(Fraction(share.amount) - share.exact) <= (Fraction(1, 200) if pot.rated else Fraction(1, 100))
            if share.basis == 0:
                assert share.amount == 0
            if pot.rated:
                assert share.amount == half_up(share.exact)
    # in total: what members got + what nobody got + appropriations + losses + funds = everything
    gross = sum((p.gross for p in result.payouts.values()), D(0))
    assert (gross + result.unallocated + appropriated + result.loss_compensation + result.to_funds
            == criteria.amount + sum((s.amount for s in criteria.streams), D(0)) == result.total_amount)
    rate = criteria.withholding.percent / 100 if criteria.withholding else D(0)
    for payout in result.payouts.values():
        assert payout.net >= 0
        # what was kept for the member before (carried_in) is paid or kept again, never lost
        assert payout.retained + payout.capitalised + payout.deducted + payout.net == payout.gross + payout.carried_in
        assert payout.capitalised >= 0 and payout.taxable <= payout.gross
        assert payout.withheld <= (payout.taxable * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        if payout.withheld:
            assert payout.deductions[0].concept == WITHHOLDING
            assert payout.deductions[0].deducted == payout.deductions[0].owed  # always taken whole
        if not payout.eligible:
            assert payout.gross == 0


@settings(max_examples=1000, deadline=None)
@given(full_criteria_st(), members_st, st.randoms(use_true_random=False))
def test_every_feature_gives_the_same_result_in_any_input_order(criteria, members, rnd):
    shuffled = [MemberSeason(m.code, m.status, m.join_date, tuple(rnd.sample(m.deliveries, len(m.deliveries))),
                             m.debts, m.in_good_standing, m.aportaciones, m.points, m.income_before, m.withheld_before,
                             m.carried_in)
                for m in members]
    rnd.shuffle(shuffled)
    first, first_problems = run(criteria, members)
    second, second_problems = run(criteria, shuffled)
    assert first_problems == second_problems
    assert first == second


def test_weighted_kilos_need_every_products_factor_and_runs_computed_before_the_rule_stay_as_they_were():
    """Rosa 100 kg dry cacao, Juan 300 kg en baba (a third of it dry). With the baba factor the pot is 100 + 100 kg;
    without it, one kilo of baba would count as one of dry cacao: refused. A run computed in June 2026, before
    coopdesk held kilos to one product, is recomputed (verify) exactly as it was."""
    members = [season("S001", ("CACAO-SECO", "A", ORG, "100")), season("S002", ("CACAO-BABA", "A", ORG, "300"))]
    weighted = Pot("Retorno", WEIGHTED_KG, percent=D(100), factors={("product", "CACAO-SECO"): D(1),
                                                                   ("product", "CACAO-BABA"): D("0.3333")})
    result, problems = run(simple([weighted]), members)
    assert problems == [] and amounts(result.pots[0], "S001", "S002") == [D("500.03"), D("499.97")]  # 100 : 99.99
    no_baba = replace(weighted, factors={("product", "CACAO-SECO"): D(1)})
    _result, problems = run(simple([no_baba]), members)
    assert [p.message for p in problems] == [MIXED_KILOS] and problems[0].params["products"] == "CACAO-BABA, CACAO-SECO"
    plain = Pot("Retorno", KG, percent=D(100))
    before, problems = run(replace(simple([plain]), rules_on=date(2026, 6, 1)), members)
    assert problems == [] and amounts(before.pots[0], "S001", "S002") == [D("250.00"), D("750.00")]
    _result, problems = run(replace(simple([plain]), rules_on=date(2026, 12, 7)), members)
    assert [p.message for p in problems] == [MIXED_KILOS]
