"""The book's file treated with care: a damaged, empty or foreign file is
refused before a byte is written to it, and SQLite's refusals to write (full
disk, read-only file, a lock held too long) each have their own Spanish
message, with nothing half-saved."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite3
from contextlib import closing
from sqlalchemy import event

from coopdesk.core import Book, BookError
from coopdesk.core import book_files
from coopdesk.core.book_files import BookBusy, DamagedFile, DiskFull, ForeignFile, NetworkShare, ReadOnlyFile
from tests.conftest import cooperative, make_book, rosa
from tests.people import AS_ADMIN


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def neighbours(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def closed_book(tmp_path) -> Path:
    path = tmp_path / "cooperativa.sqlite"
    make_book(str(path)).close()
    return path


def test_a_damaged_file_is_refused_with_the_way_forward_and_left_as_it_was(closed_book):
    size = closed_book.stat().st_size
    with closed_book.open("r+b") as f:  # 8 KiB of garbage in the middle of the file
        f.seek(size // 2 // 4096 * 4096 + 100)
        f.write(bytes(range(256)) * 32)
    before = digest(closed_book)
    with pytest.raises(DamagedFile) as raised:
        Book.open(str(closed_book))
    assert str(raised.value) == (
        f"El archivo {closed_book} está dañado: la revisión de SQLite encontró errores. No se abrió ni se modificó, "
        "para no empeorarlo. Restaure la copia de respaldo más reciente (por ejemplo un archivo "
        "cooperativa.sqlite.bak-… de la misma carpeta, o la copia de su memoria USB) y vuelva a registrar lo que "
        "falte desde los tickets en papel.")
    assert digest(closed_book) == before
    # reading a WAL book, even read-only, makes SQLite's shared-memory index beside it; its log stays empty
    wal = closed_book.with_name("cooperativa.sqlite-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with pytest.raises(DamagedFile):
        Book.create(str(closed_book), cooperative(), **AS_ADMIN)
    assert digest(closed_book) == before


def test_an_empty_file_is_refused_and_stays_empty(tmp_path):
    path = tmp_path / "vacio.sqlite"
    path.touch()
    with pytest.raises(ForeignFile) as raised:
        Book.open(str(path))
    assert str(raised.value) == f"El archivo {path} está vacío: no es un libro de coopdesk. No se modificó."
    assert path.stat().st_size == 0
    assert neighbours(path) == ["vacio.sqlite"]


def test_an_empty_file_chosen_for_a_new_book_becomes_the_book(tmp_path):
    path = tmp_path / "nuevo.sqlite"
    path.touch()
    Book.create(str(path), cooperative(), **AS_ADMIN).close()
    with Book.open(str(path)) as book:
        assert book.cooperative.name == cooperative().name


def foreign_database(path: Path) -> str:
    """Someone else's SQLite file, in the default rollback journal mode."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE clientes (id INTEGER PRIMARY KEY, nombre TEXT)")
        conn.execute("INSERT INTO clientes (nombre) VALUES ('Bodega San Martín')")
        conn.commit()
    return digest(path)


def test_a_foreign_sqlite_file_is_not_switched_to_wal_nor_touched_at_all(tmp_path):
    path = tmp_path / "clientes.db"
    before = foreign_database(path)
    with pytest.raises(ForeignFile) as raised:
        Book.open(str(path))
    assert str(raised.value) == f"La base de datos {path} no es de coopdesk; no se modificó."
    assert digest(path) == before
    with pytest.raises(ForeignFile) as raised:
        Book.create(str(path), cooperative(), **AS_ADMIN)
    assert str(raised.value) == f"La base de datos {path} no es de coopdesk; no se modificó."
    assert digest(path) == before
    assert neighbours(path) == ["clientes.db"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_file_that_is_not_a_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "socios.csv"
    path.write_text("codigo;nombre\nS0001;Rosa\n", encoding="utf-8")
    before = digest(path)
    for attempt in (lambda: Book.open(str(path)), lambda: Book.create(str(path), cooperative(), **AS_ADMIN)):
        with pytest.raises(ForeignFile) as raised:
            attempt()
        assert str(raised.value) == f"El archivo {path} no es una base de datos de coopdesk; no se modificó."
        assert digest(path) == before


def test_a_book_on_a_network_share_is_refused_with_advice_to_use_postgresql(closed_book, monkeypatch):
    # the detection itself is tested over sample /proc/mounts text in tests/db/test_sqlite_file.py
    monkeypatch.setattr(book_files, "network_share", lambda path: "cifs")
    before = digest(closed_book)
    with pytest.raises(NetworkShare) as raised:
        Book.open(str(closed_book))
    assert str(raised.value) == (
        f"El archivo {closed_book} está en una carpeta de red (cifs). SQLite no guarda con seguridad en carpetas de "
        "red: dos equipos podrían dañar el libro. Copie el archivo a este equipo o, para compartir un libro entre "
        "varias computadoras de la oficina, use PostgreSQL.")
    assert digest(closed_book) == before


def reopen_with(book: Book, *pragmas: str) -> None:
    """New connections of the book's engine run ``pragmas`` after coopdesk's own."""
    book.engine.dispose()

    @event.listens_for(book.engine, "connect")
    def on_connect(dbapi_connection, _record):
        for pragma in pragmas:
            dbapi_connection.execute(pragma)


def member_codes(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [code for (code,) in conn.execute("SELECT code FROM members ORDER BY code")]


def test_a_read_only_file_says_so_and_saves_nothing(closed_book):
    book = Book.open(str(closed_book))
    # Tests run as root here, and root writes through chmod 0444. PRAGMA query_only
    # makes SQLite itself refuse every write with SQLITE_READONLY ("attempt to write
    # a readonly database"), the very error a 0444 file gives an ordinary user.
    reopen_with(book, "PRAGMA query_only=ON")
    with pytest.raises(ReadOnlyFile) as raised:
        book.members.add(rosa(code="S0004", dni="44567890", first_names="Luz"))
    book.close()
    assert str(raised.value) == (
        f"El archivo {closed_book} (o su carpeta) es de solo lectura: coopdesk no puede guardar en él. No se guardó "
        "nada de esta operación. Copie el archivo a una carpeta donde tenga permiso de escritura, o pida ese permiso "
        "a quien administra el equipo.")
    assert member_codes(closed_book) == ["S0001", "S0002", "S0003"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod 0444")
def test_a_file_made_read_only_by_its_permissions_says_so(closed_book):
    book = Book.open(str(closed_book))
    book.engine.dispose()
    closed_book.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyFile):
            book.members.add(rosa(code="S0004", dni="44567890", first_names="Luz"))
    finally:
        book.close()
        closed_book.chmod(0o644)
    assert member_codes(closed_book) == ["S0001", "S0002", "S0003"]


def test_a_full_disk_says_so_and_keeps_what_was_saved_before(closed_book):
    book = Book.open(str(closed_book))
    with closing(sqlite3.connect(closed_book)) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    # SQLite answers SQLITE_FULL ("database or disk is full") when the file may not
    # grow past max_page_count: the same error, and the same path, as a full disk
    reopen_with(book, f"PRAGMA max_page_count={pages}")
    added = []
    with pytest.raises(DiskFull) as raised:
        for n in range(4, 2000):
            code = f"S{n:04d}"
            book.members.add(rosa(code=code, dni=f"4{n:07d}", first_names="Luz " + "x" * 40))
            added.append(code)
    book.close()
    assert str(raised.value) == (
        f"El disco donde está {closed_book} está lleno: no se guardó nada de esta operación y el libro quedó como "
        "estaba. Libere espacio (borre archivos que no necesite o vacíe la papelera) y vuelva a intentarlo.")
    assert member_codes(closed_book) == ["S0001", "S0002", "S0003", *added]
    with Book.open(str(closed_book)) as book:  # and the book opens as it was
        assert book.checks is not None


HOLD_THE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(30)
"""


def test_a_lock_held_too_long_by_another_office_process_says_the_book_is_busy(closed_book, monkeypatch):
    monkeypatch.setenv("COOPDESK_LOCK_TIMEOUT", "0.5")
    book = Book.open(str(closed_book))
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(closed_book)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(BookBusy) as raised:
            book.members.add(rosa(code="S0004", dni="44567890", first_names="Luz"))
    finally:
        holder.kill()
        holder.wait()
    assert str(raised.value) == (
        f"La base de datos {closed_book} está ocupada por otro usuario desde hace más de 0.5 segundos: no se guardó "
        "nada de esta operación. Espere a que la otra computadora termine y vuelva a intentarlo.")
    book.members.add(rosa(code="S0004", dni="44567890", first_names="Luz"))  # once the other process is done
    book.close()
    assert member_codes(closed_book) == ["S0001", "S0002", "S0003", "S0004"]


def test_every_refusal_is_a_book_error_the_faces_already_show_in_spanish():
    for kind in (DamagedFile, ForeignFile, NetworkShare, DiskFull, ReadOnlyFile, BookBusy):
        assert issubclass(kind, BookError)
