"""The one worker thread on which all database work runs (Anki's CollectionOp/QueryOp).

``TaskRunner`` owns a single ``QThread`` and the open ``Book``. ``run(fn, on_done)``
calls ``fn(book)`` on the worker and ``on_done(result)`` on the GUI thread, through
a queued signal, so the window never waits for the database. ``mutate`` does the
same for changes and then announces the ``Changes`` on ``changed`` so each screen
refreshes only what concerns it.

Errors: ``InvalidInput`` and ``BookError`` (problems a person can fix) go to
``on_error`` or to a Spanish message box listing every problem; anything else is
a bug and goes to ``sys.excepthook`` (the "Ocurrió un error inesperado" dialog).

Long work asks for ``progress=``: then ``fn(book, task)`` may call
``task.report(done, total)`` and ``task.check_cancelled()``; ``task.cancel()``
from the GUI makes the next check raise ``Cancelled`` and the result is dropped.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from coopdesk.core.dto import Changes
from coopdesk.core.errors import BookError, InvalidInput

if TYPE_CHECKING:  # the book (and SQLAlchemy) loads on the worker, after the window is drawn
    from coopdesk.core import Book
from coopdesk.core.clock import default_clock
from coopdesk.i18n import N_


class Cancelled(Exception):
    """Raised inside a task by ``check_cancelled`` after ``cancel()``."""


@dataclass(eq=False)
class Task:
    fn: Callable[..., Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], None] | None
    progress: Callable[[int, int], None] | None
    label: str | None
    announce: bool = False
    after: Callable[[], None] | None = None
    owner: QObject | None = None  # results are dropped once Qt has deleted it (a closed dialog)
    _cancel: threading.Event = field(default_factory=threading.Event)
    _report: Callable[[int, int], None] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def orphaned(self) -> bool:
        """Whoever asked for this result is gone: do not call back into it."""
        return self.owner is not None and not shiboken6.isValid(self.owner)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int) -> None:
        """Called on the worker; the GUI's ``progress`` callback runs later."""
        self.check_cancelled()
        if self._report is not None:
            self._report(done, total)


class _Worker(QObject):
    finished = Signal(object, object)
    failed = Signal(object, object)
    progressed = Signal(object, int, int)

    def __init__(self, book: Book | None):
        super().__init__()
        self.book = book

    @Slot(object)
    def execute(self, task: Task) -> None:
        try:
            if task.progress is not None:
                task._report = lambda done, total: self.progressed.emit(task, done, total)
                result = task.fn(self.book, task)
            else:
                result = task.fn(self.book)
        except BaseException as exc:  # noqa: BLE001 - every failure is handed to the GUI thread
            self.failed.emit(task, exc)
        else:
            self.finished.emit(task, result)


class TaskRunner(QObject):
    """Runs database work on one background thread; callbacks come back on the GUI thread."""

    _submit = Signal(object)
    changed = Signal(object)  # Changes, after a successful mutate()
    book_opened = Signal(object)  # the new Book, after open_book()
    task_started = Signal(str)  # label of a labelled (long) task
    task_finished = Signal(str)
    idle = Signal()

    def __init__(self, book: Book | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("coopdesk-database")
        self._worker = _Worker(book)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._worker.progressed.connect(self._progressed)
        self._pending = 0
        self._closed = False
        self.error_parent = None  # widget for default message boxes
        self._thread.start()

    # -- public ---------------------------------------------------------------

    @property
    def book(self) -> Book | None:
        return self._worker.book

    def today(self) -> date:
        """What today is for the open book: its clock (the machine's date, or
        COOPDESK_TODAY), so a dialog's default date is the core's today too."""
        book = self._worker.book
        return (book.clock if book is not None else default_clock()).today()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        label: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        after: Callable[[], None] | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Run ``fn(book)`` (or ``fn(book, task)`` with ``progress``) on the worker.

        ``after()`` runs on the GUI thread once the task is over, however it ended.
        With an ``owner`` (the widget whose callbacks these are), nothing is called
        back once Qt has deleted it."""
        return self._start(Task(fn, on_done, on_error, progress, label, after=after, owner=owner))

    def mutate(
        self,
        fn: Callable[[Book], Changes],
        on_done: Callable[[Changes], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        label: str | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Like ``run`` for a change; its ``Changes`` are then announced on ``changed``."""
        return self._start(Task(fn, on_done, on_error, None, label, announce=True, owner=owner))

    def open_book(
        self,
        opener: Callable[..., Book],
        on_done: Callable[[Book], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        label: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Open (or create) a book on the worker with ``opener()`` and make it the
        runner's book, closing the previous one; ``book_opened`` is emitted."""
        worker = self._worker

        def swap(_old, *task):
            book = opener(*task)
            previous, worker.book = worker.book, book
            if previous is not None and previous is not book:
                previous.close()
            return book

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def opened(book: Book) -> None:  # the book is the runner's now, even if the asker is gone
            self.book_opened.emit(book)
            if on_done is not None and alive():
                on_done(book)

        def refused(exc: Exception) -> None:
            if on_error is not None and alive():
                on_error(exc)

        return self._start(Task(swap, opened, refused, progress, label))

    def close(self) -> None:
        """Stop the thread (after the task in course) and close the book.

        Work still queued is dropped: this is for leaving the application.
        """
        if self._closed:
            return
        self._closed = True
        self._thread.quit()
        self._thread.wait()
        book, self._worker.book = self._worker.book, None
        if book is not None:
            book.close()  # the worker has stopped: no other thread uses the book now

    # -- GUI-thread side ------------------------------------------------------

    def _start(self, task: Task) -> Task:
        if self._closed:
            task.cancel()  # the application is closing: late work (a timer's) is dropped
            return task
        self._pending += 1
        if task.label:
            self.task_started.emit(task.label)
        self._submit.emit(task)
        return task

    @Slot(object, int, int)
    def _progressed(self, task: Task, done: int, total: int) -> None:
        if task.progress is not None and not task.cancelled:
            task.progress(done, total)

    @Slot(object, object)
    def _finished(self, task: Task, result: Any) -> None:
        try:
            if not task.cancelled and not task.orphaned:
                if task.on_done is not None:
                    task.on_done(result)
                if task.announce and isinstance(result, Changes):
                    self.changed.emit(result)
        finally:
            self._end(task)

    @Slot(object, object)
    def _failed(self, task: Task, exc: BaseException) -> None:
        try:
            if isinstance(exc, Cancelled):
                pass
            elif isinstance(exc, (InvalidInput, BookError)):
                if task.orphaned:
                    pass
                elif task.on_error is not None:
                    task.on_error(exc)
                else:
                    from coopdesk.gui.kit.errors import show_problems

                    show_problems(self.error_parent, exc.problems)
            else:
                sys.excepthook(type(exc), exc, exc.__traceback__)  # the error dialog, and the log
                if task.on_error is not None and not task.orphaned:
                    # let the screen that waited recover (re-enable its buttons, show the welcome)
                    task.on_error(BookError(N_("La operación no se completó por un error inesperado.")))
        finally:
            self._end(task)

    def _end(self, task: Task) -> None:
        self._pending -= 1
        try:
            if task.after is not None:
                task.after()
        finally:
            if task.label:
                self.task_finished.emit(task.label)
            if self._pending == 0:
                self.idle.emit()
