"""The intake ticket (ticket de acopio), read back with pdftotext: the exact
figures of a cacao delivery (120.5 kg gross, 0.4 kg tare, 120.1 kg net at
S/ 18.50/kg = S/ 2,221.85), its amount in words, and the two paper sizes."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from coopdesk.core.dto import CooperativeRow, DeliveryRow
from coopdesk.reports.receipt_pdf import receipt_filename, receipt_view, render_receipt

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")

COOP = CooperativeRow("Cooperativa Agraria Cacaotera Los Castaños", "20600123450",
                      "Av. Dos de Mayo 456, Puerto Maldonado, Tambopata, Madre de Dios", "Puerto Maldonado",
                      "es_PE", "PEN")
CACAO = DeliveryRow(7, "001-000123", date(2026, 3, 4), "2026", "S0001", "Rosa Quispe Mamani", "CACAO-SECO",
                    "Cacao grano seco", "cacao", 2, D("120.500"), D("0.400"), D("120.100"), D("7.20"), "A",
                    "organico", D("18.50"), "kg", D("2221.85"))
COFFEE = DeliveryRow(8, "001-000124", date(2026, 3, 9), "2026", "S0002", "Juan Condori Apaza", "CAFE-PERG",
                     "Café pergamino seco", "cafe", 3, D("138.600"), D("0.600"), D("138.000"), D("11.00"), "B",
                     "convencional", D("690.00"), "qq", D("2070.00"))
NBSP = "\u00a0"


def text_of(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout.replace(NBSP, " ")


def lines_of(path) -> list[str]:
    return [" ".join(line.split()) for line in text_of(path).splitlines() if line.strip()]


def test_a6_cacao_ticket_has_the_exact_figures_and_the_amount_in_words(tmp_path):
    pdf = tmp_path / "t.pdf"
    render_receipt(receipt_view(CACAO, COOP), pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (105, 148)
    lines = lines_of(pdf)
    for expected in (
        "Cooperativa Agraria Cacaotera Los Castaños",
        "RUC 20600123450",
        "TICKET DE ACOPIO N.º 001-000123",
        "Fecha 04/03/2026",
        "Socio(a) S0001 · Rosa Quispe Mamani",
        "Producto Cacao grano seco",
        "Certificación Orgánico",
        "Sacos 2",
        "Peso bruto 120.50 kg",
        "Tara 0.40 kg",
        "Peso neto 120.10 kg",
        "Humedad 7.20 %",
        "Calidad A",
        "Precio pagado S/ 18.50/kg",
        "IMPORTE S/ 2,221.85",
        "Acopiador(a) Socio(a)",
    ):
        assert expected in lines, (expected, lines)
    text = " ".join(lines)
    assert "SON: DOS MIL DOSCIENTOS VEINTIUNO CON 85/100 SOLES" in text
    assert "ANULADO" not in text
    assert "qq" not in text  # quintales are for coffee only


def test_coffee_shows_quintales_and_the_price_per_quintal(tmp_path):
    pdf = tmp_path / "t.pdf"
    render_receipt(receipt_view(COFFEE, COOP), pdf)
    lines = lines_of(pdf)
    # 138 kg / 46 = 3.00 qq at S/ 690.00/qq = S/ 2,070.00
    assert "Peso neto 138.00 kg" in lines
    assert "Peso neto en quintales 3.00 qq" in lines
    assert "Precio pagado S/ 690.00/qq" in lines
    assert "SON: DOS MIL SETENTA CON 00/100 SOLES" in lines


def test_the_80mm_roll_is_80mm_wide_and_as_long_as_the_ticket(tmp_path):
    pdf = tmp_path / "t.pdf"
    render_receipt(receipt_view(CACAO, COOP), pdf, size="80mm")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(80 / 25.4 * 72)
    assert 100 * 72 / 25.4 < float(box.height) < 200 * 72 / 25.4
    text = " ".join(lines_of(pdf))
    assert "Peso neto 120.10 kg" in text and "S/ 2,221.85" in text
    assert "SON: DOS MIL DOSCIENTOS VEINTIUNO CON 85/100 SOLES" in text


@pytest.mark.parametrize("size", ["a6", "80mm"])
def test_a_voided_ticket_says_anulado_with_its_reason(tmp_path, size):
    pdf = tmp_path / "t.pdf"
    voided = replace(CACAO, void_reason="Peso mal registrado")
    render_receipt(receipt_view(voided, COOP), pdf, size=size)
    assert len(PdfReader(pdf).pages) == 1
    assert "ANULADO: Peso mal registrado" in " ".join(lines_of(pdf))


def test_no_text_is_smaller_than_9_points(tmp_path):
    pdf = tmp_path / "t.pdf"
    render_receipt(receipt_view(replace(COFFEE, void_reason="Duplicado"), COOP), pdf, size="80mm")
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * tm[0])

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 9


def test_an_unknown_size_is_refused_and_the_file_name_is_safe(tmp_path):
    with pytest.raises(ValueError):
        render_receipt(receipt_view(CACAO, COOP), tmp_path / "t.pdf", size="a4")
    assert receipt_filename("001-000123") == "ticket-acopio-001-000123.pdf"


def test_the_member_sees_the_measures_the_humidity_discount_and_the_kilos_paid(tmp_path):
    # 100 kg net at 9.5 % against the 7.5 % standard: 2.162 kg off, 97.838 kg paid at S/ 10.50
    wet = replace(CACAO, gross_kg=D("100.400"), tare_kg=D("0.400"), net_kg=D("100.000"), humidity_pct=D("9.50"),
                  payable_kg=D("97.838"), equivalent_kg=D("97.838"), price=D("10.50"), amount=D("1027.30"),
                  member_dni="41234567", fermentation_pct=D("82.00"), certification="convencional",
                  certification_note="Parcela nueva sin certificar")
    pdf = tmp_path / "t.pdf"
    render_receipt(receipt_view(wet, COOP), pdf)
    lines = lines_of(pdf)
    for expected in (
        "DNI 41234567",
        "Certificación Convencional",
        "Motivo Parcela nueva sin certificar",
        "Peso neto 100.000 kg",
        "Humedad 9.50 %",
        "Fermentación (prueba de corte) 82.00 %",
        "Descuento por humedad 2.162 kg",
        "Peso pagado 97.838 kg",
        "Precio pagado S/ 10.50/kg",
        "IMPORTE S/ 1,027.30",
    ):
        assert expected in lines, (expected, lines)
    assert "equivalentes" not in " ".join(lines)  # dry cacao is its own reference form


def test_coffee_quintales_have_the_decimals_that_make_the_printed_product_true(tmp_path):
    """1,146.50 kg at S/ 980.00/qq is S/ 24,425.43; 24.92 qq × 980 would be
    S/ 24,421.60 (S/ 3.83 short): the ticket prints 24.92391 qq."""
    pdf = tmp_path / "t.pdf"
    coffee = replace(COFFEE, gross_kg=D("1147.100"), tare_kg=D("0.600"), net_kg=D("1146.500"), price=D("980.00"),
                     amount=D("24425.43"))
    render_receipt(receipt_view(coffee, COOP), pdf)
    lines = lines_of(pdf)
    assert "Peso neto en quintales 24.92391 qq" in lines
    assert (D("24.92391") * 980).quantize(D("0.01")) == D("24425.43")
    assert "IMPORTE S/ 24,425.43" in lines


def test_a_voided_ticket_says_anulado_strikes_its_amount_and_is_no_constancia(tmp_path):
    pdf = tmp_path / "t.pdf"
    voided = replace(CACAO, void_reason="Peso mal digitado")
    render_receipt(receipt_view(voided, COOP), pdf)
    text = " ".join(lines_of(pdf))
    assert text.count("ANULADO: Peso mal digitado") == 2  # under the title and over the amount
    assert "Conserve este ticket" not in text and "SON:" not in text
    assert "Anulado: no vale como constancia ni para cobrar." in text
    # the amount is struck: a line drawn across it
    content = PdfReader(str(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert " l S" in content or " l\nS" in content


def test_a_reprinted_ticket_keeps_its_number_and_says_so(tmp_path):
    from datetime import datetime

    from coopdesk.domain.documents import RECEIPT, IssuedDocument

    pdf = tmp_path / "t.pdf"
    document = IssuedDocument(RECEIPT, 45, 2, datetime(2026, 3, 4, 9, 0), datetime(2026, 3, 20, 10, 0))
    render_receipt(receipt_view(CACAO, COOP, document), pdf)
    text = " ".join(lines_of(pdf))
    assert "Documento N° 000045" in text
    assert "REIMPRESIÓN n.º 2, 20/03/2026" in text


@pytest.mark.parametrize("size", ["a6", "80mm"])
def test_a_reprinted_voided_coffee_ticket_still_fits_one_sheet(tmp_path, size):
    from datetime import datetime

    from coopdesk.domain.documents import RECEIPT, IssuedDocument

    pdf = tmp_path / "t.pdf"
    document = IssuedDocument(RECEIPT, 45, 1, datetime(2026, 3, 9, 9, 0), datetime(2026, 3, 20, 10, 0))
    render_receipt(receipt_view(replace(COFFEE, void_reason="Peso mal digitado"), COOP, document), pdf, size=size)
    assert len(PdfReader(pdf).pages) == 1
    text = " ".join(lines_of(pdf))
    assert "ANULADO: Peso mal digitado" in text and "Anulado: no vale como constancia ni para cobrar." in text
