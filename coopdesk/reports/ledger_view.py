"""The printed books of the ledger as the strings that get printed.

* Libro Diario in the columns of SUNAT's Formato 5.1: each line of an entry a
  row, the entry's number, date, glosa («Revierte …») and referencia (register
  of tabla 8, correlativo there, document) on its first row; the account, member,
  US$ × exchange rate and the line's own description, debe, haber; the totals at
  the end.
* Libro Mayor of one or more accounts in the columns of Formato 6.1 (the Libro
  Caja y Bancos is the Mayor of 101 and 1041; the Fondo de Prima de Comercio
  Justo, of 46993): the «Saldo anterior» on its side when there is a start date,
  each line with its running saldo on the account's normal side, the totals and
  the saldo at the end.
* Each row of the Diario and the Mayor also carries its debe and haber as
  figures (``BookTable.amounts``), for the page totals «Van» and «Vienen». A line's description is
  printed only when it says more than its entry's glosa (an automatic entry's
  lines often repeat it word for word).
* Balance de comprobación, hoja de trabajo, Estado de resultados por función,
  Estado de situación financiera (activo y pasivo corriente y no corriente).
* Cuentas de socios: a member account's sub-ledger on a date, each member's
  balance, their total and whether it is the account's balance in the Balance
  de comprobación.

Each function takes domain data only (``EntryRow``, ``AccountBalance``,
``TrialBalance``, ``FunctionStatement``, ``BalanceSheet``, ``Worksheet``, ``MemberLedger``,
``CooperativeInfo``;
``coopdesk.core.ledger_books`` gathers them) and returns a ``LedgerBookView``
whose letterhead, footer and page fields have the names of ``StatementView``'s,
so the statement's flowables lay them out. Amounts are es_PE money,
``S/ 1,234.56``; a debe or haber that is zero is left blank, as in the books.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Sequence

from coopdesk.domain.ledger import (
    DEBIT_NORMAL,
    KIND_LABELS,
    AccountBalance,
    BalanceSheet,
    EntryRow,
    Kind,
    MemberLedger,
    TrialBalance,
)
from coopdesk.domain import financial_statements as FS
from coopdesk.domain.financial_statements import CARRIED_RESULT, FunctionStatement, Worksheet, classified
from coopdesk.domain.money import ZERO
from coopdesk.domain.postings import EXPENSE, SALE, YEAR_END_NOTES
from coopdesk.domain.registers import COMPRAS, VENTAS
from coopdesk.domain.statement import CooperativeInfo
from coopdesk.i18n import N_, _, ngettext
from coopdesk.i18n.formatting import format_date, format_number
from coopdesk.reports.views import _money, letterhead, provisional

__all__ = [
    "BookTable", "ENTRY", "GRAND", "LedgerBookView", "OPENING", "PLAIN", "SECTION", "SUBTOTAL",
    "balance_sheet_view", "income_statement_view", "inventarios_view", "journal_view", "mayor_title", "mayor_view",
    "member_ledger_title", "member_ledger_view", "money_text", "provisional", "provisional_diario",
    "trial_balance_view", "worksheet_view",
]

# What a row of a book's table is, for the layout:
PLAIN = ""            # a line, an account
ENTRY = "entry"       # the Diario's heading of an entry: (text on the left, text on the right, "", ...)
SECTION = "section"   # a statement's section heading: (text, "", ...), across the table
SUBTOTAL = "subtotal"  # an entry's or a section's total, in bold
GRAND = "grand"       # a statement's total that closes it (Total activo), in bold and shaded
OPENING = "opening"   # the Mayor's «Saldo anterior», in bold

CLOSING = "cierre"  # the source of the year-end closing entry (``coopdesk.core.ledger.CLOSING``)


# The Mayor's title when the accounts are these ones
CASH_ACCOUNTS = frozenset({"101", "1041"})
FAIRTRADE_FUND = "46993"

NORMAL_SIDE = {
    Kind.ASSET.value: N_("cuenta de activo, saldo deudor"),
    Kind.EXPENSE.value: N_("cuenta de gasto, saldo deudor"),
    Kind.LIABILITY.value: N_("cuenta de pasivo, saldo acreedor"),
    Kind.EQUITY.value: N_("cuenta de patrimonio, saldo acreedor"),
    Kind.INCOME.value: N_("cuenta de ingreso, saldo acreedor"),
}


@dataclass(frozen=True)
class BookTable:
    """One table of a book: its heading, the header, the rows with what each is
    (``kinds``, one per row: PLAIN, ENTRY, SECTION, ...), a bold totals row."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]
    total: tuple[str, ...] | None
    numbers: tuple[int, ...]   # columns of amounts, right-aligned
    flex: tuple[int, ...]      # columns of words that take the room left and wrap
    empty: str = ""            # printed instead of the table when it has no rows
    notes: tuple[str, ...] = ()  # printed under the table
    groups: tuple[tuple[str, int, int], ...] = ()  # a band over the header: (label, first column, last column)
    # page totals («Van» at a page's foot, «Vienen» at the next one's head): the (debe, haber)
    # each row adds, the two columns they are printed in, and the saldo's column (the Mayor)
    amounts: tuple[tuple[Decimal, Decimal], ...] = ()
    carry: tuple[int, ...] = ()          # (debe column, haber column)
    balance: int | None = None           # the saldo column, printed in «Van» and «Vienen»
    debit_normal: bool = True            # the saldo is debe − haber (else haber − debe)
    # the Diario: columns whose text, in an entry's first row, runs down the entry's rows
    # (glosa, documento), and columns cut to one line, never wrapped (the account's name)
    spread: tuple[int, ...] = ()
    clip: tuple[int, ...] = ()


@dataclass(frozen=True)
class LedgerBookView:
    """Everything printed on a book or statement of the ledger, as strings."""

    # letterhead (``statement_pdf._Letterhead``)
    cooperative_name: str
    cooperative_ruc: str
    cooperative_address: str
    title: str      # "LIBRO DIARIO"
    number: str     # in the title box: "Ejercicio 2026", "Cuenta 101", "Al 31/12/2026"
    campaign: str   # the period: "Periodo: del 01/01/2026 al 31/12/2026"
    dateline: str   # "Puerto Maldonado, 25 de noviembre de 2026"
    tables: tuple[BookTable, ...]
    closing: tuple[str, ...]     # after the tables: totals, whether it balances
    signatures: tuple[str, ...]  # "Contador", "Gerente"
    # every page (``statement_pdf._decorator``)
    footer_left: str
    footer_center: str
    page_of: str
    running_header: str
    # PDF metadata
    pdf_title: str
    pdf_author: str
    pdf_subject: str
    pdf_date: str
    # a statement dated in a period the books have not closed yet (``provisional``): a framed
    # banner under the letterhead (no diagonal watermark: it would garble the text read back)
    banner: str = ""
    banner_sub: str = ""
    wide: bool = False  # printed on A4 across (the Diario's eleven columns)


# -- shared --------------------------------------------------------------------------------------


def _cell(value: Decimal) -> str:
    """A debe or haber: blank when zero, as in the books."""
    return _money(value) if value else ""


def _amount(value: Decimal) -> str:
    """Any amount, never a negative zero."""
    return _money(value + ZERO)


def _range_words(start: date | None, end: date | None) -> str:
    if start is not None and end is not None:
        return _("del %(start)s al %(end)s") % {"start": format_date(start), "end": format_date(end)}
    if start is not None:
        return _("desde el %(start)s") % {"start": format_date(start)}
    if end is not None:
        return _("hasta el %(end)s") % {"end": format_date(end)}
    return _("todos los asientos")


def _period_line(start: date | None, end: date | None) -> str:
    return _("Periodo: %(range)s") % {"range": _range_words(start, end)}


def _years(start: date | None, end: date | None, entries: Sequence[EntryRow]) -> str:
    """The ejercicio of the period («Ejercicio 2026»), or its years, for the title box."""
    first = start.year if start is not None else (entries[0].date.year if entries else None)
    last = end.year if end is not None else (entries[-1].date.year if entries else None)
    if first is None or last is None:
        return ""
    if first == last:
        return _("Ejercicio %(year)s") % {"year": first}
    return _("Ejercicios %(first)s–%(last)s") % {"first": first, "last": last}


def _kind_name(kind: str) -> str:
    return _(KIND_LABELS[Kind(kind)]) if kind in set(Kind) else kind


def _book(cooperative: CooperativeInfo, title: str, number: str, period: str, printed_on: date,
          tables: Sequence[BookTable], closing: Sequence[str], name: str) -> LedgerBookView:
    """The letterhead, the signatures and the page furniture around ``tables``;
    ``name`` is the book as a phrase ("Libro Diario del 01/01/2026 al …")."""
    printed = format_date(printed_on)
    return LedgerBookView(
        **letterhead(cooperative, printed_on),
        title=title.upper(),
        number=number,
        campaign=period,
        tables=tuple(tables),
        closing=tuple(closing),
        signatures=(_("Contador"), _("Gerente")),
        footer_left=_("Impreso el %(date)s") % {"date": printed},
        footer_center=cooperative.name,
        page_of=_("Página %(page)d de %(pages)d"),
        running_header=_("%(book)s · %(name)s · RUC %(ruc)s") % {
            "book": name, "name": cooperative.name, "ruc": cooperative.ruc},
        pdf_title=name,
        pdf_author=cooperative.name,
        pdf_subject=period,
        pdf_date=printed_on.strftime("D:%Y%m%d000000"),
    )


# -- Libro Diario --------------------------------------------------------------------------------


def _dollars(line) -> str:
    """«US$ 10,000.00 × 3.7450»: the dollars and the rate the soles come from."""
    if line.foreign_amount is None:
        return ""
    rate = format_number(line.exchange_rate, 4) if line.exchange_rate is not None else ""
    return _("US$\u00a0%(amount)s × %(rate)s") % {"amount": format_number(line.foreign_amount, 2), "rate": rate}


def _line_words(entry: EntryRow, line) -> str:
    """A line's own description, or "" when it only repeats the entry's glosa
    (printed once, in the entry's heading or the Mayor's «Glosa»)."""
    own = (line.description or "").strip()
    return "" if own == (entry.description or "").strip() else own


def entry_note(entry: EntryRow, numbers: dict[int, str]) -> str:
    """«Revierte 2026-000003», «Revertido por 2026-000005», «Asiento de cierre», or ""."""
    notes = []
    if entry.reverses is not None:
        notes.append(_("Revierte %(number)s") % {"number": numbers.get(entry.reverses, "—")})
    if entry.reversed_by is not None:
        notes.append(_("Revertido por %(number)s") % {"number": numbers.get(entry.reversed_by, "—")})
    if entry.source_kind in YEAR_END_NOTES:
        notes.append(_(YEAR_END_NOTES[entry.source_kind]))
    return " · ".join(notes)


# Tabla 8 of SUNAT (códigos de libros y registros): the register an automatic entry comes from
REGISTER_OF_SOURCE = {SALE: VENTAS.code, EXPENSE: COMPRAS.code}


def money_text(value: Decimal) -> str:
    """A total as the books print it (the page totals «Van» and «Vienen»)."""
    return _amount(value)


def _referencia(entry: EntryRow) -> tuple[str, str, str]:
    """Formato 5.1's «referencia de la operación»: the code of the register the
    operation comes from (tabla 8), its correlativo there and the supporting
    document. A sale or an expense is in its register under the entry's CUO, its
    correlativo in the Diario (docs/ple.md): blank until its month closes. Other
    entries have only their document, when they name one."""
    book = REGISTER_OF_SOURCE.get(entry.source_kind, "")
    cuo = entry.diario.removeprefix("D-").replace("-", "") if book and entry.diario else ""
    return book, cuo, entry.reference or ""


def journal_view(entries: Sequence[EntryRow], numbers: dict[int, str], cooperative: CooperativeInfo,
                 start: date | None, end: date | None, printed_on: date, title: str | None = None) -> LedgerBookView:
    """The Libro Diario of ``entries`` (in date order, as ``book.ledger.entries``
    gives them) in the columns of SUNAT's Formato 5.1 (docs/ledger.md, «Libros
    impresos»): each line of an entry is a row, the entry's number, date and
    referencia on its first row, its glosa running down its rows; ``numbers``
    names the entries reversals point to. The number: the entry's correlativo in
    the Diario on its first row and its posting number on the second (only the
    posting number while its month is open)."""
    members = any(line.member_code for e in entries for line in e.lines)
    details = any(line.foreign_amount is not None or _line_words(e, line) for e in entries for line in e.lines)
    header = [_("N.º correlativo del asiento"), _("Fecha de la operación"), _("Glosa o descripción de la operación"),
              _("Libro (tabla 8)"), _("N.º correlativo"), _("N.º documento sustentatorio"),
              _("Cuenta"), _("Denominación")]
    header += [_("Socio")] if members else []
    header += [_("Detalle")] if details else []
    header += [_("Debe"), _("Haber")]
    width = len(header)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    amounts: list[tuple[Decimal, Decimal]] = []
    debit = credit = ZERO
    for entry in entries:
        note = entry_note(entry, numbers)
        glosa = " · ".join(t for t in (entry.description, note) if t)
        # the correlativo in the Diario on the entry's first row, its posting number on the second
        first = (entry.diario or entry.number, format_date(entry.date), glosa) + _referencia(entry)
        second = (entry.number if entry.diario else "",) + ("",) * 5
        for n, line in enumerate(entry.lines or (None,)):
            row = list(first if n == 0 else second if n == 1 else ("",) * 6)
            if line is None:  # an entry without lines (never posted so, but printed as it is)
                rows.append(tuple(row) + ("",) * (width - 6))
                kinds.append(ENTRY)
                amounts.append((ZERO, ZERO))
                continue
            row += [line.account, line.account_name] + ([line.member_code] if members else [])
            if details:
                row.append(" · ".join(t for t in (_dollars(line), _line_words(entry, line)) if t))
            row += [_cell(line.debit), _cell(line.credit)]
            rows.append(tuple(row))
            kinds.append(ENTRY if n == 0 else PLAIN)
            amounts.append((line.debit, line.credit))
            debit += line.debit
            credit += line.credit
    count = ngettext("%(n)s asiento", "%(n)s asientos", len(entries)) % {"n": format_number(len(entries))}
    total = ((_("Totales (%(count)s)") % {"count": count},) + ("",) * (width - 3)
             + (_amount(debit), _amount(credit))) if entries else None
    flex = (2, 7) + ((width - 3,) if details else ())
    table = BookTable("", tuple(header), tuple(rows), tuple(kinds), total, (width - 2, width - 1), flex,
                      empty=_("No hay asientos en este periodo."), amounts=tuple(amounts),
                      carry=(width - 2, width - 1), spread=(2, 5), clip=(7,))
    closing = []
    if entries:
        if debit == credit:
            closing.append(_("%(count)s. El debe y el haber suman %(amount)s cada uno.") % {
                "count": count, "amount": _amount(debit)})
        else:
            closing.append(_("%(count)s. No cuadra: el debe suma %(debit)s y el haber %(credit)s.") % {
                "count": count, "debit": _amount(debit), "credit": _amount(credit)})
    name = title or _("Libro Diario")
    view = _book(cooperative, name, _years(start, end, entries), _period_line(start, end), printed_on, [table],
                 closing, _("%(book)s, %(range)s") % {"book": name, "range": _range_words(start, end)})
    if title is None:
        view = replace(view, campaign=_("Formato 5.1 · %(period)s") % {"period": view.campaign})
    return replace(view, wide=True)


# -- Libro Mayor ---------------------------------------------------------------------------------


def mayor_title(codes: Sequence[str]) -> str:
    """The book's name for these accounts: «Libro Caja y Bancos» for 101 and
    1041, «Movimientos del Fondo de Prima de Comercio Justo» for 46993, else
    «Libro Mayor»."""
    chosen = set(codes)
    if chosen and chosen <= CASH_ACCOUNTS:
        return _("Libro Caja y Bancos")
    if chosen == {FAIRTRADE_FUND}:
        return _("Movimientos del Fondo de Prima de Comercio Justo")
    return _("Libro Mayor")


def _mayor_table(opening: AccountBalance, entries: Sequence[EntryRow], start: date | None,
                 end: date | None) -> tuple[BookTable, Decimal]:
    """One account in the columns of Formato 6.1: fecha, número correlativo del
    Diario, glosa, saldos y movimientos deudor and acreedor (the saldo anterior
    in the first row, on its side), and the running saldo beside them."""
    code = opening.code
    debit_normal = opening.kind in DEBIT_NORMAL
    lines = [(entry, line) for entry in entries for line in entry.lines if line.account == code]
    members = any(line.member_code for _e, line in lines)
    header = [_("Fecha de la operación"), _("N.º correlativo del Libro Diario"),
              _("Descripción o glosa de la operación")] + ([_("Socio")] if members else [])
    header += [_("Deudor"), _("Acreedor"), _("Saldo")]
    width = len(header)
    balance = opening.balance
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    amounts: list[tuple[Decimal, Decimal]] = []
    debit = credit = ZERO  # the saldo anterior and the movements, as Formato 6.1 adds them
    if start is not None:
        side = balance if debit_normal else -balance  # deudor when positive
        debit, credit = max(side, ZERO), max(-side, ZERO)
        rows.append((format_date(start), "", _("Saldo anterior")) + ("",) * (width - 6)
                    + (_cell(debit), _cell(credit), _amount(balance)))
        kinds.append(OPENING)
        amounts.append((debit, credit))
    moved_debit = moved_credit = ZERO
    for entry, line in lines:
        moved_debit += line.debit
        moved_credit += line.credit
        balance += (line.debit - line.credit) if debit_normal else (line.credit - line.debit)
        glosa = " · ".join(t for t in (entry.description, _dollars(line), _line_words(entry, line)) if t)
        row = [format_date(entry.date), entry.number, glosa] + ([line.member_code] if members else [])
        row += [_cell(line.debit), _cell(line.credit), _amount(balance)]
        rows.append(tuple(row))
        kinds.append(PLAIN)
        amounts.append((line.debit, line.credit))
    debit += moved_debit
    credit += moved_credit
    total = ((_("Totales"),) + ("",) * (width - 4) + (_amount(debit), _amount(credit), _amount(balance)))
    side = _(NORMAL_SIDE[opening.kind]) if opening.kind in NORMAL_SIDE else _kind_name(opening.kind)
    title = _("Cuenta %(code)s %(name)s (%(side)s)") % {"code": code, "name": opening.name, "side": side}
    when = _("al %(date)s") % {"date": format_date(end)} if end is not None else _("final")
    words = {"when": when, "amount": _amount(balance)}
    if start is None:
        notes = (_("Saldo %(when)s: %(amount)s.") % words,)
    else:
        figures = {"opening": _amount(opening.balance), "debit": _amount(moved_debit),
                   "credit": _amount(moved_credit), **words}
        notes = ((_("Saldo anterior %(opening)s, más el debe %(debit)s, menos el haber %(credit)s: saldo %(when)s "
                    "%(amount)s.") if debit_normal else
                  _("Saldo anterior %(opening)s, más el haber %(credit)s, menos el debe %(debit)s: saldo %(when)s "
                    "%(amount)s.")) % figures,)
    empty = "" if rows else _("La cuenta no tiene movimientos en este periodo.")
    return BookTable(title, tuple(header), tuple(rows), tuple(kinds), total if lines else None,
                     (width - 3, width - 2, width - 1), (2,), empty=empty, notes=notes, amounts=tuple(amounts),
                     carry=(width - 3, width - 2), balance=width - 1, debit_normal=debit_normal), balance


def mayor_view(parts: Sequence[tuple[AccountBalance, Sequence[EntryRow]]], cooperative: CooperativeInfo,
               start: date | None, end: date | None, printed_on: date, title: str | None = None) -> LedgerBookView:
    """The Libro Mayor of each account in ``parts``: ``(opening, entries)``, the
    account with its debits and credits before ``start`` (zero without a start
    date) and the entries that touch it. ``title`` names the book (default:
    ``mayor_title`` of the accounts)."""
    codes = [opening.code for opening, _entries in parts]
    name = title or mayor_title(codes)
    tables = [_mayor_table(opening, entries, start, end)[0] for opening, entries in parts]
    number = (_("Cuenta %(code)s") % {"code": codes[0]} if len(codes) == 1
              else _("Cuentas %(codes)s") % {"codes": ", ".join(codes)})
    view = _book(cooperative, name, number, _period_line(start, end), printed_on, tables, [],
                 _("%(book)s, %(range)s") % {"book": name, "range": _range_words(start, end)})
    if title is None and name == _("Libro Mayor"):
        view = replace(view, campaign=_("Formato 6.1 · %(period)s") % {"period": view.campaign})
    return view


# -- statements dated before the period's close: ``provisional`` (coopdesk.reports.views) ------------


def provisional_diario(view: LedgerBookView, open_period: tuple[int, int] | None) -> LedgerBookView:
    """The Libro Diario ``provisional`` while the month of its last day is open: its
    entries get their correlativo only when the month closes."""
    if open_period is None:
        return view
    return replace(provisional(view, open_period), banner_sub=_(
        "Los asientos reciben su número correlativo del Libro Diario, por fecha, al cerrar el mes: hasta "
        "entonces llevan solo su número de registro."))


# -- Balance de comprobación -------------------------------------------------------------------


def trial_balance_view(trial: TrialBalance, cooperative: CooperativeInfo, start: date | None, end: date | None,
                       printed_on: date) -> LedgerBookView:
    """Debe and haber per account from ``start`` (or the first entry) to ``end``,
    with the saldo deudor or acreedor, and whether it balances."""
    rows = []
    debtor = creditor = ZERO
    for r in trial.rows:
        d, c = max(r.debit - r.credit, ZERO), max(r.credit - r.debit, ZERO)
        debtor += d
        creditor += c
        rows.append((r.code, r.name, _cell(r.debit), _cell(r.credit), _cell(d), _cell(c)))
    header = (_("Cuenta"), _("Denominación"), _("Debe"), _("Haber"), _("Saldo deudor"), _("Saldo acreedor"))
    total = (_("Totales"), "", _amount(trial.debit), _amount(trial.credit), _amount(debtor), _amount(creditor))
    table = BookTable("", header, tuple(rows), (PLAIN,) * len(rows), total if rows else None, (2, 3, 4, 5), (1,),
                      empty=_("No hay asientos en este periodo."))
    if not rows:
        closing = []
    elif trial.balanced and debtor == creditor:
        closing = [_("Cuadra: el debe y el haber suman %(amount)s cada uno; los saldos deudores y acreedores, "
                     "%(balance)s.") % {"amount": _amount(trial.debit), "balance": _amount(debtor)}]
    else:
        closing = [_("No cuadra: el debe suma %(debit)s y el haber %(credit)s (diferencia %(difference)s).") % {
            "debit": _amount(trial.debit), "credit": _amount(trial.credit),
            "difference": _amount(abs(trial.debit - trial.credit))}]
    name = _("Balance de comprobación")
    if end is not None:
        number = _("Al %(date)s") % {"date": format_date(end)}
    else:
        words = _range_words(start, end)
        number = words[:1].upper() + words[1:]
    return _book(cooperative, name, number, _period_line(start, end), printed_on, [table], closing,
                 _("%(book)s, %(range)s") % {"book": name, "range": _range_words(start, end)})


# -- Estado de resultados and Estado de situación financiera ----------------------------------------


def _section(rows: list, kinds: list, kind: Kind, accounts: Sequence[AccountBalance]) -> None:
    rows.append((_(KIND_LABELS[kind]), "", ""))
    kinds.append(SECTION)
    for r in accounts:
        rows.append((r.code, r.name, _amount(r.balance)))
        kinds.append(PLAIN)


def _result_words(result: Decimal) -> str:
    if result > ZERO:
        return _("Remanente del ejercicio")
    if result < ZERO:
        return _("Pérdida del ejercicio")
    return _("Resultado del ejercicio")


def _margin(rows: list, kinds: list, profit: str, loss: str, value: Decimal) -> None:
    rows.append(("", profit if value >= ZERO else loss, _amount(value)))
    kinds.append(GRAND)


def income_statement_view(statement: FunctionStatement, cooperative: CooperativeInfo, year: int, end: date | None,
                          printed_on: date) -> LedgerBookView:
    """The Estado de resultados by function of the ejercicio ``year`` (to ``end``),
    before the year's closing entry: each line's accounts and its total (income
    positive, costs and expenses negative), the utilidad bruta, the utilidad
    operativa, the result before and after the income tax."""
    start, end = date(year, 1, 1), end or date(year, 12, 31)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []

    def line(key: str) -> None:
        item = statement.lines[key]
        for r in item.accounts:
            rows.append((r.code, r.name, _amount(r.credit - r.debit)))
            kinds.append(PLAIN)
        rows.append(("", _(item.label), _amount(item.amount)))
        kinds.append(SUBTOTAL)

    line(FS.SALES)
    line(FS.COST)
    _margin(rows, kinds, _("Utilidad bruta"), _("Pérdida bruta"), statement.gross_margin)
    for key in (FS.SELLING, FS.ADMINISTRATION, FS.OTHER_OPERATING_INCOME, FS.OTHER_OPERATING_EXPENSES):
        line(key)
    _margin(rows, kinds, _("Utilidad operativa"), _("Pérdida operativa"), statement.operating_result)
    for key in (FS.FINANCIAL_INCOME, FS.FINANCIAL_EXPENSES, FS.EXCHANGE):
        line(key)
    _margin(rows, kinds, _("Resultado antes del impuesto a la renta"),
            _("Resultado antes del impuesto a la renta"), statement.before_tax)
    line(FS.INCOME_TAX)
    result = statement.result
    label = _result_words(result)
    # a loss is printed as the amount lost, under its name
    total = ("", label, _amount(abs(result)))
    table = BookTable("", (_("Cuenta"), _("Denominación"), _("Importe")), tuple(rows), tuple(kinds), total, (2,),
                      (1,))
    closing = [_("%(label)s %(year)s: %(amount)s. Ventas netas %(sales)s, utilidad bruta %(gross)s, utilidad "
                 "operativa %(operating)s.") % {
        "label": label, "year": year, "amount": _amount(abs(result)), "sales": _amount(statement.net_sales),
        "gross": _amount(statement.gross_margin), "operating": _amount(statement.operating_result)},
        _("Antes del asiento de cierre del ejercicio. La Prima de Comercio Justo no es ingreso: está en la cuenta "
          "46993, en el pasivo.")]
    if statement.scheme:
        closing.append(_("Los gastos por función son los de la clase 9; los de las cuentas 62 a 68 que tienen "
                         "destino quedan en el estado por naturaleza."))
    name = _("Estado de resultados por función")
    period = _("Ejercicio %(year)s, %(range)s") % {"year": year, "range": _range_words(start, end)}
    return _book(cooperative, name, _("Ejercicio %(year)s") % {"year": year}, period, printed_on, [table], closing,
                 _("%(book)s del ejercicio %(year)s") % {"book": name, "year": year})


def _subsection(rows: list, kinds: list, heading: str, accounts: Sequence[AccountBalance], total: str) -> None:
    rows.append((heading, "", ""))
    kinds.append(SECTION)
    for r in accounts:
        rows.append((r.code, r.name, _amount(r.balance)))
        kinds.append(PLAIN)
    rows.append(("", total, _amount(sum((r.balance for r in accounts), ZERO))))
    kinds.append(SUBTOTAL)


def _sheet_table(sheet: BalanceSheet, title: str = "") -> tuple[BookTable, list[str]]:
    """Activo and pasivo each corriente and no corriente (NIC 1 ¶60), the patrimonio,
    as a table, and whether they balance."""
    split = classified(sheet)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    rows.append((_(KIND_LABELS[Kind.ASSET]), "", ""))
    kinds.append(SECTION)
    _subsection(rows, kinds, _("Activo corriente"), split.current_assets, _("Total activo corriente"))
    _subsection(rows, kinds, _("Activo no corriente"), split.noncurrent_assets, _("Total activo no corriente"))
    rows.append(("", _("Total activo"), _amount(sheet.total_assets)))
    kinds.append(GRAND)
    rows.append((_(KIND_LABELS[Kind.LIABILITY]), "", ""))
    kinds.append(SECTION)
    _subsection(rows, kinds, _("Pasivo corriente"), split.current_liabilities, _("Total pasivo corriente"))
    _subsection(rows, kinds, _("Pasivo no corriente"), split.noncurrent_liabilities, _("Total pasivo no corriente"))
    rows.append(("", _("Total pasivo"), _amount(sheet.total_liabilities)))
    kinds.append(SUBTOTAL)
    _section(rows, kinds, Kind.EQUITY, sheet.equity)
    if sheet.result:
        rows.append(("", _("Remanente del ejercicio (sin cerrar)") if sheet.result >= 0 else
                     _("Pérdida del ejercicio (sin cerrar)"), _amount(sheet.result)))
        kinds.append(PLAIN)
    rows.append(("", _("Total patrimonio"), _amount(sheet.total_equity)))
    kinds.append(SUBTOTAL)
    other = sheet.total_liabilities + sheet.total_equity
    total = ("", _("Total pasivo y patrimonio"), _amount(other))
    table = BookTable(title, (_("Cuenta"), _("Denominación"), _("Saldo")), tuple(rows), tuple(kinds), total, (2,),
                      (1,))
    if sheet.balanced:
        closing = [_("Cuadra: el activo (%(assets)s) es igual al pasivo (%(liabilities)s) más el patrimonio "
                     "(%(equity)s).") % {"assets": _amount(sheet.total_assets),
                                         "liabilities": _amount(sheet.total_liabilities),
                                         "equity": _amount(sheet.total_equity)}]
    else:
        closing = [_("No cuadra: el activo suma %(assets)s y el pasivo más el patrimonio %(other)s (diferencia "
                     "%(difference)s).") % {"assets": _amount(sheet.total_assets), "other": _amount(other),
                                            "difference": _amount(abs(sheet.total_assets - other))}]
    return table, closing


def balance_sheet_view(sheet: BalanceSheet, cooperative: CooperativeInfo, as_of: date,
                       printed_on: date) -> LedgerBookView:
    """Activo, pasivo and patrimonio on ``as_of`` (the year's result not yet
    closed inside the patrimonio), and whether activo = pasivo + patrimonio."""
    table, closing = _sheet_table(sheet)
    name = _("Estado de situación financiera")
    day = format_date(as_of)
    return _book(cooperative, name, _("Al %(date)s") % {"date": day}, _("Al %(date)s") % {"date": day}, printed_on,
                 [table], closing, _("%(book)s al %(date)s") % {"book": name, "date": day})


# -- Libro de Inventarios y Balances ----------------------------------------------------------------


def _detail_table(title: str, header: tuple[str, ...], rows, empty: str) -> BookTable:
    """A detail format: code, name, detail and balance of each row, and their total."""
    cells = tuple((r.code, r.name, r.detail, _amount(r.amount)) for r in rows)
    total = (_("Total"), "", "", _amount(sum((r.amount for r in rows), ZERO))) if cells else None
    return BookTable(title, header, cells, (PLAIN,) * len(cells), total, (3,), (1, 2), empty=empty)


def inventarios_view(data, cooperative: CooperativeInfo, printed_on: date) -> LedgerBookView:
    """The Libro de Inventarios y Balances of an ejercicio (``domain.year_end.Inventarios``):
    formato 3.1, the estado de situación on 31 December, then the detail of Caja y
    bancos (3.2), the invoices por cobrar (3.3), the members' accounts (3.4), the
    stock (3.7), the suppliers (3.12) and the members' payable (cuenta 44)."""
    as_of = date(data.year, 12, 31)
    day = format_date(as_of)
    sheet, closing = _sheet_table(data.sheet, _("Formato 3.1: Estado de situación financiera al %(date)s")
                                  % {"date": day})
    none = _("Sin saldo al %(date)s.") % {"date": day}
    tables = [
        sheet,
        _detail_table(_("Formato 3.2: Efectivo y equivalentes de efectivo (cuenta 10)"),
                      (_("Cuenta"), _("Denominación"), "", _("Saldo")), data.cash, none),
        _detail_table(_("Formato 3.3: Cuentas por cobrar comerciales (cuenta 12)"),
                      (_("Comprobante"), _("Comprador"), _("Fecha"), _("Saldo")), data.receivables, none),
        _detail_table(_("Formato 3.4: Cuentas por cobrar a socios (cuenta 14)"),
                      (_("Socio"), _("Apellidos y nombres"), _("Cuenta"), _("Saldo")), data.members, none),
        _detail_table(_("Formato 3.7: Existencias (cuenta 20), al costo de acopio"),
                      (_("Producto"), _("Descripción"), _("Cantidad"), _("Costo")), data.stocks, none),
        _detail_table(_("Formato 3.12: Proveedores (cuenta 42)"),
                      (_("Comprobante"), _("Proveedor"), _("Fecha"), _("Saldo")), data.suppliers, none),
        _detail_table(_("Cuentas por pagar a socios (cuenta 44)"),
                      (_("Socio"), _("Apellidos y nombres"), _("Cuenta"), _("Saldo")), data.payables, none),
    ]
    name = _("Libro de Inventarios y Balances")
    return _book(cooperative, name, _("Ejercicio %(year)s") % {"year": data.year},
                 _("Al %(date)s") % {"date": day}, printed_on, tables, closing,
                 _("%(book)s al %(date)s") % {"book": name, "date": day})


# -- Cuentas de socios -----------------------------------------------------------------------------


def member_ledger_title(account: str, name: str) -> str:
    """«Cuentas de socios: 14222 — Adelantos a socios»."""
    return _("Cuentas de socios: %(code)s — %(name)s") % {"code": account, "name": name}


def member_ledger_view(ledger: MemberLedger, name: str, cooperative: CooperativeInfo, as_of: date,
                       printed_on: date) -> LedgerBookView:
    """Each member's balance of the member account ``ledger.account`` (called
    ``name``) on ``as_of``, by code, their total, and whether it is the
    account's balance in the Balance de comprobación."""
    day = format_date(as_of)
    rows = tuple((code, member, _amount(balance)) for code, member, balance in ledger.rows)
    count = ngettext("%(n)s socio", "%(n)s socios", len(rows)) % {"n": format_number(len(rows))}
    total = (_("Total (%(count)s)") % {"count": count}, "", _amount(ledger.total)) if rows else None
    table = BookTable("", (_("Código"), _("Apellidos y nombres"), _("Saldo")), rows, (PLAIN,) * len(rows), total,
                      (2,), (1,), empty=_("Ningún socio tiene saldo en esta cuenta al %(date)s.") % {"date": day})
    words = {"code": ledger.account, "total": _amount(ledger.total), "control": _amount(ledger.control),
             "difference": _amount(abs(ledger.total - ledger.control))}
    if ledger.reconciles:
        closing = [_("Cuadra con la cuenta %(code)s del balance de comprobación: %(control)s") % words]
    else:
        closing = [_("No cuadra: los socios suman %(total)s y la cuenta %(code)s tiene %(control)s (diferencia "
                     "%(difference)s).") % words]
    title = member_ledger_title(ledger.account, name)
    period = _("Saldo de cada socio según los asientos hasta el %(date)s") % {"date": day}
    return _book(cooperative, title, _("Al %(date)s") % {"date": day}, period, printed_on, [table], closing,
                 _("%(book)s, al %(date)s") % {"book": title, "date": day})


# -- Hoja de trabajo -----------------------------------------------------------------------------------


def _figure(value: Decimal) -> str:
    """A worksheet's amount: the number without «S/» (ten columns side by side), blank when zero."""
    return format_number(value, 2) if value else ""


def _figures(values) -> tuple[str, ...]:
    return tuple(_figure(v) for v in values)


def worksheet_view(sheet: Worksheet, cooperative: CooperativeInfo, start: date, end: date,
                   printed_on: date) -> LedgerBookView:
    """The hoja de trabajo from ``start`` to ``end``: per account its sumas, saldos and
    where the saldo goes (Inventario, Resultados por naturaleza, por función); the
    totals, the period's result closing each pair, and the «sumas iguales»."""
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    for r in sheet.rows:
        name = r.name if r.code != CARRIED_RESULT else _("Resultado acumulado antes del periodo (sin cerrar)")
        rows.append((r.code, name) + _figures(r.columns))
        kinds.append(PLAIN)
    result = sheet.result
    if rows:
        rows.append(("", _("Totales")) + _figures(sheet.totals))
        kinds.append(SUBTOTAL)
        words = (_("Utilidad del periodo") if result > ZERO else _("Pérdida del periodo") if result < ZERO
                 else _("Resultado del periodo"))
        rows.append(("", words) + _figures(sheet.closing))
        kinds.append(SUBTOTAL)
    total = (_("Sumas iguales"), "") + tuple(format_number(v, 2) for v in sheet.balanced_totals) if rows else None
    header = (_("Cuenta"), _("Denominación"), _("Debe"), _("Haber"), _("Deudor"), _("Acreedor"), _("Activo"),
              _("Pasivo y patrimonio"), _("Pérdidas"), _("Ganancias"), _("Pérdidas"), _("Ganancias"))
    groups = ((_("Sumas"), 2, 3), (_("Saldos"), 4, 5), (_("Inventario"), 6, 7),
              (_("Resultados por naturaleza"), 8, 9), (_("Resultados por función"), 10, 11))
    table = BookTable("", header, tuple(rows), tuple(kinds), total, tuple(range(2, 12)), (1,),
                      empty=_("No hay asientos en este periodo."), groups=groups)
    t = sheet.totals
    closing: list[str] = []
    if rows and sheet.ties:
        closing.append(_("Cuadra: las sumas son %(sums)s y los saldos %(balances)s, al debe y al haber; el resultado "
                         "del periodo es el mismo en el Inventario, por naturaleza y por función: %(result)s.") % {
            "sums": _amount(t[0]), "balances": _amount(t[2]), "result": _amount(result)})
    elif rows:
        closing.append(_("No cuadra: sumas %(debit)s y %(credit)s; saldos %(debtor)s y %(creditor)s; resultado "
                         "%(inventory)s en el Inventario, %(nature)s por naturaleza y %(function)s por función.") % {
            "debit": _amount(t[0]), "credit": _amount(t[1]), "debtor": _amount(t[2]), "creditor": _amount(t[3]),
            "inventory": _amount(sheet.inventory_result), "nature": _amount(sheet.nature_result),
            "function": _amount(sheet.function_result)})
    if rows:
        closing.append(_("Importes en soles (S/), antes del asiento de cierre del ejercicio. La Prima de Comercio "
                         "Justo (46993) es pasivo: no pasa por resultados."))
        if not any(r.code.startswith("9") for r in sheet.rows):
            closing.append(_("La cooperativa no lleva la clase 9: los gastos de las cuentas 62 a 68 van también a "
                             "las columnas por función, en su función."))
    name = _("Hoja de trabajo")
    return _book(cooperative, name, _("Ejercicio %(year)s") % {"year": end.year}, _period_line(start, end),
                 printed_on, [table], closing,
                 _("%(book)s, %(range)s") % {"book": name, "range": _range_words(start, end)})
