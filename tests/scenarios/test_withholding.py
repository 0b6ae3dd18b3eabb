"""Ley 31335: the withholding's base is the member's net income from the cooperative,
every kind (tickets, reintegros, excedentes), not only earlier distributions.

The cooperative (UIT 2026 = S/ 5,500.00, so 30 UIT = S/ 165,000.00; 1.5 %): Rosa
delivered 500 kg in October (S/ 10,000.00) and 8,000 kg in November (S/ 160,000.00),
at S/ 20.00 per kg; Juan 500 kg in November (S/ 10,000.00). On 30 November a
reintegro of S/ 7,200.00 is paid by kilos (9,000 kg, S/ 0.80 a kilo): Rosa
S/ 6,800.00, Juan S/ 400.00.

Rosa's income in 2026 up to the reintegro: 10,000.00 + 160,000.00 + 6,800.00 =
176,800.00, 11,800.00 above 30 UIT: 1.5 % = 177.00 due. The ticket of 23 November
crosses the threshold (170,000.00, 5,000.00 above it) and is withheld 75.00 when it is
paid (tests/scenarios/test_withholding_at_intake.py); the reintegro withholds the
other 102.00 (177.00 − 75.00, and no more than 1.5 % × 6,800.00 = 102.00)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import text

from coopdesk.cli import main
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.domain.withholding import (EXCESS, WHOLE_MONTH, IncomeBefore, withholding_of_month,
                                         withholding_on_payment, withholding_rule)
from coopdesk.i18n import describe
from tests.conftest import cacao

REINTEGRO = """
[distribucion]
nombre = "Reintegro de cacao 2026"
tipo = "reintegro"
fecha = 2026-11-30
monto = "7200.00"

[[fondos]]
nombre = "Reintegro por kilo"
clave = "kg"
porcentaje = 100

[retencion]
"""


def ticket(number: str, day: date, kg: str, member: str = "S0001"):
    return cacao(number, date=day, member_code=member, gross_kg=D(kg) + D("0.4"), tare_kg=D("0.4"),
                 advance_price=D("20.00"))


def season(book) -> None:
    """Caja opens with a S/ 200,000.00 loan for the acopio; the tickets are paid from it."""
    book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura: préstamo de capital de trabajo", (
        LineInput("101", debit=D("200000.00")), LineInput("451", credit=D("200000.00")))))
    book.deliveries.record(ticket("001-1", date(2026, 10, 15), "500"))
    for n, day in enumerate((2, 9, 16, 23), start=2):
        book.deliveries.record(ticket(f"001-{n}", date(2026, 11, day), "2000"))
    book.deliveries.record(ticket("001-6", date(2026, 11, 20), "500", member="S0002"))


def publish(book, text: str) -> int:
    run = book.distributions.create(text)
    book.distributions.approve(run.number, acta="Acta 30-2026", acta_date=date(2026, 11, 28))
    book.distributions.publish(run.number)
    return run.number


def test_the_base_counts_the_tickets_paid_in_the_year_and_the_distribution(book):
    """The issue's failure: coopdesk counted only earlier distributions (base 6,800.00, nothing withheld)."""
    season(book)
    number = publish(book, REINTEGRO)
    stored = book.distributions.stored(number)
    rosa, juan = stored.result.payouts["S0001"], stored.result.payouts["S0002"]
    rosa_in = {m.code: m for m in stored.inputs}["S0001"]
    assert (rosa_in.income_before, rosa_in.month_income_before) == (D("170000.00"), D("160000.00"))
    assert (rosa.gross, rosa.taxable, rosa.withheld, rosa.net) == (D("6800.00"), D("6800.00"), D("102.00"),
                                                                   D("6698.00"))
    assert (juan.gross, juan.withheld, juan.net) == (D("400.00"), D("0"), D("400.00"))
    # the books: the withholding is owed to SUNAT in 4017 (75.00 from her ticket, 102.00 from the reintegro);
    # Rosa's payable is what she is paid
    assert book.ledger.credit_balance("4017") == D("177.00")
    assert book.ledger.member_balances("4419") == {"S0001": D("6698.00"), "S0002": D("400.00")}
    assert book.distributions.verify(book.distributions.get(number).code).matches


def test_a_ticket_after_the_distributions_date_is_not_before_it(book):
    season(book)
    book.deliveries.record(ticket("001-7", date(2026, 12, 1), "1000"))  # 20,000.00 in December
    stored = book.distributions.stored(publish(book, REINTEGRO))
    # her 1,000 kg more share the reintegro (10,000 kg: 6,840.00 for her), but the December ticket is paid after
    # the 30 November reintegro: the base is 170,000.00 of tickets, and 1.5 % × 6,840.00 = 102.60 is withheld
    assert stored.result.payouts["S0001"].withheld == D("102.60")
    assert {m.code: m for m in stored.inputs}["S0001"].income_before == D("170000.00")


def test_the_monthly_report_shows_the_base_by_kind_what_is_due_and_what_was_withheld(sqlite_book, tmp_path, capsys):
    book = sqlite_book
    season(book)
    publish(book, REINTEGRO)
    report = book.withholding.month(2026, 11)
    assert (report.uit, report.threshold) == (D(5500), D("165000"))
    assert [(line.code, line.deliveries, line.reintegros, line.excedentes, line.income, line.year_before,
             line.year_to_date, line.due, line.withheld_intake, line.withheld, line.not_withheld, line.withheld_year)
            for line in report.lines] == [
        ("S0001", D("160000.00"), D("6800.00"), D("0"), D("166800.00"), D("10000.00"), D("176800.00"),
         D("177.00"), D("75.00"), D("177.00"), D("0"), D("177.00")),
        ("S0002", D("10000.00"), D("400.00"), D("0"), D("10400.00"), D("0"), D("10400.00"),
         D("0"), D("0"), D("0"), D("0"), D("0"))]
    october = book.withholding.month(2026, 10)
    assert [(line.code, line.income, line.due) for line in october.lines] == [("S0001", D("10000.00"), D("0"))]
    # the command, its PDF and its XLSX say the same figures
    pdf, xlsx = tmp_path / "retenciones.pdf", tmp_path / "retenciones.xlsx"
    assert main(["--db", str(tmp_path / "cooperativa.sqlite"), "withholding", "report", "--month", "2026-11", "--pdf", str(pdf), "--xlsx",
                 str(xlsx)]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "Retenciones a socios, noviembre de 2026 (UIT S/ 5,500.00; umbral S/ 165,000.00):" in out
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\xa0", " ")
    for figure in ("S/ 160,000.00", "S/ 6,800.00", "S/ 166,800.00", "S/ 176,800.00", "S/ 177.00",
                   "S/ 75.00", "S/ 10,400.00", "Quispe Mamani, Rosa", "41234567"):
        assert figure in text, figure
    sheet = openpyxl.load_workbook(xlsx).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Código", "Socio", "DNI", "Entregas"]
    assert rows[1][:13] == ["S0001", "Quispe Mamani, Rosa", "41234567", 160000, 6800, 0, 166800, 176800, 177,
                            75, 177, 0, 177]
    assert rows[3][0] == "Total" and rows[3][3:13] == [170000, 7200, 0, 177200, 187200, 177, 75, 177, 0, 177]


def test_the_rule_is_dated_and_its_readings_are_settings():
    law, before = withholding_rule(date(2026, 12, 7)), withholding_rule(date(2026, 12, 6))
    assert (law.percent, law.exempt_uit, law.ceiling_uit, law.reading, law.kinds) == (
        D("1.5"), D(30), D(140), EXCESS, ("entregas", "reintegros", "excedentes"))
    assert before.kinds == ("reintegros", "excedentes")  # what coopdesk counted before
    threshold = D("165000")
    rosa = IncomeBefore(year=D("170000.00"), month=D("160000.00"))
    assert withholding_on_payment(D("1.5"), EXCESS, threshold, D("6800.00"), rosa) == D("102.00")
    # «mes_completo»: once past 30 UIT, 1.5 % of the whole month's income, less what the month already withheld
    assert withholding_on_payment(D("1.5"), WHOLE_MONTH, threshold, D("6800.00"), rosa) == D("102.00")
    assert withholding_of_month(law, threshold, D("166800.00"), D("10000.00")) == D("177.00")
    assert withholding_of_month(withholding_rule(None).__class__(D("1.5"), D(30), D(140), WHOLE_MONTH, law.kinds),
                                threshold, D("166800.00"), D("10000.00")) == D("2502.00")
    # above 140 UIT of 2025 (140 × 5,350.00 = 749,000.00) the year before: general regime, nothing withheld
    rich = IncomeBefore(year=D("170000.00"), previous_year=D("749000.01"))
    assert withholding_on_payment(D("1.5"), EXCESS, threshold, D("6800.00"), rich, D("749000.00")) == D("0")


@pytest.mark.tampered
def test_coopdesk_check_names_a_run_whose_entry_does_not_credit_4017_what_it_withheld(sqlite_book):
    book = sqlite_book
    season(book)
    number = publish(book, REINTEGRO)
    assert book.checks.run().findings == ()
    with book.engine.begin() as conn:  # behind coopdesk's back (dropping the triggers that seal posted lines)
        for trigger in [r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal_lines'"))]:
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        # the run's entry credits 4017 100.00 instead of 102.00
        conn.execute(text("UPDATE journal_lines SET credit_cents = 10000 WHERE account_id = "
                          "(SELECT id FROM ledger_accounts WHERE code = '4017') AND credit_cents = 10200"))
    assert [describe(p).replace("\xa0", " ") for p in book.checks.run().findings] == [
        f"La distribución N.º {number} retuvo S/ 102.00 a sus socios y su asiento abona S/ 100.00 a la cuenta 4017."]
