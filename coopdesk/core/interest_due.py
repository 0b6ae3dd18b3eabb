"""Whether interest fell due, asked on every opening of a book (``Book.open``).

The usual answer, nothing new due, is one count through SQLAlchemy Core over
``db.tables``, without the write lock, the ORM, the models or the postings'
rules: opening a book for ``coopdesk members list`` pays only for that count
(benchmarks/bench_startup.py). When some interest did fall due, it is posted
as before (``core.postings.accrue_interest``, in a write of its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from coopdesk.db.tables import journal_entries, loan_installments, loans
from coopdesk.domain import roles
from coopdesk.domain.source_kinds import INTEREST_DUE

if TYPE_CHECKING:
    from coopdesk.core.book import Book


def accrue_interest_due(book: "Book") -> int:
    """Bring into the books the interest of every loan installment due by the
    book's today and not posted yet, in a write of its own; how many were posted.
    The usual case, nothing new due, is one count in a read, without the write lock:
    ``Book.open`` calls this on every opening (``Accounts.accrue_interest`` too)."""
    today = book.clock.today()
    i, loan, entry = loan_installments.c, loans.c, journal_entries.c
    posted = select(entry.source_id).where(entry.source_kind == INTEREST_DUE, entry.reverses_id.is_(None))
    with book.rows() as conn:
        due = conn.scalar(select(func.count(i.id)).join_from(loan_installments, loans, i.loan_id == loan.id)
                          .where(i.due <= today, i.interest_cents > 0, loan.cancelled_on.is_(None),
                                 i.id.not_in(posted)))
    if not due:
        return 0
    from coopdesk.core.postings import accrue_interest

    with book.write(roles.ACCRUE_INTEREST) as session:
        return accrue_interest(book, session, today)
