"""The planilla de pagos read back from its PDF: fifteen members a page, each page's
total and the grand total exact, amounts never split, names that never run into
the next column, fonts embedded."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from decimal import Decimal as D

from pypdf import PdfReader

from coopdesk.core.payment_batches import Batch, BatchLine
from coopdesk.reports.pay_sheet_pdf import pay_sheet_view, render_pay_sheet
from tests.reports.pdf_layout import outside, overlaps, pages, split_amounts, unembedded_fonts

LONG = "Huamán de la Cruz Villavicencio Ccorimanya"


def batch(count: int = 40, number: int | None = 3) -> Batch:
    lines = tuple(BatchLine(f"S{i:05d}", "María Magdalena" if i % 7 == 0 else "Rosa",
                            LONG if i % 7 == 0 else f"Quispe {i:02d}", f"4{i:07d}",
                            "LP" if i <= 20 else "TB", "Las Piedras" if i <= 20 else "Tambopata",
                            D("1234567.89") if i == 1 else D(i) + D("0.25"),
                            "00219312345678901223" if i % 2 else "") for i in range(1, count + 1))
    return Batch(1, "Excedentes 2026", "2026", "BDA2-4464-3C20-6808", date(2026, 12, 7), lines, number, "admin",
                 datetime(2026, 12, 7, 9, 30))


def pdf_of(b: Batch, document=None) -> bytes:
    out = io.BytesIO()
    render_pay_sheet(pay_sheet_view(b, "Cooperativa Agraria Tambopata", "20600123450", date(2026, 12, 7), document),
                     out)
    return out.getvalue()


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as laid out (poppler's pdftotext), so a label and its amount share a line."""
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, check=True, capture_output=True)
    return done.stdout.decode("utf-8").split("\f")[:-1]


def amounts_after(text: str, label: str) -> list[D]:
    return [D(line.split("S/")[-1].strip().replace(",", "")) for line in text.splitlines() if label in line]


def test_fifteen_members_a_page_with_each_pages_total_and_the_grand_total():
    b = batch()
    pdf = pdf_of(b)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3  # 15 + 15 + 10
    texts = page_texts(pdf)
    assert len(texts) == 3
    nets = [line.net for line in b.lines]
    page_totals = [amounts_after(t, "Total de la página")[0] for t in texts]
    assert page_totals == [sum(nets[0:15]), sum(nets[15:30]), sum(nets[30:40])]
    assert page_totals[0] == D("1234567.89") + sum(D(i) + D("0.25") for i in range(2, 16))
    assert amounts_after(texts[-1], "Total general") == [sum(nets)] == [D("1235396.64")]
    assert "continúa en la página siguiente" in texts[0] and "continúa" not in texts[-1]
    assert "Total general" not in texts[0]
    assert "En efectivo: S/ 425.00 (20 socios)" in texts[-1]


def test_nothing_breaks_on_the_paper():
    pdf = pdf_of(batch())
    for page in pages(pdf):
        assert split_amounts(page) == [] and outside(page) == [] and overlaps(page) == []
    assert unembedded_fonts(pdf) == set()


def test_a_draft_says_so_and_has_no_number():
    [text] = page_texts(pdf_of(batch(2, number=None)))
    assert "BORRADOR: estos pagos aún no están registrados." in text
    assert "Planilla de pagos\n" in text and "Lote N.º" not in text and "Planilla de pagos N.º" not in text
