"""coopdesk backup and coopdesk restore FILE: what was made, where, and refusals in Spanish, never a traceback."""

from __future__ import annotations

import getpass
import sqlite3
from contextlib import closing
from datetime import datetime

import pytest

from coopdesk.core import Book, backups
from tests.cli.helpers import run
from tests.conftest import make_book, rosa
from tests.people import LOGIN

NOW = datetime(2026, 12, 7, 18, 30, 5)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "machine_now", lambda: NOW)
    monkeypatch.delenv("COOPDESK_BACKUP_PASSWORD", raising=False)
    path = tmp_path / "coopdesk.sqlite"
    make_book(str(path)).close()
    return path


def dump(path):
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return list(conn.iterdump())


def test_backup_then_restore(db, capsys, tmp_path):
    code, out, err = run(capsys, "--db", str(db), "backup")
    backup = tmp_path / "respaldos" / "coopdesk-20261207-183005.sqlite"
    digest = (tmp_path / "respaldos" / "coopdesk-20261207-183005.sqlite.sha256").read_text().split()[0]
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"Respaldo verificado: {backup} (")
    assert lines[0].endswith(f" MB, SHA-256 {digest}).")
    assert lines[1] == "Se revisó a fondo (PRAGMA integrity_check: cada página, cada índice contra su tabla)."
    before = dump(db)
    with Book.open(str(db), **LOGIN) as book:
        book.members.add(rosa(code="S0004", dni="44567890", first_names="Lucía"))
    code, out, err = run(capsys, "--db", str(db), "restore", str(backup))
    assert (code, err) == (0, "")
    assert out == (f"Se restauró el respaldo {backup}.\n"
                   f"El libro como estaba antes quedó en {db}.antes-de-restaurar-20261207-183005.\n")
    assert dump(db) == before


def test_an_encrypted_backup_asks_for_its_password_twice_and_again_to_restore(db, capsys, tmp_path, monkeypatch):
    typed = iter(["cacao-2026", "cacao-2026"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    code, out, err = run(capsys, "--db", str(db), "backup", "--password")
    assert (code, err) == (0, "")
    backup = tmp_path / "respaldos" / "coopdesk-20261207-183005.sqlite.cifrado"
    assert out.splitlines()[1] == ("Está cifrado: sin la contraseña no se puede restaurar. Guárdela en un lugar "
                                   "seguro, aparte.")
    code, out, err = run(capsys, "--db", str(db), "restore", str(backup))
    assert (code, out) == (2, "")
    assert err == (f"Error: El respaldo {backup} está cifrado: escriba su contraseña para restaurarlo.\n"
                   "Repita la orden con --password.\n")
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "otra-clave")
    code, out, err = run(capsys, "--db", str(db), "restore", str(backup), "--password")
    assert (code, out) == (2, "")
    assert err == (f"Error: La contraseña no abre el respaldo {backup}. No se restauró nada; revise la contraseña "
                   "(distingue mayúsculas y minúsculas).\n")
    monkeypatch.setenv("COOPDESK_BACKUP_PASSWORD", "cacao-2026")
    code, out, err = run(capsys, "--db", str(db), "restore", str(backup), "--password")
    assert (code, err) == (0, "")


def test_two_different_passwords_make_no_backup(db, capsys, tmp_path, monkeypatch):
    typed = iter(["cacao-2026", "cacao-2027"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    assert run(capsys, "--db", str(db), "backup", "--password") == (
        2, "", "Error: Las dos contraseñas no coinciden: no se hizo el respaldo.\n")
    assert not (tmp_path / "respaldos").exists()


def test_a_second_folder_set_from_the_command_line(db, capsys, tmp_path):
    usb = tmp_path / "USB"
    usb.mkdir()
    code, out, err = run(capsys, "--db", str(db), "backup", "--second-folder", str(usb))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Cada respaldo se copiará también a {usb}."
    assert out.splitlines()[2] == f"Copia verificada en {usb / 'coopdesk-20261207-183005.sqlite'}."
    code, out, err = run(capsys, "--db", str(db), "backup", "--second-folder", "none")
    assert out.splitlines()[0] == "Los respaldos ya no se copian a una segunda carpeta."
    code, out, err = run(capsys, "--db", str(db), "backup", "--second-folder", str(tmp_path / "no-hay"))
    assert (code, out) == (2, "")
    assert err == (f"Error: No existe la carpeta {tmp_path / 'no-hay'}. Conecte la memoria USB o elija una carpeta "
                   "que exista.\n")


def test_restoring_a_file_that_is_not_a_backup_says_so(db, capsys, tmp_path):
    other = tmp_path / "socios.csv"
    other.write_text("Código;Nombre\nS0001;Rosa\n", encoding="utf-8")
    assert run(capsys, "--db", str(db), "restore", str(other)) == (
        2, "", f"Error: El archivo {other} no es un respaldo de coopdesk: no se restauró nada y el libro quedó como "
               "estaba.\n")
    assert run(capsys, "--db", str(db), "restore", str(tmp_path / "no-existe.sqlite")) == (
        2, "", f"Error: No existe el archivo {tmp_path / 'no-existe.sqlite'}.\n")


def test_the_weeks_first_backup_and_one_asked_for_are_checked_thoroughly(db, capsys, monkeypatch):
    thorough = "Se revisó a fondo (PRAGMA integrity_check: cada página, cada índice contra su tabla)."
    code, out, err = run(capsys, "--db", str(db), "backup")
    assert (code, out.splitlines()[1:]) == (0, [thorough])
    monkeypatch.setattr(backups, "machine_now", lambda: datetime(2026, 12, 8, 9, 0, 0))  # Tuesday, same week
    code, out, err = run(capsys, "--db", str(db), "backup")
    assert (code, len(out.splitlines())) == (0, 1)
    code, out, err = run(capsys, "--db", str(db), "backup", "--thorough")
    assert (code, out.splitlines()[-1]) == (0, thorough)
