"""The monthly «cierre» paper (docs/security.md, «La cabeza del registro en papel»).

One page for the month's file: what the books moved in the month (entries,
debe and haber), the balances of Caja and the banks at its end (the PCGE's
class 10, «Efectivo y equivalentes de efectivo»), and the audit trail's head
at the moment of printing, which is recorded in the book (``audit_heads``).
Printing it changes nothing else, and it is not the closing of the period
(``ledger close``): it may be printed before or after, and again.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from sqlalchemy import func, select

from coopdesk.core.audit_heads import CIERRE, Head
from coopdesk.core.errors import InvalidInput, N_, Problem
from coopdesk.core.ledger import Ledger
from coopdesk.db.models import JournalEntry
from coopdesk.domain.ledger import AccountBalance, parse_period
from coopdesk.domain.money import ZERO
from coopdesk.domain.statement import CooperativeInfo

if TYPE_CHECKING:
    from coopdesk.core.book import Book

MONEY_CLASS = "10"  # PCGE: Efectivo y equivalentes de efectivo (101 Caja, 104x bancos)


@dataclass(frozen=True)
class MonthClose:
    """What the «cierre» of a month prints."""

    year: int
    month: int
    start: date
    end: date
    entries: int  # entries dated in the month
    debit: Decimal  # the month's debe
    credit: Decimal  # the month's haber
    money: tuple[AccountBalance, ...]  # Caja and each bank, everything up to the month's end
    head: Head | None  # the audit trail's head as printed
    cooperative: CooperativeInfo
    printed_on: date
    printed_by: str
    head_recorded: bool = False  # the book recorded the printed head (not in a preview, nor a read-only book)

    @property
    def reference(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def money_total(self) -> Decimal:
        return sum((a.balance for a in self.money), ZERO)


def read_month(text: str) -> tuple[int, int]:
    """«2026-03» or «03/2026», or a Spanish refusal."""
    found = parse_period(text)
    if found is None:
        raise InvalidInput([Problem("month", N_("«%(text)s» no es un mes: escríbalo como 2026-03 o 03/2026."),
                                    {"text": text})])
    return found


class Cierres:
    """``book.cierres``: the monthly «cierre» paper."""

    def __init__(self, book: "Book"):
        self._book = book

    def _gather(self, session, year: int, month: int, head: Head | None) -> MonthClose:
        book = self._book
        start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        month_rows = book.ledger._balances(session, start, end)
        to_end = book.ledger._balances(session, None, end)
        entries = session.scalar(Ledger._entries_query(select(func.count(JournalEntry.id)), None, start, end))
        c = book.cooperative
        return MonthClose(
            year=year, month=month, start=start, end=end, entries=int(entries or 0),
            debit=sum((r.debit for r in month_rows), ZERO), credit=sum((r.credit for r in month_rows), ZERO),
            money=tuple(a for a in to_end if a.code.startswith(MONEY_CLASS)), head=head,
            cooperative=CooperativeInfo(c.name, c.ruc, c.address, c.city, c.locale),
            printed_on=book.clock.today(), printed_by=book.user or "")

    def month(self, text: str) -> MonthClose:
        """The month's figures and the head now, printing nothing (a preview)."""
        from coopdesk.core.audit_heads import current

        year, month = read_month(text)
        with self._book.read() as session:
            return self._gather(session, year, month, current(session.connection()))

    def print(self, text: str, write: Callable[[MonthClose], None]) -> MonthClose:
        """Print the «cierre» of the month ``text`` (``write`` lays out the paper)
        and record its head, in one transaction: the figures and the head are
        those of one moment, and a paper that failed records nothing."""
        year, month = read_month(text)
        done: list[MonthClose] = []

        def lay_out(head: Head | None, recorded: bool) -> None:
            with self._book.read() as session:
                data = replace(self._gather(session, year, month, head), head_recorded=recorded)
            write(data)
            done.append(data)

        self._book.audit_heads.printing(CIERRE, f"{year:04d}-{month:02d}", self._book.clock.today(), lay_out)
        return done[-1]
