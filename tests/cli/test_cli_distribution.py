"""The distribution workflow from the command line, as a treasurer scripts it."""

import json

from coopdesk.cli import main
from tests.conftest import funded_book
from tests.core.test_distributions import CRITERIA, season_of_rosa_and_juan
from tests.conftest import TODAY as TEST_TODAY
from tests.people import LOGIN

TODAY = TEST_TODAY.isoformat()
NAMED = CRITERIA.replace("[distribucion]\n", '[distribucion]\nnombre = "Excedentes 2026"\n')


def setup(tmp_path):
    db = str(tmp_path / "coop.sqlite")
    book = funded_book(db)
    season_of_rosa_and_juan(book)
    book.close()
    criteria = tmp_path / "criterios.toml"
    criteria.write_text(NAMED, encoding="utf-8")
    return db, criteria


def test_simulate_stores_a_draft_and_prints_json_with_decimal_strings(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["run"]["number"] == 1 and data["run"]["status"] == "borrador" and data["run"]["code"] is None
    assert data["appropriations"] == [{"name": "Reserva Cooperativa", "amount": "200.00"}]
    assert data["pots"][0] == {"name": "Retorno por kilos", "key": "kg", "amount": "800.00",
                               "total_basis": "300.000", "unallocated": "0.00"}
    rosa = data["members"][0]
    assert (rosa["code"], rosa["net"], rosa["deductions"], rosa["shares"]["Retorno por kilos"]) == (
        "S0001", "533.33", [], {"basis": "200.000", "amount": "533.33"})


def test_approve_publish_show_verify_and_pay(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)]) == 0
    out = capsys.readouterr().out
    assert "Se guardó como borrador la distribución N.º 1." in out and "S/\xa0533.33" in out
    assert main(["--db", db, "distribution", "approve", "1", "--acta", "12-2026", "--date", TODAY]) == 0
    assert "quedó aprobada (acta 12-2026" in capsys.readouterr().out
    assert main(["--db", db, "distribution", "publish", "1"]) == 0
    out = capsys.readouterr().out
    code = out.rsplit(": ", 1)[1].strip()
    assert out.startswith("La distribución N.º 1 quedó publicada.") and len(code) == 19
    assert main(["--db", db, "distribution", "verify", code]) == 0
    assert capsys.readouterr().out.startswith("Correcto: la distribución N.º 1")
    assert main(["--db", db, "distribution", "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["run"]["code"], shown["run"]["acta"], shown["to_members"]) == (code, "12-2026", "800.00")
    assert main(["--db", db, "distribution", "pay", "1", "--member", "S0002", "--method", "efectivo"]) == 0
    assert main(["--db", db, "distribution", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Excedentes 2026" in listing and "Publicada" in listing and code in listing


def test_mistakes_are_spanish_messages_with_exit_status_2(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    assert main(["--db", db, "distribution", "publish", "7"]) == 2
    assert capsys.readouterr().err.strip() == "Error: No existe la distribución N.º 7."
    main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)])
    capsys.readouterr()
    assert main(["--db", db, "distribution", "publish", "1"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: Solo se publica una distribución aprobada; la N.º 1 está «Borrador».")
    assert main(["--db", db, "distribution", "approve", "1", "--acta", "12", "--date", "31/02/2026"]) == 2
    assert "Error:" in capsys.readouterr().err
    assert main(["--db", db, "distribution", "compare", "--run", "1"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: Compare exactamente dos: dos --criteria, dos --run, o uno de cada uno.")


def test_compare_two_criteria_by_member_zone_and_gini(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    equal = tmp_path / "iguales.toml"
    equal.write_text(NAMED.replace('clave = "kg"', 'clave = "partes_iguales"'), encoding="utf-8")
    assert main(["--db", db, "distribution", "compare", "--criteria", str(criteria), "--criteria", str(equal),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # by kilos: Rosa 533.33, Juan 266.67, Carmen 0; equal shares: 266.67, 266.67, 266.66 (Carmen is active too)
    members = {m["code"]: (m["a"], m["b"], m["difference"]) for m in data["members"]}
    assert members == {"S0001": ("533.33", "266.67", "-266.66"), "S0002": ("266.67", "266.67", "0.00"),
                       "S0003": ("0.00", "266.66", "266.66")}
    assert data["summary"]["a"]["total"] == data["summary"]["b"]["total"] == "800.00"
    assert (data["gainers"][0]["code"], data["losers"][0]["code"]) == ("S0003", "S0001")
    assert data["summary"]["b"]["gini"] == "0.0000"


def test_statements_prints_every_liquidation_the_board_summary_and_the_criteria(tmp_path, capsys):
    import subprocess

    db, criteria = setup(tmp_path)
    main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)])
    main(["--db", db, "distribution", "approve", "1", "--acta", "12-2026", "--date", TODAY])
    main(["--db", db, "distribution", "publish", "1"])
    code = capsys.readouterr().out.strip().rsplit(": ", 1)[1]
    out = tmp_path / "liquidaciones"
    assert main(["--db", db, "distribution", "statements", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Se imprimieron 3 liquidaciones" in printed and "resumen-distribucion-1.pdf" in printed
    assert f"Criterios de distribución: {out / 'criterios-distribucion-1.pdf'}" in printed
    assert sorted(p.name for p in out.iterdir()) == [
        "criterios-distribucion-1.pdf", "liquidacion-1-S0001.pdf", "liquidacion-1-S0002.pdf",
        "liquidacion-1-S0003.pdf", "resumen-distribucion-1.pdf"]
    text = subprocess.run(["pdftotext", "-layout", str(out / "liquidacion-1-S0001.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "S/ 533.33" in text and code in text


def test_statements_as_one_pdf_to_print_by_zone_and_the_files_too(tmp_path, capsys):
    from pypdf import PdfReader

    db, criteria = setup(tmp_path)
    main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)])
    main(["--db", db, "distribution", "approve", "1", "--acta", "12-2026", "--date", TODAY])
    main(["--db", db, "distribution", "publish", "1"])
    capsys.readouterr()
    out = tmp_path / "trabajo"
    assert main(["--db", db, "distribution", "statements", "1", "--out", str(out), "--one-pdf"]) == 0
    printed = capsys.readouterr().out
    assert f"Liquidaciones en un solo PDF para imprimir: {out / 'liquidaciones-1.pdf'}" in printed
    assert "Se imprimieron" not in printed  # no file per member unless asked
    assert sorted(p.name for p in out.iterdir()) == [
        "criterios-distribucion-1.pdf", "liquidaciones-1.pdf", "resumen-distribucion-1.pdf"]
    reader = PdfReader(str(out / "liquidaciones-1.pdf"))
    zones = [item.title for item in reader.outline]
    assert zones == sorted(zones) and zones  # a bookmark per zone, by name

    both = tmp_path / "ambos"
    assert main(["--db", db, "distribution", "statements", "1", "--out", str(both), "--one-pdf", "--each",
                 "--by", "centro"]) == 0
    printed = capsys.readouterr().out
    assert "Se imprimieron 3 liquidaciones" in printed
    assert sorted(p.name for p in both.iterdir()) == [
        "criterios-distribucion-1.pdf", "liquidacion-1-S0001.pdf", "liquidacion-1-S0002.pdf",
        "liquidacion-1-S0003.pdf", "liquidaciones-1.pdf", "resumen-distribucion-1.pdf"]
    assert [item.title for item in PdfReader(str(both / "liquidaciones-1.pdf")).outline] == ["Sin centro de acopio"]


def test_criteria_prints_only_the_criteria_document(tmp_path, capsys):
    import hashlib
    import subprocess

    db, criteria = setup(tmp_path)
    main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)])
    capsys.readouterr()
    target = tmp_path / "acta" / "criterios.pdf"
    assert main(["--db", db, "distribution", "criteria", "1", "--out", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"Criterios de distribución: {target}"
    assert [p.name for p in target.parent.iterdir()] == ["criterios.pdf"]
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    sha = hashlib.sha256(NAMED.encode()).hexdigest()[:16]
    assert "CRITERIOS DE DISTRIBUCIÓN" in text and "BORRADOR" in text
    assert f"Texto exacto de los criterios (SHA-256: {sha})" in text
    assert 'nombre = "Excedentes 2026"' in text and "Retorno por kilos" in text
    # a folder as --out: the usual file name inside it
    assert main(["--db", db, "distribution", "criteria", "1", "--out", str(target.parent)]) == 0
    assert (target.parent / "criterios-distribucion-1.pdf").is_file()
    assert main(["--db", db, "distribution", "criteria", "7", "--out", str(target)]) == 2
    assert capsys.readouterr().err.strip() == "Error: No existe la distribución N.º 7."


def test_show_lists_what_a_correction_changed_and_why(tmp_path, capsys):
    db, criteria = setup(tmp_path)
    main(["--db", db, "distribution", "simulate", "--criteria", str(criteria)])
    main(["--db", db, "distribution", "approve", "1", "--acta", "12-2026", "--date", TODAY])
    main(["--db", db, "distribution", "publish", "1"])
    more = tmp_path / "corregidos.toml"
    more.write_text(NAMED.replace('"1000.00"', '"1300.00"'), encoding="utf-8")
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(more), "--corrects", "1",
                 "--reason", "El acta aprobó S/ 1,300.00"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "distribution", "show", "2"]) == 0
    out = capsys.readouterr().out
    assert "Corrige la distribución N.º 1: El acta aprobó S/ 1,300.00" in out
    assert "los criterios cambiaron" in out
    assert main(["--db", db, "distribution", "show", "2", "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    # 1,040.00 by kilos now: Rosa 693.33 (was 533.33), Juan 346.67 (was 266.67)
    assert [(c["code"], c["before"], c["after"], c["reasons"]) for c in changes] == [
        ("S0001", "533.33", "693.33", ["criterios"]), ("S0002", "266.67", "346.67", ["criterios"])]


def test_the_amount_can_come_from_the_years_remanente_in_the_books(tmp_path, capsys):
    from coopdesk.core import Book
    from tests.core.test_ledger import season

    db, criteria = setup(tmp_path)
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--remanente", "2026"]) == 2
    assert "El ejercicio 2026 no tiene remanente que distribuir" in capsys.readouterr().err
    with Book.open(db, **LOGIN) as book:
        season(book)  # sales 37,450.00 − costs 31,200.00
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--remanente", "2026",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["appropriations"] == [{"name": "Reserva Cooperativa", "amount": "1250.00"}]
    with Book.open(db, **LOGIN) as book:  # the stored criteria carry the figure and where it came from
        assert 'monto = "6250.00"  # remanente del ejercicio 2026 (Estado de resultados)' in \
            book.distributions.stored(1).criteria_text


def test_the_remanente_says_it_replaces_the_criteria_amount_and_warns_while_the_year_is_open(tmp_path, capsys):
    from coopdesk.core import Book
    from tests.core.test_ledger import season

    db, criteria = setup(tmp_path)
    with Book.open(db, **LOGIN) as book:
        season(book)  # sales 37,450.00 − costs 31,200.00
    assert main(["--db", db, "distribution", "simulate", "--criteria", str(criteria), "--remanente", "2026"]) == 0
    out = capsys.readouterr().out.replace("\u00a0", " ").splitlines()
    assert out[:2] == [
        "El monto a distribuir es el remanente del ejercicio 2026 según la contabilidad, S/ 6,250.00: reemplaza el "
        "«monto» escrito en los criterios.",
        "Aviso: el ejercicio 2026 aún no está cerrado; su remanente puede cambiar con asientos posteriores."]
