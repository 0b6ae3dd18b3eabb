"""An upgrade is one transaction or nothing: the new schema and the posting of
the older documents commit together, so an interrupted upgrade (a crash, a
kill -9, a power cut) leaves the old book, which the next opening upgrades."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from coopdesk.core import Book, postings
from coopdesk.db import migrate
from coopdesk.db.engine import make_engine
from tests.db.test_schema import older_book
from tests.people import LOGIN

ROOT = Path(__file__).resolve().parents[2]


def raw_state(path: Path) -> tuple[str, int, int]:
    """(revision, deliveries, journal entries) read with plain sqlite3, writing nothing."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return (conn.execute("SELECT version_num FROM alembic_version").fetchone()[0],
                conn.execute("SELECT count(*) FROM deliveries").fetchone()[0],
                conn.execute("SELECT count(*) FROM journal_entries").fetchone()[0])


def test_a_crash_after_the_schema_step_leaves_the_old_book_which_opens_upgraded_next_time(tmp_path, monkeypatch):
    path = tmp_path / "cooperativa.sqlite"
    older_book(f"sqlite:///{path}", "0005")

    def crash(*_args, **_kwargs):  # the schema is at 0006 by now, in the open transaction
        raise RuntimeError("se cortó la luz")

    monkeypatch.setattr(postings, "intake_groups", crash)
    with pytest.raises(RuntimeError):
        Book.open(str(path), **LOGIN)
    assert raw_state(path) == ("0005", 2, 0)  # the old book, whole

    monkeypatch.undo()
    with Book.open(str(path), **LOGIN) as book:
        assert [(e.date, e.source_kind) for e in book.ledger.entries()] == [
            (date(2026, 3, 4), "acopio"), (date(2026, 3, 5), "acopio"),
            (date(2026, 4, 1), "movimiento"), (date(2026, 5, 1), "movimiento")]
        assert book.ledger.member_balances("14221") == {"S0001": Decimal("700.00")}
    assert raw_state(path) == (migrate.head_revision(), 2, 4)


def test_the_backup_before_an_upgrade_is_written_under_a_temporary_name_first(tmp_path):
    path = tmp_path / "cooperativa.sqlite"
    older_book(f"sqlite:///{path}", "0005")
    with Book.open(str(path), **LOGIN):
        pass
    names = sorted(p.name for p in tmp_path.iterdir() if ".bak-" in p.name)
    assert len(names) == 1 and names[0].startswith("cooperativa.sqlite.bak-0005-") and not names[0].endswith(".part")
    with closing(sqlite3.connect(tmp_path / names[0])) as conn:
        assert conn.execute("SELECT count(*) FROM deliveries").fetchone() == (2,)


DELIVERIES = 20_000


def big_older_book(path: Path) -> None:
    """The two tickets of ``older_book`` and 19,998 more over 200 days, at 0005."""
    older_book(f"sqlite:///{path}", "0005")
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text(
            "WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < :last) "
            "INSERT INTO deliveries (campaign_id, series, number, date, member_id, product_id, sacks, gross_g, "
            "tare_g, net_g, humidity_cp, grade, certification, price_cents, price_unit, amount_cents, created_at) "
            "SELECT 1, '001', i, date('2026-03-04', '+' || (i % 200) || ' days'), 1, 1, 2, 120500, 400, 120100, "
            "720, 'A', 'organico', 1850, 'kg', 222185, '2026-03-04 08:00:00' FROM n"), {"last": DELIVERIES})
    engine.dispose()


UPGRADE = "import sys; from coopdesk.core import Book; Book.open(sys.argv[1], user='admin', password='clave-de-pruebas').close()"


@pytest.mark.slow
def test_an_upgrade_killed_at_any_moment_leaves_the_old_book_or_the_upgraded_one(tmp_path):
    template = tmp_path / "template.sqlite"
    big_older_book(template)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def upgrade(path: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", UPGRADE, str(path)], env=env, cwd=tmp_path)

    timing = tmp_path / "timing.sqlite"
    shutil.copy(template, timing)
    started = time.monotonic()
    assert upgrade(timing).wait() == 0
    whole = time.monotonic() - started  # interpreter start, backup, schema, posting, commit
    assert raw_state(timing)[0] == migrate.head_revision()

    rng = random.Random(13)
    seen = {"0005": 0, "upgraded": 0}
    for attempt in range(24):
        path = tmp_path / f"try-{attempt}" / "cooperativa.sqlite"
        path.parent.mkdir()
        shutil.copy(template, path)
        process = upgrade(path)
        time.sleep(rng.uniform(0.2, whole * 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        revision, deliveries, entries = raw_state(path)
        assert deliveries == DELIVERIES
        if revision == "0005":
            assert entries == 0
            seen["0005"] += 1
        else:
            assert (revision, entries > 0) == (migrate.head_revision(), True), "a new schema without its entries"
            seen["upgraded"] += 1
        with Book.open(str(path), **LOGIN) as book:  # and the next opening finishes the job
            assert book.ledger.post_pending().intake_entries == 0
        revision, deliveries, entries = raw_state(path)
        assert (revision, deliveries) == (migrate.head_revision(), DELIVERIES) and entries > 0
    assert seen["0005"] >= 3, seen  # the kills really landed inside the upgrade
