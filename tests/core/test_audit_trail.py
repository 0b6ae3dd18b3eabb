"""The audit trail (docs/security.md, «Registro de cambios»): every change to the
books is recorded by the database's own triggers, with who and when, chained
with SHA-256; a delivery is sealed once recorded; and a hostile insider who
changes the books by direct SQL (dropping triggers where they must) is named by
``coopdesk check --integrity``. On SQLite and PostgreSQL."""

import json
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from coopdesk.core import Book, audit_check
from coopdesk.domain.audit_chain import GENESIS, content, link
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_in_hand, cash_is_not_the_subject
from tests.db.test_schema import older_book
from tests.people import LOGIN


def said(book) -> list[str]:
    return [describe(p) for p in book.checks.run(integrity=True).findings]


def trail_said(book) -> list[str]:
    """Only what the audit trail's check finds (an older test book has no opening balances, so Caja is short)."""
    return [describe(p) for p in audit_check.problems(book)[1]]


def records(book, table: str):
    with book.engine.connect() as conn:
        return conn.execute(text("SELECT id, at, who, action, row_id, before, after, prev_hash, hash FROM audit_log "
                                 "WHERE table_name = :t ORDER BY id"), {"t": table}).all()


@contextmanager
def tampering(book, table: str, keep_audit: bool = False):
    """A hostile insider's connection: the table's triggers dropped (SQLite) or
    disabled (PostgreSQL), all of them or only the seals; put back afterwards."""
    with book.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = :t"), {"t": table}).all()
            triggers = [(n, s) for n, s in triggers if not (keep_audit and "_audit_" in n)]
            for name, _sql in triggers:
                conn.execute(text(f"DROP TRIGGER {name}"))
            yield conn
            for _name, sql in triggers:
                conn.execute(text(sql))
        else:
            names = [n for (n,) in conn.execute(text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass) AND NOT tgisinternal"),
                {"t": table}) if not (keep_audit and n.endswith("_audit"))]
            for name in names:
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {name}"))
            yield conn
            for name in names:
                conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {name}"))


def test_every_change_is_recorded_with_who_and_when_and_chained(book):
    cash_is_not_the_subject(book)
    book.deliveries.record(cacao())
    book.deliveries.void("001-000001", "Se pesó dos veces")
    rows = records(book, "deliveries")
    assert [(r.action, r.row_id) for r in rows] == [("alta", 1), ("cambio", 1), ("cambio", 1)]
    alta, link_, void = rows
    assert (alta.who, link_.who, void.who) == (book.user, book.user, book.user)
    assert alta.at.startswith(book.clock.today().isoformat())
    assert json.loads(alta.after)["net_g"] == 120100
    assert (json.loads(link_.before), json.loads(link_.after)) == ({"entry_id": None}, {"entry_id": 1})
    assert json.loads(void.before) == {"voided_at": None, "void_reason": "", "voided_by": ""}
    assert json.loads(void.after)["void_reason"] == "Se pesó dos veces"
    # each record chained to the one before it, the first to 64 zeros
    with book.engine.connect() as conn:
        chain = conn.execute(text("SELECT id, at, who, action, table_name, row_id, before, after, prev_hash, hash "
                                  "FROM audit_log ORDER BY id")).all()
    prev = GENESIS
    for row in chain:
        assert row.prev_hash == prev and row.hash == link(prev, content(*row[:8]))
        prev = row.hash
    assert said(book) == []


def refused(book, sql: str) -> str:
    with pytest.raises(DBAPIError) as raised, book.engine.begin() as conn:
        conn.execute(text(sql))
    return str(raised.value.orig)


def test_a_recorded_delivery_and_the_trail_itself_refuse_edits_and_deletes(book):
    cash_in_hand(book)
    book.deliveries.record(cacao())
    sealed = "coopdesk: una entrega registrada no se modifica ni se borra; se anula"
    assert sealed in refused(book, "UPDATE deliveries SET net_g = 150000, gross_g = 150400")
    assert sealed in refused(book, "UPDATE deliveries SET member_id = 2")
    assert sealed in refused(book, "UPDATE deliveries SET void_reason = 'nada'")   # a reason without voiding
    assert sealed in refused(book, "DELETE FROM deliveries")
    book.deliveries.void("001-000001", "Se pesó dos veces")
    assert sealed in refused(book, "UPDATE deliveries SET voided_at = NULL")        # voided once, for good
    assert sealed in refused(book, "UPDATE deliveries SET void_reason = 'otra'")
    kept = "coopdesk: el registro de cambios no se modifica ni se borra"
    assert kept in refused(book, "UPDATE audit_log SET who = 'Juan'")
    assert kept in refused(book, "UPDATE audit_log SET hash = NULL")
    assert kept in refused(book, "DELETE FROM audit_log")
    if book.engine.dialect.name == "postgresql":
        assert kept in refused(book, "TRUNCATE audit_log")
        assert sealed in refused(book, "TRUNCATE deliveries CASCADE")
    # movements and entries were already sealed (0003, 0005)
    assert "un asiento contabilizado no se modifica" in refused(book, "DELETE FROM journal_lines")
    assert said(book) == []


def weight_of_rosas_ticket_raised(conn):
    conn.execute(text("UPDATE deliveries SET gross_g = 150400, net_g = 150000 WHERE id = 1"))


def rosas_ticket_deleted(conn):
    conn.execute(text("DELETE FROM deliveries WHERE id = 1"))


def entry_raised_on_both_sides(conn):
    conn.execute(text("UPDATE journal_lines SET debit_cents = debit_cents + 100000 WHERE debit_cents > 0"))
    conn.execute(text("UPDATE journal_lines SET credit_cents = credit_cents + 100000 WHERE credit_cents > 0"))


CHANGED = "Entregas, fila 1: se cambió sin dejar registro (lo registrado → lo que hay ahora): " \
          "gross_g: 120500 → 150400; net_g: 120100 → 150000."
TAMPERS = {
    "a delivery's weight, every trigger dropped": ("deliveries", False, weight_of_rosas_ticket_raised, [CHANGED]),
    "a delivery's weight, only its seal dropped": ("deliveries", True, weight_of_rosas_ticket_raised, [
        "Registro de cambios N.º {next}: cambio en Entregas, fila 1, hecho fuera de coopdesk (no tiene huella; "
        "quién y cuándo no se saben): gross_g: 120500 → 150400; net_g: 120100 → 150000."]),
    "a posted entry raised on both sides": ("journal_lines", False, entry_raised_on_both_sides, [
        "Líneas de asientos contables, fila 1: se cambió sin dejar registro (lo registrado → lo que hay ahora): "
        "debit_cents: 222185 → 322185.",
        "Líneas de asientos contables, fila 2: se cambió sin dejar registro (lo registrado → lo que hay ahora): "
        "credit_cents: 222185 → 322185."]),
}


@pytest.mark.parametrize("tamper", TAMPERS)
def test_check_integrity_names_each_change_made_by_direct_sql(book, tamper):
    cash_is_not_the_subject(book)
    table, keep_audit, change, expected = TAMPERS[tamper]
    book.deliveries.record(cacao())
    with book.engine.connect() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_log")).scalar()
    with tampering(book, table, keep_audit) as conn:
        change(conn)
    found = said(book)
    for sentence in expected:
        assert sentence.format(next=last + 1) in found, found


def test_a_delivery_deleted_by_direct_sql_is_named_with_what_it_was(book):
    cash_in_hand(book)
    book.deliveries.record(cacao())
    with tampering(book, "deliveries") as conn:
        rosas_ticket_deleted(conn)
    found = [f for f in said(book) if f.startswith("Entregas")]
    assert len(found) == 1 and found[0].startswith(
        'Entregas, fila 1: se borró sin dejar registro; el registro de cambios la tenía así: id: 1, amount_cents: '
        '222185, campaign_id: 1, certification: "organico", certification_note: "", collection_point_id: null, '
        'created_at: "2026-'), found


def test_an_edited_or_deleted_audit_record_breaks_the_chain(book):
    cash_in_hand(book)
    book.deliveries.record(cacao())
    book.deliveries.record(cacao("001-000002"))
    rows = records(book, "deliveries")
    first, second = rows[0].id, rows[2].id   # the second ticket's alta (after the first one's link)
    with tampering(book, "audit_log") as conn:
        conn.execute(text("UPDATE audit_log SET who = 'Juan Condori' WHERE id = :id"), {"id": first})
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": second - 1})
    found = said(book)
    assert any(f.startswith(f"Registro de cambios N.º {first} (alta en Entregas, fila 1) se alteró después de "
                            f"escribirse: su huella no corresponde a lo que dice ahora: id: 1,") for f in found), found
    assert (f"Registro de cambios N.º {second}: no sigue al registro anterior (N.º {second - 2}); se borraron o "
            f"alteraron registros entre ambos.") in found, found


def test_an_upgraded_book_begins_its_trail_and_its_older_rows_are_guarded_from_then_on(db_url):
    older_book(db_url, "0005")  # the upgrade also posts its older documents, recorded in the trail
    with Book.open(db_url, **LOGIN) as book:
        begun = {r.table_name: (r.row_id, json.loads(r.after)) for r in book.engine.connect().execute(text(
            "SELECT table_name, row_id, after FROM audit_log WHERE action = 'inicio'"))}
        assert begun["deliveries"] == (2, {"filas": 2}) and begun["account_movements"] == (2, {"filas": 2})
        assert trail_said(book) == []
        book.deliveries.void("001-000001", "Ticket repetido")
        assert [(r.action, r.who) for r in records(book, "deliveries")] == [
            ("inicio", "coopdesk"), ("cambio", "coopdesk"), ("cambio", "coopdesk"),  # linked to their entries
            ("cambio", book.user)]
        assert trail_said(book) == []
        with tampering(book, "deliveries", keep_audit=True) as conn:
            conn.execute(text("UPDATE deliveries SET amount_cents = 999 WHERE id = 2"))
        assert any("cambio en Entregas, fila 2, hecho fuera de coopdesk" in f and
                   f.endswith("amount_cents: 38432 → 999.") for f in trail_said(book)), trail_said(book)


def test_an_imported_ticket_is_recorded_once_already_linked_to_its_day_entry(book, tmp_path):
    """The import posts the day entries first and inserts each ticket linked to its
    own: one «alta» per ticket, no «cambio» for the link (bench_audit.py)."""
    cash_in_hand(book)
    path = tmp_path / "entregas.csv"
    path.write_text(
        "Ticket;Fecha;Código;Producto;Peso bruto;Tara;Humedad;Calidad;Precio;Anulada\n"
        "001-000010;04/03/2026;S0001;CACAO-SECO;100;0;7;A;18.50;\n"
        "001-000011;04/03/2026;S0002;CACAO-SECO;50;0;7;A;15.00;\n"
        "001-000012;05/03/2026;S0003;CACAO-SECO;10;0;7;A;16.00;\n"
        "001-000013;05/03/2026;S0003;CACAO-SECO;10;0;7;A;16.00;Pesada dos veces\n", encoding="utf-8")
    report = book.imports.deliveries(path)
    assert report.written, report.problems
    rows = records(book, "deliveries")
    assert [(r.action, r.row_id) for r in rows] == [("alta", 1), ("alta", 2), ("alta", 3), ("alta", 4)]
    with book.engine.connect() as conn:
        days = dict(conn.execute(text("SELECT reference, id FROM journal_entries WHERE source_kind = 'acopio'")).all())
    assert [json.loads(r.after)["entry_id"] for r in rows] == [
        days["001-000010 a 001-000011"], days["001-000010 a 001-000011"], days["001-000012 a 001-000012"], None]
    assert trail_said(book) == []
