"""Shared fixtures: a small readable cooperative on a real database.

The ``book`` fixture runs every test that uses it twice: on a SQLite file and on
a real PostgreSQL server started for the session (see tests/pg_server.py).
Without PostgreSQL those runs fail; COOPDESK_SKIP_POSTGRES=1 skips them on purpose.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from coopdesk.core import Book
from coopdesk.domain.rules import CooperativeInput, DeliveryInput, MemberInput
from coopdesk.i18n import set_language
from tests.people import AS_ADMIN

RUC = "20600123450"  # check digit 0 is correct for 2060012345
TODAY = date.fromisoformat(os.environ["COOPDESK_TODAY"])  # the tests' today (the root conftest.py fixes it)


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session. If it cannot start, every
    PostgreSQL test fails (a green run must mean both databases were tested),
    unless COOPDESK_SKIP_POSTGRES=1 says, on purpose, to skip them."""
    from tests.pg_server import PostgresServer

    if os.environ.get("COOPDESK_SKIP_POSTGRES") == "1":
        pytest.skip("COOPDESK_SKIP_POSTGRES=1: the PostgreSQL tests are skipped on request")
    try:
        server = PostgresServer().start()
    except Exception as exc:  # noqa: BLE001 - reported as a failure below
        pytest.fail(f"PostgreSQL could not be started: {exc}. Install it (bash scripts/setup.sh test) or "
                    f"run with COOPDESK_SKIP_POSTGRES=1 to skip the PostgreSQL tests on purpose.", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cooperativa.sqlite'}"
    return request.getfixturevalue("postgres_server").new_database()


def cooperative() -> CooperativeInput:
    return CooperativeInput("Cooperativa Agraria Tambopata", RUC, "Jr. Loreto 245", "Puerto Maldonado")


def rosa(**changes) -> MemberInput:
    values = dict(code="S0001", dni="41234567", first_names="Rosa", last_names="Quispe Mamani", gender="F",
                  zone_code="LP", certification="organico", join_date=date(2019, 5, 10))
    values.update(changes)
    return MemberInput(**values)


def cacao(ticket: str = "001-000001", **changes) -> DeliveryInput:
    """120.5 kg gross, 0.4 kg tare of dry cacao at S/ 18.50 per kg: 120.1 kg net, S/ 2,221.85."""
    values = dict(ticket=ticket, date=date(2026, 3, 4), member_code="S0001", product_code="CACAO-SECO", sacks=2,
                  gross_kg=Decimal("120.5"), tare_kg=Decimal("0.4"), humidity_pct=Decimal("7.2"), grade="A",
                  advance_price=Decimal("18.50"))
    values.update(changes)
    return DeliveryInput(**values)


def remanente_in_the_books(book: Book, amount: str = "100000.00", day: date = date(2026, 1, 1)) -> None:
    """Excedentes of earlier ejercicios not yet distributed: 591 holds ``amount``
    from the asiento de apertura (the bank against 591), so a distribution of
    excedentes has a remanente to draw on (it may never overdraw 591)."""
    from coopdesk.domain.ledger import EntryInput, LineInput

    book.ledger.post_opening(EntryInput(day, "Apertura: excedentes por distribuir", (
        LineInput("1041", debit=Decimal(amount)), LineInput("591", credit=Decimal(amount)))))


def cash_in_hand(book: Book, caja: str = "200000.00", bank: str = "200000.00", day: date = date(2026, 1, 1)) -> None:
    """Money to pay with: the season's working-capital loan (451) received on 01/01/2026,
    ``caja`` of it in Caja (101) and ``bank`` in the bank (1041). Caja and the banks never
    go below zero without a confirmation (core.cash_guard): a test that pays advances,
    loans or expenses needs money in them first, as a cooperative does."""
    from coopdesk.domain.ledger import EntryInput, LineInput

    book.ledger.post(EntryInput(day, "Préstamo de capital de trabajo para el acopio", (
        LineInput("101", debit=Decimal(caja)), LineInput("1041", debit=Decimal(bank)),
        LineInput("451", credit=Decimal(caja) + Decimal(bank))), "Pagaré 2026-01"))


def cash_is_not_the_subject(book: Book) -> None:
    """For a test about the shape of entries, periods or papers, whose payments come
    out of an empty Caja: every payment is confirmed, for this book's life, as a
    treasurer would with a reason (core.cash_guard), so its entries stay the ones the
    test reads. Tests about money use ``cash_in_hand``."""
    book.cash.confirm("Prueba: la caja no es el tema de esta prueba")


def make_book(url: str) -> Book:
    """Two zones, the 2026 campaign and three members: Rosa, Juan and Carmen."""
    book = Book.create(url, cooperative(), **AS_ADMIN)
    book.zones.add("LP", "Las Piedras")
    book.zones.add("TB", "Tambopata")
    book.campaigns.add("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31))
    book.members.add(rosa())
    book.members.add(rosa(code="S0002", dni="42345678", first_names="Juan", last_names="Condori Apaza",
                          gender="M", zone_code="TB", certification="convencional"))
    book.members.add(rosa(code="S0003", dni="43456789", first_names="Carmen", last_names="Huamán Flores",
                          certification="transicion"))
    return book


@pytest.fixture
def book(db_url):
    book = make_book(db_url)
    yield book
    book.close()


@pytest.fixture
def sqlite_book(tmp_path):
    book = make_book(f"sqlite:///{tmp_path / 'cooperativa.sqlite'}")
    yield book
    book.close()


def funded_book(url: str) -> Book:
    """``make_book`` with money to pay with (``cash_in_hand``)."""
    book = make_book(url)
    cash_in_hand(book)
    return book
