"""``coopdesk plots ...``: members' plots and the organic guard's report.

The same core calls as the GUI (``book.plots``). ``plots over`` lists every
member whose organic deliveries of a crop exceed the estimate of the internal
control system (members with no plots of the crop have an estimate of 0 kg).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from coopdesk.cli import plot_screenings
from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, print_table
from coopdesk.core.plot_import import ImportOptions
from coopdesk.domain.catalog import Certification, Crop
from coopdesk.domain.plots import PlotInput, as_typed
from coopdesk.domain.problems import N_
from coopdesk.domain.text import search_fold
from coopdesk.i18n import _, describe, label, ngettext
from coopdesk.i18n.formatting import format_date, format_kg, format_number, format_percent

KINDS = {"Point": N_("punto"), "Polygon": N_("polígono")}


def cmd_plots_add(args) -> int:
    read = Reader()
    hectares = read.decimal(args.hectares, "hectares")
    yield_ = read.decimal(args.yield_, "yield_kg_per_ha")
    read.done()
    with open_book(args) as book:
        book.plots.add_plot(args.member, PlotInput(args.crop, hectares, yield_, args.name or "", args.certification))
        estimate = next(p for p in reversed(book.plots.plots(args.member)) if p.crop == args.crop)
        member = book.members.get(args.member)
    print(_("Se registró la parcela de %(crop)s de %(name)s (%(code)s): %(hectares)s ha × %(yield)s kg/ha, "
            "estimado %(kg)s.") % {"crop": label(args.crop), "name": member.full_name, "code": member.code,
                                  "hectares": format_number(estimate.hectares), "yield": format_number(yield_),
                                  "kg": format_kg(estimate.estimate_kg)})
    return 0


def cmd_plots_list(args) -> int:
    with open_book(args) as book:
        member = book.members.get(args.member)
        rows = book.plots.plots(args.member)
    if not rows:
        print(_("%(name)s (%(code)s) no tiene parcelas registradas.") % {"name": member.full_name, "code": member.code})
        return 0
    table = [(_("Cultivo"), _("Parcela"), _("Hectáreas"), _("Rendimiento kg/ha"), _("Certificación"),
              _("Estimado kg"))]
    table += [(label(p.crop), p.name, format_number(p.hectares), format_number(p.yield_kg_per_ha),
               label(p.certification) if p.certification else _("la del socio"), format_kg(p.estimate_kg))
              for p in rows]
    print_table(table, right=(2, 3, 5))
    return 0


def cmd_plots_over(args) -> int:
    with open_book(args) as book:
        campaign = book.campaigns.get(args.campaign)
        rows = book.plots.over_estimate(args.campaign)
    if args.json:
        print(json.dumps({"campaign": campaign.code, "members": [
            {"member": r.member_code, "name": r.member_name, "crop": r.crop, "delivered_kg": str(r.delivered),
             "estimate_kg": str(r.estimate), "excess_kg": str(r.excess),
             "percent": str(r.percent) if r.percent is not None else None} for r in rows]},
            ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("Ningún socio supera su estimado orgánico en la campaña %(campaign)s.") % {"campaign": campaign.name})
        return 0
    table = [(_("Código"), _("Socio"), _("Cultivo"), _("Entregado kg"), _("Estimado kg"), _("Exceso kg"),
              _("% del estimado"))]
    table += [(r.member_code, r.member_name, label(r.crop), format_kg(r.delivered), format_kg(r.estimate),
               format_kg(r.excess), format_percent(r.percent) if r.percent is not None else _("sin parcelas"))
              for r in rows]
    print_table(table, right=(3, 4, 5, 6))
    n = len({r.member_code for r in rows})
    print(ngettext("%(n)s socio supera su estimado orgánico en la campaña %(campaign)s.",
                   "%(n)s socios superan su estimado orgánico en la campaña %(campaign)s.", n)
          % {"n": format_number(n), "campaign": campaign.name})
    if any(r.percent is None for r in rows):
        print(_("«sin parcelas»: el socio entregó como orgánico un cultivo del que no tiene parcelas registradas; "
                "su estimado es 0 kg."))
    return 0


def _kind(kind: str | None) -> str:
    return _(KINDS[kind]) if kind in KINDS else _("sin ubicación")


def cmd_plots_import(args) -> int:
    read = Reader()
    yield_ = read.decimal(args.yield_, "yield_kg_per_ha") if args.yield_ else None
    mapped_on = read.date(args.mapped_on, "mapped_on") if args.mapped_on else None
    read.done()
    options = ImportOptions(args.member or "", args.crop or "", yield_, args.tenure or "", mapped_on)
    with open_book(args) as book:
        result = book.plots.import_file(args.file, options, check_only=args.check)
    for warning in result.warnings:
        print(_("Aviso: %(message)s") % {"message": describe(warning)}, file=sys.stderr)
    table = [(_("Socio"), _("Parcela"), _("Cultivo"), _("Ubicación"), _("Ha declaradas"), _("Ha medidas"),
              _("Cambio"))]
    table += [(p.member_code, describe(p.label), label(p.crop) if p.crop else "", _kind(p.kind),
               format_number(p.hectares) if p.hectares is not None else "",
               format_number(p.measured_ha) if p.measured_ha is not None else "",
               _("nueva") if p.new else _("ubicación agregada")) for p in result.plots]
    print_table(table, right=(4, 5))
    n, name = len(result.plots), Path(args.file).name
    if args.check:
        print(ngettext("%(n)s parcela de %(file)s (%(kind)s) está lista para importarse; no se guardó nada.",
                       "%(n)s parcelas de %(file)s (%(kind)s) están listas para importarse; no se guardó nada.", n)
              % {"n": format_number(n), "file": name, "kind": result.file_kind})
    else:
        print(ngettext("Se importó %(n)s parcela de %(file)s (%(kind)s).",
                       "Se importaron %(n)s parcelas de %(file)s (%(kind)s).", n)
              % {"n": format_number(n), "file": name, "kind": result.file_kind})
    return 0


def cmd_plots_show(args) -> int:
    with open_book(args) as book:
        rows = book.plots.all_plots(args.member)
    if args.geojson:
        # the geometry exactly as stored: its decimals as the field-mapping file wrote them
        features = ['{"type":"Feature","geometry":' + p.geometry + ',"properties":' + json.dumps({
            "plot_id": p.id, "member": p.member_code, "name": p.name, "crop": p.crop, "hectares": str(p.hectares),
            "area_m2": p.area_m2, "tenure_document": p.tenure_document,
            "mapped_on": p.mapped_on.isoformat() if p.mapped_on else None}, ensure_ascii=False) + "}"
            for p in rows if p.geometry]
        print('{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}")
        return 0
    if not rows:
        print(_("No hay parcelas registradas."))
        return 0
    table = [(_("Id"), _("Socio"), _("Parcela"), _("Cultivo"), _("Ha declaradas"), _("Ha medidas"), _("Ubicación"),
              _("Latitud, longitud"), _("Mapeada"), _("Documento de tenencia"))]
    for p in rows:
        position = p.position
        kind = _kind(p.geometry_kind)
        if p.geometry_kind == "Polygon":
            kind = ngettext("polígono de %(n)s vértice", "polígono de %(n)s vértices", p.vertices) % {
                "n": format_number(p.vertices)}
        table.append((str(p.id), p.member_code, p.name, label(p.crop), format_number(p.hectares),
                      format_number(Decimal(p.area_m2).scaleb(-4).quantize(Decimal("0.01")))
                      if p.area_m2 is not None else "", kind,
                      f"{position[0]}, {position[1]}" if position else "",
                      format_date(p.mapped_on) if p.mapped_on else "", p.tenure_document))
    print_table(table, right=(0, 4, 5))
    unmapped = sum(1 for p in rows if not p.geometry)
    if unmapped:
        print(ngettext("%(n)s parcela no tiene ubicación: mapéela e impórtela con «coopdesk plots import».",
                       "%(n)s parcelas no tienen ubicación: mapéelas e impórtelas con «coopdesk plots import».",
                       unmapped) % {"n": format_number(unmapped)})
    return 0


def cmd_plots_norm(args) -> int:
    read = Reader()
    valid_from = read.date(args.valid_from, "valid_from")
    kg = read.decimal(args.kg_per_ha, "kg_per_ha")
    read.done()
    with open_book(args) as book:
        book.plots.set_yield_norm(args.crop, valid_from, kg, args.source or "")
    print(_("Desde el %(date)s, la norma de %(crop)s es %(kg)s kg por hectárea y campaña.")
          % {"date": format_date(valid_from), "crop": label(args.crop), "kg": format_number(as_typed(kg))})
    return 0


def cmd_plots_norms(args) -> int:
    with open_book(args) as book:
        rows = book.plots.yield_norms()
    if not rows:
        print(_("No hay normas de rendimiento: registre una con «coopdesk plots norm»."))
        return 0
    table = [(_("Cultivo"), _("Desde"), _("kg/ha por campaña"), _("Fuente"), _("Registró"))]
    table += [(label(r.crop), format_date(r.valid_from), format_number(as_typed(r.kg_per_ha)), r.source,
               r.recorded_by)
              for r in rows]
    print_table(table, right=(2,))
    return 0


def cmd_plots_over_norm(args) -> int:
    with open_book(args) as book:
        campaign = book.campaigns.get(args.campaign)
        rows = book.plots.over_norm(args.campaign)
    if not rows:
        print(_("Ninguna parcela supera la norma de rendimiento de su cultivo en la campaña %(campaign)s.")
              % {"campaign": campaign.name})
        return 0
    table = [(_("Código"), _("Socio"), _("Parcela"), _("Cultivo"), _("Hectáreas"), _("Entregado kg"), _("kg/ha"),
              _("Norma kg/ha"))]
    table += [(r.member_code, r.member_name, r.plot_name or f"n.° {r.plot_id}", label(r.crop),
               format_number(r.hectares), format_kg(r.total), format_number(r.per_hectare),
               format_number(as_typed(r.norm.kg_per_ha))) for r in rows]
    print_table(table, right=(4, 5, 6, 7))
    print(ngettext("%(n)s parcela supera la norma de rendimiento de su cultivo en la campaña %(campaign)s.",
                   "%(n)s parcelas superan la norma de rendimiento de su cultivo en la campaña %(campaign)s.",
                   len(rows)) % {"n": format_number(len(rows)), "campaign": campaign.name})
    return 0


def add_parsers(sub) -> None:
    plots = sub.add_parser("plots", help=_("parcelas de los socios y control orgánico (estimado de cosecha)")
                           ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = plots.add_parser("add", help=_("registra una parcela del socio"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--crop", required=True, type=search_fold, choices=[c.value for c in Crop],
                   help=_("cultivo: cacao, cafe o copoazu"))
    s.add_argument("--hectares", required=True, help=_("hectáreas, por ejemplo 2.5"))
    s.add_argument("--yield", dest="yield_", required=True, help=_("rendimiento estimado en kg por hectárea"))
    s.add_argument("--name", help=_("nombre o ubicación de la parcela"))
    s.add_argument("--certification", type=search_fold, choices=[c.value for c in Certification],
                   help=_("certificación de la parcela (por defecto, la del socio)"))
    s.set_defaults(func=cmd_plots_add)
    s = plots.add_parser("list", help=_("lista las parcelas del socio y su estimado"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.set_defaults(func=cmd_plots_list)
    s = plots.add_parser("over", help=_("socios cuyas entregas orgánicas superan su estimado"))
    s.add_argument("--campaign", help=_("código de la campaña (por defecto la actual)"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_plots_over)
    s = plots.add_parser("import", help=_("importa la ubicación de parcelas de un archivo GeoJSON, KML, KMZ, GPX o "
                                          "CSV (todo o nada)"))
    s.add_argument("file", metavar=_("ARCHIVO"), help=_("el archivo del aplicativo de mapeo"))
    s.add_argument("--member", help=_("código del socio (si el archivo no lo dice por parcela)"))
    s.add_argument("--crop", type=search_fold, choices=[c.value for c in Crop],
                   help=_("cultivo de las parcelas nuevas (si el archivo no lo dice)"))
    s.add_argument("--yield", dest="yield_", help=_("rendimiento estimado en kg/ha de las parcelas nuevas"))
    s.add_argument("--tenure", help=_("referencia del documento de tenencia de la tierra"))
    s.add_argument("--mapped-on", help=_("fecha en que se mapearon las parcelas (si el archivo no la dice)"))
    s.add_argument("--check", action="store_true", help=_("solo revisa el archivo; no guarda nada"))
    s.set_defaults(func=cmd_plots_import)
    s = plots.add_parser("show", help=_("muestra las parcelas con su ubicación, área medida y documentos"))
    s.add_argument("--member", help=_("código del socio (por defecto, todas las parcelas)"))
    s.add_argument("--geojson", action="store_true", help=_("salida en GeoJSON (las parcelas con ubicación)"))
    s.set_defaults(func=cmd_plots_show)
    s = plots.add_parser("norm", help=_("registra la norma de rendimiento de un cultivo (kg por hectárea y "
                                        "campaña) desde una fecha"))
    s.add_argument("--crop", required=True, type=search_fold, choices=[c.value for c in Crop],
                   help=_("cultivo: cacao, cafe o copoazu"))
    s.add_argument("--from", dest="valid_from", required=True, help=_("vigente desde, por ejemplo 01/01/2026"))
    s.add_argument("--kg-per-ha", required=True, help=_("kg por hectárea y campaña (del producto de referencia: "
                                                        "grano seco, pergamino)"))
    s.add_argument("--source", required=True, help=_("de dónde viene la norma"))
    s.set_defaults(func=cmd_plots_norm)
    s = plots.add_parser("norms", help=_("lista las normas de rendimiento por cultivo"))
    s.set_defaults(func=cmd_plots_norms)
    s = plots.add_parser("over-norm", help=_("parcelas cuyas entregas superan la norma de rendimiento por hectárea"))
    s.add_argument("--campaign", help=_("código de la campaña (por defecto la actual)"))
    s.set_defaults(func=cmd_plots_over_norm)
    plot_screenings.add_plot_parsers(plots)
