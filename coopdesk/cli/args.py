"""argparse in the user's language.

argparse writes its own messages ("usage:", "the following arguments are
required") in English through a module-level ``_``. We map those English ids to
Spanish source strings and translate them with the rest of coopdesk.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal

from coopdesk.core.clock import default_clock
from coopdesk.domain.problems import Problem
from coopdesk.domain.reading import read_date, read_decimal, read_int
from coopdesk.i18n import N_, _

ARGPARSE_MESSAGES = {
    "usage: ": N_("uso: "),
    "options": N_("opciones"),
    "positional arguments": N_("argumentos"),
    "show this help message and exit": N_("muestra esta ayuda y termina"),
    "the following arguments are required: %s": N_("faltan estos argumentos obligatorios: %s"),
    "unrecognized arguments: %s": N_("argumentos no reconocidos: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("opción no válida: %(value)r (elija entre %(choices)s)"),
    "argument %(argument_name)s: %(message)s": N_("argumento %(argument_name)s: %(message)s"),
    "expected one argument": N_("se espera un valor"),
    "expected at least one argument": N_("se espera al menos un valor"),
    "expected at most one argument": N_("se espera a lo sumo un valor"),
    "invalid %(type)s value: %(value)r": N_("valor no válido: %(value)r"),
    "ambiguous option: %(option)s could match %(matches)s": N_("opción ambigua: %(option)s puede ser %(matches)s"),
    "not allowed with argument %s": N_("no se permite junto con el argumento %s"),
    "one of the arguments %s is required": N_("se necesita uno de los argumentos %s"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: error: %(message)s\n"),
    "ignored explicit argument %r": N_("se ignoró el argumento %r"),
}


def _argparse_gettext(message: str) -> str:
    source = ARGPARSE_MESSAGES.get(message)
    return _(source) if source is not None else message


def install() -> None:
    """Make argparse speak through coopdesk.i18n."""
    argparse._ = _argparse_gettext  # argparse looks its ``_`` up at call time


# The placeholder each option's value shows in --help, in the user's language (argparse
# would show the option's English name: BUYER, TICKET...). Options with a list of
# choices show the choices.
METAVARS = {
    "signed_by": N_("NOMBRE"),
    "acta": N_("ACTA"), "address": N_("DIRECCIÓN"), "bank_account": N_("CUENTA"), "amount": N_("MONTO"), "buyer": N_("COMPRADOR"),
    "by": N_("NOMBRE"), "campaign": N_("CAMPAÑA"), "certification": N_("CERTIFICACIÓN"),
    "certification_note": N_("MOTIVO"), "city": N_("CIUDAD"), "code": N_("CÓDIGO"), "concept": N_("CONCEPTO"),
    "contract": N_("CONTRATO"), "criteria": N_("CRITERIOS.toml"), "crop": N_("CULTIVO"), "cup": N_("PUNTAJE"),
    "currency": N_("MONEDA"), "date": N_("FECHA"), "db": N_("BASE_DE_DATOS"), "defects": N_("DEFECTOS"),
    "deliveries": N_("N"), "description": N_("DESCRIPCIÓN"), "differential": N_("MONTO"), "dni": N_("DNI"),
    "end": N_("FECHA"), "fermentation": N_("PORCENTAJE"), "first_names": N_("NOMBRES"), "gender": N_("SEXO"),
    "grade": N_("CALIDAD"), "gross": N_("KG"), "hectares": N_("HECTÁREAS"), "humidity": N_("PORCENTAJE"),
    "invoice": N_("FACTURA"), "join_date": N_("FECHA"), "kg": N_("KG"), "kind": N_("TIPO"), "lang": N_("IDIOMA"),
    "last_names": N_("APELLIDOS"), "limit": N_("N"), "member": N_("SOCIO"), "members": N_("N"),
    "method": N_("FORMA"), "months": N_("MESES"), "name": N_("NOMBRE"), "note": N_("NOTA"), "out": N_("ARCHIVO"),
    "paid_from": N_("CUENTA"), "paid_into": N_("CUENTA"), "phone": N_("TELÉFONO"), "points": N_("PUNTOS"),
    "premium": N_("MONTO"), "price": N_("PRECIO"), "product": N_("PRODUCTO"), "rate": N_("TASA"),
    "reason": N_("MOTIVO"), "reference": N_("REFERENCIA"), "ruc": N_("RUC"), "run": N_("N.º"), "sacks": N_("SACOS"),
    "search": N_("TEXTO"), "seed": N_("N"), "size": N_("TAMAÑO"), "start": N_("FECHA"), "status": N_("ESTADO"),
    "supplier": N_("PROVEEDOR"), "tare": N_("KG"), "ticket": N_("TICKET"), "unit": N_("UNIDAD"),
    "yield_": N_("PORCENTAJE"), "zone": N_("ZONA"),
}
VALUELESS = (argparse._StoreTrueAction, argparse._StoreFalseAction, argparse._CountAction, argparse._HelpAction,
             argparse._VersionAction, argparse._StoreConstAction, argparse._AppendConstAction)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that exits with status 2 and a translated message, and
    names every option's value in the user's language (``METAVARS``)."""

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        if (action.metavar is None and action.choices is None and action.option_strings
                and not isinstance(action, VALUELESS) and action.dest in METAVARS):
            action.metavar = _(METAVARS[action.dest])
        return action

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, _argparse_gettext("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


class UsageError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


def today() -> date:
    """Today for a command that has no book open yet: the machine's date, or COOPDESK_TODAY."""
    return default_clock().today()


class Reader:
    """Collects every problem of the typed values so all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def _take(self, result):
        value, problems = result
        self.problems += problems
        return value

    def date(self, text: str | None, field: str, default: date | None = None) -> date:
        return self._take(read_date(text, field, default or today()))

    def decimal(self, text: str, field: str) -> Decimal:
        return self._take(read_decimal(text, field))

    def integer(self, text: str, field: str) -> int:
        return self._take(read_int(text, field))

    def done(self) -> None:
        if self.problems:
            raise UsageError(self.problems)


def print_table(rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def confirm_negative_option(parser: argparse.ArgumentParser) -> None:
    """``--confirm-negative-balance MOTIVO`` (or ``--confirmar-saldo-negativo``): a command
    that takes money out may leave Caja or a bank below zero, and the reason is
    recorded with it (core.cash_guard). Without it, such a document is refused."""
    parser.add_argument("--confirm-negative-balance", "--confirmar-saldo-negativo", dest="confirm_negative_balance",
                        metavar=_("MOTIVO"),
                        help=_("registra el documento aunque deje la caja o el banco en negativo, con este motivo "
                               "(queda registrado quién, cuándo y por qué)"))
