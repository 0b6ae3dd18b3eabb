"""Opening a book brings in the interest that fell due since it was last opened
(``core.interest_due.accrue_interest_due``, which ``Book.open`` calls without importing the
members' accounts' module: a command that lists members does not load it)."""

from datetime import date
from decimal import Decimal as D

from coopdesk.core import Book
from coopdesk.domain.accounts import LoanInput
from coopdesk.domain.clock import FixedClock
from tests.conftest import cash_in_hand, make_book
from tests.core.test_postings import by_source


def test_opening_the_book_posts_the_interest_due_by_its_today_once(tmp_path):
    path = str(tmp_path / "c.sqlite")
    make_book(f"sqlite:///{path}").close()
    with Book.open(path, clock=FixedClock(date(2026, 4, 6))) as book:
        cash_in_hand(book)
        book.accounts.grant_loan(LoanInput("S0001", date(2026, 4, 6), D("1000.00"), D("12"), 6, "Poda"))
        assert by_source(book, "interes") == []
    for _ in range(2):  # the second opening finds nothing new due
        with Book.open(path, clock=FixedClock(date(2026, 7, 10))) as book:
            assert [(e.date, e.total) for e in by_source(book, "interes")] == [
                (date(2026, 5, 6), D("10.00")), (date(2026, 6, 6), D("8.37")), (date(2026, 7, 6), D("6.73"))]
            assert book.accounts.accrue_interest() == 0  # the same call, through the members' accounts
