"""Backups: verified before they get their name, recorded with their digest,
copied to a second folder, rotated; a restore checks first, keeps the book
aside and gives back exactly the data that was backed up."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coopdesk.core import Book, BookError, InvalidInput
from coopdesk.core.backup_cipher import MAGIC
from coopdesk.core.backups import BackupFailed
from coopdesk.core.restoring import PasswordNeeded, RestoreRefused, restore
from coopdesk.domain.rules import CooperativeInput
from coopdesk.i18n import describe
from tests.conftest import make_book, rosa
from tests.people import AS_ADMIN

NOW = datetime(2026, 12, 7, 18, 30, 5)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> list[str]:
    """Every table's schema and rows, as ``sqlite3 .dump`` writes them."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return list(conn.iterdump())


@pytest.fixture
def book_file(tmp_path) -> Path:
    path = tmp_path / "coopdesk.sqlite"
    make_book(str(path)).close()
    return path


def open_at(path: Path, now: datetime = NOW) -> Book:
    book = Book.open(str(path))
    book.backups.now = lambda: now
    return book


def damage(path: Path) -> None:
    """8 KiB of garbage in the middle of the file."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(size // 2 // 4096 * 4096 + 100)
        f.write(bytes(range(256)) * 32)


def test_a_backup_is_a_verified_copy_named_by_its_moment_with_its_digest_beside_it(book_file):
    with open_at(book_file) as book:
        made = book.backups.make()
    folder = book_file.parent / "respaldos"
    assert made.file == folder / "coopdesk-20261207-183005.sqlite"
    assert sorted(p.name for p in folder.iterdir()) == ["coopdesk-20261207-183005.sqlite",
                                                        "coopdesk-20261207-183005.sqlite.sha256"]
    assert made.digest == sha256(made.file)
    assert (folder / "coopdesk-20261207-183005.sqlite.sha256").read_text() == \
        f"{made.digest}  coopdesk-20261207-183005.sqlite\n"
    assert (made.made_at, made.size, made.encrypted, made.copies, made.removed, made.warnings) == (
        NOW, made.file.stat().st_size, False, (), (), ())
    assert dump(made.file) == dump(book_file)
    with closing(sqlite3.connect(made.file)) as conn:  # one self-contained file: no WAL needed beside it
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_two_backups_in_the_same_second_both_keep_their_names(book_file):
    with open_at(book_file) as book:
        first, second = book.backups.make(), book.backups.make()
    assert (first.file.name, second.file.name) == ("coopdesk-20261207-183005.sqlite",
                                                  "coopdesk-20261207-183005-2.sqlite")


def test_a_restore_gives_back_exactly_the_backed_up_book_and_keeps_the_current_one_aside(book_file):
    before = dump(book_file)
    with open_at(book_file) as book:
        made = book.backups.make()
        book.members.add(rosa(code="S0004", dni="44567890", first_names="Lucía"))
    after_member = dump(book_file)
    assert after_member != before
    done = restore(str(book_file), made.file, now=lambda: datetime(2026, 12, 8, 9, 15, 0))
    assert dump(book_file) == before  # byte-equal data: every table's schema and rows
    assert done.cooperative == "Cooperativa Agraria Tambopata"
    assert done.kept_aside == book_file.with_name("coopdesk.sqlite.antes-de-restaurar-20261208-091500")
    assert dump(done.kept_aside) == after_member  # what was recorded after the backup is not lost
    with Book.open(str(book_file)) as book:
        assert [m.code for m in book.members.page("")] == ["S0002", "S0003", "S0001"]
    assert not list(book_file.parent.glob("*.part"))


def test_a_damaged_backup_is_refused_and_the_book_is_left_as_it_was(book_file):
    with open_at(book_file) as book:
        made = book.backups.make()
    damage(made.file)
    made.file.with_name(made.file.name + ".sha256").unlink()  # no digest to catch it: SQLite's check must
    before = sha256(book_file)
    with pytest.raises(RestoreRefused) as raised:
        restore(str(book_file), made.file)
    assert describe(raised.value.problem) == (
        f"El respaldo {made.file} está dañado (la revisión encontró errores): no se restauró nada y el libro quedó "
        "como estaba. Elija otro respaldo, por ejemplo el de la memoria USB.")
    assert sha256(book_file) == before
    assert sorted(p.name for p in book_file.parent.iterdir() if p.is_file() and "coopdesk" in p.name
                  and not p.name.endswith(("-wal", "-shm"))) == ["coopdesk.sqlite"]


def test_a_backup_changed_after_it_was_made_does_not_match_its_digest(book_file):
    with open_at(book_file) as book:
        made = book.backups.make()
        with closing(sqlite3.connect(made.file)) as conn:  # a whole, valid SQLite file, but not what was backed up
            conn.execute("UPDATE cooperative SET name = 'Otra'")
            conn.commit()
    with pytest.raises(RestoreRefused) as raised:
        restore(str(book_file), made.file)
    assert describe(raised.value.problem) == (
        f"El respaldo {made.file} no coincide con la huella SHA-256 anotada cuando se hizo "
        "(coopdesk-20261207-183005.sqlite.sha256): el archivo cambió o se dañó después. No se restauró nada; "
        "elija otro respaldo.")


@pytest.mark.parametrize("content", ["text", "foreign"])
def test_a_file_that_is_not_a_coopdesk_backup_is_refused(book_file, tmp_path, content):
    other = tmp_path / "otro.sqlite"
    if content == "text":
        other.write_text("Nombre;DNI\nRosa;41234567\n", encoding="utf-8")
    else:
        with closing(sqlite3.connect(other)) as conn:
            conn.execute("CREATE TABLE clientes (id INTEGER PRIMARY KEY, nombre TEXT)")
            conn.commit()
    before = sha256(book_file)
    with pytest.raises(RestoreRefused) as raised:
        restore(str(book_file), other)
    assert describe(raised.value.problem) == (
        f"El archivo {other} no es un respaldo de coopdesk: no se restauró nada y el libro quedó como estaba.")
    assert sha256(book_file) == before


def test_another_cooperatives_backup_is_refused(book_file, tmp_path):
    other = tmp_path / "otra" / "coopdesk.sqlite"
    other.parent.mkdir()
    Book.create(str(other), CooperativeInput("Cooperativa Cafetalera Inambari", "20123456786", "", "Mazuko"), **AS_ADMIN).close()
    with open_at(other) as book:
        made = book.backups.make()
    with pytest.raises(RestoreRefused) as raised:
        restore(str(book_file), made.file)
    assert describe(raised.value.problem) == (
        f"El respaldo {made.file} es de Cooperativa Cafetalera Inambari (RUC 20123456786), no de Cooperativa "
        f"Agraria Tambopata (RUC 20600123450), cuyo libro es {book_file}. No se restauró nada. Para ver ese "
        "respaldo, ábralo como otro libro (Archivo → Abrir).")


def test_a_damaged_book_is_replaced_by_its_backup_and_kept_aside(book_file):
    with open_at(book_file) as book:
        made = book.backups.make()
    before = dump(made.file)
    damage(book_file)
    damaged = sha256(book_file)
    with pytest.raises(BookError):
        Book.open(str(book_file))
    done = restore(str(book_file), made.file, now=lambda: NOW + timedelta(hours=1))
    assert dump(book_file) == before
    assert sha256(done.kept_aside) == damaged
    Book.open(str(book_file)).close()


def test_a_book_that_is_gone_is_restored_in_its_place(book_file):
    with open_at(book_file) as book:
        made = book.backups.make()
    before = dump(book_file)
    for path in book_file.parent.glob("coopdesk.sqlite*"):
        path.unlink()
    done = restore(str(book_file), made.file)
    assert done.kept_aside is None
    assert dump(book_file) == before


def test_an_encrypted_backup_needs_its_password_and_a_wrong_one_is_said_in_spanish(book_file):
    with open_at(book_file) as book:
        made = book.backups.make(password="cacao-2026")
        book.members.add(rosa(code="S0004", dni="44567890", first_names="Lucía"))
    assert made.file.name == "coopdesk-20261207-183005.sqlite.cifrado"
    content = made.file.read_bytes()
    assert content.startswith(MAGIC) and b"Tambopata" not in content and b"SQLite format 3" not in content
    assert made.digest == sha256(made.file)
    assert sorted(p.name for p in book_file.parent.iterdir() if ".part" in p.name) == []  # the plain copy is gone
    with pytest.raises(PasswordNeeded) as raised:
        restore(str(book_file), made.file)
    assert describe(raised.value.problem) == (
        f"El respaldo {made.file} está cifrado: escriba su contraseña para restaurarlo.")
    with pytest.raises(RestoreRefused) as raised:
        restore(str(book_file), made.file, password="Cacao-2026")
    assert describe(raised.value.problem) == (
        f"La contraseña no abre el respaldo {made.file}. No se restauró nada; revise la contraseña (distingue "
        "mayúsculas y minúsculas).")
    with Book.open(str(book_file)) as book:
        assert book.members.count() == 4
    restore(str(book_file), made.file, password="cacao-2026")
    with Book.open(str(book_file)) as book:
        assert book.members.count() == 3
    assert not [p for p in book_file.parent.iterdir() if p.name.endswith(".part")]


def test_a_short_password_is_refused(book_file):
    with open_at(book_file) as book, pytest.raises(InvalidInput) as raised:
        book.backups.make(password="cacao")
    assert [describe(p) for p in raised.value.problems] == [
        "La contraseña del respaldo debe tener al menos 8 caracteres."]
    assert not (book_file.parent / "respaldos").exists() or not list((book_file.parent / "respaldos").iterdir())


def test_a_cut_encrypted_backup_is_damaged(book_file):
    with open_at(book_file) as book:
        made = book.backups.make(password="cacao-2026")
    made.file.with_name(made.file.name + ".sha256").unlink()
    made.file.write_bytes(made.file.read_bytes()[:-100])
    with pytest.raises(RestoreRefused) as raised:
        restore(str(book_file), made.file, password="cacao-2026")
    assert "está dañado (la revisión encontró errores)" in describe(raised.value.problem)


def test_every_backup_is_also_copied_to_the_second_folder(book_file, tmp_path):
    usb = tmp_path / "USB"
    usb.mkdir()
    with open_at(book_file) as book:
        book.backups.set_second_folder(usb)
        assert book.backups.second_folder() == usb
        made = book.backups.make()
        assert made.copies == (usb / "coopdesk-20261207-183005.sqlite",)
        assert sha256(made.copies[0]) == made.digest
        assert (usb / "coopdesk-20261207-183005.sqlite.sha256").read_text() == \
            (book_file.parent / "respaldos" / "coopdesk-20261207-183005.sqlite.sha256").read_text()
        usb.rename(tmp_path / "USB-fuera")  # the stick is unplugged
        book.backups.now = lambda: NOW + timedelta(days=1)
        made = book.backups.make()
        assert made.copies == ()
        assert [describe(p) for p in made.warnings] == [
            f"No se encontró la carpeta {usb} (¿está conectada la memoria USB?): el respaldo quedó solo en "
            f"{book_file.parent / 'respaldos'}."]
        assert not usb.exists()  # never created on the laptop's own disk
        with pytest.raises(InvalidInput) as raised:
            book.backups.set_second_folder(usb)
        assert [describe(p) for p in raised.value.problems] == [
            f"No existe la carpeta {usb}. Conecte la memoria USB o elija una carpeta que exista."]
        book.backups.set_second_folder(None)
        assert book.backups.second_folder() is None


def test_a_backup_to_another_folder_goes_there_only(book_file, tmp_path):
    with open_at(book_file) as book:
        made = book.backups.make(to=tmp_path / "fuera")
    assert made.file == tmp_path / "fuera" / "coopdesk-20261207-183005.sqlite"
    assert not (book_file.parent / "respaldos").exists()


def test_backups_rotate_7_daily_4_weekly_12_monthly_and_leave_other_files(book_file):
    folder = book_file.parent / "respaldos"
    folder.mkdir()
    with open_at(book_file) as book:
        made = book.backups.make()  # a real one to copy from
    # a backup every evening of the 40 days before, and files that are not this book's backups
    for day in range(1, 41):
        name = f"coopdesk-{(NOW - timedelta(days=day)):%Y%m%d}-180000.sqlite"
        (folder / name).write_bytes(made.file.read_bytes())
        (folder / (name + ".sha256")).write_text(f"{made.digest}  {name}\n")
    strangers = ["notas.txt", "otro-20261001-180000.sqlite", "coopdesk-20261001-180000.sqlite.part"]
    for name in strangers:
        (folder / name).write_text("no tocar")
    with open_at(book_file, NOW + timedelta(hours=1)) as book:
        made = book.backups.make()
    kept = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sqlite") and p.name.startswith("coopdesk-"))
    assert kept == [
        "coopdesk-20261031-180000.sqlite",  # October's last (the oldest, 28 October, goes)
        "coopdesk-20261122-180000.sqlite",  # the last of week 47 (Sunday)
        "coopdesk-20261129-180000.sqlite",  # the last of week 48
        "coopdesk-20261130-180000.sqlite",  # November's last
        # the last 7 days; Sunday 6 December is also week 49's last, today's week 50's and December's
        "coopdesk-20261201-180000.sqlite", "coopdesk-20261202-180000.sqlite", "coopdesk-20261203-180000.sqlite",
        "coopdesk-20261204-180000.sqlite", "coopdesk-20261205-180000.sqlite", "coopdesk-20261206-180000.sqlite",
        "coopdesk-20261207-193005.sqlite",
    ]
    assert len(made.removed) == 41 + 1 - len(kept)  # 40 old ones and this morning's (18:30) one
    sums = sorted(p.name[:-len(".sha256")] for p in folder.glob("coopdesk-*.sha256"))
    assert sums == kept  # each removed backup took its digest with it
    for name in strangers:
        assert (folder / name).read_text() == "no tocar"


def test_when_the_last_backup_was_made_and_whether_one_is_due(book_file):
    with open_at(book_file) as book:
        status = book.backups.status()
        assert (status.latest, status.days_ago, book.backups.due()) == (None, None, True)
        book.backups.make()
        assert (book.backups.status().latest, book.backups.status().days_ago, book.backups.due()) == (NOW, 0, False)
        book.backups.now = lambda: datetime(2026, 12, 9, 8, 0)
        assert (book.backups.status().days_ago, book.backups.due()) == (2, True)


def test_a_damaged_book_is_not_backed_up_as_if_it_were_whole(book_file):
    with open_at(book_file) as book:
        book.backups.make()
    with Book.open(str(book_file)) as book:
        book.backups.now = lambda: NOW + timedelta(days=1)
        damage(book_file)
        with pytest.raises(BackupFailed) as raised:
            book.backups.make()
    assert describe(raised.value.problem).startswith("La copia del libro no pasó la verificación")
    assert sorted(p.name for p in (book_file.parent / "respaldos").iterdir()) == [
        "coopdesk-20261207-183005.sqlite", "coopdesk-20261207-183005.sqlite.sha256"]


# -- PostgreSQL: pg_dump -Fc, pg_restore --single-transaction ------------------------------------------

def table_rows(book: Book) -> dict[str, list[tuple]]:
    """Every table's rows, in a fixed order: what a restore must give back exactly."""
    from sqlalchemy import inspect, text

    rows = {}
    with book.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows[table] = sorted(conn.execute(text(f'SELECT * FROM "{table}"')).fetchall(), key=repr)
    return rows


@pytest.mark.postgres
def test_a_postgresql_book_is_dumped_verified_and_restored_exactly(postgres_server, tmp_path, monkeypatch):
    from coopdesk.core import backups, restoring
    from coopdesk.db.pg_backup import find_tool

    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    monkeypatch.setattr(backups, "default_db_path", lambda: tmp_path / "datos" / "coopdesk.sqlite")
    monkeypatch.setattr(restoring, "default_db_path", lambda: tmp_path / "datos" / "coopdesk.sqlite")
    url = postgres_server.new_database()
    database = url.split("?")[0].rsplit("/", 1)[1]  # t_…
    book = make_book(url)
    try:
        book.backups.now = lambda: NOW
        made = book.backups.make()
        assert made.file == tmp_path / "datos" / "respaldos" / f"{database}-20261207-183005.dump"
        assert made.file.read_bytes().startswith(b"PGDMP")
        assert (made.file.parent / (made.file.name + ".sha256")).read_text() == f"{made.digest}  {made.file.name}\n"
        before = table_rows(book)
        book.members.add(rosa(code="S0004", dni="44567890", first_names="Lucía"))
        assert table_rows(book) != before
    finally:
        book.close()
    done = restoring.restore(url, made.file, now=lambda: datetime(2026, 12, 8, 9, 15, 0))
    assert done.kept_aside == tmp_path / "datos" / "respaldos" / f"{database}-antes-de-restaurar-20261208-091500.dump"
    with Book.open(url) as book:
        assert table_rows(book) == before
        assert book.members.count() == 3
    foreign = tmp_path / "otro.dump"
    foreign.write_bytes(b"PGDMP not really")
    with pytest.raises(RestoreRefused) as raised:
        restoring.restore(url, foreign)
    assert describe(raised.value.problem) == (
        f"El archivo {foreign} no es un respaldo de coopdesk: no se restauró nada y el libro quedó como estaba.")
