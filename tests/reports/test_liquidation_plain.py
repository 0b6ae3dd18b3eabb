"""A member can read their liquidation alone (issue 15, item 2): it starts with
the whole in plain words, a chart of where the remanente went, what each
delivery comes to per kilo, and a glossary of the words it uses; no «kilos
ponderados», «base», four-decimal percentages or rounding sentence.

Read back with pdftotext (``-layout``: a row of figures is a line), and every
figure compared with the engine's (the core's explanation of the share).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest

from coopdesk.core.liquidations import MemberPart, _for_member
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import DeliveryTotal, MemberSeason
from coopdesk.domain.distribution.per_kilo import per_kilo, rate_places
from coopdesk.reports.liquidation_pdf import render_liquidation, render_liquidations
from coopdesk.reports.liquidation_view import _all_pots, _criteria_pots
from tests.reports.test_layout import members
from tests.reports.test_liquidation_pdf import JOINED, context, member, pages_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")

AMOUNT = r"-?S/\s?[\d,]+\.\d{2}"
# a delivery row: ... kilos, value, per kilo, amount (the last four figures of the line)
ROW = re.compile(r"([\d,]+\.\d{2,3})\s+(S/\s?[\d,]+\.\d{2})\s+S/\s?([\d,]+\.\d+)\s+S/\s?([\d,]+\.\d{2})\s*$")


def layout_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8").replace("\u00a0", " ")


def number(text: str) -> D:
    return D(text.replace("S/", "").replace(",", "").strip())


def render(ctx, part: MemberPart) -> bytes:
    out = io.BytesIO()
    render_liquidation(ctx, part.member, part.season, part.result, out, part.code)
    return out.getvalue()


# ------------------------------------------------------------------ the rate per kilo


def test_rate_places_makes_the_printed_product_true():
    # 533.33 ÷ 200 kg = 2.66665: 2.67 × 200 = 534.00, 2.6667 × 200 = 533.34, 2.66665 × 200 = 533.33
    assert rate_places(D("200"), D("533.33")) == 5
    assert rate_places(D("1000"), D("5200.00")) == 2
    for kg, amount in ((D("0.001"), D("0.01")), (D("249999.999"), D("12345.67")), (D("7"), D("0.00"))):
        places = rate_places(kg, amount)
        rate = (amount / kg).quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
        assert (rate * kg).quantize(D("0.01"), rounding=ROUND_HALF_UP) == amount


@pytest.mark.parametrize("seed", [3, 11])
def test_every_printed_rate_times_its_kilos_is_its_amount_and_they_add_up_to_the_core(seed):
    """Random members (many products and grades, large and small weights):
    each delivery row's «Por kilo» × «Kilos», rounded to the céntimo, is its
    «Le toca» as printed; the rows and the parts not paid by the kilo add up to
    the engine's gross, to the céntimo."""
    ctx, parts, _padron, result = members(seed, 12)
    checked = 0
    for part in parts:
        payout = result.payouts[part.member.code]
        if not payout.eligible or not payout.gross:
            continue
        text = layout_text(render(ctx, part))
        rows = [ROW.search(line) for line in text.splitlines()]
        rows = [m for m in rows if m]
        assert len(rows) == len(part.season.deliveries), part.member.code
        total = D(0)
        for m in rows:
            kg, rate, amount = number(m.group(1)), D(m.group(3).replace(",", "")), number(m.group(4))
            assert (rate * kg).quantize(D("0.01"), rounding=ROUND_HALF_UP) == amount, m.group(0)
            total += amount
        assert len({len(m.group(3).split(".")[1]) for m in rows}) == 1  # one number of decimals: points line up
        lines, others = per_kilo(_all_pots(result), _criteria_pots(ctx.criteria), part.season, part.member.code)
        assert total + sum((o.amount for o in others), D(0)) == payout.gross
        assert sorted(k.amount for k in lines) == sorted(number(m.group(4)) for m in rows)
        assert f"Total de su parte (bruto)" in text and f"S/ {payout.gross:,.2f}" in text
        checked += 1
    assert checked >= 8


def test_the_lines_of_a_pot_paid_by_value_split_its_amount_to_the_centimo():
    """A pot by value: each line gets the member's amount in proportion to what
    it was worth (largest remainder), so the lines give exactly the share."""
    ctx, parts, _padron, result = members(5, 6)
    for part in parts:
        lines, others = per_kilo(_all_pots(result), _criteria_pots(ctx.criteria), part.season, part.member.code)
        shares = sum((p.shares[part.member.code].amount for p in result.pots if part.member.code in p.shares),
                     D(0))
        assert sum((k.amount for k in lines), D(0)) + sum((o.amount for o in others), D(0)) == shares


# ------------------------------------------------------------------ plain words


WEIGHTED = """
[distribucion]
nombre = "Excedentes 2026"
monto = "9000.00"
orden_descuentos = ["adelantos", "insumos"]

[[apropiaciones]]
nombre = "Reserva Cooperativa"
porcentaje = 20
reserva = true

[[apropiaciones]]
nombre = "Fondo de Educación"
porcentaje = 10

[[fondos]]
nombre = "Retorno por kilos"
clave = "kg_ponderado"
porcentaje = 100

[fondos.factores]
"producto.CACAO-SECO" = 1
"producto.CACAO-BABA" = 0.33
"calidad.B" = 0.8
"""


def weighted_run():
    criteria, problems = read_criteria(WEIGHTED)
    assert problems == []
    seasons = [
        MemberSeason("S001", "activo", JOINED, (DeliveryTotal("CACAO-SECO", "A", "organico", D("450"), D("8325.00")),
                                                DeliveryTotal("CACAO-BABA", "B", "organico", D("300"), D("1290.00"))),
                     {"adelantos": D("150.00")}),
        MemberSeason("S002", "activo", JOINED, (DeliveryTotal("CACAO-SECO", "A", "convencional", D("700"),
                                                              D("12950.00")),), {"insumos": D("80.00")}),
    ]
    result, problems = run(criteria, seasons)
    assert problems == []
    ctx = replace(context(), criteria=criteria, members_sharing=2,
                  products={"CACAO-SECO": "Cacao grano seco", "CACAO-BABA": "Cacao en baba"})
    return ctx, {s.code: s for s in seasons}, result


def test_weighted_kilos_are_kilos_that_count_and_the_glossary_says_what_that_is():
    ctx, seasons, result = weighted_run()
    part = MemberPart(member("S001"), seasons["S001"], _for_member(result, "S001"))
    text = " ".join(pages_text(render(ctx, part)))
    # the engine: S001 450 + 300 × 0.33 × 0.8 = 529.2 kg that count; S002 700; the pot 6,300.00
    share = result.pots[0].shares["S001"]
    assert share.basis == D("529.200") and result.pots[0].amount == D("6300.00")
    assert f"S/ {share.amount:,.2f}" in text
    assert "Cada kilo cuenta como Kilos que cuentan" in text
    assert "Según su producto, calidad y certificación, sus kilos cuentan como 529.20 kg que cuentan de " \
           "1,229.20 kg que cuentan de todos los socios" in text
    assert "Kilos que cuentan: sus kilos según su producto, calidad y certificación" in text
    assert "Insumos:" not in text  # S001 owed no insumos: the glossary has only the words this paper uses
    assert "Adelanto: dinero que la cooperativa le dio antes y que usted debe devolver." in text


@pytest.mark.parametrize("code", ["S001", "S002"])
def test_no_jargon_reaches_the_member(code):
    ctx, seasons, result = weighted_run()
    part = MemberPart(member(code), seasons[code], _for_member(result, code))
    text = " ".join(pages_text(render(ctx, part)))
    assert "ponderad" not in text.lower()
    assert not re.search(r"\bbase\b", text.lower())
    assert not re.search(r"\d\.\d{4}\s?%", text)  # no «0.3068 %»
    assert "Redondeo" not in text and "redondeado" not in text


def test_the_summary_and_the_chart_are_the_engines_figures():
    """«Usted entregó X kg; la cooperativa repartió S/ Y entre N socios; a usted
    le tocan S/ Z porque…»: X, Y, N, Z and the net are the run's, and the chart
    has the Reserva, the fund and the members with their amounts."""
    ctx, seasons, result = weighted_run()
    payout = result.payouts["S002"]
    shared = sum((s.amount for p in result.pots for s in p.shares.values()), D(0))
    assert shared == D("6300.00")
    part = MemberPart(member("S002"), seasons["S002"], _for_member(result, "S002"))
    text = " ".join(pages_text(render(ctx, part)))
    assert (f"Usted entregó 700.00 kg (cacao grano seco). La cooperativa repartió S/ 6,300.00 entre 2 socios. "
            f"A usted le tocan S/ {payout.gross:,.2f} porque sus kilos cuentan como 700.00 kg que cuentan de los "
            f"1,229.20 kg que cuentan de todos («Retorno por kilos»: S/ {payout.gross:,.2f}). De eso, se descuenta "
            f"S/ 80.00 que usted debía (insumos al crédito). Usted recibe S/ {payout.net:,.2f}.") in text
    assert "A dónde fue el remanente de S/ 9,000.00 S/ 6,300.00 S/ 900.00 S/ 1,800.00 Los socios Fondo de " \
           "Educación Reserva Cooperativa" in text
    assert f"NETO A PAGAR S/ {payout.net:,.2f}" in text


def test_a_member_who_takes_no_part_reads_why_at_the_top():
    from tests.reports.test_liquidation_pdf import part as worked_part

    p = worked_part("S004")
    text = " ".join(pages_text(render(context(), p)))
    assert ("En pocas palabras Usted entregó 500.00 kg (cacao grano seco). La cooperativa repartió S/ 6,500.00 "
            "entre 3 socios. Usted no participa en esta distribución porque su estado de socio es «Suspendido». "
            "Usted recibe S/ 0.00.") in text
    assert "Por kilo" not in text  # nothing to divide by the kilo


def test_the_chart_is_drawn_with_reportlabs_bar_chart_and_embeds_its_fonts():
    from coopdesk.reports.liquidation_pdf import where_chart
    from coopdesk.reports.liquidation_view import Bar
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from tests.reports.pdf_layout import unembedded_fonts

    drawing = where_chart("A dónde fue el remanente", (Bar("Reserva Cooperativa", D("2000.00"), "S/ 2,000.00"),
                                                       Bar("Los socios", D("6500.00"), "S/ 6,500.00")), "", 220)
    assert any(isinstance(c, HorizontalBarChart) for c in drawing.contents)
    ctx, seasons, result = weighted_run()
    out = io.BytesIO()
    render_liquidations(ctx, [MemberPart(member(c), seasons[c], _for_member(result, c)) for c in seasons], out)
    assert unembedded_fonts(out.getvalue()) == set()
