"""All database work runs on one worker thread; results come back on the GUI thread."""

from __future__ import annotations

import sys
import threading
from datetime import date

from coopdesk.core import Changes, InvalidInput
from coopdesk.domain.rules import MemberInput
from coopdesk.gui.kit.tasks import TaskRunner

from .conftest import wait_idle


def test_work_runs_on_the_worker_and_the_answer_arrives_on_the_gui_thread(qtbot, runner):
    threads = {}

    def count_members(book):
        threads["work"] = threading.current_thread()
        return book.members.count()

    def done(n):
        threads["done"] = threading.current_thread()
        threads["n"] = n

    with qtbot.waitSignal(runner.idle, timeout=20_000):
        runner.run(count_members, done)
    assert threads["n"] == 3
    assert threads["done"] is threading.main_thread()
    assert threads["work"] is not threading.main_thread()
    assert not runner.busy


def test_problems_go_to_on_error_and_nothing_is_saved(qtbot, runner):
    refused = []
    bad = MemberInput("S009", "1234", "Ana", "Ccahua Pari", "F", "LP", "organico", date(2022, 5, 2))
    runner.mutate(lambda book: book.members.add(bad), lambda changes: refused.append("saved"), refused.append)
    wait_idle(qtbot, runner)
    assert isinstance(refused[0], InvalidInput)
    assert [p.field for p in refused[0].problems] == ["dni"]
    assert runner.book.members.count() == 3


def test_a_mutation_announces_what_changed(qtbot, runner):
    new = MemberInput("S004", "44567890", "Ana", "Ccahua Pari", "F", "TB", "organico", date(2022, 5, 2))
    with qtbot.waitSignal(runner.changed, timeout=20_000) as announced:
        runner.mutate(lambda book: book.members.add(new))
    changes = announced.args[0]
    assert isinstance(changes, Changes)
    assert changes.members == (runner.book.members.get("S004").id,)


def test_long_work_reports_its_progress_on_the_gui_thread(qtbot, runner):
    seen, finished = [], []

    def long_work(book, task):
        for done in range(1, 4):
            task.report(done, 3)
        return "listo"

    runner.run(long_work, finished.append, progress=lambda done, total: seen.append((done, total)))
    wait_idle(qtbot, runner)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert finished == ["listo"]


def test_cancelled_work_stops_at_its_next_check_and_its_result_is_dropped(qtbot, runner):
    finished, steps = [], []
    started, release = threading.Event(), threading.Event()

    def long_work(book, task):
        started.set()
        release.wait(5)
        for done in range(1, 4):
            task.report(done, 3)  # raises Cancelled at the first report
            steps.append(done)
        return "should not arrive"

    task = runner.run(long_work, finished.append, progress=lambda done, total: None)
    assert started.wait(5)
    task.cancel()
    release.set()
    wait_idle(qtbot, runner)
    assert finished == [] and steps == []


def test_a_bug_in_the_work_reaches_the_excepthook_not_a_crash(qtbot, runner, monkeypatch):
    caught = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: caught.append(exc))
    runner.run(lambda book: 1 / 0, lambda result: None)
    wait_idle(qtbot, runner)
    assert isinstance(caught[0], ZeroDivisionError)
    assert not runner.busy


def test_closing_the_runner_closes_its_book(qtbot, db):
    from coopdesk.core import Book

    runner = TaskRunner(Book.open(str(db)))
    runner.close()
    assert runner.book is None
    runner.close()  # twice is harmless
