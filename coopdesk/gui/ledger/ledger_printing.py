"""Printing the books from the Contabilidad screen: the contador chooses where
the PDF goes (Documents/coopdesk/Contabilidad by default), the book is read and
rendered on the worker, then opened with the system's viewer.

``choose_pdf`` is looked up at call time, so tests replace it (no modal file
dialog), as they replace ``printing.open_file``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from coopdesk.gui.kit import printing
from coopdesk.gui.kit.tasks import Task, TaskRunner
from coopdesk.i18n import _

JOURNAL, MAYOR, TRIAL, INCOME, SHEET, MEMBERS = "diario", "mayor", "balance", "resultados", "situacion", "socios"
WORKSHEET = "hoja-trabajo"  # printed A4 across (reports/worksheet_pdf.py)


def books_folder() -> Path:
    """Documents/coopdesk/Contabilidad, beside the estados de cuenta."""
    return printing.statements_folder().parent / _("Contabilidad")


def choose_pdf(parent: QWidget, suggested: Path) -> str:
    """Where to save the PDF ('' if cancelled); replaced in tests."""
    return QFileDialog.getSaveFileName(parent, _("Guardar el PDF"), str(suggested), _("Documentos PDF (*.pdf)"))[0]


@dataclass(frozen=True)
class BookRequest:
    """Which book to print, with the screen's filter: the Diario or the Mayor
    of ``accounts`` from ``start`` to ``end``; the Balance de comprobación to
    ``end``; the Estado de resultados of ``year``; the situación on ``end``;
    the Cuentas de socios of the member account ``accounts[0]`` on ``end``."""

    kind: str
    start: date | None = None
    end: date | None = None
    accounts: tuple[str, ...] = ()
    year: int = 0

    def filename(self, today: date) -> str:
        from coopdesk.reports import ledger_pdf  # ReportLab loads only when printing

        if self.kind == JOURNAL:
            return ledger_pdf.journal_filename(self.start, self.end)
        if self.kind == MAYOR:
            return ledger_pdf.mayor_filename(self.accounts, self.start, self.end)
        if self.kind == TRIAL:
            return ledger_pdf.trial_balance_filename(self.start, self.end)
        if self.kind == INCOME:
            return ledger_pdf.income_statement_filename(self.year)
        if self.kind == MEMBERS:
            return ledger_pdf.member_ledger_filename(self.accounts[0], self.end or today)
        if self.kind == WORKSHEET:
            from coopdesk.reports.worksheet_pdf import worksheet_filename

            end = self.end or today
            return worksheet_filename(self.start or date(end.year, 1, 1), end)
        return ledger_pdf.balance_sheet_filename(self.end or today)

    def label(self) -> str:
        return {
            JOURNAL: _("Preparando el Libro Diario…"),
            MAYOR: _("Preparando el Libro Mayor…"),
            TRIAL: _("Preparando el Balance de comprobación…"),
            INCOME: _("Preparando el Estado de resultados…"),
            SHEET: _("Preparando el Estado de situación financiera…"),
            MEMBERS: _("Preparando las Cuentas de socios…"),
            WORKSHEET: _("Preparando la hoja de trabajo…"),
        }[self.kind]

    def view(self, book, printed_on: date):
        """On the worker: the book's data, as the strings to print."""
        from coopdesk.core import ledger_books as data
        from coopdesk.reports import ledger_view as views

        if self.kind == JOURNAL:
            return views.provisional_diario(
                views.journal_view(*data.printable_journal(book, self.start, self.end), self.start, self.end,
                                   printed_on), data.open_period(book, self.end or printed_on))
        if self.kind == MAYOR:
            parts, cooperative = data.printable_mayor(book, self.accounts, self.start, self.end)
            return views.mayor_view(parts, cooperative, self.start, self.end, printed_on)
        if self.kind == TRIAL:
            return views.provisional(
                views.trial_balance_view(*data.printable_trial_balance(book, self.end, self.start), self.start,
                                         self.end, printed_on), data.open_period(book, self.end or printed_on))
        if self.kind == INCOME:
            return views.provisional(
                views.income_statement_view(*data.printable_income_statement(book, self.year), self.year, None,
                                            printed_on), data.open_period(book, date(self.year, 12, 31)))
        day = self.end or printed_on
        if self.kind == WORKSHEET:
            sheet, cooperative, start = data.printable_worksheet(book, day, self.start)
            return views.provisional(views.worksheet_view(sheet, cooperative, start, day, printed_on),
                                     data.open_period(book, day))
        if self.kind == MEMBERS:
            return views.member_ledger_view(*data.printable_member_ledger(book, self.accounts[0], day), day,
                                            printed_on)
        return views.provisional(views.balance_sheet_view(*data.printable_balance_sheet(book, day), day, printed_on),
                                 data.open_period(book, day))


def print_book(parent: QWidget, runner: TaskRunner, request: BookRequest,
               on_finish: Callable[[str | None], None] | None = None) -> Task | None:
    """Ask where to save ``request``'s PDF, write it on the worker and open it.
    None (and nothing written) if the contador cancels; ``on_finish(path or
    None)`` is called however it ends, a cancel included."""
    folder = books_folder()
    chosen = choose_pdf(parent, folder / request.filename(runner.today()))
    if not chosen:
        if on_finish is not None:
            on_finish(None)
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    outcome: list[str] = []

    def work(book) -> str:
        from coopdesk.reports.ledger_pdf import render_ledger_book
        from coopdesk.reports.worksheet_pdf import render_worksheet

        view = request.view(book, book.clock.today())
        path.parent.mkdir(parents=True, exist_ok=True)
        (render_worksheet if request.kind == WORKSHEET else render_ledger_book)(view, str(path))
        return str(path)

    def done(written: str) -> None:
        outcome.append(written)
        printing.show_pdf(written, parent)

    def finish() -> None:
        if on_finish is not None:
            on_finish(outcome[0] if outcome else None)

    return runner.run(work, done, after=finish, label=request.label(), owner=parent)


# -- the monthly «cierre» (docs/security.md, «La cabeza del registro en papel») ----------------------


def cierre_months(periods, today: date) -> list[tuple[int, int]]:
    """The months to offer, newest first: each period with entries and this month."""
    months = {(p.year, p.month) for p in periods} | {(today.year, today.month)}
    return sorted(months, reverse=True)


def choose_month(parent: QWidget, months: list[tuple[int, int]], suggested: int) -> tuple[int, int] | None:
    """Which month's «cierre» to print (None if cancelled); replaced in tests."""
    from PySide6.QtWidgets import QInputDialog

    from coopdesk.gui.ledger.ledger_dialogs import period_name

    names = [period_name(m) for m in months]
    chosen, accepted = QInputDialog.getItem(parent, _("Cierre del mes"), _("Mes:"), names, suggested, False)
    return months[names.index(chosen)] if accepted and chosen in names else None


def print_cierre(parent: QWidget, runner: TaskRunner, periods, on_finish: Callable[[object], None]) -> Task | None:
    """Ask the month and where to save its «cierre», print it on the worker
    (recording the audit trail's head it carries) and open it; ``on_finish(the
    MonthClose or None)`` however it ends. None if the person cancels."""
    from coopdesk.reports.cierre_view import cierre_filename

    today = runner.today()
    months = cierre_months(periods, today)
    previous = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    month = choose_month(parent, months, months.index(previous) if previous in months else 0)
    if month is None:
        return None
    chosen = choose_pdf(parent, books_folder() / cierre_filename(*month))
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    outcome: list[object] = []

    def work(book):
        from coopdesk.reports.cierre_view import cierre_view
        from coopdesk.reports.ledger_pdf import render_ledger_book

        path.parent.mkdir(parents=True, exist_ok=True)
        return book.cierres.print(f"{month[0]:04d}-{month[1]:02d}",
                                  lambda data: render_ledger_book(cierre_view(data), str(path)))

    def done(data) -> None:
        outcome.append(data)
        printing.show_pdf(str(path), parent)

    return runner.run(work, done, after=lambda: on_finish(outcome[0] if outcome else None),
                      label=_("Preparando el cierre del mes…"), owner=parent)
