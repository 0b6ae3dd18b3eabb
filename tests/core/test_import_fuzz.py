"""The sample files of docs/samples, damaged in every way a file travels badly
(bytes flipped, cut short, separators swapped, saved in another encoding,
control characters pasted in, numbers mistyped, an XLSX whose zip or sheet is
broken), imported into the demo cooperative. An import may succeed, refuse rows
or refuse the file, but only as coopdesk refuses (``BookError``,
``InvalidInput``): never another exception, and a refused import writes nothing.

The variants come from a fixed seed, so a failure is reproduced by its number.
CI runs a few hundred; the slow test runs thousands."""

import io
import random
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from coopdesk.core import Book, BookError
from coopdesk.core.demo import build_demo
from coopdesk.db.models import (
    AccountMovement,
    Attendance,
    Delivery,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Member,
    ParticipationEvent,
    PriceEntryRow,
)
from coopdesk.domain.problems import InvalidInput

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
KINDS = {"socios": "members", "entregas": "deliveries", "movimientos": "movements", "asistencia": "attendance",
         "precios": "prices"}
TABLES = (Member, Delivery, AccountMovement, Attendance, ParticipationEvent, PriceEntryRow, LedgerAccount,
          JournalEntry, JournalLine)
ODD = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\u202e\u2066\ufeff\ufffe\"';,\t\r\n=+-@_E%\u00a0"


def counts(book) -> tuple[int, ...]:
    with book.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in TABLES)


# -- damaging a file -----------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data))]


def swap_separators(data: bytes, rng: random.Random) -> bytes:
    old, new = rng.sample([b",", b";", b"\t", b".", b"|"], 2)
    return data.replace(old, new) if rng.random() < 0.5 else data.replace(old, new, rng.randint(1, 5))


def reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig", "utf-32"])
    out = text.encode(encoding, errors="replace")
    return out[:-1] if rng.random() < 0.3 else out  # cut mid-character too


def insert_characters(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(ODD) + text[at:]
    return text.encode(rng.choice(["utf-8", "utf-8", "utf-16"]))


def mistype_numbers(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    for _ in range(rng.randint(1, 4)):
        at = rng.choice(digits)
        text = text[:at] + rng.choice(["_", "E3", "e-9", ".200", ",234", "0" * 40, "1.200", "-", "∞", "٣"]) + text[at:]
        digits = [i for i, c in enumerate(text) if c.isdigit()]
    return text.encode()


def as_xlsx(data: bytes) -> bytes:
    import csv

    text = data.decode("utf-8")
    separator = ";" if text.splitlines()[1].count(";") > text.splitlines()[1].count(",") else ","
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(text), delimiter=separator):
        book.active.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def broken_xlsx(data: bytes, rng: random.Random) -> bytes:
    """The sample as an XLSX, then its zip or one of its parts damaged."""
    plain = as_xlsx(data)
    how = rng.randrange(4)
    if how == 0:
        return flip_bytes(plain, rng)
    if how == 1:
        return truncate(plain, rng)
    source = zipfile.ZipFile(io.BytesIO(plain))
    victim = rng.choice(source.namelist())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == victim:
                if how == 2:
                    continue  # a part missing
                part = flip_bytes(part, rng) if rng.random() < 0.5 else truncate(part, rng)
            target.writestr(name, part)
    return out.getvalue()


CSV_DAMAGE = (flip_bytes, truncate, swap_separators, reencode, insert_characters, mistype_numbers)


def variant(number: int) -> tuple[str, str, bytes, bool]:
    """The ``number``-th damaged file: (sample name, file suffix, bytes, dry run)."""
    rng = random.Random(13_000 + number)
    name = rng.choice(sorted(KINDS))
    data = (SAMPLES / f"{name}.csv").read_bytes()
    if rng.random() < 0.25:
        return name, ".xlsx", broken_xlsx(data, rng), rng.random() < 0.3
    damaged = data
    for damage in rng.sample(CSV_DAMAGE, rng.randint(1, 2)):
        try:
            damaged = damage(damaged, rng) or damaged
        except (UnicodeDecodeError, IndexError, ValueError):
            damaged = flip_bytes(damaged or data, rng)
    return name, rng.choice([".csv", ".csv", ".txt", ""]), damaged, rng.random() < 0.3


# -- importing them ------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    build_demo(str(folder / "demo.sqlite"))
    return folder / "demo.sqlite"


def fuzz(db: Path, folder: Path, variants: range) -> None:
    unexpected, partial = [], []
    with Book.open(str(db)) as book:
        for number in variants:
            name, suffix, data, dry_run = variant(number)
            path = folder / f"v{number}-{name}{suffix}"
            path.write_bytes(data)
            before = counts(book)
            try:
                report = getattr(book.imports, KINDS[name])(path, dry_run=dry_run)
            except (BookError, InvalidInput):
                report = None
            except Exception as exc:  # noqa: BLE001 - exactly what this test looks for
                unexpected.append(f"variant {number} ({name}{suffix}): {type(exc).__name__}: {exc}")
                continue
            finally:
                path.unlink()
            if (report is None or not report.written) and counts(book) != before:
                partial.append(f"variant {number} ({name}{suffix}): {before} -> {counts(book)}")
            if report is not None and report.written:
                assert not report.problems and report.to_add > 0, number
        # whatever was imported is text an XLSX can hold: the lists export
        for kind in ("members", "deliveries", "movements", "prices"):
            getattr(book.exports, kind)(folder / f"{kind}.xlsx")
    assert unexpected == [] and partial == []


def test_damaged_sample_files_are_refused_or_imported_never_a_crash_nor_half_written(demo, tmp_path):
    db = tmp_path / "demo.sqlite"
    shutil.copy(demo, db)
    fuzz(db, tmp_path, range(300))


@pytest.mark.slow
def test_thousands_of_damaged_sample_files(demo, tmp_path):
    db = tmp_path / "demo.sqlite"
    shutil.copy(demo, db)
    fuzz(db, tmp_path, range(300, 3300))
