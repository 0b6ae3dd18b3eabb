"""``coopdesk ledger ...``: the cooperative's double-entry books from the command line.

The same core calls as the GUI (``book.ledger``): the chart of accounts, the
contador's manual entries and their reversals, the Libro Diario, the Balance de
comprobación, the Estado de resultados with the year's remanente, the Estado de
situación financiera, member sub-ledgers that reconcile to their control
account, periods that close for good, and all of them as PDF books to print and
sign (``ledger print diario|mayor|balance|resultados|situacion|socios``). Nothing here
changes a posted entry: a mistake is corrected with ``ledger reverse`` (the
opposite entry) in an open period. ``--json`` output has stable English keys
and every amount as a decimal string with two places ("37450.00").
"""

from __future__ import annotations

import json
import re
from calendar import monthrange
from dataclasses import replace
from datetime import date
from decimal import Decimal

from coopdesk.cli.audit import cmd_cierre
from coopdesk.cli.auth import open_book
from coopdesk.cli.args import Reader, UsageError, confirm_negative_option, print_table, today
from coopdesk.core import Book
from coopdesk.core.errors import NotFound
from coopdesk.core.ledger import CLOSED
from coopdesk.i18n.transfers import pending_skipped
from coopdesk.domain.financial_statements import classified
from coopdesk.domain.ledger import KIND_LABELS, EntryInput, Kind, LineInput, parse_period
from coopdesk.domain.money import CENT, ZERO
from coopdesk.domain.ple import LIBROS
from coopdesk.domain.problems import N_, Problem
from coopdesk.domain.reading import read_decimal
from coopdesk.domain.text import search_fold
from coopdesk.i18n import _, ngettext
from coopdesk.i18n.formatting import format_date, format_money, format_number

# an account's kind as a word of the chart (KIND_LABELS name the statements' sections)
KIND_NAMES = {
    Kind.ASSET.value: N_("activo"),
    Kind.LIABILITY.value: N_("pasivo"),
    Kind.EQUITY.value: N_("patrimonio"),
    Kind.INCOME.value: N_("ingreso"),
    Kind.EXPENSE.value: N_("gasto"),
}
FIRST_YEAR, LAST_YEAR = 1900, 9999
ENTRY_NUMBER = re.compile(r"(\d{4})-(\d{1,6})")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _plain(value: Decimal) -> Decimal:
    """Two places and never a negative zero."""
    return (value + ZERO).quantize(CENT)


def _amount(value: Decimal) -> str:
    """An amount for --json: ``"37450.00"``."""
    return str(_plain(value))


def _money(value: Decimal) -> str:
    return format_money(_plain(value))


def _cell(value: Decimal) -> str:
    """A debit or credit cell: blank when zero, as in the books."""
    return _money(value) if value else ""


def _kind(kind: str) -> str:
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def _optional_date(read: Reader, text: str | None, field: str) -> date | None:
    return read.date(text, field) if text else None


def _year(read: Reader, text: str, field: str) -> int:
    """A year typed with four figures; every problem goes to ``read``."""
    problems_before = len(read.problems)
    year = read.integer(text, field)
    if len(read.problems) == problems_before and not FIRST_YEAR <= year <= LAST_YEAR:
        read.problems.append(Problem(field, N_("«%(text)s» no es un año; escríbalo con cuatro cifras, por ejemplo "
                                               "2026."), {"text": text}))
        return today().year
    return year


def _range_words(start: date | None, end: date | None) -> str:
    if start is not None and end is not None:
        return _("del %(start)s al %(end)s") % {"start": format_date(start), "end": format_date(end)}
    if start is not None:
        return _("desde el %(start)s") % {"start": format_date(start)}
    if end is not None:
        return _("hasta el %(end)s") % {"end": format_date(end)}
    return _("todos los asientos")


def _account(book: Book, code: str):
    """The account with this code, or a Spanish problem."""
    code = (code or "").strip()
    found = next((a for a in book.ledger.accounts() if a.code == code), None)
    if found is None:
        raise UsageError([Problem("account", N_("No existe la cuenta %(code)s. Vea el plan de cuentas con: "
                                                "coopdesk ledger accounts"), {"code": code})])
    return found


# -- the chart -------------------------------------------------------------------------------


def cmd_accounts(args) -> int:
    with open_book(args) as book:
        accounts = book.ledger.accounts()
    if args.json:
        print(_dumps({"accounts": [{"code": a.code, "name": a.name, "kind": a.kind, "member_ledger": a.member_ledger}
                                   for a in accounts]}))
        return 0
    print(_("Plan de cuentas"))
    table = [(_("Código"), _("Nombre"), _("Tipo"), _("Socios"))]
    table += [(a.code, a.name, _kind(a.kind), _("sí") if a.member_ledger else "") for a in accounts]
    print_table(table)
    print(ngettext("%(n)s cuenta. «Socios»: sus líneas llevan el socio (cuenta corriente de socios).",
                   "%(n)s cuentas. «Socios»: sus líneas llevan el socio (cuenta corriente de socios).",
                   len(accounts)) % {"n": format_number(len(accounts))})
    return 0


def cmd_chart_changes(args) -> int:
    """What the move to the PCGE's codes changed in this book (migration 0008)."""
    from coopdesk.core import chart_changes as C
    with Book.open(args.db) as book:
        book.ledger.unseen_chart_changes()  # shown now: the app does not show them again
        changes = book.ledger.chart_changes()
    if args.json:
        print(_dumps({"changes": [{"kind": c.kind, "old": c.old_code, "new": c.new_code, "old_name": c.old_name,
                                   "new_name": c.new_name} for c in changes]}))
        return 0
    if not changes:
        print(_("Este libro se creó con el plan de cuentas del PCGE: no se cambió el código de ninguna cuenta."))
        return 0
    print(_(C.TITLE))
    print(_(C.INTRO))
    for c in changes:
        words = {"old": c.old_code, "new": c.new_code, "old_name": c.old_name, "new_name": c.new_name}
        print("  " + (_(C.MOVED_LINE) if c.moved else _(C.RENUMBERED_LINE)) % words)
    return 0


def cmd_accounts_add(args) -> int:
    with open_book(args) as book:
        book.ledger.add_account(args.code, args.name, args.kind, member_ledger=args.member_ledger)
        account = _account(book, args.code)
    words = {"code": account.code, "name": account.name, "kind": _kind(account.kind)}
    if account.member_ledger:
        print(_("Se registró la cuenta %(code)s %(name)s (%(kind)s). Es una cuenta de socios: cada línea lleva el "
                "socio.") % words)
    else:
        print(_("Se registró la cuenta %(code)s %(name)s (%(kind)s).") % words)
    return 0


# -- the Libro Diario ------------------------------------------------------------------------


def _numbers(book: Book, entries) -> dict[int, str]:
    """The printed number of every entry these reverse or are reversed by."""
    numbers = {e.id: e.number for e in entries}
    wanted = {i for e in entries for i in (e.reverses, e.reversed_by) if i is not None} - numbers.keys()
    if wanted:
        numbers.update({e.id: e.number for e in book.ledger.entries() if e.id in wanted})
    return numbers


def _entry_json(entry, numbers: dict[int, str]) -> dict:
    return {"id": entry.id, "number": entry.number, "diario": entry.diario or None,  # None: its month is open
            "date": entry.date.isoformat(),
            "description": entry.description, "reference": entry.reference, "source": entry.source_kind,
            "reverses": numbers.get(entry.reverses) if entry.reverses is not None else None,
            "reversed_by": numbers.get(entry.reversed_by) if entry.reversed_by is not None else None,
            "created_by": entry.created_by, "total": _amount(entry.total),
            "lines": [{"account": line.account, "account_name": line.account_name, "member": line.member_code or None,
                       "debit": _amount(line.debit), "credit": _amount(line.credit), "currency": line.currency,
                       "foreign_amount": _amount(line.foreign_amount) if line.foreign_amount is not None else None,
                       "exchange_rate": str(line.exchange_rate) if line.exchange_rate is not None else None,
                       "description": line.description} for line in entry.lines]}


def _dollars(value: Decimal | None) -> str:
    return "" if value is None else f"US$\u00a0{format_number(value, 2)}"


def print_entry(entry, numbers: dict[int, str]) -> None:
    """One entry of the Libro Diario: number, date, glosa and its lines."""
    print(_("Asiento %(number)s del %(date)s: %(description)s")
          % {"number": entry.number, "date": format_date(entry.date), "description": entry.description})
    if entry.reference:
        print(_("Referencia: %(reference)s") % {"reference": entry.reference})
    if entry.reverses is not None:
        print(_("Revierte el asiento %(number)s.") % {"number": numbers.get(entry.reverses, entry.reverses)})
    if entry.reversed_by is not None:
        print(_("Revertido por el asiento %(number)s.") % {"number": numbers.get(entry.reversed_by,
                                                                                 entry.reversed_by)})
    members = any(line.member_code for line in entry.lines)
    foreign = any(line.foreign_amount is not None for line in entry.lines)
    details = any(line.description for line in entry.lines)
    header = [_("Cuenta"), _("Nombre")] + ([_("Socio")] if members else []) + [_("Debe"), _("Haber")]
    header += [_("US$"), _("T.C.")] if foreign else []
    header += [_("Detalle")] if details else []
    table = [tuple(header)]
    for line in entry.lines:
        row = [line.account, line.account_name] + ([line.member_code] if members else [])
        row += [_cell(line.debit), _cell(line.credit)]
        if foreign:
            row += [_dollars(line.foreign_amount),
                    format_number(line.exchange_rate, 4) if line.exchange_rate is not None else ""]
        row += [line.description] if details else []
        table.append(tuple(row))
    debit = sum((line.debit for line in entry.lines), ZERO)
    credit = sum((line.credit for line in entry.lines), ZERO)
    total = [_("Total"), ""] + ([""] if members else []) + [_money(debit), _money(credit)]
    total += ["", ""] if foreign else []
    total += [""] if details else []
    table.append(tuple(total))
    first = 3 if members else 2
    print_table(table, right=(first, first + 1) + ((first + 2, first + 3) if foreign else ()))


def cmd_entries(args) -> int:
    read = Reader()
    start = _optional_date(read, args.start, "start")
    end = _optional_date(read, args.end, "end")
    read.done()
    with open_book(args) as book:
        account = _account(book, args.account) if args.account else None
        entries = book.ledger.entries(account.code if account else None, start, end)
        numbers = _numbers(book, entries)
    if args.json:
        print(_dumps({"account": account.code if account else None, "from": _iso(start), "to": _iso(end),
                      "entries": [_entry_json(e, numbers) for e in entries]}))
        return 0
    title = _("Libro Diario, %(range)s") % {"range": _range_words(start, end)}
    if account is not None:
        title = _("Libro Diario: asientos de la cuenta %(code)s %(name)s, %(range)s") % {
            "code": account.code, "name": account.name, "range": _range_words(start, end)}
    print(title)
    if not entries:
        print(_("No hay asientos."))
        return 0
    for entry in entries:
        print()
        print_entry(entry, numbers)
    print()
    print(ngettext("%(n)s asiento", "%(n)s asientos", len(entries)) % {"n": format_number(len(entries))})
    return 0


# -- posting and reversing -------------------------------------------------------------------


def _line_amount(read: Reader, text: str, field: str, n: int, message: str) -> Decimal:
    """A debit or credit of a --line (blank is zero); when mistyped, which line and which amount come first."""
    value, problems = read_decimal(text, field, default=ZERO)
    if problems:
        read.problems += [Problem(field, message, {"n": n, "text": text}), *problems]
        return ZERO
    if value.is_finite() and value == value.quantize(CENT):
        value = value.quantize(CENT)  # 450 is S/ 450.00; 450.005 stays so the core refuses it
    return value


def _line(read: Reader, text: str, n: int) -> LineInput:
    """``ACCOUNT:DEBIT:CREDIT[:MEMBER]``, e.g. ``656:450,00:0`` or ``14222:500:0:S0001``."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (3, 4) or not parts[0]:
        read.problems.append(Problem(f"lines[{n}]", N_(
            "Línea %(n)s: escríbala como CUENTA:DEBE:HABER o CUENTA:DEBE:HABER:SOCIO, por ejemplo 656:450,00:0 "
            "(usted escribió «%(text)s»)."), {"n": n, "text": text}))
        return LineInput("", ZERO, ZERO)
    debit = _line_amount(read, parts[1], f"lines[{n}].debit", n, N_("Línea %(n)s: revise el debe «%(text)s»."))
    credit = _line_amount(read, parts[2], f"lines[{n}].credit", n, N_("Línea %(n)s: revise el haber «%(text)s»."))
    return LineInput(parts[0], debit, credit, member_code=parts[3] if len(parts) == 4 else "")


def _members_as_recorded(book: Book, lines: list[LineInput]) -> tuple[LineInput, ...]:
    """Member codes typed in any case (s0001 is S0001); an unknown one is left for the core to name."""
    out = []
    for line in lines:
        if line.member_code:
            try:
                line = replace(line, member_code=book.members.get(line.member_code).code)
            except NotFound:
                pass
        out.append(line)
    return tuple(out)


def _entry(book: Book, entry_id: int, _day: date | None = None):
    [entry] = book.ledger.entries(ids=[entry_id])
    return entry


def cmd_post(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    lines = [_line(read, text, n) for n, text in enumerate(args.line, start=1)]
    read.done()
    with open_book(args) as book:
        entry = EntryInput(day, (args.description or "").strip(), _members_as_recorded(book, lines),
                           (args.reference or "").strip())
        entry_id = (book.ledger.post_opening if args.opening else book.ledger.post)(entry)
        posted = _entry(book, entry_id, day)
        numbers = _numbers(book, [posted])
    print(_("Se registró el asiento %(number)s del %(date)s por %(amount)s.")
          % {"number": posted.number, "date": format_date(posted.date), "amount": _money(posted.total)})
    print()
    print_entry(posted, numbers)
    return 0


def cmd_post_pending(args) -> int:
    with open_book(args) as book:
        done = book.ledger.post_pending()
    if done.skipped:
        print(pending_skipped(done.skipped))
    if not (done.intake_entries or done.movements or done.distributions):
        print(_("Todo estaba contabilizado: no había entregas ni movimientos sin asiento."))
    else:
        print(_("Se registraron %(intake)s asientos de acopio (uno por día y serie), %(movements)s de movimientos de "
                "socios y %(distributions)s de distribuciones y sus pagos.") % {
                    "intake": done.intake_entries, "movements": done.movements, "distributions": done.distributions})
    return 0


def _find_entry(book: Book, text: str):
    """The entry with this printed number (2026-000001, or 2026-1)."""
    match = ENTRY_NUMBER.fullmatch((text or "").strip())
    if match is None:
        raise UsageError([Problem("entry", N_("Escriba el número del asiento como aparece en el Libro Diario, por "
                                              "ejemplo 2026-000001 (usted escribió «%(text)s»)."), {"text": text})])
    number = f"{match.group(1)}-{int(match.group(2)):06d}"
    try:
        return _entry(book, book.ledger.entry_id(number))
    except NotFound:
        raise UsageError([Problem("entry", N_("No existe el asiento %(number)s."), {"number": number})]) from None


def cmd_reverse(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        original = _find_entry(book, args.entry)
        reversal_id = book.ledger.reverse(original.id, day, args.reason or "")
        reversal = _entry(book, reversal_id, day)
        numbers = _numbers(book, [reversal])
    print(_("Se revirtió el asiento %(number)s con el asiento %(reversal)s del %(date)s. El original se conserva; "
            "los dos juntos suman cero.") % {"number": original.number, "reversal": reversal.number,
                                             "date": format_date(reversal.date)})
    print()
    print_entry(reversal, numbers)
    return 0


# -- periods ---------------------------------------------------------------------------------


def cmd_close(args) -> int:
    period = parse_period(args.period)
    if period is None:
        raise UsageError([Problem("period", N_("Escriba el periodo como 2026-03 o 03/2026 (usted escribió "
                                               "«%(text)s»)."), {"text": args.period})])
    with open_book(args) as book:
        before = {p.code for p in book.ledger.periods() if p.status == CLOSED}
        book.ledger.close(*period)
        newly = [p for p in book.ledger.periods() if p.status == CLOSED and p.code not in before]
        closed = [p.code for p in newly]
        numbered: list[str] = []
        if newly:  # the entries of the months just closed got their correlativo in the Libro Diario (domain/diario.py)
            year, month = period
            end = date(year, month, monthrange(year, month)[1])
            # «D-2026-000001»: as text, in the order of the numbers
            numbered = sorted(e.diario for e in book.ledger.entries(start=date(newly[0].year, newly[0].month, 1),
                                                                    end=end) if e.diario)
    print(ngettext("Se cerró el periodo %(periods)s: ya no se registra nada en él. Una corrección se hace con un "
                   "asiento en un periodo abierto.",
                   "Se cerraron los periodos %(periods)s: ya no se registra nada en ellos. Una corrección se hace "
                   "con un asiento en un periodo abierto.", len(closed)) % {"periods": ", ".join(closed)})
    if numbered:
        print(ngettext("Su asiento recibió su correlativo del Libro Diario, %(first)s.",
                       "Sus %(n)s asientos recibieron su correlativo del Libro Diario, por fecha: de %(first)s a "
                       "%(last)s.", len(numbered)) % {"n": len(numbered), "first": numbered[0], "last": numbered[-1]})
    return 0


def cmd_close_year(args) -> int:
    read = Reader()
    year = _year(read, args.year, "year")
    read.done()
    with open_book(args) as book:
        done = book.ledger.year_end(year)
        entry_id = done.closing
        night = [_entry(book, i, day) for i, day in ((done.balance_closing, date(year, 12, 31)),
                                                     (done.reopening, date(year + 1, 1, 1))) if i is not None]
        provision = _entry(book, done.provision, date(year, 12, 31)) if done.provision is not None else None
        if entry_id is None:
            print(_("El ejercicio %(year)s no tenía ingresos ni gastos: quedó cerrado sin asiento de cierre.")
                  % {"year": year})
            _print_night(night, year)
            return 0
        entry = _entry(book, entry_id, date(year, 12, 31))
        result = book.ledger.remanente(year)
        numbers = _numbers(book, [entry])
    words = {"year": year, "number": entry.number, "date": format_date(entry.date), "amount": _money(abs(result))}
    if result > ZERO:
        print(_("Se registró el asiento de cierre del ejercicio %(year)s (%(number)s, %(date)s): los ingresos y "
                "gastos quedan en cero y el remanente de %(amount)s pasa a la cuenta 591 Excedentes por "
                "distribuir.") % words)
    elif result < ZERO:
        print(_("Se registró el asiento de cierre del ejercicio %(year)s (%(number)s, %(date)s): los ingresos y "
                "gastos quedan en cero y la pérdida de %(amount)s pasa a la cuenta 592 Pérdidas acumuladas.")
              % words)
    else:
        print(_("Se registró el asiento de cierre del ejercicio %(year)s (%(number)s, %(date)s): los ingresos y "
                "gastos quedan en cero; no hubo remanente ni pérdida.") % words)
    if provision is not None:
        print(_("Impuesto a la renta del ejercicio (operaciones que no son actos cooperativos): %(amount)s, asiento "
                "%(number)s.") % {"amount": _money(provision.total), "number": provision.number})
    _print_night(night, year)
    print(_("Los doce meses de %(year)s quedan cerrados: nada más se registra con fecha de ese año.") % words)
    print()
    print_entry(entry, numbers)
    return 0


def _print_night(night, year: int) -> None:
    """The balance-sheet accounts closed on 31/12 and reopened on 01/01 (both or neither)."""
    if len(night) == 2:
        print(_("Las cuentas de balance se cierran al 31/12/%(year)s (%(closing)s) y se reabren el 01/01/%(next)s "
                "(%(opening)s): el estado de situación no cambia de un día al otro.")
              % {"year": year, "next": year + 1, "closing": night[0].number, "opening": night[1].number})


# -- statements ------------------------------------------------------------------------------


def _balance_json(row) -> dict:
    return {"code": row.code, "name": row.name, "amount": _amount(row.balance)}


def cmd_trial_balance(args) -> int:
    read = Reader()
    start = _optional_date(read, args.start, "start")
    end = _optional_date(read, args.end, "end")
    read.done()
    with open_book(args) as book:
        trial = book.ledger.trial_balance(end=end, start=start)
    rows = [(r, max(r.debit - r.credit, ZERO), max(r.credit - r.debit, ZERO)) for r in trial.rows]
    debtor = sum((d for _r, d, _c in rows), ZERO)
    creditor = sum((c for _r, _d, c in rows), ZERO)
    difference = abs(trial.debit - trial.credit)
    if args.json:
        print(_dumps({"from": _iso(start), "to": _iso(end), "accounts": [
            {"code": r.code, "name": r.name, "kind": r.kind, "debit": _amount(r.debit), "credit": _amount(r.credit),
             "debit_balance": _amount(d), "credit_balance": _amount(c)} for r, d, c in rows],
            "totals": {"debit": _amount(trial.debit), "credit": _amount(trial.credit),
                       "debit_balance": _amount(debtor), "credit_balance": _amount(creditor)},
            "balanced": trial.balanced, "difference": _amount(difference)}))
        return 0
    print(_("Balance de comprobación, %(range)s") % {"range": _range_words(start, end)})
    if not rows:
        print(_("No hay asientos."))
        return 0
    table = [(_("Cuenta"), _("Nombre"), _("Debe"), _("Haber"), _("Saldo deudor"), _("Saldo acreedor"))]
    table += [(r.code, r.name, _cell(r.debit), _cell(r.credit), _cell(d), _cell(c)) for r, d, c in rows]
    table.append((_("Totales"), "", _money(trial.debit), _money(trial.credit), _money(debtor), _money(creditor)))
    print_table(table, right=(2, 3, 4, 5))
    print()
    if trial.balanced:
        print(_("Cuadra: el debe y el haber suman %(amount)s cada uno.") % {"amount": _money(trial.debit)})
    else:
        print(_("No cuadra: el debe suma %(debit)s y el haber %(credit)s (diferencia %(difference)s).")
              % {"debit": _money(trial.debit), "credit": _money(trial.credit), "difference": _money(difference)})
    return 0


def _result_words(result: Decimal) -> str:
    if result > ZERO:
        return _("Remanente del ejercicio: %(amount)s") % {"amount": _money(result)}
    if result < ZERO:
        return _("Pérdida del ejercicio: %(amount)s") % {"amount": _money(-result)}
    return _("Resultado del ejercicio: sin remanente ni pérdida (%(amount)s)") % {"amount": _money(ZERO)}


def _result_kind(result: Decimal) -> str:
    return "surplus" if result > ZERO else "loss" if result < ZERO else "none"


def _section(table: list, heading: str, rows, total_label: str) -> None:
    table.append((heading, "", ""))
    table += [(r.code, r.name, _money(r.balance)) for r in rows]
    table.append(("", total_label, _money(sum((r.balance for r in rows), ZERO))))


def _ejercicio(args) -> tuple[int, date | None]:
    """The ejercicio (--year, or the year of --to, or this year) and the optional --to inside it."""
    read = Reader()
    end = _optional_date(read, args.end, "end")
    if args.year is not None:
        year = _year(read, args.year, "year")
    else:
        year = end.year if end is not None else today().year
    read.done()
    if end is not None and end.year != year:
        raise UsageError([Problem("end", N_("La fecha de --to (%(date)s) no es del ejercicio %(year)s."),
                                  {"date": end, "year": year})])
    return year, end


def _function_lines(statement) -> list[tuple[str, str, str]]:
    """The Estado de resultados by function as a table: each line's accounts, its total,
    and the margins (income positive, costs and expenses negative)."""
    from coopdesk.domain import financial_statements as FS

    table: list[tuple[str, str, str]] = []

    def line(key: str) -> None:
        item = statement.lines[key]
        table.extend((r.code, r.name, _money(r.credit - r.debit)) for r in item.accounts)
        table.append(("", _(item.label), _money(item.amount)))

    def margin(label: str, value: Decimal) -> None:
        table.append(("", label, _money(value)))
        table.append(("", "", ""))

    line(FS.SALES)
    line(FS.COST)
    margin(_("Utilidad bruta") if statement.gross_margin >= ZERO else _("Pérdida bruta"), statement.gross_margin)
    for key in (FS.SELLING, FS.ADMINISTRATION, FS.OTHER_OPERATING_INCOME, FS.OTHER_OPERATING_EXPENSES):
        line(key)
    margin(_("Utilidad operativa") if statement.operating_result >= ZERO else _("Pérdida operativa"),
           statement.operating_result)
    for key in (FS.FINANCIAL_INCOME, FS.FINANCIAL_EXPENSES, FS.EXCHANGE):
        line(key)
    margin(_("Resultado antes del impuesto a la renta"), statement.before_tax)
    line(FS.INCOME_TAX)
    return table


def cmd_income_statement(args) -> int:
    year, end = _ejercicio(args)
    with open_book(args) as book:
        statement = book.ledger.income_statement(year, end)
        by_function = book.ledger.function_statement(year, end)
    start, end = date(year, 1, 1), end or date(year, 12, 31)
    result = statement.result
    if args.json:
        print(_dumps({"year": year, "from": start.isoformat(), "to": end.isoformat(),
                      "income": [_balance_json(r) for r in statement.income],
                      "expenses": [_balance_json(r) for r in statement.expenses],
                      "total_income": _amount(statement.total_income),
                      "total_expenses": _amount(statement.total_expenses),
                      "result": _amount(result), "result_kind": _result_kind(result),
                      "by_function": {
                          "lines": {key: {"amount": _amount(item.amount),
                                          "accounts": [{"code": r.code, "name": r.name,
                                                        "amount": _amount(r.credit - r.debit)}
                                                       for r in item.accounts]}
                                    for key, item in by_function.lines.items()},
                          "net_sales": _amount(by_function.net_sales),
                          "cost_of_sales": _amount(by_function.cost_of_sales),
                          "gross_margin": _amount(by_function.gross_margin),
                          "operating_result": _amount(by_function.operating_result),
                          "before_tax": _amount(by_function.before_tax),
                          "income_tax": _amount(by_function.income_tax),
                          "result": _amount(by_function.result)}}))
        return 0
    print(_("Estado de resultados por función del ejercicio %(year)s, %(range)s") % {
        "year": year, "range": _range_words(start, end)})
    table = [(_("Cuenta"), _("Nombre"), _("Importe"))] + _function_lines(by_function)
    print_table(table, right=(2,))
    print()
    print(_result_words(result))
    return 0


def cmd_balance_sheet(args) -> int:
    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        sheet = book.ledger.balance_sheet(day)
    liabilities_and_equity = sheet.total_liabilities + sheet.total_equity
    difference = abs(sheet.total_assets - liabilities_and_equity)
    if args.json:
        print(_dumps({"date": day.isoformat(), "assets": [_balance_json(r) for r in sheet.assets],
                      "liabilities": [_balance_json(r) for r in sheet.liabilities],
                      "equity": [_balance_json(r) for r in sheet.equity], "result": _amount(sheet.result),
                      "total_assets": _amount(sheet.total_assets),
                      "total_liabilities": _amount(sheet.total_liabilities),
                      "total_equity": _amount(sheet.total_equity),
                      "total_liabilities_and_equity": _amount(liabilities_and_equity),
                      "current_assets": [r.code for r in classified(sheet).current_assets],
                      "noncurrent_assets": [r.code for r in classified(sheet).noncurrent_assets],
                      "current_liabilities": [r.code for r in classified(sheet).current_liabilities],
                      "noncurrent_liabilities": [r.code for r in classified(sheet).noncurrent_liabilities],
                      "balanced": sheet.balanced, "difference": _amount(difference)}))
        return 0
    print(_("Estado de situación financiera al %(date)s") % {"date": format_date(day)})
    split = classified(sheet)
    table = [(_("Cuenta"), _("Nombre"), _("Saldo"))]
    table.append((_(KIND_LABELS[Kind.ASSET]), "", ""))
    _section(table, _("Activo corriente"), split.current_assets, _("Total activo corriente"))
    _section(table, _("Activo no corriente"), split.noncurrent_assets, _("Total activo no corriente"))
    table.append(("", _("Total activo"), _money(sheet.total_assets)))
    table.append(("", "", ""))
    table.append((_(KIND_LABELS[Kind.LIABILITY]), "", ""))
    _section(table, _("Pasivo corriente"), split.current_liabilities, _("Total pasivo corriente"))
    _section(table, _("Pasivo no corriente"), split.noncurrent_liabilities, _("Total pasivo no corriente"))
    table.append(("", _("Total pasivo"), _money(sheet.total_liabilities)))
    table.append(("", "", ""))
    table.append((_(KIND_LABELS[Kind.EQUITY]), "", ""))
    table += [(r.code, r.name, _money(r.balance)) for r in sheet.equity]
    if sheet.result:
        table.append(("", _("Remanente del ejercicio (sin cerrar)") if sheet.result >= 0 else
                      _("Pérdida del ejercicio (sin cerrar)"), _money(sheet.result)))
    table.append(("", _("Total patrimonio"), _money(sheet.total_equity)))
    table.append(("", "", ""))
    table.append(("", _("Total pasivo y patrimonio"), _money(liabilities_and_equity)))
    print_table(table, right=(2,))
    print()
    if sheet.balanced:
        print(_("Cuadra: el activo es igual al pasivo más el patrimonio."))
    else:
        print(_("No cuadra: el activo suma %(assets)s y el pasivo más el patrimonio %(other)s (diferencia "
                "%(difference)s).") % {"assets": _money(sheet.total_assets), "other": _money(liabilities_and_equity),
                                       "difference": _money(difference)})
    return 0


def cmd_members(args) -> int:
    read = Reader()
    day = _optional_date(read, args.date, "date")
    read.done()
    with open_book(args) as book:
        accounts = book.ledger.accounts()
        account = _account(book, args.account)
        if not account.member_ledger:
            raise UsageError([Problem("account", N_(
                "La cuenta %(code)s %(name)s no es una cuenta de socios. Las cuentas de socios son: %(codes)s."),
                {"code": account.code, "name": account.name,
                 "codes": ", ".join(a.code for a in accounts if a.member_ledger)})])
        balances = book.ledger.member_balances(account.code, day)
        names = {m.code: m.sort_name for m in book.members.page("", limit=max(book.members.count(), 1))}
        control = next((r.balance for r in book.ledger.trial_balance(end=day).rows if r.code == account.code), ZERO)
    members = sorted(balances.items())
    total = sum((b for _code, b in members), ZERO)
    difference = abs(total - control)
    if args.json:
        print(_dumps({"account": account.code, "name": account.name, "date": _iso(day),
                      "members": [{"member": code, "name": names.get(code, ""), "balance": _amount(balance)}
                                  for code, balance in members],
                      "total": _amount(total), "control": _amount(control), "reconciled": total == control,
                      "difference": _amount(difference)}))
        return 0
    when = _("al %(date)s") % {"date": format_date(day)} if day is not None else _("todos los asientos")
    print(_("Cuenta %(code)s %(name)s por socio, %(when)s") % {"code": account.code, "name": account.name,
                                                               "when": when})
    if members:
        table = [(_("Socio"), _("Apellidos y nombres"), _("Saldo"))]
        table += [(code, names.get(code, ""), _money(balance)) for code, balance in members]
        table.append(("", _("Total de los socios"), _money(total)))
        print_table(table, right=(2,))
    else:
        print(_("Ningún socio tiene movimientos en esta cuenta."))
    print()
    words = {"code": account.code, "control": _money(control), "total": _money(total),
             "difference": _money(difference)}
    if total == control:
        print(_("Cuadra: la suma de los socios es el saldo de la cuenta %(code)s, %(control)s.") % words)
    else:
        print(_("No cuadra: la suma de los socios es %(total)s y el saldo de la cuenta %(code)s es %(control)s "
                "(diferencia %(difference)s).") % words)
    return 0


# -- the printed books ------------------------------------------------------------------------


def _pdf_path(text: str, name: str):
    """``--out``: a PDF file, or a folder where the book gets its own name."""
    from pathlib import Path

    out = Path(text)
    if out.is_dir():
        out = out / name
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _print_range(args) -> tuple[date | None, date | None]:
    read = Reader()
    start = _optional_date(read, args.start, "start")
    end = _optional_date(read, args.end, "end")
    read.done()
    if start is not None and end is not None and start > end:
        raise UsageError([Problem("start", N_("La fecha de --from (%(start)s) es posterior a la de --to (%(end)s)."),
                                  {"start": start, "end": end})])
    return start, end


def _saved(view, out) -> int:
    print(_("Se guardó «%(book)s» en %(file)s.") % {"book": view.pdf_title, "file": out})
    return 0


def cmd_print_journal(args) -> int:
    from coopdesk.core.ledger_books import printable_journal
    from coopdesk.reports.ledger_pdf import journal_filename, render_ledger_book
    from coopdesk.core.ledger_books import open_period
    from coopdesk.reports.ledger_view import journal_view, provisional_diario

    start, end = _print_range(args)
    with open_book(args) as book:
        view = provisional_diario(journal_view(*printable_journal(book, start, end), start, end, book.clock.today()),
                                  open_period(book, end or book.clock.today()))
    out = _pdf_path(args.out, journal_filename(start, end))
    render_ledger_book(view, out)
    return _saved(view, out)


def cmd_print_mayor(args) -> int:
    from coopdesk.core.ledger_books import printable_mayor
    from coopdesk.reports.ledger_pdf import mayor_filename, render_ledger_book
    from coopdesk.reports.ledger_view import mayor_view

    start, end = _print_range(args)
    title = (args.title or "").strip() or None
    with open_book(args) as book:
        codes = [_account(book, code).code for code in args.account]
        parts, cooperative = printable_mayor(book, codes, start, end)
    view = mayor_view(parts, cooperative, start, end, book.clock.today(), title)
    out = _pdf_path(args.out, mayor_filename([opening.code for opening, _entries in parts], start, end, title))
    render_ledger_book(view, out)
    return _saved(view, out)


def cmd_print_trial_balance(args) -> int:
    from coopdesk.core.ledger_books import open_period, printable_trial_balance
    from coopdesk.reports.ledger_pdf import render_ledger_book, trial_balance_filename
    from coopdesk.reports.ledger_view import provisional, trial_balance_view

    start, end = _print_range(args)
    with open_book(args) as book:
        view = provisional(trial_balance_view(*printable_trial_balance(book, end, start), start, end,
                                              book.clock.today()), open_period(book, end or book.clock.today()))
    out = _pdf_path(args.out, trial_balance_filename(start, end))
    render_ledger_book(view, out)
    return _saved(view, out)


def cmd_print_income_statement(args) -> int:
    from coopdesk.core.ledger_books import open_period, printable_income_statement
    from coopdesk.reports.ledger_pdf import income_statement_filename, render_ledger_book
    from coopdesk.reports.ledger_view import income_statement_view, provisional

    year, end = _ejercicio(args)
    with open_book(args) as book:
        view = provisional(income_statement_view(*printable_income_statement(book, year, end), year, end,
                                                 book.clock.today()), open_period(book, end or date(year, 12, 31)))
    out = _pdf_path(args.out, income_statement_filename(year, end))
    render_ledger_book(view, out)
    return _saved(view, out)


def cmd_print_balance_sheet(args) -> int:
    from coopdesk.core.ledger_books import open_period, printable_balance_sheet
    from coopdesk.reports.ledger_pdf import balance_sheet_filename, render_ledger_book
    from coopdesk.reports.ledger_view import balance_sheet_view, provisional

    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        view = provisional(balance_sheet_view(*printable_balance_sheet(book, day), day, book.clock.today()),
                           open_period(book, day))
    out = _pdf_path(args.out, balance_sheet_filename(day))
    render_ledger_book(view, out)
    return _saved(view, out)


def cmd_inventarios(args) -> int:
    """The Libro de Inventarios y Balances of an ejercicio (formato 3.1 and its details) as a PDF."""
    from coopdesk.core.ledger_books import printable_inventarios
    from coopdesk.reports.ledger_pdf import inventarios_filename, render_ledger_book
    from coopdesk.reports.ledger_view import inventarios_view

    read = Reader()
    year = _year(read, args.year, "year")
    read.done()
    with open_book(args) as book:
        view = inventarios_view(*printable_inventarios(book, year), book.clock.today())
    out = _pdf_path(args.pdf, inventarios_filename(year))
    render_ledger_book(view, out)
    return _saved(view, out)


def cmd_print_member_ledger(args) -> int:
    from coopdesk.core.ledger_books import printable_member_ledger
    from coopdesk.reports.ledger_pdf import member_ledger_filename, render_ledger_book
    from coopdesk.reports.ledger_view import member_ledger_view

    read = Reader()
    day = read.date(args.date, "date")
    read.done()
    with open_book(args) as book:
        code = _account(book, args.account).code
        ledger, name, cooperative = printable_member_ledger(book, code, day)
    view = member_ledger_view(ledger, name, cooperative, day, book.clock.today())
    out = _pdf_path(args.out, member_ledger_filename(code, day))
    render_ledger_book(view, out)
    return _saved(view, out)


def _add_print_parsers(ledger, parser_class) -> None:
    books = ledger.add_parser("print", help=_("imprime en PDF el Libro Diario, el Libro Mayor (Caja y Bancos, Fondo "
                                              "de Prima), el Balance de comprobación, los estados financieros y "
                                              "las cuentas de socios"))
    books = books.add_subparsers(metavar=_("LIBRO"), required=True, parser_class=parser_class)

    def out(s) -> None:
        s.add_argument("--out", required=True, metavar=_("ARCHIVO"), help=_("archivo PDF de salida (o una carpeta)"))

    def dates(s) -> None:
        s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha"))
        s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha"))

    s = books.add_parser("diario", aliases=["journal"], help=_("Libro Diario: los asientos con sus líneas y totales"))
    out(s)
    dates(s)
    s.set_defaults(func=cmd_print_journal)

    s = books.add_parser("mayor", aliases=["general-ledger"], help=_(
        "Libro Mayor de una o más cuentas, con el saldo anterior y el saldo de cada movimiento; 101 y 1041 son el "
        "Libro Caja y Bancos, 46993 el Fondo de Prima de Comercio Justo"))
    out(s)
    dates(s)
    s.add_argument("--account", required=True, action="append", metavar=_("CUENTA"),
                   help=_("cuenta, por ejemplo 101 (se repite: --account 101 --account 1041)"))
    s.add_argument("--title", metavar=_("TÍTULO"), help=_("título del libro (por defecto, según las cuentas)"))
    s.set_defaults(func=cmd_print_mayor)

    s = books.add_parser("balance", aliases=["trial-balance"], help=_(
        "Balance de comprobación: debe, haber y saldos por cuenta"))
    out(s)
    dates(s)
    s.set_defaults(func=cmd_print_trial_balance)

    from coopdesk.cli import worksheet

    worksheet.add_print_parser(books)

    s = books.add_parser("resultados", aliases=["income-statement"], help=_(
        "Estado de resultados del ejercicio: ingresos, gastos y remanente o pérdida"))
    out(s)
    s.add_argument("--year", metavar=_("AÑO"), help=_("ejercicio (por defecto el año actual)"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha del ejercicio"))
    s.set_defaults(func=cmd_print_income_statement)

    s = books.add_parser("situacion", aliases=["situación", "balance-sheet"], help=_(
        "Estado de situación financiera: activo, pasivo y patrimonio"))
    out(s)
    s.add_argument("--date", metavar=_("FECHA"), help=_("fecha del estado (por defecto hoy)"))
    s.set_defaults(func=cmd_print_balance_sheet)

    s = books.add_parser("socios", aliases=["members"], help=_(
        "Cuentas de socios: el saldo de cada socio en una cuenta de socios (14222 adelantos, 14221 préstamos, 14223 "
        "insumos, 4419 por pagar, 501 aportaciones) y si cuadra con la cuenta"))
    out(s)
    s.add_argument("--account", required=True, metavar=_("CUENTA"), help=_("cuenta de socios, por ejemplo 14222"))
    s.add_argument("--date", metavar=_("FECHA"), help=_("saldos a esta fecha (por defecto hoy)"))
    s.set_defaults(func=cmd_print_member_ledger)


# -- SUNAT's electronic books (PLE) -----------------------------------------------------------


def cmd_ple(args) -> int:
    from coopdesk.core.ple import write_month

    period = parse_period(args.month)
    if period is None:
        raise UsageError([Problem("month", N_("Escriba el mes como 2026-03 o 03/2026 (usted escribió «%(text)s»)."),
                                  {"text": args.month})])
    libros = args.libro or list(LIBROS)
    with open_book(args) as book:
        # an open month is refused (core.ple.check_closed): its CUOs are the Diario's correlativos, given at close
        paths = write_month(book, *period, args.out, libros)
    for path in paths:
        empty = path.stat().st_size == 0
        print(_("%(file)s (sin información)") % {"file": path} if empty else str(path))
    return 0


def cmd_ple_bank(args) -> int:
    with open_book(args) as book:
        if args.entity is None and args.number is None:
            banks = book.settings.ple_bank_accounts
            if not banks:
                print(_("Ninguna cuenta corriente tiene registrada su entidad financiera."))
            for code, bank in sorted(banks.items()):
                print(f"{code}  {bank.entity}  {bank.number}")
            return 0
        _account(book, args.account)
        book.settings.set_ple_bank_account(args.account, args.entity or "", args.number or "")
    print(_("Se registró la cuenta bancaria de la cuenta %(code)s para el libro 1.2.") % {"code": args.account.strip()})
    return 0


# -- the parsers -----------------------------------------------------------------------------


def add_parsers(sub) -> None:
    ledger = sub.add_parser("ledger", help=_("contabilidad: plan de cuentas, asientos, Libro Diario, balances y "
                                             "cierre de periodos")).add_subparsers(
        metavar=_("ORDEN"), required=True, parser_class=sub._parser_class)

    accounts = ledger.add_parser("accounts", help=_("muestra el plan de cuentas, o registra una cuenta con «add»"))
    accounts.add_argument("--json", action="store_true", help=_("salida en JSON"))
    accounts.set_defaults(func=cmd_accounts)
    s = accounts.add_subparsers(metavar=_("ORDEN"), parser_class=sub._parser_class).add_parser(
        "add", help=_("registra una cuenta en el plan de cuentas"))
    s.add_argument("code", metavar=_("CÓDIGO"), help=_("código del Plan Contable, por ejemplo 6391"))
    s.add_argument("name", metavar=_("NOMBRE"), help=_("nombre de la cuenta"))
    s.add_argument("--kind", required=True, type=search_fold, choices=[k.value for k in Kind],
                   help=_("activo, pasivo, patrimonio, ingreso o gasto"))
    s.add_argument("--members", dest="member_ledger", action="store_true",
                   help=_("cuenta de socios: cada línea lleva el socio (cuenta corriente de socios)"))
    s.set_defaults(func=cmd_accounts_add)

    s = ledger.add_parser("chart-changes", help=_("las cuentas cuyo código cambió al pasar al plan de cuentas del "
                                                  "PCGE (código anterior → código nuevo)"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_chart_changes)

    s = ledger.add_parser("trial-balance", help=_("Balance de comprobación: debe, haber y saldos por cuenta"))
    s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_trial_balance)

    from coopdesk.cli import worksheet

    worksheet.add_ledger_parser(ledger)

    s = ledger.add_parser("income-statement", help=_("Estado de resultados del ejercicio: ingresos, gastos y "
                                                     "remanente o pérdida"))
    s.add_argument("--year", metavar=_("AÑO"), help=_("ejercicio (por defecto el año actual)"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha del ejercicio"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_income_statement)

    s = ledger.add_parser("balance-sheet", help=_("Estado de situación financiera: activo, pasivo y patrimonio"))
    s.add_argument("--date", metavar=_("FECHA"), help=_("fecha del balance (por defecto hoy)"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_balance_sheet)

    s = ledger.add_parser("entries", help=_("Libro Diario: los asientos con sus líneas, en orden de fecha"))
    s.add_argument("--account", metavar=_("CUENTA"), help=_("solo los asientos que tocan esta cuenta"))
    s.add_argument("--from", dest="start", metavar=_("FECHA"), help=_("desde esta fecha"))
    s.add_argument("--to", dest="end", metavar=_("FECHA"), help=_("hasta esta fecha"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_entries)

    s = ledger.add_parser("post", help=_("registra un asiento manual (debe cuadrar al céntimo)"))
    s.add_argument("--date", required=True, metavar=_("FECHA"), help=_("fecha del asiento"))
    s.add_argument("--description", required=True, metavar=_("GLOSA"), help=_("glosa del asiento"))
    s.add_argument("--line", required=True, action="append", metavar=_("CUENTA:DEBE:HABER[:SOCIO]"),
                   help=_("una línea, por ejemplo 656:450,00:0 y 101:0:450,00; el socio, en las cuentas de socios "
                          "(se repite una vez por línea)"))
    s.add_argument("--reference", help=_("comprobante o documento, por ejemplo F001-000045"))
    s.add_argument("--opening", action="store_true",
                   help=_("asiento de apertura: los saldos con que empiezan los libros del ejercicio (solo activo, "
                          "pasivo y patrimonio; uno por ejercicio)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_post)

    s = ledger.add_parser("post-pending", help=_("contabiliza las entregas y movimientos de socios que aún no tienen "
                                                 "asiento (libros anteriores a la contabilidad automática)"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_post_pending)

    s = ledger.add_parser("reverse", help=_("revierte un asiento con otro opuesto (nunca se borra)"))
    s.add_argument("entry", metavar=_("ASIENTO"), help=_("número del asiento, por ejemplo 2026-000001"))
    s.add_argument("--date", required=True, metavar=_("FECHA"),
                   help=_("fecha de la reversión (en un periodo abierto)"))
    s.add_argument("--reason", required=True, help=_("por qué se revierte"))
    confirm_negative_option(s)
    s.set_defaults(func=cmd_reverse)

    s = ledger.add_parser("close", help=_("cierra un periodo mensual: ya no se registra nada en él"))
    s.add_argument("period", metavar=_("PERIODO"), help=_("mes, por ejemplo 2026-03 o 03/2026"))
    s.set_defaults(func=cmd_close)

    s = ledger.add_parser("close-year", help=_("registra el asiento de cierre del ejercicio: el remanente a la "
                                               "cuenta 591 o la pérdida a la 592"))
    s.add_argument("year", metavar=_("AÑO"), help=_("ejercicio, por ejemplo 2026"))
    s.set_defaults(func=cmd_close_year)

    s = ledger.add_parser("inventarios", help=_(
        "Libro de Inventarios y Balances del ejercicio en PDF: el estado de situación al 31 de diciembre (formato "
        "3.1) y el detalle de caja y bancos, cuentas por cobrar, socios, existencias y proveedores"))
    s.add_argument("--year", required=True, metavar=_("AÑO"), help=_("el ejercicio, por ejemplo 2026"))
    s.add_argument("--pdf", required=True, metavar=_("ARCHIVO"), help=_("archivo PDF, o carpeta donde guardarlo"))
    s.set_defaults(func=cmd_inventarios)

    s = ledger.add_parser("members", help=_("saldo de cada socio en una cuenta de socios, y si cuadra con la "
                                            "cuenta"))
    s.add_argument("account", metavar=_("CUENTA"), help=_("cuenta de socios, por ejemplo 14222"))
    s.add_argument("--date", metavar=_("FECHA"), help=_("saldos a esta fecha (por defecto, todos los asientos)"))
    s.add_argument("--json", action="store_true", help=_("salida en JSON"))
    s.set_defaults(func=cmd_members)

    s = ledger.add_parser("ple", help=_("libros electrónicos de SUNAT (PLE) de un mes: 5.1 Diario, 5.3 plan de "
                                        "cuentas, 6.1 Mayor, 1.1 Caja y 1.2 Bancos, en archivos .txt"))
    s.add_argument("--month", required=True, metavar=_("MES"), help=_("mes, por ejemplo 2026-03 o 03/2026"))
    s.add_argument("--libro", action="append", choices=list(LIBROS),
                   help=_("solo este libro (se repite; por defecto, todos)"))
    s.add_argument("--out", required=True, metavar=_("CARPETA"), help=_("carpeta donde se guardan los archivos"))
    s.set_defaults(func=cmd_ple)

    s = ledger.add_parser("ple-bank", help=_("la entidad financiera (tabla 3 de SUNAT) y el número de una cuenta "
                                             "corriente, para el libro 1.2; sin opciones, las muestra"))
    s.add_argument("account", metavar=_("CUENTA"), help=_("cuenta corriente del plan, por ejemplo 1041"))
    s.add_argument("--entity", metavar=_("CÓDIGO"), help=_("código de dos cifras de la tabla 3, por ejemplo 11"))
    s.add_argument("--number", metavar=_("NÚMERO"), help=_("número de la cuenta en el banco"))
    s.set_defaults(func=cmd_ple_bank)

    s = ledger.add_parser("cierre", help=_("imprime el cierre del mes en PDF (movimiento, caja y bancos, y la cabeza "
                                           "del registro de cambios) y registra esa cabeza"))
    s.add_argument("--month", required=True, metavar=_("MES"), help=_("mes, por ejemplo 2026-03 o 03/2026"))
    s.add_argument("--out", metavar=_("ARCHIVO"), help=_("archivo PDF de salida o una carpeta (por defecto "
                                                         "cierre-AAAA-MM.pdf en la carpeta actual)"))
    s.set_defaults(func=cmd_cierre)

    _add_print_parsers(ledger, sub._parser_class)
