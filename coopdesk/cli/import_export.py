"""``coopdesk import ...`` and ``coopdesk export ...``: spreadsheets in and out.

The same core calls as the GUI would make (``book.imports``, ``book.exports``).
An import prints every problem as «Fila 7, columna «Kg neto»: ...» on stderr
and exits with status 2 without writing anything; otherwise it prints what was
added (or, with ``--dry-run``, what would be) and which rows were already there.
"""

from __future__ import annotations

import sys

from coopdesk.cli.args import Reader, confirm_negative_option
from coopdesk.cli.auth import open_book
from coopdesk.i18n.transfers import exported, summary
from coopdesk.i18n import _, describe, ngettext
from coopdesk.i18n.formatting import format_number



def problem_line(problem) -> str:
    """«Fila 7, columna «Kg neto»: ...», «Fila 7: ...», or the file's own problem."""
    message = describe(problem.problem)
    if problem.row == 0:
        return message
    if problem.column:
        return _("Fila %(row)s, columna «%(column)s»: %(message)s") % {
            "row": problem.row, "column": problem.column, "message": message}
    return _("Fila %(row)s: %(message)s") % {"row": problem.row, "message": message}


def cmd_import(args) -> int:
    with open_book(args) as book:
        report = getattr(book.imports, args.kind)(args.file, dry_run=args.dry_run)
    if report.ignored_columns:
        print(_("Columnas que no se importan: %(columns)s.") % {
            "columns": ", ".join(f"«{c}»" for c in report.ignored_columns)})
    if report.problems:
        for problem in report.problems:
            print(problem_line(problem), file=sys.stderr)
        print(ngettext("No se importó nada: el archivo tiene %(n)s problema. Corríjalo y vuelva a importarlo.",
                       "No se importó nada: el archivo tiene %(n)s problemas. Corríjalos y vuelva a importarlo.",
                       len(report.problems)) % {"n": format_number(len(report.problems))}, file=sys.stderr)
        return 2
    if not report.rows:
        print(_("El archivo no tiene filas con datos: no hay nada que importar."))
        return 0
    print(summary(report, args.dry_run))
    if args.dry_run:
        print(_("Es una revisión: no se guardó nada. Para importar, repita la orden sin --dry-run."))
    return 0


def cmd_export(args) -> int:
    with open_book(args) as book:
        if args.kind == "deliveries":
            n = book.exports.deliveries(args.out, campaign_code=args.campaign)
        elif args.kind == "worksheet" and args.end:
            read = Reader()
            end = read.date(args.end, "end")
            read.done()
            n = book.exports.worksheet(args.out, end)
        else:
            n = getattr(book.exports, args.kind.replace("-", "_"))(args.out)
    print(exported(args.kind.replace("-", "_"), n, args.out))
    return 0


def add_parsers(sub) -> None:
    imports = sub.add_parser("import", help=_("importa socios, entregas, movimientos, asistencia o precios de un "
                                              "CSV o XLSX")
                             ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    for kind, help_text in (("members", _("importa socios (docs/import.md)")),
                            ("deliveries", _("importa entregas (docs/import.md)")),
                            ("movements", _("importa movimientos de las cuentas de los socios (docs/import.md)")),
                            ("attendance", _("importa la asistencia a asambleas y faenas (docs/import.md)")),
                            ("prices", _("importa precios de adelanto desde una fecha (docs/import.md)")),
                            ("accounts", _("importa cuentas del plan contable (docs/import.md)"))):
        s = imports.add_parser(kind, help=help_text)
        s.add_argument("file", metavar=_("ARCHIVO"), help=_("archivo .csv o .xlsx"))
        s.add_argument("--dry-run", action="store_true",
                       help=_("revisa el archivo y dice qué se agregaría, sin guardar nada"))
        confirm_negative_option(s)
        s.set_defaults(func=cmd_import, kind=kind)

    exports = sub.add_parser("export", help=_("exporta socios, entregas, movimientos, precios o la contabilidad a CSV o XLSX")
                             ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    for kind, help_text in (("members", _("exporta el padrón de socios")),
                            ("deliveries", _("exporta las entregas")),
                            ("movements", _("exporta los movimientos de las cuentas de los socios")),
                            ("prices", _("exporta los precios de adelanto, con quién los registró y cuándo")),
                            ("accounts", _("exporta el plan de cuentas")),
                            ("journal", _("exporta el Libro Diario, una fila por línea de asiento")),
                            ("trial-balance", _("exporta el balance de comprobación")),
                            ("worksheet", _("exporta la hoja de trabajo del ejercicio hasta hoy (o --to)")),
                            ("sales", _("exporta las ventas, con su prima, diferencial, costo y asiento")),
                            ("expenses", _("exporta los gastos, con su cuenta y asiento"))):
        s = exports.add_parser(kind, help=help_text)
        s.add_argument("--out", required=True, metavar=_("ARCHIVO"),
                       help=_("archivo de salida: .csv o .xlsx (el formato va por la extensión)"))
        if kind == "deliveries":
            s.add_argument("--campaign", help=_("solo las entregas de esta campaña"))
        if kind == "worksheet":
            s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha (por defecto hoy)"))
        s.set_defaults(func=cmd_export, kind=kind)
