"""``coopdesk prices ...``, ``coopdesk points ...`` and ``coopdesk settings ...``:
advance prices and quality standards from a date, collection points and the
cooperative's settings from the command line.

The same core calls as the GUI (``book.prices``, ``book.collection_points``,
``book.settings``). Nothing here edits a recorded price, standard or setting: a
new one takes over from its date, and ``prices list --all``, ``prices standard``
and ``settings debt-limit`` show the history with who recorded each and when.
``prices quote`` shows what a ticket with those measures would get, as
``deliveries add`` will record it. ``--json`` output has stable English keys and
every amount, weight and percentage as a decimal string.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, UsageError, print_table
from coopdesk.core import Book
from coopdesk.core.imports import ALL_GRADES
from coopdesk.core.prices import PriceInput
from coopdesk.core.settings import DEBT_LIMIT
from coopdesk.domain import limits
from coopdesk.domain.catalog import Certification, PriceUnit
from coopdesk.domain.distribution.criteria_file import _Reader as TomlReader
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.quality import (
    ANY,
    METHOD_LABELS,
    ONE,
    Grade,
    HumidityMethod,
    Measures,
    QualityStandard,
    check_standard,
)
from coopdesk.domain.quantities import GRAM
from coopdesk.domain.rules import DeliveryInput, check_delivery
from coopdesk.domain.text import decode_text, search_fold
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import (
    format_date,
    format_kg,
    format_money,
    format_number,
    format_percent,
)

ALL = "todas"  # typed for a price of every grade or every certification
NO_LIMIT = {"none", "ninguno", "ninguna", "sin", "sin limite", "no"}



def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _text(value) -> str | None:
    """A decimal as a string for --json (None stays null)."""
    return None if value is None else str(value)


def _when(value) -> str:
    """When a price, standard or setting was recorded: ``04/03/2026 10:15``."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return f"{format_date(value)} {value.strftime('%H:%M')}"
    return str(value)


def _grade_words(grade: str) -> str:
    return grade or _("todas")


def _certification_words(certification: str) -> str:
    return label(certification) if certification else _("todas")


def _product(book: Book, code: str):
    """The product with this code (typed in any case), or a Spanish problem naming the codes."""
    products = book.products.list()
    wanted = code.strip().upper()
    found = next((p for p in products if p.code == wanted), None)
    if found is None:
        raise UsageError([_unknown_product(code, products)])
    return found


def _unknown_product(code: str, products) -> Problem:
    return Problem("product_code", N_("No existe el producto %(code)s. Los productos son: %(codes)s."),
                   {"code": code, "codes": ", ".join(p.code for p in products)})


def _optional_decimal(read: Reader, text: str | None, field: str) -> Decimal | None:
    return None if text is None else read.decimal(text, field)


def _optional_integer(read: Reader, text: str | None, field: str) -> int | None:
    return None if text is None else read.integer(text, field)


# -- prices ----------------------------------------------------------------------------------


def _entry_json(entry) -> dict:
    return {"id": entry.id, "product": entry.product_code, "grade": entry.grade,
            "certification": entry.certification, "valid_from": entry.valid_from.isoformat(),
            "price": str(entry.price), "unit": entry.unit, "note": entry.note, "recorded_by": entry.recorded_by,
            "recorded_at": _iso(entry.recorded_at)}


def cmd_prices_list(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        entries = book.prices.entries() if args.all else book.prices.in_force(day)
    if args.json:
        print(_dumps({"date": None if args.all else day.isoformat(), "all": bool(args.all),
                      "prices": [_entry_json(e) for e in entries]}))
        return 0
    if not entries:
        if args.all:
            print(_("No hay precios registrados. Regístrelos con: coopdesk prices add PRODUCTO PRECIO --from FECHA"))
        else:
            print(_("No hay precios vigentes el %(date)s. Regístrelos con: coopdesk prices add PRODUCTO PRECIO "
                    "--from FECHA") % {"date": format_date(day)})
        return 0
    header = (_("Producto"), _("Calidad"), _("Certificación"), _("Desde"), _("Precio"), _("Unidad"))
    if args.all:
        table = [(*header, _("Nota"), _("Registrado por"), _("El"))]
        table += [(e.product_code, _grade_words(e.grade), _certification_words(e.certification),
                   format_date(e.valid_from), format_money(e.price), e.unit, e.note, e.recorded_by,
                   _when(e.recorded_at)) for e in entries]
    else:
        print(_("Precios de adelanto vigentes el %(date)s") % {"date": format_date(day)})
        table = [header]
        table += [(e.product_code, _grade_words(e.grade), _certification_words(e.certification),
                   format_date(e.valid_from), format_money(e.price), e.unit) for e in entries]
    print_table(table, right=(4,))
    if args.all:
        print(ngettext("%(n)s precio registrado", "%(n)s precios registrados", len(entries))
              % {"n": format_number(len(entries))})
    return 0


def _any_grade(text: str | None) -> str:
    text = (text or "").strip()
    return ANY if search_fold(text) in ALL_GRADES else text.upper()


def cmd_prices_add(args) -> int:
    read = Reader()
    price = read.decimal(args.price, "price")
    day = read.date(args.valid_from, "valid_from")
    read.done()
    certification = ANY if args.certification in (None, ALL) else args.certification
    data = PriceInput(args.product.strip().upper(), day, price, _any_grade(args.grade), certification, args.unit,
                      args.note or "")
    with open_book(args) as book:
        book.prices.add(data)
        entry = max(book.prices.entries(data.product_code), key=lambda e: e.id)
        name = _product(book, data.product_code).name
    print(_("Se registró el precio de adelanto de %(product)s (%(code)s) desde el %(date)s: %(price)s por %(unit)s; "
            "calidad: %(grade)s; certificación: %(certification)s.")
          % {"product": name, "code": entry.product_code, "date": format_date(entry.valid_from),
             "price": format_money(entry.price), "unit": entry.unit, "grade": _grade_words(entry.grade),
             "certification": _certification_words(entry.certification)})
    return 0


# -- quality standards -----------------------------------------------------------------------

TOP_KEYS = {"humedad_estandar", "descuento", "por_punto", "conversion", "grados"}
# key in the file -> attribute of Grade (the grade's code is «grado»)
GRADE_KEYS = {"factor": "factor", "humedad_max": "max_humidity", "rendimiento_min": "min_yield",
              "fermentacion_min": "min_fermentation", "defectos_max": "max_defects", "taza_min": "min_cup"}
METHODS = {m.value: m for m in HumidityMethod}


def read_standard(text: str) -> tuple[QualityStandard, list[Problem]]:
    """A quality standard from its TOML text and every problem of the text at once
    (each naming the key and its line). Numbers are read as Decimal, never float."""
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        if where:
            return QualityStandard(), [Problem("", N_(
                "Línea %(line)s, columna %(column)s: el archivo de la norma de calidad tiene un error de escritura "
                "(revise corchetes, comillas y signos =)."), {"line": where.group(1), "column": where.group(2)})]
        return QualityStandard(), [Problem("", N_(
            "El archivo de la norma de calidad tiene un error de escritura (revise corchetes, comillas y signos =)."))]
    r = TomlReader(text)
    top = (None, None)
    r.known(doc, TOP_KEYS, "", top)
    humidity = r.number(doc, "humedad_estandar", "humedad_estandar", top)
    method_text = doc.get("descuento", HumidityMethod.NONE.value)
    method = METHODS.get(search_fold(method_text).replace(" ", "_")) if isinstance(method_text, str) else None
    if method is None:
        r.problem("descuento", N_("debe ser «ninguno», «proporcional» o «por_punto»."), None, None, "descuento")
        method = HumidityMethod.NONE
    rate = r.number(doc, "por_punto", "por_punto", top)
    conversion = r.number(doc, "conversion", "conversion", top)
    grades = []
    for i, row in enumerate(r.tables(doc, "grados", "grados", top)):
        where = ("grados", i)
        field = f"grados[{i}]"
        r.known(row, {"grado", *GRADE_KEYS}, field, where)
        code = row.get("grado", "")
        if not isinstance(code, str):
            r.problem(f"{field}.grado", N_("debe ser un texto entre comillas."), *where, "grado")
            code = f"#{i + 1}"
        values = {}
        for key, attribute in GRADE_KEYS.items():
            value = r.number(row, key, f"{field}.{key}", where)
            if attribute == "max_defects" and value is not None:
                if value != value.to_integral_value():
                    r.problem(f"{field}.{key}", N_("debe ser un número entero."), *where, key)
                    value = None
                else:
                    value = int(value)
            values[attribute] = value
        factor = values.pop("factor")
        grades.append(Grade(code, factor if factor is not None else ONE, **values))
    standard = QualityStandard(humidity, method, rate if rate is not None else ONE,
                               conversion if conversion is not None else ONE, tuple(grades))
    return standard, r.problems


def _grade_json(grade: Grade) -> dict:
    return {"grade": grade.code, "factor": str(grade.factor), "max_humidity": _text(grade.max_humidity),
            "min_yield": _text(grade.min_yield), "min_fermentation": _text(grade.min_fermentation),
            "max_defects": grade.max_defects, "min_cup": _text(grade.min_cup)}


def _optional_number(value) -> str:
    return "" if value is None else format_number(value)


def show_standard(book: Book, product, day: date, as_json: bool) -> None:
    """The standard in force on ``day`` (its grade table) and the standards recorded for the product."""
    versions = book.prices.standard_history(product.code)
    version = next((v for v in versions if v.valid_from <= day), None)
    if as_json:
        standard = None
        if version is not None:
            s = version.standard
            standard = {"valid_from": version.valid_from.isoformat(), "recorded_by": version.recorded_by,
                        "recorded_at": _iso(version.recorded_at), "standard_humidity": _text(s.standard_humidity),
                        "method": str(s.method), "rate_per_point": str(s.rate_per_point),
                        "conversion": str(s.conversion), "grades": [_grade_json(g) for g in s.grades]}
        print(_dumps({"product": product.code, "date": day.isoformat(), "standard": standard,
                      "history": [{"valid_from": v.valid_from.isoformat(), "recorded_by": v.recorded_by,
                                   "recorded_at": _iso(v.recorded_at)} for v in versions]}))
        return
    names = {"product": product.name, "code": product.code, "date": format_date(day)}
    if version is None:
        print(_("%(product)s (%(code)s) no tiene norma de calidad vigente el %(date)s: no se descuenta humedad y "
                "la calidad se escribe en cada entrega.") % names)
    else:
        s = version.standard
        print(_("Norma de calidad de %(product)s (%(code)s) vigente el %(date)s") % names)
        pairs = [(_("Desde"), _("%(date)s (registrada por %(by)s el %(when)s)") % {
                      "date": format_date(version.valid_from), "by": version.recorded_by,
                      "when": _when(version.recorded_at)}),
                 (_("Humedad estándar"), format_percent(s.standard_humidity) if s.standard_humidity is not None
                  else _("no fijada")),
                 (_("Descuento por humedad"), _(METHOD_LABELS.get(s.method, s.method)))]
        if s.method == HumidityMethod.PER_POINT:
            pairs.append((_("Descuento por punto"), format_percent(s.rate_per_point)))
        pairs.append((_("Factor de conversión"), format_number(s.conversion)))
        width = max(len(name) for name, _value in pairs)
        for name, value in pairs:
            print(f"{name.ljust(width)}  {value}")
        print()
        if s.grades:
            print(_("Grados, en orden: la entrega toma el primero cuyas condiciones cumple."))
            table = [(_("Grado"), _("Factor"), _("Humedad máx. %"), _("Rendimiento mín. %"),
                      _("Fermentación mín. %"), _("Defectos máx."), _("Taza mín."))]
            table += [(g.code, format_number(g.factor), _optional_number(g.max_humidity),
                       _optional_number(g.min_yield), _optional_number(g.min_fermentation),
                       _optional_number(g.max_defects), _optional_number(g.min_cup)) for g in s.grades]
            print_table(table, right=(1, 2, 3, 4, 5, 6))
        else:
            print(_("Sin tabla de grados: la calidad se escribe en cada entrega."))
    if versions:
        print()
        print(_("Normas registradas:"))
        table = [(_("Desde"), _("Registrado por"), _("El"))]
        table += [(format_date(v.valid_from), v.recorded_by, _when(v.recorded_at)) for v in versions]
        print_table(table)


def cmd_prices_standard(args) -> int:
    read = Reader()
    if args.set is None:
        if args.valid_from is not None:
            raise UsageError([Problem("valid_from", N_(
                "--from es para fijar una norma con --set; para ver la norma de una fecha use --date."))])
        day = read.date(args.date, "date")
        read.done()
        with open_book(args) as book:
            show_standard(book, _product(book, args.product), day, args.json)
        return 0
    problems = []
    if args.date is not None:
        problems.append(Problem("date", N_("Con --set, diga desde qué fecha rige la norma con --from, no con --date.")))
    if args.valid_from is None:
        problems.append(Problem("valid_from", N_("Diga desde qué fecha rige la norma con --from, por ejemplo "
                                                 "--from 01/03/2026.")))
    if problems:
        raise UsageError(problems)
    day = read.date(args.valid_from, "valid_from")
    read.done()
    path = Path(args.set)
    if not path.exists():
        raise UsageError([Problem("set", N_("No existe el archivo %(file)s."), {"file": str(path)})])
    standard, problems = read_standard(decode_text(path.read_bytes()))
    with open_book(args) as book:
        products = book.products.list()
        product = next((p for p in products if p.code == args.product.strip().upper()), None)
        if problems:  # the file's own problems, what the core would say of the rest, and the product
            problems += check_standard(standard)
            if product is None:
                problems.append(_unknown_product(args.product, products))
            raise UsageError(problems)
        if product is None:
            raise UsageError([_unknown_product(args.product, products)])
        book.prices.set_standard(product.code, day, standard)
        if not args.json:
            print(_("Se registró la norma de calidad de %(product)s (%(code)s) desde el %(date)s.")
                  % {"product": product.name, "code": product.code, "date": format_date(day)})
            print()
        show_standard(book, product, day, args.json)
    return 0


# -- a ticket's figures ----------------------------------------------------------------------

MEASURE_FIELDS = {"humidity_pct", "yield_pct", "fermentation_pct", "cup_score", "defects"}


def cmd_prices_quote(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    net = read.decimal(args.kg, "net_kg")
    humidity = read.decimal(args.humidity, "humidity_pct")
    measures = Measures(humidity, _optional_decimal(read, args.yield_, "yield_pct"),
                        _optional_decimal(read, args.fermentation, "fermentation_pct"),
                        _optional_integer(read, args.defects, "defects"),
                        _optional_decimal(read, args.cup, "cup_score"))
    read.done()
    problems = []
    if net <= ZERO:
        problems.append(Problem("net_kg", N_("El peso neto debe ser mayor que cero.")))
    elif net > limits.MAX_KG:
        problems.append(Problem("net_kg", N_("El peso neto de %(kg)s kg es demasiado grande para una entrega."),
                                {"kg": net}))
    elif net != net.quantize(GRAM):
        problems.append(Problem("net_kg", N_("Los pesos se registran con tres decimales como máximo (gramos).")))
    # the measures get the messages ``deliveries add`` gives them
    ticket = DeliveryInput("001-000001", day, "", args.product, 0, net, ZERO, humidity, "", None,
                           yield_pct=measures.yield_pct, fermentation_pct=measures.fermentation_pct,
                           defects=measures.defects, cup_score=measures.cup_score)
    problems += [p for p in check_delivery(ticket, day, day) if p.field in MEASURE_FIELDS]
    if problems:
        raise UsageError(problems)
    net = net.quantize(GRAM)
    with open_book(args) as book:
        product = _product(book, args.product)
        if args.member:
            certification = book.members.get(args.member).certification
        else:
            certification = ANY if args.certification in (None, ALL) else args.certification
        quote = book.prices.quote(product.code, day, net, measures, certification)
        standard = book.prices.standard(product.code, day) or QualityStandard()
    pricing = quote.pricing
    if args.json:
        entry = None
        if pricing is not None:
            entry = {key: value for key, value in _entry_json(pricing.entry).items()
                     if key not in ("note", "recorded_by", "recorded_at")}
        print(_dumps({"product": product.code, "date": day.isoformat(), "member": args.member or None,
                      "certification": certification, "net_kg": str(quote.net_kg),
                      "humidity_pct": str(humidity), "grade": quote.grade, "grade_from_table": quote.grade_from_table,
                      "humidity_discount_kg": str(quote.humidity_discount_kg), "payable_kg": str(quote.payable_kg),
                      "equivalent_kg": str(quote.equivalent_kg), "price": _text(quote.price), "unit": quote.unit,
                      "factor": _text(pricing.factor) if pricing is not None else None, "price_entry": entry,
                      "amount": _text(quote.amount)}))
        return 0
    print(_("%(product)s (%(code)s) el %(date)s, certificación %(certification)s")
          % {"product": product.name, "code": product.code, "date": format_date(day),
             "certification": _certification_words(certification)})
    discount = format_kg(quote.humidity_discount_kg)
    if standard.standard_humidity is not None and standard.method != HumidityMethod.NONE:
        discount = _("%(kg)s (humedad %(humidity)s; la estándar es %(standard)s)") % {
            "kg": discount, "humidity": format_percent(humidity), "standard": format_percent(standard.standard_humidity)}
    pairs = [(_("Calidad"), _("%(grade)s, según las medidas") % {"grade": quote.grade}),
             (_("Peso neto"), format_kg(quote.net_kg)),
             (_("Descuento por humedad"), discount),
             (_("Kg pagables"), format_kg(quote.payable_kg)),
             (_("Kg equivalentes"), format_kg(quote.equivalent_kg)),
             (_("Precio"), _("%(price)s por %(unit)s") % {"price": format_money(quote.price), "unit": quote.unit}),
             (_("Importe"), format_money(quote.amount))]
    width = max(len(name) for name, _value in pairs)
    for name, value in pairs:
        print(f"{name.ljust(width)}  {value}")
    if pricing is not None:
        entry = pricing.entry
        factor = ("" if pricing.factor == 1 else
                  _(" × factor %(factor)s de la calidad %(grade)s") % {"factor": format_number(pricing.factor),
                                                                        "grade": quote.grade})
        print(_("Precio de la tabla desde el %(date)s (calidad: %(grade)s; certificación: %(certification)s): "
                "%(price)s por %(unit)s%(factor)s") % {
            "date": format_date(entry.valid_from), "grade": _grade_words(entry.grade),
            "certification": _certification_words(entry.certification), "price": format_money(entry.price),
            "unit": entry.unit, "factor": factor})
    return 0


# -- collection points -----------------------------------------------------------------------


def cmd_points_list(args) -> int:
    with open_book(args) as book:
        points = book.collection_points.list()
    if not points:
        print(_("No hay centros de acopio registrados: se acepta cualquier serie de tickets."))
        return 0
    table = [(_("Código"), _("Centro de acopio"), _("Serie"))]
    table += [(p.code, p.name, p.series) for p in points]
    print_table(table)
    return 0


def cmd_points_add(args) -> int:
    with open_book(args) as book:
        book.collection_points.add(args.code, args.name, args.series)
        point = next(p for p in book.collection_points.list() if p.code == args.code.strip().upper())
        ticket = book.deliveries.next_ticket(point.series)
    print(_("Se registró el centro de acopio %(code)s, %(name)s: sus tickets llevan la serie %(series)s "
            "(el próximo es %(ticket)s).") % {"code": point.code, "name": point.name, "series": point.series,
                                             "ticket": ticket})
    return 0


# -- settings --------------------------------------------------------------------------------


def _limit_words(value: str) -> str:
    return format_money(Decimal(value)) if value else _("sin límite")


def cmd_debt_limit(args) -> int:
    if args.amount is None:
        with open_book(args) as book:
            limit = book.settings.debt_limit
            history = book.settings.history(DEBT_LIMIT)
        if limit is None:
            print(_("No hay límite de deuda: al registrar una entrega no se avisa por lo que debe el socio."))
        else:
            print(_("Límite de deuda: %(amount)s. Al registrar una entrega se avisa si el socio debe más.")
                  % {"amount": format_money(limit)})
        if history:
            print()
            print(_("Historial:"))
            table = [(_("Límite"), _("Registrado por"), _("El"))]
            table += [(_limit_words(c.value), c.recorded_by, _when(c.recorded_at)) for c in history]
            print_table(table)
        return 0
    limit = None
    if search_fold(args.amount.strip()) not in NO_LIMIT:
        read = Reader()
        limit = read.decimal(args.amount, "debt_limit")
        read.done()
    with open_book(args) as book:
        book.settings.set_debt_limit(limit)
    if limit is None:
        print(_("Se quitó el límite de deuda: al registrar una entrega ya no se avisa por lo que debe el socio."))
    else:
        print(_("Límite de deuda fijado en %(amount)s: al registrar una entrega se avisa si el socio debe más.")
              % {"amount": format_money(limit)})
    return 0


# -- the parsers -----------------------------------------------------------------------------


def add_parsers(sub) -> None:
    certifications = [c.value for c in Certification]
    prices = sub.add_parser("prices", help=_("precios de adelanto y normas de calidad por producto, desde una fecha")
                            ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)

    s = prices.add_parser("list", help=_("lista los precios vigentes en una fecha, o todos los registrados"))
    when = s.add_mutually_exclusive_group()
    when.add_argument("--date", help=_("fecha (por defecto hoy)"))
    when.add_argument("--all", action="store_true",
                      help=_("todos los precios registrados, con quién los registró y cuándo"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_prices_list)

    s = prices.add_parser("add", help=_("registra un precio de adelanto desde una fecha (el anterior queda en el "
                                        "historial)"))
    s.add_argument("product", metavar=_("PRODUCTO"), help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("price", metavar=_("PRECIO"), help=_("precio en soles, por ejemplo 10.50 o 10,50"))
    s.add_argument("--from", dest="valid_from", required=True, metavar=_("FECHA"), help=_("desde qué fecha rige"))
    s.add_argument("--grade", help=_("calidad (por defecto todas: a cada grado se le aplica su factor)"))
    s.add_argument("--certification", type=search_fold, choices=[*certifications, ALL],
                   help=_("certificación: organico, transicion, convencional o todas (por defecto todas)"))
    s.add_argument("--unit", choices=[u.value for u in PriceUnit],
                   help=_("unidad del precio: kg o qq (46 kg); por defecto la del producto"))
    s.add_argument("--note", help=_("nota, por ejemplo por qué cambió el precio"))
    s.set_defaults(func=cmd_prices_add)

    s = prices.add_parser("standard", help=_("muestra o fija la norma de calidad de un producto: humedad, "
                                             "descuento, conversión y tabla de grados"))
    s.add_argument("product", metavar=_("PRODUCTO"), help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--date", help=_("muestra la norma vigente en esta fecha (por defecto hoy)"))
    s.add_argument("--set", metavar=_("ARCHIVO"), help=_("fija la norma desde un archivo TOML"))
    s.add_argument("--from", dest="valid_from", metavar=_("FECHA"), help=_("con --set: desde qué fecha rige"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_prices_standard)

    s = prices.add_parser("quote", help=_("calcula lo que recibiría una entrega: calidad, descuento por humedad, "
                                          "kg pagables, precio e importe"))
    s.add_argument("product", metavar=_("PRODUCTO"), help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--kg", required=True, help=_("peso neto en kg"))
    s.add_argument("--humidity", required=True, help=_("humedad en %%"))
    s.add_argument("--fermentation", help=_("granos bien fermentados en %% (prueba de corte, cacao)"))
    s.add_argument("--yield", dest="yield_", metavar="YIELD", help=_("rendimiento exportable en %% (café)"))
    s.add_argument("--defects", help=_("defectos por muestra"))
    s.add_argument("--cup", help=_("puntaje de taza (café especial)"))
    whose = s.add_mutually_exclusive_group()
    whose.add_argument("--member", help=_("código del socio (su certificación elige el precio)"))
    whose.add_argument("--certification", type=search_fold, choices=[*certifications, ALL],
                       help=_("certificación de la entrega (sin esta ni --member: solo precios para todas)"))
    s.add_argument("--date", help=_("fecha de la entrega (por defecto hoy)"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_prices_quote)

    points = sub.add_parser("points", help=_("centros de acopio y su serie de tickets")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    points.add_parser("list", help=_("lista los centros de acopio y sus series")).set_defaults(func=cmd_points_list)
    s = points.add_parser("add", help=_("registra un centro de acopio con su serie de tickets"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código del centro de acopio"))
    s.add_argument("name", metavar=_("NOMBRE"), help=_("nombre del centro de acopio"))
    s.add_argument("series", metavar=_("SERIE"), help=_("serie de sus tickets: de 1 a 4 letras o dígitos, por "
                                                        "ejemplo 002"))
    s.set_defaults(func=cmd_points_add)

    settings = sub.add_parser("settings", help=_("configuración de la cooperativa")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = settings.add_parser("debt-limit", help=_("muestra o fija el límite de deuda que avisa al registrar entregas"))
    s.add_argument("amount", nargs="?", metavar=_("MONTO"),
                   help=_("límite en soles, o none para quitarlo; sin él, muestra el límite y su historial"))
    s.set_defaults(func=cmd_debt_limit)
