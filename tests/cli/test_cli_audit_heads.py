"""The audit trail's head on paper (docs/security.md, «La cabeza del registro en
papel»): ``coopdesk ledger cierre --month 2026-03`` prints the month's figures
and the head; the head is recorded; ``check --integrity`` and ``verify R-…``
say the trail still reaches it, or name the first record that differs once a
hostile insider has changed the trail with SQLite (even one who recomputes
every hash). The PDFs are read back with pypdf."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from coopdesk.core import Book
from tests.cli.helpers import ok, run
from tests.cli.test_cli_ledger import COST, FREIGHT, SALE
from tests.cli.test_cli_ledger_print import CASH_IN, PREMIUM
from tests.conftest import make_book
from tests.people import LOGIN

PRINTED = "07/12/2026"  # the tests' today (the root conftest)


def pdf_text(path: Path) -> str:
    return re.sub(r"[ \u00a0]+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))


def chain_by_hand(db: str) -> list[tuple[int, str]]:
    """(id, hash) of every chained record, computed here with hashlib from the
    documented formula (docs/security.md), not with coopdesk's code."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT id, at, who, action, table_name, row_id, before, after, hash FROM audit_log "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()
    prev, chain = "0" * 64, []
    for row in rows:
        if row[8] is None:
            continue
        record = json.dumps(list(row[:8]), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        prev = hashlib.sha256(b"coopdesk-auditoria-1\n" + prev.encode() + b"\n" + record).hexdigest()
        chain.append((row[0], prev))
    return chain


def grouped(digest: str) -> str:
    return "R-" + "-".join(digest[i:i + 4].upper() for i in range(0, 16, 4))


def insider(db: str, *statements: tuple[str, tuple]) -> None:
    """A hostile insider with sqlite3: the trail's guard dropped, the statements run, the guard put back."""
    conn = sqlite3.connect(db)
    try:
        guard = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_kept_update'").fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_kept_update")
        for sql, params in statements:
            conn.execute(sql, params)
        conn.execute(guard)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path, capsys) -> str:
    path = str(tmp_path / "coop.sqlite")
    make_book(path).close()
    for entry in (CASH_IN, SALE, COST, FREIGHT, PREMIUM):
        ok(capsys, *entry, db=path, plain_spaces=True)
    return path


@pytest.fixture
def printed(db, tmp_path, capsys):
    """The «cierre» of March 2026 printed: (db, the PDF, the head's id and hash as computed by hand)."""
    head_id, head = chain_by_hand(db)[-1]
    out = ok(capsys, "ledger", "cierre", "--month", "2026-03", "--out", str(tmp_path), db=db, plain_spaces=True)
    pdf = tmp_path / "cierre-2026-03.pdf"
    assert out == (f"Se guardó «Cierre de marzo de 2026» en {pdf}.\n"
                   f"Cabeza del registro de cambios: {grouped(head)} ({head_id} registros, hasta el N.º {head_id}). "
                   "Queda registrada: «coopdesk check --integrity» la comparará.\n")
    return db, pdf, head_id, head


def test_the_cierre_prints_the_months_figures_and_the_head_computed_by_hand(printed):
    db, pdf, head_id, head = printed
    assert len(PdfReader(pdf).pages) == 1
    text = pdf_text(pdf)
    assert "CIERRE DEL MES" in text and "Marzo de 2026" in text
    assert "Periodo: del 01/03/2026 al 31/03/2026" in text
    # March: the sale (37,450.00) and the cost of the intake (30,000.00); Caja: 50,000.00 in January less 30,000.00
    assert "2 S/ 67,450.00 S/ 67,450.00" in text
    assert "101 Caja S/ 20,000.00" in text
    assert "1041" not in text  # the bank moves first in April
    assert f"Cabeza del registro {grouped(head)}" in text
    groups = " ".join(head[i:i + 4].upper() for i in range(0, 64, 4))
    assert groups in text.replace("\n", " ")
    assert f"Registros {head_id}, hasta el N.º {head_id}" in text
    assert f"Último registro {PRINTED} a las 09:00" in text  # the book's clock: the tests' today from 09:00
    assert f"coopdesk verify {grouped(head)}" in text.replace("\n", " ")
    assert "Cuadra: el debe y el haber del mes suman S/ 67,450.00 cada uno." in text
    # recorded in the book, itself in the trail
    book = Book.open(db, **LOGIN)
    try:
        [p] = book.audit_heads.printed()
        assert (p.kind, p.reference, p.record_id, p.records, p.hash, p.printed_by) == (
            "cierre", "2026-03", head_id, head_id, head, "admin")
    finally:
        book.close()
    assert chain_by_hand(db)[-1][0] == head_id + 1  # the printing's own record: the alta of audit_heads


def test_check_and_verify_say_the_trail_reaches_the_printed_head(printed, capsys):
    db, _pdf, head_id, head = printed
    code, out, _err = run(capsys, "check", "--integrity", db=db, plain_spaces=True)
    assert code == 0
    assert (f"El registro de cambios coincide con la cabeza impresa el {PRINTED} en el cierre del mes 03/2026: "
            f"{grouped(head)}, {head_id} registros hasta el N.º {head_id}.") in out.splitlines()
    code, out, _err = run(capsys, "verify", grouped(head).lower().replace("-", " "), db=db, plain_spaces=True)
    assert code == 0
    assert out.splitlines() == [
        f"Correcto: el registro de cambios llega a la cabeza {grouped(head)} en su registro N.º {head_id} "
        f"({head_id} registros): nada de lo registrado hasta ahí se cambió.",
        f"Esa cabeza se imprimió el {PRINTED} (por admin).",
    ]


def test_a_record_edited_with_sqlite_after_printing_is_named_against_the_printed_head(printed, capsys):
    db, _pdf, head_id, head = printed
    # the sale's debit line: its alta record says 37,450.00; the insider makes the record say 47,450.00
    conn = sqlite3.connect(db)
    target = conn.execute("SELECT id, after FROM audit_log WHERE table_name = 'journal_lines' AND action = 'alta' "
                          "AND after LIKE '%3745000%' ORDER BY id LIMIT 1").fetchone()
    conn.close()
    insider(db, ("UPDATE audit_log SET after = ? WHERE id = ?", (target[1].replace("3745000", "4745000"), target[0])))
    code, out, _err = run(capsys, "check", "--integrity", db=db, plain_spaces=True)
    assert code == 1
    assert (f"- El registro de cambios NO coincide con la cabeza impresa el {PRINTED} en el cierre del mes 03/2026 "
            f"({grouped(head)}): el primer registro que difiere es el N.º {target[0]}.") in out.splitlines()
    code, out, _err = run(capsys, "verify", grouped(head), db=db, plain_spaces=True)
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        f"NO COINCIDE: ningún punto del registro de cambios tiene la cabeza {grouped(head)}: lo registrado hasta ese "
        "papel se alteró, o el código está mal escrito.",
        f"El libro dice que esa cabeza se imprimió el {PRINTED} (por admin), en su registro N.º {head_id}.",
        f"El primer registro que difiere es el N.º {target[0]}.",
    ]
    assert any(line.startswith(f"- Registro de cambios N.º {target[0]} (alta en Líneas de asientos contables")
               for line in lines)


def test_a_trail_rewritten_with_every_hash_recomputed_still_misses_the_paper(printed, capsys):
    """The insider changes who posted the sale and recomputes the whole chain: the
    chain checks, the tables match it, and only the printed head catches it."""
    db, _pdf, head_id, head = printed
    conn = sqlite3.connect(db)
    first = conn.execute("SELECT min(id) FROM audit_log WHERE table_name = 'journal_entries'").fetchone()[0]
    conn.close()
    statements = [("UPDATE audit_log SET who = 'contador' WHERE id = ?", (first,))]
    insider(db, *statements)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, at, who, action, table_name, row_id, before, after FROM audit_log "
                        "WHERE hash IS NOT NULL ORDER BY id").fetchall()
    conn.close()
    prev, rewrite = "0" * 64, []
    for row in rows:
        record = json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        digest = hashlib.sha256(b"coopdesk-auditoria-1\n" + prev.encode() + b"\n" + record).hexdigest()
        rewrite.append(("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row[0])))
        prev = digest
    insider(db, *rewrite)
    code, out, _err = run(capsys, "check", "--integrity", db=db, plain_spaces=True)
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("- ")] == [
        f"- El registro de cambios NO coincide con la cabeza impresa el {PRINTED} en el cierre del mes 03/2026 "
        f"({grouped(head)}): fue reescrito con sus huellas recalculadas; el cambio está entre los registros N.º 1 "
        f"y N.º {head_id}."]
    code, out, _err = run(capsys, "verify", grouped(head), db=db, plain_spaces=True)
    assert code == 1 and out.startswith("NO COINCIDE: ningún punto del registro de cambios tiene la cabeza")


def test_the_head_records_cannot_be_changed_and_a_deleted_head_record_is_said(printed, capsys):
    db, _pdf, head_id, head = printed
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="cabeza impresa del registro de cambios no se modifica"):
        conn.execute("UPDATE audit_heads SET hash = ?", ("0" * 64,))
    with pytest.raises(sqlite3.IntegrityError, match="no se modifica ni se borra"):
        conn.execute("DELETE FROM audit_heads")
    conn.execute("DROP TRIGGER audit_log_kept_delete")
    conn.execute("DELETE FROM audit_log WHERE id >= ?", (head_id,))
    conn.commit()
    conn.close()
    code, out, _err = run(capsys, "check", "--integrity", db=db, plain_spaces=True)
    assert code == 1
    assert (f"- El registro de cambios NO coincide con la cabeza impresa el {PRINTED} en el cierre del mes 03/2026 "
            f"({grouped(head)}): su registro N.º {head_id} ya no está; se borraron registros.") in out.splitlines()


def test_a_month_that_is_not_one_is_refused_and_nothing_is_printed_or_recorded(db, tmp_path, capsys):
    code, out, err = run(capsys, "ledger", "cierre", "--month", "2026-13", "--out", str(tmp_path), db=db,
                         plain_spaces=True)
    assert (code, out) == (2, "")
    assert "«2026-13» no es un mes: escríbalo como 2026-03 o 03/2026." in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM audit_heads").fetchone() == (0,)
    conn.close()


def test_verify_refuses_what_is_not_a_head(db, capsys):
    code, out, err = run(capsys, "verify", "R-12", db=db, plain_spaces=True)
    assert code == 2
    assert "no es un código de verificación" in err or "no es la cabeza" in err


def test_the_boards_summary_prints_the_head_and_records_it(tmp_path, capsys):
    from tests.cli.test_cli_seals import published

    db, _code = published(tmp_path, capsys)
    head_id, head = chain_by_hand(db)[-1]
    out = tmp_path / "papeles"
    assert run(capsys, "distribution", "statements", "1", "--out", str(out), db=db, plain_spaces=True)[0] == 0
    text = " ".join(pdf_text(out / "resumen-distribucion-1.pdf").split())
    assert "Registro de cambios (auditoría)" in text
    assert f"Cabeza del registro {grouped(head)}" in text
    assert f"Registros {head_id}, hasta el N.º {head_id}" in text
    assert "Huella completa (SHA-256) " + " ".join(head[i:i + 4].upper() for i in range(0, 64, 4)) in text
    _code, said, _err = run(capsys, "check", "--integrity", db=db, plain_spaces=True)  # (this book pays from a Caja it never filled)
    assert (f"El registro de cambios coincide con la cabeza impresa el {PRINTED} en el resumen de la distribución "
            f"N.º 1: {grouped(head)}, {head_id} registros hasta el N.º {head_id}.") in said.splitlines()
    book = Book.open(db, **LOGIN)
    try:
        assert [(p.kind, p.reference, p.record_id, p.hash) for p in book.audit_heads.printed()] == [
            ("resumen", "1", head_id, head)]
    finally:
        book.close()
