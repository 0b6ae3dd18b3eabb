"""The seal from the command line (docs/seals.md): a member's code read off their
printed liquidation verifies with ``coopdesk verify``; a run altered behind
coopdesk's back is neither printed nor paid (exit status 2, a Spanish message,
no traceback), ``verify`` says NO COINCIDE (1) and ``check --integrity`` names
what was changed (1)."""

import json
import re
import subprocess

from coopdesk.cli import main
from coopdesk.core import Book
from tests.cli.test_cli_distribution import TODAY, setup
from tests.core.test_distribution_seals import edit_results, set_net, tamper_lines, unsealed
from tests.people import LOGIN


def published(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)])
    main(["--db", db, "distribution", "approve", "1", "--acta", "12-2026", "--date", TODAY])
    main(["--db", db, "distribution", "publish", "1"])
    code = capsys.readouterr().out.strip().rsplit(": ", 1)[1]
    return db, code


def tamper(db, change):
    book = Book.open(db, **LOGIN)
    try:
        with unsealed(book) as conn:
            change(conn)
    finally:
        book.close()


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


def test_a_members_code_on_paper_names_them_and_their_net(tmp_path, capsys):
    db, code = published(tmp_path, capsys)
    out = tmp_path / "liquidaciones"
    assert main(["--db", db, "distribution", "statements", "1", "--out", str(out), "--member", "S0002"]) == 0
    capsys.readouterr()
    sheet = subprocess.run(["pdftotext", str(out / "liquidacion-1-S0002.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    [member_code] = re.findall(r"S-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", sheet)
    assert f"Distribución: {code}" in sheet
    assert main(["--db", db, "verify", member_code]) == 0
    assert plain(capsys.readouterr().out) == (
        f"Correcto: el código {member_code} es de la liquidación de S0002 (Condori Apaza, Juan) en la distribución "
        f"N.º 1 (código {code}), con un neto a pagar de S/ 266.67. La distribución se recalculó con sus datos "
        "guardados y coincide con su sello.\n")
    # show --json lists each member's own code; the run's own code still works, under both commands
    assert main(["--db", db, "distribution", "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [m["verification_code"] for m in shown["members"] if m["code"] == "S0002"] == [member_code]
    assert main(["--db", db, "verify", code]) == 0
    assert main(["--db", db, "distribution", "verify", code]) == 0


def test_a_tampered_line_is_not_paid_and_verify_and_check_say_what_changed(tmp_path, capsys):
    db, code = published(tmp_path, capsys)
    tamper(db, tamper_lines)
    assert main(["--db", db, "distribution", "pay", "1", "--member", "S0002", "--method", "efectivo"]) == 2
    err = plain(capsys.readouterr().err)
    assert err.startswith("Error: No se registra el pago de S0002 (Condori Apaza, Juan): su neto a pagar es "
                          "S/ 1,266.67 en las líneas de la distribución N.º 1 y S/ 266.67 en sus resultados sellados, "
                          "una diferencia de S/ 1,000.00.")
    assert "Traceback" not in err
    assert main(["--db", db, "distribution", "verify", code]) == 1
    out = plain(capsys.readouterr().out)
    assert out.startswith("NO COINCIDE: la distribución N.º 1")
    assert "- Distribución N.º 1, socio S0002: neto a pagar S/ 1,266.67 en sus líneas y S/ 266.67 en sus " \
           "resultados sellados.\n" in out
    assert main(["--db", db, "check", "--integrity"]) == 1
    assert "- Distribución N.º 1, socio S0002: neto a pagar S/ 1,266.67 en sus líneas y S/ 266.67 en sus " \
           "resultados sellados.\n" in plain(capsys.readouterr().out)


def test_a_reprint_of_altered_results_is_refused(tmp_path, capsys):
    db, code = published(tmp_path, capsys)
    tamper(db, lambda conn: edit_results(conn, lambda r: set_net(r, "S0002", "928.31")))
    out = tmp_path / "liquidaciones"
    assert main(["--db", db, "distribution", "statements", "1", "--out", str(out)]) == 2
    err = plain(capsys.readouterr().err)
    assert err.splitlines()[:3] == [
        "Error: No se imprime la distribución N.º 1: ya no coincide con lo que se selló al publicarla, y sus cifras "
        "no serían las aprobadas. Revise con «coopdesk check --integrity».",
        f"Error: La distribución N.º 1 ya no coincide con su sello (código {code}): sus criterios, sus datos o sus "
        "resultados guardados se alteraron después de publicarla.",
        "Error: Distribución N.º 1, socio S0002: neto a pagar S/ 266.67 en sus líneas y S/ 928.31 en sus resultados "
        "guardados."]
    assert list(out.glob("*.pdf")) == []
    assert main(["--db", db, "distribution", "criteria", "1", "--out", str(tmp_path / "c.pdf")]) == 2
    assert main(["--db", db, "distribution", "show", "1"]) == 2  # not shown under its genuine code either
    assert main(["--db", db, "verify", code]) == 1
    assert capsys.readouterr().out.startswith("NO COINCIDE: la distribución N.º 1")


def test_the_printed_code_of_a_resealed_run_no_longer_verifies(tmp_path, capsys):
    from coopdesk.domain.distribution import record

    db, code = published(tmp_path, capsys)

    def reseal(conn):
        import zlib

        from sqlalchemy import text

        results = edit_results(conn, lambda r: set_net(r, "S0002", "928.31"))
        inputs = zlib.decompress(conn.execute(text("SELECT inputs FROM distribution_runs")).scalar())
        criteria = conn.execute(text("SELECT text FROM distribution_criteria")).scalar()
        identity = record.canonical({"number": 1, "campaign": "2026", "tax_year": int(TODAY[:4]), "corrects": None,
                                     "acta": "12-2026", "acta_date": TODAY})
        conn.execute(text("UPDATE distribution_runs SET fingerprint = :f"),
                     {"f": record.fingerprint(identity, criteria, inputs, results)})

    tamper(db, reseal)
    assert main(["--db", db, "verify", code]) == 2
    assert capsys.readouterr().err == (
        f"Error: Este código no corresponde a ninguna distribución: el registro pudo haber sido alterado. {code} es el "
        "código con que se publicó la distribución N.º 1 (así consta en su asiento contable), que ahora tiene otro: "
        "su sello fue cambiado.\n")
    assert main(["--db", db, "check"]) == 1
    assert f"se publicó con el código {code} (así consta en su asiento contable)" in capsys.readouterr().out
