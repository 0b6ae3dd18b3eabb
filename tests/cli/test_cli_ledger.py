"""``coopdesk ledger``: the contador's books from the command line. Entries typed
the Peruvian way (decimal comma too) that must balance to the céntimo, exact
statements back, periods that close for good, reversals, member sub-ledgers that
reconcile, and a Spanish message with exit status 2 for every mistake, nothing
written."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import Book
from tests.cli.helpers import lines, ok, run
from tests.conftest import make_book
from tests.people import LOGIN

SALE = ("ledger", "post", "--date", "10/03/2026", "--description", "Venta lote 12 a Exportadora del Sur",
        "--line", "1212:37450,00:0", "--line", "701311:0:37450,00", "--reference", "F001-000045")
COST = ("ledger", "post", "--date", "2026-03-20", "--description", "Costo del acopio de marzo",
        "--line", "69131:30000:0", "--line", "101::30.000,00",
        "--confirmar-saldo-negativo", "El cobro de la venta se deposita después")  # Caja starts empty
FREIGHT = ("ledger", "post", "--date", "02/04/2026", "--description", "Flete a Puerto Maldonado",
           "--line", "631:1,200.00:0", "--line", "101:0:1200",
           "--confirmar-saldo-negativo", "El cobro de la venta se deposita después")


def as_json(capsys, db, *argv):
    return json.loads(ok(capsys, *argv, "--json", db=db))


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "coop.sqlite")
    make_book(path).close()
    return path


@pytest.fixture
def season(db, capsys) -> str:
    """The sale (S/ 37,450.00), the cost of the intake (S/ 30,000.00) and the freight (S/ 1,200.00)."""
    for argv in (SALE, COST, FREIGHT):
        ok(capsys, *argv, db=db)
    return db


def test_a_manual_entry_typed_with_a_decimal_comma_is_posted_and_printed(db, capsys):
    out = lines(ok(capsys, *SALE, db=db))
    assert out == [
        "Se registró el asiento 2026-000001 del 10/03/2026 por S/ 37,450.00.",
        "",
        "Asiento 2026-000001 del 10/03/2026: Venta lote 12 a Exportadora del Sur",
        "Referencia: F001-000045",
        "Cuenta Nombre Debe Haber",
        out[5],
        "1212 Facturas por cobrar a compradores S/ 37,450.00",
        "701311 Ventas: productos agropecuarios S/ 37,450.00",
        "Total S/ 37,450.00 S/ 37,450.00",
    ]
    out = lines(ok(capsys, *FREIGHT, db=db))
    assert out[0] == "Se registró el asiento 2026-000002 del 02/04/2026 por S/ 1,200.00."
    with Book.open(db, **LOGIN) as book:
        entries = book.ledger.entries()
    assert [(e.number, e.created_by, [(l.account, l.debit, l.credit) for l in e.lines]) for e in entries] == [
        ("2026-000001", entries[0].created_by, [("1212", D("37450.00"), D("0.00")),
                                                ("701311", D("0.00"), D("37450.00"))]),
        ("2026-000002", "admin", [("631", D("1200.00"), D("0.00")), ("101", D("0.00"), D("1200.00"))])]


def test_the_season_gives_a_trial_balance_that_balances_and_a_remanente(season, capsys):
    trial = as_json(capsys, season, "ledger", "trial-balance")
    assert trial["totals"] == {"debit": "68650.00", "credit": "68650.00", "debit_balance": "68650.00",
                               "credit_balance": "68650.00"}
    assert (trial["balanced"], trial["difference"], trial["from"], trial["to"]) == (True, "0.00", None, None)
    assert [(a["code"], a["debit"], a["credit"], a["debit_balance"], a["credit_balance"])
            for a in trial["accounts"]] == [
        ("101", "0.00", "31200.00", "0.00", "31200.00"), ("1212", "37450.00", "0.00", "37450.00", "0.00"),
        ("631", "1200.00", "0.00", "1200.00", "0.00"), ("69131", "30000.00", "0.00", "30000.00", "0.00"),
        ("701311", "0.00", "37450.00", "0.00", "37450.00")]
    out = lines(ok(capsys, "ledger", "trial-balance", db=season))
    assert out[0] == "Balance de comprobación, todos los asientos"
    assert out[1] == "Cuenta Nombre Debe Haber Saldo deudor Saldo acreedor"
    assert out[3:] == [
        "101 Caja S/ 31,200.00 S/ 31,200.00",
        "1212 Facturas por cobrar a compradores S/ 37,450.00 S/ 37,450.00",
        "631 Transporte y fletes S/ 1,200.00 S/ 1,200.00",
        "69131 Costo de ventas: productos agropecuarios S/ 30,000.00 S/ 30,000.00",
        "701311 Ventas: productos agropecuarios S/ 37,450.00 S/ 37,450.00",
        "Totales S/ 68,650.00 S/ 68,650.00 S/ 68,650.00 S/ 68,650.00",
        "",
        "Cuadra: el debe y el haber suman S/ 68,650.00 cada uno."]
    march = as_json(capsys, season, "ledger", "trial-balance", "--from", "01/03/2026", "--to", "31/03/2026")
    assert (march["from"], march["to"], march["totals"]["debit"], march["balanced"]) == (
        "2026-03-01", "2026-03-31", "67450.00", True)

    statement = as_json(capsys, season, "ledger", "income-statement", "--year", "2026")
    by_function = statement.pop("by_function")
    assert (by_function["net_sales"], by_function["cost_of_sales"], by_function["gross_margin"],
            by_function["operating_result"], by_function["result"]) == (
        "37450.00", "30000.00", "7450.00", "6250.00", "6250.00")
    assert by_function["lines"]["ventas_gastos"] == {
        "amount": "-1200.00", "accounts": [{"code": "631", "name": "Transporte y fletes", "amount": "-1200.00"}]}
    assert statement == {
        "year": 2026, "from": "2026-01-01", "to": "2026-12-31",
        "income": [{"code": "701311", "name": "Ventas: productos agropecuarios", "amount": "37450.00"}],
        "expenses": [{"code": "631", "name": "Transporte y fletes", "amount": "1200.00"},
                     {"code": "69131", "name": "Costo de ventas: productos agropecuarios", "amount": "30000.00"}],
        "total_income": "37450.00", "total_expenses": "31200.00", "result": "6250.00", "result_kind": "surplus"}
    out = lines(ok(capsys, "ledger", "income-statement", "--year", "2026", db=season))
    assert out[0] == "Estado de resultados por función del ejercicio 2026, del 01/01/2026 al 31/12/2026"
    assert out[3:11] == [
        "701311 Ventas: productos agropecuarios S/ 37,450.00",
        "Ventas netas (ingresos de actividades ordinarias) S/ 37,450.00",
        "69131 Costo de ventas: productos agropecuarios -S/ 30,000.00", "Costo de ventas -S/ 30,000.00",
        "Utilidad bruta S/ 7,450.00", "", "631 Transporte y fletes -S/ 1,200.00",
        "Gastos de ventas y distribución -S/ 1,200.00"]
    assert "Utilidad operativa S/ 6,250.00" in out and out[-1] == "Remanente del ejercicio: S/ 6,250.00"
    # to the end of March the freight is not there yet; --to alone gives its year
    march = as_json(capsys, season, "ledger", "income-statement", "--to", "31/03/2026")
    assert (march["year"], march["to"], march["result"]) == (2026, "2026-03-31", "7450.00")

    sheet = as_json(capsys, season, "ledger", "balance-sheet", "--date", "31/12/2026")
    assert sheet == {
        "date": "2026-12-31",
        "assets": [{"code": "101", "name": "Caja", "amount": "-31200.00"},
                   {"code": "1212", "name": "Facturas por cobrar a compradores", "amount": "37450.00"}],
        "liabilities": [], "equity": [], "result": "6250.00", "total_assets": "6250.00",
        "total_liabilities": "0.00", "total_equity": "6250.00", "total_liabilities_and_equity": "6250.00",
        "current_assets": ["101", "1212"], "noncurrent_assets": [], "current_liabilities": [],
        "noncurrent_liabilities": [], "balanced": True, "difference": "0.00"}
    out = lines(ok(capsys, "ledger", "balance-sheet", "--date", "31/12/2026", db=season))
    assert out[0] == "Estado de situación financiera al 31/12/2026"
    assert out[3:] == [
        "Activo", "Activo corriente", "101 Caja -S/ 31,200.00", "1212 Facturas por cobrar a compradores S/ 37,450.00",
        "Total activo corriente S/ 6,250.00", "Activo no corriente", "Total activo no corriente S/ 0.00",
        "Total activo S/ 6,250.00", "", "Pasivo", "Pasivo corriente", "Total pasivo corriente S/ 0.00",
        "Pasivo no corriente", "Total pasivo no corriente S/ 0.00", "Total pasivo S/ 0.00", "", "Patrimonio",
        "Remanente del ejercicio (sin cerrar) S/ 6,250.00", "Total patrimonio S/ 6,250.00", "",
        "Total pasivo y patrimonio S/ 6,250.00", "", "Cuadra: el activo es igual al pasivo más el patrimonio."]


def test_an_entry_that_does_not_balance_or_cannot_be_read_is_refused_and_nothing_is_written(db, capsys):
    code, out, err = run(capsys, "ledger", "post", "--date", "01/03/2026", "--description", "Compra de sacos",
                         "--line", "656:450,00:0", "--line", "101:0:405,00", db=db)
    assert (code, out, err) == (2, "", "Error: El asiento no cuadra: el debe suma S/ 450.00 y el haber S/ 405.00 "
                                       "(diferencia S/ 45.00).\n")
    code, out, err = run(capsys, "ledger", "post", "--date", "31/02/2026", "--description", "Compra",
                         "--line", "656-450", "--line", "101:0:4x5", "--line", "656:1,200:0", db=db)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Error: La fecha «31/02/2026» no es válida; escríbala como 31/12/2026.",
        "Error: Línea 1: escríbala como CUENTA:DEBE:HABER o CUENTA:DEBE:HABER:SOCIO, por ejemplo 656:450,00:0 "
        "(usted escribió «656-450»).",
        "Error: Línea 2: revise el haber «4x5».",
        "Error: «4x5» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5.",
        "Error: Línea 3: revise el debe «1,200».",
        "Error: «1,200» puede leerse como 1200 o como 1.200: escriba 1200 (sin coma de miles) o 1.200 (con punto "
        "decimal)."]
    code, out, err = run(capsys, "ledger", "post", "--date", "01/03/2026", "--description", " ",
                         "--line", "9999:10:0", "--line", "14222:0:10", "--line", "101:5:5", db=db)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Error: Escriba la glosa del asiento.",
        "Error: Línea 1: no existe la cuenta 9999.",
        "Error: Línea 3: escriba un monto en el debe o en el haber, no en los dos.",
        "Error: Línea 2: la cuenta 14222 lleva el socio (es una cuenta corriente de socios)."]
    code, out, err = run(capsys, "ledger", "post", "--date", "01/03/2026", "--description", "Sacos",
                         "--line", "656:450:0", db=db)
    assert (code, out, err) == (2, "", "Error: Un asiento tiene al menos dos líneas: un debe y un haber.\n")
    assert as_json(capsys, db, "ledger", "entries")["entries"] == []
    assert as_json(capsys, db, "ledger", "trial-balance")["totals"]["debit"] == "0.00"
    with Book.open(db, **LOGIN) as book:
        assert book.ledger.periods() == []  # not even the month was opened


def test_a_closed_period_takes_nothing_and_closes_forward_only(season, capsys):
    code, out, err = run(capsys, "ledger", "close", "2026-04", db=season)
    assert (code, err) == (2, "Error: Cierre primero los periodos anteriores que tienen asientos: 2026-03.\n")
    out = ok(capsys, "ledger", "close", "03/2026", db=season)
    assert out == ("Se cerró el periodo 2026-03: ya no se registra nada en él. Una corrección se hace con un "
                   "asiento en un periodo abierto.\n"
                   "Sus 2 asientos recibieron su correlativo del Libro Diario, por fecha: de D-2026-000001 a "
                   "D-2026-000002.\n")
    assert [(e["number"], e["diario"]) for e in as_json(capsys, season, "ledger", "entries")["entries"]] == [
        ("2026-000001", "D-2026-000001"), ("2026-000002", "D-2026-000002"), ("2026-000003", None)]
    with Book.open(season, **LOGIN) as book:
        assert [(p.code, p.status, p.closed_by) for p in book.ledger.periods()] == [
            ("2026-03", "cerrado", "admin"), ("2026-04", "abierto", "")]
    closed = ("Error: El periodo 2026-03 está cerrado: no se registra nada en él. Use una fecha desde el 01/04/2026; un "
        "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia.\n")
    code, out, err = run(capsys, "ledger", "post", "--date", "31/03/2026", "--description", "Ajuste",
                         "--line", "659:10,00:0", "--line", "101:0:10,00", db=season)
    assert (code, out, err) == (2, "", closed)
    # before a closed month nothing goes either, and the message names the closed month
    code, out, err = run(capsys, "ledger", "post", "--date", "2026-01-05", "--description", "Ajuste",
                         "--line", "659:10,00:0", "--line", "101:0:10,00", db=season)
    assert (code, out, err) == (2, "", "Error: El 05/01/2026 es anterior al periodo cerrado 2026-03: no se registra "
                                       "nada antes de un cierre. Use una fecha desde el 01/04/2026; un documento "
                                       "olvidado se registra con esa fecha, anotando su fecha real en la referencia.\n")
    code, out, err = run(capsys, "ledger", "reverse", "2026-000001", "--date", "31/03/2026",
                         "--reason", "Factura anulada", db=season)
    assert (code, err) == (2, closed)
    code, out, err = run(capsys, "ledger", "close", "2026-03", db=season)
    assert (code, err) == (2, "Error: El periodo 2026-03 ya está cerrado.\n")
    code, out, err = run(capsys, "ledger", "close", "marzo", db=season)
    assert (code, err) == (2, "Error: Escriba el periodo como 2026-03 o 03/2026 (usted escribió «marzo»).\n")
    # closing a month closes every month before it that has no entries; a month not ended is not closed
    ok(capsys, "ledger", "close", "2026-04", db=season)
    out = ok(capsys, "ledger", "close", "2026-08", db=season)
    assert out == ("Se cerraron los periodos 2026-05, 2026-06, 2026-07, 2026-08: ya no se registra nada en ellos. "
                   "Una corrección se hace con un asiento en un periodo abierto.\n")
    code, out, err = run(capsys, "ledger", "close", "2026-12", db=season)
    assert (code, err) == (2, "Error: El periodo 2026-12 aún no termina: se cierra cuando ha terminado el mes.\n")
    assert as_json(capsys, season, "ledger", "trial-balance")["totals"]["debit"] == "68650.00"


def test_a_reversal_is_posted_by_the_printed_number_and_the_libro_diario_says_so(season, capsys):
    out = lines(ok(capsys, "ledger", "reverse", "2026-1", "--date", "12/03/2026", "--reason",
                   "Factura anulada", db=season))
    assert out[:5] == [
        "Se revirtió el asiento 2026-000001 con el asiento 2026-000004 del 12/03/2026. El original se conserva; los "
        "dos juntos suman cero.",
        "",
        "Asiento 2026-000004 del 12/03/2026: Reversión de 2026-000001: Factura anulada",
        "Referencia: F001-000045",
        "Revierte el asiento 2026-000001."]
    assert out[7:] == ["1212 Facturas por cobrar a compradores S/ 37,450.00", "701311 Ventas: productos agropecuarios S/ 37,450.00",
                       "Total S/ 37,450.00 S/ 37,450.00"]
    out = lines(ok(capsys, "ledger", "entries", "--account", "1212", db=season))
    assert out[0] == "Libro Diario: asientos de la cuenta 1212 Facturas por cobrar a compradores, todos los asientos"
    assert [line for line in out if line.startswith(("Asiento", "Revert", "Reviert"))] == [
        "Asiento 2026-000001 del 10/03/2026: Venta lote 12 a Exportadora del Sur",
        "Revertido por el asiento 2026-000004.",
        "Asiento 2026-000004 del 12/03/2026: Reversión de 2026-000001: Factura anulada",
        "Revierte el asiento 2026-000001."]
    assert out[-1] == "2 asientos"
    # the original alone still names its reversal
    diario = as_json(capsys, season, "ledger", "entries", "--to", "10/03/2026")
    assert [(e["number"], e["reverses"], e["reversed_by"], e["total"]) for e in diario["entries"]] == [
        ("2026-000001", None, "2026-000004", "37450.00")]
    assert diario["entries"][0]["lines"][0] == {
        "account": "1212", "account_name": "Facturas por cobrar a compradores", "member": None, "debit": "37450.00",
        "credit": "0.00", "currency": "PEN", "foreign_amount": None, "exchange_rate": None, "description": ""}
    trial = as_json(capsys, season, "ledger", "trial-balance")
    assert [(a["code"], a["debit_balance"], a["credit_balance"]) for a in trial["accounts"]
            if a["code"] in ("1212", "701311")] == [("1212", "0.00", "0.00"), ("701311", "0.00", "0.00")]
    for number, message in (("2026-000001", "El asiento 2026-000001 ya fue revertido o es una reversión."),
                            ("2026-000004", "El asiento 2026-000004 ya fue revertido o es una reversión."),
                            ("2026-000099", "No existe el asiento 2026-000099."),
                            ("26-1", "Escriba el número del asiento como aparece en el Libro Diario, por ejemplo "
                                     "2026-000001 (usted escribió «26-1»).")):
        code, out, err = run(capsys, "ledger", "reverse", number, "--date", "12/03/2026", "--reason", "x", db=season)
        assert (code, out, err) == (2, "", f"Error: {message}\n")
    code, out, err = run(capsys, "ledger", "reverse", "2026-2", "--date", "12/03/2026", "--reason", " ", db=season)
    assert (code, err) == (2, "Error: Diga por qué se revierte el asiento.\n")


def test_a_member_account_carries_the_member_and_its_sub_ledger_reconciles(db, capsys):
    ok(capsys, "ledger", "post", "--date", "01/03/2026", "--description", "Adelantos de marzo",
       "--line", "14222:500:0:s0001", "--line", "14222:250,50:0:S0002", "--line", "101:0:750,50",
       "--confirm-negative-balance", "La caja de la oficina aún no se registró", db=db)
    ok(capsys, "ledger", "post", "--date", "15/03/2026", "--description", "Descuento en liquidación",
       "--line", "4419:100:0:S0001", "--line", "14222:0:100:S0001", db=db)
    ledger = as_json(capsys, db, "ledger", "members", "14222")
    assert ledger == {"account": "14222", "name": "Adelantos a socios", "date": None, "members": [
        {"member": "S0001", "name": "Quispe Mamani, Rosa", "balance": "400.00"},
        {"member": "S0002", "name": "Condori Apaza, Juan", "balance": "250.50"}],
        "total": "650.50", "control": "650.50", "reconciled": True, "difference": "0.00"}
    out = lines(ok(capsys, "ledger", "members", "14222", db=db))
    assert out[0] == "Cuenta 14222 Adelantos a socios por socio, todos los asientos"
    assert out[3:] == ["S0001 Quispe Mamani, Rosa S/ 400.00", "S0002 Condori Apaza, Juan S/ 250.50",
                       "Total de los socios S/ 650.50", "",
                       "Cuadra: la suma de los socios es el saldo de la cuenta 14222, S/ 650.50."]
    early = as_json(capsys, db, "ledger", "members", "14222", "--date", "10/03/2026")
    assert (early["date"], early["total"], early["control"], early["reconciled"]) == (
        "2026-03-10", "750.50", "750.50", True)
    entry = as_json(capsys, db, "ledger", "entries", "--account", "4419")["entries"]
    assert [(line["account"], line["member"]) for line in entry[0]["lines"]] == [("4419", "S0001"), ("14222", "S0001")]

    code, out, err = run(capsys, "ledger", "members", "101", db=db)
    assert (code, err) == (2, "Error: La cuenta 101 Caja no es una cuenta de socios. Las cuentas de socios son: "
                              "14221, 14222, 14223, 4419, 501.\n")
    code, out, err = run(capsys, "ledger", "members", "9999", db=db)
    assert (code, err) == (2, "Error: No existe la cuenta 9999. Vea el plan de cuentas con: coopdesk ledger "
                              "accounts\n")
    code, out, err = run(capsys, "ledger", "post", "--date", "01/03/2026", "--description", "Adelanto",
                         "--line", "14222:500:0:S9", "--line", "101:0:500:S0001", db=db)
    assert (code, out) == (2, "")
    assert err.splitlines() == ["Error: Línea 1: no existe el socio S9.",
                                "Error: Línea 2: la cuenta 101 no es de socios; quite el socio."]


def test_closing_the_year_posts_the_remanente_to_591(season, capsys, monkeypatch):
    code, out, err = run(capsys, "ledger", "close-year", "2026", db=season)  # on 7 December: not yet
    assert (code, out, err) == (2, "", "Error: El ejercicio 2026 aún no termina: se cierra desde el 1 de enero de "
                                       "2027, cuando ya no puede recibir ventas, gastos ni intereses.\n")
    monkeypatch.setenv("COOPDESK_TODAY", "2027-01-15")  # the contador comes back in January
    out = lines(ok(capsys, "ledger", "close-year", "2026", db=season))
    assert out == [
        "Se registró el asiento de cierre del ejercicio 2026 (2026-000004, 31/12/2026): los ingresos y gastos "
        "quedan en cero y el remanente de S/ 6,250.00 pasa a la cuenta 591 Excedentes por distribuir.",
        "Las cuentas de balance se cierran al 31/12/2026 (2026-000006) y se reabren el 01/01/2027 (2027-000001): "
        "el estado de situación no cambia de un día al otro.",
        "Los doce meses de 2026 quedan cerrados: nada más se registra con fecha de ese año.",
        "",
        "Asiento 2026-000004 del 31/12/2026: Determinación del resultado del ejercicio 2026",
        "Referencia: CIERRE-2026",
        "Cuenta Nombre Debe Haber",
        out[7],
        "631 Transporte y fletes S/ 1,200.00",
        "69131 Costo de ventas: productos agropecuarios S/ 30,000.00",
        "701311 Ventas: productos agropecuarios S/ 37,450.00",
        "891 Determinación del resultado: utilidad S/ 6,250.00",
        "Total S/ 37,450.00 S/ 37,450.00"]
    closing, night, reopening = as_json(capsys, season, "ledger", "entries", "--account", "591")["entries"]
    assert (closing["source"], closing["created_by"], closing["description"], closing["lines"][-1]["account"],
            closing["lines"][-1]["credit"]) == ("cierre", "admin", "Resultado del ejercicio 2026 a excedentes por "
                                                "distribuir", "591", "6250.00")
    assert [(e["source"], e["number"], e["date"]) for e in (night, reopening)] == [
        ("cierre_balance", "2026-000006", "2026-12-31"), ("reapertura", "2027-000001", "2027-01-01")]
    # the ejercicio's result is still its result; the sheet now shows it in 591
    assert as_json(capsys, season, "ledger", "income-statement", "--year", "2026")["result"] == "6250.00"
    sheet = as_json(capsys, season, "ledger", "balance-sheet", "--date", "31/12/2026")
    assert (sheet["equity"], sheet["result"], sheet["total_equity"], sheet["balanced"]) == (
        [{"code": "591", "name": "Excedentes por distribuir", "amount": "6250.00"}], "0.00", "6250.00", True)
    assert as_json(capsys, season, "ledger", "trial-balance")["balanced"] is True

    code, out, err = run(capsys, "ledger", "close-year", "2026", db=season)
    assert (code, err) == (2, "Error: El ejercicio 2026 ya está cerrado.\n")
    for year, message in (("20x6", "«20x6» no es un número entero."),
                          ("26", "«26» no es un año; escríbalo con cuatro cifras, por ejemplo 2026.")):
        code, out, err = run(capsys, "ledger", "close-year", year, db=season)
        assert (code, out, err) == (2, "", f"Error: {message}\n")
    assert ok(capsys, "ledger", "close-year", "2025", db=season) == (
        "El ejercicio 2025 no tenía ingresos ni gastos: quedó cerrado sin asiento de cierre.\n")


def test_a_loss_is_said_in_words(db, capsys, monkeypatch):
    ok(capsys, *FREIGHT, db=db)
    assert lines(ok(capsys, "ledger", "income-statement", "--year", "2026", db=db))[-1] == (
        "Pérdida del ejercicio: S/ 1,200.00")
    statement = as_json(capsys, db, "ledger", "income-statement", "--year", "2026")
    assert (statement["result"], statement["result_kind"]) == ("-1200.00", "loss")
    code, out, err = run(capsys, "ledger", "income-statement", "--year", "2026", "--to", "31/03/2025", db=db)
    assert (code, err) == (2, "Error: La fecha de --to (31/03/2025) no es del ejercicio 2026.\n")
    monkeypatch.setenv("COOPDESK_TODAY", "2027-01-15")
    assert lines(ok(capsys, "ledger", "close-year", "2026", db=db))[0].endswith(
        "la pérdida de S/ 1,200.00 pasa a la cuenta 592 Pérdidas acumuladas.")


def test_the_chart_is_listed_and_an_account_is_added(db, capsys):
    chart = as_json(capsys, db, "ledger", "accounts")["accounts"]
    assert chart[:4] == [{"code": "101", "name": "Caja", "kind": "activo", "member_ledger": False},
                         {"code": "1041", "name": "Cuentas corrientes en bancos", "kind": "activo",
                          "member_ledger": False},
                         {"code": "1212", "name": "Facturas por cobrar a compradores", "kind": "activo",
                          "member_ledger": False},
                         {"code": "14221", "name": "Préstamos a socios", "kind": "activo", "member_ledger": True}]
    out = lines(ok(capsys, "ledger", "accounts", db=db))
    assert out[:2] == ["Plan de cuentas", "Código Nombre Tipo Socios"]
    assert "14222 Adelantos a socios activo sí" in out
    assert "701311 Ventas: productos agropecuarios ingreso" in out
    assert out[-1] == (f"{len(chart)} cuentas. «Socios»: sus líneas llevan el socio (cuenta corriente de "
                       "socios).")

    assert ok(capsys, "ledger", "accounts", "add", "6391", "Mantenimiento de equipos", "--kind", "Gasto", db=db) == (
        "Se registró la cuenta 6391 Mantenimiento de equipos (gasto).\n")
    assert ok(capsys, "ledger", "accounts", "add", "1684", "Semillas a socios", "--kind", "activo",
              "--members", db=db) == ("Se registró la cuenta 1684 Semillas a socios (activo). Es una cuenta de socios: "
                               "cada línea lleva el socio.\n")
    ok(capsys, "ledger", "post", "--date", "05/03/2026", "--description", "Mantenimiento de la balanza",
       "--line", "6391:80:0", "--line", "101:0:80", "--confirm-negative-balance", "Caja chica sin registrar", db=db)
    ok(capsys, "ledger", "post", "--date", "05/03/2026", "--description", "Semillas", "--line", "1684:120:0:S0003",
       "--line", "101:0:120", "--confirm-negative-balance", "Caja chica sin registrar", db=db)
    assert as_json(capsys, db, "ledger", "members", "1684")["members"] == [
        {"member": "S0003", "name": "Huamán Flores, Carmen", "balance": "120.00"}]

    code, out, err = run(capsys, "ledger", "accounts", "add", "6391", "Otra", "--kind", "gasto", db=db)
    assert (code, err) == (2, "Error: Ya existe la cuenta 6391.\n")
    code, out, err = run(capsys, "ledger", "accounts", "add", "63a", " ", "--kind", "gasto", db=db)
    assert (code, err.splitlines()) == (2, ["Error: El código de cuenta son dígitos del Plan Contable, por ejemplo "
                                            "6391.", "Error: Escriba el nombre de la cuenta."])
    code, out, err = run(capsys, "ledger", "accounts", "add", "7", "x", "--kind", "deuda", db=db)
    assert code == 2 and "argumento --kind: opción no válida: 'deuda'" in err and "Traceback" not in err


def test_the_ledger_speaks_spanish_and_never_shows_a_traceback(db, capsys):
    code, out, err = run(capsys, "ledger", "--help", db=db)
    assert code == 0 and "Balance de comprobación" in out and "Libro Diario" in out
    code, out, err = run(capsys, "ledger", "post", "--date", "01/03/2026", db=db)
    assert code == 2 and "faltan estos argumentos obligatorios: --description, --line" in err
    code, out, err = run(capsys, "ledger", "trial-balance", "--from", "ayer", db=db)
    assert (code, err) == (2, "Error: La fecha «ayer» no es válida; escríbala como 31/12/2026.\n")
    assert lines(ok(capsys, "ledger", "entries", db=db)) == ["Libro Diario, todos los asientos", "No hay asientos."]
    assert lines(ok(capsys, "ledger", "trial-balance", "--to", "31/03/2026", db=db)) == [
        "Balance de comprobación, hasta el 31/03/2026", "No hay asientos."]
    code, out, err = run(capsys, "ledger", "entries", "--account", "9999", db=db)
    assert (code, err) == (2, "Error: No existe la cuenta 9999. Vea el plan de cuentas con: coopdesk ledger "
                              "accounts\n")
    with Book.open(db, **LOGIN) as book:
        assert book.ledger.entries(end=date(2026, 12, 31)) == []


def test_the_diario_and_the_trial_balance_export_for_the_contador(season, tmp_path, capsys):
    out = tmp_path / "diario.xlsx"
    code, stdout, err = run(capsys, "export", "journal", "--out", str(out), db=season)
    assert (code, stdout, err) == (0, f"Se exportaron 6 líneas del Libro Diario a {out}.\n", "")
    out = tmp_path / "balance.csv"
    code, stdout, err = run(capsys, "export", "trial-balance", "--out", str(out), db=season)
    assert (code, stdout) == (0, f"Se exportó el balance de comprobación (5 cuentas) a {out}.\n")


def test_the_opening_balances_and_the_documents_of_an_older_book_are_posted(db, capsys):
    out = ok(capsys, "ledger", "post", "--opening", "--date", "01/01/2026", "--description", "Apertura 2026",
             "--line", "1041:50000:0", "--line", "582:0:50000", db=db)
    assert lines(out)[0] == "Se registró el asiento 2026-000001 del 01/01/2026 por S/ 50,000.00."
    code, _out, err = run(capsys, "ledger", "post", "--opening", "--date", "02/01/2026", "--description",
                          "Otra", "--line", "1041:10:0", "--line", "582:0:10", db=db)
    assert code == 2 and "ya tiene su asiento de apertura (2026-000001)" in err
    assert lines(ok(capsys, "ledger", "post-pending", db=db)) == [
        "Todo estaba contabilizado: no había entregas ni movimientos sin asiento."]
    with Book.open(db, **LOGIN) as book:
        assert [e.source_kind for e in book.ledger.entries()] == ["apertura"]
