"""A misspelt grade in the criteria file, through the CLI: exit 2 with the key, its
line, the grade typed and the nearest grades of the product as the book defines
them (its grade tables, its prices and tickets by grade), nothing stored (issue 14)."""

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.cli import main
from coopdesk.core import Book
from coopdesk.domain.quality import Grade, HumidityMethod, QualityStandard
from tests.cli.test_cli_criteria_errors import BASE
from tests.conftest import funded_book
from tests.core.test_distributions import season_of_rosa_and_juan
from tests.people import LOGIN

COFFEE = ("los grados de CAFE-PERG son: ESPECIAL, PRIMERA, SEGUNDA.")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Rosa's and Juan's dry cacao (tickets of grade A, then a grade table A, B, C) and
    a coffee grade table; a refused simulation stores nothing, so one book serves all."""
    path = str(tmp_path_factory.mktemp("grades") / "coop.sqlite")
    book = funded_book(path)
    season_of_rosa_and_juan(book)
    book.prices.set_standard("CACAO-SECO", date(2026, 6, 1), QualityStandard(
        D("7.5"), HumidityMethod.PROPORTIONAL, grades=(Grade("A"), Grade("B"), Grade("C"))))
    book.prices.set_standard("CAFE-PERG", date(2026, 1, 1), QualityStandard(
        grades=(Grade("ESPECIAL"), Grade("PRIMERA"), Grade("SEGUNDA"))))
    book.close()
    return path


RATES = BASE.replace("porcentaje = 100", "porcentaje = 50") + '\n[[fondos]]\nnombre = "Reintegro"\nclave = "tarifa"\n'
# (what is wrong, the file, every line the CLI must print)
CASES = [
    ("a grade to count of one product", BASE.replace("porcentaje = 100", 'porcentaje = 100\nsolo_producto = '
                                                      '["CAFE-PERG"]\nsolo_calidad = ["PRIMRA"]'),
     ["Error: Línea 16, «fondos[0].solo_calidad»: la calidad «PRIMRA» no es un grado de CAFE-PERG (¿quiso decir "
      "PRIMERA?); " + COFFEE]),
    ("a grade to count of every product", BASE.replace("porcentaje = 100", 'porcentaje = 100\nsolo_calidad = ["a"]'),
     ["Error: Línea 15, «fondos[0].solo_calidad»: la calidad «a» no es un grado de ninguno de los productos que "
      "cuenta este fondo (¿quiso decir A?); sus grados son: A, B, C (CACAO-SECO); ESPECIAL, PRIMERA, SEGUNDA "
      "(CAFE-PERG)."]),
    ("a grade in a factor", BASE.replace('clave = "kg"', 'clave = "kg_ponderado"\nsolo_producto = ["CACAO-SECO"]')
     + '[fondos.factores]\n"calidad.A" = 1.1\n"calidad.D" = 0.9\n',
     ["Error: Línea 18, «fondos[0].factores.calidad.D»: la calidad «D» no es un grado de CACAO-SECO; los grados de "
      "CACAO-SECO son: A, B, C."]),
    ("a grade in a rate", RATES + '[fondos.tarifas]\n"CACAO-SECO/A" = "0.50"\n"CACAO-SECO/BB" = "0.40"\n',
     ["Error: Línea 21, «fondos[1].tarifas.CACAO-SECO/BB»: la calidad «BB» no es un grado de CACAO-SECO (¿quiso "
      "decir B?); los grados de CACAO-SECO son: A, B, C."]),
    ("every place at once, each said once", RATES.replace('clave = "kg"', 'clave = "kg"\nsolo_calidad = ["Q"]')
     + '[fondos.tarifas]\n"CAFE-PERG/A" = "0.50"\n"CACAO-SEC/A" = "0.40"\n',
     ["Error: Línea 14, «fondos[0].solo_calidad»: la calidad «Q» no es un grado de ninguno de los productos que "
      "cuenta este fondo; sus grados son: A, B, C (CACAO-SECO); ESPECIAL, PRIMERA, SEGUNDA (CAFE-PERG).",
      "Error: Línea 21, «fondos[1].tarifas.CAFE-PERG/A»: la calidad «A» no es un grado de CAFE-PERG; " + COFFEE,
      "Error: Línea 22, «fondos[1].tarifas.CACAO-SEC/A»: el producto «CACAO-SEC» no existe (¿quiso decir "
      "CACAO-SECO?); los códigos de producto son: CACAO-BABA, CACAO-SECO, CAFE-CEREZA, CAFE-PERG, COPOAZU-FRUTO, "
      "COPOAZU-GRANO, COPOAZU-PULPA."]),
]


@pytest.mark.parametrize("what, text, errors", CASES, ids=[c[0] for c in CASES])
def test_a_misspelt_grade_exits_2_naming_the_key_its_line_and_the_nearest_grade(db, tmp_path, capsys, what, text,
                                                                                 errors):
    criteria = tmp_path / "criterios.toml"
    criteria.write_text(text, encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip().splitlines() == errors
    with Book.open(db, **LOGIN) as book:  # nothing stored
        assert book.distributions.runs() == []


def test_the_grades_written_right_simulate(db, tmp_path, capsys):
    criteria = tmp_path / "criterios.toml"
    criteria.write_text(BASE.replace("porcentaje = 100", 'porcentaje = 100\nsolo_calidad = ["A"]'), encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--json"]) == 0
    assert capsys.readouterr().err == ""
    with Book.open(db, **LOGIN) as book:  # the draft, removed for the other tests
        [draft] = book.distributions.runs()
        book.distributions.discard(draft.number)
