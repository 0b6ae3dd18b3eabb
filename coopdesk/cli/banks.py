"""``coopdesk banks ...``: bank accounts by bank and currency, the SBS exchange
rates, the month-end revaluation and the bank reconciliation.

The same core calls as the GUI (``book.banks``; docs/ledger.md, «Bancos y
monedas»):

- ``banks add --bank BCP --number 191-… --currency USD``: the account and its subaccount of 1041;
- ``banks list [--date D]``: each account's balance in its currency and in soles;
- ``banks rates import FILE`` (CSV or XLSX: Fecha, Compra, Venta) and ``banks rates show [--date D]``;
- ``banks revalue --month 2026-03``: the US$ balances at the month's last rate, to 676 / 776;
- ``banks reconcile CODE FILE [--pdf FILE]``: the statement against the books.
"""

from __future__ import annotations

import re

from coopdesk.cli.args import Reader, print_table
from coopdesk.cli.auth import open_book
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_money, format_number

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
SYMBOLS = {"PEN": "S/", "USD": "US$"}


def _in(value, currency: str) -> str:
    return f"{SYMBOLS.get(currency, currency)} {format_number(value, 2)}"


def cmd_banks_add(args) -> int:
    with open_book(args) as book:
        code = book.banks.add(args.bank, args.number, args.currency, args.entity or "")
    print(_("Se registró la cuenta %(number)s de %(bank)s en %(currency)s: subcuenta %(code)s.") % {
        "number": args.number.strip(), "bank": args.bank.strip(), "currency": args.currency.strip().upper(),
        "code": code})
    return 0


def cmd_banks_list(args) -> int:
    read = Reader()
    day = read.date(args.date, "date") if args.date else None
    read.done()
    with open_book(args) as book:
        accounts = book.banks.accounts(day)
    if not accounts:
        print(_("No hay cuentas bancarias registradas («coopdesk banks add»)."))
        return 0
    table = [(_("Cuenta"), _("Banco"), _("Número"), _("Moneda"), _("Saldo"), _("Saldo en soles"))]
    table += [(a.code, a.bank, a.number, a.currency, _in(a.balance, a.currency), format_money(a.balance_pen))
              for a in accounts]
    print_table(table, right=(4, 5))
    return 0


def cmd_banks_rates_import(args) -> int:
    with open_book(args) as book:
        done = book.banks.import_rates(args.file, args.source)
    print(_("Tipos de cambio: %(added)s días nuevos, %(already)s ya estaban (del %(first)s al %(last)s).") % {
        "added": done.added, "already": done.already,
        "first": format_date(done.first) if done.first else "—", "last": format_date(done.last) if done.last else "—"})
    return 0


def cmd_banks_rates_show(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        rate = book.banks.rate_on(day)
    if rate is None:
        read.problems.append(Problem("date", N_("No hay tipo de cambio del %(date)s ni de un día anterior: importe "
                                                "los tipos de cambio de la SBS."), {"date": day}))
        read.done()
    print(_("Tipo de cambio del %(date)s (publicado el %(published)s): compra %(buy)s, venta %(sell)s.") % {
        "date": format_date(day), "published": format_date(rate.day), "buy": format_number(rate.buy, 4),
        "sell": format_number(rate.sell, 4)})
    return 0


def cmd_banks_revalue(args) -> int:
    read = Reader()
    found = _MONTH.match(args.month or "")
    if found is None or not 1 <= int(found.group(2)) <= 12:
        read.problems.append(Problem("month", N_("«%(month)s» no es un mes: escríbalo como 2026-11."),
                                     {"month": args.month}))
    read.done()
    with open_book(args) as book:
        done = book.banks.revalue(int(found.group(1)), int(found.group(2)))
    table = [(_("Cuenta"), _("Saldo US$"), _("Saldo en libros"), _("T.C. compra"), _("Saldo al cambio"),
              _("Diferencia"))]
    table += [(r.account, _in(r.foreign, "USD"), format_money(r.pen), format_number(r.rate, 4),
               format_money(r.revalued), format_money(r.difference)) for r in done.lines]
    print_table(table, right=(1, 2, 3, 4, 5))
    if done.entry_number:
        print(_("Diferencia de cambio al %(date)s: asiento %(number)s.") % {
            "date": format_date(done.day), "number": done.entry_number})
    else:
        print(_("Sin diferencia de cambio que registrar al %(date)s.") % {"date": format_date(done.day)})
    return 0


def cmd_banks_reconcile(args) -> int:
    with open_book(args) as book:
        report = book.banks.reconcile(args.code, args.file)
        cooperative = book.cooperative
        today = book.clock.today()
    r, cur = report.result, report.account.currency
    print(_("Conciliación de %(code)s (%(name)s) del %(start)s al %(end)s") % {
        "code": report.account.code, "name": report.account.name, "start": format_date(report.start),
        "end": format_date(report.end)})
    print(_("Conciliados: %(n)s") % {"n": len(r.matched)})
    for words, lines in ((_("Solo en el estado de cuenta:"), r.bank_only), (_("Solo en los libros:"), r.book_only)):
        print(words)
        if not lines:
            print("  " + _("ninguno"))
        for m in lines:
            print(f"  {format_date(m.day)}  {m.reference:<14} {_in(m.amount, cur):>18}  {m.description}")
    print_table([(_("Concepto"), _("Importe")),
                 (_("Saldo según los libros"), _in(r.book_balance, cur)),
                 (_("Saldo conciliado"), _in(r.adjusted, cur)),
                 (_("Saldo según el estado de cuenta"), _in(r.statement_balance, cur)),
                 (_("Diferencia sin explicar"), _in(r.difference, cur))], right=(1,))
    if args.pdf:
        from coopdesk.reports.bank_reconciliation_pdf import render_reconciliation  # ReportLab, only to print

        render_reconciliation(report, cooperative.name, cooperative.ruc, today, args.pdf)
        print(_("Conciliación en PDF: %(file)s") % {"file": args.pdf})
    return 0


def add_parsers(sub) -> None:
    banks = sub.add_parser("banks", help=_("cuentas bancarias por banco y moneda, tipos de cambio, diferencia de "
                                          "cambio y conciliación bancaria")
                           ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = banks.add_parser("add", help=_("registra una cuenta bancaria y abre su subcuenta de 1041"))
    s.add_argument("--bank", required=True, metavar=_("BANCO"), help=_("el banco, por ejemplo BCP"))
    s.add_argument("--number", required=True, metavar=_("NÚMERO"), help=_("el número de la cuenta"))
    s.add_argument("--currency", required=True, metavar="PEN|USD", help=_("la moneda: PEN o USD"))
    s.add_argument("--entity", metavar=_("CÓDIGO"), help=_("el código del banco en la tabla 3 de SUNAT (02 BCP, 11 "
                                                         "BBVA), para el libro 1.2"))
    s.set_defaults(func=cmd_banks_add)
    s = banks.add_parser("list", help=_("las cuentas bancarias con su saldo en su moneda y en soles"))
    s.add_argument("--date", metavar=_("FECHA"), help=_("el saldo a esta fecha (por defecto hoy)"))
    s.set_defaults(func=cmd_banks_list)
    rates = banks.add_parser("rates", help=_("tipos de cambio de la SBS (compra y venta) por día")
                             ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = rates.add_parser("import", help=_("importa los tipos de cambio de un CSV o XLSX (Fecha, Compra, Venta)"))
    s.add_argument("file", metavar=_("ARCHIVO"))
    s.add_argument("--source", default="SBS", metavar=_("FUENTE"), help=_("de dónde son (por defecto SBS)"))
    s.set_defaults(func=cmd_banks_rates_import)
    s = rates.add_parser("show", help=_("el tipo de cambio que rige en una fecha"))
    s.add_argument("--date", metavar=_("FECHA"), help=_("la fecha (por defecto hoy)"))
    s.set_defaults(func=cmd_banks_rates_show)
    s = banks.add_parser("revalue", help=_("diferencia de cambio de los saldos en dólares al cierre del mes "
                                          "(676 / 776)"))
    s.add_argument("--month", required=True, metavar=_("AAAA-MM"), help=_("el mes, por ejemplo 2026-11"))
    s.set_defaults(func=cmd_banks_revalue)
    s = banks.add_parser("reconcile", help=_("concilia una cuenta con el estado de cuenta del banco (CSV o XLSX)"))
    s.add_argument("code", metavar=_("CUENTA"), help=_("la subcuenta de la cuenta bancaria, por ejemplo 10411"))
    s.add_argument("file", metavar=_("ARCHIVO"))
    s.add_argument("--pdf", metavar=_("ARCHIVO"), help=_("escribe la conciliación en PDF"))
    s.set_defaults(func=cmd_banks_reconcile)
