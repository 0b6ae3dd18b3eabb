"""The schema exists only through migrations, and migrating gives exactly the models."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from coopdesk.core import Book, BookError
from coopdesk.db import migrate
from coopdesk.db.engine import make_engine
from coopdesk.db.models import Base
from tests.conftest import cacao


def test_migrating_an_empty_database_to_head_gives_exactly_the_models(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_money_and_weights_are_stored_as_integer_centimos_and_grams(book):
    book.deliveries.record(cacao())
    with book.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT gross_g, tare_g, net_g, humidity_cp, price_cents, amount_cents FROM deliveries")).one()
    assert tuple(row) == (120500, 400, 120100, 720, 1850, 222185)


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(sqlite_book):
    with sqlite_book.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_database_refuses_a_delivery_whose_net_is_not_gross_minus_tare(sqlite_book):
    book = sqlite_book
    book.deliveries.record(cacao())
    with pytest.raises(IntegrityError), book.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE deliveries SET net_g = net_g + 1")
    assert book.deliveries.page()[0].net_kg == cacao().gross_kg - cacao().tare_kg


def test_a_database_from_a_newer_coopdesk_is_not_touched(tmp_path, sqlite_book):
    path = sqlite_book.url.removeprefix("sqlite:///")
    sqlite_book.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(BookError) as raised:
        Book.open(path)
    assert raised.value.problem.message.startswith("La base de datos %(db)s fue creada por una versión más nueva")


def test_backup_copies_every_row_before_an_upgrade(sqlite_book, tmp_path):
    sqlite_book.deliveries.record(cacao())
    path = sqlite_book.url.removeprefix("sqlite:///")
    backup = migrate.backup_sqlite(__import__("pathlib").Path(path), "0001")
    assert backup.name.startswith("cooperativa.sqlite.bak-0001-")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*), sum(amount_cents) FROM deliveries").fetchone() == (1, 222185)
