"""``coopdesk plots ...``: members' plots and the organic guard's report.

The same core calls as the GUI (``book.plots``). ``plots over`` lists every
member whose organic deliveries of a crop exceed the estimate of the internal
control system (members with no plots of the crop have an estimate of 0 kg).
"""

from __future__ import annotations

import json

from coopdesk.cli_auth import open_book
from coopdesk.cli_args import Reader, print_table
from coopdesk.domain.catalog import Certification, Crop
from coopdesk.domain.plots import PlotInput
from coopdesk.domain.text import search_fold
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_kg, format_number, format_percent


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
