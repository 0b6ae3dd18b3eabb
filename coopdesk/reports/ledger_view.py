"""The printed books of the ledger as the strings that get printed.

* Libro Diario: each entry (number, date, glosa, reference, «Revierte …»), its
  lines (account, member, US$ × exchange rate and the line's own description,
  debe, haber) and its total; the grand total at the end.
* Libro Mayor of one or more accounts (the Libro Caja y Bancos is the Mayor of
  101 and 1041; the Fondo de Prima de Comercio Justo, of 46993): the «Saldo
  anterior» when there is a start date, each line with its running saldo on the
  account's normal side, and the saldo at the end. A line's description is
  printed only when it says more than its entry's glosa (an automatic entry's
  lines often repeat it word for word).
* Balance de comprobación, Estado de resultados, Estado de situación financiera.
* Cuentas de socios: a member account's sub-ledger on a date, each member's
  balance, their total and whether it is the account's balance in the Balance
  de comprobación.

Each function takes domain data only (``EntryRow``, ``AccountBalance``,
``TrialBalance``, ``IncomeStatement``, ``BalanceSheet``, ``MemberLedger``,
``CooperativeInfo``;
``coopdesk.core.ledger_books`` gathers them) and returns a ``LedgerBookView``
whose letterhead, footer and page fields have the names of ``StatementView``'s,
so the statement's flowables lay them out. Amounts are es_PE money,
``S/ 1,234.56``; a debe or haber that is zero is left blank, as in the books.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Sequence

from coopdesk.domain.ledger import (
    DEBIT_NORMAL,
    KIND_LABELS,
    AccountBalance,
    BalanceSheet,
    EntryRow,
    IncomeStatement,
    Kind,
    MemberLedger,
    TrialBalance,
)
from coopdesk.domain.money import ZERO
from coopdesk.domain.postings import YEAR_END_NOTES
from coopdesk.domain.statement import CooperativeInfo
from coopdesk.i18n import N_, _, ngettext
from coopdesk.i18n.formatting import format_date, format_number
from coopdesk.reports.views import _money, letterhead, provisional

__all__ = [
    "BookTable", "ENTRY", "GRAND", "LedgerBookView", "OPENING", "PLAIN", "SECTION", "SUBTOTAL",
    "balance_sheet_view", "income_statement_view", "inventarios_view", "journal_view", "mayor_title", "mayor_view",
    "member_ledger_title", "member_ledger_view", "provisional", "trial_balance_view",
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


def journal_view(entries: Sequence[EntryRow], numbers: dict[int, str], cooperative: CooperativeInfo,
                 start: date | None, end: date | None, printed_on: date, title: str | None = None) -> LedgerBookView:
    """The Libro Diario of ``entries`` (in date order, as ``book.ledger.entries``
    gives them); ``numbers`` names the entries reversals point to."""
    members = any(line.member_code for e in entries for line in e.lines)
    details = any(line.foreign_amount is not None or _line_words(e, line) for e in entries for line in e.lines)
    header = [_("Cuenta"), _("Denominación")] + ([_("Socio")] if members else [])
    header += [_("Detalle")] if details else []
    header += [_("Debe"), _("Haber")]
    width = len(header)
    blanks = ("",) * (width - 2)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    debit = credit = ZERO
    for entry in entries:
        head = _("%(number)s · %(date)s · %(description)s") % {
            "number": entry.number, "date": format_date(entry.date), "description": entry.description}
        right = [_("Ref. %(reference)s") % {"reference": entry.reference}] if entry.reference else []
        note = entry_note(entry, numbers)
        right += [note] if note else []
        rows.append((head, " · ".join(right)) + blanks)
        kinds.append(ENTRY)
        for line in entry.lines:
            row = [line.account, line.account_name] + ([line.member_code] if members else [])
            if details:
                row.append(" · ".join(t for t in (_dollars(line), _line_words(entry, line)) if t))
            row += [_cell(line.debit), _cell(line.credit)]
            rows.append(tuple(row))
            kinds.append(PLAIN)
        entry_debit = sum((line.debit for line in entry.lines), ZERO)
        entry_credit = sum((line.credit for line in entry.lines), ZERO)
        rows.append(("", _("Total del asiento")) + ("",) * (width - 4) + (_amount(entry_debit), _amount(entry_credit)))
        kinds.append(SUBTOTAL)
        debit += entry_debit
        credit += entry_credit
    count = ngettext("%(n)s asiento", "%(n)s asientos", len(entries)) % {"n": format_number(len(entries))}
    total = ((_("Total general (%(count)s)") % {"count": count}, "") + ("",) * (width - 4)
             + (_amount(debit), _amount(credit))) if entries else None
    flex = (1,) + ((width - 3,) if details else ())
    table = BookTable("", tuple(header), tuple(rows), tuple(kinds), total, (width - 2, width - 1), flex,
                      empty=_("No hay asientos en este periodo."))
    closing = []
    if entries:
        if debit == credit:
            closing.append(_("%(count)s. El debe y el haber suman %(amount)s cada uno.") % {
                "count": count, "amount": _amount(debit)})
        else:
            closing.append(_("%(count)s. No cuadra: el debe suma %(debit)s y el haber %(credit)s.") % {
                "count": count, "debit": _amount(debit), "credit": _amount(credit)})
    name = title or _("Libro Diario")
    return _book(cooperative, name, _years(start, end, entries), _period_line(start, end), printed_on, [table],
                 closing, _("%(book)s, %(range)s") % {"book": name, "range": _range_words(start, end)})


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
    code = opening.code
    debit_normal = opening.kind in DEBIT_NORMAL
    lines = [(entry, line) for entry in entries for line in entry.lines if line.account == code]
    members = any(line.member_code for _e, line in lines)
    header = [_("Fecha"), _("Asiento"), _("Glosa")] + ([_("Socio")] if members else [])
    header += [_("Debe"), _("Haber"), _("Saldo")]
    width = len(header)
    balance = opening.balance
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    if start is not None:
        rows.append((format_date(start), "", _("Saldo anterior")) + ("",) * (width - 4) + (_amount(balance),))
        kinds.append(OPENING)
    debit = credit = ZERO
    for entry, line in lines:
        debit += line.debit
        credit += line.credit
        balance += (line.debit - line.credit) if debit_normal else (line.credit - line.debit)
        glosa = " · ".join(t for t in (entry.description, _dollars(line), _line_words(entry, line)) if t)
        row = [format_date(entry.date), entry.number, glosa] + ([line.member_code] if members else [])
        row += [_cell(line.debit), _cell(line.credit), _amount(balance)]
        rows.append(tuple(row))
        kinds.append(PLAIN)
    total = (("", "", _("Totales del periodo y saldo final")) + ("",) * (width - 6)
             + (_amount(debit), _amount(credit), _amount(balance)))
    side = _(NORMAL_SIDE[opening.kind]) if opening.kind in NORMAL_SIDE else _kind_name(opening.kind)
    title = _("Cuenta %(code)s %(name)s (%(side)s)") % {"code": code, "name": opening.name, "side": side}
    when = _("al %(date)s") % {"date": format_date(end)} if end is not None else _("final")
    words = {"when": when, "amount": _amount(balance)}
    if start is None:
        notes = (_("Saldo %(when)s: %(amount)s.") % words,)
    else:
        figures = {"opening": _amount(opening.balance), "debit": _amount(debit), "credit": _amount(credit), **words}
        notes = ((_("Saldo anterior %(opening)s, más el debe %(debit)s, menos el haber %(credit)s: saldo %(when)s "
                    "%(amount)s.") if debit_normal else
                  _("Saldo anterior %(opening)s, más el haber %(credit)s, menos el debe %(debit)s: saldo %(when)s "
                    "%(amount)s.")) % figures,)
    empty = "" if rows else _("La cuenta no tiene movimientos en este periodo.")
    return BookTable(title, tuple(header), tuple(rows), tuple(kinds), total if lines else None,
                     (width - 3, width - 2, width - 1), (2,), empty=empty, notes=notes), balance


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
    return _book(cooperative, name, number, _period_line(start, end), printed_on, tables, [],
                 _("%(book)s, %(range)s") % {"book": name, "range": _range_words(start, end)})


# -- statements dated before the period's close: ``provisional`` (coopdesk.reports.views) ------------


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


def income_statement_view(statement: IncomeStatement, cooperative: CooperativeInfo, year: int, end: date | None,
                          printed_on: date) -> LedgerBookView:
    """Ingresos, gastos and the remanente or pérdida of the ejercicio ``year``
    (to ``end``), before the year's closing entry."""
    start, end = date(year, 1, 1), end or date(year, 12, 31)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    _section(rows, kinds, Kind.INCOME, statement.income)
    rows.append(("", _("Total ingresos"), _amount(statement.total_income)))
    kinds.append(SUBTOTAL)
    _section(rows, kinds, Kind.EXPENSE, statement.expenses)
    rows.append(("", _("Total gastos"), _amount(statement.total_expenses)))
    kinds.append(SUBTOTAL)
    result = statement.result
    label = _result_words(result)
    # a loss is printed as the amount lost, under its name
    total = ("", _("%(label)s (ingresos menos gastos)") % {"label": label}, _amount(abs(result)))
    table = BookTable("", (_("Cuenta"), _("Denominación"), _("Importe")), tuple(rows), tuple(kinds), total, (2,),
                      (1,))
    closing = [_("%(label)s %(year)s: %(amount)s. Ingresos %(income)s menos gastos %(expenses)s.") % {
        "label": label, "year": year, "amount": _amount(abs(result)), "income": _amount(statement.total_income),
        "expenses": _amount(statement.total_expenses)},
        _("Antes del asiento de cierre del ejercicio.")]
    name = _("Estado de resultados")
    period = _("Ejercicio %(year)s, %(range)s") % {"year": year, "range": _range_words(start, end)}
    return _book(cooperative, name, _("Ejercicio %(year)s") % {"year": year}, period, printed_on, [table], closing,
                 _("%(book)s del ejercicio %(year)s") % {"book": name, "year": year})


def _sheet_table(sheet: BalanceSheet, title: str = "") -> tuple[BookTable, list[str]]:
    """Activo, pasivo and patrimonio as a table, and whether they balance."""
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    _section(rows, kinds, Kind.ASSET, sheet.assets)
    rows.append(("", _("Total activo"), _amount(sheet.total_assets)))
    kinds.append(GRAND)
    _section(rows, kinds, Kind.LIABILITY, sheet.liabilities)
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
