"""SUNAT's electronic books (PLE 5.1, 5.3, 6.1, 1.1, 1.2) of a month, checked field
by field against lines written BY HAND from Anexo 2's structures (docs/ple.md),
never produced by the code under test.

The fixture month, March 2026, of the Cooperativa Agraria Tambopata (RUC
20600123450):

  2026-000001  01/03  Apertura del ejercicio: 101 5,000.00 and 1041 20,000.00 / 591 25,000.00
  2026-000002  10/03  a US$ sale: 1212 37,450.00 (USD) / 701311 37,450.00, ref. F001-000045
  2026-000003  15/03  sacks bought in cash: 656 450.50 / 101 450.50, a glosa with «/» and «|»
  2026-000004  20/03  the sale collected in the bank: 1041 37,450.00 / 1212 37,450.00
  2026-000005  25/03  an advance to Rosa from the bank: 14222 300.00 (S0001) / 1041 300.00
  2026-000006  02/04  freight, in April: in no March file

March is closed (the electronic books are of a closed month): its entries were
posted in date order, so their correlativos in the Libro Diario, the CUOs, are
their posting numbers (tests/core/test_diario_numbers.py: a back-dated entry).
"""

from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.core import InvalidInput
from coopdesk.core.ple import month_files, write_month
from coopdesk.domain.ledger import DEFAULT_CHART, EntryInput, LineInput
from tests.conftest import cash_in_hand

RUC = "20600123450"
BANK = ("1041", "11", "0011-0123-0100012345")


def post_march(book):
    book.ledger.post_opening(EntryInput(date(2026, 3, 1), "Apertura del ejercicio", (
        LineInput("101", debit=D("5000.00")), LineInput("1041", debit=D("20000.00")),
        LineInput("591", credit=D("25000.00")))))
    book.ledger.post(EntryInput(date(2026, 3, 10), "Venta lote 12 a Exportadora del Sur", (
        LineInput("1212", debit=D("37450.00"), currency="USD", foreign_amount=D("10000.00"),
                  exchange_rate=D("3.7450")),
        LineInput("701311", credit=D("37450.00"))), reference="F001-000045"))
    book.ledger.post(EntryInput(date(2026, 3, 15), "Compra de sacos, guía 15/03 | proveedor", (
        LineInput("656", debit=D("450.50"), description="Sacos de yute\\50 u."),
        LineInput("101", credit=D("450.50")))))
    book.ledger.post(EntryInput(date(2026, 3, 20), "Cobranza de la factura F001-000045", (
        LineInput("1041", debit=D("37450.00")), LineInput("1212", credit=D("37450.00"))), reference="F001-000045"))
    book.ledger.post(EntryInput(date(2026, 3, 25), "Adelanto a Rosa Quispe", (
        LineInput("14222", debit=D("300.00"), member_code="S0001"), LineInput("1041", credit=D("300.00")))))
    book.ledger.post(EntryInput(date(2026, 4, 2), "Flete a Puerto Maldonado", (
        LineInput("631", debit=D("1200.00")), LineInput("101", credit=D("1200.00")))))
    book.settings.set_ple_bank_account(*BANK)
    book.ledger.close(2026, 3)


# -- 5.1 Libro Diario: 21 fields --------------------------------------------------------------------
#  1 periodo | 2 CUO | 3 correlativo | 4 cuenta | 5 unidad de operación | 6 centro de costos | 7 moneda |
#  8 tipo doc. emisor | 9 nro. doc. emisor | 10 tipo de comprobante | 11 serie | 12 número | 13 fecha contable |
#  14 vencimiento | 15 fecha de operación | 16 glosa | 17 glosa referencial | 18 debe | 19 haber |
#  20 dato estructurado | 21 estado
DIARIO = [
    "20260300|2026000001|A1|101|||PEN|||00||2026000001|01/03/2026||01/03/2026|Apertura del ejercicio||5000.00|0.00||1|",
    "20260300|2026000001|A2|1041|||PEN|||00||2026000001|01/03/2026||01/03/2026|"
    "Apertura del ejercicio||20000.00|0.00||1|",
    "20260300|2026000001|A3|591|||PEN|||00||2026000001|01/03/2026||01/03/2026|"
    "Apertura del ejercicio||0.00|25000.00||1|",
    "20260300|2026000002|M1|1212|||USD|||00||2026000002|10/03/2026||10/03/2026|Venta lote 12 a Exportadora del Sur|"
    "F001-000045|37450.00|0.00||1|",
    "20260300|2026000002|M2|701311|||PEN|||00||2026000002|10/03/2026||10/03/2026|Venta lote 12 a Exportadora del "
    "Sur|F001-000045|0.00|37450.00||1|",
    "20260300|2026000003|M1|656|||PEN|||00||2026000003|15/03/2026||15/03/2026|Compra de sacos, guía 15-03 proveedor|"
    "Sacos de yute-50 u.|450.50|0.00||1|",
    "20260300|2026000003|M2|101|||PEN|||00||2026000003|15/03/2026||15/03/2026|Compra de sacos, guía 15-03 proveedor|"
    "|0.00|450.50||1|",
    "20260300|2026000004|M1|1041|||PEN|||00||2026000004|20/03/2026||20/03/2026|Cobranza de la factura F001-000045|"
    "F001-000045|37450.00|0.00||1|",
    "20260300|2026000004|M2|1212|||PEN|||00||2026000004|20/03/2026||20/03/2026|Cobranza de la factura F001-000045|"
    "F001-000045|0.00|37450.00||1|",
    "20260300|2026000005|M1|14222|||PEN|||00||2026000005|25/03/2026||25/03/2026|Adelanto a Rosa Quispe||300.00|0.00"
    "||1|",
    "20260300|2026000005|M2|1041|||PEN|||00||2026000005|25/03/2026||25/03/2026|Adelanto a Rosa Quispe||0.00|300.00"
    "||1|",
]


def by_libro(files):
    return {f.libro.number: f for f in files}


@pytest.fixture
def march(book):
    """On SQLite and on PostgreSQL (the core reads SQLite's rows through the driver)."""
    post_march(book)
    return book


def test_the_diario_of_a_month_has_every_line_of_its_entries_field_by_field(march):
    [diario] = month_files(march, 2026, 3, ["5.1"])
    assert diario.name == "LE2060012345020260300050100001111.txt"
    assert list(diario.lines) == DIARIO
    for written, expected in zip(diario.lines, DIARIO):
        fields = written.split("|")
        assert len(fields) == 22 and fields[-1] == ""  # 21 fields, each followed by «|»
        assert fields[:21] == expected.split("|")[:21]
    # the debits and credits of each CUO add up (Anexo 2, fields 18 and 19)
    totals = {}
    for line in diario.lines:
        f = line.split("|")
        d, c = totals.get(f[1], (D(0), D(0)))
        totals[f[1]] = (d + D(f[17]), c + D(f[18]))
    assert all(d == c for d, c in totals.values())


def test_the_mayor_has_the_same_lines_grouped_by_account(march):
    [mayor] = month_files(march, 2026, 3, ["6.1"])
    assert mayor.name == "LE2060012345020260300060100001111.txt"
    order = ["101", "1041", "1212", "14222", "591", "656", "701311"]
    expected = sorted(DIARIO, key=lambda line: order.index(line.split("|")[3]))
    assert list(mayor.lines) == expected
    assert [line.split("|")[2] for line in mayor.lines if line.split("|")[3] == "101"] == ["A1", "M2"]


# -- 1.1 Caja y Bancos, efectivo: 19 fields ------------------------------------------------------------
#  1 periodo | 2 CUO | 3 correlativo | 4 cuenta | 5 unidad | 6 centro de costos | 7 moneda | 8 tipo de comprobante |
#  9 serie | 10 número | 11 fecha contable | 12 vencimiento | 13 fecha de operación | 14 glosa | 15 glosa referencial |
#  16 debe | 17 haber | 18 dato estructurado | 19 estado
CAJA = [
    "20260300|2026000001|A1|101|||PEN|00||2026000001|01/03/2026||01/03/2026|Apertura del ejercicio||5000.00|0.00||1|",
    "20260300|2026000001|A2|1041|||PEN|00||2026000001|01/03/2026||01/03/2026|Apertura del ejercicio||20000.00|0.00||1|",
    "20260300|2026000001|A3|591|||PEN|00||2026000001|01/03/2026||01/03/2026|Apertura del ejercicio||0.00|25000.00||1|",
    "20260300|2026000003|M1|656|||PEN|00||2026000003|15/03/2026||15/03/2026|Compra de sacos, guía 15-03 proveedor|"
    "Sacos de yute-50 u.|450.50|0.00||1|",
    "20260300|2026000003|M2|101|||PEN|00||2026000003|15/03/2026||15/03/2026|Compra de sacos, guía 15-03 proveedor|"
    "|0.00|450.50||1|",
]

# -- 1.2 Caja y Bancos, cuenta corriente: 15 fields ------------------------------------------------------
#  1 periodo | 2 CUO | 3 correlativo | 4 entidad financiera | 5 cuenta bancaria | 6 fecha | 7 medio de pago |
#  8 descripción | 9 tipo doc. girador o beneficiario | 10 número | 11 nombre | 12 nro. de transacción |
#  13 parte deudora | 14 parte acreedora | 15 estado
BANCOS = [
    "20260300|2026000001|A2|11|0011-0123-0100012345|01/03/2026|999|Apertura del ejercicio|-|-|varios|2026000001|"
    "20000.00|0.00|1|",
    "20260300|2026000004|M1|11|0011-0123-0100012345|20/03/2026|999|Cobranza de la factura F001-000045|-|-|varios|"
    "2026000004|37450.00|0.00|1|",
    "20260300|2026000005|M2|11|0011-0123-0100012345|25/03/2026|999|Adelanto a Rosa Quispe|1|41234567|"
    "Quispe Mamani, Rosa|2026000005|0.00|300.00|1|",
]


def test_caja_has_the_whole_entries_that_move_cash_and_bancos_the_bank_lines(march):
    caja, bancos = month_files(march, 2026, 3, ["1.1", "1.2"])
    assert caja.name == "LE2060012345020260300010100001111.txt"
    assert bancos.name == "LE2060012345020260300010200001111.txt"
    assert list(caja.lines) == CAJA
    assert all(len(line.split("|")) == 20 for line in caja.lines)
    assert list(bancos.lines) == BANCOS
    assert all(len(line.split("|")) == 16 for line in bancos.lines)


def test_the_plan_de_cuentas_lists_every_account_of_the_chart_as_pcge(march):
    march.ledger.add_account("6391", "Gastos de certificación orgánica", "gasto")
    mayor, plan = month_files(march, 2026, 3, ["6.1", "5.3"])
    assert len(mayor.lines) == len(DIARIO)  # asked before the plan, neither spoils the other
    assert plan.name == "LE2060012345020260300050300001111.txt"
    # 1 periodo | 2 cuenta | 3 descripción | 4 plan (tabla 17) | 5 descr. plan | 6 corporativa | 7 descr. | 8 estado
    assert plan.lines[0] == "20260301|101|Caja|01||||1|"
    assert "20260301|203211|Mercaderías de origen vegetal: orgánico|01||||1|" in plan.lines
    assert "20260301|6391|Gastos de certificación orgánica|01||||1|" in plan.lines
    assert len(plan.lines) == len(DEFAULT_CHART) + 1


def test_an_empty_month_gives_empty_files_named_sin_informacion(march):
    march.ledger.close(2026, 4)
    march.ledger.close(2026, 5)
    files = month_files(march, 2026, 5, ["5.1", "6.1", "1.1", "1.2"])
    assert [(f.name, f.lines, f.content) for f in files] == [
        ("LE2060012345020260500050100001011.txt", (), b""),
        ("LE2060012345020260500060100001011.txt", (), b""),
        ("LE2060012345020260500010100001011.txt", (), b""),
        ("LE2060012345020260500010200001011.txt", (), b"")]


def test_the_files_are_written_in_ansi_with_crlf_lines(march, tmp_path):
    paths = write_month(march, 2026, 3, tmp_path / "ple")
    assert sorted(p.name for p in paths) == sorted([
        "LE2060012345020260300050100001111.txt", "LE2060012345020260300050300001111.txt",
        "LE2060012345020260300060100001111.txt", "LE2060012345020260300010100001111.txt",
        "LE2060012345020260300010200001111.txt"])
    diario = (tmp_path / "ple" / "LE2060012345020260300050100001111.txt").read_bytes()
    assert diario == "".join(line + "\r\n" for line in DIARIO).encode("latin-1")
    assert "guía".encode("latin-1") in diario


def test_a_bank_account_without_its_bank_stops_the_12_and_nothing_is_written(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    sqlite_book.ledger.post(EntryInput(date(2026, 3, 20), "Depósito", (
        LineInput("1041", debit=D("10.00")), LineInput("101", credit=D("10.00")))))
    sqlite_book.ledger.close(2026, 1)
    sqlite_book.ledger.close(2026, 3)
    with pytest.raises(InvalidInput) as raised:
        write_month(sqlite_book, 2026, 3, tmp_path / "ple")
    [problem] = raised.value.problems
    assert problem.params == {"accounts": "1041"}
    assert not (tmp_path / "ple").exists()
    # without 1.2 the other books are written
    assert len(write_month(sqlite_book, 2026, 3, tmp_path / "ple", ["5.1", "1.1"])) == 2


def test_the_bank_setting_is_checked(sqlite_book):
    with pytest.raises(InvalidInput) as raised:
        sqlite_book.settings.set_ple_bank_account("101", "BCP", "0011 0123|x")
    assert [p.field for p in raised.value.problems] == ["account", "entity", "number"]
    sqlite_book.settings.set_ple_bank_account("1041", "02", "191-1234567-0-12")
    sqlite_book.settings.set_ple_bank_account("1042", "11", "0011-0123")
    assert {c: (a.entity, a.number) for c, a in sqlite_book.settings.ple_bank_accounts.items()} == {
        "1041": ("02", "191-1234567-0-12"), "1042": ("11", "0011-0123")}
    sqlite_book.settings.set_ple_bank_account("1042", "", "")
    assert list(sqlite_book.settings.ple_bank_accounts) == ["1041"]


def test_the_closing_entry_is_c_and_the_opening_a(sqlite_book):
    sqlite_book.ledger.post(EntryInput(date(2025, 12, 10), "Intereses cobrados", (
        LineInput("101", debit=D("100.00")), LineInput("772", credit=D("100.00")))))
    sqlite_book.ledger.close_year(2025)
    [diario] = month_files(sqlite_book, 2025, 12, ["5.1"])
    # the determinación del resultado (772 to 891), 891 to 591, and the balance-sheet accounts closed
    assert [line.split("|")[1:4] + line.split("|")[17:19] for line in diario.lines] == [
        ["2025000001", "M1", "101", "100.00", "0.00"],
        ["2025000001", "M2", "772", "0.00", "100.00"],
        ["2025000002", "C1", "772", "100.00", "0.00"],
        ["2025000002", "C2", "891", "0.00", "100.00"],
        ["2025000003", "C1", "891", "100.00", "0.00"],
        ["2025000003", "C2", "591", "0.00", "100.00"],
        ["2025000004", "C1", "101", "0.00", "100.00"],
        ["2025000004", "C2", "591", "100.00", "0.00"]]
    assert diario.lines[2] == ("20251200|2025000002|C1|772|||PEN|||00||2025000002|31/12/2025||31/12/2025|"
                                      "Determinación del resultado del ejercicio 2025|CIERRE-2025|100.00|0.00||1|")
    sqlite_book.ledger.close(2026, 1)
    [january] = month_files(sqlite_book, 2026, 1, ["5.1"])
    assert [line.split("|")[1:4] + line.split("|")[17:19] for line in january.lines] == [
        ["2026000001", "A1", "101", "100.00", "0.00"],
        ["2026000001", "A2", "591", "0.00", "100.00"]]


def test_an_unknown_book_or_month_is_refused(sqlite_book):
    with pytest.raises(InvalidInput) as raised:
        month_files(sqlite_book, 2026, 13, ["5.2"])
    assert [p.field for p in raised.value.problems] == ["month", "libro"]
