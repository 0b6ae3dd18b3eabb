"""A small cooperative in a temporary SQLite file, made through the real core,
and a task runner holding it. Qt settings and logs go to temporary places."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from coopdesk import i18n
from coopdesk.core import Book
from coopdesk.domain.rules import CooperativeInput, MemberInput
from coopdesk.gui.kit import errors, forms
from coopdesk.gui.admin import import_dialog
from coopdesk.gui.ledger import ledger_view
from coopdesk.gui.kit.tasks import TaskRunner
from tests.people import AS_ADMIN

COOPERATIVE = CooperativeInput("Cooperativa Agraria Cacaotera Los Andes", "20600123450", "Jr. Lima 123", "Tingo María")
MEMBERS = (
    MemberInput("S001", "41234567", "Rosa", "Quispe Mamani", "F", "LP", "organico", date(2019, 3, 15)),
    MemberInput("S002", "42345678", "Juan", "Apaza Flores", "M", "TB", "convencional", date(2020, 7, 1)),
    MemberInput("S003", "43456789", "Pedro", "Quispe Huamán", "M", "LP", "transicion", date(2021, 1, 10)),
)


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory, monkeypatch, qapp):
    """Spanish, and no writing into the real user's settings, logs or Documents."""
    home = tmp_path_factory.mktemp("home")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    qapp.setOrganizationName("coopdesk-tests")
    qapp.setApplicationName("coopdesk-tests")
    monkeypatch.setattr(errors, "log_path", lambda: home / "logs" / "errores.log")
    # a payment that would leave Caja below zero is not confirmed unless a test says so (no modal left waiting)
    monkeypatch.setattr(forms.FormDialog, "confirm_negative_cash", lambda self, problems: None)
    monkeypatch.setattr(import_dialog.ImportDialog, "confirm_negative_cash", lambda self, problems: None)
    monkeypatch.setattr(ledger_view.LedgerView, "confirm_negative_cash", lambda self, problems: None)
    i18n.set_language("es")
    yield home


def make_book(path: Path, members=MEMBERS) -> Path:
    """The test cooperative: two zones, campaign 2026, and the given members."""
    with Book.create(str(path), COOPERATIVE, **AS_ADMIN) as book:
        book.zones.add("LP", "Las Piedras")
        book.zones.add("TB", "Tambopata")
        book.campaigns.add("2026", "Campaña 2026", date(2026, 1, 1), date(2026, 12, 31))
        for member in members:
            book.members.add(member)
    return path


@pytest.fixture
def db(tmp_path) -> Path:
    return make_book(tmp_path / "c.sqlite")


@pytest.fixture
def runner(db):
    runner = TaskRunner(Book.open(str(db)))
    yield runner
    runner.close()


def wait_idle(qtbot, runner: TaskRunner, timeout: int = 20_000) -> None:
    """Until every task sent to the worker has come back (callbacks included).

    The GUI tests wait up to 20 s: a wait ends as soon as its condition holds,
    so a generous limit costs nothing on a quiet machine, and CI runs two
    suites side by side on two cores, where 3 s was sometimes not enough."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=timeout)


def cells(model, row: int) -> tuple[str, ...]:
    return tuple(model.index(row, c).data() for c in range(model.columnCount()))


@contextmanager
def answering(dialog_type, steps, poll_ms: int = 10):
    """Run ``steps(dialog)`` on the next modal ``dialog_type`` (one opened by
    ``exec()``, e.g. from ``ask()``), then let the blocked call return. A failing
    step closes the dialog and is raised here, so a test never hangs."""
    outcome: dict = {}

    def poll():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, dialog_type):
            QTimer.singleShot(poll_ms, poll)
            return
        try:
            steps(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            outcome["error"] = exc
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, poll)
    yield outcome
    if "error" in outcome:
        raise outcome["error"]
