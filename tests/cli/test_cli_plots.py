"""``coopdesk plots``: plots, the organic guard's warning on ``deliveries add``, the report."""

import json

from coopdesk.core import Book
from tests.cli.helpers import run
from tests.conftest import funded_book, make_book
from tests.people import LOGIN


def deliver(capsys, db, ticket, kg, member="S0001"):
    return run(capsys, "deliveries", "add", "--db", db, "--ticket", ticket, "--date", "04/03/2026",
               "--member", member, "--product", "CACAO-SECO", "--gross", kg, "--humidity", "7",
               "--grade", "A", "--price", "18.50")


def test_plots_add_and_list(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(db).close()
    code, out, err = run(capsys, "plots", "add", "--db", db, "--member", "S0001", "--crop", "Cacao",
                         "--hectares", "2,5", "--yield", "600", "--name", "La Loma")
    assert (code, err) == (0, "")
    assert out == ("Se registró la parcela de Cacao de Rosa Quispe Mamani (S0001): 2.50 ha × 600 kg/ha, "
                   "estimado 1,500.00\u00a0kg.\n")
    code, out, err = run(capsys, "plots", "list", "--db", db, "--member", "S0001")
    assert code == 0
    assert out.splitlines()[2].split() == ["Cacao", "La", "Loma", "2.50", "600.000", "la", "del", "socio",
                                           "1,500.00", "kg"]
    code, out, err = run(capsys, "plots", "add", "--db", db, "--member", "S0001", "--crop", "cacao",
                         "--hectares", "0", "--yield", "600")
    assert code == 2
    assert err == "Error: Las hectáreas deben ser mayores que 0 y no pasar de 100.\n"


def test_deliveries_add_warns_on_stderr_and_records_and_the_report_lists_her(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    funded_book(db).close()
    run(capsys, "plots", "add", "--db", db, "--member", "S0001", "--crop", "cacao", "--hectares", "2.5",
        "--yield", "600")
    code, out, err = deliver(capsys, db, "001-1", "1200")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "plots", "over", "--db", db)
    assert (code, out) == (0, "Ningún socio supera su estimado orgánico en la campaña Campaña 2026.\n")
    code, out, err = deliver(capsys, db, "001-2", "400")
    assert code == 0
    assert out.startswith("Se registró el ticket 001-000002")
    assert err == ("Aviso: Quispe Mamani, Rosa (S0001) ya entregó 1,200.000 kg de Cacao orgánico en la campaña "
                   "2026; con este ticket de 400.000 kg suma 1,600.000 kg y supera su estimado de 1,500.000 kg en "
                   "100.000 kg (106.67 %).\n")
    assert deliver(capsys, db, "001-3", "5000", member="S0002")[2] == ""  # conventional: never warned
    with Book.open(db, **LOGIN) as book:
        assert book.deliveries.count() == 3

    code, out, err = run(capsys, "plots", "over", "--db", db, "--campaign", "2026")
    lines = out.splitlines()
    assert code == 0
    assert lines[2].split() == ["S0001", "Quispe", "Mamani,", "Rosa", "Cacao", "1,600.00", "kg",
                                "1,500.00", "kg", "100.00", "kg", "106.67", "%"]
    assert lines[3] == "1 socio supera su estimado orgánico en la campaña Campaña 2026."
    code, out, err = run(capsys, "plots", "over", "--db", db, "--json")
    assert json.loads(out) == {"campaign": "2026", "members": [
        {"member": "S0001", "name": "Quispe Mamani, Rosa", "crop": "cacao", "delivered_kg": "1600.000",
         "estimate_kg": "1500.000", "excess_kg": "100.000", "percent": "106.67"}]}

    run(capsys, "deliveries", "void", "--db", db, "001-000002", "--reason", "repetido")
    assert json.loads(run(capsys, "plots", "over", "--db", db, "--json")[1])["members"] == []


def test_a_member_without_plots_is_over_with_no_estimate(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    funded_book(db).close()
    code, out, err = deliver(capsys, db, "001-1", "80")
    assert code == 0 and "no tiene parcelas de Cacao" in err
    code, out, err = run(capsys, "plots", "over", "--db", db)
    assert "sin parcelas" in out.splitlines()[2]
    assert out.splitlines()[-1] == ("«sin parcelas»: el socio entregó como orgánico un cultivo del que no tiene "
                                    "parcelas registradas; su estimado es 0 kg.")
