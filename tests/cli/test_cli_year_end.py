"""The acto cooperativo from the CLI (``--no-cooperativo`` on a sale and an expense),
the provision close-year posts for what is not one, the closing and reopening it
names, and the Libro de Inventarios y Balances."""

import json
import re
import subprocess

from tests.cli.test_cli_sales import DOLLAR_SALE, FREIGHT, db, lines, ok, run  # noqa: F401  (db is a fixture)


def test_a_sale_and_an_expense_say_whether_they_are_actos_cooperativos_and_close_year_provides_the_tax(
        db, capsys, monkeypatch):
    ok(capsys, db, *DOLLAR_SALE)   # the members' cacao: an acto cooperativo (the default)
    out = lines(ok(capsys, db, "sales", "add", "--date", "12/04/2026", "--buyer", "Chocolates Amazonía",
                   "--product", "CACAO-SECO", "--certification", "organico", "--kg", "10", "--price", "40",
                   "--paid-into", "1041", "--no-cooperativo"))
    assert out[-1] == ("No es un acto cooperativo: entra en la base del impuesto a la renta del ejercicio "
                       "(Ley 31335), que el cierre del ejercicio provisiona.")
    ok(capsys, db, *FREIGHT)
    ok(capsys, db, "expenses", "add", "--date", "2026-04-13", "--account", "639", "--description",
       "Análisis para Chocolates Amazonía", "--amount", "50", "--no-cooperativo")
    assert [s["cooperative_act"] for s in json.loads(ok(capsys, db, "sales", "list", "--json"))["sales"]] == [
        True, False]
    assert [e["cooperative_act"] for e in json.loads(ok(capsys, db, "expenses", "list", "--json"))["expenses"]] == [
        True, False]
    # 10 kg at S/ 40.00 = 400.00, cost 10 kg of the stock's average S/ 18.50 = 185.00, less 50.00: base 165.00
    monkeypatch.setenv("COOPDESK_TODAY", "2027-01-15")
    out = lines(ok(capsys, db, "ledger", "close-year", "2026"))
    assert out[1] == ("Impuesto a la renta del ejercicio (operaciones que no son actos cooperativos): S/ 24.75, "
                      "asiento 2026-000007.")
    [provision] = [e for e in json.loads(ok(capsys, db, "ledger", "entries", "--account", "881", "--json"))[
        "entries"] if e["source"] == "impuesto_renta"]
    assert [(l["account"], l["debit"], l["credit"]) for l in provision["lines"]] == [
        ("881", "24.75", "0.00"), ("40171", "0.00", "24.75")]
    code, out, err = run(capsys, db, "ledger", "close-year", "2026")
    assert (code, err) == (2, "Error: El ejercicio 2026 ya está cerrado.\n")
