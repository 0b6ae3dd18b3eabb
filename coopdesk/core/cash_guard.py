"""Caja and the banks never go below zero without a recorded confirmation.

One rule in one place: ``Ledger.post_many_in`` asks this guard about every
entry it posts, so each document that takes money out through Caja (101) or a
bank (104…) obeys it, whatever the document is (a ticket's advance at the scale,
an advance, a loan, a repayment reversed, a distribution's payment, an expense,
a supplier's payment, a manual entry). A document that would leave the account
below zero, on its day or on any later day already in the books, is refused
(``NegativeCash``) with the account, its balance that day, the amount and what
it would leave, unless the caller confirmed it with a reason
(``book.cash.confirmed(reason)``, the CLI's ``--confirmar-saldo-negativo``, the
GUI's «¿Registrar de todos modos?»). A confirmed document is posted and the
confirmation recorded (``cash_confirmations``: the entry, the account, the
figures, the reason, who and when; audited), and ``coopdesk check`` lists that
negative balance as confirmed instead of as a disagreement.

Documents posted for a book kept before the automatic entries while it is
upgraded (``post_pending_in``) already happened and nobody is there to confirm:
the guard does not stop them (``suspended``). When the contador posts them
(``post_pending``: «Contabilizar pendientes», ``ledger post-pending``), the guard
applies as to any posting.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Sequence

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.core.errors import InvalidInput, N_, Problem
from coopdesk.db.models import CashConfirmation, JournalEntry, JournalLine
from coopdesk.domain import limits
from coopdesk.domain.cash import FIELD, Overdraft, is_money_account, overdraft
from coopdesk.domain.ledger import EntryInput
from coopdesk.domain.money import ZERO

if TYPE_CHECKING:
    from coopdesk.core.book import Book


class NegativeCash(InvalidInput):
    """Refused: the document would leave Caja or a bank below zero. ``overdrafts``
    say where; the same call, confirmed with a reason, posts it."""

    def __init__(self, overdrafts: Sequence[Overdraft], head: Problem | None = None):
        self.overdrafts = tuple(overdrafts)
        super().__init__(([head] if head is not None else []) + [o.problem() for o in self.overdrafts])


def is_negative_cash(exc: BaseException) -> bool:
    """The refusal a confirmation would lift (the GUI asks for a reason then)."""
    return isinstance(exc, NegativeCash) or (
        isinstance(exc, InvalidInput) and bool(exc.problems) and all(p.field == FIELD for p in exc.problems))


@dataclass(frozen=True)
class ConfirmationRow:
    entry: str          # the entry's number, 2026-000123
    account: str
    day: date
    balance: Decimal
    amount: Decimal
    result: Decimal
    reason: str
    confirmed_by: str
    confirmed_at: datetime


def reason_problems(reason: str | None) -> list[Problem]:
    if not (reason or "").strip():
        return [Problem("reason", N_("Diga por qué Caja o el banco pueden quedar en negativo (por ejemplo, un "
                                     "depósito que aún no se registró)."))]
    if len(reason.strip()) > limits.DESCRIPTION:
        return [Problem("reason", N_("El motivo es demasiado largo (%(max)s caracteres como máximo)."),
                        {"max": limits.DESCRIPTION})]
    return []


class CashGuard:
    def __init__(self, book: "Book"):
        self._book = book
        self._reason: str | None = None
        self._suspended = 0

    # -- what the caller says ------------------------------------------------------------

    @contextmanager
    def confirmed(self, reason: str) -> Iterator[None]:
        """Within: a document that leaves Caja or a bank below zero is posted, and this
        reason recorded with it. A blank reason is refused."""
        problems = reason_problems(reason)
        if problems:
            raise InvalidInput(problems)
        before, self._reason = self._reason, reason.strip()
        try:
            yield
        finally:
            self._reason = before

    def confirm(self, reason: str | None) -> None:
        """The same, for the rest of this Book's life (one command of the CLI)."""
        if reason is None:
            self._reason = None
            return
        problems = reason_problems(reason)
        if problems:
            raise InvalidInput(problems)
        self._reason = reason.strip()

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Within: documents that already happened are posted as they were (an older book's upgrade)."""
        self._suspended += 1
        try:
            yield
        finally:
            self._suspended -= 1

    # -- the rule ------------------------------------------------------------------------

    def check_in(self, session, entries: Sequence[EntryInput], accounts: dict) -> list[Overdraft]:
        """Where the entries would leave a money account below zero (refused without a
        confirmation: ``NegativeCash``); the overdrafts a confirmation lets through."""
        if self._suspended:
            return []
        moves: dict[str, dict[date, Decimal]] = {}
        for entry in entries:
            for line in entry.lines:
                if is_money_account(line.account):
                    days = moves.setdefault(line.account, {})
                    days[entry.date] = days.get(entry.date, ZERO) + line.debit - line.credit
        found = []
        for code, days in sorted(moves.items()):
            if all(v >= ZERO for v in days.values()):
                continue
            account = accounts.get(code)
            if account is None:
                continue
            opening, existing = self._balances(session, account.id, min(days))
            over = overdraft(code, account.name, opening, existing, days)
            if over is not None:
                found.append(over)
        if found and self._reason is None:
            raise NegativeCash(found)
        return found

    @staticmethod
    def _balances(session, account_id: int, start: date) -> tuple[Decimal, dict[date, Decimal]]:
        """The account's balance before ``start``, and what it moves each day from then on."""
        line, entry = JournalLine.__table__.c, JournalEntry.__table__.c
        net = type_coerce(func.coalesce(func.sum(line.debit_cents - line.credit_cents), 0), BigInteger)
        joined = JournalLine.__table__.join(JournalEntry.__table__, entry.id == line.entry_id)
        opening = session.execute(select(net).select_from(joined).where(
            line.account_id == account_id, entry.date < start)).scalar_one()
        later = session.execute(select(entry.date, net).select_from(joined).where(
            line.account_id == account_id, entry.date >= start).group_by(entry.date)).all()
        return Decimal(int(opening)).scaleb(-2), {day: Decimal(int(cents)).scaleb(-2) for day, cents in later}

    def record_in(self, session, overdrafts: Sequence[Overdraft], entries: Sequence[EntryInput],
                  rows: Sequence[JournalEntry], by: str) -> None:
        """The confirmation, with the entry that took the money out (of a batch, the
        last one moving that account on or before the day)."""
        now = self._book.clock.now()
        for over in overdrafts:
            entry_id = next(row.id for entry, row in reversed(list(zip(entries, rows)))
                            if entry.date <= over.day and any(line.account == over.account and line.credit
                                                              for line in entry.lines))
            session.add(CashConfirmation(entry_id=entry_id, account=over.account, day=over.day,
                                         balance=over.balance, amount=over.amount, result=over.result,
                                         reason=self._reason or "", confirmed_at=now, confirmed_by=by))

    # -- what was confirmed --------------------------------------------------------------

    def confirmations(self, session=None) -> list[ConfirmationRow]:
        if session is None:
            with self._book.read() as session:
                return self.confirmations(session)
        rows = session.execute(select(CashConfirmation, JournalEntry.year, JournalEntry.number)
                               .join(JournalEntry, JournalEntry.id == CashConfirmation.entry_id)
                               .order_by(CashConfirmation.id)).all()
        return [ConfirmationRow(f"{year}-{number:06d}", c.account, c.day, c.balance, c.amount, c.result, c.reason,
                                c.confirmed_by, c.confirmed_at) for c, year, number in rows]


def lowest_confirmed(confirmations: Sequence[ConfirmationRow]) -> dict[str, Decimal]:
    """Per account, the lowest balance a person confirmed: a balance at or above it is confirmed."""
    lowest: dict[str, Decimal] = {}
    for c in confirmations:
        lowest[c.account] = min(lowest.get(c.account, c.result), c.result)
    return lowest
