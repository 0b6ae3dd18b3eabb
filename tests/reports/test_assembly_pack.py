"""The quarterly «Asamblea» pack (issue 15, item 7): the padrón from the
participation records, the quarter's figures equal to the bulletin's months,
the criteria proposals with the compare view's fairness figures, the acta
pre-filled, read back from the PDF."""

import subprocess
from datetime import date
from decimal import Decimal as D

from coopdesk.cli import main
from coopdesk.reports.assembly_pdf import render_assembly
from coopdesk.reports.assembly_view import Proposal, assembly_view
from tests.conftest import TODAY, make_book
from tests.core.test_distributions import CRITERIA
from tests.core.test_season import a_season

BY_VALUE = CRITERIA.replace('clave = "kg"', 'clave = "valor"')  # cacao and copoazú: by the value delivered
BY_EQUAL_PARTS = CRITERIA.replace('clave = "kg"', 'clave = "partes_iguales"')


def flat_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\u00a0", " ")
    return " ".join(text.split())


def assemblies(book) -> None:
    """October's assembly (Rosa and Carmen came) and November's faena (Rosa)."""
    first = book.participation.add_event(date(2026, 10, 10), "asamblea", D("2"), "Asamblea general ordinaria")
    book.participation.record_attendance(first, ["S0001", "S0003"])
    second = book.participation.add_event(date(2026, 11, 21), "faena", D("1"), "Limpieza del acopio")
    book.participation.record_attendance(second, ["S0001"])


def test_the_quarter_is_the_sum_of_its_months_and_the_padron_counts_attendance(sqlite_book):
    book = sqlite_book
    a_season(book)
    assemblies(book)
    data = book.bulletin.quarter(2026, 4)
    assert [m.month for m in data.months] == [10, 11, 12]
    assert data.months[2] == book.bulletin.month(2026, 12)
    assert data.net_kg == D("100.000") and data.paid_total == D("1580.00")
    assert [(p.code, p.dni, p.attended) for p in data.padron] == [
        ("S0001", "41234567", 2), ("S0002", "42345678", 0), ("S0003", "43456789", 1)]
    assert [e.description for e in data.events] == ["Asamblea general ordinaria", "Limpieza del acopio"]


def test_the_pack_reads_back_with_the_proposals_fairness_and_the_acta(sqlite_book, tmp_path):
    book = sqlite_book
    a_season(book)
    assemblies(book)
    a = book.distributions.simulate(BY_VALUE)
    b = book.distributions.simulate(BY_EQUAL_PARTS)
    summaries, comparison = book.bulletin.proposals([("Por valor", a), ("Partes iguales", b)])
    # the fairness figures are the compare view's
    assert comparison == book.distributions.compare(a, b)
    assert [s for _name, s in summaries] == [comparison.a, comparison.b]
    view = assembly_view(book.bulletin.quarter(2026, 4), book.cooperative, TODAY,
                         ("Lectura del acta anterior", "Informe del trimestre", "Criterios de distribución"),
                         tuple(Proposal(n, s) for n, s in summaries), comparison)
    out = tmp_path / "asamblea.pdf"
    render_assembly(view, out)
    text = flat_text(out)
    assert "1. Lectura del acta anterior 2. Informe del trimestre 3. Criterios de distribución" in text
    assert "Octubre 0.00 kg S/ 0.00 S/ 0.00 S/ 0.00 S/ 0.00" in text
    assert "Diciembre 100.00 kg S/ 1,580.00 S/ 0.00 S/ 0.00 S/ 0.00" in text
    # 800.00 to members: by value Rosa 531.84, Juan 207.57, Carmen 60.59; in equal parts 266.67, 266.67, 266.66
    # Gini by value: (2 × 531.84 − 2 × 60.59) / (3 × 800.00) = 0.39271 → 0.3927
    assert comparison.a.gini == D("0.3927") and comparison.b.gini == D("0.0000")
    assert "Por valor Partes iguales" in text
    assert "Total a repartir S/ 800.00 S/ 800.00" in text
    assert "Lo que recibe el socio del medio (mediana) S/ 207.57 S/ 266.67" in text
    assert "Parte que se lleva el 10 % que más recibe 66.48 % 33.33 %" in text
    assert "Coeficiente de Gini (0 = todos igual) 0.3927 0.0000" in text
    assert "Las Piedras S/ 592.43 S/ 533.33 -S/ 59.10" in text  # by zone: Rosa and Carmen
    assert ("PRIMERO: Aprobar el informe del 4.º trimestre de 2026: 100.00 kg entregados por los socios, "
            "S/ 1,580.00 pagados por ellos") in text
    assert "[ ] «Por valor»: S/ 800.00, Gini 0.3927; [ ] «Partes iguales»: S/ 800.00, Gini 0.0000" in text
    assert "socios hábiles de un padrón de 3" in text
    assert "Padrón de asistencia – 4.º trimestre de 2026" in text
    assert "S0001 Quispe Mamani, Rosa 41234567 Las Piedras 2" in text
    assert "S0002 Condori Apaza, Juan 42345678 Tambopata 0" in text
    assert "S0003 Huamán Flores, Carmen 43456789 Las Piedras 1" in text
    # the projector view shows the same figures
    slides = {s.title: s.lines for s in view.slides}
    assert slides["Propuestas de criterios"][-1] == "Coeficiente de Gini (0 = todos igual): 0.3927 | 0.0000"


def test_the_cli_makes_the_pack_and_refuses_a_quarter_to_come(tmp_path, capsys):
    db = str(tmp_path / "coop.sqlite")
    with make_book(db) as book:
        a_season(book)
        assemblies(book)
    criteria = tmp_path / "kilos.toml"
    criteria.write_text(BY_VALUE.replace("[distribucion]\n", '[distribucion]\nnombre = "Por valor"\n'),
                        encoding="utf-8")
    pdf = tmp_path / "asamblea.pdf"
    code = main(["assembly-pack", "--db", db, "--quarter", "2026-T4", "--pdf", str(pdf), "--agenda", "Informe",
                 "--criteria", str(criteria)])
    out, err = capsys.readouterr()
    assert (code, err, out) == (0, "", f"Carpeta de la asamblea en PDF: {pdf}\n")
    text = flat_text(pdf)
    assert "Cifra Por valor" in text and "Coeficiente de Gini (0 = todos igual) 0.3927" in text
    bad = tmp_path / "futuro.pdf"
    code = main(["assembly-pack", "--db", db, "--quarter", "2027-T1", "--pdf", str(bad)])
    out, err = capsys.readouterr()
    assert code == 2 and not bad.exists()
    assert err == "Error: El trimestre 2027-T1 todavía no empieza.\n"
