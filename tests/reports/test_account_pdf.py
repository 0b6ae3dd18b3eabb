"""The member's Estado de cuenta corriente as a real PDF, read back with pdftotext.

The treasurer's case: Rosa receives an advance of S/ 500.00 on 01/02/2026,
repays S/ 200.00 on 10/03 (Recibo 7) and takes 2 sacks of guano at S/ 85.00
on credit on 05/04 (Guía 45). Her statement from 01/03 to 30/04 starts from
a saldo anterior of S/ 500.00 (the advance, before the period), shows the
repayment (saldo 300.00) and the inputs (saldo 470.00): cargos 170.00, abonos
200.00, saldo 500.00 + 170.00 − 200.00 = S/ 470.00, of which adelantos 300.00
and insumos 170.00.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from coopdesk.domain.accounts import AccountStatement, InputItem, MovementInput, StatementLine
from coopdesk.domain.statement import CooperativeInfo, MemberInfo
from coopdesk.reports.account_pdf import account_filename, render_account_statement
from coopdesk.reports.account_view import account_statement_view
from tests.conftest import cash_in_hand

PRINTED = date(2026, 11, 25)
COOP = CooperativeInfo("Cooperativa Agraria Tambopata", "20600123450", "Jr. Loreto 245", "Puerto Maldonado", "es_PE")
ROSA = MemberInfo("S0001", "41234567", "Rosa Quispe Mamani", "Las Piedras", "organico")


def view_of(book, code: str, start: date, end: date):
    """What the CLI and the GUI do: the core's statement, the member, the cooperative."""
    m = book.members.get(code)
    c = book.cooperative
    return account_statement_view(
        book.accounts.statement(code, start, end), CooperativeInfo(c.name, c.ruc, c.address, c.city, c.locale),
        MemberInfo(m.code, m.dni, m.full_name, m.zone_name, m.certification),
        book.accounts.balances(code, end).capital_paid, PRINTED)


def render(view) -> bytes:
    out = io.BytesIO()
    render_account_statement(view, out)
    return out.getvalue()


def text_of(pdf: bytes) -> str:
    """pdftotext -layout, each line's runs of spaces (and no-break spaces) made one space."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return "\n".join(re.sub(r"[ \u00a0]+", " ", line).strip(" ") for line in text.decode("utf-8").split("\n"))


def rosas_season(book) -> None:
    accounts = book.accounts
    accounts.record(MovementInput("S0001", date(2026, 2, 1), "adelantos", "cargo", D("500.00"),
                                  "Adelanto en efectivo"))
    accounts.record(MovementInput("S0001", date(2026, 3, 10), "adelantos", "abono", D("200.00"), "Pago",
                                  "Recibo 7"))
    accounts.record_inputs("S0001", date(2026, 4, 5), [InputItem("Guano de isla", D("2"), D("85.00"))],
                           reference="Guía 45")


@pytest.fixture
def rosas_pdf(book) -> bytes:
    cash_in_hand(book)
    rosas_season(book)
    return render(view_of(book, "S0001", date(2026, 3, 1), date(2026, 4, 30)))


def test_the_treasurers_case_saldo_anterior_lines_and_saldo(rosas_pdf):
    lines = text_of(rosas_pdf).splitlines()
    assert "Movimientos del 01/03/2026 al 30/04/2026 (en soles)" in lines
    assert "Fecha Concepto Descripción Referencia Cargo Abono Saldo" in lines
    table = lines[lines.index("Fecha Concepto Descripción Referencia Cargo Abono Saldo") + 1:][:4]
    assert table == [
        "01/03/2026 Saldo anterior 500.00",
        "10/03/2026 Adelantos Pago Recibo 7 200.00 300.00",
        "05/04/2026 Insumos 2 × Guano de isla Guía 45 170.00 470.00",
        "Totales del periodo 170.00 200.00 470.00",
    ]
    for expected in ("Saldo anterior al 01/03/2026 S/ 500.00",
                     "Más los cargos del periodo S/ 170.00",
                     "Menos los abonos del periodo S/ 200.00",
                     "Saldo al 30/04/2026 S/ 470.00",
                     "Usted debe S/ 470.00 a la cooperativa."):
        assert expected in lines


def test_the_balance_by_concept_and_the_capital_paid_in(rosas_pdf):
    lines = text_of(rosas_pdf).splitlines()
    start = lines.index("Lo que debe por concepto al 30/04/2026")
    assert lines[start + 1:start + 6] == [  # aportaciones are capital, apart: never in what he owes
        "Concepto Lo que debe",
        "Adelantos S/ 300.00",
        "Préstamos (con los intereses ya vencidos) S/ 0.00",
        "Insumos al crédito S/ 170.00",
        "Total S/ 470.00",
    ]
    assert ("Capital pagado en aportaciones al 30/04/2026: S/ 0.00. Es su parte en la cooperativa, no una deuda."
            in lines)


def test_letterhead_member_note_signatures_and_footer(rosas_pdf):
    text = text_of(rosas_pdf)
    for expected in ("Cooperativa Agraria Tambopata", "ESTADO DE CUENTA CORRIENTE", "RUC 20600123450",
                     "Cuenta S0001", "Periodo: del 01/03/2026 al 30/04/2026",
                     "Puerto Maldonado, 25 de noviembre de 2026",
                     "Socio(a) Rosa Quispe Mamani DNI 41234567",
                     "Código S0001 Zona Las Piedras Certificación Orgánico",
                     "Un cargo es lo que usted recibió o debe; un abono es lo que pagó o se le descontó.",
                     "Recibí conforme", "Tesorero(a) Gerente", "DNI 41234567", "Huella digital",
                     "Impreso el 25/11/2026", "Página 1 de 1"):
        assert expected in text, expected


def test_metadata_a4_and_same_account_same_bytes(book):
    cash_in_hand(book)
    rosas_season(book)
    view = view_of(book, "S0001", date(2026, 3, 1), date(2026, 4, 30))
    pdf = render(view)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Estado de cuenta corriente · Rosa Quispe Mamani (S0001)"
    assert reader.metadata.author == "Cooperativa Agraria Tambopata"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert render(view) == pdf


def test_aportaciones_subscribed_and_paid_and_a_balance_in_the_members_favour(book):
    accounts = book.accounts
    day = date(2026, 2, 2)
    accounts.record(MovementInput("S0002", day, "aportaciones", "cargo", D("300.00"), "Aportación suscrita"))
    accounts.record(MovementInput("S0002", day, "aportaciones", "abono", D("100.00"), "Pago", "Certificado 12"))
    accounts.record(MovementInput("S0002", day, "adelantos", "abono", D("250.00"), "Pago de más"))
    text = text_of(render(view_of(book, "S0002", date(2026, 1, 1), date(2026, 3, 31))))
    lines = text.splitlines()
    # the S/ 200.00 of capital subscribed and not paid is apart: it never nets the S/ 250.00 in his favour
    assert "02/02/2026 Adelantos Pago de más 250.00 250.00 a favor" in lines
    assert not any("Aportación suscrita" in line or "Certificado 12" in line for line in lines)
    assert "Saldo al 31/03/2026 S/ 250.00 a su favor" in lines
    assert "Tiene S/ 250.00 a su favor." in lines
    assert "Adelantos S/ 250.00 a su favor" in lines
    assert "Total S/ 250.00 a su favor" in lines
    assert ("Capital pagado en aportaciones al 31/03/2026: S/ 100.00. Es su parte en la cooperativa, no una deuda. "
            "Aportaciones suscritas y aún no pagadas: S/ 200.00 (aparte de lo que debe).") in " ".join(lines)


def test_a_period_without_movements(book):
    text = text_of(render(view_of(book, "S0003", date(2026, 1, 1), date(2026, 3, 31))))
    assert "01/01/2026 Saldo anterior 0.00" in text
    assert "No hubo movimientos en este periodo." in text
    assert "Su cuenta está en cero: no debe nada." in text


def test_a_long_account_numbers_every_page_and_repeats_the_header():
    lines, balance = [], D("0.00")
    for i in range(70):
        balance += D("10.00")
        lines.append(StatementLine(date(2026, 1, 1) + timedelta(days=i), "insumos", f"Insumo {i + 1}",
                                   f"Guía {i + 1}", D("10.00"), D("0"), balance))
    statement = AccountStatement("S0001", date(2026, 1, 1), date(2026, 3, 31), D("0.00"), tuple(lines),
                                 (("adelantos", D("0")), ("prestamos", D("0")), ("insumos", balance),
                                  ("aportaciones", D("0"))))
    pdf = render(account_statement_view(statement, COOP, ROSA, D("0.00"), PRINTED))
    pages = text_of(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert f"Página {n} de {len(pages)}" in page
        if "Guía" in page:  # every page of the table starts with its header
            assert "Fecha Concepto Descripción Referencia Cargo Abono Saldo" in page
    assert "Estado de cuenta corriente · Rosa Quispe Mamani (S0001) · del 01/01/2026 al 31/03/2026" in pages[1]
    text = "\n".join(pages)
    assert all(f"Insumo {i + 1} Guía {i + 1} 10.00" in text for i in range(70))
    assert "Totales del periodo 700.00 0.00 700.00" in text
    assert "Saldo al 31/03/2026 S/ 700.00" in text


def test_file_name():
    assert account_filename("S-01/2", date(2026, 4, 30)) == "cuenta-corriente-S-01-2-2026-04-30.pdf"


@pytest.mark.parametrize("count", range(14, 34))
def test_the_signatures_never_stand_alone_on_a_page(count):
    """Whatever the number of lines, the page the member signs shows what they owe (issue: the signatures
    fell alone on page 2)."""
    lines, balance = [], D("0.00")
    for i in range(count):
        balance += D("10.00")
        lines.append(StatementLine(date(2026, 1, 1) + timedelta(days=i), "insumos", f"Insumo {i + 1}",
                                   f"Guía {i + 1}", D("10.00"), D("0"), balance))
    statement = AccountStatement("S0001", date(2026, 1, 1), date(2026, 3, 31), D("0.00"), tuple(lines),
                                 (("adelantos", D("0")), ("prestamos", D("0")), ("insumos", balance),
                                  ("aportaciones", D("0"))))
    pages = [p for p in text_of(render(account_statement_view(statement, COOP, ROSA, D("0.00"), PRINTED)))
             .split("\f") if p.strip()]
    [signed] = [p for p in pages if "Recibí conforme" in p]
    assert "Lo que debe por concepto al 31/03/2026" in signed and f"Total S/ {balance:,.2f}" in signed
