"""Exporting lists to CSV and XLSX: what Excel in es-PE opens, formulas
neutralised, and files that import back as they are. The sample files of
docs/import.md import cleanly into the demo cooperative."""

import csv
import io
import shutil
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from coopdesk.core import Book, BookError
from coopdesk.core.demo import build_demo
from coopdesk.core.sheets import excel_number
from coopdesk.domain.accounts import MovementInput
from coopdesk.i18n import describe
from tests.conftest import TODAY, cacao, cash_in_hand, make_book, rosa
from tests.people import AS_ADMIN

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HYPERLINK = '=HYPERLINK("http://ejemplo.invalid/?robo","Rosa")'


def deliveries(book):
    return [(d.ticket, d.date, d.member_code, d.product_code, d.sacks, d.gross_kg, d.tare_kg, d.net_kg,
             d.humidity_pct, d.grade, d.certification, d.price, d.price_unit, d.amount, d.void_reason)
            for d in book.deliveries.page(limit=1000)]


@pytest.fixture
def filled(book):
    cash_in_hand(book)
    book.deliveries.record(cacao("001-000001"))
    book.deliveries.record(cacao("001-000002", member_code="S0002", gross_kg=D("64.3"), tare_kg=D("0.2"),
                                 advance_price=D("18.40"), grade="B"))
    book.deliveries.record(cacao("002-000001", member_code="S0003", product_code="CAFE-PERG", gross_kg=D("460"),
                                 tare_kg=D("1"), humidity_pct=D("11.5"), advance_price=D("850.00")))
    book.deliveries.void("001-000002", "Se pesó dos veces")
    day = TODAY - timedelta(days=20)
    book.accounts.record(MovementInput("S0001", day, "adelantos", "cargo", D("500.00"), "Adelanto", "REC-1"))
    book.accounts.record(MovementInput("S0002", day, "insumos", "cargo", D("215.50"), "+2 sacos de guano", "G-7"))
    return book


def test_csv_is_what_excel_in_peru_opens_with_a_double_click(filled, tmp_path):
    assert filled.exports.deliveries(tmp_path / "entregas.csv") == 3
    data = (tmp_path / "entregas.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfTicket,Fecha,Campa\xc3\xb1a,")  # UTF-8 with BOM, comma-separated
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Ticket", "Fecha", "Campaña", "Código socio", "Nombre del socio", "Producto", "Sacos",
                       "Kg bruto", "Tara", "Kg neto", "Humedad", "Kg pagado", "Calidad", "Certificación", "Precio",
                       "Unidad", "Importe", "Anulado", "Parcela"]
    assert rows[1] == ["001-000001", "04/03/2026", "2026", "S0001", "Rosa Quispe Mamani", "CACAO-SECO", "2",
                       "120.500", "0.400", "120.100", "7.20", "120.100", "A", "Orgánico", "18.50", "kg", "2221.85", "",
                       ""]
    assert rows[2][-2] == "Se pesó dos veces"
    assert rows[3][14:17] == ["850.00", "qq", "8481.52"]
    assert data.count(b"\r\n") == 4


def test_xlsx_has_numbers_with_two_decimals_real_dates_and_text(filled, tmp_path):
    filled.exports.deliveries(tmp_path / "entregas.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "entregas.xlsx").active
    row = [c for c in sheet[2]]
    assert (row[0].value, row[2].value) == ("001-000001", "2026")
    assert row[1].is_date and row[1].number_format == "dd/mm/yyyy" and row[1].value.date() == date(2026, 3, 4)
    assert (row[7].value, row[7].number_format) == (120.5, "#,##0.00#")
    assert (row[14].value, row[14].number_format) == (18.5, "#,##0.00")
    assert (row[16].value, row[16].number_format, row[16].data_type) == (2221.85, "#,##0.00", "n")
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.title == "Entregas"  # not «Sheet»


def test_each_exported_sheet_is_named_by_what_it_holds(filled, tmp_path):
    exports = filled.exports
    for write, name in ((exports.members, "Socios"), (exports.movements, "Movimientos de cuentas"),
                        (exports.prices, "Precios"), (exports.journal, "Libro diario"),
                        (exports.trial_balance, "Balance de comprobación")):
        path = tmp_path / f"{name}.xlsx"
        write(path)
        assert openpyxl.load_workbook(path).sheetnames == [name]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_another_book_round_trips(filled, tmp_path, suffix):
    members, moves, sent = (tmp_path / f"{n}{suffix}" for n in ("socios", "movimientos", "entregas"))
    assert filled.exports.members(members) == 3
    assert filled.exports.movements(moves) == 2
    assert filled.exports.deliveries(sent) == 3
    other = Book.create(f"sqlite:///{tmp_path / 'otra.sqlite'}", filled.cooperative, **AS_ADMIN)
    try:
        other.zones.add("LP", "Las Piedras")
        other.zones.add("TB", "Tambopata")
        other.campaigns.add("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31))
        cash_in_hand(other)
        report = other.imports.members(members)
        assert (report.problems, report.to_add, report.ignored_columns) == ((), 3, ("Nombre de zona",))
        assert other.members.page() == [replace(m, id=o.id) for m, o in zip(filled.members.page(),
                                                                              other.members.page())]
        report = other.imports.deliveries(sent)
        assert (report.problems, report.to_add, report.kg, report.amount) == (
            (), 3, D("120.1") + D("459"), D("2221.85") + D("8481.52"))  # the voided ticket counts for nothing
        assert deliveries(other) == deliveries(filled)
        report = other.imports.movements(moves)
        assert (report.problems, report.to_add) == ((), 2)
        assert [(m.date, m.concept, m.direction, m.amount, m.description, m.reference)
                for code in ("S0001", "S0002") for m in other.accounts.movements(code)] == [
            (m.date, m.concept, m.direction, m.amount, m.description, m.reference)
            for code in ("S0001", "S0002") for m in filled.accounts.movements(code)]
    finally:
        other.close()
    # and back into the book they came from: all of it is already there
    assert filled.imports.members(members).already == (2, 3, 4)
    assert filled.imports.deliveries(sent).already == (2, 3, 4)
    assert filled.imports.movements(moves).already == (2, 3)


def test_a_formula_in_a_name_is_exported_neutralised_and_imported_back_as_text(book, tmp_path):
    book.members.add(rosa(code="S0009", dni="49999999", first_names=HYPERLINK, last_names="@Ramos"))
    book.exports.members(tmp_path / "socios.csv")
    book.exports.members(tmp_path / "socios.xlsx")
    rows = list(csv.reader(io.StringIO((tmp_path / "socios.csv").read_text("utf-8-sig"), newline="")))
    neutral = [r for r in rows if r[0] == "S0009"][0]
    assert neutral[2:4] == ["'" + HYPERLINK, "'@Ramos"]
    sheet = openpyxl.load_workbook(tmp_path / "socios.xlsx").active
    cells = [row for row in sheet.iter_rows() if row[0].value == "S0009"][0]
    assert (cells[2].value, cells[2].data_type, cells[3].value) == ("'" + HYPERLINK, "s", "'@Ramos")
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    other = make_book(f"sqlite:///{tmp_path / 'otra.sqlite'}")
    try:
        assert other.imports.members(tmp_path / "socios.xlsx").to_add == 1
        assert (other.members.get("S0009").first_names, other.members.get("S0009").last_names) == (HYPERLINK, "@Ramos")
    finally:
        other.close()


def test_a_float_from_excel_is_the_number_that_was_typed():
    assert excel_number(120.5) == D("120.5")
    assert excel_number(0.1 + 0.2) == D("0.3")            # 0.30000000000000004 shown by Excel as 0.3
    assert excel_number(2221.8500000000004) == D("2221.85")
    assert excel_number(1e-7) == D("1E-7")
    assert excel_number(460.0) == D("460")
    assert excel_number(1234567, "00000000") == "01234567"  # a DNI kept with its zero by the cell's format
    assert excel_number(41234567) == D("41234567")
    assert excel_number(0.072, "0.0%") == D("7.2")          # humidity shown as 7.2 %


def test_export_refuses_a_format_it_does_not_write(book, tmp_path):
    with pytest.raises(BookError) as raised:
        book.exports.members(tmp_path / "socios.ods")
    assert describe(raised.value.problem) == f"Elija un archivo .csv o .xlsx para exportar (no {tmp_path / 'socios.ods'})."
    assert not [p for p in tmp_path.iterdir() if "socios" in p.name or p.name.startswith(".coopdesk-")]


def test_the_sample_files_import_cleanly_into_the_demo_cooperative(tmp_path):
    db = tmp_path / "demo.sqlite"
    build_demo(str(db))
    with Book.open(str(db)) as book:
        expected = {"socios": ("members", 5), "entregas": ("deliveries", 7), "movimientos": ("movements", 6),
                    "asistencia": ("attendance", 7)}
        for name, (kind, count) in expected.items():
            sample = tmp_path / f"{name}.csv"
            shutil.copy(SAMPLES / f"{name}.csv", sample)
            report = getattr(book.imports, kind)(sample)
            assert [(p.row, p.column, describe(p.problem)) for p in report.problems] == [], name
            assert (report.to_add, report.written) == (count, True), name
            assert getattr(book.imports, kind)(sample, dry_run=True).already == tuple(range(2, count + 2)), name
        # the figures docs/import.md gives for entregas.csv
        report = book.imports.deliveries(SAMPLES / "entregas.csv", dry_run=True)
        assert report.to_add == 0
        rows = book.deliveries.page(text="", member_code=None, limit=20000)
        ours = [d for d in rows if d.ticket.startswith("006-")]
        assert (len(ours), sum(d.net_kg for d in ours), sum(d.amount for d in ours)) == (
            7, D("1570.950"), D("13552.71"))
        assert book.members.get("S00152").dni == "01234567"
