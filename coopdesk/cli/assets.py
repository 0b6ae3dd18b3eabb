"""``coopdesk assets ...``: the register of fixed assets and the month's depreciation
(``book.assets``; docs/fixed_assets.md).

- ``assets add``: an asset, bought with its own entry (``--paid-from``) or linked to the
  entry that bought it (``--entry 2026-000123``);
- ``assets list [--out FILE]``: the register (PDF, XLSX or CSV by the file's extension);
- ``assets depreciate --month 2026-11 [--preview]``: the month's entry;
- ``assets retire CODE --date --reason``: the baja; ``assets void CODE --reason``: a mistake;
- ``assets schedule CODE [--out FILE]``: the asset's depreciation month by month.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from coopdesk.cli.args import Reader, confirm_negative_option, print_table
from coopdesk.cli.auth import open_book
from coopdesk.domain import fixed_assets as F
from coopdesk.domain.money import ZERO
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_date, format_money, format_number

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def _month(read: Reader, text: str | None, field: str = "month") -> tuple[int, int] | None:
    found = _MONTH.match(text or "")
    if found is None or not 1 <= int(found.group(2)) <= 12:
        read.problems.append(Problem(field, N_("«%(month)s» no es un mes: escríbalo como 2026-11."),
                                     {"month": text or ""}))
        return None
    return int(found.group(1)), int(found.group(2))


def _percent(value) -> str:
    return format_number(value.normalize() if value == value.to_integral() else value) + " %"


def cmd_add(args) -> int:
    read = Reader()
    acquired = read.date(args.date, "acquired_on")
    cost = read.decimal(args.cost, "cost")
    prior = read.decimal(args.prior, "prior") if args.prior else ZERO
    start = None
    if args.start:
        month = _month(read, args.start, "start")
        if month is not None:
            start = date(month[0], month[1], 1)
    read.done()
    data = F.AssetInput(code=args.code, description=args.description, account=args.account, acquired_on=acquired,
                        cost=cost, category=args.category or "", start=start, prior=prior,
                        paid_from=args.paid_from or "", entry=args.entry or "", reference=args.reference or "")
    with open_book(args) as book:
        asset = book.assets.get(book.assets.add(data))
    print(_("Se registró el activo %(code)s: %(description)s, costo %(cost)s en la cuenta %(account)s; se deprecia "
            "al %(percent)s anual (%(quota)s al mes) desde %(start)s. Asiento de compra %(entry)s.") % {
        "code": asset.code, "description": asset.description, "cost": format_money(asset.cost),
        "account": asset.account, "percent": _percent(asset.percent), "quota": format_money(asset.quota),
        "start": f"{asset.start[1]:02d}/{asset.start[0]}", "entry": asset.entry_number})
    return 0


def cmd_list(args) -> int:
    with open_book(args) as book:
        assets = book.assets.list()
        if args.out:
            out = Path(args.out)
            if out.suffix.lower() == ".pdf":
                from coopdesk.reports.fixed_assets_pdf import render_asset_register  # ReportLab, only to print
                cooperative, today = book.cooperative, book.clock.today()
                render_asset_register(assets, {c: _(n) for c, n in F.CATEGORY_NAMES.items()},
                                      {s: _(s) for s in F.STATUSES}, cooperative.name, cooperative.ruc, today, out)
            else:
                book.assets.write_register(out)
            print(_("Archivo: %(file)s") % {"file": out})
            return 0
    if not assets:
        print(_("No hay activos registrados."))
        return 0
    table = [(_("Código"), _("Descripción"), _("Cuenta"), _("Tasa"), _("Adquisición"), _("Costo"),
              _("Dep. acumulada"), _("Valor neto"), _("Último mes"), _("Estado"))]
    table += [(a.code, a.description, a.account, _percent(a.percent), format_date(a.acquired_on),
               format_money(a.cost), format_money(a.accumulated), format_money(a.book_value), a.last_month,
               _(a.status)) for a in assets]
    print_table(table, right=(3, 5, 6, 7))
    return 0


def cmd_depreciate(args) -> int:
    read = Reader()
    month = _month(read, args.month)
    read.done()
    with open_book(args) as book:
        if args.preview:
            done = book.assets.preview(*month)
        else:
            done = book.assets.depreciate(*month)
            entry = book.ledger.entries(ids=[done.entry_id])[0].number
    table = [(_("Activo"), _("Descripción"), _("Depreciación"))]
    table += [(code, description, format_money(amount)) for code, description, amount in done.lines]
    if done.lines:
        print_table(table, right=(2,))
    if args.preview:
        print(_("Por registrar en %(period)s: %(total)s (nada se registró).") % {
            "period": args.month.strip(), "total": format_money(done.total)})
    else:
        print(_("Se registró la depreciación de %(period)s: %(total)s. Asiento %(entry)s.") % {
            "period": args.month.strip(), "total": format_money(done.total), "entry": entry})
    return 0


def cmd_retire(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        asset_id = book.assets.find(args.code)
        entry_id = book.assets.retire(asset_id, day, args.reason)
        number = book.ledger.entries(ids=[entry_id])[0].number
    print(_("Se dio de baja el activo %(code)s el %(date)s. Asiento %(entry)s.") % {
        "code": args.code.strip(), "date": format_date(day), "entry": number})
    return 0


def cmd_void(args) -> int:
    with open_book(args) as book:
        book.assets.void(book.assets.find(args.code), args.reason)
    print(_("Se anuló el activo %(code)s.") % {"code": args.code.strip()})
    return 0


def cmd_schedule(args) -> int:
    with open_book(args) as book:
        asset_id = book.assets.find(args.code)
        schedule = book.assets.schedule(asset_id)
        if args.out:
            out = Path(args.out)
            if out.suffix.lower() == ".pdf":
                from coopdesk.reports.fixed_assets_pdf import render_asset_schedule  # ReportLab, only to print
                cooperative, today = book.cooperative, book.clock.today()
                a = schedule.asset
                render_asset_schedule(schedule, _(F.CATEGORY_NAMES[a.category]), F.rate(a.category, today).source,
                                      cooperative.name, cooperative.ruc, today, out)
            else:
                book.assets.write_schedule(asset_id, out)
            print(_("Archivo: %(file)s") % {"file": out})
            return 0
    a = schedule.asset
    print(f"{a.code} {a.description} · {a.account} · {_(F.CATEGORY_NAMES[a.category])} · {format_money(a.cost)}")
    table = [(_("Mes"), _("Tasa"), _("Depreciación"), _("Acumulada"), _("Valor neto"), _("Asiento"))]
    table += [(r.period, _percent(r.percent), format_money(r.amount), format_money(r.accumulated),
               format_money(r.book_value), r.entry or _("por registrar")) for r in schedule.rows]
    print_table(table, right=(1, 2, 3, 4))
    print(_("Total: %(total)s.") % {"total": format_money(schedule.total)})
    return 0


def add_parsers(sub) -> None:
    assets = sub.add_parser("assets", help=_("activos fijos: registro, depreciación mensual y baja")
                            ).add_subparsers(metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = assets.add_parser("add", help=_("registra un activo fijo (con su asiento de compra, o enlazado al asiento "
                                        "que ya lo compró)"))
    s.add_argument("--code", required=True, metavar=_("CÓDIGO"), help=_("código del activo, por ejemplo AF-001"))
    s.add_argument("--description", required=True, metavar=_("DESCRIPCIÓN"))
    s.add_argument("--account", required=True, metavar=_("CUENTA"),
                   help=_("cuenta de 33, por ejemplo 3361 equipo de cómputo, 3341 vehículos, 3321 edificaciones"))
    s.add_argument("--date", required=True, metavar=_("FECHA"), help=_("fecha de adquisición"))
    s.add_argument("--cost", required=True, metavar=_("MONTO"), help=_("costo en soles"))
    s.add_argument("--category", choices=list(F.CATEGORIES),
                   help=_("categoría de depreciación (por defecto, la de la cuenta)"))
    s.add_argument("--start", metavar=_("AAAA-MM"),
                   help=_("mes en que empieza a depreciarse (por defecto, el de la adquisición)"))
    s.add_argument("--prior", metavar=_("MONTO"),
                   help=_("depreciación acumulada antes de llevarlo en coopdesk (la del asiento de apertura)"))
    how = s.add_mutually_exclusive_group(required=True)
    how.add_argument("--paid-from", metavar=_("CUENTA"),
                     help=_("registra la compra: 101 caja, 1041 banco o 4212 por pagar al proveedor"))
    how.add_argument("--entry", metavar=_("ASIENTO"),
                     help=_("el asiento que ya registró la compra, por ejemplo 2026-000123"))
    s.add_argument("--reference", metavar=_("COMPROBANTE"), help=_("la factura de compra, por ejemplo F001-000123"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_add)
    s = assets.add_parser("list", help=_("el registro de activos fijos"))
    s.add_argument("--out", metavar=_("ARCHIVO"), help=_("escribe el registro en PDF, XLSX o CSV"))
    s.set_defaults(func=cmd_list)
    s = assets.add_parser("depreciate", help=_("registra la depreciación de un mes (un asiento, nunca dos veces)"))
    s.add_argument("--month", required=True, metavar=_("AAAA-MM"), help=_("el mes, por ejemplo 2026-11"))
    s.add_argument("--preview", action="store_true", help=_("muestra lo que se registraría, sin registrarlo"))
    s.set_defaults(func=cmd_depreciate)
    s = assets.add_parser("retire", help=_("da de baja un activo con un asiento fechado"))
    s.add_argument("code", metavar=_("CÓDIGO"))
    s.add_argument("--date", required=True, metavar=_("FECHA"), help=_("fecha de la baja"))
    s.add_argument("--reason", required=True, metavar=_("MOTIVO"), help=_("venta, robo, desuso, siniestro…"))
    s.set_defaults(func=cmd_retire)
    s = assets.add_parser("void", help=_("anula un activo registrado por error (sin depreciación ni baja)"))
    s.add_argument("code", metavar=_("CÓDIGO"))
    s.add_argument("--reason", required=True, metavar=_("MOTIVO"))
    s.set_defaults(func=cmd_void)
    s = assets.add_parser("schedule", help=_("el cuadro de depreciación de un activo, mes a mes"))
    s.add_argument("code", metavar=_("CÓDIGO"))
    s.add_argument("--out", metavar=_("ARCHIVO"), help=_("escribe el cuadro en PDF, XLSX o CSV"))
    s.set_defaults(func=cmd_schedule)
