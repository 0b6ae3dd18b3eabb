"""The board pack (issue 15, item 5): the distribution summary with the
deductions by kind, the DNI in the padrón, the journal entries the run posted
(by number) and the ledger's reconciliation: 591 before and after, the
Reserva, the funds, the members' payable and each deduction's account as the
run says and as its posted entry says. Read back from the PDF; the figures
are the book's (ledger entries read through ``book.ledger``)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal as D

import pytest

from coopdesk.domain.accounts import InputItem, MovementInput
from coopdesk.reports.distribution_summary_pdf import render_distribution_summary
from coopdesk.reports.distribution_pdfs import PDF
from tests.conftest import TODAY, cash_in_hand
from tests.core.test_distribution_runs import CRITERIA_NAMED, published
from tests.core.test_distributions import season_of_rosa_and_juan
from tests.reports.test_liquidation_pdf import RESULT, context, pages_text, padron

DAY = date(2026, 2, 1)


def text_of(path) -> str:
    return " ".join(pages_text(path))


@pytest.fixture
def board_book(sqlite_book, tmp_path):
    """Rosa 200 kg (owes adelantos 100.00 and insumos 170.00), Juan 100 kg (adelantos 50.00), Carmen none;
    S/ 1,000.00 of the 100,000.00 in 591: Reserva 200.00, 800.00 by kilos (Rosa 533.33, Juan 266.67);
    published, and Juan paid in cash."""
    book = sqlite_book
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    book.accounts.record(MovementInput("S0001", DAY, "adelantos", "cargo", D("100.00")))
    book.accounts.record_inputs("S0001", DAY, [InputItem("Guano de isla", D("2"), D("85.00"))])
    book.accounts.record(MovementInput("S0002", DAY, "adelantos", "cargo", D("50.00")))
    row = published(book, CRITERIA_NAMED)
    book.distributions.mark_paid(row.number, "S0002", TODAY, "efectivo")
    book.liquidations.renderer = PDF
    path = book.liquidations.write_summary(row.number, tmp_path / "resumen.pdf")
    return book, row, text_of(path)


def test_the_deductions_are_shown_by_kind_and_the_padron_has_the_dni(board_book):
    _book, _row, text = board_book
    assert "Descuentos por tipo Concepto Socios Debían Descontado Queda debiendo" in text
    assert "Adelantos 2 S/ 150.00 S/ 150.00 S/ 0.00" in text
    assert "Créditos de insumos 1 S/ 170.00 S/ 170.00 S/ 0.00" in text
    assert "Total S/ 320.00 S/ 320.00 S/ 0.00" in text
    # the members' reconciliation names each kind instead of one total
    assert "Retenido S/ 0.00 + adelantos S/ 150.00 + insumos S/ 170.00 + neto a pagar S/ 480.00 = S/ 800.00; " \
           "bruto de los socios S/ 800.00 ✓ cuadra" in text
    header = "N° Código Socio(a) DNI Zona Bruto Adelantos Insumos Neto a pagar Firma"
    assert header in text
    assert re.search(r"Quispe Mamani, Rosa 41234567 \S.* S/ 533\.33 S/ 100\.00 S/ 170\.00 S/ 263\.33", text)
    assert re.search(r"Condori Apaza, Juan 42345678 \S.* S/ 266\.67 S/ 50\.00 S/ 0\.00 S/ 216\.67", text)
    assert "Total: 3 socios S/ 800.00 S/ 150.00 S/ 170.00 S/ 480.00" in text


def test_the_summary_names_the_entries_the_run_posted(board_book):
    book, row, text = board_book
    [entry] = [e for e in book.ledger.entries() if e.source_kind == "distribucion"]
    [payment] = [e for e in book.ledger.entries() if e.source_kind == "pago"]
    assert "Asientos contables y conciliación con la contabilidad" in text
    assert f"{entry.number} {entry.date:%d/%m/%Y} la distribución · {entry.description}"[:60] in text
    assert f"{payment.number} pago a 1 socio S/ 216.67" in text


def test_the_ledger_reconciliation_ties_the_run_to_its_entry(board_book):
    book, _row, text = board_book
    [entry] = [e for e in book.ledger.entries() if e.source_kind == "distribucion"]
    # 591 had the 100,000.00 of the opening; the run takes the Reserva 200.00 and the members' 800.00
    assert "Cuenta 591 «Excedentes por distribuir»: saldo antes del asiento S/ 100,000.00 − lo que toma la " \
           "distribución S/ 1,000.00 = saldo después S/ 99,000.00 ✓ cuadra" in text
    assert book.ledger.credit_balance("591") == D("99000.00")
    assert "582 «Legal: Reserva Cooperativa»: según la distribución haber S/ 200.00; en el asiento haber " \
           "S/ 200.00 ✓ cuadra" in text
    assert "14222 «Adelantos a socios»: según la distribución haber S/ 150.00; en el asiento haber S/ 150.00 " \
           "✓ cuadra" in text
    assert re.search(r"14223 «[^»]*»: según la distribución haber S/ 170\.00; en el asiento haber S/ 170\.00 "
                     r"✓ cuadra", text)
    assert re.search(r"4419 «[^»]*»: según la distribución debe S/ 320\.00, haber S/ 800\.00; en el asiento debe "
                     r"S/ 320\.00, haber S/ 800\.00 ✓ cuadra", text)
    lines = {line.account: line for line in entry.lines}
    assert lines["582"].credit == D("200.00")
    assert f"Asiento {entry.number}: debe S/ 1,320.00 = haber S/ 1,320.00 ✓ cuadra" in text
    assert f"El asiento {entry.number} registra exactamente esta distribución." in text


def test_an_entry_that_does_not_match_the_run_is_flagged():
    """The tie compares, it does not assume: an entry missing the Reserva's credit is «no cuadra»."""
    from dataclasses import replace

    from coopdesk.core.run_ledger import EntryRef, RunLedger
    from coopdesk.domain import postings

    expected = postings.expected_distribution_entry(context().criteria, RESULT)
    posted = dict(expected)
    posted["582"] = (D("0.00"), D("1999.99"))
    ledger = RunLedger(EntryRef("2026-000045", date(2026, 3, 15), "Distribución N.º 3", D("10000.00"),
                                "distribucion"), (), None, posted, {"582": "Reserva legal", "591": "Excedentes"},
                       D("10000.00"), D("0.00"))
    out = io.BytesIO()
    render_distribution_summary(replace(context(), ledger=ledger), RESULT, padron(), out)
    text = " ".join(pages_text(out.getvalue()))
    assert "582 «Reserva legal»: según la distribución haber S/ 2,000.00; en el asiento haber S/ 1,999.99 ✗ " \
           "no cuadra" in text
    assert "ATENCIÓN: el asiento 2026-000045 no coincide con esta distribución." in text


def test_a_draft_has_no_entry_yet(sqlite_book, tmp_path):
    book = sqlite_book
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    draft = book.distributions.create(CRITERIA_NAMED)
    path = book.liquidations.write_summary(draft.number, tmp_path / "borrador.pdf", renderer=PDF)
    assert "Esta distribución aún no tiene asiento contable: se registra al publicarla." in text_of(path)


def test_a_correction_names_the_reversal_it_posted_and_the_corrected_run_names_its_reverser(sqlite_book, tmp_path):
    book = sqlite_book
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    first = published(book, CRITERIA_NAMED)
    second = book.distributions.create(CRITERIA_NAMED.replace('"1000.00"', '"1200.00"'), corrects=first.number,
                                       reason="monto equivocado")
    book.distributions.approve(second.number, acta="Acta 13-2026", acta_date=TODAY)
    book.distributions.publish(second.number)
    entries = [e for e in book.ledger.entries() if e.source_kind == "distribucion"]
    original, reversal, correction = entries  # the first run's, its reversal, the correction's
    assert reversal.reverses == original.id
    book.liquidations.renderer = PDF
    text = text_of(book.liquidations.write_summary(second.number, tmp_path / "correccion.pdf"))
    assert f"{correction.number} {correction.date:%d/%m/%Y} la distribución" in text
    assert f"{reversal.number} {reversal.date:%d/%m/%Y} reversión del asiento de la distribución que esta " \
           "corrige" in text
    # 591: the 1,000.00 taken by the first run came back with the reversal, then 1,200.00 are taken
    assert "saldo antes del asiento S/ 100,000.00 − lo que toma la distribución S/ 1,200.00 = saldo después " \
           "S/ 98,800.00 ✓ cuadra" in text
    assert f"El asiento {correction.number} registra exactamente esta distribución." in text
    old = text_of(book.liquidations.write_summary(first.number, tmp_path / "primera.pdf"))
    assert f"{reversal.number} {reversal.date:%d/%m/%Y} reversión de este asiento (la distribución fue " \
           "corregida)" in old


def test_the_padron_is_printed_across_the_page_so_that_whole_names_fit_on_their_line(tmp_path):
    """With DNI, zone and a column per kind of deduction, an upright A4 left the
    names a column two words wide («Chávez / Condori, / Wilber / César»): the
    padrón's pages are A4 across, and a long name stays on its row's one line."""
    import subprocess
    from dataclasses import replace

    from pypdf import PdfReader

    members = padron()
    long_name = "Huamán Quispe de la Cruz, María del Carmen Rosario"
    members[0] = replace(members[0], name=long_name)
    out = tmp_path / "resumen.pdf"
    render_distribution_summary(context(), RESULT, members, str(out))
    pages = PdfReader(str(out)).pages
    last = pages[-1]
    assert (float(last.mediabox.width), float(last.mediabox.height)) == pytest.approx((841.89, 595.28), abs=0.01)
    assert float(pages[0].mediabox.width) == pytest.approx(595.28, abs=0.01)  # the summary itself stays upright
    text = subprocess.run(["pdftotext", "-layout", "-f", str(len(pages)), "-l", str(len(pages)), str(out), "-"],
                          capture_output=True, check=True).stdout.decode()
    rows = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    row = next(r for r in rows if long_name in r)
    assert row.startswith(f"1 {members[0].code} {long_name} {members[0].dni}")
