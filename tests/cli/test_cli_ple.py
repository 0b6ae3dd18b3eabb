"""``coopdesk ledger ple`` and ``ledger ple-bank``: SUNAT's electronic books of a
month written to a folder with SUNAT's names; a mistake is a Spanish message,
exit status 2 and nothing written."""

from coopdesk.core import Book
from tests.cli.helpers import run
from tests.conftest import make_book
from tests.core.test_ple import CAJA, DIARIO, post_march

import pytest


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    post_march(book)
    book.close()
    return path


def test_all_the_books_of_a_month_at_once(db, capsys, tmp_path):
    code, out, err = run(capsys, "ledger", "ple", "--month", "2026-03", "--out", str(tmp_path / "sunat"), db=db)
    assert (code, err) == (0, "")
    names = sorted(p.name for p in (tmp_path / "sunat").iterdir())
    assert names == ["LE2060012345020260300010100001111.txt", "LE2060012345020260300010200001111.txt",
                     "LE2060012345020260300050100001111.txt", "LE2060012345020260300050300001111.txt",
                     "LE2060012345020260300060100001111.txt"]
    diario = (tmp_path / "sunat" / "LE2060012345020260300050100001111.txt").read_bytes().decode("latin-1")
    assert diario.split("\r\n") == DIARIO + [""]
    assert "abierto" not in out  # post_march closed March


def test_an_open_month_is_refused_and_nothing_written(db, capsys, tmp_path):
    code, out, err = run(capsys, "ledger", "ple", "--month", "2026-04", "--out", str(tmp_path / "abril"), db=db)
    assert code == 2 and "El periodo 2026-04 está abierto: los libros electrónicos se generan de un mes cerrado." in err
    assert "Traceback" not in err and not (tmp_path / "abril").exists()


def test_one_book_and_an_empty_month(db, capsys, tmp_path):
    code, out, err = run(capsys, "ledger", "ple", "--month", "03/2026", "--libro", "1.1", "--out", str(tmp_path), db=db)
    assert (code, err) == (0, "")
    assert (tmp_path / "LE2060012345020260300010100001111.txt").read_bytes().decode("latin-1").split("\r\n") == \
        CAJA + [""]
    assert run(capsys, "ledger", "close", "2026-04", db=db)[0] == 0
    assert run(capsys, "ledger", "close", "2026-06", db=db)[0] == 0
    code, out, err = run(capsys, "ledger", "ple", "--month", "2026-06", "--libro", "5.1", "--out", str(tmp_path), db=db)
    assert code == 0
    empty = tmp_path / "LE2060012345020260600050100001011.txt"
    assert empty.read_bytes() == b"" and "(sin información)" in out


def test_a_bad_month_or_a_bank_without_its_entity_is_refused_and_nothing_written(db, capsys, tmp_path):
    code, out, err = run(capsys, "ledger", "ple", "--month", "2026-13", "--out", str(tmp_path / "a"), db=db)
    assert code == 2 and "Escriba el mes como 2026-03 o 03/2026 (usted escribió «2026-13»)." in err
    assert "Traceback" not in err and not (tmp_path / "a").exists()
    code, out, err = run(capsys, "ledger", "ple-bank", "1041", "--entity", "", "--number", "", db=db)
    assert code == 0
    code, out, err = run(capsys, "ledger", "ple", "--month", "2026-03", "--out", str(tmp_path / "b"), db=db)
    assert code == 2 and "falta la entidad financiera y el número de la cuenta bancaria de: 1041" in err
    assert not (tmp_path / "b").exists()


def test_ple_bank_records_and_shows_the_bank_of_an_account(db, capsys):
    code, out, err = run(capsys, "ledger", "ple-bank", "1041", "--entity", "02", "--number", "191-1234567-0-12", db=db)
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "ledger", "ple-bank", "1041", db=db)
    assert out.splitlines() == ["1041  02  191-1234567-0-12"]
    code, out, err = run(capsys, "ledger", "ple-bank", "101", "--entity", "BCP", "--number", "1", db=db)
    assert code == 2 and "no es una cuenta corriente bancaria" in err and "tabla 3" in err
    with Book.open(db) as book:
        assert book.settings.ple_bank_accounts["1041"].entity == "02"


def test_a_folder_that_cannot_be_made_is_a_message_not_a_traceback(db, capsys, tmp_path):
    blocker = tmp_path / "archivo"
    blocker.write_text("x")
    code, out, err = run(capsys, "ledger", "ple", "--month", "2026-03", "--libro", "5.1",
                         "--out", str(blocker / "sub"), db=db)
    assert code == 2 and "No se pudo escribir en" in err and "Traceback" not in err
