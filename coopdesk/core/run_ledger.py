"""A distribution run as the books hold it, for the board's summary: the
journal entries the run posted (its own entry, the reversal of the run it
corrects, the one that reversed it, its members' payments), what its entry put
on each account, and the balance of 591 «Excedentes por distribuir» just
before and just after it. The summary compares these with the run's own
figures (``domain.postings.expected_distribution_entry``): the board ties the
paper to the ledger entry by entry number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, func, select, type_coerce

from coopdesk.db.models import DistributionPayment, DistributionRun, JournalEntry, JournalLine, LedgerAccount
from coopdesk.domain import postings
from coopdesk.domain.money import ZERO

if TYPE_CHECKING:
    from coopdesk.core.book import Book

__all__ = ["EntryRef", "PaymentsRef", "RunLedger", "run_ledger"]


@dataclass(frozen=True)
class EntryRef:
    number: str  # «2026-000045», as the Libro Diario prints it
    day: date
    description: str
    amount: Decimal  # its debits (= its credits)
    kind: str  # "distribucion": the run's own; "reversa": one it reverses; "reversada": the one reversing it


@dataclass(frozen=True)
class PaymentsRef:
    count: int
    total: Decimal
    first: str  # entry numbers, in order
    last: str


@dataclass(frozen=True)
class RunLedger:
    entry: EntryRef | None  # the run's own entry (None: not posted yet)
    others: tuple[EntryRef, ...]  # the reversal of the run it corrects, the entry that reversed it
    payments: PaymentsRef | None
    posted: dict[str, tuple[Decimal, Decimal]]  # the run's entry per account: (debit, credit); 772 with 14221
    names: dict[str, str]  # account code -> name
    remanente_before: Decimal  # 591's credit balance just before the run's entry
    remanente_after: Decimal  # ... and with it


def _number(entry: JournalEntry) -> str:
    return f"{entry.year}-{entry.number:06d}"


def _amount(session, entry_id: int) -> Decimal:
    line = JournalLine.__table__.c
    cents = session.scalar(select(type_coerce(func.coalesce(func.sum(line.debit_cents), 0), BigInteger))
                           .where(line.entry_id == entry_id))
    return Decimal(int(cents or 0)).scaleb(-2)


def _ref(session, entry: JournalEntry, kind: str) -> EntryRef:
    return EntryRef(_number(entry), entry.date, entry.description, _amount(session, entry.id), kind)


def _balance_591(session, through_id: int) -> Decimal:
    """591's credits less debits in the entries up to ``through_id`` (entries are
    never changed, and their ids follow the order they were posted in)."""
    line, account = JournalLine.__table__.c, LedgerAccount.__table__.c
    credit, debit = (type_coerce(func.coalesce(func.sum(c), 0), BigInteger) for c in (line.credit_cents,
                                                                                      line.debit_cents))
    c, d = session.execute(select(credit, debit).join_from(JournalLine.__table__, LedgerAccount.__table__,
                                                           account.id == line.account_id)
                           .where(account.code == postings.REMANENTE, line.entry_id <= through_id)).one()
    return Decimal(int(c) - int(d)).scaleb(-2)


def run_ledger(book: "Book", run_number: int) -> RunLedger:
    """The run's entries and its tie to the books (see the module doc)."""
    with book.read() as session:
        run_id = session.scalar(select(DistributionRun.id).where(DistributionRun.number == run_number))
        own = session.scalar(select(JournalEntry).where(
            JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
            JournalEntry.reverses_id.is_(None)).order_by(JournalEntry.id).limit(1))
        names = dict(session.execute(select(LedgerAccount.code, LedgerAccount.name)).all())
        others = [_ref(session, e, "reversa") for e in session.scalars(select(JournalEntry).where(
            JournalEntry.source_kind == postings.DISTRIBUTION, JournalEntry.source_id == run_id,
            JournalEntry.reverses_id.is_not(None)).order_by(JournalEntry.id))]
        posted: dict[str, tuple[Decimal, Decimal]] = {}
        before = after = ZERO
        entry = None
        if own is not None:
            entry = _ref(session, own, "distribucion")
            others += [_ref(session, e, "reversada") for e in session.scalars(select(JournalEntry).where(
                JournalEntry.reverses_id == own.id).order_by(JournalEntry.id))]
            rows = session.execute(select(LedgerAccount.code, JournalLine.debit, JournalLine.credit)
                                   .join(LedgerAccount, LedgerAccount.id == JournalLine.account_id)
                                   .where(JournalLine.entry_id == own.id)).all()
            posted = postings.by_account(_Line(code, debit, credit) for code, debit, credit in rows)
            before, after = _balance_591(session, own.id - 1), _balance_591(session, own.id)
        paid = session.scalars(select(JournalEntry).where(
            JournalEntry.source_kind == postings.PAYMENT,
            JournalEntry.source_id.in_(select(DistributionPayment.id).where(DistributionPayment.run_id == run_id)))
            .order_by(JournalEntry.id)).all()
        payments = None
        if paid:
            line = JournalLine.__table__.c
            cents = session.scalar(select(type_coerce(func.coalesce(func.sum(line.debit_cents), 0), BigInteger))
                                   .where(line.entry_id.in_([e.id for e in paid])))
            total = Decimal(int(cents or 0)).scaleb(-2)
            payments = PaymentsRef(len(paid), total, _number(paid[0]), _number(paid[-1]))
    return RunLedger(entry, tuple(others), payments, posted, names, before, after)


@dataclass(frozen=True)
class _Line:
    account: str
    debit: Decimal
    credit: Decimal
