"""Today is what the book's clock says, never what the machine's clock happens to
read: a void made «today» is dated by the clock, a date after it is the future,
and the command line and the tests fix it with COOPDESK_TODAY."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.people import LOGIN
from coopdesk.cli import main
from coopdesk.core import Book, InvalidInput
from coopdesk.domain.clock import FixedClock
from coopdesk.i18n import describe
from tests.conftest import cacao, cash_is_not_the_subject, make_book, rosa

ROOT = Path(__file__).resolve().parents[2]


def test_a_void_is_dated_and_stamped_by_the_books_clock(tmp_path):
    """The treasurer voids a ticket on 15 January 2027: the reversal is of that day, whatever the machine says."""
    make_book(f"sqlite:///{tmp_path / 'c.sqlite'}").close()
    with Book.open(str(tmp_path / "c.sqlite"), clock=FixedClock(date(2027, 1, 15))) as book:
        cash_is_not_the_subject(book)
        book.deliveries.record(cacao("001-000002", member_code="S0002", advance_price=D("15.00")))
        book.deliveries.void("001-000002", "Peso mal leído")
        entry, reversal = book.ledger.entries()
        assert (entry.date, reversal.date) == (date(2026, 3, 4), date(2027, 1, 15))


def test_a_date_after_the_clocks_today_is_the_future(tmp_path):
    """On 3 March 2026 a member who joins on 4 March has not joined yet; on 5 March she has."""
    make_book(f"sqlite:///{tmp_path / 'c.sqlite'}").close()
    lucia = rosa(code="S0009", dni="49876543", first_names="Lucía", join_date=date(2026, 3, 4))
    with Book.open(str(tmp_path / "c.sqlite"), clock=FixedClock(date(2026, 3, 3))) as book:
        with pytest.raises(InvalidInput) as raised:
            book.members.add(lucia)
        assert [describe(p) for p in raised.value.problems] == ["La fecha de ingreso no puede estar en el futuro."]
    with Book.open(str(tmp_path / "c.sqlite"), clock=FixedClock(date(2026, 3, 5))) as book:
        book.members.add(lucia)
        assert book.members.get("S0009").join_date == date(2026, 3, 4)


def test_a_fixed_clock_keeps_its_date_and_its_records_in_order():
    clock = FixedClock(date(2027, 6, 30))
    first, second = clock.now(), clock.now()
    assert clock.today() == date(2027, 6, 30)
    assert first.date() == date(2027, 6, 30) and first <= second
    assert first == datetime(2027, 6, 30, 9, 0, 0)


def test_the_command_line_takes_coopdesk_today(tmp_path, monkeypatch, capsys):
    """A new cooperative created «on» 2 February 2027 gets the 2027 campaign by default."""
    monkeypatch.setenv("COOPDESK_TODAY", "2027-02-02")
    db = str(tmp_path / "coop.sqlite")
    assert main(["--db", db, "init", "--name", "Cooperativa Agraria Tambopata", "--ruc", "20600123450",
                 "--city", "Puerto Maldonado"]) == 0
    with Book.open(db, **LOGIN) as book:
        campaign = book.campaigns.current()
        assert (campaign.code, campaign.start_date, campaign.end_date) == ("2027", date(2027, 1, 1),
                                                                           date(2027, 12, 31))


def test_a_mistyped_coopdesk_today_is_said_in_spanish(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "coop.sqlite")
    make_book(f"sqlite:///{db}").close()
    monkeypatch.setenv("COOPDESK_TODAY", "07/12/2026")
    assert main(["--db", db, "members", "list"]) == 2
    assert capsys.readouterr().err == (
        "Error: COOPDESK_TODAY debe ser una fecha como 2026-12-07, no «07/12/2026».\n")


# The places that may read the machine's clock: the clock itself, the error log's
# time stamps and the names of the backups taken before an upgrade (when something
# really happened), and a migration that already ran in the past.
MACHINE_CLOCK_ALLOWED = {
    "coopdesk/domain/clock.py",
    "coopdesk/gui/kit/errors.py",
    "coopdesk/db/migrate.py",
    # a backup's name and "Último respaldo: hace 2 días" tell when a copy was really made, not a practice date
    "coopdesk/core/backups.py",
    "coopdesk/db/migrations/versions/0004_quality_prices_points_settings.py",
}
MACHINE_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.(now|today|utcnow)\(|\bQDate\.currentDate\(|"
                           r"\bQDateTime\.currentDateTime\(|\btime\.(localtime|strftime)\(")


def test_only_the_clock_reads_the_machines_date():
    """Every other module asks the book's clock (or the task runner's today())."""
    offenders = []
    for path in sorted((ROOT / "coopdesk").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in MACHINE_CLOCK_ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MACHINE_CLOCK.search(line.split("#")[0]):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


def test_a_command_started_by_the_tests_inherits_their_date(tmp_path):
    db = str(tmp_path / "coop.sqlite")
    make_book(f"sqlite:///{db}").close()
    result = subprocess.run([sys.executable, "-m", "coopdesk.cli", "--db", db, "account", "--member", "S0001"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "al 07/12/2026" in result.stdout
