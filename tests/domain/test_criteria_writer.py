"""The criteria the forms hold are written back as TOML that reads as the same document:
every example of docs/criteria.md, with rates, factors, primas and the retención."""

import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.criteria_writer import read_document, write_criteria

DOCS = Path(__file__).resolve().parents[2] / "docs" / "criteria.md"
EXAMPLES = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("text", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_every_documented_example_reads_the_same_once_written(text):
    doc = read_document(text)
    written = write_criteria(doc)
    assert tomllib.loads(written, parse_float=Decimal) == doc
    assert read_criteria(written) == read_criteria(text)


def test_the_sections_come_in_the_documents_order_and_values_as_written():
    doc = {"elegibilidad": {"estados": ["activo"], "ingreso_antes_de": date(2026, 1, 1)},
           "fondos": [{"nombre": "Reintegro", "clave": "tarifa", "tarifas": {"CAFE-PERG/*/organico": "23.00"}}],
           "distribucion": {"nombre": 'El "grande"', "monto": "100.00", "reserva_minima": 20,
                            "capitalizacion": Decimal("12.5"), "escalar": True}}
    assert write_criteria(doc) == (
        '[distribucion]\nnombre = "El \\"grande\\""\nmonto = "100.00"\nreserva_minima = 20\n'
        "capitalizacion = 12.5\nescalar = true\n\n"
        '[[fondos]]\nnombre = "Reintegro"\nclave = "tarifa"\n\n[fondos.tarifas]\n"CAFE-PERG/*/organico" = "23.00"\n\n'
        '[elegibilidad]\nestados = ["activo"]\ningreso_antes_de = 2026-01-01\n')


def test_text_that_is_not_toml_has_no_document():
    assert read_document('[distribucion]\nmonto = "1') is None
