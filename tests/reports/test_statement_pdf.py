"""The member's statement PDF, read back with pypdf.

Every expected figure is computed by hand below (three cacao
deliveries at S/ 18.50/kg: 749.25 + 653.05 + 819.55 = 2,221.85).
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from coopdesk.domain.statement import (
    CampaignInfo,
    CooperativeInfo,
    MemberInfo,
    MemberStatement,
    StatementLine,
)
from coopdesk.reports import render_member_statement, statement_filename
from coopdesk.reports.views import statement_view

# ------------------------------------------------------------------ statements written by hand

COOPERATIVE = CooperativeInfo(
    name="Cooperativa Agraria Cacaotera Los Castaños",
    ruc="20600123450",
    address="Av. Dos de Mayo 456, Puerto Maldonado, Tambopata, Madre de Dios",
    city="Puerto Maldonado",
    locale="es_PE",
)
CAMPAIGN = CampaignInfo(code="2026", name="Campaña 2026", start=date(2026, 1, 1), end=date(2026, 12, 31))
ROSA = MemberInfo(
    code="S0001", dni="41234567", full_name="Rosa Quispe Mamani", zone="Las Piedras", certification="organico"
)
PRINTED_ON = date(2026, 11, 22)


def cacao(day: date, ticket: str, gross: str, tare: str, net: str, humidity: str, amount: str,
          grade: str = "Primera", price: str = "18.50") -> StatementLine:
    return StatementLine(
        date=day, ticket=ticket, product="Cacao grano seco", crop="cacao", sacks=1,
        gross_kg=D(gross), tare_kg=D(tare), net_kg=D(net), humidity_pct=D(humidity), grade=grade,
        certification="organico", price=D(price), price_unit="kg", amount=D(amount),
    )


# Three cacao deliveries at S/ 18.50/kg:
#   40.500 kg x 18.50 = 749.25;  35.300 kg x 18.50 = 653.05;  44.300 kg x 18.50 = 819.55
#   net 120.100 kg, gross 121.600 kg, tare 1.500 kg, 3 sacks, S/ 2,221.85
ROSA_LINES = (
    cacao(date(2026, 3, 5), "001-000101", "41.000", "0.500", "40.500", "7.50", "749.25"),
    cacao(date(2026, 3, 19), "001-000137", "35.800", "0.500", "35.300", "7.00", "653.05"),
    cacao(date(2026, 4, 2), "001-000162", "44.800", "0.500", "44.300", "7.20", "819.55"),
)


def statement(lines=ROSA_LINES, number: int = 42, member: MemberInfo = ROSA) -> MemberStatement:
    return MemberStatement(
        number=number, printed_on=PRINTED_ON, cooperative=COOPERATIVE, member=member,
        campaign=CAMPAIGN, lines=tuple(lines),
    )


def long_lines(count: int = 90) -> tuple[StatementLine, ...]:
    """``count`` deliveries of 50.000 kg net (50.600 gross, 0.600 tare) at S/ 10.00/kg = S/ 500.00."""
    start = date(2026, 2, 1)
    return tuple(
        cacao(start + timedelta(days=2 * i), f"002-{i + 1:06d}", "50.600", "0.600", "50.000", "7.00", "500.00",
              price="10.00")
        for i in range(count)
    )


# ------------------------------------------------------------------ helpers


def normalise(text: str) -> str:
    """No-break spaces as spaces, every run of whitespace as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def render(stmt) -> bytes:
    buffer = io.BytesIO()
    render_member_statement(stmt, buffer)
    return buffer.getvalue()


def pages_text(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def typical_pdf() -> bytes:
    return render(statement())


@pytest.fixture(scope="module")
def typical_text(typical_pdf) -> str:
    pages = pages_text(typical_pdf)
    assert len(pages) == 1
    return pages[0]


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render(statement(long_lines(90), number=123))


# ------------------------------------------------------------------ a typical statement


@pytest.mark.parametrize(
    "expected",
    [
        "Cooperativa Agraria Cacaotera Los Castaños",
        "RUC 20600123450",
        "Av. Dos de Mayo 456, Puerto Maldonado, Tambopata, Madre de Dios",
        "ESTADO DE CUENTA DEL SOCIO",
        "N° 000042",
        "Campaña 2026 (01/01/2026 – 31/12/2026)",
        "Puerto Maldonado, 22 de noviembre de 2026",
    ],
)
def test_letterhead(typical_text, expected):
    assert expected in typical_text


@pytest.mark.parametrize(
    "expected",
    ["Socio(a) Rosa Quispe Mamani", "DNI 41234567", "Código S0001", "Zona Las Piedras", "Certificación Orgánico"],
)
def test_member_block(typical_text, expected):
    assert expected in typical_text


def test_deliveries_table_rows(typical_text):
    assert "Fecha Ticket Producto Sacos Bruto kg Tara kg Neto kg Hum. % Calidad Precio Importe" in typical_text
    assert "05/03/2026 001-000101 Cacao grano seco 1 41.00 0.50 40.50 7.50 Primera S/ 18.50/kg S/ 749.25" in typical_text
    assert "19/03/2026 001-000137 Cacao grano seco 1 35.80 0.50 35.30 7.00 Primera S/ 18.50/kg S/ 653.05" in typical_text
    assert "02/04/2026 001-000162 Cacao grano seco 1 44.80 0.50 44.30 7.20 Primera S/ 18.50/kg S/ 819.55" in typical_text


def test_deliveries_totals_row(typical_text):
    # 3 sacks, gross 121.60 kg, tare 1.50 kg, net 120.10 kg, S/ 2,221.85
    assert "Total 3 121.60 1.50 120.10 S/ 2,221.85" in typical_text


def test_summary_by_product(typical_text):
    assert "Resumen por producto" in typical_text
    assert "Producto Entregas Neto kg Quintales Importe" in typical_text
    assert "Cacao grano seco · Orgánico 3 entregas 120.10 S/ 2,221.85" in typical_text


def test_organic_and_conventional_product_are_summed_apart():
    organic, conventional = ROSA_LINES[0], ROSA_LINES[1]
    mixed = (organic, StatementLine(**{**conventional.__dict__, "certification": "convencional"}))
    text = pages_text(render(statement(lines=mixed)))[0].replace("\u00a0", " ")
    assert f"Cacao grano seco · Orgánico 1 entrega {organic.net_kg:.2f}" in text
    assert f"Cacao grano seco · Convencional 1 entrega {conventional.net_kg:.2f}" in text


def test_total_and_amount_in_words(typical_text):
    assert "Total pagado por sus entregas: S/ 2,221.85" in typical_text
    assert "SON: DOS MIL DOSCIENTOS VEINTIUNO CON 85/100 SOLES" in typical_text


def test_signatures_and_receipt(typical_text):
    for label in ("Tesorero(a)", "Gerente", "Presidente del Consejo de Administración", "Recibí conforme",
                  "Huella digital"):
        assert label in typical_text
    # the member signs above her name and DNI
    assert "Rosa Quispe Mamani DNI 41234567" in typical_text


def test_footer(typical_text):
    assert "Impreso el 22/11/2026 · N° 000042" in typical_text
    assert "Página 1 de 1" in typical_text
    assert typical_text.count("Cooperativa Agraria Cacaotera Los Castaños") == 2  # letterhead and footer


def test_metadata(typical_pdf):
    meta = PdfReader(io.BytesIO(typical_pdf)).metadata
    assert meta.title == "Estado de cuenta del socio N° 000042 · Rosa Quispe Mamani"
    assert meta.author == "Cooperativa Agraria Cacaotera Los Castaños"
    assert meta.subject == "Campaña 2026 (01/01/2026 – 31/12/2026)"
    assert meta.creation_date.date() == date(2026, 11, 22)  # the printing date, not the clock


def test_a4_portrait(typical_pdf):
    box = PdfReader(io.BytesIO(typical_pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_same_statement_same_bytes(typical_pdf):
    assert render(statement()) == typical_pdf


def test_writes_to_a_path(tmp_path: Path, typical_pdf):
    target = tmp_path / "estado.pdf"
    render_member_statement(statement(), target)
    assert target.read_bytes() == typical_pdf
    render_member_statement(statement(), str(target))
    assert target.read_bytes() == typical_pdf


# ------------------------------------------------------------------ fonts


def _fonts(pdf: bytes) -> dict[str, dict]:
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object() if isinstance(ref, IndirectObject) else ref
            fonts[str(font["/BaseFont"])] = font
    return fonts


@pytest.mark.parametrize("which", ["typical", "long"])
def test_only_embedded_dejavu_fonts(which, typical_pdf, long_pdf):
    fonts = _fonts(typical_pdf if which == "typical" else long_pdf)
    names = {name.split("+")[-1] for name in fonts}
    assert names == {"DejaVuSans", "DejaVuSans-Bold"}
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000


# ------------------------------------------------------------------ many deliveries


def test_long_statement_numbers_every_page_with_the_true_total(long_pdf):
    pages = pages_text(long_pdf)
    total = len(pages)
    assert total >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {total}" in text
        assert "Impreso el 22/11/2026 · N° 000123" in text
    # pages after the first say whose statement they belong to
    for text in pages[1:]:
        assert "Estado de cuenta del socio N° 000123 · Rosa Quispe Mamani (S0001)" in text


def test_long_statement_repeats_the_header_row_and_prints_every_ticket_once(long_pdf):
    pages = pages_text(long_pdf)
    header = "Fecha Ticket Producto Sacos Bruto kg Tara kg Neto kg Hum. % Calidad Precio Importe"
    pages_with_deliveries = [text for text in pages if "002-0000" in text]
    assert len(pages_with_deliveries) >= 2
    for text in pages_with_deliveries:
        assert header in text
    everything = " ".join(pages)
    for n in range(1, 91):
        assert everything.count(f"002-{n:06d}") == 1
    # letterhead only once, on the first page
    assert everything.count("ESTADO DE CUENTA DEL SOCIO") == 1


def test_long_statement_totals(long_pdf):
    last = pages_text(long_pdf)[-1]
    # 90 x (50.60 gross, 0.60 tare, 50.00 net, S/ 500.00)
    assert "Total 90 4,554.00 54.00 4,500.00 S/ 45,000.00" in last
    assert "Cacao grano seco · Orgánico 90 entregas 4,500.00 S/ 45,000.00" in last
    assert "Total pagado por sus entregas: S/ 45,000.00" in last
    assert "SON: CUARENTA Y CINCO MIL CON 00/100 SOLES" in last


def test_signatures_are_kept_together_with_the_totals(long_pdf):
    pages = pages_text(long_pdf)
    on = [i for i, text in enumerate(pages) if "Huella digital" in text]
    assert len(on) == 1
    text = pages[on[0]]
    for label in ("Total pagado por sus entregas", "SON:", "Tesorero(a)", "Gerente",
                  "Presidente del Consejo de Administración", "Recibí conforme", "DNI 41234567"):
        assert label in text


def test_totals_row_never_starts_a_page_alone():
    # whatever the number of deliveries, the page with the totals row also
    # shows deliveries (and so the header row above them)
    for count in range(30, 50):  # the first page holds about 40 lines
        for text in pages_text(render(statement(long_lines(count)))):
            if f"Total {count} " in text:
                assert "002-0000" in text, count
                assert "Fecha Ticket Producto" in text, count


def test_long_product_names_wrap_inside_their_column():
    from dataclasses import replace

    lines = [replace(line, product="Cacao grano seco fermentado de exportación", grade="Extra superior 1ra")
             for line in ROSA_LINES]
    pdf = render(statement(lines))
    text = " ".join(pages_text(pdf))
    for word in ("fermentado", "exportación"):
        assert text.count(word) == 4  # three lines and the summary
    for word in ("superior", "1ra"):
        assert text.count(word) == 3
    assert "Total 3 121.60 1.50 120.10 S/ 2,221.85" in text


# ------------------------------------------------------------------ no deliveries


def test_member_without_deliveries():
    pages = pages_text(render(statement(lines=(), number=7)))
    assert len(pages) == 1
    text = pages[0]
    assert "No registra entregas en esta campaña." in text
    assert "Fecha Ticket" not in text
    assert "Resumen por producto" not in text
    assert "Total pagado por sus entregas: S/ 0.00" in text
    assert "SON: CERO CON 00/100 SOLES" in text
    assert "N° 000007" in text
    assert "Página 1 de 1" in text
    assert "Huella digital" in text


# ------------------------------------------------------------------ coffee and grams


def _coffee(day: date, ticket: str, gross: str, tare: str, net: str, amount: str) -> StatementLine:
    return StatementLine(
        date=day, ticket=ticket, product="Café pergamino seco", crop="cafe", sacks=2,
        gross_kg=D(gross), tare_kg=D(tare), net_kg=D(net), humidity_pct=D("11.50"), grade="Especial",
        certification="organico", price=D("700.00"), price_unit="qq", amount=D(amount),
    )


def test_coffee_in_quintales_and_mixed_products():
    # 92 kg = 2 qq x S/ 700.00 = 1,400.00;  69 kg = 1.5 qq x 700.00 = 1,050.00
    coffee = (
        _coffee(date(2026, 5, 4), "B12-000201", "92.400", "0.400", "92.000", "1400.00"),
        _coffee(date(2026, 6, 8), "B12-000245", "69.350", "0.350", "69.000", "1050.00"),
    )
    text = " ".join(pages_text(render(statement(lines=ROSA_LINES + coffee))))
    assert "S/ 700.00/qq S/ 1,400.00" in text
    assert "Café pergamino seco · Orgánico 2 entregas 161.00 3.50 qq S/ 2,450.00" in text
    assert "Cacao grano seco · Orgánico 3 entregas 120.10 S/ 2,221.85" in text
    # 2,221.85 + 2,450.00
    assert "Total pagado por sus entregas: S/ 4,671.85" in text
    assert "SON: CUATRO MIL SEISCIENTOS SETENTA Y UNO CON 85/100 SOLES" in text


def test_one_delivery_is_singular():
    text = pages_text(render(statement(lines=ROSA_LINES[:1])))[0]
    assert "Cacao grano seco · Orgánico 1 entrega 40.50 S/ 749.25" in text


def test_weights_keep_their_grams():
    line = ROSA_LINES[0]
    grams = StatementLine(**{**line.__dict__, "gross_kg": D("41.125"), "tare_kg": D("0.500"), "net_kg": D("40.625"),
                             "amount": D("751.56")})
    view = statement_view(statement(lines=(grams, ROSA_LINES[1])))
    # one statement, one number of decimals: three when any weight has grams
    assert view.deliveries[0][4:7] == ("41.125", "0.500", "40.625")
    assert view.deliveries[1][4:7] == ("35.800", "0.500", "35.300")
    assert view.deliveries_total[4:7] == ("76.925", "1.000", "75.925")


# ------------------------------------------------------------------ file name


def test_statement_filename():
    assert statement_filename(statement()) == "estado-cuenta-2026-S0001-000042.pdf"


def test_statement_filename_only_safe_characters():
    odd = statement(member=MemberInfo("Ñ/01 ..\\x", "41234567", "Rosa", "Zona", "organico"))
    odd = type(odd)(**{**odd.__dict__, "campaign": CampaignInfo("2026/27 café", "2026", date(2026, 1, 1),
                                                                   date(2027, 6, 30))})
    name = statement_filename(odd)
    assert name == "estado-cuenta-2026-27-cafe-N-01-x-000042.pdf"
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", name)


# ------------------------------------------------------------------ the view


def test_view_is_only_strings():
    view = statement_view(statement(lines=ROSA_LINES))

    def strings(value) -> bool:
        if isinstance(value, tuple):
            return all(strings(v) for v in value)
        return isinstance(value, str)

    for name, value in view.__dict__.items():
        assert strings(value), name


def test_the_campaign_is_printed_by_its_own_name_in_any_language():
    named = CampaignInfo(code="2026-B", name="Segunda cosecha 2026", start=date(2026, 6, 1), end=date(2026, 12, 31))
    stmt = statement()
    stmt = type(stmt)(**{**stmt.__dict__, "campaign": named})
    assert statement_view(stmt).campaign == "Segunda cosecha 2026 (01/06/2026 – 31/12/2026)"
