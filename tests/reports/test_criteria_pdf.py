"""The criteria of a distribution as the document the General Assembly and the
board sign and file with the acta («Criterios de distribución»), read back from
real PDFs.

The worked example of docs/criteria.md (S/ 10,000.00; Reserva Cooperativa,
Fondo de Educación and Fondo de Previsión Social by percentage of the amount;
80 % by kilos, 20 % in equal parts) must come out in words, with the acta, the
signature lines and, in an appendix, its exact text headed by the SHA-256 of
that text, so the paper can be matched to the stored version.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from coopdesk.domain.distribution import record
from coopdesk.reports.criteria_pdf import _cut, criteria_filename, render_criteria
from coopdesk.reports.distribution_pdfs import PDF
from coopdesk.domain.distribution.criteria_file import read_criteria
from tests.core.test_distribution_runs import CRITERIA_NAMED, TODAY, published
from tests.core.test_distributions import season_of_rosa_and_juan
from tests.reports.test_liquidation_pdf import DOCS, WORKED, context, normalise, second_example
from tests.conftest import cash_in_hand

SHA = hashlib.sha256(WORKED.encode()).hexdigest()
SECOND = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)[2]  # reintegro and primas 2025
DRAFT_RUN = dict(status="borrador", acta_number=None, acta_date=None, published_at=None, fingerprint=None)


def render(ctx) -> bytes:
    buffer = io.BytesIO()
    render_criteria(ctx, buffer)
    return buffer.getvalue()


def read(pdf: bytes) -> tuple[list[str], list[str]]:
    """Each page's text normalised (spaces collapsed), and every line as extracted."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return [normalise(p) for p in pages], [line.rstrip() for p in pages for line in p.splitlines()]


def worked(**run):
    return replace(context(**run), criteria_text=WORKED, criteria_status=None)


@pytest.fixture(scope="module")
def approved() -> tuple[list[str], list[str]]:
    return read(render(worked()))


@pytest.mark.parametrize("expected", [
    "CRITERIOS DE DISTRIBUCIÓN",
    "Versión 1",
    "Distribución de excedentes 2026",
    "Estado Aprobados",
    "Acta de la asamblea 12-2026 del 10/03/2026",
    f"Huella (SHA-256) {SHA[:16]}",
    # the general rules, as the board summary states them
    "Porcentajes de las apropiaciones sobre el monto a distribuir",
    "Reserva Cooperativa mínima 20 %",
    "Participan socios en estado Activo",
    "Orden de los descuentos Adelantos, Préstamos, Créditos de insumos",
    # the amount and the appropriations, in order
    "Monto a distribuir S/ 10,000.00 Reserva Cooperativa 20 % del monto a distribuir (mínimo: 20 %) "
    "Fondo de Educación 10 % del monto a distribuir Fondo de Previsión Social 5 % del monto a distribuir "
    "Para los socios lo que queda, repartido en los fondos",
    # the pots with their rule and the key in words
    "Retorno por kilos 80 % de lo que va a los socios kilos entregados",
    "Parte igual 20 % de lo que va a los socios partes iguales",
    "los céntimos que sobran van, uno a uno, a las partes con más fracción",
    "Nadie recibe un monto negativo",
    # approval and signatures
    "aprobados por la Asamblea General en el acta 12-2026 del 10 de marzo de 2026",
    "Presidente(a) del Consejo de Administración",
    "Secretario(a)",
    "Presidente(a) del Consejo de Vigilancia",
])
def test_the_worked_example_in_words(approved, expected):
    pages, _lines = approved
    assert expected in " ".join(pages)


def test_the_appendix_is_the_exact_text_headed_by_its_sha256(approved):
    pages, lines = approved
    assert len(pages) == 2  # the rules and signatures on one page, the text on the next
    appendix = pages[1]
    assert appendix.startswith(f"Texto exacto de los criterios (SHA-256: {SHA[:16]})")
    assert SHA in appendix.replace(" ", "")  # the whole fingerprint too
    assert SHA[:16] == record.sha256(WORKED)[:16]  # as the database stores it
    for line in WORKED.splitlines():
        if line.strip():
            assert line in lines, line
    assert f"SHA-256 {SHA[:16]}" in pages[0] and "Página 1 de 2" in pages[0] and "Página 2 de 2" in appendix


def test_approved_criteria_carry_no_draft_mark(approved):
    pages, _lines = approved
    assert "BORRADOR" not in " ".join(pages)


def test_draft_criteria_are_marked_pending_approval():
    pages, _lines = read(render(worked(**DRAFT_RUN)))
    text = " ".join(pages)
    assert "BORRADOR – pendiente de aprobación por la Asamblea General" in text
    assert "Estado Borrador" in text and "Acta de la asamblea pendiente" in text
    assert "Propuesta para la Asamblea General. Aprobada en el acta N°" in text
    assert all("BORRADOR" in page for page in pages)  # the watermark, on every page


def test_criteria_already_approved_are_not_a_draft_in_a_draft_run():
    """A run simulated again with criteria the assembly approved: the criteria are approved."""
    ctx = replace(worked(status="borrador", published_at=None, fingerprint=None), criteria_status="aprobado")
    text = " ".join(read(render(ctx))[0])
    assert "BORRADOR" not in text and "Estado Aprobados" in text and "3 (Borrador)" in text


def test_superseded_criteria_say_so():
    text = " ".join(read(render(replace(worked(), criteria_status="reemplazado")))[0])
    assert "REEMPLAZADOS – la Asamblea General aprobó una versión posterior" in text
    assert "Esta versión fue reemplazada por una posterior." in text


def test_rates_interest_primas_filters_and_withholding_in_words():
    ctx, _seasons, _result = second_example()
    organic_premium = SECOND.replace('nombre = "Prima por kilo"\nclave = "kg"\nporcentaje = 100\n',
                                     'nombre = "Prima por kilo"\nclave = "kg"\nporcentaje = 100\n'
                                     'solo_certificacion = ["organico"]\n')
    assert organic_premium != SECOND
    pages, lines = read(render(replace(ctx, criteria=read_criteria(organic_premium)[0], criteria_text=organic_premium,
                                       criteria_status="aprobado")))
    text = " ".join(pages)
    for expected in (
        "Compensación de pérdidas (se toma primero) S/ 2,000.00",
        "Reserva Cooperativa 20 % del monto, después de compensar las pérdidas (mínimo: 20 %)",
        "Reintegro café la suma de las tarifas tarifa por quintal",
        "Café pergamino seco, cualquier calidad, Orgánico: S/ 23.00 por quintal (46 kg)",
        "Café pergamino seco, cualquier calidad, cualquier certificación: S/ 11.50 por quintal (46 kg)",
        "Interés sobre aportaciones la suma de los intereses aportaciones 5 % de las aportaciones de cada socio. "
        "Tope: cuenta hasta S/ 2,000.00 por socio.",
        "Prima de Comercio Justo S/ 3,000.00 20 % Plan de la Prima",
        "Prima de Comercio Justo: Prima por kilo 100 % de lo que va a los socios kilos entregados "
        "Solo cuentan las entregas de: certificación Orgánico.",
        "Capitalización 10 % de Retorno por kilos",
        "Retención de ley 1.5 % de lo que pasa de 30 UIT (S/ 165,000.00) en el año",
        "Participan socios en estado Activo; al día con sus obligaciones",
        "se le descuenta la retención de ley; se capitaliza la parte indicada",
    ):
        assert expected in text, expected
    assert '"CAFE-PERG/*/organico" = "23.00"' in lines


def test_a_long_line_is_continued_with_a_mark_and_nothing_is_lost():
    long = 'nombre = "' + "Distribución de excedentes " * 6 + '"'
    assert "".join(_cut(long, 60)) == long and all(len(p) <= 60 for p in _cut(long, 60))
    assert _cut("x" * 130, 60) == ["x" * 60, "x" * 60, "x" * 10]  # no space: cut at the width
    text = WORKED.replace('nombre = "Distribución de excedentes 2026"', long)
    _pages, lines = read(render(replace(worked(), criteria_text=text)))
    assert "↪" in lines


def test_a_text_that_cannot_be_read_as_criteria_is_still_printed_as_it_is():
    text = '[distribucion]\nmonto = "diez mil"\n'
    pages, lines = read(render(replace(worked(), criteria=None, criteria_text=text)))
    assert "El texto guardado no se puede leer como criterios: vea el texto exacto en el anexo." in pages[0]
    assert 'monto = "diez mil"' in lines
    assert f"SHA-256: {hashlib.sha256(text.encode()).hexdigest()[:16]}" in pages[-1]


def test_the_file_name():
    assert criteria_filename(3) == "criterios-distribucion-3.pdf"
    assert PDF.criteria_filename(3) == "criterios-distribucion-3.pdf"


# ------------------------------------------------------------------ through the book


def test_the_criteria_of_a_published_run_from_the_book(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    book = sqlite_book
    season_of_rosa_and_juan(book)
    row = published(book)
    path = book.liquidations.write_criteria(row.number, tmp_path / "criterios.pdf", printed_on=date(2026, 11, 22),
                                            renderer=PDF)
    pages, lines = read(path.read_bytes())
    text = " ".join(pages)
    sha = record.sha256(CRITERIA_NAMED)
    assert f"Texto exacto de los criterios (SHA-256: {sha[:16]})" in text
    assert "Excedentes 2026" in text and "Estado Aprobados" in text and "1 (Publicada)" in text
    assert "Acta de la asamblea Acta 12-2026 del " + TODAY.strftime("%d/%m/%Y") in text
    assert "Retorno por kilos 100 % de lo que va a los socios kilos entregados" in text
    assert "Puerto Maldonado, 22 de noviembre de 2026" in text
    assert 'nombre = "Excedentes 2026"' in lines
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf" or p.name.endswith(".tmp")] == ["criterios.pdf"]


def test_draft_and_superseded_criteria_from_the_book(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    book = sqlite_book
    season_of_rosa_and_juan(book)
    book.liquidations.renderer = PDF
    first = book.distributions.create(CRITERIA_NAMED)
    text = " ".join(read(book.liquidations.write_criteria(first.number, tmp_path / "a.pdf").read_bytes())[0])
    assert "BORRADOR – pendiente de aprobación por la Asamblea General" in text
    book.distributions.approve(first.number, acta="Acta 12-2026", acta_date=TODAY)
    second = book.distributions.create(CRITERIA_NAMED.replace('"1000.00"', '"1200.00"'))
    book.distributions.approve(second.number, acta="Acta 13-2026", acta_date=TODAY)
    text = " ".join(read(book.liquidations.write_criteria(first.number, tmp_path / "b.pdf").read_bytes())[0])
    assert "REEMPLAZADOS" in text and "Acta 12-2026" in text
    text = " ".join(read(book.liquidations.write_criteria(second.number, tmp_path / "c.pdf").read_bytes())[0])
    assert "REEMPLAZADOS" not in text and "BORRADOR" not in text and "Versión 2" in text

