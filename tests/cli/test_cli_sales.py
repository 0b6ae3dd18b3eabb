"""``coopdesk sales`` and ``coopdesk expenses``: the treasurer records a dollar sale
with its premium and differential, a sale in soles paid into the bank, an expense
owed to the supplier; lists them (also as JSON with decimal strings); voids them
with a reason (each entry reversed in the books); and every mistake is a Spanish
message with exit status 2, nothing written."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import Book
from tests.cli.helpers import lines, ok, run
from tests.conftest import cacao, cash_in_hand, make_book
from tests.people import LOGIN

DOLLAR_SALE = ("sales", "add", "--date", "10/04/2026", "--buyer", "Exportadora del Sur S.A.C.", "--product",
               "CACAO-SECO", "--certification", "orgánico", "--kg", "100", "--price", "6,0000", "--currency", "USD",
               "--rate", "3.7450", "--premium", "24.00", "--differential", "30", "--contract", "C-2026-07",
               "--invoice", "F001-000045")
FREIGHT = ("expenses", "add", "--date", "2026-04-12", "--account", "631", "--description", "Flete a Puerto Maldonado",
           "--amount", "300", "--supplier", "Transportes Inambari", "--reference", "B001-332")


def refused(capsys, db, *argv) -> list[str]:
    code, out, err = run(capsys, *argv, db=db)
    assert (code, out) == (2, "")
    return lines(err)


@pytest.fixture
def db(tmp_path) -> str:
    """Rosa's 120.1 kg of organic dry cacao at S/ 18.50 are in the almacén: S/ 2,221.85,
    paid out of the working capital received that morning (entry 2026-000002)."""
    path = str(tmp_path / "coop.sqlite")
    book = make_book(path)
    cash_in_hand(book, day=date(2026, 3, 4))
    book.deliveries.record(cacao("001-000001"))
    book.close()
    return path


def test_a_dollar_sale_with_premium_and_differential_is_recorded_with_its_entry(db, capsys):
    out = lines(ok(capsys, *DOLLAR_SALE, db=db))
    assert out == [
        "Se registró la venta N.º 1 del 10/04/2026 a Exportadora del Sur S.A.C.: 100.00 kg de Cacao grano seco "
        "(orgánico) por S/ 2,449.23, costo de venta S/ 1,850.00, por cobrar al comprador (1212). Asiento 2026-000003.",
        "US$ 600.00 × 3.7450; prima US$ 24.00, diferencial US$ 30.00.",
    ]
    with Book.open(db, **LOGIN) as book:
        [entry] = [e for e in book.ledger.entries() if e.source_kind == "venta"]
        [sale] = book.sales.list()
    assert (entry.number, entry.reference) == ("2026-000003", "F001-000045")
    assert [(line.account, line.debit, line.credit) for line in entry.lines] == [
        ("1212", D("2247.00"), D("0.00")), ("701311", D("0.00"), D("2247.00")),
        ("1212", D("112.35"), D("0.00")), ("701312", D("0.00"), D("112.35")),
        ("1212", D("89.88"), D("0.00")), ("46993", D("0.00"), D("89.88")),
        ("69131", D("1850.00"), D("0.00")), ("203211", D("0.00"), D("1850.00"))]
    assert (sale.buyer, sale.currency, sale.exchange_rate, sale.total_pen) == (
        "Exportadora del Sur S.A.C.", "USD", D("3.7450"), D("2449.23"))


def test_the_list_shows_every_figure_and_the_json_gives_decimal_strings(db, capsys):
    ok(capsys, *DOLLAR_SALE, db=db)
    ok(capsys, "sales", "add", "--date", "12/04/2026", "--buyer", "Chocolates Amazonía", "--product",
       "CACAO-SECO", "--certification", "organico", "--kg", "10", "--price", "18.50", "--paid-into", "1041", db=db)
    out = lines(ok(capsys, "sales", "list", db=db))
    assert out[0] == ("N.º Fecha Comprador Contrato Factura Producto Certificación Kg Precio por kg T. cambio Prima "
                      "Diferencial Total S/ Costo S/ Asiento Estado")
    assert out[2:] == [
        "1 10/04/2026 Exportadora del Sur S.A.C. C-2026-07 F001-000045 Cacao grano seco Orgánico 100.00 US$ 6.00 "
        "3.7450 US$ 24.00 US$ 30.00 S/ 2,449.23 S/ 1,850.00 2026-000003 Registrada",
        "2 12/04/2026 Chocolates Amazonía Cacao grano seco Orgánico 10.00 S/ 18.50 S/ 185.00 S/ 185.00 2026-000004 Registrada",
        "2 ventas: total S/ 2,634.23, costo de venta S/ 2,035.00.",
    ]
    data = json.loads(ok(capsys, "sales", "list", "--json", db=db))
    first, second = data["sales"]
    assert first == {
        "id": 1, "date": "2026-04-10", "buyer": "Exportadora del Sur S.A.C.", "contract": "C-2026-07",
        "invoice": "F001-000045", "product": "CACAO-SECO", "product_name": "Cacao grano seco",
        "certification": "organico", "kg": "100.000", "currency": "USD", "price": "6.0000",
        "exchange_rate": "3.7450", "amount": "600.00", "premium": "24.00", "differential": "30.00",
        "total_pen": "2449.23", "cost": "1850.00", "debit_account": "1212", "entry": "2026-000003",
        "voided": False, "void_reason": None, "cooperative_act": True}
    assert (second["currency"], second["exchange_rate"], second["total_pen"], second["debit_account"]) == (
        "PEN", None, "185.00", "1041")
    # a date range
    assert [s["id"] for s in json.loads(ok(capsys, "sales", "list", "--from", "11/04/2026", "--json", db=db))[
        "sales"]] == [2]


def test_selling_more_than_the_almacen_holds_is_refused(db, capsys):
    assert refused(capsys, db, "sales", "add", "--date", "10/04/2026", "--buyer", "Exportadora del Sur",
                   "--product", "CACAO-SECO", "--certification", "organico", "--kg", "150", "--price", "20") == [
        "Error: No hay tantos kilos en el almacén: vende 150 kg y de Cacao grano seco, Orgánico, hay 120.100 kg "
        "(entregas menos ventas registradas). Revise los kilos, el producto o la certificación."]
    code, out, _err = run(capsys, "sales", "list", "--json", db=db)
    assert code == 0 and '"sales": []' in out


def test_a_sale_with_mistakes_names_each_one_and_records_nothing(db, capsys):
    assert refused(capsys, db, "sales", "add", "--date", "10/04/2026", "--buyer", " ", "--product", "CACAO-SECO",
                   "--certification", "organico", "--kg", "0", "--price", "6,12345", "--currency", "USD") == [
        "Error: Escriba el comprador.",
        "Error: Los kilos vendidos deben ser mayores que cero, con tres decimales como máximo.",
        "Error: El precio por kg no puede ser negativo y lleva cuatro decimales como máximo.",
        "Error: Una venta en dólares lleva el tipo de cambio del día, con cuatro decimales como máximo (por ejemplo "
        "3.7450)."]
    assert refused(capsys, db, "sales", "add", "--date", "31/13/2026", "--buyer", "Exportadora", "--product",
                   "CACAO-SECO", "--certification", "organico", "--kg", "1,234", "--price", "6") == [
        "Error: La fecha «31/13/2026» no es válida; escríbala como 31/12/2026.",
        "Error: «1,234» puede leerse como 1234 o como 1.234: escriba 1234 (sin coma de miles) o 1.234 (con punto "
        "decimal)."]
    assert refused(capsys, db, "sales", "add", "--date", "10/04/2026", "--buyer", "Exportadora", "--product", "CAFE",
                   "--certification", "organico", "--kg", "10", "--price", "6") == [
        "Error: No existe el producto CAFE."]
    with Book.open(db, **LOGIN) as book:
        assert book.sales.list() == []
        assert [e.source_kind for e in book.ledger.entries()] == ["manual", "entrega"]


def test_a_sale_in_a_closed_period_is_refused_with_the_ledgers_words(db, capsys):
    with Book.open(db, **LOGIN) as book:
        book.ledger.close(2026, 3)  # the month of Rosa's ticket
        book.ledger.close(2026, 4)
    assert refused(capsys, db, *DOLLAR_SALE) == [
        "Error: El periodo 2026-04 está cerrado: no se registra nada en él. Use una fecha desde el 01/05/2026; un "
        "documento olvidado se registra con esa fecha, anotando su fecha real en la referencia."]


def test_voiding_a_sale_asks_a_reason_reverses_its_entry_and_marks_it(db, capsys):
    ok(capsys, *DOLLAR_SALE, db=db)
    code, out, err = run(capsys, "sales", "void", "1", db=db)
    assert code == 2 and "--reason" in err
    assert refused(capsys, db, "sales", "void", "1", "--reason", " ") == ["Error: Diga por qué se anula la venta."]
    assert lines(ok(capsys, "sales", "void", "1", "--reason", "Factura anulada por el comprador", db=db)) == [
        "Se anuló la venta N.º 1: se conserva, marcada como anulada, y su asiento se revirtió con fecha de hoy."]
    out = lines(ok(capsys, "sales", "list", db=db))
    assert out[2].endswith("2026-000003 Anulada: Factura anulada por el comprador")
    assert out[3] == "0 ventas: total S/ 0.00, costo de venta S/ 0.00. 1 anulada, sin contar."
    assert refused(capsys, db, "sales", "void", "1", "--reason", "otra vez") == [
        "Error: La venta 1 ya estaba anulada: Factura anulada por el comprador"]
    assert refused(capsys, db, "sales", "void", "7", "--reason", "x") == ["Error: No existe la venta 7."]
    assert refused(capsys, db, "sales", "void", "uno", "--reason", "x") == ["Error: «uno» no es un número entero."]
    with Book.open(db, **LOGIN) as book:
        balances = {r.code: r.balance for r in book.ledger.trial_balance().rows}
        reversal = book.ledger.entries()[-1]
    assert (balances["1212"], balances["701311"], balances["203211"]) == (D("0.00"), D("0.00"), D("2221.85"))
    assert reversal.reverses is not None and reversal.source_kind == "venta"


def test_an_expense_owed_to_the_supplier_is_listed_and_voided(db, capsys):
    assert lines(ok(capsys, *FREIGHT, db=db)) == [
        "Se registró el gasto N.º 1 del 12/04/2026: Flete a Puerto Maldonado, S/ 300.00 a 631 Transporte y fletes, "
        "caja (101). Asiento 2026-000003."]
    ok(capsys, "expenses", "add", "--date", "14/04/2026", "--account", "656", "--description", "Sacos de yute",
       "--amount", "1.250,50", "--paid-from", "4212", "--supplier", "Comercial Madre de Dios", db=db)
    out = lines(ok(capsys, "expenses", "list", db=db))
    assert out[0] == "N.º Fecha Cuenta Descripción Proveedor Comprobante Monto Pagado con Asiento Estado"
    assert out[2:] == [
        "1 12/04/2026 631 Transporte y fletes Flete a Puerto Maldonado Transportes Inambari B001-332 S/ 300.00 "
        "Caja (101) 2026-000003 Registrado",
        "2 14/04/2026 656 Suministros Sacos de yute Comercial Madre de Dios S/ 1,250.50 Por pagar al proveedor (4212) "
        "2026-000004 Registrado",
        "2 gastos: total S/ 1,550.50."]
    [first, second] = json.loads(ok(capsys, "expenses", "list", "--json", db=db))["expenses"]
    assert second == {"id": 2, "date": "2026-04-14", "account": "656", "account_name": "Suministros",
                      "description": "Sacos de yute", "supplier": "Comercial Madre de Dios", "reference": "",
                      "amount": "1250.50", "paid_from": "4212", "entry": "2026-000004", "voided": False,
                      "void_reason": None, "cooperative_act": True}
    ok(capsys, "expenses", "void", "1", "--reason", "Boleta duplicada", db=db)
    out = lines(ok(capsys, "expenses", "list", db=db))
    assert out[2].endswith("2026-000003 Anulado: Boleta duplicada")
    assert out[-1] == "1 gasto: total S/ 1,250.50. 1 anulado, sin contar."
    with Book.open(db, **LOGIN) as book:
        balances = {r.code: r.balance for r in book.ledger.trial_balance().rows}
    assert (balances["631"], balances["656"], balances["4212"]) == (D("0.00"), D("1250.50"), D("1250.50"))


def test_an_expense_with_mistakes_is_refused_and_the_accounts_it_may_go_to_are_listed(db, capsys):
    assert refused(capsys, db, "expenses", "add", "--date", "12/04/2026", "--account", "14222", "--description", " ",
                   "--amount", "300.001") == [
        "Error: Escriba en qué se gastó.",
        "Error: El monto debe ser mayor que cero, en soles con dos decimales como máximo.",
        "Error: La cuenta 14222 no es de gastos (ni una compra de insumos o producto)."]
    code, out, err = run(capsys, *FREIGHT, "--paid-from", "999", db=db)
    assert code == 2 and "opción no válida: '999'" in err
    out = lines(ok(capsys, "expenses", "accounts", db=db))
    assert out[0] == "Cuentas a las que se carga un gasto"
    assert "631 Transporte y fletes" in out and "656 Suministros" in out and not any(
        line.startswith("101 ") or line.startswith("14222 ") for line in out)
    accounts = json.loads(ok(capsys, "expenses", "accounts", "--json", db=db))["accounts"]
    assert {"code": "631", "name": "Transporte y fletes"} in accounts
    with Book.open(db, **LOGIN) as book:
        assert book.expenses.list() == []


def test_empty_lists_say_so(db, capsys):
    assert lines(ok(capsys, "sales", "list", db=db)) == ["No hay ventas registradas."]
    assert lines(ok(capsys, "expenses", "list", db=db)) == ["No hay gastos registrados."]
    assert json.loads(ok(capsys, "sales", "list", "--json", db=db)) == {"sales": []}


def test_a_buyer_pays_a_dollar_invoice_at_the_days_rate(db, capsys):
    ok(capsys, *DOLLAR_SALE, db=db)
    out = ok(capsys, "sales", "collect", "1", "--date", "02/05/2026", "--rate", "3.7600", db=db)
    assert out.replace("\u00a0", " ").strip() == "Se registró el cobro de la venta N.º 1: asiento 2026-000004 por " \
        "S/ 2,459.04."
    with Book.open(db, **LOGIN) as book:
        [entry] = [e for e in book.ledger.entries() if e.source_kind == "cobro"]
        assert [(l.account, l.debit, l.credit) for l in entry.lines][-1] == ("776", D("0.00"), D("9.81"))
    assert refused(capsys, db, "sales", "collect", "1", "--date", "03/05/2026", "--rate", "3.7600") == [
        "Error: La venta 1 ya fue cobrada el 02/05/2026."]


def test_an_expense_owed_to_the_supplier_is_paid_from_the_bank(db, capsys):
    ok(capsys, "expenses", "add", "--date", "14/04/2026", "--account", "656", "--description", "Sacos de yute",
       "--amount", "1250.50", "--paid-from", "4212", "--supplier", "Comercial Madre de Dios", db=db)
    out = ok(capsys, "expenses", "pay", "1", "--date", "02/05/2026", db=db)
    assert out.replace("\u00a0", " ").strip() == ("Se registró el pago al proveedor del gasto N.º 1: asiento "
                                                  "2026-000004 por S/ 1,250.50.")
    assert "Pagado el 02/05/2026" in ok(capsys, "expenses", "list", db=db)


def test_a_collection_typed_wrong_is_cancelled_and_typed_again(db, capsys):
    ok(capsys, *DOLLAR_SALE, db=db)
    ok(capsys, "sales", "collect", "1", "--date", "02/05/2026", "--rate", "37.6000", db=db)
    out = ok(capsys, "sales", "cancel-collection", "1", "--reason", "Tipo de cambio mal digitado", db=db)
    assert out.strip() == ("Se anuló el cobro de la venta N.º 1: su asiento se revirtió con fecha de hoy y la venta "
                           "queda por cobrar.")
    ok(capsys, "sales", "collect", "1", "--date", "02/05/2026", "--rate", "3.7600", db=db)
    with Book.open(db, **LOGIN) as book:
        assert next(r.balance for r in book.ledger.trial_balance().rows if r.code == "776") == D("9.81")
