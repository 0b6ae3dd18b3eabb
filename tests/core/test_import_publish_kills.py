"""kill -9 at random moments of «coopdesk import deliveries» and «coopdesk
distribution publish» (docs/security.md): the book is always either unchanged
or fully imported or published, never in between, and ``coopdesk check
--integrity`` finds it clean either way (the audit chain included)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from coopdesk.core import Book
from coopdesk.domain.catalog import RunStatus
from coopdesk.domain.ledger import EntryInput, LineInput
from coopdesk.i18n import describe
from tests.conftest import make_book
from tests.core.test_distributions import CRITERIA

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 300
SEASON = 600  # deliveries in the book before
IMPORTED = 2_000  # deliveries in the file imported


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "coopdesk.cli", *args]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def deliveries_file(path: Path, series: str, rows: int) -> Path:
    path.write_text("Ticket;Fecha;Código socio;Producto;Sacos;Kg bruto;Tara;Humedad;Calidad;Precio\n" + "".join(
        f"{series}-{i:06d};{1 + i % 28:02d}/{1 + i % 10:02d}/2026;Z{1 + i % MEMBERS:05d};CACAO-SECO;1;"
        f"{50 + i % 40},5;0,4;7,2;A;18,50\n" for i in range(1, rows + 1)), encoding="utf-8")
    return path


def counts(path: Path) -> dict[str, object]:
    """What a kill could leave half done, read without coopdesk (read-only)."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "deliveries": one("SELECT count(*) FROM deliveries"),
            "entries": one("SELECT count(*) FROM journal_entries"),
            "lines": one("SELECT count(*) FROM journal_lines"),
            "trail": one("SELECT count(*) FROM audit_log"),
            "unchained": one("SELECT count(*) FROM audit_log WHERE hash IS NULL"),
            "run": one("SELECT status FROM distribution_runs WHERE number = 1"),
            "run lines": one("SELECT count(*) FROM distribution_lines"),
            "sealed": one("SELECT fingerprint IS NOT NULL FROM distribution_runs WHERE number = 1"),
        }


def clean(path: Path) -> None:
    """It opens, and the whole check (file, books, seals, audit chain) finds nothing."""
    with Book.open(str(path)) as book:
        report = book.checks.run(integrity=True)
    assert report.agrees, [describe(p) for p in report.findings]


def timed(args: list[str], cwd: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(args, env=environment(), cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """300 members with 600 deliveries, money in Caja and the bank, excedentes in
    591, and distribution N.º 1 approved (ready to publish)."""
    folder = tmp_path_factory.mktemp("plantilla")
    members = folder / "socios.csv"
    members.write_text("Código,DNI,Nombres,Apellidos,Sexo,Zona,Certificación,Fecha de ingreso,Estado,Teléfono\n"
                       + "".join(f"Z{i:05d},{70000000 + i},Nombre{i},Apellido Uno,{'F' if i % 2 else 'M'},LP,"
                                 f"orgánico,15/03/2020,activo,\n" for i in range(1, MEMBERS + 1)), encoding="utf-8")
    path = folder / "coopdesk.sqlite"
    book = make_book(str(path))
    try:
        book.ledger.post_opening(EntryInput(date(2026, 1, 1), "Apertura", (
            LineInput("101", debit=Decimal("50000000.00")), LineInput("1041", debit=Decimal("100000.00")),
            LineInput("582", credit=Decimal("50000000.00")), LineInput("591", credit=Decimal("100000.00")))))
        assert book.imports.members(members).written
        assert book.imports.deliveries(deliveries_file(folder / "temporada.csv", "050", SEASON)).written
        run = book.distributions.create(CRITERIA, name="Excedentes 2026")
        book.distributions.approve(run.number, acta="1", acta_date=date(2026, 12, 1))
    finally:
        book.close()
    clean(path)
    return path


def kills(template: Path, tmp_path: Path, args: list[str], outcome) -> dict[str, int]:
    """At least 20 kills at random moments of ``args`` on fresh copies of the book;
    more (up to 40) until both outcomes were seen twice. ``outcome(before, after)``
    says «unchanged» or «done», failing on anything in between."""
    timing = tmp_path / "timing" / "coopdesk.sqlite"
    timing.parent.mkdir()
    shutil.copy(template, timing)
    whole = timed(command("--db", str(timing), *args), tmp_path)
    assert outcome(counts(template), counts(timing)) == "done"
    rng = random.Random(13)
    seen = {"unchanged": 0, "done": 0}
    attempt = 0
    while attempt < 20 or (min(seen.values()) < 2 and attempt < 40):
        if attempt < 20:
            delay = rng.uniform(0.3, whole * 1.05)
        elif seen["done"] < 2:
            delay = rng.uniform(whole * 0.8, whole * 2.0)
        else:
            delay = rng.uniform(0.2, whole * 0.6)
        book = tmp_path / f"try-{attempt}" / "coopdesk.sqlite"
        attempt += 1
        book.parent.mkdir()
        shutil.copy(template, book)
        before = counts(book)
        process = subprocess.Popen(command("--db", str(book), *args), env=environment(), cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen[outcome(before, counts(book))] += 1
        clean(book)
        shutil.rmtree(book.parent)
    assert min(seen.values()) >= 2, seen  # the kills landed on both sides of the commit
    return seen


@pytest.mark.slow
def test_an_import_killed_at_any_moment_leaves_the_book_unchanged_or_fully_imported(template, tmp_path):
    source = deliveries_file(tmp_path / "entregas.csv", "060", IMPORTED)

    def outcome(before, after) -> str:
        if after == before:
            return "unchanged"
        assert after["deliveries"] == before["deliveries"] + IMPORTED, (before, after)
        assert after["entries"] > before["entries"] and after["trail"] > before["trail"], (before, after)
        assert after["unchained"] == 0 and after["run"] == before["run"], (before, after)
        return "done"

    kills(template, tmp_path, ["import", "deliveries", str(source)], outcome)


@pytest.mark.slow
def test_a_publish_killed_at_any_moment_leaves_the_run_approved_or_fully_published(template, tmp_path):
    def outcome(before, after) -> str:
        assert before["run"] == RunStatus.APPROVED.value
        if after == before:
            return "unchanged"
        # the lines were stored with the draft; publishing seals the run and posts its entry
        assert after["run"] == RunStatus.PUBLISHED.value and after["run lines"] == before["run lines"], (
            before, after)
        assert after["sealed"] and not before["sealed"], (before, after)
        assert after["entries"] > before["entries"] and after["unchained"] == 0, (before, after)
        assert after["deliveries"] == before["deliveries"], (before, after)
        return "done"

    kills(template, tmp_path, ["distribution", "publish", "1"], outcome)
