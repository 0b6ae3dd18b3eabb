"""The schema exists only through migrations, and migrating gives exactly the models."""

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.migrations import migrate_to
from coopdesk.core import Book, BookError
from coopdesk.db import migrate
from coopdesk.db.engine import make_engine
from coopdesk.db.models import Base
from tests.conftest import cacao, cash_in_hand
from tests.people import LOGIN


def test_migrating_an_empty_database_to_head_gives_exactly_the_models(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_money_and_weights_are_stored_as_integer_centimos_and_grams(book):
    cash_in_hand(book)
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
    cash_in_hand(sqlite_book)
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
        Book.open(path, **LOGIN)
    assert raised.value.problem.message.startswith("La base de datos %(db)s fue creada por una versión más nueva")


def test_backup_copies_every_row_before_an_upgrade(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    sqlite_book.deliveries.record(cacao())
    path = sqlite_book.url.removeprefix("sqlite:///")
    backup = migrate.backup_sqlite(__import__("pathlib").Path(path), "0001")
    assert backup.name.startswith("cooperativa.sqlite.bak-0001-")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*), sum(amount_cents) FROM deliveries").fetchone() == (1, 222185)


def older_book(db_url: str, revision: str) -> None:
    """A cooperative's book at an older revision, written as that coopdesk wrote it:
    Rosa, two tickets (4 and 5 March), a loan of S/ 1,000 (1 April) and S/ 300
    paid back (1 May)."""

    engine = make_engine(db_url)
    migrate_to(engine, revision)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO cooperative (name, ruc, address, city, locale, currency, created_at) VALUES "
                          "('Cooperativa Agraria Tambopata', '20600123450', '', 'Puerto Maldonado', 'es_PE', 'PEN', "
                          ":now)"), {"now": "2026-01-01 08:00:00"})
        for code, name, crop, form, unit in (("CACAO-SECO", "Cacao grano seco", "cacao", "grano_seco", "kg"),
                                             ("CACAO-BABA", "Cacao en baba", "cacao", "baba", "kg")):
            conn.execute(text("INSERT INTO products (code, name, crop, form, price_unit) VALUES "
                              "(:code, :name, :crop, :form, :unit)"),
                         dict(code=code, name=name, crop=crop, form=form, unit=unit))
        conn.execute(text("INSERT INTO zones (code, name) VALUES ('LP', 'Las Piedras')"))
        conn.execute(text("INSERT INTO campaigns (code, name, start_date, end_date) VALUES "
                          "('2026', 'Campaña 2026', '2026-01-01', '2026-12-31')"))
        conn.execute(text(
            "INSERT INTO members (code, dni, first_names, last_names, gender, zone_id, status, certification, "
            "join_date, phone, sort_key, search_key, created_at, updated_at) VALUES ('S0001', '41234567', 'Rosa', "
            "'Quispe Mamani', 'F', 1, 'activo', 'organico', '2019-05-10', '', 'quispe mamani rosa', "
            "'s0001 41234567 rosa quispe mamani', '2026-01-01 08:00:00', '2026-01-01 08:00:00')"))
        conn.execute(text(
            "INSERT INTO deliveries (campaign_id, series, number, date, member_id, product_id, sacks, gross_g, tare_g, "
            "net_g, humidity_cp, grade, certification, price_cents, price_unit, amount_cents, created_at) VALUES "
            "(1, '001', 1, '2026-03-04', 1, 1, 2, 120500, 400, 120100, 720, 'A', 'organico', 1850, 'kg', 222185, "
            "'2026-03-04 08:00:00'), "
            "(1, '001', 2, '2026-03-05', 1, 2, 2, 120500, 400, 120100, 5500, 'A', 'organico', 320, 'kg', 38432, "
            "'2026-03-05 08:00:00')"))
        for concept, direction, cents, day in (("prestamos", "cargo", 100000, "2026-04-01"),
                                               ("prestamos", "abono", 30000, "2026-05-01")):
            conn.execute(text(
                "INSERT INTO account_movements (member_id, date, concept, direction, amount_cents, description, "
                "reference, created_at, created_by) VALUES (1, :day, :concept, :direction, :cents, '', '', "
                "'2026-04-01 08:00:00', '')"), dict(day=day, concept=concept, direction=direction, cents=cents))
    engine.dispose()


def test_a_book_from_before_quality_tables_upgrades_with_its_tickets_paid_on_their_net_kilos(db_url):
    """A cooperative's book at 0003 (last season's coopdesk) opened by this one: every
    ticket keeps its figures (kilos paid = net), the new raw forms arrive with their
    default conversions, and the book opens."""
    older_book(db_url, "0003")
    with Book.open(db_url, **LOGIN) as book:
        # upgraded, its older documents are posted once: each day's tickets, then the loan and its repayment
        # (all principal: the loan was posted first)
        assert [(e.date, e.source_kind, e.total) for e in book.ledger.entries()] == [
            (date(2026, 3, 4), "acopio", Decimal("2221.85")), (date(2026, 3, 5), "acopio", Decimal("384.32")),
            (date(2026, 4, 1), "movimiento", Decimal("1000.00")), (date(2026, 5, 1), "movimiento", Decimal("300.00"))]
        assert book.ledger.member_balances("14221") == {"S0001": Decimal("700.00")}
        assert book.ledger.post_pending().intake_entries == 0
        baba, row = book.deliveries.page()
        assert (row.net_kg, row.payable_kg, row.equivalent_kg, row.amount) == (
            Decimal("120.100"), Decimal("120.100"), Decimal("120.100"), Decimal("2221.85"))
        # 120.1 kg of baba count as 45.638 kg of dry cacao, as a ticket recorded today would
        assert (baba.payable_kg, baba.equivalent_kg, baba.amount) == (
            Decimal("120.100"), Decimal("45.638"), Decimal("384.32"))
        assert [p.code for p in book.products.list()] == ["CACAO-SECO", "CACAO-BABA", "CAFE-CEREZA", "COPOAZU-FRUTO"]
        assert book.prices.standard("CACAO-BABA").conversion == Decimal("0.38")
        assert book.prices.standard("CAFE-CEREZA").conversion == Decimal("0.20")
        assert book.distributions.season()[0].kg == Decimal("240.200")


def test_a_new_book_converts_cacao_in_baba_to_dry_cacao_from_the_start(book):
    # 100 kg of baba make 38 kg of dry cacao: what the organic guard counts
    cash_in_hand(book)
    book.deliveries.record(cacao(product_code="CACAO-BABA", gross_kg=Decimal("100"), tare_kg=Decimal("0"),
                                 advance_price=Decimal("3.20")))
    row = book.deliveries.page()[0]
    assert (row.payable_kg, row.equivalent_kg, row.amount) == (Decimal("100.000"), Decimal("38.000"),
                                                               Decimal("320.00"))


def test_an_older_book_with_a_closed_month_posts_what_is_after_it_in_date_order(db_url):
    """At 0005 the contador had closed March: the March tickets stay without entries
    (counted), April's loan and May's repayment are posted in date order, so the
    repayment is principal, not interest."""
    older_book(db_url, "0005")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO ledger_periods (year, month, status, closed_at, closed_by) VALUES "
                          "(2026, 3, 'cerrado', '2026-04-02 09:00:00', 'contador')"))
    engine.dispose()
    with Book.open(db_url, **LOGIN) as book:
        assert [(e.date, e.source_kind) for e in book.ledger.entries()] == [
            (date(2026, 4, 1), "movimiento"), (date(2026, 5, 1), "movimiento")]
        assert book.ledger.member_balances("14221") == {"S0001": Decimal("700.00")}
        assert book.ledger.post_pending().skipped == 2  # the two March tickets


def test_an_older_book_the_contador_already_keeps_by_hand_is_left_for_them_to_post(db_url):
    older_book(db_url, "0005")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO ledger_periods (year, month, status, closed_by) VALUES (2026, 3, 'abierto', '')"))
        conn.execute(text(
            "INSERT INTO journal_entries (year, number, date, period_id, description, reference, source_kind, "
            "created_at, created_by) SELECT 2026, 1, '2026-03-31', id, 'Adelantos de acopio de marzo', '', 'manual', "
            "'2026-03-31 18:00:00', 'contador' FROM ledger_periods"))
    engine.dispose()
    with Book.open(db_url, **LOGIN) as book:
        assert [e.source_kind for e in book.ledger.entries()] == ["manual"]
        from coopdesk.core.cash_guard import NegativeCash
        from coopdesk.core.postings import Pending
        with pytest.raises(NegativeCash):  # when they choose to: Caja's guard applies (no money entered it yet)
            book.ledger.post_pending()
        with book.cash.confirmed("Adelantos pagados antes de llevar la caja en coopdesk"):
            assert book.ledger.post_pending() == Pending(intake_entries=2, movements=2)
