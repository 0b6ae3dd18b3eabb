"""Criteria as the assembly writes them, and docs/criteria.md's example to the céntimo."""

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import EQUAL, KG, RATE, SHARE_CAPITAL
from coopdesk.i18n import describe
from tests.domain.test_distribution_engine import member
from tests.domain.test_distribution_features import season

DOC = Path(__file__).resolve().parents[2] / "docs" / "criteria.md"


def worked_example() -> str:
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return blocks[1]


def test_the_documented_example_reproduces_every_figure_to_the_centimo():
    criteria, problems = read_criteria(worked_example())
    assert problems == []
    assert [(p.name, p.key, p.percent) for p in criteria.pots] == [
        ("Retorno por kilos", KG, D(80)), ("Parte igual", EQUAL, D(20))]
    members = [member("S001", "600", debts={"adelantos": D("1000.00"), "prestamos": D("200.00")}),
               member("S002", "300", debts={"insumos": D("2500.00")}),
               member("S003", "100"), member("S004", "500", status="suspendido")]
    result, problems = run(criteria, members)
    assert problems == []
    assert [v for _n, v in result.appropriations] == [D("2000.00"), D("1000.00"), D("500.00")]
    assert [(p.gross, p.net) for p in result.payouts.values()] == [
        (D("3553.34"), D("2353.34")), (D("1993.33"), D("0.00")), (D("953.33"), D("953.33")), (D("0.00"), D("0.00"))]
    assert result.payouts["S002"].deductions[0].remaining_debt == D("506.67")
    assert sum(v for _n, v in result.appropriations) + sum(p.gross for p in result.payouts.values()) == D("10000.00")


def test_the_format_reference_block_is_itself_valid():
    criteria, problems = read_criteria(re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]
                                       .replace('"..."', '"Ejemplo"'))
    assert problems == []
    assert criteria.pots[0].factors == {("certification", "organico"): D("1.5"), ("grade", "B"): D("0.8"),
                                        ("product", "CACAO-BABA"): D("0.33")}
    assert criteria.eligibility.joined_before == date(2026, 1, 1)


def test_mistakes_are_all_reported_with_their_key_and_line():
    text = """[distribucion]
monto = "diez mil"
base_porcentajes = "proporcional"

[[fondos]]
nombre = "Retorno"
clave = "toneladas"
porcentaje = 100
"""
    criteria, problems = read_criteria(text)
    assert criteria is None
    assert [describe(p) for p in problems] == [
        "Línea 2, «distribucion.monto»: debe ser un número.",
        "Línea 3, «distribucion.base_porcentajes»: debe ser «bruto» o «secuencial».",
        "Línea 7, «fondos[0].clave»: debe ser kg, kg_ponderado, valor, partes_iguales, tarifa, aportaciones o "
        "puntos.",
    ]


def test_a_file_that_is_not_toml_says_where():
    criteria, problems = read_criteria("[distribucion\nmonto = 1")
    assert criteria is None
    assert [describe(p) for p in problems] == [
        "Línea 1, columna 14, «distribucion»: el encabezado de la sección no está bien cerrado: escriba "
        "[distribucion] con un corchete a cada lado, o [[fondos]] con dos."]


def test_an_english_reader_gets_the_whole_sentence_in_english():
    from coopdesk.i18n import set_language

    _criteria, problems = read_criteria('[distribucion]\nmonto = "diez mil"\n[[fondos]]\nclave = "kg"\nporcentaje = 100\n')
    set_language("en")
    assert describe(problems[0]) == "Line 2, “distribucion.monto”: must be a number."


def test_the_second_documented_example_reproduces_every_figure_to_the_centimo():
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    criteria, problems = read_criteria(blocks[2])
    assert problems == []
    cafe = "CAFE-PERG"
    members = [
        season("S001", (cafe, "A", "organico", "920"), aportaciones=D("1500.00"), debts={"adelantos": D("1000.00")},
               income_before=D("164000.00")),
        season("S002", (cafe, "A", "convencional", "460"), aportaciones=D("3000.00"), debts={"insumos": D("2500.00")}),
        season("S003", (cafe, "A", "organico", "460"), aportaciones=D("400.00")),
        season("S004", (cafe, "A", "organico", "460"), aportaciones=D("900.00"), in_good_standing=False),
    ]
    result, problems = run(criteria, members)
    assert problems == []
    assert (result.loss_compensation, result.to_members) == (D("2000.00"), D("7000.00"))
    assert result.appropriations == (("Reserva Cooperativa", D("2000.00")), ("Fondo de Educación", D("1000.00")))
    reintegro, interest, kilos = result.pots
    codes = ("S001", "S002", "S003", "S004")
    assert [reintegro.shares[c].amount for c in codes] == [D("460.00"), D("115.00"), D("230.00"), D("0.00")]
    assert [interest.shares[c].amount for c in codes] == [D("75.00"), D("100.00"), D("20.00"), D("0.00")]
    assert [kilos.shares[c].amount for c in codes] == [D("3000.00"), D("1500.00"), D("1500.00"), D("0.00")]
    assert (reintegro.amount, interest.amount, kilos.amount, result.not_in_pots) == (
        D("805.00"), D("195.00"), D("6000.00"), D("0.00"))
    [premium] = result.streams  # the organic differential is income inside monto, never a stream of its own
    assert (premium.to_fund, premium.fund, premium.to_members) == (D("2400.00"), "Plan de la Prima", D("600.00"))
    assert [premium.pots[0].shares[c].amount for c in codes] == [D("300.00"), D("150.00"), D("150.00"), D("0.00")]
    assert (result.uit, result.withholding_threshold) == (D(5500), D(165000))
    rosa, juan, pedro, carmen = (result.payouts[c] for c in codes)
    assert (rosa.gross, rosa.capitalised, rosa.withheld, rosa.deducted, rosa.net) == (
        D("3835.00"), D("300.00"), D("42.53"), D("1042.53"), D("2492.47"))
    assert (juan.gross, juan.capitalised, juan.withheld, juan.net) == (D("1865.00"), D("150.00"), D("0"), D("0.00"))
    assert juan.deductions[0].remaining_debt == D("785.00")
    assert (pedro.gross, pedro.capitalised, pedro.net) == (D("1900.00"), D("150.00"), D("1750.00"))
    assert (carmen.eligible, carmen.gross) == (False, D("0.00"))
    gross = sum(p.gross for p in result.payouts.values())
    assert gross == D("7600.00")
    assert (result.loss_compensation + sum(v for _n, v in result.appropriations) + result.to_funds + gross
            == result.total_amount == D("15000.00"))


def test_the_format_reference_reads_every_new_key():
    criteria, problems = read_criteria(re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]
                                       .replace('"..."', '"Ejemplo"'))
    assert problems == []
    kilos, reintegro, interest = criteria.pots
    assert (kilos.cap, kilos.only_products, kilos.only_grades, kilos.only_certifications) == (
        D(5000), ("CAFE-PERG", "CACAO-SECO"), ("A", "B"), ("organico", "transicion", "convencional"))
    assert (reintegro.key, reintegro.unit, reintegro.rated) == (RATE, "quintal", True)
    assert reintegro.rates == {"CAFE-PERG/*/organico": D("23.00"), "CAFE-PERG/*/*": D("11.50")}
    assert (interest.key, interest.interest_percent, interest.cap) == (SHARE_CAPITAL, D(5), D("2000.00"))
    premium, = criteria.streams
    assert (premium.name, premium.amount, premium.fund, premium.members_percent) == (
        "Prima de Comercio Justo", D("3000.00"), "Plan de la Prima", D(20))
    assert [p.name for p in premium.pots] == ["Prima por kilo"]
    assert (criteria.distribution_date, criteria.loss_compensation, criteria.capitalisation_percent,
            criteria.capitalisation_pots, criteria.max_interest_percent) == (
        date(2026, 3, 15), D("0.00"), D(10), ("Retorno por kilos",), D(6))
    assert criteria.eligibility.good_standing is True
    w = criteria.withholding
    assert (w.percent, w.threshold_uit, w.pots) == (D("1.5"), D(30), ("Reintegro café", "Retorno por kilos",
                                                                       "Prima por kilo"))
    assert (w.uit[2026], w.uit[2027]) == (D(5500), D("5600.00"))


def test_without_a_retencion_section_nothing_is_withheld():
    criteria, problems = read_criteria(worked_example())
    assert (problems, criteria.withholding, criteria.streams, criteria.capitalisation_percent) == ([], None, (), 0)


def test_mistakes_in_the_new_keys_are_all_reported_with_their_key_and_line():
    text = """[distribucion]
monto = "1000.00"
capitalisacion = 10
orden_descuentos = ["retencion"]

[[fondos]]
nombre = "Reintegro"
clave = "tarifa"
unidad = "arroba"
solo_certificacion = "organico"

[fondos.tarifas]
"CAFE/A/organico/extra" = "0.50"
"CAFE" = "cincuenta"

[[primas]]
nombre = "Prima"
destino = "Plan"

[[primas.fondos]]
nombre = "Prima por kilo"
clave = "kilos"
porcentaje = 100

[elegibilidad]
al_dia = "si"

[retencion]
umbral = 30

[retencion.uit]
dosmil = 5000
"""
    criteria, problems = read_criteria(text)
    assert criteria is None
    assert [describe(p) for p in problems] == [
        "Línea 3, «distribucion.capitalisacion»: esta clave no se conoce; revise cómo está escrita.",
        "Línea 4, «distribucion.orden_descuentos»: la retención es siempre el primer descuento: quítela de esta "
        "lista.",
        "Línea 13, «fondos[0].tarifas.CAFE/A/organico/extra»: una tarifa se escribe PRODUCTO, PRODUCTO/CALIDAD o "
        "PRODUCTO/CALIDAD/CERTIFICACION, con * para cualquiera (por ejemplo \"CAFE-PERG/*/organico\").",
        "Línea 14, «fondos[0].tarifas.CAFE»: debe ser un número.",
        "Línea 9, «fondos[0].unidad»: debe ser «kg» o «quintal» (46 kg).",
        "Línea 10, «fondos[0].solo_certificacion»: debe ser una lista de textos entre comillas, como "
        "[\"uno\", \"dos\"].",
        "Línea 16, «primas[0].monto»: falta este dato.",
        "Línea 22, «primas[0].fondos[0].clave»: debe ser kg, kg_ponderado, valor, partes_iguales, tarifa, "
        "aportaciones o puntos.",
        "Línea 26, «elegibilidad.al_dia»: debe ser true o false.",
        "Línea 29, «retencion.umbral»: esta clave no se conoce; revise cómo está escrita.",
        "Línea 32, «retencion.uit.dosmil»: el año se escribe con cuatro cifras, como 2026.",
        # what the criteria break as a whole is said too, not hidden behind the keys' own mistakes
        "Línea 16, «primas[0].porcentaje_socios»: «Prima» tiene fondos para los socios, pero su porcentaje para "
        "los socios es 0.",
        "Línea 1, «distribucion.fecha»: la retención necesita la fecha de la distribución, para saber qué UIT usar.",
    ]


def test_sections_written_the_wrong_way_or_unknown_are_reported_at_their_header():
    text = """[distribucion]
monto = "100.00"
[fondos]
clave = "kg"
[[elegibilidad]]
estados = ["activo"]
[capitalizacion]
porcentaje = 10
"""
    _criteria, problems = read_criteria(text)
    assert [describe(p) for p in problems] == [
        "Línea 7, «capitalizacion»: esta clave no se conoce; revise cómo está escrita.",
        "Línea 3, «fondos»: debe escribirse como secciones con doble corchete, [[así]].",
        "Línea 5, «elegibilidad»: debe escribirse como una sección [así].",
    ]
