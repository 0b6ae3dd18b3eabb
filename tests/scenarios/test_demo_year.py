"""A demo year closed month by month as a contador does it (issue 16, «Done means»):
each month of 2026 closed, its electronic books (5.1, 5.3, 6.1, 1.1) made from
the Diario's numbers, and «coopdesk check» clean after every step; December
closes with the year-end, and the balance sheet is the same across the night of
31 December."""

from datetime import date
from decimal import Decimal

from coopdesk.core import Book
from coopdesk.core.demo import build_demo
from coopdesk.core.ple import month_files
from coopdesk.domain.clock import FixedClock


def clean(book: Book, step: str) -> None:
    report = book.checks.run()
    assert report.agrees, f"coopdesk check after {step}:\n" + "\n".join(report.sentences()[1])


def test_a_demo_year_closes_month_by_month_with_its_electronic_books_and_check_clean(tmp_path):
    path = tmp_path / "demo.sqlite"
    build_demo(str(path), members=20)
    with Book.open(str(path), FixedClock(date(2027, 1, 20))) as book:
        clean(book, "the demo")
        numbered = 0
        before = None
        for month in range(1, 13):
            if month < 12:
                book.ledger.close(2026, month)
                clean(book, f"closing 2026-{month:02d}")
            else:  # December closes with the year-end, whose entries go on 31 December
                before = book.ledger.balance_sheet(date(2026, 12, 31))
                book.ledger.close_year(2026)
                clean(book, "the year-end")
            files = {f.libro.number: f for f in month_files(book, 2026, month, ("5.1", "5.3", "6.1", "1.1"))}
            entries = [e for e in book.ledger.entries() if (e.date.year, e.date.month) == (2026, month)]
            # every entry of the month has its Diario number, following the last month's, in date order
            diario = sorted(int(e.diario.rsplit("-", 1)[1]) for e in entries)
            assert diario == list(range(numbered + 1, numbered + len(entries) + 1))
            assert [e.diario for e in sorted(entries, key=lambda e: e.diario)] == [
                e.diario for e in sorted(entries, key=lambda e: (e.date, e.diario))]
            numbered += len(entries)
            # the 5.1's CUOs are those numbers, and it has one line per line of the month's entries
            cuos = {line.split("|")[1] for line in files["5.1"].lines}
            assert cuos == {e.diario.removeprefix("D-").replace("-", "") for e in entries}
            assert len(files["5.1"].lines) == sum(len(e.lines) for e in entries)
        after = book.ledger.balance_sheet(date(2027, 1, 1))
        assert after.total_assets == before.total_assets
        assert {r.code: r.balance for r in after.assets} == {r.code: r.balance for r in before.assets}
        assert after.total_assets > Decimal("0") and numbered == len(book.ledger.entries()) - len(
            [e for e in book.ledger.entries() if e.date.year == 2027])   # every 2026 entry has its number
