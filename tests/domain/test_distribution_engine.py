"""The distribution engine on a case a board could check with a pencil, and its
invariants on any input (Hypothesis, 1,000 examples each)."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import (
    EQUAL,
    KG,
    VALUE,
    WEIGHTED_KG,
    Appropriation,
    Criteria,
    DeliveryTotal,
    Eligibility,
    MemberSeason,
    Pot,
)
from coopdesk.i18n import describe


def member(code, kg, status="activo", debts=None, product="CACAO-SECO", grade="A", cert="organico", value=None):
    kg = D(kg)
    delivery = DeliveryTotal(product, grade, cert, kg, value if value is not None else kg * D("18.00"))
    return MemberSeason(code, status, date(2020, 1, 1), (delivery,) if kg else (), debts or {})


ASSEMBLY_2026 = Criteria(
    amount=D("10000.00"),
    appropriations=(
        Appropriation("Reserva Cooperativa", percent=D(20), reserve=True),
        Appropriation("Fondo de Educación", percent=D(10)),
        Appropriation("Fondo de Previsión Social", percent=D(5)),
    ),
    pots=(Pot("Retorno por kilos", KG, percent=D(80)), Pot("Parte igual", EQUAL, percent=D(20))),
    deduction_order=("adelantos", "prestamos", "insumos"),
)


def test_the_assemblys_criteria_worked_by_hand():
    members = [
        member("S001", "600", debts={"adelantos": D("1000.00"), "prestamos": D("200.00")}),  # Rosa
        member("S002", "300", debts={"insumos": D("2500.00")}),                            # Juan
        member("S003", "100"),                                                              # Carmen
        member("S004", "500", status="suspendido"),                                         # Pedro
    ]
    result, problems = run(ASSEMBLY_2026, members)
    assert problems == []
    # 20 %, 10 % and 5 % of S/ 10,000.00 before members; S/ 6,500.00 remain for members
    assert result.appropriations == (("Reserva Cooperativa", D("2000.00")), ("Fondo de Educación", D("1000.00")),
                                     ("Fondo de Previsión Social", D("500.00")))
    assert result.to_members == D("6500.00")
    kilos, equal = result.pots
    assert (kilos.amount, equal.amount, result.not_in_pots) == (D("5200.00"), D("1300.00"), D("0.00"))
    # 5,200.00 by 600, 300 and 100 kg of 1,000 eligible kg; the suspended member's 500 kg do not count
    assert kilos.total_basis == D("1000")
    assert [kilos.shares[c].amount for c in ("S001", "S002", "S003", "S004")] == [
        D("3120.00"), D("1560.00"), D("520.00"), D("0.00")]
    # 1,300.00 / 3 = 433.333…: the leftover céntimo goes to the first code (equal remainder, equal basis)
    assert [equal.shares[c].amount for c in ("S001", "S002", "S003", "S004")] == [
        D("433.34"), D("433.33"), D("433.33"), D("0.00")]
    rosa, juan, carmen, pedro = (result.payouts[c] for c in ("S001", "S002", "S003", "S004"))
    assert (rosa.gross, rosa.deducted, rosa.net) == (D("3553.34"), D("1200.00"), D("2353.34"))
    # Juan owes more than he gets: he is paid nothing, never a negative amount, and still owes 506.67
    assert (juan.gross, juan.net, juan.deductions[0].remaining_debt) == (D("1993.33"), D("0.00"), D("506.67"))
    assert (carmen.gross, carmen.net) == (D("953.33"), D("953.33"))
    assert (pedro.eligible, pedro.gross) == (False, D("0.00"))


def test_a_reserve_below_the_legal_floor_is_refused_with_the_figures():
    low = Criteria(D("10000.00"), (Appropriation("Reserva Cooperativa", percent=D(15), reserve=True),),
                   pots=(Pot("Retorno", KG, percent=D(100)),))
    result, problems = run(low, [member("S001", "10")])
    assert result is None
    assert [describe(p) for p in problems] == [
        "La Reserva Cooperativa recibe S/\u00a01,500.00, menos del mínimo de 20 % (S/\u00a02,000.00)."]


def test_sequential_percentages_apply_to_what_remains():
    c = Criteria(D("1000.00"), (Appropriation("Reserva", percent=D(50), reserve=True), Appropriation("Educación",
                 percent=D(10))), percent_base="sequential", pots=(Pot("Retorno", KG, percent=D(100)),))
    result, _ = run(c, [member("S001", "1")])
    assert result.appropriations == (("Reserva", D("500.00")), ("Educación", D("50.00")))
    assert result.to_members == D("450.00")


def test_amounts_below_the_minimum_payout_are_retained_not_paid():
    c = Criteria(D("100.00"), pots=(Pot("Retorno", KG, percent=D(100)),), minimum_payout=D("10.00"),
                 reserve_floor_percent=D(0), kind="reintegro")
    result, _ = run(c, [member("S001", "95"), member("S002", "5")])
    assert (result.payouts["S002"].gross, result.payouts["S002"].retained, result.payouts["S002"].net) == (
        D("5.00"), D("5.00"), D("0.00"))
    assert result.retained == D("5.00")


def test_weighted_kilos_favour_organic_and_first_grade():
    c = Criteria(D("300.00"), reserve_floor_percent=D(0), kind="reintegro", pots=(Pot("Retorno", WEIGHTED_KG, percent=D(100), factors={
        ("certification", "organico"): D("1.5"), ("grade", "B"): D("0.5")}),))
    result, _ = run(c, [member("S001", "100", cert="organico"), member("S002", "100", cert="convencional"),
                        member("S003", "100", cert="convencional", grade="B")])
    # bases 150, 100 and 50 weighted kg of 300
    assert [result.payouts[c].gross for c in ("S001", "S002", "S003")] == [D("150.00"), D("100.00"), D("50.00")]


def test_every_problem_of_the_criteria_is_named_at_once():
    bad = Criteria(D("-5"), (Appropriation("Reserva"),), pots=(Pot("A", "toneladas", percent=D(70)),
                   Pot("A", KG, percent=D(40), amount=D("1.00"))))
    result, problems = run(bad, [])
    assert result is None
    # the repeated name once, at the repetition; the percentages' sum at the pot that passes 100
    assert [p.field for p in problems] == ["amount", "appropriations[0]", "pots[0].key", "pots[1].name", "pots[1]",
                                           "pots[1].percent"]


money = st.integers(min_value=0, max_value=10**9).map(lambda c: D(c) / 100)
percent = st.integers(min_value=0, max_value=100).map(D)
members_st = st.lists(
    st.builds(
        lambda i, kg, status, debt: member(f"S{i:04d}", D(kg) / 1000, status=status,
                                          debts={"adelantos": D(debt) / 100} if debt else {}),
        st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=10**7),
        st.sampled_from(["activo", "activo", "suspendido"]), st.integers(min_value=0, max_value=10**7)),
    max_size=40, unique_by=lambda m: m.code)


@st.composite
def criteria_st(draw):
    reserve = draw(st.integers(min_value=20, max_value=60))
    other = draw(st.integers(min_value=0, max_value=100 - reserve))
    first = draw(percent)
    return Criteria(
        amount=draw(money),
        appropriations=(Appropriation("Reserva", percent=D(reserve), reserve=True),
                        Appropriation("Educación", percent=D(other))),
        percent_base=draw(st.sampled_from(["gross", "sequential"])),
        pots=(Pot("Kilos", draw(st.sampled_from([KG, VALUE, WEIGHTED_KG])), percent=first),
              Pot("Igual", EQUAL, percent=draw(st.integers(min_value=0, max_value=100 - int(first)).map(D)))),
        eligibility=Eligibility(minimum_kg=draw(st.integers(min_value=0, max_value=500).map(D))),
        minimum_payout=draw(st.integers(min_value=0, max_value=5000).map(lambda c: D(c) / 100)),
        deduction_order=("adelantos",),
    )


@settings(max_examples=1000, deadline=None)
@given(criteria_st(), members_st)
def test_every_centimo_of_the_amount_is_accounted_for(criteria, members):
    result, problems = run(criteria, members)
    assert problems == []
    appropriated = sum((value for _name, value in result.appropriations), D(0))
    assert appropriated + sum((p.amount for p in result.pots), D(0)) + result.not_in_pots == criteria.amount
    for pot in result.pots:
        assert sum((s.amount for s in pot.shares.values()), D(0)) + pot.unallocated == pot.amount
    paid_out = sum((p.gross for p in result.payouts.values()), D(0))
    assert paid_out + result.unallocated + appropriated == criteria.amount
    for payout in result.payouts.values():
        assert payout.net >= 0
        assert payout.retained + payout.deducted + payout.net == payout.gross
        if not payout.eligible:
            assert payout.gross == 0


@settings(max_examples=1000, deadline=None)
@given(criteria_st(), members_st, st.randoms(use_true_random=False))
def test_the_same_members_in_any_order_get_the_same_amounts(criteria, members, rnd):
    shuffled = list(members)
    rnd.shuffle(shuffled)
    first, _ = run(criteria, members)
    second, _ = run(criteria, shuffled)
    assert first.payouts == second.payouts
