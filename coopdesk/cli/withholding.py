"""``coopdesk withholding report --month 2026-11 [--pdf FILE] [--xlsx FILE]``: the monthly
withholding report (Ley 31335) per member, for the declaration.

The same core call as any other face (``book.withholding.month``): each member's
net income from the cooperative in the month by kind (tickets, reintegros,
excedentes), the year's accumulated income, what the rule in force makes due,
what was withheld (of it, when the tickets were paid) and what was not (docs/criteria.md, «The retención»).
"""

from __future__ import annotations

import re

from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, print_table
from coopdesk.core.withholding import write_month_xlsx
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_money, month_name

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def cmd_withholding_report(args) -> int:
    read = Reader()
    found = _MONTH.match(args.month or "")
    if found is None or not 1 <= int(found.group(2)) <= 12:
        read.problems.append(Problem("month", N_("«%(month)s» no es un mes: escríbalo como 2026-11."),
                                     {"month": args.month}))
    read.done()
    year, month = int(found.group(1)), int(found.group(2))
    with open_book(args) as book:
        report = book.withholding.month(year, month)
        cooperative = book.cooperative
        today = book.clock.today()
    table = [(_("Código"), _("Socio"), _("Ingreso del mes"), _("Acumulado del año"), _("Según la regla"),
              _("Retenido en entregas"), _("Retenido"), _("Sin retener"))]
    table += [(line.code, line.name + (" " + _("(régimen general)") if line.general_regime else ""),
               format_money(line.income), format_money(line.year_to_date), format_money(line.due),
               format_money(line.withheld_intake), format_money(line.withheld), format_money(line.not_withheld))
              for line in report.lines]
    table.append((_("Total"), "", format_money(report.total("income")), "", format_money(report.total("due")),
                  format_money(report.total("withheld_intake")), format_money(report.total("withheld")),
                  format_money(report.total("not_withheld"))))
    print(_("Retenciones a socios, %(month)s de %(year)s (UIT %(uit)s; umbral %(threshold)s):") % {
        "month": month_name(month), "year": year, "uit": format_money(report.uit),
        "threshold": format_money(report.threshold)})
    print_table(table, right=(2, 3, 4, 5, 6, 7))
    if args.pdf:
        from coopdesk.reports.withholding_pdf import render_withholding_month  # ReportLab, only to print

        render_withholding_month(report, cooperative.name, cooperative.ruc, today, args.pdf)
        print(_("Reporte en PDF: %(file)s") % {"file": args.pdf})
    if args.xlsx:
        write_month_xlsx(report, args.xlsx)
        print(_("Reporte en hoja de cálculo: %(file)s") % {"file": args.xlsx})
    return 0


def add_parsers(sub) -> None:
    withholding = sub.add_parser("withholding", help=_("retenciones del impuesto a la renta a los socios")
                                 ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = withholding.add_parser("report", help=_("el reporte mensual por socio, para la declaración"))
    s.add_argument("--month", required=True, metavar=_("AAAA-MM"), help=_("el mes, por ejemplo 2026-11"))
    s.add_argument("--pdf", metavar=_("ARCHIVO"), help=_("escribe el reporte en PDF"))
    s.add_argument("--xlsx", metavar=_("ARCHIVO"), help=_("escribe el reporte en una hoja de cálculo (.xlsx o .csv)"))
    s.set_defaults(func=cmd_withholding_report)
