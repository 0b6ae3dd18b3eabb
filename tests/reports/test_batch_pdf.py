"""One print job (issue 15, item 4): a run's liquidations in ONE PDF, ordered and
separated by zone or collection point (a separator page and a bookmark per
group), plus the files per member when wanted, with the same numbers. Read
back with pypdf: pages, bookmarks and figures."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from coopdesk.core import liquidations
from coopdesk.reports.distribution_pdfs import PDF
from coopdesk.reports.pdf_join import PdfJoin
from tests.conftest import cacao, cash_in_hand, remanente_in_the_books
from tests.core.test_distribution_runs import CRITERIA_NAMED, published
from tests.reports.test_liquidation_pdf import context, pages_text, part


def outline(path) -> list[tuple[str, int]]:
    reader = PdfReader(str(path))
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


def member_of_page(text: str) -> str:
    return next(code for code in ("S0001", "S0002", "S0003") if f"Código {code}" in text)


@pytest.fixture
def batch_book(sqlite_book):
    """Rosa (S0001, Las Piedras) 200 kg, Juan (S0002, Tambopata) 100 kg, Carmen (S0003,
    Las Piedras) nothing; Rosa delivers at «Centro Baltimore» (series 002) more than at
    «Acopio Alegría» (001), Juan only at Alegría; published."""
    book = sqlite_book
    cash_in_hand(book)
    book.collection_points.add("ALE", "Acopio Alegría", "001")
    book.collection_points.add("BAL", "Centro Baltimore", "002")
    remanente_in_the_books(book)
    book.deliveries.record(cacao("001-1", gross_kg=D("80.3"),
                                 tare_kg=D("0.4")))  # Rosa 79.900 kg at Alegría
    book.deliveries.record(cacao("002-1"))  # Rosa 120.100 kg at Baltimore
    book.deliveries.record(cacao("001-2", member_code="S0002", gross_kg=D("100.4"),
                                 tare_kg=D("0.4")))  # Juan 100 kg at Alegría
    row = published(book, CRITERIA_NAMED)
    book.liquidations.renderer = PDF
    return book, row


def test_one_pdf_by_zone_with_a_separator_page_and_a_bookmark_per_zone(batch_book, tmp_path):
    book, row = batch_book
    seen = []
    path = book.liquidations.write_batch(row.number, tmp_path / "job" / "liquidaciones-1.pdf", workers=1,
                                         progress=lambda d, t: seen.append((d, t)))
    pages = pages_text(path)
    marks = outline(path)
    assert [title for title, _page in marks] == ["Las Piedras", "Tambopata"]  # zones by name
    piedras, tambopata = marks[0][1], marks[1][1]
    assert piedras == 0
    assert "Las Piedras" in pages[piedras] and "2 liquidaciones" in pages[piedras]
    assert "Tambopata" in pages[tambopata] and "1 liquidación" in pages[tambopata]
    # in each zone the members in padrón order (by surname): Huamán (S0003) before Quispe (S0001)
    firsts = [member_of_page(p) for p in pages if "Página 1 de" in p]
    assert firsts == ["S0003", "S0001", "S0002"]
    assert all(member_of_page(p) == "S0002" for p in pages[tambopata + 1:])
    assert any("NETO A PAGAR S/ 533.33" in p for p in pages[:tambopata])
    assert any("NETO A PAGAR S/ 266.67" in p for p in pages[tambopata:])
    assert seen[-1] == (3, 3)
    assert [p.name for p in (tmp_path / "job").iterdir()] == ["liquidaciones-1.pdf"]  # no pieces left


def test_by_collection_point_each_member_goes_where_they_delivered_most(batch_book, tmp_path):
    book, row = batch_book
    path = book.liquidations.write_batch(row.number, tmp_path / "todas.pdf", by=liquidations.POINT, workers=1)
    pages = pages_text(path)
    marks = outline(path)
    # Rosa: 120.100 kg at Baltimore, 79.900 at Alegría; Juan: Alegría; Carmen delivered nothing
    assert [title for title, _page in marks] == ["Acopio Alegría", "Centro Baltimore", "Sin centro de acopio"]
    groups = [m[1] for m in marks] + [len(pages)]
    members = [[member_of_page(p) for p in pages[start + 1:end] if "Página 1 de" in p]
               for start, end in zip(groups, groups[1:])]
    assert members == [["S0002"], ["S0001"], ["S0003"]]


def test_the_files_per_member_too_with_the_same_numbers(batch_book, tmp_path):
    book, row = batch_book
    folder = tmp_path / "dist"
    path = book.liquidations.write_batch(row.number, folder / "liquidaciones-1.pdf", each_in=folder, workers=1)
    assert sorted(p.name for p in folder.iterdir()) == [
        "liquidacion-1-S0001.pdf", "liquidacion-1-S0002.pdf", "liquidacion-1-S0003.pdf", "liquidaciones-1.pdf"]
    joined = " ".join(pages_text(path))
    for code in ("S0001", "S0002", "S0003"):
        own = " ".join(pages_text(folder / f"liquidacion-1-{code}.pdf"))
        number = own.split("N° ")[1].split()[0]
        assert f"N° {number}" in joined
        assert "REIMPRESIÓN" not in own  # printed once: the batch and the files are one printing


def test_a_cancelled_job_leaves_nothing(batch_book, tmp_path):
    book, row = batch_book
    folder = tmp_path / "job"
    assert book.liquidations.write_batch(row.number, folder / "x.pdf", workers=1, cancelled=lambda: True) is None
    assert list(folder.iterdir()) == []


def test_the_job_in_worker_processes_is_the_same_as_in_one(batch_book, tmp_path, monkeypatch):
    book, row = batch_book
    monkeypatch.setattr(liquidations, "PIECE", 1)  # a piece per member: three pieces for two workers
    one = book.liquidations.write_batch(row.number, tmp_path / "uno.pdf", workers=1)
    many = book.liquidations.write_batch(row.number, tmp_path / "dos.pdf", workers=2)
    # the second printing is a reprint of the same numbers; the order and the pages are the same
    first, second = pages_text(one), pages_text(many)
    assert len(first) == len(second) and outline(one) == outline(many)
    assert [member_of_page(p) for p in first if "Página 1 de" in p] == [
        member_of_page(p) for p in second if "Página 1 de" in p]
    assert [p.replace(" REIMPRESIÓN n.º 1, 07/12/2026", "") for p in second] == first


def test_joining_keeps_every_page_and_its_text_and_names_the_parts():
    first, second = io.BytesIO(), io.BytesIO()
    from coopdesk.reports.liquidation_pdf import render_liquidations

    render_liquidations(context(), [part("S001"), part("S002")], first)
    render_liquidations(context(), [part("S003")], second)
    out = io.BytesIO()
    join = PdfJoin(out, title="Liquidaciones", author="Cooperativa")
    assert join.append(io.BytesIO(first.getvalue()), "Primero") == len(PdfReader(first).pages)
    assert join.append(io.BytesIO(second.getvalue()), "Segundo «ñ»") == len(PdfReader(second).pages)
    join.close()
    joined = PdfReader(io.BytesIO(out.getvalue()))
    assert pages_text(out.getvalue()) == pages_text(first.getvalue()) + pages_text(second.getvalue())
    assert [(i.title, joined.get_destination_page_number(i)) for i in joined.outline] == [
        ("Primero", 0), ("Segundo «ñ»", len(PdfReader(first).pages))]
    assert joined.metadata.title == "Liquidaciones"
    # the same pieces give the same bytes
    again = io.BytesIO()
    join = PdfJoin(again, title="Liquidaciones", author="Cooperativa")
    join.append(io.BytesIO(first.getvalue()), "Primero")
    join.append(io.BytesIO(second.getvalue()), "Segundo «ñ»")
    join.close()
    assert again.getvalue() == out.getvalue()
