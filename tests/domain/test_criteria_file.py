"""Criteria as the assembly writes them, and docs/criteria.md's example to the céntimo."""

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import EQUAL, KG
from coopdesk.i18n import describe
from tests.domain.test_distribution_engine import member

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
        "Línea 7, «fondos[0].clave»: debe ser kg, kg_ponderado, valor o partes_iguales.",
    ]


def test_a_file_that_is_not_toml_says_where():
    criteria, problems = read_criteria("[distribucion\nmonto = 1")
    assert criteria is None
    assert [describe(p) for p in problems] == [
        "Línea 1, columna 14: el archivo de criterios tiene un error de escritura "
        "(revise corchetes, comillas y signos =)."]


def test_an_english_reader_gets_the_whole_sentence_in_english():
    from coopdesk.i18n import set_language

    _criteria, problems = read_criteria('[distribucion]\nmonto = "diez mil"\n[[fondos]]\nclave = "kg"\nporcentaje = 100\n')
    set_language("en")
    assert describe(problems[0]) == "Line 2, “distribucion.monto”: must be a number."
