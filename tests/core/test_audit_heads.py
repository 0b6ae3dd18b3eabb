"""The printed heads in the core, on SQLite and PostgreSQL (docs/security.md, «La
cabeza del registro en papel»): the «cierre» gathers the month's figures and the
head of one moment and records it; the record is in the trail, kept as written,
and the whole check compares it with the chain recomputed."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import InvalidInput, audit_check
from coopdesk.core.audit_heads import compare
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand


def test_the_cierre_records_the_head_it_printed_and_the_check_finds_it_whole(book):
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
        LineInput("101", debit=D("10000.00")), LineInput("582", credit=D("10000.00")))))
    book.deliveries.record(cacao())  # 04/03/2026: S/ 2,221.85 from Caja
    head = book.audit_heads.current()
    papers = []
    data = book.cierres.print("03/2026", papers.append)
    assert papers == [data]
    assert (data.reference, data.start, data.end, data.entries) == ("2026-03", date(2026, 3, 1), date(2026, 3, 31), 1)
    assert (data.debit, data.credit) == (D("2221.85"), D("2221.85"))
    assert [(a.code, a.balance) for a in data.money] == [("101", D("7778.15"))]
    assert data.head == head and data.printed_by == book.user
    [printed] = book.audit_heads.printed()
    assert (printed.kind, printed.reference, printed.record_id, printed.records, printed.hash) == (
        "cierre", "2026-03", head.record_id, head.records, head.hash)
    with book.read() as session:
        heads, findings, agreements = compare(session.connection())
    assert (heads, findings) == (1, [])
    assert [describe(p) for p in agreements] == [
        f"El registro de cambios coincide con la cabeza impresa el {book.clock.today():%d/%m/%Y} en el cierre del mes "
        f"03/2026: {head.code}, {head.records} registros hasta el N.º {head.record_id}."]
    assert audit_check.problems(book)[1] == []  # the printed head's row is in the trail, as written
    with book.engine.connect() as conn:
        [(action, who)] = conn.execute(text("SELECT action, who FROM audit_log WHERE table_name = 'audit_heads'")).all()
    assert (action, who) == ("alta", book.user)


def test_a_printed_head_is_kept_as_written(book):
    cash_in_hand(book)
    book.deliveries.record(cacao())
    book.cierres.print("2026-03", lambda data: None)
    for statement in ("UPDATE audit_heads SET records = 1", "DELETE FROM audit_heads"):
        with pytest.raises(DBAPIError, match="cabeza impresa del registro de cambios no se modifica"):
            with book.engine.begin() as conn:
                conn.execute(text(statement))
    assert len(book.audit_heads.printed()) == 1


def test_a_paper_that_fails_records_nothing_and_a_bad_month_is_refused(book):
    cash_in_hand(book)
    book.deliveries.record(cacao())

    def broken(data):
        raise OSError("disco lleno")

    with pytest.raises(OSError):
        book.cierres.print("2026-03", broken)
    with pytest.raises(InvalidInput, match="«marzo» no es un mes"):
        book.cierres.print("marzo", lambda data: None)
    assert book.audit_heads.printed() == []
