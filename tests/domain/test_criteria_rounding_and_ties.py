"""The rounding and tie rules docs/criteria.md states («Rounding and ties, exactly»),
and the refusal of fixed amounts that need more than there is, each with the
rule of the day a run was computed (runs computed before keep theirs)."""

from datetime import date
from decimal import Decimal as D

from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import EQUAL, KG, Criteria, DeliveryTotal, MemberSeason, Pot
from coopdesk.i18n import describe

BEFORE = date(2026, 12, 6)  # computed under the rules before 7 December 2026


def simple(pots, amount, **more):
    return Criteria(D(amount), reserve_floor_percent=D(0), pots=tuple(pots), kind="reintegro", **more)


def member(code, kg):
    return MemberSeason(code, "activo", date(2020, 1, 1), (DeliveryTotal("CACAO-SECO", "A", "convencional", D(kg),
                                                                         D(kg) * 10),))


MEMBERS = [member("S001", "10"), member("S002", "10")]


def test_percentages_under_100_divide_once_with_what_they_leave_as_one_more_part():
    # S/ 10.02, two pots of 25 %: exact 2.505, 2.505 and 5.01 not in pots; the one céntimo left goes to the
    # first pot written (rounding each pot half-up would have paid 2.51 + 2.51)
    result, problems = run(simple([Pot("Zeta", KG, percent=D(25)), Pot("Alfa", EQUAL, percent=D(25))], "10.02"),
                           MEMBERS)
    assert problems == []
    assert [(p.name, p.amount) for p in result.pots] == [("Zeta", D("2.51")), ("Alfa", D("2.50"))]
    assert result.not_in_pots == D("5.01")


def test_a_tie_between_pots_goes_to_the_larger_percentage_then_to_the_pot_written_first():
    pots = [Pot("Zeta", KG, percent=D(20)), Pot("Alfa", EQUAL, percent=D(20)), Pot("Beta", EQUAL, percent=D(60))]
    result, _ = run(simple(pots, "0.01"), MEMBERS)
    # exact 0.2, 0.2 and 0.6 céntimos: the céntimo to the largest remainder, Beta
    assert [p.amount for p in result.pots] == [D("0.00"), D("0.00"), D("0.01")]
    result, _ = run(simple([Pot("Zeta", KG, percent=D(25)), Pot("Alfa", EQUAL, percent=D(50)),
                            Pot("Beta", EQUAL, percent=D(25))], "0.02"), MEMBERS)
    # exact 0.5, 1 and 0.5 céntimos: Alfa 1; the other céntimo ties Zeta and Beta (equal weights): written first
    assert [p.amount for p in result.pots] == [D("0.01"), D("0.01"), D("0.00")]
    result, _ = run(simple([Pot("Zeta", KG, percent=D(25)), Pot("Alfa", EQUAL, percent=D(75))], "0.02"), MEMBERS)
    # exact 0.5 and 1.5 céntimos: equal remainders, the larger percentage takes the céntimo
    assert [p.amount for p in result.pots] == [D("0.00"), D("0.02")]
    result, _ = run(simple([Pot("Zeta", KG, percent=D(50)), Pot("Alfa", EQUAL, percent=D(50))], "0.01"), MEMBERS)
    # equal weights, equal remainders: the pot written first, whatever its name
    assert [p.amount for p in result.pots] == [D("0.01"), D("0.00")]


def test_runs_computed_before_keep_their_ties_by_name():
    pots = [Pot("Zeta", KG, percent=D(50)), Pot("Alfa", EQUAL, percent=D(50))]
    result, _ = run(simple(pots, "0.01", rules_on=BEFORE), MEMBERS)
    assert [p.amount for p in result.pots] == [D("0.00"), D("0.01")]


def test_fixed_amounts_needing_more_than_there_is_are_refused_unless_asked_to_scale():
    pots = [Pot("Acopio", KG, amount=D("80.00")), Pot("Igual", EQUAL, amount=D("50.00"))]
    result, problems = run(simple(pots, "100.00"), MEMBERS)
    assert result is None
    assert [(p.field, describe(p).replace("\xa0", " ")) for p in problems] == [(
        "pots[1].amount", "Los fondos de monto fijo (Acopio, Igual) piden S/ 130.00 y solo hay S/ 100.00 para "
        "ellos. Baje sus montos, o escriba escalar = true en [distribucion] para reducirlos en proporción.")]
    result, problems = run(simple(pots, "100.00", scale_fixed_pots=True), MEMBERS)
    assert [p.amount for p in result.pots] == [D("61.54"), D("38.46")]
    # a run computed before 7 December 2026 was scaled without asking, and is recomputed so
    result, problems = run(simple(pots, "100.00", rules_on=BEFORE), MEMBERS)
    assert [p.amount for p in result.pots] == [D("61.54"), D("38.46")]
