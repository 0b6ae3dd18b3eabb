"""``coopdesk ledger worksheet`` and ``ledger print hoja-trabajo``: the hoja de
trabajo of tests/financial_book.py in JSON, on the screen and as a PDF, and a
Spanish message with exit status 2 for a period across two ejercicios."""

import json

import pytest

from tests.cli.helpers import lines, ok, run
from tests.financial_book import financial_book


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("hoja") / "coop.sqlite")
    financial_book(path).close()
    return path


def test_the_worksheet_in_json_and_on_the_screen(capsys, db):
    data = json.loads(ok(capsys, "ledger", "worksheet", "--to", "30/04/2026", "--json", db=db))
    assert (data["from"], data["to"], data["ties"]) == ("2026-01-01", "2026-04-30", True)
    assert data["result"] == {"inventory": "21997.78", "nature": "21997.78", "function": "21997.78"}
    assert data["totals"]["debit"] == data["totals"]["credit"] == "80609.12"
    assert data["balanced_totals"]["assets"] == data["balanced_totals"]["liabilities_and_equity"] == "49397.78"
    out = lines(ok(capsys, "ledger", "worksheet", "--to", "30/04/2026", db=db))
    assert out[0] == "Hoja de trabajo, del 01/01/2026 al 30/04/2026"
    assert out[-1] == ("Cuadra: cada par de columnas suma lo mismo y el resultado del periodo, S/ 21,997.78, es el "
                       "mismo en el Inventario, por naturaleza y por función.")


def test_a_period_across_two_ejercicios_is_refused_with_status_2(capsys, db, tmp_path):
    code, out, err = run(capsys, "ledger", "print", "hoja-trabajo", "--from", "01/12/2026", "--to",
                         "31/01/2027", "--out", str(tmp_path), db=db)
    assert (code, out) == (2, "")
    assert "La hoja de trabajo es de un periodo dentro de un ejercicio: del 01/12/2026 al 31/01/2027 no lo es." in err
    assert "Traceback" not in err and list(tmp_path.iterdir()) == []
    assert ok(capsys, "ledger", "print", "hoja-trabajo", "--to", "30/04/2026", "--out", str(tmp_path), db=db) == (
        f"Se guardó «Hoja de trabajo, del 01/01/2026 al 30/04/2026» en "
        f"{tmp_path / 'hoja-de-trabajo-2026-01-01-2026-04-30.pdf'}.\n")
