"""How a backup is verified (docs/security.md, «How a backup is verified»): the
copy is compared with the snapshot the backup API copied from, read in the same
read transaction, and SQLite's quick_check reads every page of it; the full
integrity_check runs on the week's first backup and when asked. Each failure a
copy can have is planted here and must be caught."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coopdesk.core import Book
from coopdesk.core.backups import BackupFailed
from coopdesk.db import sqlite_backup
from coopdesk.db.sqlite_backup import CopyState, copy_book, verify_copy
from coopdesk.i18n import describe
from tests.conftest import make_book

MONDAY = datetime(2026, 12, 7, 18, 30, 5)  # 7 December 2026 is the Monday of ISO week 50


@pytest.fixture
def book_file(tmp_path) -> Path:
    path = tmp_path / "coopdesk.sqlite"
    make_book(str(path)).close()
    return path


def open_at(path: Path, now: datetime) -> Book:
    book = Book.open(str(path))
    book.backups.now = lambda: now
    return book


def count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def write(path: Path, *sql: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for statement in sql:
            conn.execute(statement)


def lose_the_campaign(path: Path) -> None:
    """A well-formed file with a row fewer (its triggers dropped first, so nothing else changes)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'campaigns'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("DELETE FROM campaigns")


def break_an_index(path: Path) -> None:
    """The members' zone index made to describe another column: every page stays
    well formed (quick_check passes) but the index no longer matches its table."""
    write(path, "PRAGMA writable_schema=ON",
          "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_members_zone_id ON members (sort_key)' "
          "WHERE name = 'ix_members_zone_id'", "PRAGMA writable_schema=OFF")


def test_the_copy_is_the_snapshot_read_in_its_own_read_transaction(book_file, tmp_path, monkeypatch):
    """A zone added by another office process between the snapshot being read and
    the pages being copied is in neither: the backup API copies the same snapshot."""
    real = sqlite_backup.snapshot_of

    def snapshot_then_someone_writes(conn):
        noted = real(conn)
        write(book_file, "UPDATE cooperative SET address = 'Jr. Otro 1'",
              "INSERT INTO zones (code, name) VALUES ('XX', 'Zona escrita durante el respaldo')")
        return noted

    monkeypatch.setattr(sqlite_backup, "snapshot_of", snapshot_then_someone_writes)
    copy = tmp_path / "copia.sqlite"
    snapshot = copy_book(book_file, copy)
    monkeypatch.undo()
    assert dict(snapshot.rows)["zones"] == 2
    assert (count(copy, "zones"), count(book_file, "zones")) == (2, 3)
    assert verify_copy(copy, snapshot) is CopyState.WHOLE


def test_each_way_a_copy_can_be_wrong_is_caught(book_file, tmp_path):
    copy = tmp_path / "copia.sqlite"
    snapshot = copy_book(book_file, copy)
    assert verify_copy(copy, snapshot) is CopyState.WHOLE
    whole = copy.read_bytes()
    page = snapshot.page_size

    def planted(data: bytes) -> CopyState:
        copy.write_bytes(data)
        return verify_copy(copy, snapshot)

    # a truncated file (a short write, a full disk): its last pages are missing
    assert planted(whole[:-3 * page]) in (CopyState.DAMAGED, CopyState.DIFFERENT)
    # a torn or lost write: one page of the middle left as zeros
    middle = len(whole) // page // 2 * page
    assert planted(whole[:middle] + bytes(page) + whole[middle + page:]) is CopyState.DAMAGED
    # a disk error: garbage over a page
    assert planted(whole[:middle] + bytes(range(256)) * (page // 256) + whole[middle + page:]) is CopyState.DAMAGED
    # a sound SQLite file that is not the snapshot: a row fewer, or a change recorded after it
    copy.write_bytes(whole)
    lose_the_campaign(copy)
    assert verify_copy(copy, snapshot) is CopyState.DIFFERENT
    copy.write_bytes(whole)
    with open_at(book_file, MONDAY) as book:
        book.zones.add("SN", "Sandia")  # one more row and one more audit record than the snapshot
    copy.unlink()
    later = copy_book(book_file, copy)
    assert verify_copy(copy, snapshot) is CopyState.DIFFERENT
    assert verify_copy(copy, later) is CopyState.WHOLE


def test_an_index_that_no_longer_matches_its_table_needs_the_thorough_check(book_file, tmp_path):
    """The one thing quick_check leaves out: why the week's first backup runs integrity_check."""
    break_an_index(book_file)
    copy = tmp_path / "copia.sqlite"
    snapshot = copy_book(book_file, copy)
    assert verify_copy(copy, snapshot) is CopyState.WHOLE
    assert verify_copy(copy, snapshot, thorough=True) is CopyState.DAMAGED


def test_the_weeks_first_backup_is_verified_thoroughly_and_the_others_quickly(book_file):
    with open_at(book_file, MONDAY) as book:
        monday = book.backups.make()
        book.backups.now = lambda: MONDAY + timedelta(days=1)
        tuesday = book.backups.make()
        asked = book.backups.make(thorough=True)
        book.backups.now = lambda: MONDAY + timedelta(days=7)  # Monday of week 51
        next_week = book.backups.make()
    assert [m.thorough for m in (monday, tuesday, asked, next_week)] == [True, False, True, True]


def test_a_book_whose_index_broke_is_backed_up_daily_but_refused_by_the_weeks_thorough_check(book_file):
    with open_at(book_file, MONDAY) as book:
        book.backups.make()
    break_an_index(book_file)
    with open_at(book_file, MONDAY + timedelta(days=1)) as book:
        assert book.backups.make().thorough is False  # the daily check does not read the indexes against their tables
        with pytest.raises(BackupFailed) as raised:
            book.backups.make(thorough=True)
        book.backups.now = lambda: MONDAY + timedelta(days=7)
        with pytest.raises(BackupFailed):
            book.backups.make()  # the next week's first
    assert describe(raised.value.problem).startswith(
        "La copia del libro no pasó la verificación (la revisión de SQLite encontró errores)")
    assert sorted(p.name for p in (book_file.parent / "respaldos").iterdir()) == [
        "coopdesk-20261207-183005.sqlite", "coopdesk-20261207-183005.sqlite.sha256",
        "coopdesk-20261208-183005.sqlite", "coopdesk-20261208-183005.sqlite.sha256"]


def test_a_copy_that_is_not_the_snapshot_is_not_kept_and_says_so(book_file, monkeypatch):
    real = sqlite_backup.copy_book

    def copy_then_lose_a_row(source, target, flush=True):
        snapshot = real(source, target, flush)
        lose_the_campaign(target)
        return snapshot

    monkeypatch.setattr(sqlite_backup, "copy_book", copy_then_lose_a_row)
    with open_at(book_file, MONDAY) as book, pytest.raises(BackupFailed) as raised:
        book.backups.make()
    folder = book_file.parent / "respaldos"
    assert describe(raised.value.problem) == (
        "La copia del libro no salió igual al libro (sus páginas, sus filas o su registro de cambios no son los que "
        f"se copiaron): no se guardó como respaldo. Revise el disco de {folder} y vuelva a intentarlo.")
    assert list(folder.iterdir()) == []
