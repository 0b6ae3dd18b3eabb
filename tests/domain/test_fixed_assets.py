"""Straight-line depreciation at SUNAT's maximum rates (domain/fixed_assets.py): the monthly
quota rounded down, the last month taking the remainder, the rates as a dated table."""

from datetime import date
from decimal import Decimal as D

from coopdesk.domain import fixed_assets as F


def test_a_computer_at_25_percent_depreciates_75_soles_a_month_for_48_months():
    rows = F.schedule(D("3600.00"), (2026, 3), F.COMPUTO)
    assert len(rows) == 48
    assert {r.amount for r in rows} == {D("75.00")}
    assert (rows[0].period, rows[-1].period) == ("2026-03", "2030-02")
    assert rows[-1].accumulated == D("3600.00") and rows[-1].book_value == D("0.00")


def test_a_building_at_5_percent_takes_20_years():
    rows = F.schedule(D("240000.00"), (2026, 1), F.EDIFICIOS)
    assert F.rate(F.EDIFICIOS, date(2026, 1, 1)).value == D(5)
    assert len(rows) == 240 and rows[0].amount == D("1000.00") and rows[-1].accumulated == D("240000.00")


def test_a_cost_that_does_not_divide_evenly_leaves_the_remainder_to_the_last_month():
    # 1,000.00 × 25 % / 12 = 20.8333…: 20.83 a month (rounded down), 48 × 20.83 = 999.84, a 49th month of 0.16
    rows = F.schedule(D("1000.00"), (2026, 1), F.COMPUTO)
    assert F.quota(D("1000.00"), D(25)) == D("20.83")
    assert [r.amount for r in rows[:48]] == [D("20.83")] * 48
    assert rows[48].amount == D("0.16") and len(rows) == 49
    assert sum(r.amount for r in rows) == D("1000.00")
    # no calendar year passes the maximum rate: 12 × 20.83 = 249.96 ≤ 250.00
    by_year = {}
    for r in rows:
        by_year[r.year] = by_year.get(r.year, D(0)) + r.amount
    assert max(by_year.values()) == D("249.96")


def test_prior_depreciation_and_a_retirement_shorten_the_schedule():
    rows = F.schedule(D("3600.00"), (2026, 3), F.COMPUTO, prior=D("3500.00"))
    assert [(r.period, r.amount) for r in rows] == [("2026-03", D("75.00")), ("2026-04", D("25.00"))]
    assert len(F.schedule(D("3600.00"), (2026, 3), F.COMPUTO, until=(2026, 5))) == 3


def test_the_rates_are_a_dated_table_with_their_source():
    assert F.rate(F.EDIFICIOS, date(2009, 12, 1)).value == D(3)
    assert F.rate(F.EDIFICIOS, date(2010, 1, 1)).value == D(5)
    assert "art. 22" in F.rate(F.VEHICULOS, date(2026, 1, 1)).source
    assert {c: F.rate(c, date(2026, 11, 1)).value for c in (F.VEHICULOS, F.COMPUTO, F.MAQUINARIA, F.OTROS)} == {
        F.VEHICULOS: D(20), F.COMPUTO: D(25), F.MAQUINARIA: D(10), F.OTROS: D(10)}


def test_accounts_groups_and_problems():
    assert F.group_of("3361") == ("68145", "39135") and F.group_of("3321") == ("68141", "39131")
    assert F.group_of("3311") is None
    assert F.default_category("3361") == F.COMPUTO and F.default_category("3341") == F.VEHICULOS
    assert F.default_category("3351") == F.OTROS
    bad = F.AssetInput(" ", "", "3311", date(2027, 1, 1), D("-1"), start=None, paid_from="")
    fields = {p.field for p in F.check_asset(bad, date(2026, 12, 7))}
    assert fields == {"code", "description", "account", "acquired_on", "cost", "paid_from"}
