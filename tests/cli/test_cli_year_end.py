"""The acto cooperativo from the CLI (``--no-cooperativo`` on a sale and an expense),
the provision close-year posts for what is not one, the closing and reopening it
names, and the Libro de Inventarios y Balances."""

import json
import re
import subprocess

import pytest

from tests.cli import test_cli_sales
from tests.cli.helpers import lines, ok, run
from tests.cli.test_cli_sales import DOLLAR_SALE, FREIGHT


@pytest.fixture
def db(tmp_path) -> str:
    """The sales tests' book: Rosa's 120.1 kg of organic dry cacao in the almacén (S/ 2,221.85)."""
    return test_cli_sales.db.__wrapped__(tmp_path)


def test_a_sale_and_an_expense_say_whether_they_are_actos_cooperativos_and_close_year_provides_the_tax(
        db, capsys, monkeypatch):
    ok(capsys, *DOLLAR_SALE, db=db)   # the members' cacao: an acto cooperativo (the default)
    out = lines(ok(capsys, "sales", "add", "--date", "12/04/2026", "--buyer", "Chocolates Amazonía",
                   "--product", "CACAO-SECO", "--certification", "organico", "--kg", "10", "--price", "40",
                   "--paid-into", "1041", "--no-cooperativo", db=db))
    assert out[-1] == ("No es un acto cooperativo: entra en la base del impuesto a la renta del ejercicio "
                       "(Ley 31335), que el cierre del ejercicio provisiona.")
    ok(capsys, *FREIGHT, db=db)
    ok(capsys, "expenses", "add", "--date", "2026-04-13", "--account", "639", "--description",
       "Análisis para Chocolates Amazonía", "--amount", "50", "--no-cooperativo", db=db)
    assert [s["cooperative_act"] for s in json.loads(ok(capsys, "sales", "list", "--json", db=db))["sales"]] == [
        True, False]
    assert [e["cooperative_act"] for e in json.loads(ok(capsys, "expenses", "list", "--json", db=db))["expenses"]] == [
        True, False]
    # 10 kg at S/ 40.00 = 400.00, cost 10 kg of the stock's average S/ 18.50 = 185.00, less 50.00: base 165.00
    monkeypatch.setenv("COOPDESK_TODAY", "2027-01-15")
    out = lines(ok(capsys, "ledger", "close-year", "2026", db=db))
    assert out[1] == ("Impuesto a la renta del ejercicio (operaciones que no son actos cooperativos): S/ 24.75, "
                      "asiento 2026-000007.")
    [provision] = [e for e in json.loads(ok(capsys, "ledger", "entries", "--account", "881", "--json", db=db))[
        "entries"] if e["source"] == "impuesto_renta"]
    assert [(l["account"], l["debit"], l["credit"]) for l in provision["lines"]] == [
        ("881", "24.75", "0.00"), ("40171", "0.00", "24.75")]
    code, out, err = run(capsys, "ledger", "close-year", "2026", db=db)
    assert (code, err) == (2, "Error: El ejercicio 2026 ya está cerrado.\n")


def pdf_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"[ \u00a0]+", " ", line).strip() for line in out.splitlines() if line.strip()]


def test_the_libro_de_inventarios_y_balances_details_the_main_accounts_on_31_december(db, capsys, monkeypatch,
                                                                                    tmp_path):
    ok(capsys, *DOLLAR_SALE, db=db)
    ok(capsys, "expenses", "add", "--date", "2026-04-14", "--account", "656", "--description", "Sacos de yute",
       "--amount", "1250.50", "--supplier", "Comercial Madre de Dios", "--reference", "F002-881",
       "--paid-from", "4212", db=db)
    monkeypatch.setenv("COOPDESK_TODAY", "2027-01-15")
    ok(capsys, "ledger", "close-year", "2026", db=db)
    pdf = tmp_path / "inventarios.pdf"
    assert ok(capsys, "ledger", "inventarios", "--year", "2026", "--pdf", str(pdf), db=db) == (
        f"Se guardó «Libro de Inventarios y Balances al 31/12/2026» en {pdf}.\n")
    text = pdf_text(pdf)
    # the estado de situación on 31/12 (the night's closing left out): the loss of the year in 592
    start = text.index("Formato 3.1: Estado de situación financiera al 31/12/2026")
    assert text[start + 1:start + 25] == [
        "Cuenta Denominación Saldo", "Activo", "Activo corriente",
        "101 Caja S/ 197,778.15", "1041 Cuentas corrientes en bancos S/ 200,000.00",
        "1212 Facturas por cobrar a compradores S/ 2,449.23",
        "203211 Mercaderías de origen vegetal: orgánico S/ 371.85", "Total activo corriente S/ 400,599.23",
        "Activo no corriente", "Total activo no corriente S/ 0.00", "Total activo S/ 400,599.23", "Pasivo",
        "Pasivo corriente", "4212 Proveedores S/ 1,250.50", "451 Préstamos de instituciones financieras S/ 400,000.00",
        "46993 Fondo de Prima de Comercio Justo S/ 89.88", "Total pasivo corriente S/ 401,340.38",
        "Pasivo no corriente", "Total pasivo no corriente S/ 0.00", "Total pasivo S/ 401,340.38", "Patrimonio",
        "592 Pérdidas acumuladas -S/ 741.15", "Total patrimonio -S/ 741.15", "Total pasivo y patrimonio S/ 400,599.23"]
    for title, rows in (
            ("Formato 3.2: Efectivo y equivalentes de efectivo (cuenta 10)", [
                "101 Caja S/ 197,778.15", "1041 Cuentas corrientes en bancos S/ 200,000.00", "Total S/ 397,778.15"]),
            ("Formato 3.3: Cuentas por cobrar comerciales (cuenta 12)", [
                "F001-000045 Exportadora del Sur S.A.C. 10/04/2026 S/ 2,449.23", "Total S/ 2,449.23"]),
            ("Formato 3.4: Cuentas por cobrar a socios (cuenta 14)", ["Sin saldo al 31/12/2026."]),
            ("Formato 3.7: Existencias (cuenta 20), al costo de acopio", [
                "CACAO-SECO Cacao grano seco, orgánico 20.100 kg S/ 371.85", "Total S/ 371.85"]),
            ("Formato 3.12: Proveedores (cuenta 42)", [
                "F002-881 Comercial Madre de Dios 14/04/2026 S/ 1,250.50", "Total S/ 1,250.50"])):
        at = text.index(title)
        body = text[at + 1:at + 1 + len(rows) + (0 if rows[0].startswith("Sin") else 1)]
        assert body[-len(rows):] == rows, title
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
