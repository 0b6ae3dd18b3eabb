"""Tamper evidence of a published distribution (docs/seals.md): a hostile insider
with ``sqlite3`` drops the triggers, changes a stored part of a published run and
puts the triggers back. Nothing is then paid, printed or declared «Correcto»
while the run differs from its seal, and ``coopdesk check --integrity`` names
what was changed: the run, the member, the figure stored against sealed."""

import json
import zlib
from contextlib import contextmanager
from decimal import Decimal as D

import pytest
from sqlalchemy import text

from coopdesk.core import InvalidInput, NotFound
from coopdesk.core.distributions import SealBroken
from coopdesk.domain.distribution import record
from coopdesk.i18n import describe
from coopdesk.reports.distribution_pdfs import PDF
from tests.conftest import TODAY, cash_in_hand
from tests.core.test_distribution_runs import published
from tests.core.test_distributions import season_of_rosa_and_juan


@contextmanager
def unsealed(book):
    """Every trigger dropped, the connection handed over, the triggers put back."""
    with book.engine.begin() as conn:
        triggers = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _sql in triggers:
            conn.execute(text(f"DROP TRIGGER {name}"))
        yield conn
        for _name, sql in triggers:
            conn.execute(text(sql))


def edit_results(conn, change) -> bytes:
    results = json.loads(zlib.decompress(conn.execute(text("SELECT results FROM distribution_runs")).scalar()))
    change(results)
    blob = record.canonical(results)
    conn.execute(text("UPDATE distribution_runs SET results = :r"), {"r": zlib.compress(blob)})
    return blob


def set_net(results, code, net):
    results["payouts"][code]["net"] = net


def add_1000_to_juans_line(book):
    with unsealed(book) as conn:
        conn.execute(text("UPDATE distribution_lines SET net_cents = net_cents + 100000 "
                          "WHERE member_id = (SELECT id FROM members WHERE code = 'S0002')"))


def said(problems) -> list[str]:
    """Each problem in words (amounts read with a plain space after «S/»)."""
    return [describe(p).replace("\xa0", " ") for p in problems]


@pytest.fixture
def run(sqlite_book):
    """Rosa 533.33, Juan 266.67, Carmen 0.00; published as N.º 1."""
    cash_in_hand(sqlite_book)
    season_of_rosa_and_juan(sqlite_book)
    sqlite_book.liquidations.renderer = PDF
    return published(sqlite_book)


def test_a_published_run_agrees_with_its_seal_everywhere(sqlite_book, run):
    book = sqlite_book
    assert book.distributions.verify(run.code).matches
    report = book.checks.run(integrity=True)
    # (the little season pays its advances from a Caja that never received money: not this test's matter)
    assert [f for f in said(report.findings) if "istribución" in f] == []
    # the books recorded the code when the run was published
    entry = book.engine.connect().execute(text(
        "SELECT description FROM journal_entries WHERE source_kind = 'distribucion'")).scalar()
    assert entry == f"Distribución N.º 1 (acta Acta 12-2026) · código {run.code}"


def test_a_tampered_line_is_not_paid_and_verify_says_no(sqlite_book, run):
    book = sqlite_book
    add_1000_to_juans_line(book)
    with pytest.raises(SealBroken) as raised:
        book.distributions.mark_paid(1, "S0002", TODAY, "efectivo")
    assert said(raised.value.problems)[0] == (
        "No se registra el pago de S0002 (Condori Apaza, Juan): su neto a pagar es S/ 1,266.67 en las líneas de la "
        "distribución N.º 1 y S/ 266.67 en sus resultados sellados, una diferencia de S/ 1,000.00. Los datos de la "
        "distribución se alteraron después de publicarla: revíselos con «coopdesk check --integrity».")
    assert {line.member_code: line.paid_on for line in book.distributions.lines(1)}["S0002"] is None
    # Rosa's line is hers: she is paid her sealed amount
    book.distributions.mark_paid(1, "S0001", TODAY, "efectivo")
    check = book.distributions.verify(run.code)
    assert (check.matches, check.results_ok, check.lines_ok) == (False, True, False)
    assert said(check.findings) == [
        "Distribución N.º 1, socio S0002: neto a pagar S/ 1,266.67 en sus líneas y S/ 266.67 en sus resultados "
        "sellados."]


def test_a_reprint_of_altered_results_is_refused(sqlite_book, run, tmp_path):
    book = sqlite_book
    with unsealed(book) as conn:
        edit_results(conn, lambda r: set_net(r, "S0002", "366.67"))
    for attempt in (lambda: book.liquidations.write_all(1, tmp_path / "todas", workers=1),
                    lambda: book.liquidations.write_member(1, "S0001", tmp_path / "rosa.pdf"),
                    lambda: book.liquidations.write_members(1, tmp_path / "juntas.pdf"),
                    lambda: book.liquidations.write_summary(1, tmp_path / "resumen.pdf"),
                    lambda: book.liquidations.write_criteria(1, tmp_path / "criterios.pdf")):
        with pytest.raises(SealBroken) as raised:
            attempt()
        assert said(raised.value.problems) == [
            "No se imprime la distribución N.º 1: ya no coincide con lo que se selló al publicarla, y sus cifras no "
            "serían las aprobadas. Revise con «coopdesk check --integrity».",
            f"La distribución N.º 1 ya no coincide con su sello (código {run.code}): sus criterios, sus datos o sus "
            "resultados guardados se alteraron después de publicarla.",
            "Distribución N.º 1, socio S0002: neto a pagar S/ 266.67 en sus líneas y S/ 366.67 en sus resultados "
            "guardados."]
    assert sorted(p.name for p in tmp_path.rglob("*.pdf")) == []
    with pytest.raises(SealBroken):
        book.distributions.mark_paid(1, "S0001", TODAY, "efectivo")  # nothing of an altered run is paid


def test_each_member_has_a_code_that_names_them_and_their_net(sqlite_book, run):
    book = sqlite_book
    codes = book.distributions.sealed(1).member_codes
    assert set(codes) == {"S0001", "S0002", "S0003"} and len(set(codes.values())) == 3
    assert all(c.startswith("S-") and len(c) == 21 for c in codes.values())
    check = book.distributions.verify(codes["S0002"].lower().replace("-", " "))
    assert (check.matches, check.number, check.code) == (True, 1, run.code)
    assert (check.member.code, check.member.name, check.member.net, check.member.member_code) == (
        "S0002", "Condori Apaza, Juan", D("266.67"), codes["S0002"])
    # the member's code is derived from the run's seal and their own figures (docs/seals.md)
    with book.engine.connect() as conn:
        results = json.loads(zlib.decompress(conn.execute(text("SELECT results FROM distribution_runs")).scalar()))
    seal = record.sha256(f"coopdesk-socio-1\n{run.fingerprint}\n"
                         f"{record.sha256(record.member_record(results, 'S0002'))}")
    assert codes["S0002"] == "S-" + "-".join(seal[i:i + 4].upper() for i in (0, 4, 8, 12))
    # a sheet retyped with other figures: its code is no member's any more once the results are altered
    with unsealed(book) as conn:
        edit_results(conn, lambda r: set_net(r, "S0002", "366.67"))
    with pytest.raises(NotFound) as raised:
        book.distributions.verify(codes["S0002"])
    assert describe(raised.value.problem) == (
        f"Este código ({codes['S0002']}) no corresponde a la liquidación de ningún socio en las distribuciones "
        "publicadas: el registro pudo haber sido alterado, o el código está mal escrito.")
    # Rosa's code still names her, but the run is no longer what was sealed
    check = book.distributions.verify(codes["S0001"])
    assert (check.matches, check.member.code, check.member.net) == (False, "S0001", D("533.33"))


def test_a_run_sealed_again_with_the_documented_formula_is_caught(sqlite_book, run):
    """Anyone can recompute SHA-256: the printed code and the code the books
    recorded at publication are what give a re-sealed run away."""
    book = sqlite_book
    with unsealed(book) as conn:
        results = edit_results(conn, lambda r: set_net(r, "S0002", "366.67"))
        inputs = zlib.decompress(conn.execute(text("SELECT inputs FROM distribution_runs")).scalar())
        criteria = conn.execute(text("SELECT text FROM distribution_criteria")).scalar()
        identity = record.canonical({"number": 1, "campaign": "2026", "tax_year": TODAY.year, "corrects": None,
                                     "acta": "Acta 12-2026", "acta_date": TODAY})
        forged = record.fingerprint(identity, criteria, inputs, results)
        conn.execute(text("UPDATE distribution_runs SET fingerprint = :f"), {"f": forged})
    new_code = record.verification_code(forged)
    # the code on the members' paper no longer names any run, and says why
    with pytest.raises(NotFound) as raised:
        book.distributions.verify(run.code)
    assert describe(raised.value.problem) == (
        f"Este código no corresponde a ninguna distribución: el registro pudo haber sido alterado. {run.code} es el "
        "código con que se publicó la distribución N.º 1 (así consta en su asiento contable), que ahora tiene otro: "
        "su sello fue cambiado.")
    # the new code recomputes, but the books recorded another one at publication
    check = book.distributions.verify(new_code)
    assert (check.matches, check.results_ok, check.criteria_ok) == (False, False, True)
    assert f"La distribución N.º 1 se publicó con el código {run.code} (así consta en su asiento contable) y ahora " \
           f"tiene el código {new_code}: fue sellada de nuevo o se alteró su sello." in said(check.findings)
    # and the plain check says so too
    report = book.checks.run()
    assert f"La distribución N.º 1 se publicó con el código {run.code} (así consta en su asiento contable) y ahora " \
           f"tiene el código {new_code}: fue sellada de nuevo o se alteró su sello." in said(report.findings)
    with pytest.raises(SealBroken):
        book.liquidations.write_member(1, "S0002", book.location + ".pdf")


def tamper_lines(conn):
    conn.execute(text("UPDATE distribution_lines SET net_cents = net_cents + 100000 "
                      "WHERE member_id = (SELECT id FROM members WHERE code = 'S0002')"))


def tamper_results(conn):
    edit_results(conn, lambda r: set_net(r, "S0002", "366.67"))


def tamper_inputs(conn):
    inputs = json.loads(zlib.decompress(conn.execute(text("SELECT inputs FROM distribution_runs")).scalar()))
    [juan] = [m for m in inputs if m["code"] == "S0002"]
    juan["deliveries"][0]["kg"] = "400.000"
    conn.execute(text("UPDATE distribution_runs SET inputs = :i"), {"i": zlib.compress(record.canonical(inputs))})


def tamper_criteria(conn):
    conn.execute(text("UPDATE distribution_criteria SET text = replace(text, '\"1000.00\"', '\"1500.00\"')"))


def tamper_fingerprint(conn):
    conn.execute(text("UPDATE distribution_runs SET fingerprint = '0123456789abcdef' || substr(fingerprint, 17)"))


TAMPERS = {
    "lines": (tamper_lines, [
        "Distribución N.º 1, socio S0002: neto a pagar S/ 1,266.67 en sus líneas y S/ 266.67 en sus resultados "
        "sellados."]),
    "results": (tamper_results, [
        "La distribución N.º 1 ya no coincide con su sello (código {code}): sus criterios, sus datos o sus "
        "resultados guardados se alteraron después de publicarla.",
        "Distribución N.º 1, socio S0002: neto a pagar S/ 266.67 en sus líneas y S/ 366.67 en sus resultados "
        "guardados."]),
    "inputs": (tamper_inputs, [
        "La distribución N.º 1 ya no coincide con su sello (código {code}): sus criterios, sus datos o sus "
        "resultados guardados se alteraron después de publicarla.",
        "Distribución N.º 1, socio S0001: recalculada con sus datos de entrada guardados daría S/ 266.67 de neto a "
        "pagar, y lo sellado, asentado y en sus líneas es S/ 533.33: sus datos de entrada (entregas y cuentas de "
        "los socios) se alteraron.",
        "Distribución N.º 1, socio S0002: recalculada con sus datos de entrada guardados daría S/ 533.33 de neto a "
        "pagar, y lo sellado, asentado y en sus líneas es S/ 266.67: sus datos de entrada (entregas y cuentas de "
        "los socios) se alteraron."]),
    "criteria": (tamper_criteria, [
        "La distribución N.º 1 ya no coincide con su sello (código {code}): sus criterios, sus datos o sus "
        "resultados guardados se alteraron después de publicarla.",
        "La distribución N.º 1: el texto de sus criterios «Excedentes 2026» (versión 1) cambió después de "
        "guardarse; su SHA-256 ya no es el registrado."]),
    "fingerprint": (tamper_fingerprint, [
        "La distribución N.º 1 ya no coincide con su sello (código 0123-4567-89AB-CDEF): sus criterios, sus datos o "
        "sus resultados guardados se alteraron después de publicarla.",
        "La distribución N.º 1 se publicó con el código {code} (así consta en su asiento contable) y ahora tiene el "
        "código 0123-4567-89AB-CDEF: fue sellada de nuevo o se alteró su sello."]),
}


@pytest.mark.parametrize("part", TAMPERS)
def test_check_integrity_names_each_change_to_a_sealed_part(sqlite_book, run, part):
    book = sqlite_book
    tamper, expected = TAMPERS[part]
    with unsealed(book) as conn:
        tamper(conn)
    report = book.checks.run(integrity=True)
    found = said(report.findings)
    for sentence in expected:
        assert sentence.format(code=run.code) in found, found
    # and a published run that differs is never printed
    with pytest.raises(SealBroken):
        book.liquidations.write_summary(1, book.location + ".pdf")


def test_a_malformed_member_code_is_a_spanish_refusal(sqlite_book, run):
    with pytest.raises(InvalidInput) as raised:
        sqlite_book.distributions.verify("S-12")
    assert said(raised.value.problems) == [
        "«S-12» no es un código de verificación: son 16 letras y números como 3F2A-91C0-7B4D-E815."]


def test_check_integrity_runs_sqlites_own_check_of_the_file(sqlite_book, run):
    """An index that no longer matches its table (as a damaged page would leave
    it): SQLite's integrity_check finds it, and check --integrity says so."""
    import sqlite3

    book = sqlite_book
    path = book.engine.url.database
    from coopdesk.core import audit_check

    audited, _found = audit_check.problems(book)   # the audit trail's records and rows, compared too
    # the file's own check is one more
    assert book.checks.run(integrity=True).checked == book.checks.run().checked + audited + 1
    book.close()
    conn = sqlite3.connect(path)
    name, sql = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' "
                             "AND sql LIKE '%sort_key%'").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = :sql WHERE name = :name",
                 {"sql": sql.replace("(sort_key", "(phone"), "name": name})
    conn.commit()
    conn.close()
    from coopdesk.core import Book

    with Book.open(path) as damaged:
        found = said(damaged.checks.run(integrity=True).findings)
        assert f"El archivo de la base de datos está dañado: row 1 missing from index {name}" in found, found
        assert not any("dañado" in f for f in said(damaged.checks.run().findings))  # only with --integrity
