"""One print job (issue 15, item 4): a run's liquidations in ONE PDF, ordered and
separated by zone or collection point (a separator page and a bookmark per
group), plus the files per member when wanted, with the same numbers. Read
back with pypdf: pages, bookmarks and figures."""

from __future__ import annotations

import io
import re
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


REPRINT = re.compile(r" REIMPRESIÓN n\.º \d+, \d\d/\d\d/\d{4}")


def member_pages(pages: list[str]) -> list[tuple[str, int]]:
    """(member code, page count) of each liquidation, in order, from «Página 1 de N»."""
    found = []
    for text in pages:
        start = re.search(r"Página 1 de (\d+)", text)
        if start:
            found.append((member_of_page(text), int(start.group(1))))
    return found


def front_pages(counts: list[int]) -> tuple[list[int], list[int], int]:
    """Printed two-sided, where each of ``counts`` (page counts, a separator being 1)
    starts, where the blank pages go and how many pages there are: each starts
    on a front (an even index from 0), a blank page after an odd count."""
    starts, blanks, at = [], [], 0
    for n in counts:
        starts.append(at)
        at += n
        if n % 2:
            blanks.append(at)
            at += 1
    return starts, blanks, at


def test_duplex_every_member_and_group_starts_on_a_front_page(batch_book, tmp_path):
    """Printed two-sided, a blank page follows each separator page and each member
    whose liquidation has an odd number of pages: every separator and every
    member's first page is a front (an odd page, counting from 1), and nothing
    else changes. The files per member stay without blank pages."""
    book, row = batch_book
    simplex = pages_text(book.liquidations.write_batch(row.number, tmp_path / "una-cara.pdf", workers=1))
    counts = member_pages(simplex)
    assert counts == [("S0003", 1), ("S0001", 1), ("S0002", 1)]
    path = book.liquidations.write_batch(row.number, tmp_path / "doble-cara.pdf", workers=1, duplex=True,
                                         each_in=tmp_path / "each")
    pages = pages_text(path)
    # Las Piedras: separator, blank, Carmen, blank, Rosa, blank; Tambopata: separator, blank, Juan, blank
    starts, blanks, total = front_pages([1, 1, 1, 1, 1])
    assert (starts, blanks, total) == ([0, 2, 4, 6, 8], [1, 3, 5, 7, 9], 10)
    assert len(pages) == total == len(simplex) + 5
    assert [page for _title, page in outline(path)] == [starts[0], starts[3]]  # the separators, on fronts
    assert [i for i, text in enumerate(pages) if "Página 1 de" in text] == [starts[1], starts[2], starts[4]]
    assert [i for i, text in enumerate(pages) if text == ""] == blanks
    assert member_pages(pages) == counts  # the same liquidations, whole and in order
    assert [REPRINT.sub("", text) for text in pages if text] == simplex  # (the second printing is a reprint)
    # the files per member are for one member each: no blank page
    assert [len(PdfReader(str(f)).pages) for f in sorted((tmp_path / "each").iterdir())] == [1, 1, 1]
    # without duplex, no blank page
    assert "" not in simplex


def test_duplex_pads_odd_members_only_in_a_piece_of_mixed_lengths():
    """Random members (long names, many products) of two and three pages laid out
    as one piece: with duplex, a blank page after the odd one only."""
    from coopdesk.reports.liquidation_pdf import render_liquidations
    from tests.reports.test_layout import members

    ctx, parts, _padron, _result = members(7, 20)
    parts = parts[15:18]  # of 2, 3 and 2 pages
    plain, both = io.BytesIO(), io.BytesIO()
    render_liquidations(ctx, parts, plain)
    render_liquidations(ctx, parts, both, duplex=True)
    simplex, duplex = pages_text(plain.getvalue()), pages_text(both.getvalue())
    counts = [n for _code, n in member_pages_by_number(simplex)]
    assert counts == [2, 3, 2]
    starts, blanks, total = front_pages(counts)
    assert (starts, blanks, total) == ([0, 2, 6], [5], 8)
    assert len(duplex) == total == len(simplex) + sum(n % 2 for n in counts)
    assert [i for i, text in enumerate(duplex) if "Página 1 de" in text] == starts
    assert [i for i, text in enumerate(duplex) if text == ""] == blanks
    assert [text for text in duplex if text] == simplex


def member_pages_by_number(pages: list[str]) -> list[tuple[int, int]]:
    return [(i, int(m.group(1))) for i, text in enumerate(pages) if (m := re.search(r"Página 1 de (\d+)", text))]


def test_duplex_in_worker_processes_is_the_same(batch_book, tmp_path, monkeypatch):
    book, row = batch_book
    one = book.liquidations.write_batch(row.number, tmp_path / "uno.pdf", workers=1, duplex=True)
    monkeypatch.setattr(liquidations, "PIECE", 1)  # a piece per member, laid out in workers
    many = book.liquidations.write_batch(row.number, tmp_path / "varios.pdf", workers=2, duplex=True)
    assert [REPRINT.sub("", p) for p in pages_text(many)] == [REPRINT.sub("", p) for p in pages_text(one)]


def test_the_job_decodes_each_member_from_the_stored_run_as_the_whole_run_gives_it(batch_book):
    """The batch keeps each member's data compressed (``_LeanRun``) and decodes it
    for their piece: the same season and the same cut of the results as decoding
    the whole run (``parts``)."""
    book, row = batch_book
    text, inputs_json, results_json, _codes = book.distributions.sealed_json(row.number)
    lean = liquidations._LeanRun(inputs_json, results_json)
    whole = book.liquidations.parts(row.number)
    assert sorted(lean.codes) == sorted(p.member.code for p in whole) == ["S0001", "S0002", "S0003"]
    for part in whole:
        assert lean.season(part.member.code) == part.season
        assert lean.result(part.member.code) == part.result
    context, _stored = book.liquidations.context(row.number)
    assert lean.sharing == context.members_sharing == 2
