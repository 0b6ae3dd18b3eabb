"""Voiding an intake ticket: kept with its number and reason, counted nowhere."""

from decimal import Decimal as D

import pytest

from coopdesk.cli import main
from coopdesk.core import InvalidInput, NotFound
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, make_book


def test_a_voided_ticket_keeps_its_number_and_counts_for_nothing(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))                                          # Rosa 120.100 kg
    book.deliveries.record(cacao("001-2", gross_kg=D("80.3"), tare_kg=D("0.4")))    # Rosa  79.900 kg
    book.deliveries.void("001-2", "Se pesó dos veces")
    rows = {d.ticket: d for d in book.deliveries.page()}
    assert (rows["001-000002"].void_reason, rows["001-000001"].void_reason) == ("Se pesó dos veces", None)
    season = {m.code: m for m in book.distributions.season()}
    assert season["S0001"].kg == D("120.100")  # only the valid ticket
    statement = book.statements.campaign_statements(member_codes=["S0001"])
    assert [len(s.lines) for s in statement] == [1]
    with pytest.raises(InvalidInput) as raised:
        book.deliveries.record(cacao("001-2"))  # its number stays taken
    assert [describe(p) for p in raised.value.problems] == ["El ticket 001-000002 ya fue registrado."]


def test_voiding_needs_a_reason_and_a_real_ticket(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    with pytest.raises(InvalidInput) as raised:
        book.deliveries.void("uno", " ")
    assert [describe(p) for p in raised.value.problems] == [
        "Escriba el ticket como serie-número, por ejemplo 001-000123.", "Diga por qué se anula el ticket."]
    with pytest.raises(NotFound):
        book.deliveries.void("001-9", "no existe")
    book.deliveries.void("001-1", "Socio equivocado")
    with pytest.raises(InvalidInput) as raised:
        book.deliveries.void("001-1", "otra vez")
    assert [describe(p) for p in raised.value.problems] == ["El ticket 001-000001 ya estaba anulado: Socio equivocado"]


def test_the_cli_voids_and_lists_the_ticket_as_voided(tmp_path, capsys):
    db = str(tmp_path / "c.sqlite")
    book = make_book(db)
    cash_in_hand(book)
    book.deliveries.record(cacao("001-1"))
    book.close()
    assert main(["--db", db, "deliveries", "void", "001-1", "--reason", "Balanza sin calibrar"]) == 0
    assert "Se anuló el ticket 001-1." in capsys.readouterr().out
    assert main(["--db", db, "deliveries", "list"]) == 0
    assert "ANULADO: Balanza sin calibrar" in capsys.readouterr().out
