"""What the printed books of the ledger need, gathered in one call each for the
GUI and the CLI (``coopdesk.reports.ledger_view`` turns it into strings).

Only reads, through ``book.ledger`` and ``book.cooperative``: the Libro Diario
with the numbers of the entries its reversals name (even when dated outside the
range), the Libro Mayor of one or more accounts with each one's balance before
the start date (the «Saldo anterior»), the three statements, and a member
account's sub-ledger (the «Cuentas de socios»), with the cooperative's
letterhead.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

from coopdesk.core.errors import N_, InvalidInput, NotFound, Problem
from coopdesk.core.ledger import last_closed
from coopdesk.domain.diario import in_diario_order
from coopdesk.domain.financial_statements import FunctionStatement, Worksheet
from coopdesk.domain.ledger import AccountBalance, BalanceSheet, EntryRow, MemberLedger, TrialBalance
from coopdesk.domain.money import ZERO
from coopdesk.domain.statement import CooperativeInfo

__all__ = ["MayorPart", "cooperative_info", "open_period", "printable_balance_sheet", "printable_income_statement",
           "printable_inventarios", "printable_journal", "printable_mayor", "printable_member_ledger",
           "printable_trial_balance", "printable_worksheet"]

# (the account with its debits and credits before the start date, the entries touching it)
MayorPart = tuple[AccountBalance, list[EntryRow]]


def open_period(book, day: date) -> tuple[int, int] | None:
    """The period (year, month) of ``day`` while the books have not closed it,
    else None: a statement dated in it is «PROVISIONAL» (its figures may still
    change). The period's close is the ledger's (``coopdesk ledger close``, the
    year-end closing): a month closes forward only, so ``day``'s month is
    closed exactly when it is not after the last closed month."""
    with book.read() as session:
        closed = last_closed(session)
    if closed is not None and (day.year, day.month) <= tuple(closed):
        return None
    return day.year, day.month


def cooperative_info(book) -> CooperativeInfo:
    c = book.cooperative
    return CooperativeInfo(c.name, c.ruc, c.address, c.city, c.locale)


def printable_journal(book, start: date | None = None, end: date | None = None,
                      account: str | None = None) -> tuple[list[EntryRow], dict[int, str], CooperativeInfo]:
    """``(entries, numbers, cooperative)``: the Libro Diario from ``start`` to
    ``end``, in its order (``domain.diario``: by date, the apertura first and the
    cierre last in a day), each entry with its correlativo once its month is
    closed (``EntryRow.diario``, "" before); ``numbers`` maps entry ids to
    «2026-000012» for every entry listed and every one a listed entry reverses or
    is reversed by."""
    entries = in_diario_order(book.ledger.entries(account or None, start, end))
    numbers = {e.id: e.number for e in entries}
    missing = {i for e in entries for i in (e.reverses, e.reversed_by) if i is not None and i not in numbers}
    if missing:  # a reversal dated outside the range still names its number
        numbers.update({e.id: e.number for e in book.ledger.entries(account or None) if e.id in missing})
    return entries, numbers, cooperative_info(book)


def printable_mayor(book, accounts: Sequence[str], start: date | None = None,
                    end: date | None = None) -> tuple[list[MayorPart], CooperativeInfo]:
    """``(parts, cooperative)``: for each account code, in the order given, its
    balance before ``start`` (zero debits and credits without a start date) and
    the entries that touch it from ``start`` to ``end``. An unknown code raises
    ``NotFound``."""
    chart = {a.code: a for a in book.ledger.accounts()}
    for code in accounts:
        if code not in chart:
            raise NotFound(N_("No existe la cuenta %(code)s."), code=code)
    before: dict[str, AccountBalance] = {}
    if start is not None:
        before = {r.code: r for r in book.ledger.trial_balance(end=start - timedelta(days=1), through_night=True).rows}
    parts: list[MayorPart] = []
    for code in dict.fromkeys(accounts):  # each account once
        account = chart[code]
        opening = before.get(code) or AccountBalance(account.code, account.name, account.kind, ZERO, ZERO)
        parts.append((opening, book.ledger.entries(code, start, end)))
    return parts, cooperative_info(book)


def printable_trial_balance(book, end: date | None = None,
                            start: date | None = None) -> tuple[TrialBalance, CooperativeInfo]:
    return book.ledger.trial_balance(end=end, start=start), cooperative_info(book)


def printable_income_statement(book, year: int, end: date | None = None) -> tuple[FunctionStatement, CooperativeInfo]:
    """The Estado de resultados by function (``domain.financial_statements``)."""
    return book.ledger.function_statement(year, end), cooperative_info(book)


def printable_worksheet(book, end: date, start: date | None = None) -> tuple[Worksheet, CooperativeInfo, date]:
    """``(worksheet, cooperative, start)``: the hoja de trabajo from ``start`` (by
    default 1 January of ``end``'s year) to ``end``."""
    start = start or date(end.year, 1, 1)
    return book.ledger.worksheet(end, start), cooperative_info(book), start


def printable_balance_sheet(book, as_of: date) -> tuple[BalanceSheet, CooperativeInfo]:
    return book.ledger.balance_sheet(as_of), cooperative_info(book)


def printable_member_ledger(book, account: str, as_of: date) -> tuple[MemberLedger, str, CooperativeInfo]:
    """``(ledger, name, cooperative)``: the sub-ledger of the member account
    ``account`` on ``as_of`` (each member's balance and the control account's)
    and the account's name. An unknown code raises ``NotFound``; an account whose
    lines do not name the member, ``InvalidInput``."""
    chart = book.ledger.accounts()
    found = next((a for a in chart if a.code == account), None)
    if found is None:
        raise NotFound(N_("No existe la cuenta %(code)s."), code=account)
    if not found.member_ledger:
        raise InvalidInput([Problem("account", N_(
            "La cuenta %(code)s %(name)s no es una cuenta de socios. Las cuentas de socios son: %(codes)s."),
            {"code": found.code, "name": found.name, "codes": ", ".join(a.code for a in chart if a.member_ledger)})])
    return book.ledger.member_ledger(found.code, as_of), found.name, cooperative_info(book)


def printable_inventarios(book, year: int):
    """``(Inventarios, cooperative)``: the Libro de Inventarios y Balances of the
    ejercicio ``year``, on its 31 December (``domain.year_end.Inventarios``)."""
    from coopdesk.domain import postings as P
    from coopdesk.domain.catalog import LABELS
    from coopdesk.domain.year_end import DetailRow, Inventarios

    as_of = date(year, 12, 31)
    sheet = book.ledger.balance_sheet(as_of)
    cash = tuple(DetailRow(r.code, r.name, "", r.balance) for r in sheet.assets if r.code.startswith("10"))
    receivables = tuple(
        DetailRow(s.invoice or f"V-{s.id}", s.buyer, s.date.strftime("%d/%m/%Y"), s.owed_pen)
        for s in book.sales.list(end=as_of)
        if s.debit_account == P.RECEIVABLE and not s.voided and (s.collected_on is None or s.collected_on > as_of))
    chart = {a.code: a for a in book.ledger.accounts()}
    members = []
    for r in sheet.assets:
        if r.code.startswith("14") and chart.get(r.code) is not None and chart[r.code].member_ledger:
            for code, name, balance in book.ledger.member_ledger(r.code, as_of).rows:
                members.append(DetailRow(code, name, f"{r.code} {r.name}", balance))
    stocks = []
    for stock in book.sales.stocks():
        lines = [k for k in book.sales.kardex(stock.product_code, stock.certification) if k.date <= as_of]
        if lines and lines[-1].value:
            label = LABELS.get(stock.certification, stock.certification)
            stocks.append(DetailRow(stock.product_code, f"{stock.product_name}, {label.lower()}",
                                    f"{lines[-1].kg:,.3f} kg", lines[-1].value))
    suppliers = tuple(
        DetailRow(e.reference or f"G-{e.id}", e.supplier, e.date.strftime("%d/%m/%Y"), e.amount)
        for e in book.expenses.list(end=as_of)
        if e.paid_from == P.SUPPLIERS and not e.voided and (e.paid_on is None or e.paid_on > as_of))
    payables = tuple(DetailRow(code, name, f"{P.PAYABLE}", balance)
                     for code, name, balance in book.ledger.member_ledger(P.PAYABLE, as_of).rows)
    return Inventarios(year, sheet, cash, receivables, tuple(members), tuple(stocks), suppliers,
                       payables), cooperative_info(book)
