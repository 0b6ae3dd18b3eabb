"""The book's everyday commands: members, deliveries, products and zones, member
statements and ``check``.

Declared here and imported by ``coopdesk.cli`` only when one of them is typed
(``coopdesk.cli.COMMANDS``).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from coopdesk.cli.args import Reader, confirm_negative_option, print_table
from coopdesk.cli.auth import open_book
from coopdesk.core import Book, BookError, InvalidInput
from coopdesk.domain.catalog import Certification, Gender, MemberStatus
from coopdesk.domain.limits import MAX_TYPED_DIGITS
from coopdesk.domain.text import search_fold
from coopdesk.domain.problems import Problem
from coopdesk.domain.rules import DeliveryInput, MemberInput
from coopdesk.i18n import N_, _, describe, label, ngettext
from coopdesk.i18n.formatting import format_date, format_kg, format_money, format_number


def cmd_members_list(args) -> int:
    with open_book(args) as book:
        rows = book.members.page(args.search or "", limit=args.limit)
        table = [(_("Código"), _("Apellidos y nombres"), _("DNI"), _("Zona"), _("Certificación"), _("Estado"))]
        table += [(m.code, m.sort_name, m.dni, m.zone_name, label(m.certification), label(m.status)) for m in rows]
        print_table(table)
        total = book.members.count(args.search or "")
        print(ngettext("%(n)s socio", "%(n)s socios", total) % {"n": format_number(total)})
    return 0


def cmd_members_add(args) -> int:
    read = Reader()
    data = MemberInput(
        code=args.code, dni=args.dni, first_names=args.first_names, last_names=args.last_names,
        gender=args.gender, zone_code=args.zone, certification=args.certification,
        join_date=read.date(args.join_date, "join_date"), status=args.status, phone=args.phone or "",
        bank_account=args.bank_account or "",
    )
    read.done()
    with open_book(args) as book:
        book.members.add(data)
        print(_("Se registró al socio %(code)s.") % {"code": data.code})
    return 0


def cmd_members_bank_account(args) -> int:
    with open_book(args) as book:
        book.members.set_bank_account(args.code, args.account)
        member = book.members.get(args.code)
    if member.bank_account:
        print(_("%(code)s cobrará los pagos en lote por banco, en la cuenta %(account)s.") % {
            "code": member.code, "account": member.bank_account})
    else:
        print(_("%(code)s no tiene cuenta bancaria: cobrará los pagos en lote en efectivo.") % {"code": member.code})
    return 0


def cmd_deliveries_add(args) -> int:
    read = Reader()
    data = DeliveryInput(
        ticket=args.ticket, date=read.date(args.date, "date"), member_code=args.member,
        product_code=args.product, sacks=read.integer(args.sacks, "sacks"),
        gross_kg=read.decimal(args.gross, "gross_kg"), tare_kg=read.decimal(args.tare, "tare_kg"),
        humidity_pct=read.decimal(args.humidity, "humidity_pct"), grade=args.grade or "",
        advance_price=_optional_decimal(read, args.price, "advance_price"), price_unit=args.unit,
        certification=args.certification, certification_note=args.certification_note or "",
        yield_pct=_optional_decimal(read, args.yield_, "yield_pct"),
        fermentation_pct=_optional_decimal(read, args.fermentation, "fermentation_pct"),
        defects=read.integer(args.defects, "defects") if args.defects is not None else None,
        cup_score=_optional_decimal(read, args.cup, "cup_score"), plot=args.plot or "",
    )
    read.done()
    with open_book(args) as book:
        warnings = _warnings(book, data, args.campaign)
        changes = book.deliveries.record(data, campaign_code=args.campaign)
        for warning in warnings:  # the organic guard and the debt limit warn; they never refuse
            print(_("Aviso: %(message)s") % {"message": describe(warning)}, file=sys.stderr)
        row = book.deliveries.get(changes.deliveries[0])
        payable = row.payable_kg if row.payable_kg is not None else row.net_kg
        print(_("Se registró el ticket %(ticket)s: calidad %(grade)s, %(net)s netos, %(payable)s pagables a "
                "%(price)s por %(unit)s, importe %(amount)s.")
              % {"ticket": row.ticket, "grade": row.grade, "net": format_kg(row.net_kg), "payable": format_kg(payable),
                 "price": format_money(row.price), "unit": row.price_unit, "amount": format_money(row.amount)})
        if row.withheld:
            print(_("Retención Ley 31335: %(withheld)s (cuenta 4017); neto pagado: %(paid)s.")
                  % {"withheld": format_money(row.withheld), "paid": format_money(row.paid)})
    return 0


def _optional_decimal(read: Reader, text: str | None, field: str):
    return None if text is None else read.decimal(text, field)


def _warnings(book: Book, data: DeliveryInput, campaign_code: str | None) -> list[Problem]:
    """What the clerk should know before this ticket is recorded: the organic guard
    (over the plots' estimate) and a debt above the cooperative's limit. Nothing
    when the ticket cannot be checked: recording will say why."""
    net = data.net_kg if data.net_kg is not None else data.gross_kg - data.tare_kg
    if net <= 0 or net.adjusted() >= MAX_TYPED_DIGITS:
        return []
    try:
        return book.deliveries.warnings(data, campaign_code)
    except (BookError, InvalidInput):
        return []


def cmd_deliveries_list(args) -> int:
    with open_book(args) as book:
        rows = book.deliveries.page(args.search or "", limit=args.limit, member_code=args.member,
                                    campaign_code=args.campaign)
        table = [(_("Fecha"), _("Ticket"), _("Socio"), _("Producto"), _("Neto kg"), _("Importe"), _("Estado"))]
        table += [(format_date(d.date), d.ticket, d.member_name, d.product_name, format_kg(d.net_kg),
                   format_money(d.amount), _("ANULADO: %(reason)s") % {"reason": d.void_reason}
                   if d.void_reason is not None else "") for d in rows]
        print_table(table, right=(4, 5))
    return 0


def cmd_deliveries_void(args) -> int:
    with open_book(args) as book:
        book.deliveries.void(args.ticket, args.reason or "")
    print(_("Se anuló el ticket %(ticket)s. Se conserva, marcado como anulado, y ya no cuenta.") % {
        "ticket": args.ticket})
    return 0


def cmd_deliveries_receipt(args) -> int:
    from coopdesk.core.errors import NotFound
    from coopdesk.domain.rules import parse_ticket
    from coopdesk.reports.receipt_pdf import receipt_view, render_receipt

    ticket = parse_ticket(args.ticket or "")
    if ticket is None:
        raise InvalidInput([Problem("ticket", N_("Escriba el ticket como serie-número, por ejemplo 001-000123."))])
    with open_book(args) as book:
        rows = book.deliveries.page(str(ticket), limit=1)
        if not rows:
            raise NotFound(N_("No existe el ticket %(ticket)s."), ticket=str(ticket))
        view = receipt_view(rows[0], book.cooperative, book.documents.receipt(rows[0]))
    render_receipt(view, args.out, size=args.size)
    print(_("Ticket %(ticket)s impreso en %(file)s.") % {"ticket": rows[0].ticket, "file": args.out})
    return 0


def cmd_statement(args) -> int:
    from coopdesk.reports import render_member_statement

    out = Path(args.out)
    with open_book(args) as book, written_files() as written:
        def write(statement):
            written.append(out)
            render_member_statement(statement, out)

        out.parent.mkdir(parents=True, exist_ok=True)
        statement = book.statements.member_statement(args.member, campaign_code=args.campaign, write=write)
        written.clear()  # committed: the file counts
        print(_("Estado de cuenta N° %(number)06d de %(name)s: %(file)s")
              % {"number": statement.number, "name": statement.member.full_name, "file": out})
        if statement.reprint:
            print(_("Es la reimpresión n.º %(n)s: el estado de cuenta no cambió desde su impresión del %(date)s.")
                  % {"n": statement.reprint, "date": format_date(statement.first_printed_on)})
    return 0


def cmd_check(args) -> int:
    """Every disagreement in Spanish, with the member or account; exit 1 when any."""
    with open_book(args) as book:
        report = book.checks.run(integrity=args.integrity)
    head, findings = report.sentences()
    print(head)
    for agreement in report.agreement_sentences():
        print(agreement)
    for finding in findings:
        print(f"- {finding}")
    head, confirmed = report.confirmed_sentences()
    if confirmed:
        print(head)
        for line in confirmed:
            print(f"- {line}")
    return 0 if report.agrees else 1


def cmd_statements(args) -> int:
    from coopdesk.reports import render_member_statement, statement_filename

    out = Path(args.out)
    with open_book(args) as book, written_files() as written:
        out.mkdir(parents=True, exist_ok=True)
        codes = book.statements.members_with_deliveries(args.campaign)

        def write(statement):
            path = out / statement_filename(statement)
            written.append(path)
            render_member_statement(statement, path)

        issued = book.statements.campaign_statements(args.campaign, member_codes=codes, write=write)
        for done, statement in enumerate(issued, 1):
            written.remove(out / statement_filename(statement))  # its chunk is committed: the file counts
            if done % 100 == 0 or done == len(codes):
                print(_("%(done)s de %(total)s estados de cuenta") % {"done": format_number(done),
                      "total": format_number(len(codes))}, file=sys.stderr)
        print(ngettext("Se imprimió %(n)s estado de cuenta en %(dir)s.", "Se imprimieron %(n)s estados de cuenta en %(dir)s.",
                       len(codes)) % {"n": format_number(len(codes)), "dir": out})
    return 0


def cmd_products_list(args) -> int:
    with open_book(args) as book:
        table = [(_("Código"), _("Producto"), _("Cultivo"), _("Precio por"))]
        table += [(p.code, p.name, label(p.crop), p.price_unit) for p in book.products.list()]
        print_table(table)
    return 0


def cmd_zones_list(args) -> int:
    with open_book(args) as book:
        table = [(_("Código"), _("Zona"))] + [(z.code, z.name) for z in book.zones.list()]
        print_table(table)
    return 0


def cmd_zones_add(args) -> int:
    with open_book(args) as book:
        book.zones.add(args.code, args.name)
    print(_("Se agregó la zona %(code)s (%(name)s).") % {"code": args.code.strip(), "name": args.name.strip()})
    return 0


def cmd_zones_edit(args) -> int:
    with open_book(args) as book:
        zone = next((z for z in book.zones.list() if z.code == args.code.strip()), None)
        new_code = args.new_code if args.new_code is not None else args.code
        name = args.name if args.name is not None else (zone.name if zone is not None else "")
        book.zones.edit(args.code, new_code, name)
    print(_("La zona %(code)s queda como %(new)s (%(name)s).") % {"code": args.code.strip(), "new": new_code.strip(),
                                                                  "name": name.strip()})
    return 0


def cmd_products_add(args) -> int:
    with open_book(args) as book:
        book.products.add(args.code, args.name, folded(args.crop), args.form, args.unit)
    print(_("Se agregó el producto %(code)s.") % {"code": args.code.strip().upper()})
    return 0


def cmd_cooperative_show(args) -> int:
    with open_book(args) as book:
        c = book.cooperative
    print_table([(_("Nombre"), c.name), (_("RUC"), c.ruc), (_("Dirección"), c.address), (_("Ciudad"), c.city)])
    return 0


def cmd_cooperative_edit(args) -> int:
    from coopdesk.domain.rules import CooperativeInput

    with open_book(args) as book:
        c = book.cooperative
        book.cooperative_details.update(CooperativeInput(
            args.name if args.name is not None else c.name, args.ruc if args.ruc is not None else c.ruc,
            args.address if args.address is not None else c.address, args.city if args.city is not None else c.city))
    print(_("Se guardaron los datos de la cooperativa."))
    return 0


def folded(text: str) -> str:
    """A choice typed with or without accents or capitals: Orgánico is organico."""
    return search_fold(text)


@contextmanager
def written_files():
    """Files written for statements whose numbers are not committed yet; if the
    command fails they are deleted, so no PDF carries a number that was rolled back."""
    pending: list[Path] = []
    try:
        yield pending
    except BaseException:
        for path in pending:
            path.unlink(missing_ok=True)
        raise



def add_parsers(sub) -> None:
    members = sub.add_parser("members", help=_("socios")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = members.add_parser("list", help=_("lista los socios"))
    s.add_argument("--search", help=_("busca por código, DNI o nombre"))
    s.add_argument("--limit", type=int, default=100000, help=_("máximo de filas"))
    s.set_defaults(func=cmd_members_list)
    s = members.add_parser("add", help=_("registra un socio"))
    s.add_argument("--code", required=True, help=_("código del socio"))
    s.add_argument("--dni", required=True, help=_("DNI de 8 dígitos"))
    s.add_argument("--first-names", required=True, help=_("nombres"))
    s.add_argument("--last-names", required=True, help=_("apellidos"))
    s.add_argument("--gender", required=True, choices=[g.value for g in Gender], help=_("F (mujer) o M (hombre)"))
    s.add_argument("--zone", required=True, help=_("código de la zona"))
    s.add_argument("--certification", required=True, type=folded, choices=[c.value for c in Certification],
                   help=_("certificación"))
    s.add_argument("--status", default=MemberStatus.ACTIVE.value, type=folded, choices=[m.value for m in MemberStatus],
                   help=_("estado"))
    s.add_argument("--join-date", help=_("fecha de ingreso"))
    s.add_argument("--phone", help=_("teléfono"))
    s.add_argument("--bank-account", help=_("cuenta bancaria o CCI para los pagos en lote (sin ella, en efectivo)"))
    s.set_defaults(func=cmd_members_add)
    s = members.add_parser("bank-account", help=_("la cuenta bancaria (o CCI) a la que se pagan los lotes de un "
                                                  "socio; \"\" la quita"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código del socio"))
    s.add_argument("account", metavar=_("CUENTA"), help=_("número de cuenta o CCI de 20 dígitos"))
    s.set_defaults(func=cmd_members_bank_account)

    products = sub.add_parser("products", help=_("productos")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    products.add_parser("list", help=_("lista los productos y sus códigos")).set_defaults(func=cmd_products_list)
    s = products.add_parser("add", help=_("agrega un producto o una forma (sus precios se fijan después)"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código del producto, por ejemplo CACAO-ORG-BABA"))
    s.add_argument("name", metavar=_("NOMBRE"), help=_("nombre del producto"))
    s.add_argument("--crop", required=True, help=_("cultivo: cacao, cafe o copoazu"))
    s.add_argument("--form", required=True, help=_("forma, por ejemplo «grano seco» o «baba»"))
    s.add_argument("--unit", default="kg", choices=["kg", "qq"], help=_("unidad del precio: kg o qq (quintal)"))
    s.set_defaults(func=cmd_products_add)
    zones = sub.add_parser("zones", help=_("zonas")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    zones.add_parser("list", help=_("lista las zonas y sus códigos")).set_defaults(func=cmd_zones_list)
    s = zones.add_parser("add", help=_("agrega una zona o comité"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código de la zona, por ejemplo LP"))
    s.add_argument("name", metavar=_("NOMBRE"), help=_("nombre de la zona"))
    s.set_defaults(func=cmd_zones_add)
    s = zones.add_parser("edit", help=_("corrige el código o el nombre de una zona (sus socios la siguen)"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código actual de la zona"))
    s.add_argument("--code", dest="new_code", help=_("código nuevo"))
    s.add_argument("--name", help=_("nombre nuevo"))
    s.set_defaults(func=cmd_zones_edit)

    coop = sub.add_parser("cooperative", help=_("datos de la cooperativa")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    coop.add_parser("show", help=_("muestra los datos de la cooperativa")).set_defaults(func=cmd_cooperative_show)
    s = coop.add_parser("edit", help=_("corrige el nombre, RUC, dirección o ciudad de la cooperativa"))
    s.add_argument("--name", help=_("nombre"))
    s.add_argument("--ruc", help=_("RUC de 11 dígitos"))
    s.add_argument("--address", help=_("dirección"))
    s.add_argument("--city", help=_("ciudad"))
    s.set_defaults(func=cmd_cooperative_edit)

    deliveries = sub.add_parser("deliveries", help=_("entregas (acopio)")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = deliveries.add_parser("add", help=_("registra una entrega"))
    s.add_argument("--ticket", required=True, help=_("serie-número, por ejemplo 001-000123"))
    s.add_argument("--date", help=_("fecha de la entrega (por defecto hoy)"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--product", required=True, help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--sacks", default="0", help=_("número de sacos"))
    s.add_argument("--gross", required=True, help=_("peso bruto en kg"))
    s.add_argument("--tare", default="0", help=_("tara en kg"))
    s.add_argument("--humidity", required=True, help=_("humedad en %%"))
    s.add_argument("--fermentation", help=_("granos bien fermentados en %% (prueba de corte, cacao)"))
    s.add_argument("--yield", dest="yield_", metavar="YIELD", help=_("rendimiento exportable en %% (café)"))
    s.add_argument("--defects", help=_("defectos por muestra"))
    s.add_argument("--cup", help=_("puntaje de taza (café especial)"))
    s.add_argument("--grade", help=_("calidad (por defecto, la que dan las medidas en la tabla de grados del "
                                     "producto)"))
    s.add_argument("--price", help=_("precio de adelanto en soles (por defecto, el de la tabla de precios vigente "
                                     "en la fecha)"))
    s.add_argument("--unit", choices=["kg", "qq"], help=_("unidad del precio: kg o qq (46 kg)"))
    s.add_argument("--certification", type=folded, choices=[c.value for c in Certification],
                   help=_("certificación de esta entrega, si no es la del socio"))
    s.add_argument("--certification-note", help=_("por qué la certificación de la entrega no es la del socio"))
    s.add_argument("--plot", help=_("parcela de donde viene (su número o nombre; por defecto, la única parcela "
                                    "del socio de ese cultivo)"))
    s.add_argument("--campaign", help=_("campaña (por defecto la actual)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_deliveries_add)
    s = deliveries.add_parser("void", help=_("anula un ticket (se conserva, marcado, y deja de contar)"))
    s.add_argument("ticket", metavar=_("TICKET"), help=_("serie-número, por ejemplo 001-000123"))
    s.add_argument("--reason", required=True, help=_("por qué se anula"))
    s.set_defaults(func=cmd_deliveries_void)
    s = deliveries.add_parser("list", help=_("lista las entregas, las más recientes primero"))
    s.add_argument("--member", help=_("código del socio"))
    s.add_argument("--search", help=_("ticket, o código, DNI o nombre del socio"))
    s.add_argument("--campaign", help=_("campaña"))
    s.add_argument("--limit", type=int, default=50, help=_("máximo de filas"))
    s.set_defaults(func=cmd_deliveries_list)
    s = deliveries.add_parser("receipt", help=_("imprime el ticket de acopio de una entrega (PDF)"))
    s.add_argument("ticket", metavar=_("TICKET"), help=_("serie-número, por ejemplo 001-000123"))
    s.add_argument("--out", required=True, help=_("archivo PDF de salida"))
    s.add_argument("--size", choices=["a6", "80mm"], default="a6",
                   help=_("tamaño: a6 (hoja) o 80mm (rollo de ticketera)"))
    s.set_defaults(func=cmd_deliveries_receipt)

    s = sub.add_parser("statement", help=_("imprime el estado de cuenta de un socio (PDF)"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--out", required=True, help=_("archivo PDF de salida"))
    s.add_argument("--campaign", help=_("campaña (por defecto la actual)"))
    s.set_defaults(func=cmd_statement)

    s = sub.add_parser("check", help=_("verifica que estados de cuenta, cuentas de socios, fondos y distribuciones "
                                       "publicadas digan lo mismo que la contabilidad"))
    s.add_argument("--integrity", action="store_true",
                   help=_("además revisa el archivo (PRAGMA integrity_check) y cada distribución publicada socio por "
                          "socio contra su sello, y dice qué se cambió"))
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("statements", help=_("imprime los estados de cuenta de todos los socios con entregas"))
    s.add_argument("--out", required=True, help=_("carpeta de salida"))
    s.add_argument("--campaign", help=_("campaña (por defecto la actual)"))
    s.set_defaults(func=cmd_statements)
