"""The correlativo of the Libro Diario (issue 16, item 1): given once, when the
month closes, by date (then posting number); never changed after; the CUO of the
electronic books of a closed month; an open month has no PLE.

The month: three March entries posted 05/03 (2026-000001), 20/03 (2026-000002),
an April one 02/04 (2026-000003), and then a forgotten one dated 10/03
(2026-000004). Closing March numbers them D-1 (05/03), D-2 (10/03), D-3 (20/03);
closing April continues at D-4.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from tests.migrations import migrate_to
from coopdesk.core import Book, InvalidInput
from coopdesk.core.ple import month_files
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe
from tests.people import LOGIN


def sale(day: date, glosa: str, amount: str) -> EntryInput:
    return EntryInput(day, glosa, (LineInput("1212", debit=D(amount)), LineInput("701311", credit=D(amount))))


def post_the_month(book) -> None:
    book.ledger.post(sale(date(2026, 3, 5), "Venta a Exportadora del Sur", "100.00"))
    book.ledger.post(sale(date(2026, 3, 20), "Venta a Agroexport", "200.00"))
    book.ledger.post(sale(date(2026, 4, 2), "Venta a Cacao Perú", "400.00"))
    book.ledger.post(sale(date(2026, 3, 10), "Venta olvidada del 10/03", "300.00"))


def numbers(book) -> list[tuple[str, str, str]]:
    """(posting number, date, Diario correlativo) of every entry, in the Diario's order."""
    return [(e.number, e.date.strftime("%d/%m"), e.diario) for e in book.ledger.entries()]


@pytest.fixture
def month(sqlite_book):
    post_the_month(sqlite_book)
    return sqlite_book


def test_closing_a_month_numbers_its_entries_by_date_and_the_next_month_continues(month):
    assert {e.diario for e in month.ledger.entries()} == {""}  # open: no correlativo yet
    month.ledger.close(2026, 3)
    assert numbers(month) == [("2026-000001", "05/03", "D-2026-000001"), ("2026-000004", "10/03", "D-2026-000002"),
                              ("2026-000002", "20/03", "D-2026-000003"), ("2026-000003", "02/04", "")]
    month.ledger.close(2026, 4)
    assert numbers(month)[-1] == ("2026-000003", "02/04", "D-2026-000004")


def test_a_correlativo_is_never_changed_after(month):
    month.ledger.close(2026, 3)
    month.ledger.close(2026, 4)
    before = numbers(month)
    with pytest.raises(InvalidInput) as refused:
        month.ledger.close(2026, 3)
    assert [describe(p) for p in refused.value.problems] == ["El periodo 2026-03 ya está cerrado."]
    # later entries, a reversal of a March entry and another close: March and April keep theirs
    month.ledger.post(sale(date(2026, 5, 3), "Venta de mayo", "50.00"))
    month.ledger.reverse(month.ledger.entry_id("2026-000004"), date(2026, 5, 2), "Duplicada")
    month.ledger.close(2026, 5)
    after = numbers(month)
    assert after[:4] == before
    assert after[4:] == [("2026-000006", "02/05", "D-2026-000005"), ("2026-000005", "03/05", "D-2026-000006")]
    # the database keeps them too: no change, no delete, no number for an entry of an open month
    with month.engine.connect() as conn:
        for statement in ("UPDATE diario_numbers SET number = 9 WHERE number = 1", "DELETE FROM diario_numbers"):
            with pytest.raises(Exception, match="correlativo del Libro Diario"):
                conn.execute(text(statement))
            conn.rollback()
        month.ledger.post(sale(date(2026, 6, 1), "Venta de junio", "10.00"))
        june = month.ledger.entry_id("2026-000007")
        with pytest.raises(Exception, match="al cerrar el mes"):
            conn.execute(text(f"INSERT INTO diario_numbers (entry_id, year, number) VALUES ({june}, 2026, 99)"))
    with month.engine.connect() as conn:  # the trail records each as coopdesk's
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE table_name = 'diario_numbers' "
                                 "AND action = 'alta' AND who = 'admin'")).scalar() == 6


DIARIO_MARCH = [
    "20260300|2026000001|M1|1212|||PEN|||00||2026000001|05/03/2026||05/03/2026|Venta a Exportadora del Sur||"
    "100.00|0.00||1|",
    "20260300|2026000001|M2|701311|||PEN|||00||2026000001|05/03/2026||05/03/2026|Venta a Exportadora del Sur||"
    "0.00|100.00||1|",
    # the entry posted fourth (2026-000004), dated 10/03: second in the Diario, and its CUO says so
    "20260300|2026000002|M1|1212|||PEN|||00||2026000002|10/03/2026||10/03/2026|Venta olvidada del 10-03||"
    "300.00|0.00||1|",
    "20260300|2026000002|M2|701311|||PEN|||00||2026000002|10/03/2026||10/03/2026|Venta olvidada del 10-03||"
    "0.00|300.00||1|",
    "20260300|2026000003|M1|1212|||PEN|||00||2026000003|20/03/2026||20/03/2026|Venta a Agroexport||200.00|0.00||1|",
    "20260300|2026000003|M2|701311|||PEN|||00||2026000003|20/03/2026||20/03/2026|Venta a Agroexport||0.00|200.00||1|",
]


def test_the_ple_of_a_closed_month_takes_the_cuo_from_the_correlativo(month):
    month.ledger.close(2026, 3)
    [diario] = month_files(month, 2026, 3, ["5.1"])
    assert list(diario.lines) == DIARIO_MARCH
    [mayor] = month_files(month, 2026, 3, ["6.1"])
    assert [line.split("|")[1] for line in mayor.lines] == ["2026000001", "2026000002", "2026000003"] * 1 + [
        "2026000001", "2026000002", "2026000003"]


def test_the_ple_of_an_open_month_is_refused_with_why(month):
    month.ledger.close(2026, 3)
    with pytest.raises(InvalidInput) as refused:
        month_files(month, 2026, 4, ["5.1"])
    assert [describe(p) for p in refused.value.problems] == [
        "El periodo 2026-04 está abierto: los libros electrónicos se generan de un mes cerrado. Al cerrar el mes "
        "cada asiento recibe su número correlativo del Libro Diario, por fecha, que es su CUO y ya no cambia; "
        "antes, la numeración es provisional. Cierre el periodo (coopdesk ledger close 2026-04, o Contabilidad › "
        "Periodos › «Cerrar periodo…») y vuelva a generarlos."]


def test_the_year_end_closes_december_in_order_and_the_reopening_opens_january(sqlite_book):
    book = sqlite_book
    book.ledger.post(sale(date(2025, 12, 31), "Venta del 31/12", "100.00"))
    book.ledger.post(sale(date(2025, 12, 10), "Venta del 10/12", "50.00"))
    book.ledger.post(sale(date(2026, 1, 1), "Venta del 01/01", "20.00"))  # before close-year: posted first in 2026
    book.ledger.close_year(2025)
    december = [(e.number, e.source_kind, e.diario) for e in book.ledger.entries(end=date(2025, 12, 31))]
    assert december == [("2025-000002", "manual", "D-2025-000001"), ("2025-000001", "manual", "D-2025-000002"),
                        ("2025-000003", "cierre", "D-2025-000003"), ("2025-000004", "cierre", "D-2025-000004"),
                        ("2025-000005", "cierre_balance", "D-2025-000005")]
    book.ledger.close(2026, 1)
    january = sorted((e.diario, e.number, e.source_kind) for e in book.ledger.entries(start=date(2026, 1, 1)))
    # the reopening, posted after the sale of 01/01, opens the year's Diario
    assert january == [("D-2026-000001", "2026-000002", "reapertura"), ("D-2026-000002", "2026-000001", "manual")]
    [diario] = month_files(book, 2026, 1, ["5.1"])
    assert [line.split("|")[1:3] for line in diario.lines][:1] == [["2026000001", "A1"]]


def test_an_older_book_numbers_its_closed_months_on_upgrade(sqlite_book):
    book = sqlite_book
    post_the_month(book)
    book.ledger.close(2026, 3)
    expected = numbers(book)
    url = str(book.engine.url)
    book.close()
    migrate_to(book.engine, "0022", downgrade=True)
    book.engine.dispose()
    with Book.open(url, **LOGIN) as upgraded:
        assert numbers(upgraded) == expected
        upgraded.ledger.close(2026, 4)
        assert numbers(upgraded)[-1] == ("2026-000003", "02/04", "D-2026-000004")


def test_the_check_finds_a_correlativo_changed_behind_coopdesks_back(month):
    month.ledger.close(2026, 3)
    assert [describe(p) for p in month.checks.run().findings] == []
    with month.engine.begin() as conn:
        for action in ("update", "delete"):
            conn.execute(text(f"DROP TRIGGER diario_numbers_kept_{action}"))
        conn.execute(text("DELETE FROM diario_numbers WHERE number = 3"))
        conn.execute(text("UPDATE diario_numbers SET number = 3 WHERE number = 2"))
    assert [describe(p) for p in month.checks.run().findings] == [
        "El asiento 2026-000004, de un mes cerrado, tiene en el Libro Diario el correlativo «D-2026-000003» y por "
        "su fecha le corresponde D-2026-000002: los correlativos del ejercicio 2026 se cambiaron fuera de coopdesk."]


def test_the_printed_and_exported_diario_show_both_numbers_in_the_diarios_order(month, tmp_path):
    import csv

    from coopdesk.core.ledger_books import open_period, printable_journal
    from coopdesk.reports.ledger_view import ENTRY, journal_view, provisional_diario

    month.ledger.close(2026, 3)
    end = date(2026, 4, 30)

    def view_of(last):
        return provisional_diario(journal_view(*printable_journal(month, None, last), None, last, date(2026, 12, 7)),
                                  open_period(month, last))

    april = view_of(end)
    [table] = april.tables
    # each entry's first row: the Diario's correlativo (or the posting number while its month is open),
    # its date and glosa; its second row: the posting number under the Diario's
    heads = [(row[:3], table.rows[i + 1][0]) for i, (row, kind) in enumerate(zip(table.rows, table.kinds))
             if kind == ENTRY]
    assert heads == [(("D-2026-000001", "05/03/2026", "Venta a Exportadora del Sur"), "2026-000001"),
                     (("D-2026-000002", "10/03/2026", "Venta olvidada del 10/03"), "2026-000004"),
                     (("D-2026-000003", "20/03/2026", "Venta a Agroexport"), "2026-000002"),
                     (("2026-000003", "02/04/2026", "Venta a Cacao Perú"), "")]
    assert april.banner == "PROVISIONAL: el periodo 04/2026 no está cerrado"
    assert april.banner_sub.startswith("Los asientos reciben su número correlativo del Libro Diario, por fecha")
    assert not view_of(date(2026, 3, 31)).banner  # March is closed: final
    month.exports.journal(tmp_path / "diario.csv")
    rows = list(csv.reader((tmp_path / "diario.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][-1] == "Correlativo del Diario"
    assert [(r[0], r[-1]) for r in rows[1::2]] == [
        ("2026-000001", "D-2026-000001"), ("2026-000004", "D-2026-000002"), ("2026-000002", "D-2026-000003"),
        ("2026-000003", "Provisional")]
