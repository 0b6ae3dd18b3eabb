"""Distribution criteria as a document the General Assembly can read (TOML).

Keys are Spanish, as the assembly writes them; see docs/criteria.md for the
format and a complete example. ``read_criteria(text)`` returns
``(criteria, problems)``: every problem at once, each naming the key and, where
it can be found, the line. Numbers are read as Decimal (never float). A key the
format does not know is a problem too: a misspelt ``capitalizacion`` must not be
ignored in silence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from difflib import get_close_matches
from datetime import date
from decimal import Decimal
from typing import Collection, Iterable, Mapping

from coopdesk.domain.accounts import Concept
from coopdesk.domain.catalog import Certification, MemberStatus
from coopdesk.domain.distribution.criteria_syntax import syntax_problem
from coopdesk.domain.distribution.engine import check_appropriations, check_criteria, check_law
from coopdesk.domain.distribution.model import (
    ANY,
    EQUAL,
    EXCEDENTES,
    KG,
    KINDS,
    POINTS,
    RATE,
    SHARE_CAPITAL,
    UIT,
    VALUE,
    WEIGHTED_KG,
    WITHHOLDING,
    Appropriation,
    Criteria,
    Eligibility,
    Pot,
    Stream,
    Withholding,
)
from coopdesk.domain.money import AmbiguousNumber, D
from coopdesk.domain.problems import N_, Continued, Problem, Text
from coopdesk.domain.withholding import READINGS, withholding_rule

KEYS = {"kg": KG, "kg_ponderado": WEIGHTED_KG, "valor": VALUE, "partes_iguales": EQUAL, "tarifa": RATE,
        "aportaciones": SHARE_CAPITAL, "puntos": POINTS}
KEY_NAMES = {engine: written for written, engine in KEYS.items()}  # the engine's key -> as the criteria write it
BASES = {"bruto": "gross", "secuencial": "sequential"}
FACTOR_DIMENSIONS = {"producto": "product", "calidad": "grade", "certificacion": "certification"}
UNITS = {"kg": "kg", "quintal": "quintal", "qq": "quintal"}

SECTION_KEYS = {"distribucion", "apropiaciones", "fondos", "primas", "elegibilidad", "retencion"}
HEAD_KEYS = {"nombre", "tipo", "ejercicio", "monto", "base_porcentajes", "reserva_minima", "pago_minimo", "orden_descuentos", "fecha",
             "compensar_perdidas", "capitalizacion", "capitalizacion_fondos", "tasa_maxima_interes", "retenidos",
             "fondo_retenidos", "escalar"}
APPROPRIATION_KEYS = {"nombre", "porcentaje", "monto", "reserva", "cuenta"}
POT_KEYS = {"nombre", "clave", "porcentaje", "monto", "factores", "tarifas", "unidad", "tasa", "tope",
            "solo_producto", "solo_calidad", "solo_certificacion"}
STREAM_KEYS = {"nombre", "monto", "destino", "porcentaje_socios", "fondos", "cuenta"}
ELIGIBILITY_KEYS = {"estados", "kg_minimo", "ingreso_antes_de", "al_dia"}
WITHHOLDING_KEYS = {"tasa", "umbral_uit", "fondos", "uit", "forma", "tope_uit"}


class _Reader:
    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self.products: list[str] | None = None  # the book's product codes, when known
        self.grades: dict[str, tuple[str, ...]] | None = None  # each product's grades, when known

    def line_of(self, table: str | None, index: int | None, key: str | None) -> int | None:
        """The line of ``key`` in the ``index``-th ``[[table]]`` (or ``[table]``), 1-based."""
        start, end = 0, len(self.lines)
        if table is not None:
            headers = [i for i, line in enumerate(self.lines)
                       if re.match(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$", line)]
            if not headers:  # only written inside a dotted header ([ondos.factores], [[primas.fondos]])
                headers = [i for i, line in enumerate(self.lines)
                           if re.match(rf"^\s*\[\[?\s*{re.escape(table)}\s*\.", line)][:1]
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
        bare = re.escape(key.strip('"'))
        written = rf"""^\s*(?:{bare}|"{bare}"|'{bare}')\s*="""  # a bare or a quoted key
        for i in range(start, end):
            if re.match(written, self.lines[i]):
                return i + 1
        return start + 1 if table is not None else None

    def problem(self, field: str, reason: str, table=None, index=None, key=None, params=None) -> None:
        """A problem naming the key and, where it is found, the line; ``reason``
        is a message id of its own (with its ``params``), translated inside the sentence."""
        self.problems.append(_at(field, self.line_of(table, index, key),
                                 Problem(field, reason, params) if params else Text(reason)))

    def number(self, table: dict, key: str, field: str, where: tuple, required=False) -> Decimal | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(field, N_("falta este dato."), *where, key)
            return None
        return self.value(value, field, where, key)

    def value(self, value, field: str, where: tuple, key: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.problem(field, N_("debe ser un número."), *where, key)
            return None
        try:
            # text is read as money is typed everywhere else (es_PE 1,234.56 or a decimal comma 1234,56);
            # an ambiguous 1,234 is refused rather than guessed
            number = Decimal(value) if not isinstance(value, str) else D(value)
        except AmbiguousNumber:
            self.problem(field, N_("puede leerse de dos maneras: escriba 1234 (sin coma de miles) o 1.234 con "
                                   "punto decimal."), *where, key)
            return None
        except (ArithmeticError, ValueError):
            self.problem(field, N_("debe ser un número."), *where, key)
            return None
        if not number.is_finite():
            self.problem(field, N_("debe ser un número."), *where, key)
            return None
        return number

    def flag(self, table: dict, key: str, field: str, where: tuple, default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.problem(field, N_("debe ser true o false."), *where, key)
            return default
        return value

    def texts(self, table: dict, key: str, field: str, where: tuple) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            self.problem(field, N_("debe ser una lista de textos entre comillas, como [\"uno\", \"dos\"]."), *where, key)
            return None
        return tuple(value)

    def known(self, table: dict, keys: set[str], prefix: str, where: tuple) -> None:
        """A problem for every key the format does not know."""
        for key in table:
            if key in keys:
                continue
            reason = N_("esta clave no se conoce; revise cómo está escrita.")
            if prefix:
                self.problem(f"{prefix}.{key}", reason, *where, _quoted(key))
            elif isinstance(table[key], (dict, list)):
                self.problem(key, reason, key, None, None)
            else:
                self.problem(key, reason, None, None, _quoted(key))

    def tables(self, doc: dict, key: str, field: str, where: tuple, header: str | None = None) -> list[dict]:
        """An array of tables (``[[key]]``); ``header`` is its dotted name when nested."""
        value = doc.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            self.shape(field, N_("debe escribirse como secciones con doble corchete, [[así]]."), where, key,
                       header or key)
            return []
        return value

    def table(self, doc: dict, key: str, field: str, where: tuple, header: str | None = None) -> dict:
        value = doc.get(key, {})
        if not isinstance(value, dict):
            self.shape(field, N_("debe escribirse como una sección [así]."), where, key, header or key)
            return {}
        return value

    def shape(self, field: str, reason: str, where: tuple, key: str, header: str) -> None:
        """A section written the wrong way: at its header when it has one, else at its key."""
        if self.line_of(header, None, None) is not None:
            self.problem(field, reason, header, None, None)
        else:
            self.problem(field, reason, *where, key)

def _at(field: str, line: int | None, reason: Text | Problem) -> Problem:
    """``reason`` said of the key ``field`` on ``line`` (when it is known)."""
    if line is not None:
        return Problem(field, N_("Línea %(line)s, «%(key)s»: %(reason)s"), {"line": line, "key": field,
                                                                            "reason": Continued(reason)})
    return Problem(field, N_("«%(key)s»: %(reason)s"), {"key": field, "reason": Continued(reason)})


# The engine's names of what the criteria say, and the file's keys they are written with.
HEAD_FIELDS = {"amount": "monto", "loss_compensation": "compensar_perdidas", "percent_base": "base_porcentajes",
               "minimum_payout": "pago_minimo", "retained_to": "retenidos", "retained_fund": "fondo_retenidos",
               "capitalisation_percent": "capitalizacion", "capitalisation_pots": "capitalizacion_fondos",
               "max_interest_percent": "tasa_maxima_interes", "reserve_floor_percent": "reserva_minima",
               "year": "ejercicio", "distribution_date": "fecha", "kind": "tipo", "name": "nombre"}
ITEM_FIELDS = {"name": "nombre", "percent": "porcentaje", "amount": "monto", "key": "clave", "interest_percent": "tasa",
               "factors": "factores", "rates": "tarifas", "unit": "unidad", "cap": "tope",
               "members_percent": "porcentaje_socios", "fund": "destino", "pots": "fondos"}
WITHHOLDING_FIELDS = {"percent": "tasa", "threshold_uit": "umbral_uit", "uit": "uit", "reading": "forma",
                      "ceiling_uit": "tope_uit", "pots": "fondos"}
_ITEM = re.compile(r"^(appropriations|pots|streams)(?:\[(\d+)\])?(?:\.pots(?:\[(\d+)\])?)?(?:\.(\w+))?$")
_TABLES = {"appropriations": "apropiaciones", "pots": "fondos", "streams": "primas"}


def place(text: str, problems: Iterable[Problem], doc: dict | None = None) -> list[Problem]:
    """The engine's ``problems`` about the criteria of ``text``, each said of the key
    it is written with in the file and its line (``fondos[1].porcentaje``, line 14).
    A problem the engine cannot tie to a key is left as it is."""
    if doc is None:
        try:
            doc = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError:
            return list(problems)
    r = _Reader(text)
    placed = []
    for problem in problems:
        where = _where(problem.field, doc)
        if where is None:
            placed.append(problem)
            continue
        field, table, index, key = where
        line = r.line_of(table, index, key)
        if line is None and table != "distribucion":  # a section not written: where the distribution is
            line = r.line_of("distribucion", None, None)
        placed.append(_at(field, line if line is not None else 1, problem))
    return placed


def _where(field: str, doc: dict) -> tuple[str, str | None, int | None, str | None] | None:
    """The file's key for the engine's ``field``, and the table, index and key to find its line."""
    if field in HEAD_FIELDS:
        return f"distribucion.{HEAD_FIELDS[field]}", "distribucion", None, HEAD_FIELDS[field]
    if field.startswith("withholding"):
        key = WITHHOLDING_FIELDS.get(field.partition(".")[2])
        return (f"retencion.{key}" if key else "retencion"), "retencion", None, key
    found = _ITEM.match(field)
    if not found:
        return None
    kind, index, pot, attribute = found.groups()
    key = ITEM_FIELDS.get(attribute) if attribute else None
    if attribute and key is None:
        return None
    name = _TABLES[kind]
    if index is None:
        return name, name, None, None
    i = int(index)
    if kind == "streams" and (pot is not None or attribute == "pots"):
        if pot is None:  # the stream's pots as a whole: at the stream
            return f"primas[{i}].fondos", "primas", i, None
        streams = doc.get("primas", [])
        before = sum(len(s.get("fondos", [])) for s in streams[:i] if isinstance(s, dict)
                     and isinstance(s.get("fondos", []), list))
        at = f"primas[{i}].fondos[{pot}]"
        return (f"{at}.{key}" if key else at), "primas.fondos", before + int(pot), key
    at = f"{name}[{i}]"
    return (f"{at}.{key}" if key else at), name, i, key


def criteria_parses(text: str) -> bool:
    """Whether ``text`` is TOML at all (its keys may still be wrong)."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def missing_name(text: str) -> Problem:
    """A distribution without a name: said at ``[distribucion]``, where it is written."""
    line = _Reader(text).line_of("distribucion", None, None) or 1
    return Problem("name", N_("Línea %(line)s, «%(key)s»: %(reason)s"), {
        "line": line, "key": "distribucion.nombre", "reason": Continued(Text(N_(
            "Ponga un nombre a la distribución (por ejemplo «Excedentes 2026») o escríbalo en los criterios: "
            "nombre = \"...\".")))})


def _quoted(key: str) -> str:
    """A key as it is written in the file (quoted when it is not a bare key)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


def read_criteria(text: str, products: Collection[str] | None = None,
                  on: date | None = None,
                  grades: Mapping[str, Collection[str]] | None = None) -> tuple[Criteria | None, list[Problem]]:
    """The criteria of ``text``, or every problem of it at once, each naming its key
    and line, none hiding another. ``products``: the product codes the book knows
    (a ``solo_producto`` or a rate naming another is refused); ``grades``: each
    product's grades as the book knows them (a ``solo_calidad``, a ``calidad.``
    factor or a rate naming a grade none of its products has is refused); ``on``: also what the
    rules in force that day refuse (the Reserva's legal floor and the
    appropriations; without it, only what every day refuses, so that a run
    computed under older rules still reads)."""
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        return None, [syntax_problem(text, str(exc))]
    r = _Reader(text)
    r.products = None if products is None else sorted(products)
    r.grades = None if grades is None else {code: tuple(sorted(set(g))) for code, g in grades.items()}
    r.known(doc, SECTION_KEYS, "", (None, None))
    head = doc.get("distribucion")
    if not isinstance(head, dict):
        r.problems.append(Problem("distribucion", N_("Línea %(line)s, «%(key)s»: %(reason)s"), {
            "line": 1, "key": "distribucion",
            "reason": Text(N_("falta la sección [distribucion] con el monto a distribuir, como [distribucion] y "
                              "debajo monto = \"10000.00\"."))}))
        head = {}
    where = ("distribucion", None)
    r.known(head, HEAD_KEYS, "distribucion", where)
    amount = r.number(head, "monto", "distribucion.monto", where, required=bool(head))
    base = head.get("base_porcentajes", "bruto")
    if not isinstance(base, str) or base not in BASES:
        r.problem("distribucion.base_porcentajes", N_("debe ser «bruto» o «secuencial»."), *where, "base_porcentajes")
    kind = head.get("tipo", EXCEDENTES)
    if kind not in KINDS:
        r.problem("distribucion.tipo", N_("debe ser «excedentes» (el remanente de un ejercicio) o «reintegro» (un "
                                          "complemento del precio de acopio)."), *where, "tipo")
        kind = EXCEDENTES
    year = head.get("ejercicio")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999):
        r.problem("distribucion.ejercicio", N_("debe ser un año con cuatro cifras, como 2026."), *where, "ejercicio")
        year = None
    floor = r.number(head, "reserva_minima", "distribucion.reserva_minima", where)
    minimum = r.number(head, "pago_minimo", "distribucion.pago_minimo", where)
    retained_to = head.get("retenidos", "socio")
    if retained_to not in ("socio", "fondo"):
        r.problem("distribucion.retenidos", N_("debe ser «socio» (se le paga en su próxima distribución) o "
                                               "«fondo»."), *where, "retenidos")
        retained_to = "socio"
    retained_fund = head.get("fondo_retenidos", "")
    if not isinstance(retained_fund, str):
        r.problem("distribucion.fondo_retenidos", N_("debe ser un texto entre comillas."), *where, "fondo_retenidos")
        retained_fund = ""
    order = head.get("orden_descuentos", [])
    if not (isinstance(order, list) and all(isinstance(o, str) for o in order)):
        r.problem("distribucion.orden_descuentos", N_("debe ser una lista de conceptos entre comillas."), *where,
                  "orden_descuentos")
        order = []
    for concept in order:
        if concept != WITHHOLDING:
            _known_code(r, concept, CONCEPTS, "distribucion.orden_descuentos", where, "orden_descuentos")
    if WITHHOLDING in order:
        r.problem("distribucion.orden_descuentos", N_(
            "la retención es siempre el primer descuento: quítela de esta lista."), *where, "orden_descuentos")
    when = head.get("fecha")
    if when is not None and not (isinstance(when, date) and not hasattr(when, "hour")):
        r.problem("distribucion.fecha", N_("debe ser una fecha como 2026-01-01."), *where, "fecha")
        when = None
    losses = r.number(head, "compensar_perdidas", "distribucion.compensar_perdidas", where)
    capitalisation = r.number(head, "capitalizacion", "distribucion.capitalizacion", where)
    capitalised = r.texts(head, "capitalizacion_fondos", "distribucion.capitalizacion_fondos", where)
    max_interest = r.number(head, "tasa_maxima_interes", "distribucion.tasa_maxima_interes", where)
    scale = r.flag(head, "escalar", "distribucion.escalar", where)

    appropriations = []
    for i, a in enumerate(r.tables(doc, "apropiaciones", "apropiaciones", (None, None))):
        where = ("apropiaciones", i)
        r.known(a, APPROPRIATION_KEYS, f"apropiaciones[{i}]", where)
        appropriations.append(Appropriation(
            name=str(a.get("nombre", "")) or f"#{i + 1}",
            percent=r.number(a, "porcentaje", f"apropiaciones[{i}].porcentaje", where),
            amount=r.number(a, "monto", f"apropiaciones[{i}].monto", where),
            reserve=r.flag(a, "reserva", f"apropiaciones[{i}].reserva", where),
            account=_account(r, a, f"apropiaciones[{i}]", where),
        ))

    pots = [_pot(r, p, f"fondos[{i}]", ("fondos", i), i)
            for i, p in enumerate(r.tables(doc, "fondos", "fondos", (None, None)))]

    streams = []
    stream_pots = 0  # [[primas.fondos]] headers so far, to find their lines
    for i, s in enumerate(r.tables(doc, "primas", "primas", (None, None))):
        where = ("primas", i)
        field = f"primas[{i}]"
        r.known(s, STREAM_KEYS, field, where)
        name = str(s.get("nombre", "")) or f"#{i + 1}"
        stream_amount = r.number(s, "monto", f"{field}.monto", where, required=True)
        fund = s.get("destino", "")
        if not isinstance(fund, str):
            r.problem(f"{field}.destino", N_("debe ser un texto entre comillas."), *where, "destino")
            fund = ""
        members_percent = r.number(s, "porcentaje_socios", f"{field}.porcentaje_socios", where)
        own = []
        for j, p in enumerate(r.tables(s, "fondos", f"{field}.fondos", where, "primas.fondos")):
            own.append(_pot(r, p, f"{field}.fondos[{j}]", ("primas.fondos", stream_pots), j))
            stream_pots += 1
        streams.append(Stream(name=name, amount=stream_amount or Decimal(0), fund=fund,
                              members_percent=Decimal(0) if members_percent is None else members_percent,
                              pots=tuple(own), account=_account(r, s, field, where)))

    rule = r.table(doc, "elegibilidad", "elegibilidad", (None, None))
    where = ("elegibilidad", None)
    r.known(rule, ELIGIBILITY_KEYS, "elegibilidad", where)
    joined = rule.get("ingreso_antes_de")
    if joined is not None and not (isinstance(joined, date) and not hasattr(joined, "hour")):
        r.problem("elegibilidad.ingreso_antes_de", N_("debe ser una fecha como 2026-01-01."), *where,
                  "ingreso_antes_de")
        joined = None
    statuses = r.texts(rule, "estados", "elegibilidad.estados", where)
    for status in statuses or ():
        _known_code(r, status, STATUSES, "elegibilidad.estados", where, "estados")
    minimum_kg = r.number(rule, "kg_minimo", "elegibilidad.kg_minimo", where)
    if minimum_kg is not None and minimum_kg < 0:
        r.problem("elegibilidad.kg_minimo", N_("%(what)s no puede ser menor que cero (%(value)s)."), *where,
                  "kg_minimo", params={"what": Text(N_("el mínimo de kilos")), "value": str(minimum_kg)})
    eligibility = Eligibility(
        statuses=("activo",) if statuses is None else statuses,
        minimum_kg=minimum_kg or Decimal(0),
        joined_before=joined,
        good_standing=r.flag(rule, "al_dia", "elegibilidad.al_dia", where),
    )
    withholding = _withholding(r, doc) if "retencion" in doc else None

    if amount is None:
        return None, r.problems
    criteria = Criteria(
        amount=amount, appropriations=tuple(appropriations), percent_base=BASES.get(base, "gross"),
        reserve_floor_percent=(Decimal(20) if kind == EXCEDENTES else Decimal(0)) if floor is None else floor,
        pots=tuple(pots), eligibility=eligibility, kind=kind, year=year,
        minimum_payout=minimum or Decimal(0), deduction_order=tuple(order), retained_to=retained_to,
        retained_fund=retained_fund,
        distribution_date=when, loss_compensation=losses or Decimal(0), streams=tuple(streams),
        capitalisation_percent=capitalisation or Decimal(0), capitalisation_pots=capitalised,
        withholding=withholding, max_interest_percent=max_interest, scale_fixed_pots=scale,
    )
    # what the whole criteria break, besides what each key says on its own; a key already
    # reported is not reported again (the reader said it first, and better)
    found = check_criteria(criteria)
    if on is not None:
        dated = replace(criteria, rules_on=on)
        found += check_law(dated) + check_appropriations(dated)
    said = {p.field for p in r.problems}
    problems = r.problems + [p for p in place(text, found, doc) if p.field not in said
                             and not any(f.startswith(p.field + ".") for f in said)]
    return (None, problems) if problems else (criteria, [])


def _account(r, table: dict, field: str, where) -> str:
    """The ledger account an appropriation goes to, or a stream comes from («cuenta»)."""
    value = table.get("cuenta", "")
    if not isinstance(value, str) or (value and not value.strip().isdigit()):
        r.problem(f"{field}.cuenta", N_("debe ser el código de una cuenta entre comillas, como \"582\"."), *where,
                  "cuenta")
        return ""
    return value.strip()


def _pot(r: _Reader, p: dict, field: str, where: tuple, index: int) -> Pot:
    r.known(p, POT_KEYS, field, where)
    key = p.get("clave")
    if not isinstance(key, str) or key not in KEYS:
        r.problem(f"{field}.clave", N_(
            "debe ser kg, kg_ponderado, valor, partes_iguales, tarifa, aportaciones o puntos."), *where, "clave")
    factors = {}
    for name, value in r.table(p, "factores", f"{field}.factores", where).items():
        dimension, _sep, code = name.partition(".")
        if dimension not in FACTOR_DIMENSIONS or not code:
            r.problem(f"{field}.factores.{name}", N_(
                "un factor se escribe producto.CODIGO, calidad.GRADO o certificacion.CODIGO."), *where, f'"{name}"')
            continue
        if dimension == "producto" and not _known_product(r, code, f"{field}.factores.{name}", where,
                                                          _quoted(name)):
            continue
        if dimension == "certificacion" and not _known_code(r, code, CERTIFICATIONS, f"{field}.factores.{name}",
                                                            where, _quoted(name)):
            continue
        if dimension == "calidad" and not _known_grade(r, code, _counted(p), f"{field}.factores.{name}", where,
                                                       _quoted(name)):
            continue
        factor = r.value(value, f"{field}.factores.{name}", where, _quoted(name))
        if factor is not None:
            factors[(FACTOR_DIMENSIONS[dimension], code)] = factor
    rates = {}
    for name, value in r.table(p, "tarifas", f"{field}.tarifas", where).items():
        parts = [part.strip() for part in name.split("/")]
        if len(parts) > 3 or not all(parts):
            r.problem(f"{field}.tarifas.{name}", N_(
                "una tarifa se escribe PRODUCTO, PRODUCTO/CALIDAD o PRODUCTO/CALIDAD/CERTIFICACION, con * para "
                "cualquiera (por ejemplo \"CAFE-PERG/*/organico\")."), *where, _quoted(name))
            continue
        if not _known_product(r, parts[0], f"{field}.tarifas.{name}", where, _quoted(name)):
            continue
        # the grade and the certification both said when both are wrong, neither hiding the other
        grade_known = len(parts) < 2 or _known_grade(r, parts[1], _counted(p) if parts[0] == ANY else (parts[0],),
                                                     f"{field}.tarifas.{name}", where, _quoted(name))
        if len(parts) == 3 and not _known_code(r, parts[2], CERTIFICATIONS, f"{field}.tarifas.{name}", where,
                                               _quoted(name)) or not grade_known:
            continue
        pattern = "/".join(parts + [ANY] * (3 - len(parts)))
        if pattern in rates:
            r.problem(f"{field}.tarifas.{name}", N_("esta tarifa ya está escrita con otro nombre."), *where,
                      _quoted(name))
            continue
        rate = r.value(value, f"{field}.tarifas.{name}", where, _quoted(name))
        if rate is not None:
            rates[pattern] = rate
    if rates and key != "tarifa":
        r.problem(f"{field}.tarifas", N_("solo vale con clave = \"tarifa\"."), *where, None)
    unit = p.get("unidad", "kg")
    if not isinstance(unit, str) or unit not in UNITS:
        r.problem(f"{field}.unidad", N_("debe ser «kg» o «quintal» (46 kg)."), *where, "unidad")
        unit = "kg"
    filters = {}
    for name in ("solo_producto", "solo_calidad", "solo_certificacion"):
        filters[name] = r.texts(p, name, f"{field}.{name}", where) or ()
    for code in filters["solo_producto"]:
        _known_product(r, code, f"{field}.solo_producto", where, "solo_producto")
    for code in filters["solo_calidad"]:
        _known_grade(r, code, filters["solo_producto"], f"{field}.solo_calidad", where, "solo_calidad")
    for code in filters["solo_certificacion"]:
        _known_code(r, code, CERTIFICATIONS, f"{field}.solo_certificacion", where, "solo_certificacion")
    return Pot(
        name=str(p.get("nombre", "")) or f"#{index + 1}",
        key=KEYS.get(key, str(key)) if isinstance(key, str) else str(key),
        percent=r.number(p, "porcentaje", f"{field}.porcentaje", where),
        amount=r.number(p, "monto", f"{field}.monto", where),
        factors=factors,
        rates=rates,
        unit=UNITS[unit],
        interest_percent=r.number(p, "tasa", f"{field}.tasa", where),
        cap=r.number(p, "tope", f"{field}.tope", where),
        only_products=filters["solo_producto"],
        only_grades=filters["solo_calidad"],
        only_certifications=filters["solo_certificacion"],
    )


def _known_product(r: _Reader, code: str, field: str, where: tuple, key: str) -> bool:
    """Whether ``code`` is one of the book's products (or ``*``); a problem naming
    the valid codes when it is not (a misspelt code would pay nothing, in silence)."""
    if r.products is None or code == ANY or code in r.products:
        return True
    params = {"code": code, "codes": ", ".join(r.products)}
    near = get_close_matches(code.upper(), r.products, n=1)
    if near:
        r.problem(field, N_("el producto «%(code)s» no existe (¿quiso decir %(near)s?); los códigos de producto son: "
                            "%(codes)s."), *where, key, params=params | {"near": near[0]})
    else:
        r.problem(field, N_("el producto «%(code)s» no existe; los códigos de producto son: %(codes)s."), *where, key,
                  params=params)
    return False


def _counted(p: dict) -> tuple[str, ...]:
    """The products a pot counts, as written (``solo_producto``; none written: every product)."""
    value = p.get("solo_producto")
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _known_grade(r: _Reader, grade: str, products: Iterable[str], field: str, where: tuple, key: str) -> bool:
    """Whether ``grade`` is a grade of one of ``products`` (none, or none the book
    knows: of any product), or ``*``; a problem naming the grades they have when it
    is not (a misspelt grade would pay nothing, in silence). A product whose grades
    the book does not know yet (no grade table, no price or ticket by grade) is not
    checked."""
    if r.grades is None or grade == ANY:
        return True
    named = [code for code in dict.fromkeys(products) if code in r.grades]
    valid = {code: r.grades[code] for code in (named or sorted(r.grades)) if r.grades[code]}
    if not valid or any(grade in grades for grades in valid.values()):
        return True
    near = _nearest(grade, sorted({g for grades in valid.values() for g in grades}))
    if len(valid) == 1:
        [(product, grades)] = valid.items()
        params = {"grade": grade, "product": product, "grades": ", ".join(grades)}
        guessed = N_("la calidad «%(grade)s» no es un grado de %(product)s (¿quiso decir %(near)s?); los grados de "
                     "%(product)s son: %(grades)s.")
        plain = N_("la calidad «%(grade)s» no es un grado de %(product)s; los grados de %(product)s son: %(grades)s.")
    else:
        by_grades: dict[tuple[str, ...], list[str]] = {}
        for product, grades in valid.items():
            by_grades.setdefault(grades, []).append(product)
        params = {"grade": grade, "grades": "; ".join(f"{', '.join(grades)} ({', '.join(products)})"
                                                      for grades, products in by_grades.items())}
        guessed = N_("la calidad «%(grade)s» no es un grado de ninguno de los productos que cuenta este fondo (¿quiso "
                     "decir %(near)s?); sus grados son: %(grades)s.")
        plain = N_("la calidad «%(grade)s» no es un grado de ninguno de los productos que cuenta este fondo; sus "
                   "grados son: %(grades)s.")
    if near:
        r.problem(field, guessed, *where, key, params=params | {"near": ", ".join(near)})
    else:
        r.problem(field, plain, *where, key, params=params)
    return False


def _nearest(typed: str, codes: list[str]) -> list[str]:
    """The codes nearest to ``typed``: the same but for capitals, else the closest spellings."""
    folded = typed.strip().upper()
    same = [c for c in codes if c.upper() == folded]
    if same:
        return same
    by_upper = {c.upper(): c for c in codes}
    return [by_upper[m] for m in get_close_matches(folded, list(by_upper), n=2)]


# What else the criteria name by its code, with the messages that say a code is not one of them
# (with a guess, and without): a misspelt status, certification or debt would count nothing, in silence.
STATUSES = (tuple(str(s) for s in MemberStatus),
            N_("el estado «%(code)s» no existe (¿quiso decir %(near)s?); los estados son: %(codes)s."),
            N_("el estado «%(code)s» no existe; los estados son: %(codes)s."))
CERTIFICATIONS = (tuple(str(c) for c in Certification),
                  N_("la certificación «%(code)s» no existe (¿quiso decir %(near)s?); las certificaciones son: "
                     "%(codes)s."),
                  N_("la certificación «%(code)s» no existe; las certificaciones son: %(codes)s."))
CONCEPTS = (tuple(str(c) for c in Concept),
            N_("el concepto «%(code)s» no existe (¿quiso decir %(near)s?); los conceptos son: %(codes)s."),
            N_("el concepto «%(code)s» no existe; los conceptos son: %(codes)s."))


def _known_code(r: _Reader, code: str, known: tuple, field: str, where: tuple, key: str) -> bool:
    """Whether ``code`` is one of ``known``'s codes (or ``*``); checked like products,
    when the book's codes are known (a run computed before keeps reading as it did)."""
    codes, guessed, plain = known
    if r.products is None or code == ANY or code in codes:
        return True
    params = {"code": code, "codes": ", ".join(codes)}
    near = get_close_matches(code.lower(), codes, n=1)
    if near:
        r.problem(field, guessed, *where, key, params=params | {"near": near[0]})
    else:
        r.problem(field, plain, *where, key, params=params)
    return False


def _withholding(r: _Reader, doc: dict) -> Withholding | None:
    where = ("retencion", None)
    section = r.table(doc, "retencion", "retencion", (None, None))
    r.known(section, WITHHOLDING_KEYS, "retencion", where)
    percent = r.number(section, "tasa", "retencion.tasa", where)
    threshold = r.number(section, "umbral_uit", "retencion.umbral_uit", where)
    ceiling = r.number(section, "tope_uit", "retencion.tope_uit", where)
    reading = section.get("forma")
    if reading is not None and reading not in READINGS:
        r.problem("retencion.forma", N_("debe ser «exceso» o «mes_completo»."), *where, "forma")
        reading = None
    law = withholding_rule(None)  # what the criteria do not write: the rule in force (the run applies its own day's)
    table = dict(UIT)
    for year, value in r.table(section, "uit", "retencion.uit", where).items():
        uit = r.value(value, f"retencion.uit.{year}", ("retencion.uit", None), _quoted(year))
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            r.problem(f"retencion.uit.{year}", N_("el año se escribe con cuatro cifras, como 2026."),
                      "retencion.uit", None, _quoted(year))
        elif uit is not None:
            table[int(year)] = uit
    return Withholding(
        percent=law.percent if percent is None else percent,
        threshold_uit=law.exempt_uit if threshold is None else threshold,
        uit=table,
        pots=r.texts(section, "fondos", "retencion.fondos", where),
        reading=reading,
        ceiling_uit=ceiling,
    )


_SECTION = re.compile(r"^\s*\[\s*distribucion\s*\]\s*(#.*)?$")
_ANY_SECTION = re.compile(r"^\s*\[")
_AMOUNT = re.compile(r"^\s*monto\s*=")
_YEAR = re.compile(r"^\s*ejercicio\s*=")
_STREAM = re.compile(r"^\s*\[\[\s*primas\s*\]\]\s*(#.*)?$")


def with_amount(text: str, amount: Decimal, note: str) -> str:
    """The criteria with ``[distribucion] monto`` set to ``amount`` (and ``note`` as
    its comment), everything else as written: the figure the assembly approves is
    in the document itself, so the run stays reproducible from its criteria."""
    return _with_head_line(text, _AMOUNT, f'monto = "{amount}"  # {note}')


def with_year(text: str, year: int) -> str:
    """The criteria with ``[distribucion] ejercicio = year``: the run distributes
    that ejercicio's remanente (at most once; see docs/criteria.md)."""
    return _with_head_line(text, _YEAR, f"ejercicio = {year}  # el remanente de este ejercicio, una sola vez")


def _with_head_line(text: str, key: re.Pattern, line: str) -> str:
    """``line`` in place of the ``[distribucion]`` line that ``key`` matches (or
    first in the section), everything else as written."""
    lines = text.splitlines()
    start = next((i for i, raw in enumerate(lines) if _SECTION.match(raw)), None)
    if start is None:
        return "[distribucion]\n" + line + "\n\n" + text
    end = next((i for i in range(start + 1, len(lines)) if _ANY_SECTION.match(lines[i])), len(lines))
    for i in range(start + 1, end):
        if key.match(lines[i]):
            lines[i] = line
            break
    else:
        lines.insert(start + 1, line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def with_stream_amount(text: str, index: int, amount: Decimal, note: str) -> str:
    """The criteria with ``monto`` of the ``index``-th ``[[primas]]`` set to
    ``amount`` (with ``note``), everything else as written."""
    line = f'monto = "{amount}"  # {note}'
    lines = text.splitlines()
    starts = [i for i, raw in enumerate(lines) if _STREAM.match(raw)]
    if index >= len(starts):
        return text
    start = starts[index]
    end = next((i for i in range(start + 1, len(lines)) if _ANY_SECTION.match(lines[i])), len(lines))
    for i in range(start + 1, end):
        if _AMOUNT.match(lines[i]):
            lines[i] = line
            break
    else:
        lines.insert(start + 1, line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
