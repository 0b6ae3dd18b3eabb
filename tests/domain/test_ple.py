"""The pieces of SUNAT's PLE lines (domain/ple.py), each against Anexo 2's rule."""

from datetime import date

from coopdesk.domain import ple


def test_amounts_have_two_decimals_a_point_and_no_thousands_separator():
    assert [ple.amount(c) for c in (0, 5, 1050, 123456789012, -45050)] == [
        "0.00", "0.05", "10.50", "1234567890.12", "-450.50"]


def test_dates_are_dd_mm_aaaa():
    assert ple.ple_date(date(2026, 3, 5)) == "05/03/2026"


def test_text_fields_lose_the_pipe_the_slashes_and_line_breaks_and_keep_200_characters():
    assert ple.text("Pago 15/03 | caja\\chica\r\nsegunda línea") == "Pago 15-03 caja-chica segunda línea"
    assert ple.text("x" * 250) == "x" * 200


def test_the_file_name_follows_sunats_33_positions():
    name = ple.file_name("20123456789", 2026, 3, ple.DIARIO, True)
    assert name == "LE2012345678920260300050100001111.txt"
    # positions 1-2 LE, 3-13 RUC, 14-17 year, 18-19 month, 20-21 day (00), 22-27 book, 28-29 oportunidad (00),
    # 30 operaciones (1 operativa), 31 contenido (1 con información), 32 moneda (1 soles), 33 generado por el PLE (1)
    assert len(name) == 33 + len(".txt")
    assert (name[0:2], name[2:13], name[13:17], name[17:19], name[19:21], name[21:27], name[27:29], name[29],
            name[30], name[31], name[32]) == ("LE", "20123456789", "2026", "03", "00", "050100", "00", "1", "1",
                                              "1", "1")
    assert ple.file_name("20123456789", 2026, 12, ple.BANCOS, False, "USD") == "LE2012345678920261200010200001021.txt"


def test_cuo_and_correlativo():
    assert ple.cuo(2026, 12) == "2026000012"
    assert [ple.correlativo(k, n) for k, n in (("A", 1), ("M", 12), ("C", 3))] == ["A1", "M12", "C3"]


def test_alfanumerico():
    assert ple.is_alfanumerico("0011-0123-01.(2),")
    assert not ple.is_alfanumerico("0011 0123") and not ple.is_alfanumerico("")
