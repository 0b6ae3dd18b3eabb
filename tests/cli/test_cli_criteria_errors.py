"""Malformed criteria files through the CLI: each one exits 2 with a Spanish message
naming the key and its line, every mistake said once, none hiding another, and
nothing stored (issue 14, the criteria file's own messages)."""

import json

import pytest

from coopdesk.cli import main
from coopdesk.core import Book
from tests.cli.test_cli_distribution import setup
from tests.people import LOGIN

# lines:        1               2                          3                  4
BASE = ('[distribucion]\nnombre = "Excedentes 2026"\nmonto = "1000.00"\nreserva_minima = 20\n\n'
        # 6                    7                              8                 9
        '[[apropiaciones]]\nnombre = "Reserva Cooperativa"\nporcentaje = 20\nreserva = true\n\n'
        # 11          12                            13             14
        '[[fondos]]\nnombre = "Retorno por kilos"\nclave = "kg"\nporcentaje = 100\n')
SECOND_POT = '\n[[fondos]]\nnombre = "Parte igual"\nclave = "partes_iguales"\nporcentaje = 30\n'  # lines 16-19
PRODUCTS = ("los códigos de producto son: CACAO-BABA, CACAO-SECO, CAFE-CEREZA, CAFE-PERG, COPOAZU-FRUTO, "
            "COPOAZU-GRANO, COPOAZU-PULPA")


def edit(old, new, text=BASE):
    assert old in text
    return text.replace(old, new, 1)


# (what is wrong, the file, the key named, its line, a fragment the message must carry)
CASES = [
    ("closing quote deleted", edit('monto = "1000.00"', 'monto = "1000.00'), "monto", "3, columna 17",
     'así: "1000.00"'),
    ("closing quote deleted before a comment", edit('monto = "1000.00"', 'monto = "1000.00   # del acta 12'),
     "monto", "3, columna 17", 'así: "1000.00"'),
    ("opening quote deleted", edit('monto = "1000.00"', 'monto = 1000.00"'), "monto", "3, columna 9",
     "falta una comilla"),
    ("quote deleted in a name", edit('nombre = "Retorno por kilos"', 'nombre = "Retorno por kilos'), "nombre",
     "12, columna 28", 'así: "Retorno por kilos"'),
    ("no sign =", edit('clave = "kg"', 'clave "kg"'), "clave", "13, columna 7", "falta el signo ="),
    ("a word without quotes", edit('clave = "kg"', "clave = kg"), "clave", "13, columna 9", "entre comillas"),
    ("a header not closed", edit("[[fondos]]", "[[fondos]"), "fondos", "11, columna 10", "no está bien cerrado"),
    ("a key written twice", BASE + "porcentaje = 90\n", "porcentaje", "15, columna 1", "(línea 14)"),
    ("a decimal comma", edit('monto = "1000.00"', "monto = 1000,00"), "monto", "3, columna 13", "coma decimal"),
    ("a list never closed", edit("reserva_minima = 20", 'orden_descuentos = ["adelantos"'),
     "orden_descuentos", "4, columna 20", "no se cierra"),
    ("an empty file", "", "distribucion", "1", "falta la sección [distribucion]"),
    ("pots over 100 %", BASE + SECOND_POT, "fondos[1].porcentaje", "19", "suman 130 %"),
    ("appropriations over 100 %", edit("[[fondos]]", '[[apropiaciones]]\nnombre = "Educación"\nporcentaje = 90\n\n'
                                                     "[[fondos]]"),
     "apropiaciones[1].porcentaje", "13", "suman 110 %"),
    ("a negative amount", edit('monto = "1000.00"', 'monto = "-5.00"'), "distribucion.monto", "3",
     "no puede ser menor que cero (-5.00)"),
    ("three decimals", edit('monto = "1000.00"', 'monto = "1000.005"'), "distribucion.monto", "3",
     "más de dos decimales (1000.005)"),
    ("a negative pot amount", edit("porcentaje = 100", 'monto = "-1.00"'), "fondos[0].monto", "14",
     "no puede ser menor que cero (-1.00)"),
    ("three decimals in an appropriation", edit("porcentaje = 20", 'monto = "200.005"'), "apropiaciones[0].monto",
     "8", "más de dos decimales (200.005)"),
    ("a Reserva below the floor", edit("porcentaje = 20", "porcentaje = 10"), "apropiaciones[0].porcentaje", "8",
     "menos del mínimo de 20 %"),
    ("reserva_minima below the law", edit("reserva_minima = 20", "reserva_minima = 10"),
     "distribucion.reserva_minima", "4", "no puede ser menos del 20 %"),
    ("a pot name repeated", BASE.replace("porcentaje = 100", "porcentaje = 50")
     + SECOND_POT.replace("Parte igual", "Retorno por kilos").replace("30", "50"), "fondos[1].nombre", "17",
     "está repetido"),
    ("an appropriation name repeated", edit("[[fondos]]", '[[apropiaciones]]\nnombre = "Reserva Cooperativa"\n'
                                                          "porcentaje = 5\n\n[[fondos]]"),
     "apropiaciones[1].nombre", "12", "está repetida"),
    ("rates needing more than there is", BASE.replace("porcentaje = 100", "porcentaje = 50")
     + '\n[[fondos]]\nnombre = "Reintegro"\nclave = "tarifa"\n[fondos.tarifas]\n"CACAO-SECO" = "100.00"\n',
     "fondos[1]", "16", "necesitan S/\xa030,000.00"),
    ("fixed amounts needing more than there is", edit("porcentaje = 100", 'monto = "500.00"')
     + SECOND_POT.replace("porcentaje = 30", 'monto = "400.00"'), "fondos[1].monto", "19",
     "piden S/\xa0900.00 y solo hay S/\xa0800.00"),
    ("a retención without fecha", BASE + "\n[retencion]\ntasa = 1.5\n", "distribucion.fecha", "1",
     "necesita la fecha"),
    ("a misspelt product to count", edit("porcentaje = 100", 'porcentaje = 100\nsolo_producto = ["CACAO-SEC"]'),
     "fondos[0].solo_producto", "15", "«CACAO-SEC» no existe (¿quiso decir CACAO-SECO?); " + PRODUCTS),
    ("a misspelt product in a rate", BASE.replace("porcentaje = 100", "porcentaje = 50")
     + '\n[[fondos]]\nnombre = "Reintegro"\nclave = "tarifa"\n[fondos.tarifas]\n"CACAO-SEC/A" = "0.50"\n',
     "fondos[1].tarifas.CACAO-SEC/A", "20", PRODUCTS),
    ("a misspelt product in a factor", edit('clave = "kg"', 'clave = "kg_ponderado"')
     + '[fondos.factores]\n"producto.CACAO-SEC" = 1\n', "fondos[0].factores.producto.CACAO-SEC", "16",
     "«CACAO-SEC» no existe (¿quiso decir CACAO-SECO?); " + PRODUCTS),
    ("a misspelt certification to count", edit("porcentaje = 100", 'porcentaje = 100\nsolo_certificacion = ["organic"]'),
     "fondos[0].solo_certificacion", "15", "la certificación «organic» no existe (¿quiso decir organico?); las "
     "certificaciones son: organico, transicion, convencional"),
    ("a misspelt certification in a rate", BASE.replace("porcentaje = 100", "porcentaje = 50")
     + '\n[[fondos]]\nnombre = "Reintegro"\nclave = "tarifa"\n[fondos.tarifas]\n"CACAO-SECO/*/organic" = "0.50"\n',
     "fondos[1].tarifas.CACAO-SECO/*/organic", "20", "la certificación «organic» no existe"),
    ("a misspelt member status", BASE + '\n[elegibilidad]\nestados = ["activos"]\n', "elegibilidad.estados", "17",
     "el estado «activos» no existe (¿quiso decir activo?); los estados son: activo, suspendido, retirado"),
    ("a misspelt debt to deduct", edit("reserva_minima = 20", 'orden_descuentos = ["adelanto", "insumos"]'),
     "distribucion.orden_descuentos", "4", "el concepto «adelanto» no existe (¿quiso decir adelantos?); los "
     "conceptos son: adelantos, prestamos, insumos, aportaciones"),
    ("a negative minimum of kilos", BASE + "\n[elegibilidad]\nkg_minimo = -5\n", "elegibilidad.kg_minimo", "17",
     "el mínimo de kilos no puede ser menor que cero (-5)"),
    ("an unknown key", edit("porcentaje = 100", "porcentage = 100"), "fondos[0].porcentage", "14",
     "esta clave no se conoce"),
    ("an unknown allocation key", edit('clave = "kg"', 'clave = "kilos"'), "fondos[0].clave", "13",
     "debe ser kg, kg_ponderado"),
    ("an unknown percentage base", edit("reserva_minima = 20", 'base_porcentajes = "neto"'),
     "distribucion.base_porcentajes", "4", "«bruto» o «secuencial»"),
    ("pots written with one bracket", BASE.replace("[[fondos]]", "[fondos]"), "fondos", "11", "[[así]]"),
    ("a negative minimum payout", edit("reserva_minima = 20", 'pago_minimo = "-10.00"'), "distribucion.pago_minimo",
     "4", "no puede ser menor que cero (-10.00)"),
    ("capitalisation over 100", edit("reserva_minima = 20", "capitalizacion = 120"), "distribucion.capitalizacion",
     "4", "entre 0 y 100"),
    ("a prima without destino", BASE + '\n[[primas]]\nnombre = "Prima"\nmonto = "100.00"\nporcentaje_socios = 50\n'
     '\n[[primas.fondos]]\nnombre = "Prima por kilo"\nclave = "kg"\nporcentaje = 100\n', "primas[0].destino", "16",
     "a qué fondo va"),
    ("a date that is text", edit("reserva_minima = 20", 'fecha = "15/03/2026"'), "distribucion.fecha", "4",
     "una fecha como 2026-01-01"),
    ("escalar not true or false", edit("reserva_minima = 20", 'escalar = "si"'), "distribucion.escalar", "4",
     "true o false"),
    ("an interest rate over the maximum", edit("reserva_minima = 20", "tasa_maxima_interes = 6")
     .replace("porcentaje = 100", "porcentaje = 100\n\n[[fondos]]\nnombre = \"Interés\"\nclave = \"aportaciones\"\n"
              "tasa = 8"), "fondos[1].tasa", "19", "pasa la tasa máxima de 6 %"),
]


@pytest.mark.parametrize("what, text, key, line, fragment", CASES, ids=[c[0] for c in CASES])
def test_a_malformed_criteria_file_names_the_key_and_its_line(tmp_path, capsys, what, text, key, line, fragment):
    db, criteria = setup(tmp_path)
    criteria.write_text(text, encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--json"]) == 2
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert captured.out == "" and "Traceback" not in captured.err
    assert all(e.startswith("Error: Línea ") for e in errors), errors  # every message says where
    assert len(errors) == len(set(errors)), errors  # each once
    named = [e for e in errors if f"Error: Línea {line}, " in e and f"«{key}»" in e]
    assert named and fragment in named[0], errors
    with Book.open(db, **LOGIN) as book:  # nothing stored
        assert book.distributions.runs() == []


def test_there_are_at_least_28_malformed_files():
    assert len(CASES) >= 28


def test_without_a_name_every_other_mistake_is_still_said(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    unnamed = BASE.replace('nombre = "Excedentes 2026"\n', "")
    criteria.write_text(unnamed.replace("porcentaje = 100", "porcentaje = 130"), encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "Error: Línea 1, «distribucion.nombre»: ponga un nombre a la distribución (por ejemplo «Excedentes 2026») o "
        "escríbalo en los criterios: nombre = \"...\".",
        "Error: Línea 13, «fondos[0].porcentaje»: el porcentaje de «Retorno por kilos» debe estar entre 0 y 100."]
    # a file that does not parse: its mistake, not a name it may well have
    criteria.write_text(unnamed.replace('clave = "kg"', "clave = kg"), encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: Línea 12, columna 9, «clave»: este valor no se entiende")
    # an empty file: both, each once
    criteria.write_text("", encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert [e.split(":")[1].strip() for e in err] == ["Línea 1, «distribucion.nombre»", "Línea 1, «distribucion»"]
    # with --name, only the criteria's own
    criteria.write_text(unnamed, encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--name", "Excedentes"]) == 0


def test_fixed_amounts_are_scaled_only_when_the_criteria_ask_for_it(tmp_path, capsys):
    # S/ 80 + S/ 50 out of S/ 100 for members: refused with the figures; with escalar = true, 61.54 + 38.46
    text = (edit('monto = "1000.00"', 'monto = "125.00"\nescalar = true')
            .replace("porcentaje = 100", 'monto = "80.00"')
            + SECOND_POT.replace("porcentaje = 30", 'monto = "50.00"'))
    db, criteria = setup(tmp_path)
    criteria.write_text(text.replace("escalar = true\n", ""), encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)]) == 2
    assert capsys.readouterr().err.replace("\xa0", " ").strip() == (
        "Error: Línea 19, «fondos[1].monto»: los fondos de monto fijo (Retorno por kilos, Parte igual) piden "
        "S/ 130.00 y solo hay S/ 100.00 para ellos. Baje sus montos, o escriba escalar = true en [distribucion] "
        "para reducirlos en proporción.")
    criteria.write_text(text, encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["amount"]) for p in data["pots"]] == [("Retorno por kilos", "61.54"),
                                                               ("Parte igual", "38.46")]


def _amounts(value, path=""):
    """Every (path, string) of the JSON that is an amount of money (a basis is a quantity, not money)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in ("total_basis", "basis", "run", "name", "code", "fund", "concept", "key"):
                yield from _amounts(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _amounts(inner, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def test_json_is_complete_with_the_primas_one_number_format_and_the_documents_key_names(tmp_path, capsys):
    import re
    from decimal import Decimal as D

    db, criteria = setup(tmp_path)
    criteria.write_text(BASE.replace("porcentaje = 100", "porcentaje = 50")
                        + SECOND_POT.replace("porcentaje = 30", "porcentaje = 50")
                        + '\n[[primas]]\nnombre = "Prima de Comercio Justo"\nmonto = "300.00"\n'
                          'destino = "Plan de la Prima"\nporcentaje_socios = 20\n\n'
                          '[[primas.fondos]]\nnombre = "Prima por kilo"\nclave = "kg"\nporcentaje = 100\n',
                        encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # the document's own key names
    assert [p["key"] for p in data["pots"]] == ["kg", "partes_iguales"]
    # the primas, with their pots
    assert data["primas"] == [{
        "name": "Prima de Comercio Justo", "amount": "300.00", "fund": "Plan de la Prima", "to_fund": "240.00",
        "to_members": "60.00", "not_in_pots": "0.00",
        "pots": [{"name": "Prima por kilo", "key": "kg", "amount": "60.00", "total_basis": "300.000",
                  "unallocated": "0.00"}]}]
    rosa = data["members"][0]
    assert (rosa["gross"], rosa["shares"]["Prima por kilo"]) == ("440.01", {"basis": "200.000", "amount": "40.00"})
    # one format: every amount a string with two decimals ("0.00", never "0")
    amounts = list(_amounts({k: v for k, v in data.items() if k != "run"}))
    assert len(amounts) > 40 and [(p, v) for p, v in amounts if not re.fullmatch(r"-?\d+\.\d\d", v)] == []
    # the documented reconciliation, from the JSON alone
    total = lambda items: sum((D(i["amount"]) for i in items), D(0))  # noqa: E731
    assert (D(data["loss_compensation"]) + total(data["appropriations"]) + total(data["pots"])
            + D(data["not_in_pots"])) == D(data["amount"]) == D("1000.00")
    for prima in data["primas"]:
        assert D(prima["to_fund"]) + total(prima["pots"]) + D(prima["not_in_pots"]) == D(prima["amount"])
    assert sum((D(m["gross"]) for m in data["members"]), D(0)) == D(data["members_gross"])
    assert (D(data["members_gross"]) + D(data["unallocated"]) + total(data["appropriations"])
            + D(data["loss_compensation"]) + D(data["to_funds"])) == D(data["total_amount"]) == D("1300.00")
