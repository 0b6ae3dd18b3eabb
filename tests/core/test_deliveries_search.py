"""The Entregas search by a member's code or a fragment of a name (issue 14):
the same rows, in the same order, and the same count, whichever way the page is
read (each member's own tickets, or newest first through the dates' index
within a window, or that window too small and each member's own after all, or
the members sent as their query when too many to list), on a small real demo
book; and the plans SQLite makes of it (migration 0027's index)."""

import sqlite3

import pytest
from sqlalchemy import event

from tests.migrations import migrate_to
from coopdesk.core import Book, deliveries
from coopdesk.core.demo import build_demo
from coopdesk.db.engine import make_engine
from coopdesk.domain.text import search_fold

INDEX = "ix_members_search_key_id"
# (SPREAD, WINDOW, FEW, LISTED): which way the page is read
WAYS = {
    "as chosen": (deliveries.SPREAD, deliveries.WINDOW, deliveries.FEW, deliveries.LISTED),
    "each member's own tickets": (10**9, deliveries.WINDOW, deliveries.FEW, deliveries.LISTED),
    "newest first": (0, 10**6, deliveries.FEW, deliveries.LISTED),
    "newest first, the window too small": (0, 0, deliveries.FEW, deliveries.LISTED),
    "the members as their query, newest first": (0, 10**6, 0, deliveries.LISTED),
    "the members as their query, each member's own": (10**9, deliveries.WINDOW, 0, deliveries.LISTED),
    "more members than are counted": (0, 1, 0, 1),
}
# the demo of 40 members (seed 2026): what each search finds, counted in the file itself
SEARCHES = {"quispe": 114, "S00007": 9, "s0001": 110, "Norma  MENDOZA": 16, "Chávez": 22, "zzz": 0}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "demo.sqlite"
    build_demo(str(path), members=40)
    book = Book.open(str(path))
    yield book, path
    book.close()


def expected(path, text: str) -> list[int]:
    """The tickets of members whose code, DNI and names hold every word, newest first."""
    words = search_fold(text).split()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT d.id, d.date, m.search_key FROM deliveries d JOIN members m ON m.id = d.member_id"
                            " ORDER BY d.date DESC, d.id DESC").fetchall()
    return [id_ for id_, _day, key in rows if all(word in key for word in words)]


def every_page(book, text: str, limit: int) -> list[int]:
    shown, after = [], None
    while True:
        page = book.deliveries.page(text, after=after, limit=limit)
        shown += [row.id for row in page]
        if len(page) < limit:
            return shown
        after = page[-1]


@pytest.mark.parametrize("way", WAYS)
def test_a_code_and_a_name_find_the_same_tickets_and_count_whichever_way_they_are_read(demo, monkeypatch, way):
    book, path = demo
    for name, value in zip(("SPREAD", "WINDOW", "FEW", "LISTED"), WAYS[way]):
        monkeypatch.setattr(deliveries, name, value)
    for text, count in SEARCHES.items():
        wanted = expected(path, text)
        assert len(wanted) == count, text
        assert book.deliveries.count(text) == count, text
        for limit in (7, 200):  # pages continued after the last row shown, and one page
            assert every_page(book, text, limit) == wanted, (text, limit)
    assert [row.member_code for row in book.deliveries.page("S00007")] == ["S00007"] * 9


def test_the_migration_adds_the_index_and_its_downgrade_takes_it_away(tmp_path):
    path = tmp_path / "c.sqlite"
    engine = make_engine(f"sqlite:///{path}")

    def to(revision: str, downgrade: bool = False) -> None:
        migrate_to(engine, revision, downgrade)

    def columns() -> list[str]:
        with sqlite3.connect(path) as conn:
            return [row[2] for row in conn.execute(f"PRAGMA index_info({INDEX})")]

    to("0026")
    assert columns() == []
    to("0027")
    assert columns() == ["search_key", "id"]
    to("0026", downgrade=True)
    assert columns() == []
    engine.dispose()


def plans(book, monkeypatch, fn) -> list[list[str]]:
    """SQLite's plan of each SELECT that ``fn`` sends."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, tuple(parameters or ())))

    event.listen(book.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(book.engine, "before_cursor_execute", before)
    path = book.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return [[row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
                for sql, params in statements if sql.lstrip().upper().startswith("SELECT")]


def test_the_members_are_read_once_through_their_index_and_the_page_needs_no_sort(demo, monkeypatch):
    book, _path = demo
    scan = [f"SCAN members USING COVERING INDEX {INDEX}"]
    by_member = ["SEARCH deliveries USING COVERING INDEX ix_deliveries_member_id_date_id (member_id=?)"]
    # a code: its members, then its page in order from its own index (no temporary B-tree), then its rows
    members, page, _rows = plans(book, monkeypatch, lambda: book.deliveries.page("S00007"))
    assert (members, page) == (scan, by_member)
    # its count: one SELECT, the members as its subquery (one of the two indexes that begin with the member)
    (count, subquery, members), = plans(book, monkeypatch, lambda: book.deliveries.count("S00007"))
    assert count.startswith("SEARCH deliveries USING COVERING INDEX ix_deliveries_member_id_")
    assert count.endswith(" (member_id=?)")
    assert (subquery, [members]) == ("LIST SUBQUERY 1", scan)
    # members spread over the book: newest first through the dates' index, within the window, no sort
    monkeypatch.setattr(deliveries, "SPREAD", 0)
    members, _size, _window, page, _rows = plans(book, monkeypatch, lambda: book.deliveries.page("quispe"))
    assert (members, page) == (scan, ["SCAN deliveries USING INDEX ix_deliveries_date_id"])  # the window holds all
    monkeypatch.setattr(deliveries, "WINDOW", 1)  # 5 rows × 40 members / 4 found: the newest 50 tickets
    members, _size, _window, page, _rows = plans(book, monkeypatch, lambda: book.deliveries.page("quispe", limit=5))
    assert (members, page) == (scan, ["SEARCH deliveries USING INDEX ix_deliveries_date_id (date>?)"])
