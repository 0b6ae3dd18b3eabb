"""Distribution criteria as a document the General Assembly can read (TOML).

Keys are Spanish, as the assembly writes them; see docs/criteria.md for the
format and a complete example. ``read_criteria(text)`` returns
``(criteria, problems)``: every problem at once, each naming the key and, where
it can be found, the line. Numbers are read as Decimal (never float).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal

from coopdesk.domain.distribution.model import (
    EQUAL,
    KG,
    VALUE,
    WEIGHTED_KG,
    Appropriation,
    Criteria,
    Eligibility,
    Pot,
)
from coopdesk.domain.distribution.engine import check_criteria
from coopdesk.domain.problems import N_, Problem, Text

KEYS = {"kg": KG, "kg_ponderado": WEIGHTED_KG, "valor": VALUE, "partes_iguales": EQUAL}
BASES = {"bruto": "gross", "secuencial": "sequential"}
FACTOR_DIMENSIONS = {"producto": "product", "calidad": "grade", "certificacion": "certification"}


class _Reader:
    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def line_of(self, table: str | None, index: int | None, key: str | None) -> int | None:
        """The line of ``key`` in the ``index``-th ``[[table]]`` (or ``[table]``), 1-based."""
        start, end = 0, len(self.lines)
        if table is not None:
            headers = [i for i, line in enumerate(self.lines)
                       if re.match(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$", line)]
            if index is not None and index < len(headers):
                start = headers[index]
            elif headers:
                start = headers[0]
            else:
                return None
            later = [i for i, line in enumerate(self.lines) if i > start and re.match(r"^\s*\[", line)
                     and not re.match(rf"^\s*\[\s*{re.escape(table)}\.", line)]
            end = later[0] if later else len(self.lines)
            if key is None:
                return start + 1
        for i in range(start, end):
            if re.match(rf"^\s*{re.escape(key)}\s*=", self.lines[i]):
                return i + 1
        return start + 1 if table is not None else None

    def problem(self, field: str, reason: str, table=None, index=None, key=None) -> None:
        """A problem naming the key and, where it is found, the line; ``reason``
        is a message id of its own, translated inside the sentence."""
        line = self.line_of(table, index, key)
        if line is not None:
            self.problems.append(Problem(field, N_("Línea %(line)s, «%(key)s»: %(reason)s"),
                                         {"line": line, "key": field, "reason": Text(reason)}))
        else:
            self.problems.append(Problem(field, N_("«%(key)s»: %(reason)s"), {"key": field, "reason": Text(reason)}))

    def number(self, table: dict, key: str, field: str, where: tuple, required=False) -> Decimal | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(field, N_("falta este dato."), *where, key)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.problem(field, N_("debe ser un número."), *where, key)
            return None
        try:
            return Decimal(value) if not isinstance(value, str) else Decimal(value.replace(",", ""))
        except ArithmeticError:
            self.problem(field, N_("debe ser un número."), *where, key)
            return None


def read_criteria(text: str) -> tuple[Criteria | None, list[Problem]]:
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        if where:
            return None, [Problem("", N_("Línea %(line)s, columna %(column)s: el archivo de criterios tiene un error "
                                         "de escritura (revise corchetes, comillas y signos =)."),
                                  {"line": where.group(1), "column": where.group(2)})]
        return None, [Problem("", N_("El archivo de criterios tiene un error de escritura (revise corchetes, "
                                     "comillas y signos =)."))]
    r = _Reader(text)
    head = doc.get("distribucion")
    if not isinstance(head, dict):
        r.problems.append(Problem("distribucion", N_("Falta la sección [distribucion] con el monto a distribuir.")))
        head = {}
    where = ("distribucion", None)
    amount = r.number(head, "monto", "distribucion.monto", where, required=bool(head))
    base = head.get("base_porcentajes", "bruto")
    if base not in BASES:
        r.problem("distribucion.base_porcentajes", N_("debe ser «bruto» o «secuencial»."), *where, "base_porcentajes")
    floor = r.number(head, "reserva_minima", "distribucion.reserva_minima", where)
    minimum = r.number(head, "pago_minimo", "distribucion.pago_minimo", where)
    order = head.get("orden_descuentos", [])
    if not (isinstance(order, list) and all(isinstance(o, str) for o in order)):
        r.problem("distribucion.orden_descuentos", N_("debe ser una lista de conceptos entre comillas."), *where,
                  "orden_descuentos")
        order = []

    appropriations = []
    for i, a in enumerate(doc.get("apropiaciones", [])):
        where = ("apropiaciones", i)
        appropriations.append(Appropriation(
            name=str(a.get("nombre", "")) or f"#{i + 1}",
            percent=r.number(a, "porcentaje", f"apropiaciones[{i}].porcentaje", where),
            amount=r.number(a, "monto", f"apropiaciones[{i}].monto", where),
            reserve=bool(a.get("reserva", False)),
        ))

    pots = []
    for i, p in enumerate(doc.get("fondos", [])):
        where = ("fondos", i)
        key = p.get("clave")
        if key not in KEYS:
            r.problem(f"fondos[{i}].clave", N_("debe ser kg, kg_ponderado, valor o partes_iguales."), *where, "clave")
        factors = {}
        for name, value in (p.get("factores") or {}).items():
            dimension, _sep, code = name.partition(".")
            if dimension not in FACTOR_DIMENSIONS or not code:
                r.problem(f"fondos[{i}].factores.{name}", N_(
                    "un factor se escribe producto.CODIGO, calidad.GRADO o certificacion.CODIGO."), *where, f'"{name}"')
                continue
            factors[(FACTOR_DIMENSIONS[dimension], code)] = Decimal(value) if not isinstance(value, bool) else value
        pots.append(Pot(
            name=str(p.get("nombre", "")) or f"#{i + 1}",
            key=KEYS.get(key, str(key)),
            percent=r.number(p, "porcentaje", f"fondos[{i}].porcentaje", where),
            amount=r.number(p, "monto", f"fondos[{i}].monto", where),
            factors=factors,
        ))

    rule = doc.get("elegibilidad", {})
    joined = rule.get("ingreso_antes_de")
    if joined is not None and not isinstance(joined, date):
        r.problem("elegibilidad.ingreso_antes_de", N_("debe ser una fecha como 2026-01-01."), "elegibilidad", None,
                  "ingreso_antes_de")
        joined = None
    eligibility = Eligibility(
        statuses=tuple(rule.get("estados", ["activo"])),
        minimum_kg=r.number(rule, "kg_minimo", "elegibilidad.kg_minimo", ("elegibilidad", None)) or Decimal(0),
        joined_before=joined,
    )
    if r.problems or amount is None:
        return None, r.problems
    criteria = Criteria(
        amount=amount, appropriations=tuple(appropriations), percent_base=BASES[base],
        reserve_floor_percent=Decimal(20) if floor is None else floor, pots=tuple(pots), eligibility=eligibility,
        minimum_payout=minimum or Decimal(0), deduction_order=tuple(order),
    )
    problems = check_criteria(criteria)
    return (None, problems) if problems else (criteria, [])
