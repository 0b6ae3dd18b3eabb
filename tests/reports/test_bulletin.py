"""The «Boletín mensual» (issue 15, item 6): its figures are the core's own
(«Inicio», the ledger, the members' balances), and the PDF read back says them
exactly; the slips, the PNG export and the CLI's refusals."""

import dataclasses
import subprocess
from datetime import date
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from coopdesk.cli import main
from coopdesk.core.bulletin import Bulletin
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.postings import PREMIUM_FUND
from coopdesk.core.bulletin import Slip
from coopdesk.reports import statement_pdf
from coopdesk.reports.bulletin_pdf import render_bulletin, write_bulletin
from coopdesk.reports.bulletin_view import bulletin_view, slip_views
from tests.conftest import TODAY, cacao, cash_in_hand, make_book
from tests.core.test_season import a_season

NBSP = "\u00a0"


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(NBSP, " ")


def flat(text: str) -> str:
    return " ".join(text.split())


def premium_moves(book) -> None:
    """The Premium fund: S/ 5,000.00 in from a buyer, S/ 1,200.00 out for seedlings, in December."""
    book.ledger.post(EntryInput(date(2026, 12, 2), "Prima de Comercio Justo del contrato C-7", (
        LineInput("1041", debit=D("5000.00")), LineInput(PREMIUM_FUND, credit=D("5000.00")))))
    book.ledger.post(EntryInput(date(2026, 12, 4), "Plantones de cacao para renovación", (
        LineInput(PREMIUM_FUND, debit=D("1200.00")), LineInput("1041", credit=D("1200.00")))))


def a_year_before(book) -> None:
    """December 2025 in a campaign of its own: Rosa's 50 kg of dry cacao at S/ 15.00."""
    book.campaigns.add("2025", "Campaña 2025", date(2025, 1, 1), date(2025, 12, 31))
    cash_in_hand(book, day=date(2025, 1, 2))
    book.deliveries.record(cacao("001-90", date=date(2025, 12, 10), gross_kg=D("50.4"), advance_price=D("15.00")),
                           campaign_code="2025")


def test_the_bulletins_figures_are_inicios_the_ledgers_and_the_members_balances(sqlite_book):
    book = sqlite_book
    a_season(book)
    premium_moves(book)
    data = book.bulletin.monthly(2026, 12, "Comprar balanzas", "Sábado 19", slips=True)
    f = data.figures
    overview = book.season.overview()
    assert overview.prices_month == (2026, 12)
    # one truth: the month's kilos and prices are «Inicio»'s
    december = {k.product: k for k in overview.kilos if (k.year, k.month) == (2026, 12)}
    assert {p.product: (p.now.tickets, p.net_kg, p.now.paid_kg, p.now.amount) for p in f.products} == {
        code: (k.tickets, k.net_kg, k.paid_kg, k.amount) for code, k in december.items()}
    assert {p.product: p.now.per_kg for p in f.products} == {p.product: p.per_kg for p in overview.prices} == {
        "CACAO-SECO": D("18.63"), "COPOAZU-PULPA": D("4.50")}
    assert f.net_kg == D("100.000") and f.paid_total == D("1580.00")
    # Caja and the banks as «Inicio» shows them today (the month is not over)
    assert f.as_of == TODAY
    assert [(a.code, a.balance) for a in f.money] == [(a.code, a.balance) for a in overview.money]
    assert f.money_total == overview.money_total
    # the Premium fund as the ledger holds it
    assert [(m.description, m.amount_in, m.amount_out) for m in f.premium_moves] == [
        ("Prima de Comercio Justo del contrato C-7", D("5000.00"), D("0")),
        ("Plantones de cacao para renovación", D("0"), D("1200.00"))]
    assert f.premium_balance == book.ledger.credit_balance(PREMIUM_FUND, TODAY) == D("3800.00")
    # each slip: the member's tickets of the month and what their statement says they owe
    slips = {s.code: s for s in data.slips}
    assert [(s.code, s.tickets, s.net_kg, s.amount, s.paid) for s in data.slips] == [
        ("S0001", 2, D("70.000"), D("1040.00"), D("1040.00")),
        ("S0002", 0, D("0.000"), D("0.00"), D("0.00")),
        ("S0003", 1, D("30.000"), D("540.00"), D("540.00"))]
    for code, slip in slips.items():
        assert slip.owed == book.accounts.balances(code, TODAY).total_owed
    assert [slips[c].owed for c in ("S0001", "S0002", "S0003")] == [D("300.00"), D("1242.35"), D("170.00")]


def test_the_same_month_a_year_before_is_compared(sqlite_book, tmp_path):
    book = sqlite_book
    a_season(book)
    a_year_before(book)
    f = book.bulletin.month(2026, 12)
    by = {p.product: p for p in f.products}
    assert (by["CACAO-SECO"].before.tickets, by["CACAO-SECO"].before_net_kg, by["CACAO-SECO"].before.amount,
            by["CACAO-SECO"].before.per_kg) == (1, D("50.000"), D("750.00"), D("15.00"))
    assert by["COPOAZU-PULPA"].before is None
    # a year before is what «Inicio» said of that campaign
    old = book.season.overview("2025")
    assert [(k.year, k.month, k.net_kg, k.amount) for k in old.kilos] == [(2025, 12, D("50.000"), D("750.00"))]
    out = tmp_path / "b.pdf"
    render_bulletin(bulletin_view(book.bulletin.monthly(2026, 12), book.cooperative, TODAY), out)
    text = flat(text_of(out))
    assert "Cacao grano seco 80.00 kg 50.00 kg S/ 18.63 S/ 15.00 S/ 1,490.00" in text
    assert "Kilos entregados: diciembre de 2026 y el mismo mes del año pasado" in text
    assert "diciembre de 2025" in text


def test_the_pdf_says_the_figures_and_each_members_slip(sqlite_book, tmp_path):
    book = sqlite_book
    a_season(book)
    premium_moves(book)
    data = book.bulletin.monthly(2026, 12, "El Consejo acordó comprar dos balanzas.",
                                 "Sábado 19 de diciembre, 9:00 a. m., local comunal", slips=True)
    out = tmp_path / "boletin.pdf"
    render_bulletin(bulletin_view(data, book.cooperative, TODAY), out)
    text = flat(text_of(out))
    assert ("En diciembre de 2026 los socios entregaron 100.00 kg y la cooperativa les pagó S/ 1,580.00 por esos "
            "kilos.") in text
    assert "Cacao grano seco 80.00 kg — S/ 18.63 — S/ 1,490.00" in text
    assert "Copoazú pulpa 20.00 kg — S/ 4.50 — S/ 90.00" in text
    assert "Total 100.00 kg — S/ 1,580.00" in text
    assert f"tiene S/ {data.figures.money_total:,.2f} en caja y en el banco" in text
    assert ("En el mes entraron S/ 5,000.00 al fondo de la Prima y salieron S/ 1,200.00. Quedan S/ 3,800.00") in text
    assert "Plantones de cacao para renovación S/ 1,200.00" in text
    assert "El Consejo acordó comprar dos balanzas." in text
    assert "Sábado 19 de diciembre, 9:00 a. m., local comunal" in text
    assert "Quispe Mamani, Rosa · S0001 · DNI 41234567 · Las Piedras" in text
    assert "Kilos entregados 70.00 kg Valor de sus entregas S/ 1,040.00" in text
    assert "Usted debe a la cooperativa al 07/12/2026 S/ 1,242.35" in text  # Juan
    assert text.count("Su hoja personal – diciembre de 2026") == 3
    reader = PdfReader(out)
    assert len(reader.pages) == 3  # the bulletin on one page, three slips on the next… and the rest
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" in name for name in fonts)  # never the unembedded Helvetica


def test_slips_that_share_figures_print_the_same_bytes_as_each_drawn_anew(sqlite_book, tmp_path, monkeypatch):
    """A figure's text is laid out once per document and repeated on every slip that
    shows it at the same row (and the footer's on every page): the PDF is byte for
    byte the one drawn anew each time, and each slip still reads its own figures."""
    book = sqlite_book
    a_season(book)
    view = bulletin_view(book.bulletin.monthly(2026, 12), book.cooperative, TODAY)
    slips = tuple(Slip(f"S{i:04d}", f"Socio {i}, Nombre", "", "Las Piedras", i % 2, D(i % 2 * 12500).scaleb(-3),
                       D(i % 2 * 18750).scaleb(-2), D(0).scaleb(-2), D(i % 3 * 5000).scaleb(-2)) for i in range(7))
    view = dataclasses.replace(view, slips=slip_views(slips, 2026, 12, TODAY))
    render_bulletin(view, tmp_path / "repeated.pdf")
    monkeypatch.setattr(statement_pdf, "REPEAT_TEXTS", False)
    render_bulletin(view, tmp_path / "anew.pdf")
    assert (tmp_path / "repeated.pdf").read_bytes() == (tmp_path / "anew.pdf").read_bytes()
    text = flat(text_of(tmp_path / "repeated.pdf"))
    assert ("Socio 5, Nombre · S0005 · Las Piedras Sus entregas 1 ticket Kilos entregados 12.50 kg Valor de sus "
            "entregas S/ 187.50 Retención (impuesto a la renta) S/ 0.00 Le pagamos S/ 187.50 Usted debe a la "
            "cooperativa al 07/12/2026 S/ 100.00") in text
    assert ("Socio 6, Nombre · S0006 · Las Piedras Sus entregas 0 tickets Kilos entregados 0.00 kg Valor de sus "
            "entregas S/ 0.00 Retención (impuesto a la renta) S/ 0.00 Le pagamos S/ 0.00 Usted debe a la "
            "cooperativa al 07/12/2026 S/ 0.00") in text


def test_the_png_is_the_bulletin_without_the_slips(sqlite_book, tmp_path):
    book = sqlite_book
    a_season(book)
    view = bulletin_view(book.bulletin.monthly(2026, 12, slips=True), book.cooperative, TODAY)
    images = write_bulletin(view, tmp_path / "b.pdf", tmp_path / "b.png")
    assert images == [tmp_path / "b.png"]
    assert (tmp_path / "b.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_cli_writes_the_bulletin_and_refuses_a_bad_month(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    with make_book(db) as book:
        a_season(book)
    pdf, png = tmp_path / "b.pdf", tmp_path / "b.png"
    code = main(["bulletin", "--db", db, "--month", "2026-12", "--pdf", str(pdf), "--png", str(png), "--slips",
                 "--decisions", "Se aprobó la compra de sacos."])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"Boletín en PDF: {pdf}", "Con 3 hojas personales.", f"Imagen para enviar: {png}"]
    assert "Se aprobó la compra de sacos." in flat(text_of(pdf))
    bad = tmp_path / "malo.pdf"
    code = main(["bulletin", "--db", db, "--month", "2026-13", "--pdf", str(bad)])
    out, err = capsys.readouterr()
    assert code == 2 and not bad.exists()
    assert err == "Error: Escriba el mes como año-mes, por ejemplo 2026-11 (no «2026-13»).\n"
    code = main(["bulletin", "--db", db, "--month", "2027-01", "--pdf", str(bad)])
    out, err = capsys.readouterr()
    assert code == 2 and not bad.exists()
    assert err == "Error: El mes 2027-01 todavía no empieza.\n"


def test_a_past_months_bulletin_reads_the_money_on_its_last_day(sqlite_book):
    book = sqlite_book
    a_season(book)
    f = book.bulletin.month(2026, 3)
    assert f.as_of == date(2026, 3, 31)
    with book.read() as session:
        expected = [(a.code, a.balance) for a in book.ledger._balances(session, None, date(2026, 3, 31))
                    if a.code in ("101", "1041")]
    assert [(a.code, a.balance) for a in f.money] == expected
    assert [(p.product, p.net_kg, p.now.amount) for p in f.products] == [
        ("CACAO-SECO", D("300.000"), D("5550.00"))]
    assert isinstance(book.bulletin, Bulletin)


@pytest.mark.parametrize("text", ["2026-T5", "T4", ""])
def test_a_bad_quarter_is_refused(text):
    from coopdesk.core.bulletin import parse_quarter
    from coopdesk.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        parse_quarter(text)
