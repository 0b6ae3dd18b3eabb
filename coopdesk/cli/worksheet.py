"""``coopdesk ledger worksheet``: the hoja de trabajo of a period on the screen or
in JSON, and ``coopdesk ledger print hoja-trabajo``: the same as a PDF, A4
across (docs/ledger.md, «Estados financieros»). The same core calls as the
Contabilidad screen: ``book.ledger.worksheet``."""

from __future__ import annotations

from datetime import date

from coopdesk.cli.args import Reader, UsageError, print_table, today
from coopdesk.cli.auth import open_book
from coopdesk.domain.financial_statements import CARRIED_RESULT
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _


def _period(args) -> tuple[date, date]:
    """``--to`` (default today) and ``--from`` (default 1 January of its year)."""
    from coopdesk.cli.ledger import _optional_date

    read = Reader()
    end = _optional_date(read, args.end, "end")
    start = _optional_date(read, args.start, "start")
    read.done()
    end = end or today()
    start = start or date(end.year, 1, 1)
    if start > end or start.year != end.year:
        raise UsageError([Problem("start", N_(
            "La hoja de trabajo es de un periodo dentro de un ejercicio: del %(start)s al %(end)s no lo es."),
            {"start": start, "end": end})])
    return start, end


COLUMNS = ("debit", "credit", "debit_balance", "credit_balance", "assets", "liabilities_and_equity",
           "nature_losses", "nature_gains", "function_losses", "function_gains")


def cmd_worksheet(args) -> int:
    from coopdesk.cli.ledger import _amount, _dumps, _money, _range_words

    start, end = _period(args)
    with open_book(args) as book:
        sheet = book.ledger.worksheet(end, start)
    carried = _("Resultado acumulado antes del periodo (sin cerrar)")
    if args.json:
        print(_dumps({"from": start.isoformat(), "to": end.isoformat(), "accounts": [
            {"code": r.code, "name": r.name if r.code != CARRIED_RESULT else carried, "kind": r.kind,
             **{k: _amount(v) for k, v in zip(COLUMNS, r.columns)}} for r in sheet.rows],
            "totals": {k: _amount(v) for k, v in zip(COLUMNS, sheet.totals)},
            "result": {"inventory": _amount(sheet.inventory_result), "nature": _amount(sheet.nature_result),
                       "function": _amount(sheet.function_result)},
            "balanced_totals": {k: _amount(v) for k, v in zip(COLUMNS, sheet.balanced_totals)},
            "ties": sheet.ties}))
        return 0
    print(_("Hoja de trabajo, %(range)s") % {"range": _range_words(start, end)})
    if not sheet.rows:
        print(_("No hay asientos."))
        return 0

    def cells(values) -> tuple[str, ...]:
        return tuple(_money(v) if v else "" for v in values)

    table = [("", "", _("Sumas"), "", _("Saldos"), "", _("Inventario"), "", _("Naturaleza"), "", _("Función"), ""),
             (_("Cuenta"), _("Nombre"), _("Debe"), _("Haber"), _("Deudor"), _("Acreedor"), _("Activo"),
              _("Pasivo y patrimonio"), _("Pérdidas"), _("Ganancias"), _("Pérdidas"), _("Ganancias"))]
    table += [(r.code, r.name if r.code != CARRIED_RESULT else carried) + cells(r.columns) for r in sheet.rows]
    table.append((_("Totales"), "") + cells(sheet.totals))
    table.append((_("Resultado del periodo"), "") + cells(sheet.closing))
    table.append((_("Sumas iguales"), "") + tuple(_money(v) for v in sheet.balanced_totals))
    print_table(table, right=tuple(range(2, 12)))
    print()
    if sheet.ties:
        print(_("Cuadra: cada par de columnas suma lo mismo y el resultado del periodo, %(result)s, es el mismo en el "
                "Inventario, por naturaleza y por función.") % {"result": _money(sheet.result)})
        return 0
    print(_("No cuadra: resultado %(inventory)s en el Inventario, %(nature)s por naturaleza y %(function)s por "
            "función.") % {"inventory": _money(sheet.inventory_result), "nature": _money(sheet.nature_result),
                           "function": _money(sheet.function_result)})
    return 0


def cmd_print_worksheet(args) -> int:
    from coopdesk.cli.ledger import _pdf_path, _saved
    from coopdesk.core.ledger_books import open_period, printable_worksheet
    from coopdesk.reports.ledger_view import provisional, worksheet_view
    from coopdesk.reports.worksheet_pdf import render_worksheet, worksheet_filename

    start, end = _period(args)
    with open_book(args) as book:
        sheet, cooperative, start = printable_worksheet(book, end, start)
        view = provisional(worksheet_view(sheet, cooperative, start, end, book.clock.today()),
                           open_period(book, end))
    out = _pdf_path(args.out, worksheet_filename(start, end))
    render_worksheet(view, out)
    return _saved(view, out)


def _dates(s) -> None:
    s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha (por defecto el 1 de enero)"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha (por defecto hoy)"))


def add_ledger_parser(ledger) -> None:
    """``ledger worksheet``."""
    s = ledger.add_parser("worksheet", aliases=["hoja-trabajo"], help=_(
        "Hoja de trabajo: sumas, saldos, inventario y resultados por naturaleza y por función"))
    _dates(s)
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_worksheet)


def add_print_parser(books) -> None:
    """``ledger print hoja-trabajo``."""
    s = books.add_parser("hoja-trabajo", aliases=["worksheet"], help=_(
        "Hoja de trabajo del periodo en PDF (A4 apaisado)"))
    s.add_argument("--out", required=True, metavar=_("ARCHIVO"), help=_("archivo PDF de salida (o una carpeta)"))
    _dates(s)
    s.set_defaults(func=cmd_print_worksheet)
