"""«Inicio»'s kilos by product and day read one covering index (migration 0026,
issue 14): on SQLite the plan of ``kilos_query`` names it, with no lookup of each
ticket's row and no temporary B-tree for the ``GROUP BY``."""

import sqlite3

from sqlalchemy.dialects import sqlite

from tests.migrations import migrate_to
from coopdesk.core.season import kilos_query
from coopdesk.db.engine import make_engine
from tests.core.test_season import a_season

INDEX = "ix_deliveries_season_kilos"
COLUMNS = ["campaign_id", "voided_at", "product_id", "date", "net_g", "payable_g", "amount_cents"]


def index_columns(path, name=INDEX) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[2] for row in conn.execute(f"PRAGMA index_info({name})")]


def test_the_migration_adds_the_index_and_its_downgrade_takes_it_away(tmp_path):
    path = tmp_path / "c.sqlite"
    engine = make_engine(f"sqlite:///{path}")

    def to(revision: str, downgrade: bool = False) -> None:
        migrate_to(engine, revision, downgrade)

    to("0025")
    assert index_columns(path) == []
    to("0026")
    assert index_columns(path) == COLUMNS
    to("0025", downgrade=True)
    assert index_columns(path) == []
    engine.dispose()


def test_the_kilos_query_reads_only_the_covering_index(sqlite_book):
    a_season(sqlite_book)
    campaign = sqlite_book.campaigns.current()
    compiled = kilos_query(campaign.id).compile(dialect=sqlite.dialect())
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    path = sqlite_book.url.removeprefix("sqlite:///")
    assert index_columns(path) == COLUMNS
    for statistics in (False, True):  # a new book, and one whose planner has its statistics (PRAGMA optimize)
        with sqlite3.connect(path) as conn:
            if statistics:
                conn.execute("ANALYZE")
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {compiled}", params)]
            assert plan == [f"SEARCH deliveries USING COVERING INDEX {INDEX} (campaign_id=? AND voided_at=?)"]
            # the same figures as through the engine (tests/core/test_season.py): the voided 999 kg ticket left out
            assert conn.execute(str(compiled), params).fetchall() == [
                (1, "2026-03-04", 3, 300000, 300000, 555000), (1, "2026-12-02", 1, 50000, 50000, 95000),
                (1, "2026-12-03", 1, 30000, 30000, 54000), (4, "2026-12-03", 1, 20000, 20000, 9000)]
