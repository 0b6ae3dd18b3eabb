"""Batch payment of a published distribution: choose the members, record the batch
as single payments in one transaction, undo it by reversals (docs/distribution.md)."""

import hashlib
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.core import InvalidInput
from coopdesk.core.cash_guard import is_negative_cash
from coopdesk.i18n import describe
from tests.conftest import TODAY, cash_in_hand
from tests.core.test_distribution_runs import published
from tests.core.test_distributions import season_of_rosa_and_juan


def messages(raised) -> list[str]:
    return [describe(p) for p in raised.value.problems]


def paid_season(book, caja="200000.00"):
    """Rosa (Las Piedras, cash) 533.33 and Juan (Tambopata, bank) 266.67 to collect; Carmen nothing."""
    cash_in_hand(book, caja=caja)
    season_of_rosa_and_juan(book)
    book.members.set_bank_account("s0002", "002-193123456789012-23")
    return published(book)


def unpaid(book, run) -> D:
    return sum((line.net for line in book.distributions.lines(run) if line.paid_on is None), D("0"))


def test_a_batch_of_everyone_to_collect_is_recorded_as_single_payments(book):
    run = paid_season(book)
    plan = book.payment_batches.plan(run.number)
    assert [(l.zone_name, l.sort_name, l.net, l.method) for l in plan.lines] == [
        ("Las Piedras", "Quispe Mamani, Rosa", D("533.33"), "efectivo"),
        ("Tambopata", "Condori Apaza, Juan", D("266.67"), "transferencia")]
    assert (plan.number, plan.total, plan.cash_total, plan.bank_total) == (None, D("800.00"), D("533.33"), D("266.67"))
    assert unpaid(book, run.number) == D("800.00")  # planning records nothing
    batch = book.payment_batches.record(run.number)
    assert (batch.number, batch.reference, batch.total, batch.confirmed_by, batch.paid_on) == (
        1, "Lote 1", D("800.00"), "admin", TODAY)
    assert batch.confirmed_at is not None and batch.undone_at is None
    lines = {line.member_code: line for line in book.distributions.lines(run.number)}
    assert (lines["S0001"].method, lines["S0002"].method) == ("efectivo", "transferencia")
    assert book.distributions.get(run.number).paid_members == 2 and unpaid(book, run.number) == D("0")
    with book.read() as session:
        entries = session.execute(text(
            "SELECT e.reference, l.debit_cents, l.credit_cents, a.code FROM journal_entries e "
            "JOIN journal_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id "
            "WHERE e.source_kind = 'pago' ORDER BY e.id, l.id")).all()
    assert [(r[0], r[3], r[1], r[2]) for r in entries if r[3] in ("101", "1041")] == [
        ("Lote 1", "101", 0, 53333), ("Lote 1", "1041", 0, 26667)]
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.record(run.number)
    assert messages(raised) == ["No queda ningún socio por pagar en la distribución N.º 1."]


def test_a_zone_or_a_list_and_every_mistake_named_at_once(book):
    run = paid_season(book)
    assert [l.code for l in book.payment_batches.plan(run.number, zone="TB").lines] == ["S0002"]
    assert [l.code for l in book.payment_batches.plan(run.number, members=["s0001"]).lines] == ["S0001"]
    book.distributions.mark_paid(run.number, "S0002", TODAY, "efectivo")
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.record(run.number, members=["S0002", "S0003", "S0009"])
    assert messages(raised) == ["S0002 ya figura como pagado en la distribución N.º 1.",
                                "S0003 no tiene nada que cobrar en la distribución N.º 1.",
                                "No existe el socio S0009."]
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.plan(run.number, zone="XX")
    assert messages(raised) == ["No existe la zona XX."]
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.plan(run.number, zone="TB")
    assert messages(raised) == ["No queda ningún socio por pagar en la zona TB de la distribución N.º 1."]
    assert book.payment_batches.batches() == []


def test_undo_reverses_each_payment_and_the_members_can_be_paid_again(book):
    run = paid_season(book)
    book.payment_batches.record(run.number)
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.undo(1, " ")
    assert messages(raised) == ["Escriba por qué se deshace el lote."]
    undone = book.payment_batches.undo(1, "Se registró con la fecha equivocada")
    assert (undone.undone_by, undone.undo_reason, undone.total) == ("admin", "Se registró con la fecha equivocada",
                                                                    D("800.00"))
    assert book.distributions.get(run.number).paid_members == 0 and unpaid(book, run.number) == D("800.00")
    with book.read() as session:
        rows = session.execute(text(
            "SELECT e.reverses_id IS NOT NULL, a.code, l.debit_cents, l.credit_cents FROM journal_entries e "
            "JOIN journal_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id "
            "WHERE e.source_kind = 'pago' AND a.code IN ('101', '1041') ORDER BY e.id")).all()
        voided = session.execute(text("SELECT count(*) FROM distribution_payments WHERE voided_at IS NOT NULL")
                                 ).scalar()
    # the two payments, then their reversals: the money back in Caja and the bank
    assert [tuple(r) for r in rows] == [(0, "101", 0, 53333), (0, "1041", 0, 26667),
                                        (1, "101", 53333, 0), (1, "1041", 26667, 0)]
    assert voided == 2
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.undo(1, "otra vez")
    assert messages(raised)[0].startswith("El lote N.º 1 ya se deshizo el ")
    again = book.payment_batches.record(run.number, members=["S0001"])
    assert (again.number, again.total) == (2, D("533.33"))
    assert book.distributions.get(run.number).paid_members == 1


def test_a_batch_that_empties_caja_is_refused_whole_unless_confirmed(book):
    run = paid_season(book, caja="6000.00")  # the season's advances took 5,550.00: 450.00 left for Rosa's 533.33
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.record(run.number)
    assert is_negative_cash(raised.value)
    assert messages(raised)[0] == ("El lote de 2 socios no se registró: paga S/\xa0533.33 en efectivo y "
                                   "S/\xa0266.67 por banco, y la caja o el banco quedarían en negativo.")
    assert book.distributions.get(run.number).paid_members == 0 and book.payment_batches.batches() == []
    with book.cash.confirmed("Se repone la caja con el retiro del banco de mañana"):
        batch = book.payment_batches.record(run.number)
    assert batch.number == 1 and book.distributions.get(run.number).paid_members == 2


def test_a_proof_is_kept_with_the_book_with_its_sha256(book):
    run = paid_season(book)
    book.payment_batches.record(run.number)
    proof = book.payment_batches.add_proof(1, "C:\\escaneos\\planilla-firmada.pdf", b"%PDF-1.4 firmada")
    assert (proof.name, proof.size, proof.added_by) == ("planilla-firmada.pdf", 16, "admin")
    assert proof.sha256 == hashlib.sha256(b"%PDF-1.4 firmada").hexdigest()
    assert book.payment_batches.proof_content(proof.id) == b"%PDF-1.4 firmada"
    assert [p.name for p in book.payment_batches.get(1).proofs] == ["planilla-firmada.pdf"]
    with pytest.raises(InvalidInput) as raised:
        book.payment_batches.add_proof(1, "vacio.jpg", b"")
    assert messages(raised) == ["El comprobante vacio.jpg está vacío."]


def test_a_members_bank_account_is_checked(book):
    with pytest.raises(InvalidInput) as raised:
        book.members.set_bank_account("S0001", "12AB")
    assert messages(raised) == ["La cuenta bancaria «12AB» debe tener solo números y guiones: el CCI de 20 "
                                "dígitos o el número de cuenta."]
    with pytest.raises(InvalidInput) as raised:
        book.members.set_bank_account("S0001", "0021931234567890123")
    assert messages(raised) == ["La cuenta bancaria «0021931234567890123» tiene 19 dígitos: el CCI tiene 20, un "
                                "número de cuenta de 10 a 18."]
    book.members.set_bank_account("S0001", "002 193 123456789012 23")   # spaces dropped, as typed otherwise
    assert book.members.get("S0001").bank_account == "00219312345678901223"
    book.members.set_bank_account("S0001", "0011-0814-0212345678")      # a BBVA account, 18 digits
    assert book.members.get("S0001").bank_account == "0011-0814-0212345678"
    book.members.set_bank_account("S0001", "")                          # paid in cash again
    assert book.members.get("S0001").bank_account == ""


def test_a_tampered_run_pays_nobody_of_the_batch(sqlite_book):
    from coopdesk.core.distributions import SealBroken
    from tests.core.test_distribution_seals import add_1000_to_juans_line

    book = sqlite_book
    paid_season(book)
    add_1000_to_juans_line(book)
    with pytest.raises(SealBroken) as raised:
        book.payment_batches.record(1)
    assert messages(raised)[:2] == [
        "No se registra el lote: la distribución N.º 1 ya no coincide con su sello. Revísela con «coopdesk check "
        "--integrity».",
        "Distribución N.º 1, socio S0002: neto a pagar S/\xa01,266.67 en sus líneas y S/\xa0266.67 en sus resultados "
        "sellados."]
    assert book.distributions.get(1).paid_members == 0 and book.payment_batches.batches() == []
