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
    decimal_marks,
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


def test_numbers_as_typed_and_the_ambiguous_ones_refused_unless_the_file_settles_the_decimal_mark():
    assert cell_decimal("120,5", "kg") == (Decimal("120.5"), [])
    assert cell_decimal("1.234,56", "kg") == (Decimal("1234.56"), [])
    assert cell_decimal(Decimal("120.5"), "kg") == (Decimal("120.5"), [])
    for text, thousands, decimal in (("1,234", "1234", "1.2340"), ("1.200", "1200", "1.2"), ("-1.050", "-1050", "-1.05")):
        _value, problems = cell_decimal(text, "kg")
        assert [describe(p) for p in problems] == [
            f"«{text}» puede leerse como {thousands} o como {decimal}, y ninguna otra celda del archivo muestra si los "
            f"decimales se escriben con punto o con coma: escriba {thousands} (sin separador de miles) o {decimal}."]
    # a file whose cells write decimals with a comma: 1.200 is twelve hundred, 1,234 a kilo and 234 grams
    assert cell_decimal("1.200", "kg", ",") == (Decimal("1200"), [])
    assert cell_decimal("1,234", "kg", ",") == (Decimal("1.234"), [])
    assert cell_decimal("1234,567", "kg", ",") == (Decimal("1234.567"), [])
    # and one that writes them with a point
    assert cell_decimal("1.200", "kg", ".") == (Decimal("1.200"), [])
    assert cell_decimal("1,234", "kg", ".") == (Decimal("1234"), [])
    assert cell_decimal("0,125", "kg") == (Decimal("0.125"), [])  # a lone 0 groups nothing


def test_underscores_exponents_and_other_digits_are_not_numbers():
    for text in ("1_000", "1E3", "1e-2", "Infinity", "NaN", "\u0661\u0662", "0x10", "--5", "5-"):
        for mark in (None, ",", "."):
            assert [describe(p) for p in cell_decimal(text, "kg", mark)[1]] == [
                f"«{text}» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."], (text, mark)


def test_numbers_too_large_for_any_figure_are_refused_from_text_and_from_xlsx_cells():
    for cell in ("1000000000000000000000000000000", Decimal("1E+30")):
        assert [describe(p) for p in cell_decimal(cell, "kg")[1]] == [
            "«1000000000000000000000000000000» es un número demasiado grande."]
    assert [describe(p) for p in cell_decimal(Decimal("NaN"), "kg")[1]] == [
        "«NaN» no es un número. Escriba cifras con punto decimal, por ejemplo 120.5."]


def test_the_cells_of_the_file_settle_each_columns_decimal_mark():
    def marks(text):
        return decimal_marks(build_table(csv_rows(text.encode()), COLUMNS).rows, ["gross_kg", "date"])

    assert marks("Ticket;Kg bruto\n1;1.200\n2;64,3\n") == {"gross_kg": ",", "date": ","}
    assert marks("Ticket;Kg bruto\n1;1.200\n2;1.234,5\n") == {"gross_kg": ",", "date": ","}
    assert marks("Ticket;Kg bruto\n1;1.200\n2;12.5\n") == {"gross_kg": ".", "date": "."}
    assert marks("Ticket;Kg bruto\n1;1.200\n2;1,234,567\n") == {"gross_kg": ".", "date": "."}
    assert marks("Ticket;Kg bruto\n1;1.200\n2;1200\n") == {"gross_kg": None, "date": None}
    assert marks("Ticket;Kg bruto\n1;3,5\n2;12.5\n") == {"gross_kg": None, "date": None}  # both: nothing settled
    # a column's own cells first, else the file's number columns
    assert marks("Ticket;Kg bruto;Fecha\n1;1.200;7,5\n2;12.5;7,5\n") == {"gross_kg": ".", "date": ","}
    assert marks("Ticket;Kg bruto;Fecha\n1;1.200;7,5\n2;1.300;7,5\n") == {"gross_kg": ",", "date": ","}


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


def test_a_comma_in_a_title_line_above_a_semicolon_table_does_not_mislead_the_separator():
    assert sniff_separator("Entregas de marzo, Las Piedras\nTicket;Fecha;Kg bruto\n001-1;04/03/2026;120,5\n") == ";"
    assert sniff_separator("Padrón 2026, zona LP; zona TB\nCódigo,DNI,Sexo\nS1,41234567,F\nS2,42345678,M\n") == ","
    assert sniff_separator("Lista, precios\n\nProducto\tPrecio\tNota\nCACAO\t10,00\tacta 12, consejo\n") == "\t"
    text = "Entregas, marzo 2026, Las Piedras\nN° Ticket;Peso bruto;Fecha\n001-1;120,5;04/03/2026\n"
    table = build_table(csv_rows(text.encode()), COLUMNS)
    assert [(r.number, r.cells) for r in table.rows] == [
        (3, {"ticket": "001-1", "gross_kg": "120,5", "date": "04/03/2026"})]


def test_control_and_direction_characters_are_refused_with_row_and_column():
    text = ("N° Ticket;Peso bruto;Obs\n001-1\x07;120,5;\n001-2;64,3;\x1b[2J\n001-3\u202e;1;\n"
            "\u2066001-4;1;\n001-5;1\x7f;\n001-6\tA;1;\n")
    table = build_table(csv_rows(text.encode()), COLUMNS)
    assert [(p.row, p.column, describe(p.problem)) for p in table.problems] == [
        (2, "N° Ticket", "La celda tiene un carácter de control invisible (U+0007), que no se puede guardar: bórrelo "
                         "(suele venir de copiar y pegar desde otro programa)."),
        (4, "N° Ticket", "La celda tiene un carácter invisible que cambia el sentido de la escritura (U+202E): lo que "
                         "se ve no es lo que dice. Bórrelo y escriba el texto de nuevo."),
        (5, "N° Ticket", "La celda tiene un carácter invisible que cambia el sentido de la escritura (U+2066): lo que "
                         "se ve no es lo que dice. Bórrelo y escriba el texto de nuevo."),
        (6, "Peso bruto", "La celda tiene un carácter de control invisible (U+007F), que no se puede guardar: bórrelo "
                          "(suele venir de copiar y pegar desde otro programa)."),
    ]
    # an escape in a column that is not imported stores nothing; a tab is text
    assert [r.number for r in table.rows] == [3, 7]


def test_a_file_that_is_not_text_or_ends_mid_character_is_unreadable():
    import pytest

    from coopdesk.domain.tabular import NOT_TEXT, TRUNCATED_UTF16, Unreadable, text_encoding

    late_nul = ("Ticket;Kg\n" + "001-1;12,5\n" * 1000).encode() + b"\x00rest\n"  # past the first 4 KB
    assert len(late_nul) > 4096
    for data, message in ((late_nul, NOT_TEXT), ("Ticket;Kg\n".encode("utf-16") + b"x", TRUNCATED_UTF16),
                          ("Ticket\x00;Kg\n".encode("utf-16"), NOT_TEXT)):
        with pytest.raises(Unreadable) as raised:
            text_encoding([data[:100], data[100:]])
        assert raised.value.message == message
    assert text_encoding(["Código".encode(), b"\xc3", b"\xb1"]) == "utf-8-sig"  # a character split between chunks
    assert text_encoding(["Código".encode("cp1252")]) == "cp1252"
    assert decode(b"\xef\xbb\xbf" + "Huamán".encode("cp1252")) == "Huamán"  # a BOM on a Windows-1252 file


def test_a_date_with_a_year_of_many_digits_is_not_a_date():
    text = "01/01/" + "9" * 30
    assert [describe(p) for p in cell_date(text, "date")[1]] == [
        f"La fecha «{text}» no es válida; escríbala como 31/12/2026."]
