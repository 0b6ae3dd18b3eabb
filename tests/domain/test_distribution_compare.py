"""Comparing two distributions: summaries (median, top 10 %, Gini) and differences by member
and by zone, gender and certification, to the céntimo."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.domain.distribution.compare import (
    GroupTotal,
    MemberInfo,
    Summary,
    compare,
    summarize,
)


def soles(**amounts: str) -> dict[str, Decimal]:
    return {code: Decimal(text) for code, text in amounts.items()}


# --- summarize -------------------------------------------------------------------------------


def test_four_members_one_to_four_hundred_soles():
    # 100, 200, 300, 400: total 1,000.00; median = (200 + 300) / 2 = 250.00.
    # Top 10 %: ceil(4 / 10) = 1 member, the 400 -> 400 / 1000 = 40.00 %.
    # Gini, sorted form: (-3·100 - 1·200 + 1·300 + 3·400) / (4 · 1000) = 1000 / 4000 = 0.25.
    # Check by pairs: |differences| 100+200+300+100+200+100 = 1000, both ways 2000;
    # 2 n² mean = 2 · 16 · 250 = 8000; 2000 / 8000 = 0.25.
    result = summarize(soles(S004="400.00", S001="100.00", S003="300.00", S002="200.00"))
    assert result == Summary(members=4, paid=4, total=Decimal("1000.00"), median=Decimal("250.00"),
                             top10_share=Decimal("40.00"), gini=Decimal("0.2500"))
    assert str(result.median) == "250.00" and str(result.gini) == "0.2500"


def test_everyone_paid_the_same_has_gini_zero():
    # Five members with 150.00 each: total 750.00, median 150.00,
    # top 10 % = 1 member = 150 / 750 = 20.00 %, and no inequality at all: Gini 0.
    result = summarize({f"S00{i}": Decimal("150.00") for i in range(1, 6)})
    assert (result.total, result.median, result.top10_share, result.gini) == (
        Decimal("750.00"), Decimal("150.00"), Decimal("20.00"), Decimal("0.0000"))


def test_one_member_with_everything_among_four():
    # 0, 0, 0, 1200: only one paid; median (0 + 0) / 2 = 0.00; the top member has 100 %.
    # Gini: 3 · 1200 / (4 · 1200) = 3/4 = 0.7500, the most (n - 1) / n allows among four.
    result = summarize(soles(A="0.00", B="1200.00", C="0.00", D="0.00"))
    assert result == Summary(members=4, paid=1, total=Decimal("1200.00"), median=Decimal("0.00"),
                             top10_share=Decimal("100.00"), gini=Decimal("0.7500"))


def test_one_of_three_with_everything_rounds_two_thirds_up():
    # 0, 0, 100: Gini = (-2·0 + 0·0 + 2·100) / (3 · 100) = 2/3 = 0.66666… -> 0.6667.
    # Odd count: the median is the middle amount, 0.00.
    result = summarize(soles(A="0.00", B="0.00", C="100.00"))
    assert (result.median, result.gini) == (Decimal("0.00"), Decimal("0.6667"))


def test_odd_count_median_is_the_middle_amount_whatever_the_order():
    # 50, 10, 30 -> sorted 10, 30, 50: the median is 30.00.
    assert summarize(soles(A="50.00", B="10.00", C="30.00")).median == Decimal("30.00")


def test_halves_round_up_not_to_even():
    # 100.00 and 100.01: median = 200.01 / 2 = 100.005 -> 100.01 (half-up; banker's would say 100.00).
    assert summarize(soles(A="100.00", B="100.01")).median == Decimal("100.01")
    # 99.99 and 100.01 (total 200.00): the top member has 100.01 / 200 = 50.005 % -> 50.01 %;
    # Gini = (-99.99 + 100.01) / (2 · 200) = 0.02 / 400 = 0.00005 -> 0.0001 (half-up).
    result = summarize(soles(A="99.99", B="100.01"))
    assert (result.median, result.top10_share, result.gini) == (
        Decimal("100.00"), Decimal("50.01"), Decimal("0.0001"))


def test_eleven_members_top_ten_percent_is_two_members():
    # ceil(11 / 10) = 2 members: nine of 50.00 (450.00) plus 150.00 and 100.00 -> total 700.00;
    # the top two receive 250 / 700 = 35.714285… % -> 35.71 %. Median: sixth of eleven = 50.00.
    amounts = {f"S{i:03}": Decimal("50.00") for i in range(1, 10)}
    amounts.update(S010=Decimal("150.00"), S011=Decimal("100.00"))
    result = summarize(amounts)
    assert (result.members, result.total, result.median, result.top10_share) == (
        11, Decimal("700.00"), Decimal("50.00"), Decimal("35.71"))


def test_nothing_paid_and_no_members():
    # Nobody paid: no share and no Gini to speak of (0), but the members are counted.
    assert summarize(soles(A="0.00", B="0.00")) == Summary(
        members=2, paid=0, total=Decimal("0.00"), median=Decimal("0.00"),
        top10_share=Decimal("0.00"), gini=Decimal("0.0000"))
    assert summarize({}) == Summary(0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.0000"))
    # A single member receives everything, but there is nobody to be unequal with: Gini 0.
    single = summarize(soles(A="80.00"))
    assert (single.median, single.top10_share, single.gini) == (Decimal("80.00"), Decimal("100.00"), Decimal("0.0000"))


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        summarize(soles(A="10.00", B="-0.01"))


# --- compare ---------------------------------------------------------------------------------

INFO = {
    "S001": MemberInfo("S001", "Ana Quispe", "Tambopata", "F", "organico"),
    "S002": MemberInfo("S002", "Bruno Mamani", "Tambopata", "M", "convencional"),
    "S003": MemberInfo("S003", "Carla Huamán", "Inambari", "F", "organico"),
    "S004": MemberInfo("S004", "Diego Condori", "Inambari", "M", "transicion"),
}


def test_criteria_b_moves_fifty_soles_from_tambopata_to_inambari():
    # A: Ana 300, Bruno 200 (Tambopata 500); Carla 250, Diego 250 (Inambari 500).
    # B: Ana 270, Bruno 180 (Tambopata 450, -50); Carla 280, Diego 270 (Inambari 550, +50).
    a = soles(S001="300.00", S002="200.00", S003="250.00", S004="250.00")
    b = soles(S001="270.00", S002="180.00", S003="280.00", S004="270.00")
    result = compare(a, b, INFO)
    assert result.by_zone == (
        GroupTotal("Inambari", Decimal("500.00"), Decimal("550.00"), Decimal("50.00")),
        GroupTotal("Tambopata", Decimal("500.00"), Decimal("450.00"), Decimal("-50.00")),
    )
    # Women: Ana + Carla = 550 in both; men: Bruno + Diego = 450 in both.
    assert result.by_gender == (
        GroupTotal("F", Decimal("550.00"), Decimal("550.00"), Decimal("0.00")),
        GroupTotal("M", Decimal("450.00"), Decimal("450.00"), Decimal("0.00")),
    )
    # convencional: Bruno 200 -> 180; organico: Ana + Carla 550 -> 550; transicion: Diego 250 -> 270.
    assert result.by_certification == (
        GroupTotal("convencional", Decimal("200.00"), Decimal("180.00"), Decimal("-20.00")),
        GroupTotal("organico", Decimal("550.00"), Decimal("550.00"), Decimal("0.00")),
        GroupTotal("transicion", Decimal("250.00"), Decimal("270.00"), Decimal("20.00")),
    )
    assert [(m.code, m.name, m.difference) for m in result.members] == [
        ("S001", "Ana Quispe", Decimal("-30.00")), ("S002", "Bruno Mamani", Decimal("-20.00")),
        ("S003", "Carla Huamán", Decimal("30.00")), ("S004", "Diego Condori", Decimal("20.00"))]
    assert [m.code for m in result.gainers] == ["S003", "S004"]
    assert [m.code for m in result.losers] == ["S001", "S002"]
    assert (result.total_a, result.total_b, result.difference) == (
        Decimal("1000.00"), Decimal("1000.00"), Decimal("0.00"))
    # A sorted 200, 250, 250, 300: median 250.00, top 300/1000 = 30.00 %,
    #   Gini (-3·200 - 250 + 250 + 3·300) / 4000 = 300 / 4000 = 0.0750.
    # B sorted 180, 270, 270, 280: median 270.00, top 280/1000 = 28.00 %,
    #   Gini (-3·180 - 270 + 270 + 3·280) / 4000 = 300 / 4000 = 0.0750.
    assert (result.a.median, result.a.top10_share, result.a.gini) == (
        Decimal("250.00"), Decimal("30.00"), Decimal("0.0750"))
    assert (result.b.median, result.b.top10_share, result.b.gini) == (
        Decimal("270.00"), Decimal("28.00"), Decimal("0.0750"))


def test_gainers_and_losers_order_with_ties_by_code():
    # Everyone had 100.00. In B: S005 and S002 gain 20.00 (tie: S002 first by code), S004 gains
    # 10.00, S001 and S003 lose 25.00 (tie: S001 first), S006 is unchanged and is in neither list.
    a = {f"S00{i}": Decimal("100.00") for i in range(1, 7)}
    b = soles(S001="75.00", S002="120.00", S003="75.00", S004="110.00", S005="120.00", S006="100.00")
    result = compare(a, b, {})
    assert [(m.code, m.difference) for m in result.gainers] == [
        ("S002", Decimal("20.00")), ("S005", Decimal("20.00")), ("S004", Decimal("10.00"))]
    assert [(m.code, m.difference) for m in result.losers] == [
        ("S001", Decimal("-25.00")), ("S003", Decimal("-25.00"))]
    # Only the top two gainers: the tie at 20.00 fills both places, S004 is left out.
    assert [m.code for m in compare(a, b, {}, top=2).gainers] == ["S002", "S005"]
    assert [m.code for m in compare(a, b, {}, top=1).losers] == ["S001"]
    assert compare(a, b, {}, top=0).gainers == ()
    with pytest.raises(ValueError):
        compare(a, b, {}, top=-1)


def test_a_member_missing_from_one_run_counts_as_zero_there():
    # The published run A paid S001 100 and S002 50; the corrected run B drops S002 and adds S003
    # (80.00), a member not yet in the register: name = code, group "" in every grouping.
    a = soles(S001="100.00", S002="50.00")
    b = soles(S001="100.00", S003="80.00")
    result = compare(a, b, {k: INFO[k] for k in ("S001", "S002")})
    assert [(m.code, m.name, m.a, m.b, m.difference) for m in result.members] == [
        ("S001", "Ana Quispe", Decimal("100.00"), Decimal("100.00"), Decimal("0.00")),
        ("S002", "Bruno Mamani", Decimal("50.00"), Decimal("0.00"), Decimal("-50.00")),
        ("S003", "S003", Decimal("0.00"), Decimal("80.00"), Decimal("80.00")),
    ]
    # Totals 150.00 -> 180.00: +30.00 = -50.00 + 80.00.
    assert (result.total_a, result.total_b, result.difference) == (
        Decimal("150.00"), Decimal("180.00"), Decimal("30.00"))
    assert result.by_zone == (
        GroupTotal("", Decimal("0.00"), Decimal("80.00"), Decimal("80.00")),
        GroupTotal("Tambopata", Decimal("150.00"), Decimal("100.00"), Decimal("-50.00")),
    )
    assert [g.group for g in result.by_gender] == ["", "F", "M"]
    # Each run is summarised over its own members: two in each.
    assert (result.a.members, result.b.members) == (2, 2)


# --- properties ------------------------------------------------------------------------------

codes = st.text(alphabet="S0123", min_size=1, max_size=4)
cents = st.one_of(st.just(0), st.integers(min_value=0, max_value=10**9))
amounts = st.dictionaries(codes, cents.map(lambda c: Decimal(c) / 100), max_size=40)
infos = st.dictionaries(
    codes,
    st.tuples(
        st.sampled_from(["", "Tambopata", "Inambari", "Laberinto"]),
        st.sampled_from(["", "F", "M"]),
        st.sampled_from(["organico", "transicion", "convencional"]),
    ),
    max_size=40,
).map(lambda d: {k: MemberInfo(k, f"Socio {k}", z, g, c) for k, (z, g, c) in d.items()})


@settings(max_examples=1000, deadline=None)
@given(amounts, amounts, infos)
def test_differences_and_group_totals_add_up(a, b, info):
    result = compare(a, b, info)
    assert {m.code for m in result.members} == set(a) | set(b)
    assert sum((m.difference for m in result.members), Decimal(0)) == result.total_b - result.total_a
    assert result.difference == sum(b.values(), Decimal(0)) - sum(a.values(), Decimal(0))
    for grouping in (result.by_zone, result.by_gender, result.by_certification):
        assert sum((g.a for g in grouping), Decimal(0)) == result.total_a
        assert sum((g.b for g in grouping), Decimal(0)) == result.total_b
        assert all(g.difference == g.b - g.a for g in grouping)
        assert [g.group for g in grouping] == sorted({g.group for g in grouping})
    assert all(m.difference > 0 for m in result.gainers) and all(m.difference < 0 for m in result.losers)
    assert len(result.gainers) <= 10 and len(result.losers) <= 10


def _gini_by_pairs(values):
    """The mean-difference form, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), exactly."""
    xs = [Fraction(v) for v in values]
    n, total = len(xs), sum(xs, Fraction(0))
    if n < 2 or total == 0:
        return Fraction(0)
    return sum(abs(x - y) for x in xs for y in xs) / (2 * n * total)


@settings(max_examples=1000, deadline=None)
@given(amounts, st.data())
def test_summary_bounds_and_independence_of_order(a, data):
    result = summarize(a)
    assert Decimal(0) <= result.gini <= Decimal(1)
    assert Decimal(0) <= result.top10_share <= Decimal(100)
    assert 0 <= result.paid <= result.members == len(a)
    # Both forms of the Gini coefficient agree (within the half-unit of the last decimal).
    assert abs(Fraction(result.gini) - _gini_by_pairs(a.values())) <= Fraction(1, 20000)
    if a:
        assert min(a.values()) <= result.median <= max(a.values())
    shuffled = dict(data.draw(st.permutations(list(a.items()))))
    assert summarize(shuffled) == result
