"""A PDF appears under its final name only when it is complete: written as
``<name>.<random>.part`` beside it and renamed at the end."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from coopdesk.reports import render_member_statement
from coopdesk.reports.files import whole_file
from coopdesk.reports.receipt_pdf import render_receipt, receipt_view
from tests.conftest import cacao, cash_in_hand
from tests.reports.test_receipt_pdf import CACAO, COOP

ROOT = Path(__file__).resolve().parents[2]


def test_a_block_that_ends_well_leaves_only_the_final_name(tmp_path):
    with whole_file(tmp_path / "a.pdf") as target:
        assert Path(target).parent == tmp_path and target.endswith(".part")
        Path(target).write_bytes(b"%PDF-1.4 whole")
    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [("a.pdf", b"%PDF-1.4 whole")]


def test_a_block_that_fails_leaves_nothing_and_an_earlier_copy_as_it_was(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 the earlier, complete copy")
    with pytest.raises(OSError):
        with whole_file(tmp_path / "a.pdf") as target:
            Path(target).write_bytes(b"%PDF-1.4 half")
            raise OSError("No space left on device")
    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [
        ("a.pdf", b"%PDF-1.4 the earlier, complete copy")]


def test_a_file_object_is_the_callers_and_is_written_directly():
    buffer = io.BytesIO()
    with whole_file(buffer) as target:
        assert target is buffer


def fail_after_writing(monkeypatch):
    """ReportLab writes the whole file, then the disk fails (as a full disk would)."""
    save = Canvas.save

    def save_then_fail(self):
        save(self)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Canvas, "save", save_then_fail)


def test_a_receipt_that_fails_mid_way_leaves_no_file_under_its_name_nor_a_part(tmp_path, monkeypatch):
    render_receipt(receipt_view(CACAO, COOP), tmp_path / "ticket.pdf")
    earlier = (tmp_path / "ticket.pdf").read_bytes()
    fail_after_writing(monkeypatch)
    with pytest.raises(OSError):
        render_receipt(receipt_view(CACAO, COOP), tmp_path / "ticket.pdf")
    with pytest.raises(OSError):
        render_receipt(receipt_view(CACAO, COOP), tmp_path / "otro.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ticket.pdf"]
    assert (tmp_path / "ticket.pdf").read_bytes() == earlier


def test_a_statement_that_fails_mid_way_leaves_no_file_under_its_name_nor_a_part(sqlite_book, tmp_path,
                                                                                  monkeypatch):
    cash_in_hand(sqlite_book)
    sqlite_book.deliveries.record(cacao())
    out = tmp_path / "estados"
    out.mkdir()
    fail_after_writing(monkeypatch)
    with pytest.raises(OSError):
        sqlite_book.statements.member_statement(
            "S0001", write=lambda statement: render_member_statement(statement, out / "S0001.pdf"))
    assert list(out.iterdir()) == []


KILLED_WHILE_SAVING = """
import os, signal, sys
from reportlab.pdfgen.canvas import Canvas
save = Canvas.save
def save_then_die(self):
    save(self)  # the bytes are on disk, the rename has not happened: kill -9 now
    os.kill(os.getpid(), signal.SIGKILL)
Canvas.save = save_then_die
from coopdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_statements_run_killed_while_saving_leaves_no_pdf_under_its_final_name(sqlite_book, tmp_path):
    cash_in_hand(sqlite_book)
    sqlite_book.deliveries.record(cacao())
    db = sqlite_book.url.removeprefix("sqlite:///")
    sqlite_book.close()
    out = tmp_path / "estados"
    run = subprocess.run([sys.executable, "-c", KILLED_WHILE_SAVING, "--db", db, "statements", "--out", str(out)],
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert run.returncode == -9, run.stderr
    names = [p.name for p in out.iterdir()]
    assert not [n for n in names if n.endswith(".pdf")], names  # only the part, which no one mistakes for a PDF
    assert len(names) == 1 and names[0].endswith(".part"), names
