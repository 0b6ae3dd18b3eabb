"""Numbers that hold: every kind of document numbered on its own, a reprint
keeps its number and says so (docs/documents.md). Real books, real PDFs."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from coopdesk.domain.documents import (
    ACCOUNT_STATEMENT,
    BOARD_SUMMARY,
    DELIVERY_STATEMENT,
    LIQUIDATION,
    RECEIPT,
)
from coopdesk.reports import render_member_statement
from coopdesk.reports.distribution_pdfs import PDF
from coopdesk.reports.receipt_pdf import receipt_view, render_receipt
from tests.conftest import TODAY, cacao, cash_in_hand
from tests.core.test_distribution_runs import published
from tests.core.test_distributions import season_of_rosa_and_juan


def text(pdf) -> str:
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(source).pages).replace("\u00a0", " "))


def test_reprinting_a_delivery_statement_keeps_its_number_and_says_reimpresion(book):
    """Before: 000001, then 000002 for the same paper, with no mark."""
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    first = book.statements.member_statement("S0001")
    again = book.statements.member_statement("S0001")
    assert (first.number, first.reprint) == (1, 0)
    assert (again.number, again.reprint) == (1, 1)
    out = io.BytesIO()
    render_member_statement(again, out)
    printed = text(out.getvalue())
    assert "N° 000001" in printed
    assert f"REIMPRESIÓN n.º 1, {TODAY:%d/%m/%Y}" in printed
    out = io.BytesIO()
    render_member_statement(first, out)
    assert "REIMPRESIÓN" not in text(out.getvalue())
    # a new delivery changes the statement: a new document, the next number
    book.deliveries.record(cacao("001-2"))
    changed = book.statements.member_statement("S0001")
    assert (changed.number, changed.reprint) == (2, 0)
    assert book.documents.history(DELIVERY_STATEMENT) == [
        (DELIVERY_STATEMENT, 1, "member:S0001/campaign:2026", 1),
        (DELIVERY_STATEMENT, 2, "member:S0001/campaign:2026", 0)]


def test_liquidations_and_the_board_summary_have_their_own_numbers_and_reprints(book, tmp_path):
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    published(book)
    book.liquidations.renderer = PDF
    rosa = book.liquidations.write_member(1, "S0001", tmp_path / "rosa.pdf")
    assert "N° 000001" in text(rosa) and "REIMPRESIÓN" not in text(rosa)
    every = book.liquidations.write_members(1, tmp_path / "todas.pdf")
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(str(every)).pages]
    numbers = [re.search(r"N° (\d{6})", p).group(1) for p in pages]
    assert numbers == ["000002", "000003", "000001"]  # padrón order by surname: Condori, Huamán, Quispe
    assert "REIMPRESIÓN" not in pages[0] + pages[1]
    assert f"REIMPRESIÓN n.º 1, {TODAY:%d/%m/%Y}" in pages[2]  # Rosa's, printed before
    summary = book.liquidations.write_summary(1, tmp_path / "resumen.pdf")
    assert "N° 000001 · Distribución N° 1" in text(summary)  # the summaries' own first number
    again = book.liquidations.write_summary(1, tmp_path / "resumen2.pdf")
    assert "N° 000001" in text(again) and "REIMPRESIÓN n.º 1" in text(again)
    kinds = {k for k, *_rest in book.documents.history()}
    assert kinds == {LIQUIDATION, BOARD_SUMMARY}


def test_a_receipt_is_numbered_and_a_voided_ticket_is_a_new_document(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    [row] = book.deliveries.page("001-000001", limit=1)
    first = book.documents.receipt(row)
    again = book.documents.receipt(row)
    assert (first.kind, first.number, first.reprint) == (RECEIPT, 1, 0)
    assert (again.number, again.reprint) == (1, 1)
    book.deliveries.void("001-000001", "Peso mal digitado")
    [voided] = book.deliveries.page("001-000001", limit=1)
    document = book.documents.receipt(voided)
    assert (document.number, document.reprint) == (2, 0)
    out = io.BytesIO()
    render_receipt(receipt_view(voided, book.cooperative, document), out)
    printed = text(out.getvalue())
    assert "Documento N° 000002" in printed and "ANULADO: Peso mal digitado" in printed
    assert "Conserve este ticket" not in printed


def test_an_account_statement_is_numbered_and_reprinted_unchanged(book):
    from coopdesk.reports.account_view import content_of, numbered_view, printable_view

    start, end = date(2026, 1, 1), date(2026, 12, 31)
    view = printable_view(book.accounts.printable_statement("S0001", start, end), TODAY)
    first = numbered_view(view, book.documents.account_statement("S0001", start, end, content_of(view)))
    again = numbered_view(view, book.documents.account_statement("S0001", start, end, content_of(view)))
    assert first.number == "N° 000001 · Cuenta S0001" and first.reprint == ""
    assert again.number == "N° 000001 · Cuenta S0001"
    assert again.reprint == f"REIMPRESIÓN n.º 1, {TODAY:%d/%m/%Y}"
    assert book.documents.history(ACCOUNT_STATEMENT) == [(ACCOUNT_STATEMENT, 1, "member:S0001/2026-01-01/2026-12-31", 1)]


def test_the_board_prints_and_numbers_its_own_summary(sqlite_book, tmp_path):
    """Printing the summary was open to the consejo before numbering: it still is."""
    cash_in_hand(sqlite_book)
    from coopdesk.core import Book
    from coopdesk.core.users import NewUser

    season_of_rosa_and_juan(sqlite_book)
    published(sqlite_book)
    sqlite_book.users.add(NewUser("p.consejo", "Presidenta del consejo", "consejo", "clave-segura-1"))
    url = sqlite_book.url
    sqlite_book.close()
    board = Book.open(url, user="p.consejo", password="clave-segura-1")
    try:
        board.liquidations.renderer = PDF
        summary = board.liquidations.write_summary(1, tmp_path / "resumen.pdf")
        assert "N° 000001 · Distribución N° 1" in text(summary)
    finally:
        board.close()
