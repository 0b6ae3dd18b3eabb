"""Reading spreadsheets as treasurers keep them: encodings, separators, titles,
blank and merged lines, numbers and dates; neutralising formulas on export."""

from datetime import date
from decimal import Decimal

from coopdesk.domain.tabular import (
    Column,
    build_table,
    cell_date,
    cell_decimal,
    csv_rows,
    decode,
    header_key,
    neutralise,
    sniff_separator,
    uses_decimal_comma,
)
from coopdesk.i18n import describe

COLUMNS = (Column("ticket", "Ticket", ("n° ticket",), required=True), Column("gross_kg", "Kg bruto", ("peso bruto",)),
           Column("date", "Fecha"))


def test_text_is_utf8_with_or_without_bom_else_windows_1252():
    assert decode("Código;Año".encode("utf-8")) == "Código;Año"
    assert decode(b"\xef\xbb\xbf" + "Código".encode("utf-8")) == "Código"
    assert decode("Código;Huamán;Ñahui".encode("cp1252")) == "Código;Huamán;Ñahui"
    assert decode("Código\tDNI".encode("utf-16")) == "Código\tDNI"  # Excel's "Texto Unicode"
    assert decode(b"\x81\x8d") == "\x81\x8d"  # bytes Windows-1252 leaves undefined: read as Latin-1


def test_the_separator_is_the_one_the_title_line_uses_most():
    assert sniff_separator("\n\nTicket;Fecha;Kg bruto\n001-1;1,5;2,5\n") == ";"
    assert sniff_separator('Ticket,"Fecha; hora",Kg\n') == ","
    assert sniff_separator("Ticket\tFecha\n") == "\t"
    assert sniff_separator("Ticket\n") == ","
    assert sniff_separator("Padrón de socios 2026\nCódigo;DNI\n") == ";"


def test_titles_match_without_accents_capitals_punctuation_units_or_word_order():
    assert header_key("Kg. Neto") == header_key("NETO (kg)") == header_key("kg neto") == "kg neto"
    assert header_key("N° de Ticket") == header_key("Nro. ticket") == header_key("TICKET") == "ticket"
    assert header_key("Código Socio") == header_key("codigo del socio") == "codigo socio"
    assert header_key("Precio S/") == header_key("precio") == "precio"


def test_rows_keep_their_spreadsheet_number_and_blank_lines_are_skipped():
    data = "Entregas de marzo;;\r\n;;\r\nN° Ticket;Peso bruto;Obs.\r\n001-1;120,5;\r\n\r\n;;\r\n001-2;64,3;seco\r\n"
    table = build_table(csv_rows(data.encode("cp1252")), COLUMNS)
    assert table.header_row == 3
    assert table.headers == {"ticket": "N° Ticket", "gross_kg": "Peso bruto"}
    assert table.ignored == ("Obs.",)
    assert [(r.number, r.cells) for r in table.rows] == [(4, {"ticket": "001-1", "gross_kg": "120,5"}),
                                                         (7, {"ticket": "001-2", "gross_kg": "64,3"})]
    assert table.problems == []


def test_a_heading_or_merged_line_and_a_totals_line_are_reported_not_imported():
    data = "Ticket;Kg bruto;Fecha\nZONA TAMBOPATA;;\n001-1;120,5;04/03/2026\nTotal;120,5;\n"
    table = build_table(csv_rows(data.encode()), COLUMNS)
    assert [r.number for r in table.rows] == [3]
    assert [(p.row, p.column, describe(p.problem)) for p in table.problems] == [
        (2, "Ticket", "La fila solo tiene «ZONA TAMBOPATA»: parece un título o una celda combinada. Bórrela o "
                      "complete la fila."),
        (4, "", "La fila parece de totales («Total»): bórrela; coopdesk calcula los totales."),
    ]


def test_missing_and_repeated_columns_are_named():
    table = build_table(csv_rows("Kg bruto;Peso bruto\n1;2\n".encode()), COLUMNS)
    assert [(p.row, p.column, describe(p.problem)) for p in table.problems] == [
        (1, "Peso bruto", "La columna está repetida: «Kg bruto» y «Peso bruto» son la misma."),
        (1, "", "Falta la columna «Ticket» en la fila de títulos."),
    ]


def test_a_cell_neutralised_on_export_reads_back_as_it_was():
    table = build_table([(1, ["Ticket"]), (2, ["'=1+1"]), (3, ["'Rosa"])], COLUMNS)
    assert [r.cells["ticket"] for r in table.rows] == ["=1+1", "'Rosa"]
    assert [neutralise(t) for t in ("=HYPERLINK(\"x\")", "+51 987", "-5", "@SUM(A1)", "\tx", "\rx", "Rosa")] == [
        "'=HYPERLINK(\"x\")", "'+51 987", "'-5", "'@SUM(A1)", "'\tx", "'\rx", "Rosa"]


def test_numbers_as_typed_and_the_ambiguous_ones_refused():
    assert cell_decimal("120,5", "kg") == (Decimal("120.5"), [])
    assert cell_decimal("1.234,56", "kg") == (Decimal("1234.56"), [])
    assert cell_decimal(Decimal("120.5"), "kg") == (Decimal("120.5"), [])
    _value, problems = cell_decimal("1,234", "kg")
    assert [describe(p) for p in problems] == [
        "«1,234» puede leerse como 1234 o como 1.234: escriba 1234 (sin coma de miles) o 1.234 (con punto decimal)."]
    # in a file that writes decimals with a comma, a lone dot before three digits is as ambiguous
    assert cell_decimal("1.234", "kg") == (Decimal("1.234"), [])
    _value, problems = cell_decimal("1.234", "kg", decimal_comma=True)
    assert [describe(p) for p in problems] == [
        "«1.234» puede leerse como 1234 o como 1,234: este archivo escribe los decimales con coma; escriba 1234 "
        "(sin punto de miles) o 1,234."]


def test_a_file_writes_decimal_commas_when_a_number_column_says_so():
    table = build_table(csv_rows("Ticket;Kg bruto\n1;120\n2;64,3\n".encode()), COLUMNS)
    assert uses_decimal_comma(table.rows, ["gross_kg"])
    table = build_table(csv_rows("Ticket;Kg bruto\n1;120\n2;1,234\n3;64.3\n".encode()), COLUMNS)
    assert not uses_decimal_comma(table.rows, ["gross_kg"])


def test_dates_as_peruvians_write_them_and_impossible_ones_refused():
    assert cell_date("04/03/2026", "date") == (date(2026, 3, 4), [])
    assert cell_date("2026-03-04", "date") == (date(2026, 3, 4), [])
    assert cell_date(date(2026, 3, 4), "date") == (date(2026, 3, 4), [])
    for text in ("31/02/2026", "04/03/26", "ayer"):
        value, problems = cell_date(text, "date")
        assert value is None
        assert [describe(p) for p in problems] == [f"La fecha «{text}» no es válida; escríbala como 31/12/2026."]
