"""Two office machines writing to one PostgreSQL database at the same moment."""

import threading
from datetime import date

import pytest

from coopdesk.core import Book
from tests.conftest import cacao, funded_book


@pytest.mark.postgres
def test_two_machines_recording_and_printing_at_once_never_collide(postgres_server):
    url = postgres_server.new_database()
    funded_book(url).close()  # Caja holds the money the tickets pay
    errors, books = [], [Book.open(url), Book.open(url)]

    issued = []

    def office(book: Book, series: str):
        try:
            for n in range(1, 16):
                book.deliveries.record(cacao(f"{series}-{n}", date=date(2026, 3, n)))
                statement = book.statements.member_statement("S0001")
                issued.append((statement.number, statement.reprint, len(statement.lines)))
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=office, args=(b, s)) for b, s in zip(books, ("001", "002"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert books[0].deliveries.count() == 30
        # a statement with new deliveries is a new number; the same deliveries again are a reprint of it
        # (docs/documents.md): the numbers run 1…N with no gap, and never two contents under one number
        originals = sorted(number for number, reprint, _lines in issued if reprint == 0)
        assert originals == list(range(1, len(originals) + 1))
        contents = {}
        for number, _reprint, lines in issued:
            assert contents.setdefault(number, lines) == lines
        last = books[1].statements.member_statement("S0001")
        assert (last.number, last.reprint > 0, len(last.lines)) == (len(originals), True, 30)
    finally:
        for book in books:
            book.close()
