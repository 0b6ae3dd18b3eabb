"""A book that cannot be written (a read-only file or folder, a full disk) still
prints the board's summary and the monthly «cierre» with the audit trail's head
(docs/security.md, «La cabeza del registro en papel»): the head printed is the
trail's head at that moment, the book records nothing, and the paper checks with
``coopdesk verify R-…``, which needs nothing recorded. Printed here by the
consejo (the board's read-and-sign-off role), the person who keeps the paper.

Tests run as root, who writes through chmod 0444: ``PRAGMA query_only`` makes
SQLite refuse every write with SQLITE_READONLY, the error a read-only file gives
an ordinary user (as tests/core/test_book_files.py does)."""

from __future__ import annotations

import pytest

from coopdesk.core import Book
from coopdesk.core.book_files import ReadOnlyFile
from coopdesk.core.users import NewUser
from coopdesk.reports.distribution_pdfs import PDF
from tests.cli.helpers import ok, run
from tests.cli.test_cli_audit_heads import chain_by_hand, grouped, pdf_text
from tests.cli.test_cli_ledger import COST, FREIGHT, SALE
from tests.cli.test_cli_ledger_print import CASH_IN, PREMIUM
from tests.core.test_book_files import reopen_with
from tests.conftest import make_book, rosa
from tests.people import LOGIN

CONSEJO = NewUser("rosa.consejo", "Rosa Quispe (consejo)", "consejo", "consejo-2026")


@pytest.fixture
def ledger_db(tmp_path, capsys) -> str:
    """A book with March 2026's entries (as tests/cli/test_cli_audit_heads.py's)."""
    path = str(tmp_path / "coop.sqlite")
    make_book(path).close()
    for entry in (CASH_IN, SALE, COST, FREIGHT, PREMIUM):
        ok(capsys, *entry, db=path, plain_spaces=True)
    return path


def read_only(book: Book) -> Book:
    reopen_with(book, "PRAGMA query_only=ON")
    return book


def as_consejo_read_only(monkeypatch) -> None:
    """Every book the command line opens is read-only, and the consejo types."""
    real = Book.open
    monkeypatch.setattr(Book, "open", classmethod(lambda cls, *args, **kwargs: read_only(real(*args, **kwargs))))
    monkeypatch.setenv("COOPDESK_USER", CONSEJO.login)
    monkeypatch.setenv("COOPDESK_PASSWORD", CONSEJO.password)


def add_consejo(db: str) -> None:
    with Book.open(db, **LOGIN) as book:
        book.users.add(CONSEJO)


def test_the_consejo_prints_the_cierre_of_a_read_only_book_with_its_head_unrecorded(ledger_db, tmp_path, capsys,
                                                                                    monkeypatch):
    db = ledger_db
    add_consejo(db)
    before = chain_by_hand(db)
    head_id, head = before[-1]
    with read_only(Book.open(db, **LOGIN)) as book, pytest.raises(ReadOnlyFile):
        book.zones.add("XX", "Zona que no se guarda")  # the book really cannot be written
    as_consejo_read_only(monkeypatch)
    out = ok(capsys, "ledger", "cierre", "--month", "2026-03", "--out", str(tmp_path), db=db, plain_spaces=True)
    pdf = tmp_path / "cierre-2026-03.pdf"
    assert out == (
        f"Se guardó «Cierre de marzo de 2026» en {pdf}.\n"
        f"Cabeza del registro de cambios: {grouped(head)} ({head_id} registros, hasta el N.º {head_id}). No quedó "
        f"registrada en el libro, que no se puede modificar: guarde el papel; «coopdesk verify {grouped(head)}» la "
        "comprueba contra el registro sin necesitar nada más del libro.\n")
    text = pdf_text(pdf)
    assert f"Cabeza del registro {grouped(head)}" in text
    assert f"Registros {head_id}, hasta el N.º {head_id}" in text
    assert chain_by_hand(db) == before  # nothing written: not even the printing's own record
    monkeypatch.undo()
    with Book.open(db, **LOGIN) as book:
        assert book.audit_heads.printed() == []
    code, said, _err = run(capsys, "verify", grouped(head), db=db, plain_spaces=True)
    assert code == 0 and said.startswith(f"Correcto: el registro de cambios llega a la cabeza {grouped(head)}")


def summary_text(book: Book, path) -> str:
    return " ".join(pdf_text(book.liquidations.write_summary(1, path, renderer=PDF)).split())


def test_the_consejo_prints_the_boards_summary_of_a_read_only_book(tmp_path, capsys):
    """Never printed before: no number of its own (the register cannot be written),
    the run's; printed once since: its number, marked as the next reprint, which
    is not recorded either. The head printed is the trail's, recorded nowhere."""
    from tests.cli.test_cli_seals import published

    db, _code = published(tmp_path, capsys)
    add_consejo(db)
    head_id, head = chain_by_hand(db)[-1]
    with read_only(Book.open(db, user=CONSEJO.login, password=CONSEJO.password)) as book:
        text = summary_text(book, tmp_path / "resumen-1.pdf")
        assert book.audit_heads.printed() == []
    assert f"Cabeza del registro {grouped(head)}" in text
    assert f"Registros {head_id}, hasta el N.º {head_id}" in text
    assert "N° 0000" not in text and "Distribución N° 1" in text
    assert chain_by_hand(db)[-1] == (head_id, head)  # nothing recorded
    with Book.open(db, **LOGIN) as book:  # the tesorero's office prints it, writable: number 1, head recorded
        assert "N° 000001" in summary_text(book, tmp_path / "resumen-1.pdf")
        [printed] = book.audit_heads.printed()
    head_id, head = chain_by_hand(db)[-1]
    with read_only(Book.open(db, user=CONSEJO.login, password=CONSEJO.password)) as book:
        text = summary_text(book, tmp_path / "resumen-1-consejo.pdf")
        assert book.audit_heads.printed() == [printed]
    assert "N° 000001" in text and "REIMPRESIÓN" in text
    assert f"Cabeza del registro {grouped(head)}" in text
    assert chain_by_hand(db)[-1] == (head_id, head)


def test_a_change_recorded_meanwhile_by_another_office_lays_the_paper_out_again(ledger_db):
    """Without the write lock, another machine may record a change while the paper
    is laid out: the head is read again, and the paper laid out again until the
    figures and the head are of one moment."""
    db = ledger_db
    add_consejo(db)
    heads = []
    with Book.open(db, **LOGIN) as office, \
            read_only(Book.open(db, user=CONSEJO.login, password=CONSEJO.password)) as board:

        def write(data) -> None:
            heads.append(data.head)
            if len(heads) == 1:
                office.members.add(rosa(code="S0004", dni="44567890", first_names="Lucía"))  # an audited change

        data = board.cierres.print("2026-03", write)
        assert len(heads) == 2 and heads[0] != heads[1]
        assert heads[1].record_id > heads[0].record_id
        assert (data.head, data.head_recorded) == (board.audit_heads.current(), False)
        assert board.audit_heads.printed() == []
