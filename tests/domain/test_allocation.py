"""Largest-remainder allocation: a pot is divided to the céntimo and nothing is lost."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopdesk.domain.distribution.allocation import allocate


def test_three_members_share_one_hundred_soles_by_kilos():
    # 100.00 among 1, 1 and 1 kg: 33.333… each; the leftover céntimo goes by the tie-break
    # (equal remainder, equal basis) to the smallest code.
    result = allocate(Decimal("100.00"), {"S003": Decimal(1), "S001": Decimal(1), "S002": Decimal(1)})
    assert {k: s.amount for k, s in result.shares.items()} == {
        "S001": Decimal("33.34"), "S002": Decimal("33.33"), "S003": Decimal("33.33")}
    assert result.shares["S001"].exact == Fraction(100, 3)


def test_a_worked_example_by_hand():
    # S/ 1,000.00 for 120.1, 60 and 19.9 kg (200 kg): 600.50, 300.00 and 99.50 exactly.
    result = allocate(Decimal("1000.00"), {"A": Decimal("120.1"), "B": Decimal("60"), "C": Decimal("19.9")})
    assert [result.shares[k].amount for k in "ABC"] == [Decimal("600.50"), Decimal("300.00"), Decimal("99.50")]


def test_the_largest_remainder_gets_the_leftover_centimo():
    # 10.00 by 2, 3, 4 kg: exact 2.2222, 3.3333, 4.4444 -> floors 2.22, 3.33, 4.44 = 9.99;
    # remainders .22, .33, .44 of a céntimo: the 4 kg member gets the last céntimo.
    result = allocate(Decimal("10.00"), {"a": Decimal(2), "b": Decimal(3), "c": Decimal(4)})
    assert [result.shares[k].amount for k in "abc"] == [Decimal("2.22"), Decimal("3.33"), Decimal("4.45")]


def test_nobody_with_a_basis_leaves_the_whole_amount_unallocated():
    result = allocate(Decimal("50.00"), {"a": Decimal(0), "b": Decimal(0)})
    assert (result.allocated, result.unallocated) == (Decimal("0.00"), Decimal("50.00"))


def test_negative_bases_and_fractions_of_a_centimo_are_refused():
    with pytest.raises(ValueError):
        allocate(Decimal("10.00"), {"a": Decimal(-1)})
    with pytest.raises(ValueError):
        allocate(Decimal("10.005"), {"a": Decimal(1)})


amounts = st.integers(min_value=0, max_value=10**10).map(lambda c: Decimal(c) / 100)
bases = st.dictionaries(
    st.text(alphabet="S0123456789", min_size=1, max_size=6),
    st.one_of(st.just(Decimal(0)), st.integers(min_value=0, max_value=10**9).map(lambda g: Decimal(g) / 1000)),
    min_size=1, max_size=60,
)


@settings(max_examples=1000)
@given(amounts, bases)
def test_parts_always_sum_to_the_whole_and_stay_within_a_centimo(total, basis):
    result = allocate(total, basis)
    assert result.allocated + result.unallocated == total
    if result.total_basis > 0:
        assert result.unallocated == 0
    for key, share in result.shares.items():
        assert abs(Fraction(share.amount) - share.exact) < Fraction(1, 100)
        if basis[key] == 0:
            assert share.amount == 0
        assert share.amount >= 0


@settings(max_examples=1000)
@given(amounts, bases, st.randoms(use_true_random=False))
def test_the_same_input_in_any_order_gives_the_same_result(total, basis, rnd):
    items = list(basis.items())
    rnd.shuffle(items)
    assert allocate(total, dict(items)).shares == allocate(total, basis).shares


@settings(max_examples=1000)
@given(amounts, bases)
def test_a_larger_basis_never_gets_less(total, basis):
    shares = allocate(total, basis).shares
    for a in basis:
        for b in basis:
            if basis[a] > basis[b]:
                assert shares[a].amount >= shares[b].amount
