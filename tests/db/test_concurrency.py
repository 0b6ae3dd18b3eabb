"""Two office machines writing to one PostgreSQL database at the same moment."""

import threading
from datetime import date

import pytest

from coopdesk.core import Book
from tests.conftest import cacao, make_book


@pytest.mark.postgres
def test_two_machines_recording_and_printing_at_once_never_collide(postgres_server):
    url = postgres_server.new_database()
    make_book(url).close()
    errors, books = [], [Book.open(url), Book.open(url)]

    def office(book: Book, series: str):
        try:
            for n in range(1, 16):
                book.deliveries.record(cacao(f"{series}-{n}", date=date(2026, 3, n)))
                book.statements.member_statement("S0001")
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
        numbers = sorted(books[1].statements.member_statement("S0001").number for _ in range(1))
        assert numbers == [31]  # 30 issued concurrently, each with its own number, then the 31st
    finally:
        for book in books:
            book.close()
