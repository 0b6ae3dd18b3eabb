"""``coopdesk lots ...``: lots at the warehouse, mass balance, traceability, and
the file and declaration for the EU buyer (``book.lots``, docs/traceability.md)."""

from __future__ import annotations

import json
from pathlib import Path

from coopdesk.cli.args import Reader, print_table
from coopdesk.cli.auth import open_book
from coopdesk.cli.args import UsageError
from coopdesk.domain.catalog import Certification
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.text import search_fold
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_kg, format_number

KINDS = {"Point": N_("punto"), "Polygon": N_("polígono")}


def _kg(value) -> str:
    return format_kg(value).replace("\u00a0", " ")


def _optional_kg(read: Reader, text: str | None):
    return read.decimal(text, "kg") if text else None


def _sale_id(read: Reader, text: str | None) -> int | None:
    if text is None:
        return None
    before = len(read.problems)
    number = read.integer(text, "sale")
    if len(read.problems) == before and number <= 0:
        read.problems.append(Problem("sale", N_("«%(text)s» no es un número de la lista."), {"text": text}))
    return number


def _one_of(args) -> None:
    if (args.lot is None) == (args.sale is None):
        raise UsageError([Problem("lot", N_("Diga un lote o una venta (--sale N), no los dos."))])


def cmd_lots_create(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        book.lots.create(args.code, args.product, args.certification, day, args.note or "", eu_market=args.eu)
    print(_("Se creó el lote %(code)s de %(product)s (%(certification)s) del %(date)s.") % {
        "code": args.code.strip(), "product": args.product.upper(), "certification": label(args.certification).lower(),
        "date": format_date(day)})
    if args.eu:
        print(_("Es un lote para la UE: no recibe entregas de parcelas con riesgo de deforestación sin una "
                "excepción registrada."))
    return 0


def cmd_lots_add(args) -> int:
    read = Reader()
    kg = _optional_kg(read, args.kg)
    read.done()
    if (args.ticket is None) == (args.from_lot is None):
        raise UsageError([Problem("ticket", N_("Diga un ticket (--ticket) o un lote de origen (--from-lot), no "
                                               "los dos."))])
    with open_book(args) as book:
        if args.ticket is not None:
            put = book.lots.add_ticket(args.lot, args.ticket, kg)
            print(_("Se puso %(kg)s del ticket %(ticket)s en el lote %(lot)s.") % {
                "kg": _kg(put), "ticket": args.ticket, "lot": args.lot})
        else:
            made = book.lots.add_from_lot(args.lot, args.from_lot, kg)
            source = next(s for s in reversed(book.lots.show(args.lot).sources))
            print(_("El lote %(lot)s recibió %(taken)s del lote %(source)s × %(factor)s = %(made)s.") % {
                "lot": args.lot, "taken": _kg(source.taken), "source": source.from_code,
                "factor": format_number(source.factor), "made": _kg(made)})
        lot = book.lots.show(args.lot).lot
    print(_("Balance del lote %(lot)s: entró %(entered)s, despachó %(shipped)s, queda %(left)s.") % {
        "lot": lot.code, "entered": _kg(lot.entered), "shipped": _kg(lot.shipped), "left": _kg(lot.available)})
    return 0


def cmd_lots_attach(args) -> int:
    read = Reader()
    sale = _sale_id(read, args.sale)
    kg = _optional_kg(read, args.kg)
    read.done()
    with open_book(args) as book:
        put = book.lots.attach(sale, args.lot, kg)
    print(_("La venta N.º %(sale)s lleva %(kg)s del lote %(lot)s.") % {"sale": sale, "kg": _kg(put), "lot": args.lot})
    return 0


def cmd_lots_list(args) -> int:
    with open_book(args) as book:
        rows = book.lots.list()
    if not rows:
        print(_("No hay lotes registrados."))
        return 0
    table = [(_("Lote"), _("Fecha"), _("Producto"), _("Certificación"), _("Mercado"), _("Entró"), _("Despachó"),
              _("Queda"))]
    table += [(r.code, format_date(r.date), r.product_name, label(r.certification), _("UE") if r.eu_market else "",
               _kg(r.entered), _kg(r.shipped), _kg(r.available)) for r in rows]
    print_table(table, right=(5, 6, 7))
    return 0


def cmd_lots_show(args) -> int:
    with open_book(args) as book:
        detail = book.lots.show(args.lot)
    lot = detail.lot
    print(_("Lote %(code)s del %(date)s: %(product)s, %(certification)s.") % {
        "code": lot.code, "date": format_date(lot.date), "product": lot.product_name,
        "certification": label(lot.certification).lower()} + (f" {lot.note}" if lot.note else ""))
    print(_("Entró %(entered)s, despachó %(shipped)s, queda %(left)s.") % {
        "entered": _kg(lot.entered), "shipped": _kg(lot.shipped), "left": _kg(lot.available)})
    if detail.tickets:
        table = [(_("Ticket"), _("Fecha"), _("Socio"), _("Parcela"), _("Kg"))]
        table += [(t.ticket, format_date(t.date), f"{t.member_code} {t.member_name}", t.plot_name or "—", _kg(t.kg))
                  for t in detail.tickets]
        print_table(table, right=(4,))
    for s in detail.sources:
        print(_("Del lote %(source)s: %(taken)s × %(factor)s = %(made)s.") % {
            "source": s.from_code, "taken": _kg(s.taken), "factor": format_number(s.factor), "made": _kg(s.made)})
    for s in detail.outputs:
        print(_("Al lote %(lot)s: %(taken)s.") % {"lot": s.lot_code, "taken": _kg(s.taken)})
    for s in detail.sales:
        print(_("A la venta N.º %(sale)s del %(date)s (%(buyer)s): %(kg)s%(voided)s.") % {
            "sale": s.sale_id, "date": format_date(s.date), "buyer": s.buyer, "kg": _kg(s.kg),
            "voided": " " + _("(anulada)") if s.voided else ""})
    return 0


def _trace_json(trace) -> dict:
    return {
        "sale": None if trace.sale is None else {"id": trace.sale.id, "buyer": trace.sale.buyer,
                                                  "kg": str(trace.sale.kg)},
        "lots": [{"code": lot.code, "product": lot.product_code, "entered_kg": str(lot.entered),
                  "shipped_kg": str(lot.shipped)} for lot in trace.lots],
        "tickets": [{"lot": t.lot_code, "ticket": t.ticket, "member": t.member_code, "plot": t.plot_id,
                     "kg": str(t.kg), "equivalent_kg": str(t.equivalent)} for t in trace.tickets],
        "plots": [{"plot": p.plot_id, "name": p.name, "member": p.member_code, "hectares": str(p.hectares),
                   "kind": p.geometry_kind, "equivalent_kg": str(p.kg)} for p in trace.plots],
        "members": [{"member": m.code, "name": m.name, "plots": m.plots, "equivalent_kg": str(m.kg)}
                    for m in trace.members]}


def cmd_lots_trace(args) -> int:
    read = Reader()
    sale = _sale_id(read, args.sale)
    read.done()
    given = [x is not None for x in (args.lot, sale, args.ticket)]
    if sum(given) != 1:
        raise UsageError([Problem("lot", N_("Diga un lote, una venta (--sale N) o un ticket (--ticket)."))])
    with open_book(args) as book:
        if args.ticket is not None:
            forward = book.lots.forward(args.ticket)
        else:
            trace = book.lots.trace_lot(args.lot) if args.lot is not None else book.lots.trace_sale(sale)
    if args.ticket is not None:
        if args.json:
            print(json.dumps({"ticket": forward.ticket,
                              "lots": [{"lot": t.lot_code, "kg": str(t.kg)} for t in forward.lots],
                              "later": [{"from": s.from_code, "lot": s.lot_code, "taken_kg": str(s.taken)}
                                        for s in forward.later],
                              "sales": [{"sale": s.sale_id, "lot": s.lot_code, "kg": str(s.kg), "voided": s.voided}
                                        for s in forward.sales]}, ensure_ascii=False, indent=2))
            return 0
        if not forward.lots:
            print(_("El ticket %(ticket)s no está en ningún lote.") % {"ticket": forward.ticket})
            return 0
        for t in forward.lots:
            print(_("En el lote %(lot)s: %(kg)s.") % {"lot": t.lot_code, "kg": _kg(t.kg)})
        for s in forward.later:
            print(_("Del lote %(source)s al lote %(lot)s: %(taken)s.") % {
                "source": s.from_code, "lot": s.lot_code, "taken": _kg(s.taken)})
        for s in forward.sales:
            print(_("A la venta N.º %(sale)s del %(date)s (%(buyer)s), del lote %(lot)s: %(kg)s%(voided)s.") % {
                "sale": s.sale_id, "date": format_date(s.date), "buyer": s.buyer, "lot": s.lot_code, "kg": _kg(s.kg),
                "voided": " " + _("(anulada)") if s.voided else ""})
        return 0
    if args.json:
        print(json.dumps(_trace_json(trace), ensure_ascii=False, indent=2))
        return 0
    print(_("Lotes: %(lots)s.") % {"lots": ", ".join(lot.code for lot in trace.lots) or "—"})
    table = [(_("Socio"), _("Nombre"), _("Parcela"), _("Ubicación"), _("Ha"), _("Kg equivalentes"))]
    table += [(p.member_code, p.member_name, f"{p.name} (n.° {p.plot_id})",
               _(KINDS[p.geometry_kind]) if p.geometry_kind in KINDS else _("sin ubicación"),
               format_number(p.hectares), _kg(p.kg)) for p in trace.plots]
    print_table(table, right=(4, 5))
    if trace.unplotted:
        print(_("Tickets sin parcela: %(tickets)s.") % {"tickets": ", ".join(t.ticket for t in trace.unplotted)})
    n = len(trace.members)
    print(ngettext("%(n)s socio, %(plots)s parcelas.", "%(n)s socios, %(plots)s parcelas.", n) % {
        "n": format_number(n), "plots": format_number(len(trace.plots))})
    return 0


def _numbered(path: Path, n: int, total: int) -> Path:
    return path if total == 1 else path.with_name(f"{path.stem}-{n}{path.suffix or '.geojson'}")


def cmd_lots_geojson(args) -> int:
    read = Reader()
    args.sale = _sale_id(read, args.sale)
    read.done()
    _one_of(args)
    with open_book(args) as book:
        files = book.lots.geojson(args.lot, args.sale, names=args.names)
    out = Path(args.out)
    for n, text in enumerate(files.texts, start=1):
        target = _numbered(out, n, len(files.texts))
        partial = target.with_name(target.name + ".partial")
        partial.write_text(text, encoding="ascii")
        partial.replace(target)
        print(_("Archivo para el comprador: %(file)s (%(bytes)s bytes).") % {
            "file": target, "bytes": format_number(len(text))})
    print(ngettext("%(plots)s parcelas en %(n)s archivo GeoJSON.", "%(plots)s parcelas en %(n)s archivos GeoJSON "
                   "(uno por declaración: el sistema de la UE acepta hasta 25 MB por declaración).",
                   len(files.texts)) % {"plots": format_number(files.plots), "n": format_number(len(files.texts))})
    if files.holes:
        print(_("Aviso: %(n)s polígonos tienen huecos; el sistema de la UE solo lee el contorno exterior y el "
                "archivo lleva solo ese contorno.") % {"n": format_number(files.holes)})
    return 0


def cmd_lots_declaration(args) -> int:
    read = Reader()
    args.sale = _sale_id(read, args.sale)
    read.done()
    _one_of(args)
    with open_book(args) as book:
        trace = book.lots.declaration(args.lot, args.sale)
        references = book.lots.references(args.sale) if args.sale is not None else []
        cooperative = book.cooperative
        today = book.clock.today()
    from coopdesk.reports.lot_declaration_pdf import render_lot_declaration  # ReportLab, only to print

    render_lot_declaration(trace, references, cooperative.name, cooperative.ruc, today, args.pdf)
    print(_("Declaración de trazabilidad en PDF: %(file)s") % {"file": args.pdf})
    return 0


def cmd_lots_reference(args) -> int:
    read = Reader()
    sale = _sale_id(read, args.sale)
    read.done()
    with open_book(args) as book:
        if args.reference is not None:
            book.lots.record_reference(sale, args.reference, args.verification or "", args.note or "")
            print(_("Se registró la referencia %(reference)s de la venta N.º %(sale)s.") % {
                "reference": args.reference.strip(), "sale": sale})
        rows = book.lots.references(sale)
    if not rows:
        print(_("La venta N.º %(sale)s no tiene referencias del comprador.") % {"sale": sale})
        return 0
    table = [(_("Venta"), _("Referencia"), _("Verificación"), _("Nota"), _("Registró"))]
    table += [(str(r.sale_id), r.reference, r.verification, r.note, r.recorded_by) for r in rows]
    print_table(table)
    return 0


def add_parsers(sub) -> None:
    lots = sub.add_parser("lots", help=_("lotes del almacén, balance de masa, trazabilidad y el archivo para el "
                                         "comprador de la UE")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)
    s = lots.add_parser("create", help=_("crea un lote de un producto y una certificación"))
    s.add_argument("code", metavar=_("LOTE"), help=_("código del lote, por ejemplo L-2026-001"))
    s.add_argument("--product", required=True, help=_("código del producto, por ejemplo CACAO-SECO"))
    s.add_argument("--certification", required=True, type=search_fold, choices=[c.value for c in Certification],
                   help=_("organico, transicion o convencional"))
    s.add_argument("--date", required=True, help=_("fecha del lote"))
    s.add_argument("--note", help=_("nota (almacén, sacos, ...)"))
    s.add_argument("--eu", action="store_true", help=_("lote para la UE: rechaza entregas de parcelas con riesgo de "
                                                       "deforestación sin excepción registrada"))
    s.set_defaults(func=cmd_lots_create)
    s = lots.add_parser("add", help=_("pone en el lote kilos de un ticket o de un lote anterior (con su factor)"))
    s.add_argument("lot", metavar=_("LOTE"), help=_("código del lote"))
    s.add_argument("--ticket", help=_("ticket, por ejemplo 001-000123"))
    s.add_argument("--from-lot", help=_("lote de origen (baba a grano seco con el factor de conversión)"))
    s.add_argument("--kg", help=_("kilos (por defecto, todo lo que queda)"))
    s.set_defaults(func=cmd_lots_add)
    s = lots.add_parser("attach", help=_("adjunta kilos de un lote a una venta"))
    s.add_argument("lot", metavar=_("LOTE"), help=_("código del lote"))
    s.add_argument("--sale", required=True, help=_("número de la venta"))
    s.add_argument("--kg", help=_("kilos (por defecto, lo que falta a la venta o queda en el lote)"))
    s.set_defaults(func=cmd_lots_attach)
    s = lots.add_parser("list", help=_("lista los lotes con su balance"))
    s.set_defaults(func=cmd_lots_list)
    s = lots.add_parser("show", help=_("muestra un lote: sus tickets, orígenes y destinos"))
    s.add_argument("lot", metavar=_("LOTE"), help=_("código del lote"))
    s.set_defaults(func=cmd_lots_show)
    s = lots.add_parser("trace", help=_("traza un lote o una venta hasta sus tickets, socios y parcelas, o un "
                                        "ticket hasta sus lotes y ventas"))
    s.add_argument("lot", nargs="?", metavar=_("LOTE"), help=_("código del lote"))
    s.add_argument("--sale", help=_("número de la venta"))
    s.add_argument("--ticket", help=_("ticket, por ejemplo 001-000123"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_lots_trace)
    s = lots.add_parser("geojson", help=_("el archivo GeoJSON de las parcelas de un lote o una venta, para el "
                                          "sistema de información de la UE"))
    s.add_argument("lot", nargs="?", metavar=_("LOTE"), help=_("código del lote"))
    s.add_argument("--sale", help=_("número de la venta"))
    s.add_argument("--out", required=True, metavar=_("ARCHIVO"), help=_("archivo de salida (.geojson)"))
    s.add_argument("--names", action="store_true",
                   help=_("pone el nombre del socio como productor (por defecto, su código: Ley 29733)"))
    s.set_defaults(func=cmd_lots_geojson)
    s = lots.add_parser("declaration", help=_("la «Declaración de trazabilidad del lote» en PDF"))
    s.add_argument("lot", nargs="?", metavar=_("LOTE"), help=_("código del lote"))
    s.add_argument("--sale", help=_("número de la venta"))
    s.add_argument("--pdf", required=True, metavar=_("ARCHIVO"), help=_("archivo PDF de salida"))
    s.set_defaults(func=cmd_lots_declaration)
    s = lots.add_parser("reference", help=_("registra o lista las referencias de la declaración de debida "
                                            "diligencia que devuelve el comprador"))
    s.add_argument("--sale", required=True, help=_("número de la venta"))
    s.add_argument("--reference", help=_("número de referencia"))
    s.add_argument("--verification", help=_("número de verificación"))
    s.add_argument("--note", help=_("nota (contenedor, fecha, ...)"))
    s.set_defaults(func=cmd_lots_reference)
