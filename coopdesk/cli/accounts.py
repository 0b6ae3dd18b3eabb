"""``coopdesk account ...`` and ``coopdesk participation ...``: the member's
account (cuenta corriente) and assemblies and faenas from the command line.

The same core calls as the GUI's Cuentas section (``book.accounts``,
``book.participation``). ``coopdesk account --member CODE`` prints the Estado
de cuenta corriente with the strings of the printed one
(``coopdesk.reports.account_view``), and writes the PDF with ``--pdf``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, UsageError, confirm_negative_option, print_table
from coopdesk.core import Book
from coopdesk.core.participation import KINDS
from coopdesk.domain.accounts import Concept, Direction, InputItem, LoanInput, MovementInput
from coopdesk.domain.postings import CASH, MONEY_ACCOUNTS
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.reading import read_decimal
from coopdesk.domain.text import search_fold
from coopdesk.i18n import _, label, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number, format_percent

KIND_NAMES = {"asamblea": N_("asamblea"), "faena": N_("faena")}



def _concept(concept: str) -> str:
    return label(concept)  # the vocabulary's one name (domain/catalog.py LABELS)


def _member_line(book: Book, code: str) -> tuple[str, str]:
    member = book.members.get(code)
    return member.code, member.full_name


def _newest_movement(book: Book, code: str) -> int:
    """The number of the movement just recorded for this member (the largest)."""
    return max(m.id for m in book.accounts.movements(code))


# -- the Estado de cuenta corriente --------------------------------------------------------


def statement_period(book: Book, code: str, start: date | None, end: date | None,
                     today: date | None = None) -> tuple[date, date]:
    """The period of the statement when not given: up to today, or to the end of
    the current campaign if it is over; from the start of the campaign holding
    that end date, or from the member's first movement if no campaign holds it."""
    today = today or book.clock.today()
    if end is None:
        current = book.campaigns.current()
        end = min(current.end_date, today) if current is not None else today
    if start is None:
        holding = [c for c in book.campaigns.list() if c.start_date <= end <= c.end_date]
        if holding:
            start = holding[-1].start_date
        else:
            movements = book.accounts.movements(code)
            start = min((m.date for m in movements), default=end)
            start = min(start, end)
    return start, end


def account_view_of(book: Book, code: str, start: date, end: date, printed_on: date | None = None):
    """The Estado de cuenta corriente of a member as printed strings (an ``AccountView``)."""
    from coopdesk.core.ledger_books import open_period
    from coopdesk.reports.account_view import printable_view

    return printable_view(book.accounts.printable_statement(code, start, end), printed_on or book.clock.today(),
                          open_period(book, end))


def cmd_account(args) -> int:
    if not args.member:
        raise UsageError([Problem("member", N_("Escriba el código del socio con --member."))])
    read = Reader()
    start = read.date(args.start, "start") if args.start else None
    end = read.date(args.end, "end") if args.end else None
    read.done()
    with open_book(args) as book:
        code, name = _member_line(book, args.member)
        start, end = statement_period(book, code, start, end)
        view = account_view_of(book, code, start, end)
        if args.pdf:
            from pathlib import Path

            from coopdesk.reports.account_pdf import account_filename, render_account_statement
            from coopdesk.reports.account_view import content_of, numbered_view

            view = numbered_view(view, book.documents.account_statement(code, start, end, content_of(view)))
            out = Path(args.pdf)
            if out.is_dir():
                out = out / account_filename(code, end)
            out.parent.mkdir(parents=True, exist_ok=True)
            render_account_statement(view, out)
    print(_("Estado de cuenta corriente de %(name)s (%(code)s)") % {"name": name, "code": code})
    print(view.campaign)
    if view.banner:
        print(view.banner)
    print(view.note)
    print()
    lines = view.lines
    print_table([lines.header, *lines.rows, lines.total], right=(4, 5, 6))
    if view.no_lines:
        print(view.no_lines)
    print()
    width = max(len(text) for text, _amount in view.summary)
    figures = max(len(amount) for _text, amount in view.summary)
    for text, amount in view.summary:
        print(f"{text.ljust(width)}  {amount.rjust(figures)}")
    print(view.closing_words)
    print()
    print(view.by_concept.title)
    print_table([view.by_concept.header, *view.by_concept.rows, view.by_concept.total], right=(1,))
    print(view.capital_line)
    if view.loans_line:
        print(view.loans_line)
    if args.pdf:
        print(_("Se guardó el estado de cuenta corriente en %(file)s.") % {"file": out})
    return 0


def cmd_movements(args) -> int:
    with open_book(args) as book:
        rows = book.accounts.movements(args.member)
        code, name = _member_line(book, args.member)
    print(_("Movimientos de %(name)s (%(code)s)") % {"name": name, "code": code})
    if not rows:
        print(_("No tiene movimientos."))
        return 0
    table = [(_("N°"), _("Fecha"), _("Concepto"), _("Cargo"), _("Abono"), _("Descripción"), _("Referencia"),
              _("Estado"))]
    for m in rows:
        if m.reversed:
            state = _("revertido")
        elif m.reverses is not None:
            state = _("revierte el N° %(id)s") % {"id": m.reverses}
        else:
            state = ""
        table.append((str(m.id), format_date(m.date), _concept(m.concept),
                      format_money(m.amount) if m.direction == Direction.CHARGE else "",
                      format_money(m.amount) if m.direction == Direction.CREDIT else "",
                      m.description, m.reference, state))
    print_table(table, right=(0, 3, 4))
    return 0


def cmd_loans(args) -> int:
    """A member's loans: interest due, how each payment was applied (art. 1257), what is owed."""
    read = Reader()
    as_of = read.date(args.date, "date", None) if args.date else None
    read.done()
    with open_book(args) as book:
        report = book.accounts.loans(args.member, as_of)
        code, name = _member_line(book, args.member)
    print(_("Préstamos de %(name)s (%(code)s) al %(date)s") % {"name": name, "code": code,
                                                               "date": format_date(report.as_of)})
    if not report.positions:
        print(_("No tiene préstamos."))
        return 0
    table = [(_("Préstamo"), _("Fecha"), _("Monto"), _("Interés vencido"), _("Pagado a intereses"),
              _("Pagado a capital"), _("Debe de intereses"), _("Debe de capital"))]
    for p in report.positions:
        table.append((f"P-{p.loan_id}" if p.loan_id else _("saldo anterior"), format_date(p.date),
                      format_money(p.principal), format_money(p.interest_due), format_money(p.interest_paid),
                      format_money(p.capital_paid), format_money(p.interest_owed), format_money(p.capital_owed)))
    print_table(table, right=(2, 3, 4, 5, 6, 7))
    if report.payments:
        print()
        payments = [(_("Pago"), _("Monto"), _("A intereses"), _("A capital"))]
        payments += [(format_date(p.date), format_money(p.amount), format_money(to_interest),
                      format_money(to_capital)) for p, to_interest, to_capital in report.payments]
        print_table(payments, right=(1, 2, 3))
    print(_("Pagos aplicados primero al capital, por acuerdo de la cooperativa: %(agreement)s.")
          % {"agreement": report.agreement} if report.agreement else
          _("Pagos aplicados primero a los intereses vencidos y luego al capital (%(source)s).")
          % {"source": report.source})
    print(_("Debe %(total)s: %(interest)s de intereses y %(capital)s de capital.") % {
        "total": format_money(report.interest_owed + report.capital_owed),
        "interest": format_money(report.interest_owed), "capital": format_money(report.capital_owed)})
    return 0


# -- recording -----------------------------------------------------------------------------


def cmd_add(args) -> int:
    read = Reader()
    data = MovementInput(args.member, read.date(args.date, "date"), args.concept,
                         Direction.CHARGE if args.charge else Direction.CREDIT,
                         read.decimal(args.amount, "amount"), (args.description or "").strip(),
                         (args.reference or "").strip(), args.money)
    read.done()
    with open_book(args) as book:
        book.accounts.record(data)
        number = _newest_movement(book, args.member)
        code, name = _member_line(book, args.member)
        owed = book.accounts.balances(code).of(args.concept)
    text = (_("Se registró un cargo de %(amount)s en %(concept)s a %(name)s (%(code)s): movimiento N° %(id)s.")
            if data.direction == Direction.CHARGE else
            _("Se registró un abono de %(amount)s en %(concept)s a %(name)s (%(code)s): movimiento N° %(id)s."))
    print(text % {"amount": format_money(data.amount), "concept": _concept(args.concept), "name": name,
                  "code": code, "id": number})
    _print_owed(args.concept, owed)
    return 0


def _print_owed(concept: str, owed: Decimal) -> None:
    if owed < 0:
        print(_("Saldo de %(concept)s a su favor: %(amount)s") % {"concept": _concept(concept),
                                                                 "amount": format_money(-owed)})
    else:
        print(_("Saldo de %(concept)s: %(amount)s") % {"concept": _concept(concept), "amount": format_money(owed)})


def _item(read: Reader, text: str, n: int) -> InputItem:
    parts = [p.strip() for p in text.split(";")]
    if len(parts) != 3:
        read.problems.append(Problem(f"items[{n}]", N_(
            "Insumo %(n)s: escríbalo como «descripción;cantidad;precio», por ejemplo «Guano de isla;2;85.00» "
            "(usted escribió «%(text)s»)."), {"n": n, "text": text}))
        return InputItem(text, Decimal(1), Decimal(1))
    description, quantity_text, price_text = parts
    quantity = _item_number(read, quantity_text, f"items[{n}].quantity", n,
                            N_("Insumo %(n)s: revise la cantidad «%(text)s»."))
    price = _item_number(read, price_text, f"items[{n}].unit_price", n,
                         N_("Insumo %(n)s: revise el precio «%(text)s»."))
    return InputItem(description, quantity, price)


def _item_number(read: Reader, text: str, field: str, n: int, message: str) -> Decimal:
    """A number of an item; when mistyped, which item and which number come first."""
    value, problems = read_decimal(text, field)
    if problems:
        read.problems += [Problem(field, message, {"n": n, "text": text}), *problems]
    return value


def cmd_inputs(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    items = [_item(read, text, n) for n, text in enumerate(args.item, start=1)]
    read.done()
    with open_book(args) as book:
        book.accounts.record_inputs(args.member, day, items, reference=(args.reference or "").strip())
        number = _newest_movement(book, args.member)
        code, name = _member_line(book, args.member)
        owed = book.accounts.balances(code).of(Concept.INPUTS)
    total = sum((i.amount for i in items), Decimal("0.00"))
    print(_("Se registraron insumos al crédito por %(amount)s a %(name)s (%(code)s): movimiento N° %(id)s.")
          % {"amount": format_money(total), "name": name, "code": code, "id": number})
    table = [(_("Insumo"), _("Cantidad"), _("Precio"), _("Importe"))]
    table += [(i.description, format_number(i.quantity), format_money(i.unit_price), format_money(i.amount))
              for i in items]
    table.append((_("Total"), "", "", format_money(total)))
    print_table(table, right=(1, 2, 3))
    _print_owed(Concept.INPUTS, owed)
    return 0


def cmd_loan(args) -> int:
    read = Reader()
    data = LoanInput(args.member, read.date(args.date, "date"), read.decimal(args.amount, "principal"),
                     read.decimal(args.rate, "annual_rate"), read.integer(args.months, "months"),
                     (args.description or "").strip(), args.money)
    read.done()
    with open_book(args) as book:
        loan_id, schedule = book.accounts.grant_loan(data)
        code, name = _member_line(book, args.member)
    print(ngettext(
        "Se otorgó el préstamo P-%(id)s a %(name)s (%(code)s): %(amount)s al %(rate)s anual, en %(n)s cuota "
        "mensual.",
        "Se otorgó el préstamo P-%(id)s a %(name)s (%(code)s): %(amount)s al %(rate)s anual, en %(n)s cuotas "
        "mensuales.", data.months) % {"id": loan_id, "name": name, "code": code,
                                      "amount": format_money(data.principal),
                                      "rate": format_percent(data.annual_rate), "n": data.months})
    table = [(_("Cuota"), _("Vence"), _("Capital"), _("Interés"), _("A pagar"))]
    table += [(str(i.number), format_date(i.due), format_money(i.principal), format_money(i.interest),
               format_money(i.payment)) for i in schedule]
    table.append((_("Total"), "", format_money(sum((i.principal for i in schedule), Decimal("0.00"))),
                  format_money(sum((i.interest for i in schedule), Decimal("0.00"))),
                  format_money(sum((i.payment for i in schedule), Decimal("0.00")))))
    print_table(table, right=(0, 2, 3, 4))
    return 0


def cmd_reverse(args) -> int:
    with open_book(args) as book:
        book.accounts.reverse(args.movement, args.reason or "")
    print(_("Se revirtió el movimiento N° %(id)s con un movimiento opuesto (referencia R-%(id)s). El original se "
            "conserva.") % {"id": args.movement})
    return 0


# -- participation -------------------------------------------------------------------------


def _kind(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def cmd_event(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    points = read.decimal(args.points, "points")
    read.done()
    with open_book(args) as book:
        event_id = book.participation.add_event(day, args.kind, points, (args.description or "").strip())
    print(_("Se registró la %(kind)s N° %(id)s del %(date)s (%(points)s puntos por asistencia). Anote quiénes "
            "asistieron con: coopdesk participation attend %(id)s CÓDIGO ...") % {
        "kind": _kind(args.kind), "id": event_id, "date": format_date(day), "points": format_number(points)})
    return 0


def cmd_attend(args) -> int:
    with open_book(args) as book:
        changes = book.participation.record_attendance(args.event, args.codes)
        event = next(e for e in book.participation.events() if e.id == args.event)
    n = len(changes.members)
    print(ngettext("%(n)s socio asistió a la %(kind)s N° %(id)s del %(date)s.",
                   "%(n)s socios asistieron a la %(kind)s N° %(id)s del %(date)s.", n) % {
        "n": format_number(n), "kind": _kind(event.kind), "id": event.id, "date": format_date(event.date)})
    return 0


def cmd_events(args) -> int:
    read = Reader()
    start = read.date(args.start, "start") if args.start else None
    end = read.date(args.end, "end") if args.end else None
    read.done()
    with open_book(args) as book:
        events = book.participation.events(start, end)
    if not events:
        print(_("No hay asambleas ni faenas registradas."))
        return 0
    table = [(_("N°"), _("Fecha"), _("Tipo"), _("Descripción"), _("Puntos"), _("Asistentes"))]
    table += [(str(e.id), format_date(e.date), _kind(e.kind), e.description, format_number(e.points),
               format_number(e.attended)) for e in events]
    print_table(table, right=(0, 4, 5))
    return 0


# -- the parsers ---------------------------------------------------------------------------


def _choice(text: str) -> str:
    """A choice typed with or without accents or capitals: Préstamos is prestamos."""
    return search_fold(text)


def add_parsers(sub) -> None:
    account = sub.add_parser(
        "account", help=_("cuenta corriente del socio: estado de cuenta, cargos, abonos, insumos, préstamos"),
        description=_("Sin ORDEN, muestra el estado de cuenta corriente del socio (--member) y, con --pdf, lo "
                      "guarda en PDF. Periodo por defecto: desde el inicio de la campaña actual hasta hoy (o "
                      "hasta el fin de la campaña, si ya terminó)."))
    account.add_argument("--member", help=_("código del socio"))
    account.add_argument("--from", dest="start", metavar=_("FECHA"),
                         help=_("inicio del periodo (por defecto, el inicio de la campaña)"))
    account.add_argument("--to", dest="end", metavar=_("FECHA"),
                         help=_("fin del periodo (por defecto hoy, o el fin de la campaña si ya terminó)"))
    account.add_argument("--pdf", metavar=_("ARCHIVO"), help=_("guarda también el estado de cuenta en este PDF (o en esta carpeta)"))
    account.set_defaults(func=cmd_account)
    orders = account.add_subparsers(metavar=_("ORDEN"), parser_class=sub._parser_class)

    concepts = [c.value for c in Concept]
    s = orders.add_parser("add", help=_("registra un cargo o un abono en la cuenta del socio"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--concept", required=True, type=_choice, choices=concepts,
                   help=_("adelantos, prestamos, insumos o aportaciones"))
    direction = s.add_mutually_exclusive_group(required=True)
    direction.add_argument("--charge", action="store_true",
                           help=_("cargo: lo que el socio recibe o debe (un adelanto, una aportación suscrita)"))
    direction.add_argument("--credit", action="store_true",
                           help=_("abono: lo que el socio paga o se le descuenta"))
    s.add_argument("--amount", required=True, help=_("monto en soles, por ejemplo 1250.50"))
    s.add_argument("--date", help=_("fecha (por defecto hoy)"))
    s.add_argument("--description", help=_("descripción"))
    s.add_argument("--reference", help=_("número de recibo, certificado u operación"))
    s.add_argument("--money", choices=MONEY_ACCOUNTS, default=CASH,
                   help=_("por dónde pasa el dinero: caja (101, por defecto) o banco (1041)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_add)

    s = orders.add_parser("inputs", help=_("registra insumos entregados al crédito"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--item", required=True, action="append", metavar=_("DESCRIPCIÓN;CANTIDAD;PRECIO"),
                   help=_("un insumo, por ejemplo \"Guano de isla;2;85.00\" (se puede repetir)"))
    s.add_argument("--date", help=_("fecha de entrega (por defecto hoy)"))
    s.add_argument("--reference", help=_("número de guía o vale"))
    s.set_defaults(func=cmd_inputs)

    s = orders.add_parser("loan", help=_("otorga un préstamo en cuotas mensuales y muestra el cronograma"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--amount", required=True, help=_("monto del préstamo en soles"))
    s.add_argument("--rate", required=True, help=_("tasa de interés anual en %%, por ejemplo 12"))
    s.add_argument("--months", required=True, help=_("número de cuotas mensuales"))
    s.add_argument("--date", help=_("fecha del préstamo (por defecto hoy)"))
    s.add_argument("--description", help=_("descripción"))
    s.add_argument("--money", choices=MONEY_ACCOUNTS, default=CASH,
                   help=_("de dónde se entrega el dinero: caja (101, por defecto) o banco (1041)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_loan)

    s = orders.add_parser("loans", help=_("los préstamos del socio: intereses vencidos, cómo se aplicó cada pago "
                                          "(primero a intereses) y cuánto debe de intereses y de capital"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.add_argument("--date", help=_("a esta fecha (por defecto hoy)"))
    s.set_defaults(func=cmd_loans)

    s = orders.add_parser("reverse", help=_("revierte un movimiento con otro opuesto (nunca se borra)"))
    s.add_argument("movement", type=int, metavar="N", help=_("número del movimiento (coopdesk account movements)"))
    s.add_argument("--reason", required=True, help=_("por qué se revierte"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_reverse)

    s = orders.add_parser("movements", help=_("lista los movimientos del socio con su número"))
    s.add_argument("--member", required=True, help=_("código del socio"))
    s.set_defaults(func=cmd_movements)

    participation = sub.add_parser("participation", help=_("asambleas y faenas, y quiénes asistieron")
                                   ).add_subparsers(metavar=_("ORDEN"), required=True,
                                                    parser_class=sub._parser_class)
    s = participation.add_parser("event", help=_("registra una asamblea o faena"))
    s.add_argument("--date", required=True, help=_("fecha"))
    s.add_argument("--kind", required=True, type=_choice, choices=list(KINDS), help=_("asamblea o faena"))
    s.add_argument("--points", required=True, help=_("puntos por asistencia"))
    s.add_argument("--description", help=_("descripción"))
    s.set_defaults(func=cmd_event)

    s = participation.add_parser("attend", help=_("anota quiénes asistieron (reemplaza la lista anterior)"))
    s.add_argument("event", type=int, metavar="N", help=_("número de la asamblea o faena"))
    s.add_argument("codes", nargs="+", metavar=_("CÓDIGO"), help=_("códigos de los socios que asistieron"))
    s.set_defaults(func=cmd_attend)

    s = participation.add_parser("list", help=_("lista las asambleas y faenas"))
    s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha"))
    s.set_defaults(func=cmd_events)
