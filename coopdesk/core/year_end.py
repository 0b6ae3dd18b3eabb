"""The ejercicio's year-end, posted by ``book.ledger.close_year`` in one transaction
(docs/ledger.md, «El cierre del ejercicio»):

1. the income-tax provision on the income of operations that are not actos
   cooperativos (Dr 881, Cr 40171; ``domain.year_end.tax_provision``);
2. the determinación del resultado: every income and expense account to zero
   against 891 Utilidad (or 892 Pérdida) — the entry close-year returns;
3. the result from 891 to 591 Excedentes por distribuir (or 892 to 592);
4. every balance-sheet account (each member of a sub-ledger) to zero on
   31 December, and on 1 January of the next year its mirror, the reopening.

2 and 3 are ``CLOSING`` entries (the estado de resultados leaves them out);
4 are ``BALANCE_CLOSING`` and ``REOPENING``: a balance "as of" 31 December
leaves the night's closing out, so the estado de situación on 31/12 and on
01/01 are the same, account by account. None is ever reversed, and the
ejercicio's twelve months close with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.errors import InvalidInput, N_, Problem
from coopdesk.db.models import CreditNote, Expense, JournalEntry, JournalLine, LedgerAccount, Member, Sale
from coopdesk.domain import postings as P
from coopdesk.domain.ledger import EntryInput, Kind, closing_lines
from coopdesk.domain.money import ZERO
from coopdesk.domain.withholding import uit_of
from coopdesk.domain.year_end import (
    TaxProvision, balance_closing_lines, mirror, provision_lines, result_transfer_lines, tax_provision,
)

if TYPE_CHECKING:
    from coopdesk.core.book import Book


@dataclass(frozen=True)
class YearEnd:
    """The entries close-year posted (ids; None: nothing to post)."""

    provision: int | None
    closing: int | None        # determinación del resultado (income and expenses to 891 / 892)
    transfer: int | None       # 891 → 591, or 592 ← 892
    balance_closing: int | None
    reopening: int | None


def _sum(column):
    return type_coerce(func.coalesce(func.sum(column), 0), BigInteger)


def _net_by_kind(session, year: int, kinds: tuple[str, ...], documents) -> tuple[Decimal, Decimal]:
    """(income credit − debit, expenses debit − credit) of the ejercicio's entries of
    ``kinds`` whose document is one of ``documents`` (a subquery of ids)."""
    e, line, a = JournalEntry.__table__.c, JournalLine.__table__.c, LedgerAccount.__table__.c
    rows = session.execute(
        select(a.kind, _sum(line.debit_cents), _sum(line.credit_cents))
        .join_from(JournalLine.__table__, JournalEntry.__table__, e.id == line.entry_id)
        .join(LedgerAccount.__table__, a.id == line.account_id)
        .where(e.date.between(date(year, 1, 1), date(year, 12, 31)), e.source_kind.in_(kinds),
               e.source_id.in_(documents), a.kind.in_((Kind.INCOME, Kind.EXPENSE)))
        .group_by(a.kind)).all()
    income = expenses = ZERO
    for kind, debit, credit in rows:
        if kind == Kind.INCOME:
            income += Decimal(int(credit) - int(debit)).scaleb(-2)
        else:
            expenses += Decimal(int(debit) - int(credit)).scaleb(-2)
    return income, expenses


def provision_in(session, year: int) -> TaxProvision:
    """The ejercicio's income tax as it stands in the books (before close-year posts it)."""
    e, line, a = JournalEntry.__table__.c, JournalLine.__table__.c, LedgerAccount.__table__.c
    sales = select(Sale.id).where(Sale.cooperative_act.is_(False)).scalar_subquery()
    expenses = select(Expense.id).where(Expense.cooperative_act.is_(False)).scalar_subquery()
    # a non-cooperative sale: its income, less its cost of sales, and its collection's exchange difference
    income, cost = _net_by_kind(session, year, (P.SALE, P.COLLECTION), sales)
    # its notas de crédito take back part of that income (core.credit_notes)
    notes = select(CreditNote.id).join(Sale, Sale.id == CreditNote.sale_id).where(
        Sale.cooperative_act.is_(False)).scalar_subquery()
    income += _net_by_kind(session, year, (P.CREDIT_NOTE,), notes)[0]
    other_income, spent = _net_by_kind(session, year, (P.EXPENSE,), expenses)
    in_year = (select(a.code, a.kind, _sum(line.debit_cents), _sum(line.credit_cents))
               .join_from(JournalLine.__table__, JournalEntry.__table__, e.id == line.entry_id)
               .join(LedgerAccount.__table__, a.id == line.account_id)
               .where(e.date.between(date(year, 1, 1), date(year, 12, 31)), e.source_kind != P.CLOSING,
                      a.kind.in_((Kind.INCOME, Kind.EXPENSE)))
               .group_by(a.code, a.kind))
    net_income = already = ZERO
    for code, kind, debit, credit in session.execute(in_year):
        if kind == Kind.INCOME:
            net_income += Decimal(int(credit) - int(debit)).scaleb(-2)
        elif code == P.INCOME_TAX:
            already += Decimal(int(debit) - int(credit)).scaleb(-2)
    return tax_provision(year, income - cost + other_income, spent, net_income, uit_of(year), already)


def _sheet_balances(session, end: date) -> list[tuple[str, str, Decimal]]:
    """(account, member, debit − credit) of every balance-sheet account through ``end``, per
    member for a sub-ledger account; in code and member order."""
    e, line, a, m = (JournalEntry.__table__.c, JournalLine.__table__.c, LedgerAccount.__table__.c,
                     Member.__table__.c)
    rows = session.execute(
        select(a.code, a.member_ledger, m.code, _sum(line.debit_cents), _sum(line.credit_cents))
        .join_from(JournalLine.__table__, JournalEntry.__table__, e.id == line.entry_id)
        .join(LedgerAccount.__table__, a.id == line.account_id)
        .outerjoin(Member.__table__, m.id == line.member_id)
        .where(e.date <= end, a.kind.in_((Kind.ASSET, Kind.LIABILITY, Kind.EQUITY)))
        .group_by(a.code, a.member_ledger, m.code).order_by(a.code, m.code)).all()
    return [(code, (member or "") if ledger else "", Decimal(int(debit) - int(credit)).scaleb(-2))
            for code, ledger, member, debit, credit in rows if int(debit) != int(credit)]


def close_in(book: "Book", session, year: int, by: str | None) -> YearEnd:
    """Post the year-end (the module's docstring) inside the write transaction of close_year."""
    ledger = book.ledger
    end, first = date(year, 12, 31), date(year + 1, 1, 1)
    later = session.scalar(select(JournalEntry.id).where(JournalEntry.date == first,
                                                         JournalEntry.source_kind == P.REOPENING))
    if later is not None:
        raise InvalidInput([Problem("year", N_("El ejercicio %(year)s ya está cerrado."), {"year": year})])
    provision = provision_in(session, year)
    provision_id = None
    if provision.to_post > ZERO:
        text = (f"Impuesto a la renta del ejercicio {year}: {provision.percent} % de S/ {provision.base:,.2f} "
                f"(operaciones que no son actos cooperativos)")
        provision_id = ledger.post_in(session, EntryInput(end, text[:200], provision_lines(
            provision.to_post, P.INCOME_TAX, P.INCOME_TAX_PAYABLE, text[:200]), f"IR-{year}"),
            P.TAX_PROVISION, year, by).id
    rows = ledger._balances(session, date(year, 1, 1), end)
    lines = closing_lines(rows, P.PROFIT, P.LOSS)
    closing_id = transfer_id = None
    if lines:
        closing_id = ledger.post_in(session, EntryInput(end, f"Determinación del resultado del ejercicio {year}",
                                                        lines, f"CIERRE-{year}"), P.CLOSING, year, by).id
        result = sum((line.credit - line.debit for line in lines if line.account in (P.PROFIT, P.LOSS)), ZERO)
        where = "excedentes por distribuir" if result > ZERO else "pérdidas acumuladas"
        transfer = result_transfer_lines(result, P.PROFIT, P.LOSS, P.REMANENTE, P.LOSSES)
        if transfer:
            transfer_id = ledger.post_in(session, EntryInput(
                end, f"Resultado del ejercicio {year} a {where}", transfer, f"CIERRE-{year}"),
                P.CLOSING, year, by).id
    session.flush()
    closing_text = f"Cierre de las cuentas de balance al 31/12/{year}"
    sheet = balance_closing_lines(_sheet_balances(session, end), closing_text)
    balance_id = reopening_id = None
    if sheet:
        with book.cash.suspended():  # the balances as they were: a confirmed negative Caja reopens as it closed
            balance_id = ledger.post_in(session, EntryInput(end, closing_text, sheet, f"CIERRE-{year}"),
                                        P.BALANCE_CLOSING, year, by).id
            text = f"Apertura del ejercicio {year + 1}: saldos al 31/12/{year}"
            reopening_id = ledger.post_in(session, EntryInput(first, text, mirror(sheet, text), f"APERTURA-{year + 1}"),
                                          P.REOPENING, year + 1, by).id
    return YearEnd(provision_id, closing_id, transfer_id, balance_id, reopening_id)
