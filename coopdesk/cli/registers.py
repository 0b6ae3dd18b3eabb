"""``coopdesk parties ...`` and ``coopdesk registers ...``: the registry of buyers and
suppliers (RUC checked by módulo 11, DNI) and the registers of sales (PLE 14.1) and
purchases (8.1) of a month (``book.parties``, ``book.registers``; docs/ple.md,
«Registros de Ventas y de Compras»).
"""

from __future__ import annotations

import re
from decimal import Decimal

from coopdesk.cli.args import Reader, print_table
from coopdesk.cli.auth import open_book
from coopdesk.domain import registers as R
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_money

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
TAX_NAMES = {R.GRAVADO: N_("gravado"), R.EXONERADO: N_("exonerado"), R.INAFECTO: N_("inafecto"),
             R.EXPORTACION: N_("exportación")}


def cmd_parties_add(args) -> int:
    with open_book(args) as book:
        book.parties.add(args.type, args.document, args.name)
    print(_("Se registró %(name)s (%(document)s).") % {"name": args.name.strip(), "document": args.document.strip()})
    return 0


def cmd_parties_list(args) -> int:
    with open_book(args) as book:
        parties = book.parties.list()
    table = [(_("Tipo"), _("Documento"), _("Nombre o razón social"))]
    table += [(p.document_type, p.document, p.name) for p in parties]
    print_table(table)
    return 0


def _month(text: str) -> tuple[int, int]:
    read = Reader()
    found = _MONTH.match(text or "")
    if found is None or not 1 <= int(found.group(2)) <= 12:
        read.problems.append(Problem("month", N_("«%(month)s» no es un mes: escríbalo como 2026-11."),
                                     {"month": text}))
    read.done()
    return int(found.group(1)), int(found.group(2))


def cmd_registers(args) -> int:
    year, month = _month(args.month)
    with open_book(args) as book:
        paths = book.registers.write_month(year, month, args.out)
        totals = [(libro, book.registers.totals(libro, year, month)) for libro in (R.VENTAS, R.COMPRAS)]
    for path in paths:
        print(_("Archivo: %(file)s") % {"file": path})
    for libro, t in totals:
        print(f"{libro.number} {libro.title}")
        table = [(_("Operaciones"), _("Tratamiento del IGV"), _("Base o valor"), _("IGV"))]
        for words, group in ((_("acto cooperativo"), t.cooperative), (_("no cooperativo"), t.other)):
            for tax, (base, igv) in sorted(group.items()):
                table.append((words, _(TAX_NAMES[tax]), format_money(_cents(base)),
                              format_money(_cents(igv))))
        print_table(table, right=(2, 3))
    return 0


def _cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def add_parsers(sub) -> None:
    parties = sub.add_parser("parties", help=_("compradores y proveedores, con su RUC o DNI")
                             ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = parties.add_parser("add", help=_("registra un comprador o proveedor (el RUC se comprueba con su dígito "
                                         "verificador)"))
    s.add_argument("--type", required=True, choices=list(R.PARTY_DOCUMENTS),
                   help=_("6 RUC, 1 DNI, 0 documento tributario de un extranjero sin RUC"))
    s.add_argument("--document", required=True, metavar=_("NÚMERO"))
    s.add_argument("--name", required=True, metavar=_("NOMBRE"))
    s.set_defaults(func=cmd_parties_add)
    s = parties.add_parser("list", help=_("los compradores y proveedores registrados"))
    s.set_defaults(func=cmd_parties_list)
    s = sub.add_parser("registers", help=_("registros de ventas (14.1) y de compras (8.1) de un mes, para el PLE"))
    s.add_argument("--month", required=True, metavar=_("AAAA-MM"), help=_("el mes, por ejemplo 2026-11"))
    s.add_argument("--out", required=True, metavar=_("CARPETA"), help=_("la carpeta donde se escriben"))
    s.set_defaults(func=cmd_registers)
