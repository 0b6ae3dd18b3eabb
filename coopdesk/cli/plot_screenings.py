"""``coopdesk plots screening | override | pending``: deforestation evidence per
plot (issue 17, item 5; docs/traceability.md, «Deforestation evidence»)."""

from __future__ import annotations

from pathlib import Path

from coopdesk.cli.args import Reader, print_table
from coopdesk.cli.auth import open_book
from coopdesk.domain.screening import NO_RISK, RESULT_LABELS, REVIEW, RISK
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_number


def _result(result: str | None) -> str:
    return _(RESULT_LABELS[result]) if result else _("sin evaluación")


def cmd_plots_screening(args) -> int:
    read = Reader()
    day = read.date(args.date, "date") if args.date else None
    read.done()
    with open_book(args) as book:
        result = book.screenings.import_file(args.file, args.source or "", day, check_only=args.check)
    table = [(_("Parcela n.°"), _("Socio"), _("Parcela"), _("Resultado"), _("Fuente"), _("Fecha"))]
    table += [(str(r.plot_id), r.member_code, r.plot_name, _result(r.result), r.source, format_date(r.screened_on))
              for r in result.rows]
    print_table(table, right=(0,))
    n, name = len(result.rows), Path(args.file).name
    figures = {"n": format_number(n), "file": name, "none": format_number(result.count(NO_RISK)),
               "risk": format_number(result.count(RISK)), "review": format_number(result.count(REVIEW))}
    if args.check:
        print(ngettext("%(n)s resultado de %(file)s está listo para importarse; no se guardó nada.",
                       "%(n)s resultados de %(file)s están listos para importarse; no se guardó nada.", n) % figures)
    else:
        print(ngettext("Se importó %(n)s resultado de %(file)s: %(none)s sin riesgo, %(risk)s con riesgo, "
                       "%(review)s por revisar.",
                       "Se importaron %(n)s resultados de %(file)s: %(none)s sin riesgo, %(risk)s con riesgo, "
                       "%(review)s por revisar.", n) % figures)
    return 0


def cmd_plots_override(args) -> int:
    with open_book(args) as book:
        book.screenings.override(args.plot, args.reason or "")
        status = next(s for s in book.screenings.statuses() if s.plot_id == args.plot)
    print(_("Se registró la excepción de la parcela n.° %(id)s «%(plot)s» de %(name)s (%(code)s): sus entregas "
            "pueden entrar en lotes para la UE pese a su evaluación «%(result)s» (%(source)s, %(date)s).") % {
        "id": status.plot_id, "plot": status.name, "name": status.member_name, "code": status.member_code,
        "result": _result(status.result), "source": status.source, "date": format_date(status.screened_on)})
    return 0


def cmd_plots_pending(args) -> int:
    from coopdesk.core.screenings import export_pending, what_to_do

    with open_book(args) as book:
        everything = book.screenings.statuses()
        if args.out:
            export_pending(book, args.out, args.zone)
    if args.zone:
        everything = [s for s in everything if s.zone_code.upper() == args.zone.strip().upper()]
    pending = [s for s in everything if s.pending]
    zones: dict[tuple[str, str], list[int]] = {}
    for s in everything:
        figures = zones.setdefault((s.zone_code, s.zone_name), [0, 0, 0, 0])
        figures[0] += 1
        figures[1] += s.geometry_kind is None
        figures[2] += s.result is None
        figures[3] += s.at_risk
    table = [(_("Zona"), _("Parcelas"), _("Sin ubicación"), _("Sin evaluación"), _("Con riesgo"))]
    table += [(f"{code} {name}", *(format_number(n) for n in figures)) for (code, name), figures in zones.items()]
    print(_("Por zona:"))
    print_table(table, right=(1, 2, 3, 4))
    if not pending:
        print(_("Todas las parcelas tienen ubicación y una evaluación sin riesgo."))
        return 0
    print()
    print(_("Por socio, las parcelas por visitar:"))
    kinds = {"Point": _("punto"), "Polygon": _("polígono"), None: _("sin ubicación")}
    table = [(_("Zona"), _("Socio"), _("Nombre"), _("Parcela n.°"), _("Parcela"), _("Cultivo"), _("Ubicación"),
              _("Evaluación"), _("Qué hacer"))]
    table += [(s.zone_code, s.member_code, s.member_name, str(s.plot_id), s.name, label(s.crop),
               kinds[s.geometry_kind], _result(s.result), _(what_to_do(s))) for s in pending]
    print_table(table, right=(3,))
    members = len({s.member_code for s in pending})
    print(ngettext("%(n)s parcela por visitar", "%(n)s parcelas por visitar", len(pending))
          % {"n": format_number(len(pending))} + ", " +
          ngettext("de %(n)s socio.", "de %(n)s socios.", members) % {"n": format_number(members)})
    if args.out:
        print(_("Se guardó la lista en %(file)s.") % {"file": args.out})
    return 0


def add_plot_parsers(plots) -> None:
    """The subcommands of «coopdesk plots» declared here (called by coopdesk.cli.plots)."""
    s = plots.add_parser("screening", help=_("importa el resultado de una evaluación de deforestación por parcela "
                                             "(CSV, XLSX o GeoJSON; todo o nada)"))
    s.add_argument("file", metavar=_("ARCHIVO"), help=_("el archivo del comprador o del servicio de evaluación"))
    s.add_argument("--source", help=_("fuente de los resultados (si el archivo no la dice por fila)"))
    s.add_argument("--date", help=_("fecha de la evaluación (si el archivo no la dice; por defecto hoy)"))
    s.add_argument("--check", action="store_true", help=_("solo revisa el archivo; no guarda nada"))
    s.set_defaults(func=cmd_plots_screening)
    s = plots.add_parser("override", help=_("registra una excepción, con su motivo, para que las entregas de una "
                                            "parcela con riesgo entren en lotes para la UE"))
    s.add_argument("--plot", required=True, type=int, help=_("número de la parcela (plots show)"))
    s.add_argument("--reason", required=True, help=_("motivo: la visita de campo, su fecha, quién la hizo"))
    s.set_defaults(func=cmd_plots_override)
    s = plots.add_parser("pending", help=_("parcelas sin ubicación, sin evaluación o con riesgo, por zona y socio"))
    s.add_argument("--zone", help=_("código de la zona (por defecto, todas)"))
    s.add_argument("--out", help=_("guarda la lista en un archivo .xlsx o .csv para el personal de campo"))
    s.set_defaults(func=cmd_plots_pending)
