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


# -- the check of a whole run, a batch of members at a time (memory: 50,000 members) ------------------

def whole_and_batched(book, monkeypatch, batch: int) -> tuple[list[str], list[str]]:
    """The run's findings read whole (every member's results and lines at once, as
    before the check streamed) and ``batch`` members at a time."""
    from coopdesk.core import seals
    from coopdesk.db.models import DistributionRun

    with book.read() as session:
        r = session.query(DistributionRun).one()
        p = seals.parts(session, r)
        whole = said(seals.run_problems(session, r, p=p, results=json.loads(p.results_json)))
        monkeypatch.setattr(seals, "BATCH", batch)
        batched = said(seals.run_problems(session, r, p=seals.parts(session, r)))
    return whole, batched


def test_a_tampered_line_in_the_middle_of_a_large_run_is_refused_with_the_same_words(sqlite_book, run, tmp_path,
                                                                                      monkeypatch):
    """A run far larger than a batch, as three batches of one member: Juan's line,
    in the middle one, is found and named exactly as when the run is read whole."""
    from coopdesk.core import seals

    book = sqlite_book
    add_1000_to_juans_line(book)
    whole, batched = whole_and_batched(book, monkeypatch, 1)
    assert batched == whole == [
        "Distribución N.º 1, socio S0002: neto a pagar S/ 1,266.67 en sus líneas y S/ 266.67 en sus resultados "
        "sellados."]
    assert seals.BATCH == 1
    refused = ["No se imprime la distribución N.º 1: ya no coincide con lo que se selló al publicarla, y sus cifras "
               "no serían las aprobadas. Revise con «coopdesk check --integrity»."] + whole
    for attempt in (lambda: book.liquidations.write_batch(1, tmp_path / "lote.pdf", each_in=tmp_path, workers=1),
                    lambda: book.liquidations.write_all(1, tmp_path / "todas", workers=1),
                    lambda: book.liquidations.write_member(1, "S0001", tmp_path / "rosa.pdf")):
        with pytest.raises(SealBroken) as raised:
            attempt()
        assert said(raised.value.problems) == refused
    assert list(tmp_path.rglob("*.pdf")) == []


def test_more_differences_than_are_named_are_counted_across_batches(sqlite_book, run, monkeypatch):
    """Every figure of every line changed (21 differences): the first 20 named in
    order and «y 1 diferencias más», batch after batch as read whole."""
    book = sqlite_book
    with unsealed(book) as conn:
        conn.execute(text("UPDATE distribution_lines SET gross_cents = gross_cents + 1, "
                          "capitalised_cents = capitalised_cents + 1, taxable_cents = taxable_cents + 1, "
                          "withheld_cents = withheld_cents + 1, retained_cents = retained_cents + 1, "
                          "deducted_cents = deducted_cents + 1, net_cents = net_cents + 1"))
    whole, batched = whole_and_batched(book, monkeypatch, 2)
    assert batched == whole
    assert len(whole) == 21 and whole[-1] == "Distribución N.º 1: y 1 diferencias más."
    assert whole[0] == ("Distribución N.º 1, socio S0001: bruto S/ 533.34 en sus líneas y S/ 533.33 en sus "
                        "resultados sellados.")
    assert whole[19].startswith("Distribución N.º 1, socio S0003: descuentos S/ ")  # the 20th of 21


def test_a_member_left_out_of_the_results_and_results_out_of_order(sqlite_book, run, monkeypatch):
    """The last member's payout removed from the results: their line, past every
    batch, is still named; results stored out of order (not as canonical JSON
    writes them) are read whole: the same findings either way."""
    book = sqlite_book
    with unsealed(book) as conn:
        edit_results(conn, lambda r: r["payouts"].pop("S0003"))
    whole, batched = whole_and_batched(book, monkeypatch, 1)
    assert batched == whole
    assert "Distribución N.º 1, socio S0003: tiene una línea que no está en sus resultados (neto a pagar S/ 0.00)." \
        in whole
    with unsealed(book) as conn:
        results = json.loads(zlib.decompress(conn.execute(text("SELECT results FROM distribution_runs")).scalar()))
        results["payouts"] = dict(reversed(list(results["payouts"].items())))
        shuffled = json.dumps(results, separators=(",", ":")).encode()
        conn.execute(text("UPDATE distribution_runs SET results = :r"), {"r": zlib.compress(shuffled)})
    from coopdesk.core import seals

    assert not seals.Results(shuffled).ordered
    assert seals.Results(record.canonical(results)).ordered
    whole, batched = whole_and_batched(book, monkeypatch, 1)
    assert batched == whole and len(whole) == 2


def test_a_stored_part_is_hashed_and_read_a_chunk_at_a_time(monkeypatch):
    """The SHA-256 of a compressed part streamed in chunks of 7 bytes is the hash
    of the whole; a stream cut short is zlib's error; the list's items come one
    at a time as ``json.loads`` reads them."""
    from coopdesk.core import seals
    from coopdesk.core.liquidations import _list_items

    items = [{"code": f"S{i:04d}", "name": "Ñaupari Quispe, José", "kg": f"{i}.500"} for i in range(40)]
    plain = record.canonical(items)
    stored = zlib.compress(plain)
    monkeypatch.setattr(seals, "CHUNK", 7)
    assert seals.stored_sha256(stored) == record.sha256(plain)
    with pytest.raises(zlib.error):
        seals.stored_sha256(stored[:-9])
    read = list(_list_items(stored, chunk=7))
    assert [item for item, _text in read] == items
    assert [json.loads(text) for _item, text in read] == items
    with pytest.raises(zlib.error):
        list(_list_items(stored[:-9], chunk=7))
