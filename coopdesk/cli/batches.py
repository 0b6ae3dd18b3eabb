"""``coopdesk distribution pay-batch / undo-batch / batch-proof``: batch payment of a
published distribution (docs/distribution.md, «Pago en lote»).

``pay-batch`` without ``--confirm`` records nothing: it writes the draft planilla
and the bank file to check them. With ``--confirm`` the batch is recorded (every
payment or none), then its numbered planilla and the bank file are written.
"""

from __future__ import annotations

from pathlib import Path

from coopdesk.cli.args import Reader, UsageError, confirm_negative_option, print_table
from coopdesk.cli.auth import open_book
from coopdesk.domain.problems import N_, Problem
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number


def _files(planilla: str, bank_file: str | None) -> list[Problem]:
    """The planilla's and the bank file's names and folders, checked before anything is done."""
    problems = []
    for path, suffix, field in ((planilla, ".pdf", "planilla"), (bank_file, ".csv", "bank_file")):
        if path is None:
            continue
        target = Path(path)
        if target.suffix.lower() != suffix:
            problems.append(Problem(field, N_("El archivo %(file)s debe terminar en %(suffix)s."),
                                    {"file": path, "suffix": suffix}))
        elif not target.resolve().parent.is_dir():
            problems.append(Problem(field, N_("No existe la carpeta de %(file)s."), {"file": path}))
    return problems


def _paths(args) -> list[Problem]:
    problems = _files(args.planilla, args.bank_file)
    if args.proof and not args.confirm:
        problems.append(Problem("proof", N_("El comprobante se guarda con un lote registrado: use también "
                                            "--confirm, o agréguelo después con «distribution batch-proof».")))
    elif args.proof and not Path(args.proof).is_file():
        problems.append(Problem("proof", N_("No existe el archivo %(file)s."), {"file": args.proof}))
    return problems


def cmd_pay_batch(args) -> int:
    from coopdesk.core.payment_batches import write_bank_file
    from coopdesk.reports.pay_sheet_pdf import pay_sheet_view, render_pay_sheet

    read = Reader()
    paid_on = read.date(args.date, "date")
    read.problems += _paths(args)
    read.done()
    members = [c for c in args.members.split(",")] if args.members is not None else None
    with open_book(args) as book:
        batches = book.payment_batches
        if args.confirm:
            batch = batches.record(args.run, zone=args.zone, members=members, paid_on=paid_on)
            document = batches.planilla_document(batch)
        else:
            batch = batches.plan(args.run, zone=args.zone, members=members, paid_on=paid_on)
            document = None
        cooperative, today = book.cooperative, book.clock.today()
        if args.confirm and args.proof:
            proof = batches.add_proof(batch.number, Path(args.proof).name, Path(args.proof).read_bytes())
    render_pay_sheet(pay_sheet_view(batch, cooperative.name, cooperative.ruc, today, document), args.planilla)
    in_bank = write_bank_file(batch, args.bank_file)
    table = [(_("Zona"), _("Código"), _("Apellidos, Nombres"), _("DNI"), _("Neto a pagar"), _("Cuenta"))]
    table += [(line.zone_name, line.code, line.sort_name, line.dni, format_money(line.net), line.bank_account)
              for line in batch.by_bank]
    if batch.by_bank:
        print(_("Por banco:"))
        print_table(table, right=(4,))
    if batch.in_cash:
        print(_("Sin cuenta bancaria (pagar en efectivo):"))
        print_table([row[:5] for row in table[:1]] + [
            (line.zone_name, line.code, line.sort_name, line.dni, format_money(line.net)) for line in batch.in_cash],
            right=(4,))
    values = {"n": format_number(len(batch.lines)), "total": format_money(batch.total),
              "cash": format_money(batch.cash_total), "bank": format_money(batch.bank_total), "run": args.run,
              "batch": batch.number, "planilla": args.planilla, "file": args.bank_file,
              "in_bank": format_number(in_bank)}
    print(ngettext("%(n)s socio, %(total)s: %(cash)s en efectivo y %(bank)s por banco.",
                   "%(n)s socios, %(total)s: %(cash)s en efectivo y %(bank)s por banco.", len(batch.lines)) % values)
    print(_("Planilla de pagos: %(planilla)s") % values)
    print(ngettext("Archivo para el banco (%(in_bank)s socio): %(file)s",
                   "Archivo para el banco (%(in_bank)s socios): %(file)s", in_bank) % values)
    if args.confirm:
        print(_("Se registró el lote N.º %(batch)s de la distribución N.º %(run)s (referencia «Lote %(batch)s»).")
              % values)
        if args.proof:
            print(_("Comprobante guardado en el libro: %(name)s (SHA-256 %(sha)s).") % {
                "name": proof.name, "sha": proof.sha256})
    else:
        print(_("Borrador: no se registró ningún pago. Revise la planilla y el archivo, y registre el lote con "
                "--confirm."))
    return 0


def cmd_undo_batch(args) -> int:
    with open_book(args) as book:
        batch = book.payment_batches.undo(args.batch, args.reason)
    print(ngettext("Se deshizo el lote N.º %(batch)s: %(n)s pago revertido en la contabilidad (%(total)s).",
                   "Se deshizo el lote N.º %(batch)s: %(n)s pagos revertidos en la contabilidad (%(total)s).",
                   len(batch.lines)) % {"batch": batch.number, "n": format_number(len(batch.lines)),
                                        "total": format_money(batch.total)})
    return 0


def cmd_batch_proof(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError([Problem("file", N_("No existe el archivo %(file)s."), {"file": args.file})])
    with open_book(args) as book:
        proof = book.payment_batches.add_proof(args.batch, path.name, path.read_bytes())
    print(_("Comprobante guardado en el libro con el lote N.º %(batch)s: %(name)s (SHA-256 %(sha)s).") % {
        "batch": args.batch, "name": proof.name, "sha": proof.sha256})
    return 0


def cmd_batches(args) -> int:
    with open_book(args) as book:
        batches = book.payment_batches.batches(args.run)
    table = [(_("Lote"), _("Distribución"), _("Fecha de pago"), _("Socios"), _("Total"), _("En efectivo"),
              _("Por banco"), _("Registró"), _("Deshecho"))]
    table += [(str(b.number), str(b.run), format_date(b.paid_on), format_number(len(b.lines)), format_money(b.total),
               format_money(b.cash_total), format_money(b.bank_total), b.confirmed_by,
               _("%(date)s: %(reason)s") % {"date": format_date(b.undone_at.date()), "reason": b.undo_reason}
               if b.undone_at else "") for b in batches]
    print_table(table, right=(3, 4, 5, 6))
    print(ngettext("%(n)s lote", "%(n)s lotes", len(batches)) % {"n": format_number(len(batches))})
    return 0


def cmd_batch(args) -> int:
    """A recorded batch's planilla printed again (a reprint of its number) and its bank file."""
    from coopdesk.core.payment_batches import write_bank_file
    from coopdesk.reports.pay_sheet_pdf import pay_sheet_view, render_pay_sheet

    read = Reader()
    read.problems += _files(args.planilla, args.bank_file)
    read.done()
    with open_book(args) as book:
        batch = book.payment_batches.get(args.batch)
        document = book.payment_batches.planilla_document(batch)
        cooperative, today = book.cooperative, book.clock.today()
    render_pay_sheet(pay_sheet_view(batch, cooperative.name, cooperative.ruc, today, document), args.planilla)
    print(_("Planilla de pagos: %(planilla)s") % {"planilla": args.planilla})
    if args.bank_file:
        write_bank_file(batch, args.bank_file)
        print(_("Archivo para el banco: %(file)s") % {"file": args.bank_file})
    return 0


def add_batch_parsers(distribution) -> None:
    """The batch commands, under ``coopdesk distribution``."""
    s = distribution.add_parser("pay-batch", help=_("paga en lote: planilla para firmar, archivo para el banco y, "
                                                    "con --confirm, el registro de los pagos"))
    s.add_argument("run", type=int, metavar="N", help=_("número de la distribución"))
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--all", action="store_true", help=_("todos los socios que tienen algo por cobrar"))
    who.add_argument("--zone", help=_("solo los socios de esta zona (su código)"))
    who.add_argument("--members", metavar=_("CÓDIGOS"), help=_("solo estos socios: códigos separados por comas"))
    s.add_argument("--planilla", required=True, metavar=_("ARCHIVO.pdf"), help=_("planilla de pagos (PDF)"))
    s.add_argument("--bank-file", required=True, metavar=_("ARCHIVO.csv"), help=_("archivo para el banco (CSV)"))
    s.add_argument("--date", help=_("fecha de pago (por defecto hoy)"))
    s.add_argument("--confirm", action="store_true", help=_("registra los pagos (sin esto, solo un borrador)"))
    s.add_argument("--proof", metavar=_("ARCHIVO"), help=_("comprobante que se guarda con el lote (con --confirm)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_pay_batch)

    s = distribution.add_parser("undo-batch", help=_("deshace un lote de pagos registrado por error (revierte sus "
                                                     "asientos)"))
    s.add_argument("batch", type=int, metavar="N", help=_("número del lote"))
    s.add_argument("--reason", required=True, help=_("por qué se deshace"))
    s.set_defaults(func=cmd_undo_batch)

    s = distribution.add_parser("batches", help=_("lista los lotes de pagos"))
    s.add_argument("run", type=int, nargs="?", metavar="N", help=_("solo los de esta distribución"))
    s.set_defaults(func=cmd_batches)

    s = distribution.add_parser("batch", help=_("imprime otra vez la planilla de un lote registrado (y su archivo "
                                                "para el banco)"))
    s.add_argument("batch", type=int, metavar="N", help=_("número del lote"))
    s.add_argument("--planilla", required=True, metavar=_("ARCHIVO.pdf"), help=_("planilla de pagos (PDF)"))
    s.add_argument("--bank-file", metavar=_("ARCHIVO.csv"), help=_("archivo para el banco (CSV)"))
    s.set_defaults(func=cmd_batch)

    s = distribution.add_parser("batch-proof", help=_("guarda en el libro el comprobante de un lote (planilla "
                                                      "firmada escaneada o foto)"))
    s.add_argument("batch", type=int, metavar="N", help=_("número del lote"))
    s.add_argument("file", metavar=_("ARCHIVO"), help=_("el archivo del comprobante"))
    s.set_defaults(func=cmd_batch_proof)
