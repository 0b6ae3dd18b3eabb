"""A grade the criteria name is one of its products' grades (issue 14): a misspelt
grade in ``solo_calidad``, in a ``calidad.`` factor or in a rate by grade would pay
nothing, in silence; it is refused naming the key, its line, the grade typed and
the nearest grades of the product, every mistake once, none hiding another."""

from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.i18n import describe

PRODUCTS = ("CACAO-SECO", "CAFE-PERG", "COPOAZU-PULPA")
GRADES = {"CACAO-SECO": ("A", "B", "C"), "CAFE-PERG": ("ESPECIAL", "PRIMERA", "SEGUNDA"), "COPOAZU-PULPA": ()}

# lines:        1               2                          3
HEAD = '[distribucion]\nnombre = "Excedentes 2026"\nmonto = "1000.00"\n\n'


def problems_of(pot: str) -> list[str]:
    # the pot starts at line 5: [[fondos]] 5, nombre 6, clave 7, porcentaje 8, the key under test 9...
    text = HEAD + '[[fondos]]\nnombre = "Fondo"\n' + pot
    criteria, problems = read_criteria(text, products=PRODUCTS, grades=GRADES)
    assert (criteria is None) == bool(problems)
    return [describe(p) for p in problems]


def test_a_misspelt_grade_to_count_names_the_nearest_grade_of_its_product():
    assert problems_of('clave = "kg"\nporcentaje = 100\nsolo_producto = ["CAFE-PERG"]\n'
                       'solo_calidad = ["PRIMRA", "ESPECIAL"]\n') == [
        "Línea 10, «fondos[0].solo_calidad»: la calidad «PRIMRA» no es un grado de CAFE-PERG (¿quiso decir "
        "PRIMERA?); los grados de CAFE-PERG son: ESPECIAL, PRIMERA, SEGUNDA."]


def test_a_grade_to_count_in_small_letters_is_not_the_grade():
    assert problems_of('clave = "kg"\nporcentaje = 100\nsolo_producto = ["CACAO-SECO"]\nsolo_calidad = ["a"]\n') == [
        "Línea 10, «fondos[0].solo_calidad»: la calidad «a» no es un grado de CACAO-SECO (¿quiso decir A?); los "
        "grados de CACAO-SECO son: A, B, C."]


def test_a_grade_to_count_of_no_product_names_every_products_grades():
    assert problems_of('clave = "kg"\nporcentaje = 100\nsolo_calidad = ["D", "SEGUNDA"]\n') == [
        "Línea 9, «fondos[0].solo_calidad»: la calidad «D» no es un grado de ninguno de los productos que cuenta "
        "este fondo; sus grados son: A, B, C (CACAO-SECO); ESPECIAL, PRIMERA, SEGUNDA (CAFE-PERG)."]


def test_a_misspelt_grade_in_a_factor():
    assert problems_of('clave = "kg_ponderado"\nporcentaje = 100\nsolo_producto = ["CACAO-SECO"]\n'
                       '[fondos.factores]\n"calidad.A" = 1.2\n"calidad.AA" = 1.5\n') == [
        "Línea 12, «fondos[0].factores.calidad.AA»: la calidad «AA» no es un grado de CACAO-SECO (¿quiso decir "
        "A?); los grados de CACAO-SECO son: A, B, C."]


def test_a_misspelt_grade_in_a_factor_of_every_product():
    assert problems_of('clave = "kg_ponderado"\nporcentaje = 100\n[fondos.factores]\n"calidad.SEGNDA" = 0.9\n') == [
        "Línea 10, «fondos[0].factores.calidad.SEGNDA»: la calidad «SEGNDA» no es un grado de ninguno de los "
        "productos que cuenta este fondo (¿quiso decir SEGUNDA?); sus grados son: A, B, C (CACAO-SECO); ESPECIAL, "
        "PRIMERA, SEGUNDA (CAFE-PERG)."]


def test_a_misspelt_grade_in_a_rate_is_checked_against_that_rates_product():
    assert problems_of('clave = "tarifa"\n[fondos.tarifas]\n"CACAO-SECO/A" = "0.50"\n"CAFE-PERG/A" = "0.80"\n'
                       '"CAFE-PERG/SEGUNDA/organic" = "0.30"\n"*/ESPECIAL" = "0.10"\n') == [
        "Línea 10, «fondos[0].tarifas.CAFE-PERG/A»: la calidad «A» no es un grado de CAFE-PERG; los grados de "
        "CAFE-PERG son: ESPECIAL, PRIMERA, SEGUNDA.",
        "Línea 11, «fondos[0].tarifas.CAFE-PERG/SEGUNDA/organic»: la certificación «organic» no existe (¿quiso "
        "decir organico?); las certificaciones son: organico, transicion, convencional."]


def test_a_wrong_grade_and_a_wrong_certification_in_one_rate_are_both_said():
    assert problems_of('clave = "tarifa"\n[fondos.tarifas]\n"CAFE-PERG/PRIMRA/organic" = "0.30"\n') == [
        "Línea 9, «fondos[0].tarifas.CAFE-PERG/PRIMRA/organic»: la calidad «PRIMRA» no es un grado de CAFE-PERG "
        "(¿quiso decir PRIMERA?); los grados de CAFE-PERG son: ESPECIAL, PRIMERA, SEGUNDA.",
        "Línea 9, «fondos[0].tarifas.CAFE-PERG/PRIMRA/organic»: la certificación «organic» no existe (¿quiso "
        "decir organico?); las certificaciones son: organico, transicion, convencional."]


def test_every_mistake_is_said_once_none_hiding_another():
    said = problems_of('clave = "kg"\nporcentaje = 100\nsolo_producto = ["CACAO-SEC"]\nsolo_calidad = ["X"]\n'
                       'solo_certificacion = ["organic"]\n')
    assert [s.split(":")[0] for s in said] == [
        "Línea 9, «fondos[0].solo_producto»", "Línea 10, «fondos[0].solo_calidad»",
        "Línea 11, «fondos[0].solo_certificacion»"]
    assert len(said) == len(set(said))


def test_grades_are_not_checked_when_the_book_does_not_know_them():
    text = HEAD + '[[fondos]]\nnombre = "Fondo"\nclave = "kg"\nporcentaje = 100\nsolo_calidad = ["Z"]\n'
    assert read_criteria(text, products=PRODUCTS)[1] == []  # a run computed before keeps reading
    # a product with no grade table, price or ticket by grade yet: nothing to check against
    pulp = text.replace('solo_calidad', 'solo_producto = ["COPOAZU-PULPA"]\nsolo_calidad')
    assert read_criteria(pulp, products=PRODUCTS, grades=GRADES)[1] == []
