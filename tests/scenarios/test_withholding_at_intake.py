"""Ley 31335: the withholding is taken wherever the cooperative pays, the intake tickets too.

The dated rule in force (coopdesk.domain.withholding: 1.5 % of what the year's income
from the cooperative passes 30 UIT, «exceso»; UIT 2026 = S/ 5,500.00, so the threshold
is S/ 165,000.00). Caja opens with S/ 300,000.00. Rosa's tickets of dry cacao at
S/ 20.00 a kilo:

- 15/10: 500 kg, S/ 10,000.00; 02/11: 4,000 kg, S/ 80,000.00; 09/11: 3,700 kg,
  S/ 74,000.00. S/ 164,000.00 in the year: below the threshold, nothing withheld.
- 16/11: 1,234.567 kg, S/ 24,691.34. The year reaches 188,691.34, 23,691.34 above the
  threshold: 1.5 % = 355.3701, S/ 355.37 withheld; Caja pays her S/ 24,335.97.
- 23/11: 500 kg, S/ 10,000.00. 198,691.34, 33,691.34 above: 1.5 % = 505.37 in the
  year, less the 355.37 already withheld: S/ 150.00; Caja pays S/ 9,850.00.

Juan's 100 kg (S/ 2,000.00) on 20/11 are far below the threshold: nothing withheld.
The 4017 credits of November: 355.37 + 150.00 = 505.37, the monthly report's total.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from coopdesk.cli import main
from coopdesk.domain.withholding import withholding_rule
from coopdesk.i18n import describe
from coopdesk.reports.receipt_pdf import receipt_view, render_receipt
from tests.conftest import cacao, cash_in_hand

CROSSING = "001-000004"


def ticket(number: str, day: date, kg: str, member: str = "S0001"):
    return cacao(number, date=day, member_code=member, gross_kg=D(kg) + D("0.4"), tare_kg=D("0.4"),
                 advance_price=D("20.00"))


def season(book) -> None:
    cash_in_hand(book, caja="300000.00")
    book.deliveries.record(ticket("001-1", date(2026, 10, 15), "500"))
    book.deliveries.record(ticket("001-2", date(2026, 11, 2), "4000"))
    book.deliveries.record(ticket("001-3", date(2026, 11, 9), "3700"))
    book.deliveries.record(ticket("001-4", date(2026, 11, 16), "1234.567"))
    book.deliveries.record(ticket("001-5", date(2026, 11, 20), "100", member="S0002"))
    book.deliveries.record(ticket("001-6", date(2026, 11, 23), "500"))


def withheld(book) -> dict[str, tuple[D, D, D]]:
    """Each ticket: its amount, what was withheld, what Caja paid."""
    return {row.ticket: (row.amount, row.withheld, row.paid) for row in book.deliveries.page(limit=100)}


def caja(book) -> D:
    return -book.ledger.credit_balance("101")


def test_the_ticket_that_crosses_the_threshold_is_withheld_to_the_centimo(book):
    season(book)
    assert withheld(book) == {
        "001-000001": (D("10000.00"), D("0"), D("10000.00")),
        "001-000002": (D("80000.00"), D("0"), D("80000.00")),
        "001-000003": (D("74000.00"), D("0"), D("74000.00")),
        CROSSING: (D("24691.34"), D("355.37"), D("24335.97")),
        "001-000005": (D("2000.00"), D("0"), D("2000.00")),  # Juan: below the threshold
        "001-000006": (D("10000.00"), D("150.00"), D("9850.00")),
    }
    # the crossing ticket's entry: the cacao into inventory at its whole value, 4017 owed to SUNAT, Caja the net
    [entry] = [e for e in book.ledger.entries() if e.reference == CROSSING]
    assert [(line.account, line.debit, line.credit) for line in entry.lines] == [
        ("203211", D("24691.34"), D("0")), ("4017", D("0"), D("355.37")), ("101", D("0"), D("24335.97"))]
    assert book.ledger.credit_balance("4017") == D("505.37")
    assert caja(book) == D("300000.00") - D("200691.34") + D("505.37")
    assert book.checks.run().agrees


def test_below_the_threshold_nothing_is_withheld_and_the_entry_is_as_before(book):
    cash_in_hand(book)
    book.deliveries.record(ticket("001-1", date(2026, 11, 2), "8000"))  # 160,000.00: below 165,000.00
    assert withheld(book) == {"001-000001": (D("160000.00"), D("0"), D("160000.00"))}
    [entry] = [e for e in book.ledger.entries() if e.reference == "001-000001"]
    assert [(line.account, line.credit) for line in entry.lines if line.credit] == [("101", D("160000.00"))]
    assert book.ledger.credit_balance("4017") == D("0")


def test_voiding_the_ticket_reverses_its_withholding_and_the_next_ticket_counts_without_it(book):
    season(book)
    book.deliveries.void(CROSSING, "Pesada en la balanza equivocada")
    # the reversal gives Caja back only what it paid, and takes the 355.37 out of 4017
    assert book.ledger.credit_balance("4017") == D("150.00")
    assert caja(book) == D("300000.00") - D("176000.00") + D("150.00")
    report = book.withholding.month(2026, 11)
    rosa = report.lines[0]
    assert (rosa.code, rosa.deliveries, rosa.withheld_intake) == ("S0001", D("164000.00"), D("150.00"))
    # without the voided ticket her year is 174,000.00: 9,000.00 above, 1.5 % = 135.00 due; 150.00 was withheld
    assert rosa.due == D("135.00")
    # a new ticket: 174,000.00 + 1,000.00 = 175,000.00, 10,000.00 above: 150.00 due in the year, all withheld
    book.deliveries.record(ticket("001-7", date(2026, 11, 30), "50"))
    assert withheld(book)["001-000007"] == (D("1000.00"), D("0"), D("1000.00"))
    book.deliveries.record(ticket("001-8", date(2026, 11, 30), "1000"))  # 195,000.00 → 30,000.00 above: 450.00
    assert withheld(book)["001-000008"] == (D("20000.00"), D("300.00"), D("19700.00"))
    assert book.checks.run().agrees


def test_the_monthly_report_totals_equal_the_4017_credits_of_the_month(sqlite_book, tmp_path, capsys):
    book = sqlite_book
    season(book)
    report = book.withholding.month(2026, 11)
    assert [(line.code, line.deliveries, line.year_before, line.due, line.withheld_intake, line.withheld,
             line.not_withheld) for line in report.lines] == [
        ("S0001", D("188691.34"), D("10000.00"), D("505.37"), D("505.37"), D("505.37"), D("0")),
        ("S0002", D("2000.00"), D("0"), D("0"), D("0"), D("0"), D("0"))]
    november = [line for e in book.ledger.entries(account="4017", start=date(2026, 11, 1), end=date(2026, 11, 30))
                for line in e.lines if line.account == "4017"]
    assert sum((line.credit - line.debit for line in november), D(0)) == report.total("withheld") == D("505.37")
    xlsx = tmp_path / "retenciones.xlsx"
    assert main(["--db", str(tmp_path / "cooperativa.sqlite"), "withholding", "report", "--month", "2026-11",
                 "--xlsx", str(xlsx)]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "Retenido en entregas" in out and "S/ 505.37" in out
    rows = [[cell.value for cell in row] for row in openpyxl.load_workbook(xlsx).active.iter_rows()]
    assert rows[0][9:11] == ["Retenido en entregas", "Retenido"]
    assert rows[-1][0] == "Total" and rows[-1][9:12] == [505.37, 505.37, 0]


@pytest.mark.tampered
def test_coopdesk_check_names_a_ticket_whose_entry_does_not_credit_4017_what_it_withheld(sqlite_book):
    from sqlalchemy import text

    from coopdesk.i18n import describe

    book = sqlite_book
    season(book)
    assert book.checks.run().findings == ()
    with book.engine.begin() as conn:  # behind coopdesk's back (dropping the triggers that seal posted lines)
        for trigger in [r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal_lines'"))]:
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        conn.execute(text("UPDATE journal_lines SET credit_cents = 35000 WHERE credit_cents = 35537 AND account_id = "
                          "(SELECT id FROM ledger_accounts WHERE code = '4017')"))
    assert [describe(p).replace("\xa0", " ") for p in book.checks.run().findings] == [
        "El ticket 001-000004 retuvo S/ 355.37 al socio y sus asientos abonan S/ 350.00 a la cuenta 4017."]


def test_the_rule_says_the_tickets_are_withheld_since_the_reglamento():
    assert withholding_rule(date(2026, 12, 7)).at_intake
    assert not withholding_rule(date(2026, 12, 6)).at_intake  # what coopdesk did before: only distributions


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_receipt_shows_the_withholding_and_the_net_paid(sqlite_book, tmp_path):
    book = sqlite_book
    season(book)
    [row] = book.deliveries.page(CROSSING, limit=1)
    pdf = tmp_path / "t.pdf"
    render_receipt(receipt_view(row, book.cooperative), pdf)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    lines = [" ".join(line.split()) for line in out.stdout.replace("\xa0", " ").splitlines() if line.strip()]
    assert "IMPORTE S/ 24,691.34" in lines
    assert "Retención Ley 31335 S/ 355.37" in lines
    assert "NETO PAGADO S/ 24,335.97" in lines
    assert "SON: VEINTICUATRO MIL TRESCIENTOS TREINTA Y CINCO CON 97/100 SOLES" in " ".join(lines)
    # a ticket without withholding prints as before: no withholding line
    [plain] = book.deliveries.page("001-000001", limit=1)
    render_receipt(receipt_view(plain, book.cooperative), pdf)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    assert "Retención" not in out.stdout and "NETO PAGADO" not in out.stdout


def test_the_cli_records_a_ticket_and_says_what_was_withheld_and_paid(tmp_path, capsys):
    from coopdesk.core import Book
    from tests.conftest import make_book
    from tests.people import LOGIN

    db = str(tmp_path / "coop.sqlite")
    with make_book(db) as book:
        cash_in_hand(book, caja="300000.00")
        book.deliveries.record(ticket("001-1", date(2026, 11, 2), "8000", member="S0002"))  # 160,000.00
    code = main(["--db", db, "deliveries", "add", "--ticket", "001-2", "--date", "09/11/2026", "--member", "S0002",
                 "--product", "CACAO-SECO", "--gross", "500.4", "--tare", "0.4", "--humidity", "7.2", "--grade", "A",
                 "--price", "20.00"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    # 170,000.00 in the year, 5,000.00 above 165,000.00: 1.5 % = 75.00
    assert out.replace("\xa0", " ").splitlines()[-1] == \
        "Retención Ley 31335: S/ 75.00 (cuenta 4017); neto pagado: S/ 9,925.00."
    pdf = tmp_path / "ticket.pdf"
    assert main(["--db", db, "deliveries", "receipt", "001-2", "--out", str(pdf)]) == 0
    with Book.open(db, **LOGIN) as book:
        assert book.ledger.credit_balance("4017") == D("75.00")
        assert book.checks.run().agrees


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_members_statement_says_what_was_withheld_and_what_she_received(sqlite_book, tmp_path):
    from coopdesk.reports import render_member_statement
    from coopdesk.reports.views import statement_view

    book = sqlite_book
    season(book)
    statement = book.statements.member_statement("S0001")
    assert (statement.total_amount, statement.total_withheld, statement.total_paid) == (
        D("198691.34"), D("505.37"), D("198185.97"))
    pdf = tmp_path / "estado.pdf"
    render_member_statement(statement, pdf)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    text = " ".join(out.stdout.replace("\xa0", " ").split())
    assert ("Total por sus entregas: S/ 198,691.34 · Retención Ley 31335: S/ 505.37 · Neto recibido: S/ 198,185.97"
            in text)
    assert "CIENTO NOVENTA Y OCHO MIL CIENTO OCHENTA Y CINCO CON 97/100 SOLES" in text
    # Juan, with nothing withheld, reads only what he was paid
    juan = book.statements.member_statement("S0002")
    assert statement_view(juan).total_line.replace("\xa0", " ") == "Total pagado por sus entregas: S/ 2,000.00"


IMPORT_HEADER = "N° Ticket;Fecha;Código socio;Producto;Sacos;Peso bruto (kg);Tara;Humedad %;Calidad;Precio S/\n"


def import_file(tmp_path, *lines: str):
    path = tmp_path / "entregas.csv"
    path.write_text(IMPORT_HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_an_import_that_would_take_a_member_past_the_threshold_is_refused_and_nothing_is_written(book, tmp_path):
    """Rosa already has S/ 164,000.00 in the year (the first three tickets); an import that pays her
    S/ 2,000.00 more would need a withholding an import cannot take: the row is refused with why, and the
    file is not imported (all or nothing). Juan's rows, far below, would be fine; a file of only his imports."""
    cash_in_hand(book, caja="300000.00")
    for number, day, kg in (("001-1", date(2026, 10, 15), "500"), ("001-2", date(2026, 11, 2), "4000"),
                            ("001-3", date(2026, 11, 9), "3700")):
        book.deliveries.record(ticket(number, day, kg))
    before = withheld(book)
    path = import_file(tmp_path, "002-000001;10/11/2026;S0002;CACAO-SECO;1;100.4;0.4;7.0;A;20.00",
                       "002-000002;12/11/2026;S0001;CACAO-SECO;1;100.4;0.4;7.0;A;20.00")
    report = book.imports.deliveries(path)
    assert not report.written
    [(row, column, message)] = [(p.row, p.column, describe(p.problem)) for p in report.problems]
    assert (row, column) == (3, "N° Ticket")
    assert message.replace("\xa0", " ") == (
        "Con el ticket 002-000002, lo que el socio S0001 recibe de la cooperativa en 2026 llega a S/ 166,000.00, "
        "más que el monto exento de la retención (30 UIT, S/ 165,000.00; Ley 31335): hay que retenerle, y una "
        "importación no retiene. Quite esta fila del archivo y registre el ticket en Entregas (o con «coopdesk "
        "deliveries add»), que calcula la retención.")
    assert withheld(book) == before
    # Juan's file alone is below the threshold: imported as it says, nothing withheld
    report = book.imports.deliveries(import_file(tmp_path, "002-000001;10/11/2026;S0002;CACAO-SECO;1;100.4;0.4;7.0;A;20.00"))
    assert report.written
    assert withheld(book)["002-000001"] == (D("2000.00"), D("0"), D("2000.00"))
    assert book.checks.run().agrees
