"""Hostile and damaged spreadsheets (issue 13, «Hostile input»): numbers that
could be a thousand times off, invisible characters, damaged and endless files.
Each is refused in Spanish, naming the file or the row and column, and nothing
is written; never an «error inesperado»."""

import io
import time
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest
from sqlalchemy import func, select

from coopdesk.core import Book, BookError
from coopdesk.core import sheets
from coopdesk.db.models import Delivery, LedgerAccount, Member
from coopdesk.domain import tabular
from coopdesk.i18n import describe
from tests.people import AS_ADMIN
from tests.conftest import cash_in_hand

HEAD = "Ticket;Fecha;Código socio;Producto;Kg bruto;Tara;Humedad;Calidad;Precio\n"


def lines(report):
    return [(p.row, p.column, describe(p.problem)) for p in report.problems]


def write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def count(book, model) -> int:
    with book.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def refusal(call) -> str:
    with pytest.raises(BookError) as raised:
        call()
    return describe(raised.value.problem)


# -- 1. a number that could be thousands or decimals ----------------------------------

def test_1200_is_refused_when_no_cell_of_the_file_says_which_mark_is_the_decimal_one(sqlite_book, tmp_path):
    path = write(tmp_path / "entregas.csv", HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;1.200;1;7;A;18\n"
                                                   "001-000002;04/03/2026;S0002;CACAO-SECO;64;1;7;B;18\n")
    for dry_run in (True, False):
        report = sqlite_book.imports.deliveries(path, dry_run=dry_run)
        assert lines(report) == [(2, "Kg bruto", (
            "«1.200» puede leerse como 1200 o como 1.2, y ninguna otra celda del archivo muestra si los decimales se "
            "escriben con punto o con coma: escriba 1200 (sin separador de miles) o 1.2."))]
    assert count(sqlite_book, Delivery) == 0


@pytest.mark.parametrize("other, gross", [("64,3", D("1200")), ("1.064,3", D("1200")), ("64.3", D("1.2")),
                                          ("1,064.3", D("1.2"))])
def test_the_files_own_cells_settle_what_1200_means(sqlite_book, tmp_path, other, gross):
    cash_in_hand(sqlite_book)
    path = write(tmp_path / "entregas.csv", HEAD + f"001-000001;04/03/2026;S0001;CACAO-SECO;1.200;0;7;A;18\n"
                                                   f"001-000002;04/03/2026;S0002;CACAO-SECO;{other};0;7;B;18\n")
    report = sqlite_book.imports.deliveries(path)
    assert (lines(report), report.written) == ([], True)
    assert report.kg == gross + D(other.replace(".", "").replace(",", ".") if "," in other[-3:] else
                                  other.replace(",", ""))


def test_a_price_column_with_a_decimal_point_settles_the_weights_too_but_not_against_their_own_cells(
        sqlite_book, tmp_path):
    # the weights prove nothing: the prices (18.50) say the file writes decimals with a point
    cash_in_hand(sqlite_book)
    path = write(tmp_path / "entregas.csv", HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;1,200;0;7;A;18.50\n")
    assert sqlite_book.imports.deliveries(path, dry_run=True).kg == D("1200")
    # the weights' own column says comma: 1,200 is then a kilo and 200 grams
    path = write(tmp_path / "entregas.csv", HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;1,200;0;7;A;18.50\n"
                                                   "001-000002;04/03/2026;S0001;CACAO-SECO;2,5;0;7;A;18.50\n")
    assert sqlite_book.imports.deliveries(path, dry_run=True).kg == D("3.7")


def test_underscores_and_exponents_are_not_numbers_in_a_file(sqlite_book, tmp_path):
    path = write(tmp_path / "entregas.csv", HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;1_000;0;7;A;18\n"
                                                   "001-000002;04/03/2026;S0001;CACAO-SECO;64;1E3;7;A;1e1\n")
    assert lines(sqlite_book.imports.deliveries(path)) == [
        (2, "Kg bruto", "«1_000» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."),
        (3, "Tara", "«1E3» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."),
        (3, "Precio", "«1e1» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."),
    ]


def test_huge_numbers_are_refused_by_the_limits_from_csv_and_xlsx(sqlite_book, tmp_path):
    path = write(tmp_path / "entregas.csv", HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;"
                                                   "1000000000000000000000000000000;0;7;A;18\n"
                                                   "001-000002;04/03/2026;S0001;CACAO-SECO;100001;0;7;A;18\n")
    problems = lines(sqlite_book.imports.deliveries(path))
    assert problems[0] == (2, "Kg bruto", "«1000000000000000000000000000000» es un número demasiado grande.")
    assert [p[:2] for p in problems] == [(2, "Kg bruto"), (3, "Kg bruto")]
    book = openpyxl.Workbook()
    book.active.append(HEAD.strip().split(";"))
    book.active.append(["001-000001", "04/03/2026", "S0001", "CACAO-SECO", 1e30, 0, 7, "A", 1e308])
    book.save(tmp_path / "entregas.xlsx")
    assert lines(sqlite_book.imports.deliveries(tmp_path / "entregas.xlsx")) == [
        (2, "Kg bruto", "«1000000000000000000000000000000» es un número demasiado grande."),
        (2, "Precio", f"«1{'0' * 308}» es un número demasiado grande."),
    ]
    assert count(sqlite_book, Delivery) == 0


# -- 2. invisible characters ---------------------------------------------------------

MEMBERS = "Código;DNI;Nombres;Apellidos;Sexo;Zona;Certificación;Fecha de ingreso\n"


def test_control_and_direction_characters_are_refused_anywhere_in_the_file(sqlite_book, tmp_path):
    filler = "".join(f"S{9000 + i};{70000000 + i};Ana;Ramos;F;LP;organico;01/01/2020\n" for i in range(120))
    text = (MEMBERS + filler + "S0101;45555501;Ro\x07sa;Pari;F;LP;organico;01/01/2020\n"
            "S0102;45555502;Luz;\x1b[31mPari;F;LP;organico;01/01/2020\n"
            "S0103\u202e;45555503;Luz;Pari;F;LP;organico;01/01/2020\n"
            "S0104;45555504;Eva\x00;Pari;F;LP;organico;01/01/2020\n")
    path = write(tmp_path / "socios.csv", text)
    assert path.read_bytes().index(b"\x00") > 4096
    assert refusal(lambda: sqlite_book.imports.members(path)) == f"El archivo {path} no es un archivo de texto CSV."
    path = write(tmp_path / "socios.csv", text.replace("\x00", ""))
    report = sqlite_book.imports.members(path, dry_run=True)
    assert lines(report) == [
        (122, "Nombres", "La celda tiene un carácter de control invisible (U+0007), que no se puede guardar: bórrelo "
                         "(suele venir de copiar y pegar desde otro programa)."),
        (123, "Apellidos", "La celda tiene un carácter de control invisible (U+001B), que no se puede guardar: "
                           "bórrelo (suele venir de copiar y pegar desde otro programa)."),
        (124, "Código", "La celda tiene un carácter invisible que cambia el sentido de la escritura (U+202E): lo que "
                        "se ve no es lo que dice. Bórrelo y escriba el texto de nuevo."),
    ]
    assert lines(sqlite_book.imports.members(path)) == lines(report)
    assert count(sqlite_book, Member) == 3


def test_a_list_imported_exports_to_xlsx_and_imports_back(sqlite_book, tmp_path):
    """Text that is stored is text an XLSX can hold: the exported list reads back as it is."""
    text = (MEMBERS.replace("\n", ";Teléfono\n") + 'S0101;45555501;"Rosa\tElvira";Pari;F;LP;organico;01/01/2020;'
            '"987\n654"\nS0102;45555502;Ñahui;=HYPERLINK("x");F;LP;organico;01/01/2020;+51 987\n')
    report = sqlite_book.imports.members(write(tmp_path / "socios.csv", text))
    assert (lines(report), report.to_add) == ([], 2)
    assert sqlite_book.exports.members(tmp_path / "socios.xlsx") == 5
    other = Book.create(f"sqlite:///{tmp_path / 'otra.sqlite'}", sqlite_book.cooperative, **AS_ADMIN)
    try:
        other.zones.add("LP", "Las Piedras")
        other.zones.add("TB", "Tambopata")
        again = other.imports.members(tmp_path / "socios.xlsx")
        assert (lines(again), again.to_add) == ([], 5)
        assert [(m.first_names, m.last_names, m.phone) for m in (other.members.get("S0101"),
                                                                other.members.get("S0102"))] == [
            ("Rosa Elvira", "Pari", "987\n654"), ("Ñahui", '=HYPERLINK("x")', "+51 987")]
        assert other.imports.members(tmp_path / "socios.xlsx").already == (2, 3, 4, 5, 6)
    finally:
        other.close()


# -- 3. a dry run checks what the import checks -----------------------------------------

def test_the_accounts_dry_run_refuses_what_the_import_refuses(sqlite_book, tmp_path):
    path = write(tmp_path / "plan.csv", "Cuenta;Nombre de la cuenta;Tipo;De socios\n6391;Gastos bancarios;;no\n"
                                        "6392;Comisiones;gasto;no\n")
    dry = sqlite_book.imports.accounts(path, dry_run=True)
    real = sqlite_book.imports.accounts(path)
    assert lines(dry) == lines(real) == [
        (2, "Tipo", "El tipo de cuenta es activo, pasivo, patrimonio, ingreso o gasto.")]
    assert not real.written
    before = count(sqlite_book, LedgerAccount)
    path = write(tmp_path / "plan.csv", "Cuenta;Nombre de la cuenta;Tipo\n6391;Gastos bancarios;gasto\n")
    dry = sqlite_book.imports.accounts(path, dry_run=True)
    assert (dry.to_add, dry.written, count(sqlite_book, LedgerAccount)) == (1, False, before)
    assert sqlite_book.imports.accounts(path).written


# -- 4. files that cannot be read --------------------------------------------------------

def xlsx_bytes(**changes) -> bytes:
    """An XLSX made by openpyxl, with some of its parts replaced (None: removed)."""
    book = openpyxl.Workbook()
    book.active.append(HEAD.strip().split(";"))
    book.active.append(["001-000001", "04/03/2026", "S0001", "CACAO-SECO", 120.5, 0.4, 7.2, "A", 18.5])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename in changes:
                data = changes[item.filename]
                if data is None:
                    continue
                data = data(data_of := source.read(item)) if callable(data) else data
            target.writestr(item, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize("name, changes", [
    ("hoja-cortada", {SHEET: lambda xml: xml[: len(xml) // 2]}),
    ("hoja-no-xml", {SHEET: b"\x00\x01 no es XML"}),
    ("numero-malo", {SHEET: lambda xml: xml.replace(b"<v>120.5</v>", b"<v>ciento</v>")}),
    ("estilo-inexistente", {SHEET: lambda xml: xml.replace(b'<c r="E2"', b'<c s="99" r="E2"')}),
    ("sin-hoja", {SHEET: None}),
    ("sin-libro", {"xl/workbook.xml": None}),
    ("fecha-imposible", {SHEET: lambda xml: xml.replace(b"<v>120.5</v>", b"<v>1e20</v>").replace(
        b'<c r="E2"', b'<c t="d" r="E2"')}),
])
def test_a_damaged_xlsx_is_refused_in_spanish_naming_the_file(sqlite_book, tmp_path, name, changes):
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(xlsx_bytes(**changes))
    try:
        report = sqlite_book.imports.deliveries(path)
    except BookError as exc:
        assert describe(exc.problem) == f"El archivo {path} no es una hoja de cálculo .xlsx que se pueda leer."
    else:  # what openpyxl reads past is refused row by row, as any other mistake
        assert report.problems and not report.written, lines(report)
    assert count(sqlite_book, Delivery) == 0


def test_a_damaged_sheet_is_refused_not_a_crash(sqlite_book, tmp_path):
    path = tmp_path / "entregas.xlsx"
    path.write_bytes(xlsx_bytes(**{SHEET: lambda xml: xml[: len(xml) // 2]}))
    assert refusal(lambda: sqlite_book.imports.deliveries(path)) == (
        f"El archivo {path} no es una hoja de cálculo .xlsx que se pueda leer.")


def test_utf16_cut_in_the_middle_of_a_character_is_refused(sqlite_book, tmp_path):
    path = tmp_path / "entregas.txt"
    path.write_bytes((HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;120,5;0,4;7,2;A;18,50\n").encode("utf-16")[:-1])
    assert refusal(lambda: sqlite_book.imports.deliveries(path)) == (
        f"El archivo {path} está incompleto: termina a la mitad de un carácter de texto Unicode. Ábralo en su hoja "
        "de cálculo y guárdelo de nuevo como .xlsx o .csv.")


# -- 5. the separator --------------------------------------------------------------------

def test_a_comma_in_a_title_line_does_not_mislead_the_separator(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    path = write(tmp_path / "entregas.csv", "Entregas de marzo, Centro de acopio Las Piedras\n"
                 + HEAD + "001-000001;04/03/2026;S0001;CACAO-SECO;120,5;0,4;7,2;A;18,50\n", "cp1252")
    report = sqlite_book.imports.deliveries(path)
    assert (lines(report), report.to_add, report.kg) == ([], 1, D("120.1"))


# -- 7. huge and endless inputs ----------------------------------------------------------

def test_dev_zero_is_refused_at_once(sqlite_book):
    started = time.monotonic()
    assert refusal(lambda: sqlite_book.imports.members("/dev/zero")) == (
        "/dev/zero no es un archivo: elija una hoja de cálculo .xlsx o un archivo .csv.")
    assert time.monotonic() - started < 2


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(sqlite_book, tmp_path, monkeypatch):
    assert sheets.MAX_FILE_BYTES == 50 * 1024 * 1024  # documented in docs/import.md
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 1000)
    path = write(tmp_path / "socios.csv", MEMBERS + "S0101;45555501;Rosa;Pari;F;LP;organico;01/01/2020\n" * 20)
    assert refusal(lambda: sqlite_book.imports.members(path)) == (
        f"El archivo {path} es demasiado grande para importarlo (más de 0 MB): divídalo en varios archivos.")


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused(sqlite_book, tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_XLSX_UNPACKED", 1000)
    path = tmp_path / "entregas.xlsx"
    path.write_bytes(xlsx_bytes())
    assert "es demasiado grande para importarlo" in refusal(lambda: sqlite_book.imports.deliveries(path))


def test_a_file_with_more_rows_than_the_limit_is_refused_and_reading_stops(sqlite_book, tmp_path, monkeypatch):
    assert tabular.MAX_ROWS == 1_048_576
    monkeypatch.setattr(tabular, "MAX_ROWS", 50)
    path = write(tmp_path / "socios.csv", MEMBERS + "\n" * 100)
    assert lines(sqlite_book.imports.members(path)) == [
        (0, "", "El archivo tiene más de 50 filas, lo más que coopdesk importa de una vez: divídalo en varios "
                "archivos.")]
    path = write(tmp_path / "socios.csv", MEMBERS + "".join(
        f"S{9000 + i};{70000000 + i};Ana;Ramos;F;LP;organico;01/01/2020\n" for i in range(60)))
    report = sqlite_book.imports.members(path)
    assert (lines(report)[-1][0], report.written, count(sqlite_book, Member)) == (0, False, 3)


def test_an_xlsx_without_styles_is_still_read(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    path = tmp_path / "entregas.xlsx"
    path.write_bytes(xlsx_bytes(**{"xl/styles.xml": None}))
    report = sqlite_book.imports.deliveries(path)
    assert (lines(report), report.kg) == ([], D("120.1"))
