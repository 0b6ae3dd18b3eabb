"""The member's liquidation and the board's summary of a distribution, as real
PDFs read back with pypdf.

The worked example of docs/criteria.md (S/ 10,000.00; Rosa 600 kg, Juan 300 kg,
Carmen 100 kg, Pedro suspended) is computed by the engine from the document's
own criteria, and every figure asserted here is the document's, by hand:
Retorno por kilos 5,200.00 × 600 ÷ 1,000 = 3,120.00; Parte igual 1,300.00 ÷ 3 =
433.333… → Rosa 433.34 (the spare céntimo goes to the smallest code); Rosa's
gross 3,553.34 − adelantos 1,000.00 − préstamos 200.00 = 2,353.34.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from pypdf import PdfReader

from coopdesk.core.liquidations import MemberPart, RunContext, _for_member
from coopdesk.domain.distribution import record
from coopdesk.domain.distribution.compare import MemberInfo as GroupInfo
from coopdesk.domain.distribution.criteria_file import read_criteria
from coopdesk.domain.distribution.engine import run
from coopdesk.domain.distribution.model import DeliveryTotal, MemberSeason
from coopdesk.domain.statement import CampaignInfo, CooperativeInfo, MemberInfo
from coopdesk.reports.distribution_summary_pdf import render_distribution_summary
from coopdesk.reports.distribution_pdfs import PDF, liquidation_filename, render_liquidation, render_liquidations
from tests.core.test_distribution_runs import CRITERIA_NAMED, published
from tests.core.test_distributions import season_of_rosa_and_juan
from tests.conftest import cash_in_hand

# ------------------------------------------------------------------ the worked example of docs/criteria.md

DOCS = Path(__file__).resolve().parents[2] / "docs" / "criteria.md"
WORKED = re.search(r"## Worked example.*?```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S).group(1)
JOINED = date(2019, 5, 10)
CODE = "3F2A-91C0-7B4D-E815"


def cacao(kg: str, grade: str = "A", certification: str = "organico") -> DeliveryTotal:
    return DeliveryTotal("CACAO-SECO", grade, certification, D(kg), D(kg) * D("18.50"))


SEASONS = (
    MemberSeason("S001", "activo", JOINED, (cacao("450.000"), cacao("150.000", grade="B")),
                 {"adelantos": D("1000.00"), "prestamos": D("200.00")}),
    MemberSeason("S002", "activo", JOINED, (cacao("300.000", certification="convencional"),),
                 {"insumos": D("2500.00")}),
    MemberSeason("S003", "activo", JOINED, (cacao("100.000", certification="transicion"),)),
    MemberSeason("S004", "suspendido", JOINED, (cacao("500.000"),)),
)
PEOPLE = {
    "S001": ("41234567", "Rosa", "Quispe Mamani", "Las Piedras", "F", "organico"),
    "S002": ("42345678", "Juan", "Condori Apaza", "Tambopata", "M", "convencional"),
    "S003": ("43456789", "Carmen", "Huamán Flores", "Las Piedras", "F", "transicion"),
    "S004": ("44567890", "Pedro", "Ccori Layme", "Tambopata", "M", "organico"),
}


@dataclass(frozen=True)
class Run:
    """What the reports read of a stored run (the core passes its RunRow)."""

    number: int = 3
    status: str = "publicada"
    name: str = "Distribución de excedentes 2026"
    criteria_version: int = 1
    campaign: str = "2026"
    acta_number: str | None = "12-2026"
    acta_date: date | None = date(2026, 3, 10)
    published_at: datetime | None = datetime(2026, 3, 15, 9, 30)
    fingerprint: str | None = "3f2a91c07b4de815" + "0" * 48

    @property
    def code(self) -> str | None:
        return record.verification_code(self.fingerprint) if self.fingerprint else None


CRITERIA, _problems = read_criteria(WORKED)
RESULT, _problems = run(CRITERIA, SEASONS)


def context(**run) -> RunContext:
    return RunContext(
        cooperative=CooperativeInfo("Cooperativa Agraria Cacaotera Los Castaños", "20600123450",
                                    "Av. Dos de Mayo 456, Puerto Maldonado", "Puerto Maldonado", "es_PE"),
        campaign=CampaignInfo("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31)),
        run=Run(**run), criteria=CRITERIA, products={"CACAO-SECO": "Cacao grano seco"},
        printed_on=date(2026, 3, 20), members_sharing=3)  # Rosa, Juan and Carmen have an amount


def member(code: str) -> MemberInfo:
    dni, first, last, zone, _gender, cert = PEOPLE[code]
    return MemberInfo(code, dni, f"{first} {last}", zone, cert)


def padron() -> list[GroupInfo]:
    order = sorted(PEOPLE, key=lambda c: PEOPLE[c][2])  # by surname, as the core sorts
    return [GroupInfo(c, f"{PEOPLE[c][2]}, {PEOPLE[c][1]}", PEOPLE[c][3], PEOPLE[c][4], PEOPLE[c][5], PEOPLE[c][0])
            for c in order]


def part(code: str, result=RESULT) -> MemberPart:
    season = next(s for s in SEASONS if s.code == code)
    return MemberPart(member(code), season, _for_member(result, code))


# ------------------------------------------------------------------ helpers


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pages_text(pdf: bytes | Path) -> list[str]:
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)
    return [normalise(page.extract_text()) for page in PdfReader(source).pages]


def liquidation(code: str, result=RESULT, **run) -> bytes:
    buffer = io.BytesIO()
    p = part(code, result)
    render_liquidation(context(**run), p.member, p.season, p.result, buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def rosa() -> str:
    pages = pages_text(liquidation("S001"))
    assert len(pages) == 2  # one sheet: the figures, then on the back the net, the signatures and the glossary
    return " ".join(pages)


# ------------------------------------------------------------------ the member's liquidation


def test_the_engine_reproduces_the_documents_figures():
    assert RESULT.payouts["S001"].net == D("2353.34")
    assert [p.shares["S001"].amount for p in RESULT.pots] == [D("3120.00"), D("433.34")]


@pytest.mark.parametrize("expected", [
    "Cooperativa Agraria Cacaotera Los Castaños",
    "LIQUIDACIÓN DEL SOCIO",
    "Distribución N° 3",
    "Liquidación de Distribución de excedentes 2026",
    "Estado: Publicada · Criterios: versión 1 · Acta: 12-2026 del 10/03/2026 · Publicada el 15/03/2026",
    "Socio(a) Rosa Quispe Mamani DNI 41234567 Código S001 Zona Las Piedras Certificación Orgánico",
    # first, the whole in plain words (figures of the engine: 600 of 1,000 kg; 6,500.00 to 3 members)
    "En pocas palabras Usted entregó 600.00 kg (cacao grano seco). La cooperativa repartió S/ 6,500.00 entre 3 "
    "socios. A usted le tocan S/ 3,553.34 porque entregó 600.00 kg de los 1,000.00 kg de todos («Retorno por "
    "kilos»: S/ 3,120.00) y cada socio que participa recibe una parte igual («Parte igual»: S/ 433.34). De eso, "
    "se descuenta S/ 1,200.00 que usted debía (adelantos y préstamos). Usted recibe S/ 2,353.34.",
    # where the remanente went: the Reserva, the funds, the members (the chart's labels and amounts)
    "A dónde fue el remanente de S/ 10,000.00 S/ 6,500.00 S/ 500.00 S/ 1,000.00 S/ 2,000.00 Los socios "
    "Fondo de Previsión Social Fondo de Educación Reserva Cooperativa",
    # deliveries by product, grade and certification, with what each comes to per kilo: 5,200 ÷ 1,000 kg
    "Sus entregas y lo que le toca por cada kilo Producto Calidad Certificación Kilos Valor entregado Por kilo "
    "Le toca",
    "Cacao grano seco A Orgánico 450.00 S/ 8,325.00 S/ 5.20 S/ 2,340.00",
    "Cacao grano seco B Orgánico 150.00 S/ 2,775.00 S/ 5.20 S/ 780.00",
    "Parte igual S/ 433.34",
    "Total 600.00 S/ 11,100.00 S/ 3,553.34",
    # each pot: the computation in words, and its amount
    "Retorno por kilos: Usted entregó 600.00 kg de 1,000.00 kg de todos los socios: S/ 5,200.00 × 600 ÷ 1,000 = "
    "S/ 3,120.00 S/ 3,120.00",
    "Parte igual: Este fondo se reparte en partes iguales entre los 3 socios que participan: "
    "S/ 1,300.00 ÷ 3 = S/ 433.33…; le toca S/ 433.34 S/ 433.34",
    # deductions: owed, deducted, remaining debt
    "Descuentos Debía Descontado Queda debiendo",
    "Adelantos S/ 1,000.00 S/ 1,000.00 S/ 0.00",
    "Préstamos S/ 200.00 S/ 200.00 S/ 0.00",
    "Total S/ 1,200.00 S/ 1,200.00 S/ 0.00",
    # what is paid
    "Total de su parte (bruto) S/ 3,553.34 Menos: descuentos -S/ 1,200.00",
    "NETO A PAGAR S/ 2,353.34",
    "SON: DOS MIL TRESCIENTOS CINCUENTA Y TRES CON 34/100 SOLES",
    f"Código de verificación {CODE}",
    "Tesorero(a)",
    "Recibí conforme",
    "DNI 41234567",
    "Huella digital",
    "Página 1 de 2",
    "Página 2 de 2",
    # the glossary: the terms this paper uses, in plain words
    "Palabras que usamos Remanente: lo que le quedó a la cooperativa al terminar el año, pagados sus gastos.",
    "Adelanto: dinero que la cooperativa le dio antes y que usted debe devolver.",
    "Los puntos (…): la cuenta tiene más decimales; se paga al céntimo, y los céntimos que sobran se dan de uno "
    "en uno.",
])
def test_rosas_liquidation_shows_her_figures_and_how_they_arose(rosa, expected):
    assert expected in rosa


def test_a_published_liquidation_has_no_draft_mark(rosa):
    assert "BORRADOR" not in rosa and "no válid" not in rosa


def test_what_cannot_be_deducted_stays_as_debt():
    juan = " ".join(pages_text(liquidation("S002")))
    assert "Créditos de insumos S/ 2,500.00 S/ 1,993.33 S/ 506.67" in juan
    assert "Lo que no se pudo descontar queda como deuda suya con la cooperativa: S/ 506.67." in juan
    assert "NETO A PAGAR S/ 0.00" in juan and "SON: CERO CON 00/100 SOLES" in juan


def test_a_member_who_takes_no_part_is_told_why():
    pedro = " ".join(pages_text(liquidation("S004")))
    assert "Usted no participa en esta distribución porque su estado de socio es «Suspendido»." in pedro
    assert "Cacao grano seco A Orgánico 500.00 S/ 9,250.00" in pedro
    assert "NETO A PAGAR S/ 0.00" in pedro


def test_a_draft_is_marked_not_valid_for_payment_and_has_no_code():
    draft = " ".join(pages_text(liquidation("S001", status="borrador", acta_number=None, acta_date=None,
                                              published_at=None, fingerprint=None)))
    assert "BORRADOR – no válido para pago" in draft
    assert "Código de verificación sin código: borrador" in draft
    assert "NETO A PAGAR S/ 2,353.34" in draft  # the figures are shown, for review


def test_many_liquidations_in_one_file_one_member_per_page():
    buffer = io.BytesIO()
    done = []
    assert render_liquidations(context(), [part(c) for c in ("S001", "S002", "S003")], buffer,
                               progress=lambda n, total: done.append((n, total)))
    pages = pages_text(buffer.getvalue())
    firsts = [page for page in pages if re.search(r"Página 1 de \d", page)]  # each member's own pages
    assert len(firsts) == 3
    assert ["Rosa Quispe Mamani" in firsts[0], "Juan Condori Apaza" in firsts[1], "Carmen Huamán Flores" in firsts[2]] \
        == [True, True, True]
    for page in pages:
        number, total = map(int, re.search(r"Página (\d+) de (\d+)", page).groups())
        assert number <= total <= 2
    assert done[-1] == (3, 3)


def test_a_cancelled_file_of_many_is_not_written():
    buffer = io.BytesIO()
    assert not render_liquidations(context(), [part(c) for c in ("S001", "S002")], buffer, cancelled=lambda: True)
    assert buffer.getvalue() == b""


def test_file_names_are_safe():
    assert liquidation_filename(3, "S001") == "liquidacion-3-S001.pdf"
    assert liquidation_filename(12, "S 0/1") == "liquidacion-12-S-0-1.pdf"


# ------------------------------------------------------------------ the board's summary


def summary(result=RESULT, **run) -> list[str]:
    buffer = io.BytesIO()
    render_distribution_summary(context(**run), result, padron(), buffer)
    return pages_text(buffer.getvalue())


@pytest.fixture(scope="module")
def board() -> str:
    return " ".join(summary())


@pytest.mark.parametrize("expected", [
    "RESUMEN DE LA DISTRIBUCIÓN",
    f"Código de verificación {CODE}",
    "Monto a distribuir S/ 10,000.00",
    "Reserva Cooperativa 20 % -S/ 2,000.00",
    "Fondo de Educación 10 % -S/ 1,000.00",
    "Fondo de Previsión Social 5 % -S/ 500.00",
    "Para los socios S/ 6,500.00",
    "Retorno por kilos 80 % de lo que va a los socios S/ 5,200.00",
    "Parte igual 20 % de lo que va a los socios S/ 1,300.00",
    # the reconciliation, to the céntimo
    "Apropiaciones S/ 3,500.00 + montos de los socios S/ 6,500.00 + no repartido S/ 0.00 = S/ 10,000.00; "
    "monto a distribuir S/ 10,000.00 ✓ cuadra",
    "Retorno por kilos: suma de las partes de los socios S/ 5,200.00 + sin repartir S/ 0.00 = fondo S/ 5,200.00 "
    "✓ cuadra",
    "Parte igual: suma de las partes de los socios S/ 1,300.00 + sin repartir S/ 0.00 = fondo S/ 1,300.00 ✓ cuadra",
    # the deductions by kind, in the reconciliation and in their own table
    "Retenido S/ 0.00 + adelantos S/ 1,000.00 + préstamos S/ 200.00 + insumos S/ 1,993.33 + neto a pagar "
    "S/ 3,306.67 = S/ 6,500.00; bruto de los socios S/ 6,500.00 ✓ cuadra",
    "Descuentos por tipo Concepto Socios Debían Descontado Queda debiendo Adelantos 1 S/ 1,000.00 S/ 1,000.00 "
    "S/ 0.00 Préstamos 1 S/ 200.00 S/ 200.00 S/ 0.00 Créditos de insumos 1 S/ 2,500.00 S/ 1,993.33 S/ 506.67 "
    "Total S/ 3,700.00 S/ 3,193.33 S/ 506.67",
    "La distribución cuadra al céntimo.",
    # how it spreads: 0, 953.33, 1,993.33, 3,553.34 -> median 1,473.33; top 10 % = Rosa 3,553.34 / 6,500.00
    "Mediana (la mitad recibe menos que esto) S/ 1,473.33",
    "Parte del 10 % que más recibe 54.67 %",
    "Las Piedras 2 2 S/ 4,506.67 S/ 3,306.67",
    "Tambopata 2 1 S/ 1,993.33 S/ 0.00",
    "Mujer 2 2 S/ 4,506.67",
    "Socios según su monto bruto (S/)",
    "Monto bruto por zona",
    "Presidente del Consejo de Administración",
    # the padrón, in surname order, with the DNI, the deductions by kind and an empty "Firma" column
    "N° Código Socio(a) DNI Zona Bruto Adelantos Préstamos Insumos Neto a pagar Firma",
    "1 S004 Ccori Layme, Pedro 44567890 Tambopata S/ 0.00 S/ 0.00 S/ 0.00 S/ 0.00 S/ 0.00",
    "2 S002 Condori Apaza, Juan 42345678 Tambopata S/ 1,993.33 S/ 0.00 S/ 0.00 S/ 1,993.33 S/ 0.00",
    "3 S003 Huamán Flores, Carmen 43456789 Las Piedras S/ 953.33 S/ 0.00 S/ 0.00 S/ 0.00 S/ 953.33",
    "4 S001 Quispe Mamani, Rosa 41234567 Las Piedras S/ 3,553.34 S/ 1,000.00 S/ 200.00 S/ 0.00 S/ 2,353.34",
    "Total: 4 socios S/ 6,500.00 S/ 1,000.00 S/ 200.00 S/ 1,993.33 S/ 3,306.67",
])
def test_the_board_summary_reconciles_and_lists_every_member(board, expected):
    assert expected in board


def test_a_summary_that_does_not_balance_says_so():
    pot = RESULT.pots[1]
    shares = dict(pot.shares)
    shares["S003"] = replace(shares["S003"], amount=shares["S003"].amount + D("0.01"))
    broken = replace(RESULT, pots=(RESULT.pots[0], replace(pot, shares=shares)))
    text = " ".join(summary(broken))
    assert "sin repartir S/ 0.00 = fondo S/ 1,300.00 ✗ no cuadra" in text
    assert "ATENCIÓN: la distribución NO cuadra." in text
    assert "La distribución cuadra al céntimo." not in text


def test_a_long_padron_repeats_its_header_on_every_page():
    many = {f"S{i:04d}": MemberSeason(f"S{i:04d}", "activo", JOINED, (cacao(f"{i}.000"),)) for i in range(1, 121)}
    result, problems = run(CRITERIA, list(many.values()))
    assert not problems
    members = [GroupInfo(c, f"Socio {c}", "Las Piedras", "F", "organico") for c in many]
    buffer = io.BytesIO()
    render_distribution_summary(context(), result, members, buffer)
    pages = pages_text(buffer.getvalue())
    padron_pages = [p for p in pages if "Firma" in p]
    assert len(padron_pages) >= 3
    assert all("N° Código Socio(a) DNI Zona Bruto Neto a pagar Firma" in p for p in padron_pages)
    text = " ".join(padron_pages)
    assert all(f" {c} Socio {c} " in text for c in many)
    assert "Total: 120 socios" in padron_pages[-1]


# ------------------------------------------------------------------ through the book


@pytest.fixture
def run_book(sqlite_book):
    """Rosa 200 kg, Juan 100 kg, Carmen nothing; S/ 1,000.00, 20 % reserve, 800.00 by kilos; published."""
    book = sqlite_book
    cash_in_hand(book)
    season_of_rosa_and_juan(book)
    row = published(book, CRITERIA_NAMED)
    book.liquidations.renderer = PDF
    return book, row


@pytest.fixture
def out(tmp_path) -> Path:
    """A folder for the files (the database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_members_liquidation_from_the_book(run_book, out):
    book, row = run_book
    path = book.liquidations.write_member(row.number, "s0001", out / "rosa.pdf", printed_on=date(2026, 11, 22))
    text = " ".join(pages_text(path))
    assert "Usted entregó 200.00 kg de 300.00 kg de todos los socios: S/ 800.00 × 200 ÷ 300 = S/ 533.33…; " \
           "le toca S/ 533.33" in text
    # the core counts who has an amount: Rosa and Juan (Carmen delivered nothing)
    assert "La cooperativa repartió S/ 800.00 entre 2 socios. A usted le tocan S/ 533.33 porque" in text
    # 533.33 ÷ 200 kg with the decimals that make 200 × rate give 533.33 again
    assert "Cacao grano seco A Orgánico 200.00 S/ 3,700.00 S/ 2.66665 S/ 533.33" in text
    assert "Socio(a) Rosa Quispe Mamani DNI 41234567 Código S0001" in text
    assert "NETO A PAGAR S/ 533.33" in text
    assert "SON: QUINIENTOS TREINTA Y TRES CON 33/100 SOLES" in text
    # the member's own code, and the run's under it (docs/seals.md)
    member_code = book.distributions.sealed(row.number).member_codes["S0001"]
    assert member_code.startswith("S-") and len(member_code) == 21
    assert f"Código de verificación {member_code} Distribución: {row.code}" in text
    assert book.distributions.verify(member_code).member.code == "S0001"
    assert "Puerto Maldonado, 22 de noviembre de 2026" in text
    assert list(out.iterdir()) == [path]  # no temporary file left


def test_write_all_writes_one_file_per_member_and_reports_progress(run_book, out):
    book, row = run_book
    seen = []
    paths = book.liquidations.write_all(row.number, out, progress=lambda n, t: seen.append((n, t)),
                                        workers=1)
    assert [p.name for p in paths] == ["liquidacion-1-S0002.pdf", "liquidacion-1-S0003.pdf",
                                       "liquidacion-1-S0001.pdf"]  # padrón order: Condori, Huamán, Quispe
    assert sorted(p.name for p in (out).iterdir()) == sorted(p.name for p in paths)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert "NETO A PAGAR S/ 266.67" in pages_text(paths[0])[0]


def test_write_all_stops_when_cancelled_and_leaves_only_whole_files(run_book, out):
    book, row = run_book
    written = []
    paths = book.liquidations.write_all(row.number, out, progress=lambda n, t: written.append(n),
                                        cancelled=lambda: len(written) >= 1, workers=1)
    assert [p.name for p in paths] == ["liquidacion-1-S0002.pdf"]
    assert [p.name for p in out.iterdir()] == ["liquidacion-1-S0002.pdf"]
    assert "NETO A PAGAR" in " ".join(pages_text(paths[0]))  # a whole file


def test_write_all_for_chosen_members_in_any_case(run_book, out):
    book, row = run_book
    paths = book.liquidations.write_all(row.number, out, members=["s0003", "S0001"], workers=1)
    assert [p.name for p in paths] == ["liquidacion-1-S0003.pdf", "liquidacion-1-S0001.pdf"]
    from coopdesk.core import NotFound
    with pytest.raises(NotFound):
        book.liquidations.write_all(row.number, out, members=["S9999"])


def test_write_all_uses_worker_processes_for_many_members(run_book, out, monkeypatch):
    import coopdesk.core.liquidations as liquidations

    book, row = run_book
    monkeypatch.setattr(liquidations, "PARALLEL_FROM", 2)
    seen = []
    paths = book.liquidations.write_all(row.number, out, workers=2, progress=lambda n, t: seen.append((n, t)))
    assert [p.name for p in paths] == ["liquidacion-1-S0002.pdf", "liquidacion-1-S0003.pdf",
                                       "liquidacion-1-S0001.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert seen[-1] == (3, 3)
    assert "NETO A PAGAR S/ 533.33" in pages_text(paths[2])[0]


def test_a_cancelled_run_in_worker_processes_writes_no_partial_file(run_book, out, monkeypatch):
    import coopdesk.core.liquidations as liquidations

    book, row = run_book
    monkeypatch.setattr(liquidations, "PARALLEL_FROM", 2)
    paths = book.liquidations.write_all(row.number, out, workers=2, cancelled=lambda: True)
    # cancelled before it began (the treasurer pressed «Cancelar» at once): no process started, no
    # file and no .tmp left, however slow the machine is
    assert (paths, list(out.iterdir())) == ([], [])


def test_many_members_in_one_file_and_the_summary_from_the_book(run_book, out):
    book, row = run_book
    combined = book.liquidations.write_members(row.number, out / "todas.pdf")
    pages = pages_text(combined)
    firsts = [page for page in pages if re.search(r"Página 1 de \d", page)]
    assert len(firsts) == 3 and "Juan Condori Apaza" in firsts[0]
    assert book.liquidations.write_members(row.number, out / "nada.pdf", cancelled=lambda: True) is None
    assert not (out / "nada.pdf").exists()
    summary_path = book.liquidations.write_summary(row.number, out / "resumen.pdf")
    text = " ".join(pages_text(summary_path))
    assert "Apropiaciones S/ 200.00 + montos de los socios S/ 800.00 + no repartido S/ 0.00 = S/ 1,000.00; " \
           "monto a distribuir S/ 1,000.00 ✓ cuadra" in text
    assert "La distribución cuadra al céntimo." in text
    for line in ("1 S0002 Condori Apaza, Juan 42345678 Tambopata S/ 266.67 S/ 266.67",
                 "2 S0003 Huamán Flores, Carmen 43456789 Las Piedras S/ 0.00 S/ 0.00",
                 "3 S0001 Quispe Mamani, Rosa 41234567 Las Piedras S/ 533.33 S/ 533.33"):
        assert line in text


def test_a_draft_from_the_book_is_marked(sqlite_book, out):
    cash_in_hand(sqlite_book)
    book = sqlite_book
    season_of_rosa_and_juan(book)
    draft = book.distributions.create(CRITERIA_NAMED)
    path = book.liquidations.write_member(draft.number, "S0001", out / "borrador.pdf", renderer=PDF)
    text = " ".join(pages_text(path))
    assert "BORRADOR – no válido para pago" in text and "sin código: borrador" in text


def test_without_a_renderer_the_core_says_what_to_do(sqlite_book, out):
    cash_in_hand(sqlite_book)
    book = sqlite_book
    season_of_rosa_and_juan(book)
    draft = book.distributions.create(CRITERIA_NAMED)
    with pytest.raises(RuntimeError, match="distribution_pdfs.PDF"):
        book.liquidations.write_summary(draft.number, out / "x.pdf")


# ------------------------------------------------------------------ the second worked example: rates, interest,
# capitalisation, the retención and primas (docs/criteria.md, "reintegro, excedentes y primas 2025")


def season(code: str, certification: str, kg: str, **more) -> MemberSeason:
    """A member who delivered café pergamino grade A (valued at S/ 10.00 a kg)."""
    return MemberSeason(code, "activo", JOINED, (DeliveryTotal("CAFE-PERG", "A", certification, D(kg),
                                                               D(kg) * 10),), **more)


def second_example():
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    criteria, problems = read_criteria(blocks[2])
    assert problems == []
    seasons = [
        season("S001", "organico", "920", aportaciones=D("1500.00"), debts={"adelantos": D("1000.00")},
               income_before=D("164000.00")),
        season("S002", "convencional", "460", aportaciones=D("3000.00"), debts={"insumos": D("2500.00")}),
        season("S003", "organico", "460", aportaciones=D("400.00")),
        season("S004", "organico", "460", aportaciones=D("900.00"), in_good_standing=False),
    ]
    result, problems = run(criteria, seasons)
    assert problems == []
    ctx = replace(context(name="Reintegro y excedentes 2025"), criteria=criteria,
                  products={"CAFE-PERG": "Café pergamino seco"})
    return ctx, {s.code: s for s in seasons}, result


def test_a_liquidation_with_rates_interest_capitalisation_withholding_and_primas():
    ctx, seasons, result = second_example()
    buffer = io.BytesIO()
    render_liquidation(ctx, member("S001"), seasons["S001"], _for_member(result, "S001"), buffer)
    text = " ".join(pages_text(buffer.getvalue()))
    for expected in (
        "Reintegro café: Se paga una tarifa por cada quintal (46 kg) entregado: 920 kg ÷ 46 × S/ 23.00 = S/ 460.00 "
        "S/ 460.00",
        # the rate pot, interest, kilos and the prima: 460 + 3,000 + 300 = 3,760.00 by the kilo; 75.00 not
        "Café pergamino seco A Orgánico 920.00 S/ 9,200.00 S/ 4.08696 S/ 3,760.00",
        "Interés sobre aportaciones S/ 75.00 Total 920.00 S/ 9,200.00 S/ 3,835.00",
        "A usted le tocan S/ 3,835.00 porque se paga una tarifa por cada kilo que entregó («Reintegro café»: "
        "S/ 460.00), tiene aportaciones de S/ 1,500.00 («Interés sobre aportaciones»: S/ 75.00), entregó 920.00 kg "
        "de los 1,840.00 kg de todos («Retorno por kilos»: S/ 3,000.00) y entregó 920.00 kg de los 1,840.00 kg de "
        "todos («Prima de Comercio Justo: Prima por kilo»: S/ 300.00). De eso, S/ 300.00 se suma a sus aportaciones "
        "y se descuenta S/ 1,042.53 que usted debía (el impuesto de ley y adelantos). Usted recibe S/ 2,492.47.",
        "A dónde fue el remanente de S/ 12,000.00 S/ 7,000.00 S/ 1,000.00 S/ 2,000.00 S/ 2,000.00 Los socios "
        "Fondo de Educación Reserva Cooperativa Pérdidas de años anteriores",
        "Retención: impuesto que la ley cobra solo a quien recibe mucho en el año",
        "Por kilo: lo que le toca por cada kilo; lleva los decimales que hacen falta",
        "Interés de 5 % sobre sus aportaciones de S/ 1,500.00: S/ 1,500.00 × 5 ÷ 100 = S/ 75.00",
        "Usted entregó 920.00 kg de 1,840.00 kg de todos los socios: S/ 6,000.00 × 920 ÷ 1,840 = S/ 3,000.00",
        "Prima de Comercio Justo: Prima por kilo",
        "Retención de ley (impuesto a la renta): 1.5 % de lo que pasa de 30 UIT (S/ 165,000.00) en el año "
        "S/ 42.53 S/ 42.53 S/ 0.00",
        "Total de su parte (bruto) S/ 3,835.00 Menos: capitalizado a sus aportaciones -S/ 300.00 "
        "Menos: descuentos -S/ 1,042.53",
        "NETO A PAGAR S/ 2,492.47",
        "SON: DOS MIL CUATROCIENTOS NOVENTA Y DOS CON 47/100 SOLES",
        "S/ 300.00 (10 % de lo que recibe en Retorno por kilos) se suma a sus aportaciones",
    ):
        assert expected in text


def test_the_summary_reconciles_every_prima_and_the_whole():
    ctx, _seasons, result = second_example()
    members = [GroupInfo(c, c, "Las Piedras", "F", "organico") for c in ("S001", "S002", "S003", "S004")]
    buffer = io.BytesIO()
    render_distribution_summary(ctx, result, members, buffer)
    text = " ".join(pages_text(buffer.getvalue()))
    for expected in (
        "Compensación de pérdidas S/ 2,000.00 + apropiaciones S/ 3,000.00 + montos de los socios S/ 7,000.00 + "
        "no repartido S/ 0.00 = S/ 12,000.00; monto a distribuir S/ 12,000.00 ✓ cuadra",
        "Prima de Comercio Justo: Plan de la Prima S/ 2,400.00 + montos de los socios S/ 600.00 + no repartido "
        "S/ 0.00 = S/ 3,000.00; monto S/ 3,000.00 ✓ cuadra",
        "En total: compensación de pérdidas S/ 2,000.00 + apropiaciones S/ 3,000.00 + fondos de las primas "
        "S/ 2,400.00 + montos brutos de los socios S/ 7,600.00 + no repartido S/ 0.00 = S/ 15,000.00; "
        "monto y primas S/ 15,000.00 ✓ cuadra",
        "La distribución cuadra al céntimo.",
        "Capitalización 10 % de Retorno por kilos",
    ):
        assert expected in text
