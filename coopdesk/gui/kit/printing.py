"""Printing: every document is written as a PDF on the worker, then shown in
the print preview (``show_pdf``, ``gui/kit/preview.py``), whose «Imprimir» opens
the printer dialog. Here too: a member's estado de cuenta and an intake ticket.

``show_pdf`` and ``open_file`` are looked up at call time, so tests replace them
and never open a window or launch a viewer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from coopdesk.core.dto import DeliveryRow, MemberRow
from coopdesk.gui.kit.tasks import Task, TaskRunner
from coopdesk.i18n import _


def open_file(path: str) -> None:
    """Show a file with the program the system uses for it (the PDF viewer)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))


_previews: set = set()  # the previews open now (a preview with no parent must not be collected)


def show_pdf(path: str, parent: QWidget | None = None, title: str = ""):
    """Show the PDF at ``path`` in the print preview (Qt's), from which it is
    printed with the printer dialog or opened in the PDF viewer. Not modal: the
    screen stays usable. Returns the dialog."""
    from coopdesk.gui.kit.preview import PdfPreview

    dialog = PdfPreview(path, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _previews.add(dialog)
    dialog.finished.connect(lambda *_args: _previews.discard(dialog))
    dialog.show()
    return dialog


def statements_folder() -> Path:
    """Documents/coopdesk/Estados de cuenta, where the treasurer can find them again."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or tempfile.gettempdir()) / "coopdesk" / _("Estados de cuenta")


def print_member_statement(runner: TaskRunner, member: MemberRow,
                           on_finish: Callable[[str | None], None] | None = None) -> Task:
    """Issue the member's statement (it takes the next correlative number), write
    its PDF and open it. ``on_finish(path or None)`` is called however it ends."""
    folder = statements_folder()
    outcome: list[str] = []

    def work(book) -> str:
        # ReportLab loads only when printing
        from coopdesk.reports import render_member_statement, statement_filename

        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []

        def write(statement) -> None:  # inside the transaction: if it fails, the number is not used
            written.append(folder / statement_filename(statement))  # names the correlative: never overwrites
            render_member_statement(statement, str(written[0]))

        try:
            book.statements.member_statement(member.code, write=write)
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return str(written[0])

    def done(path: str) -> None:
        outcome.append(path)
        show_pdf(path)

    def finish() -> None:
        if on_finish is not None:
            on_finish(outcome[0] if outcome else None)

    return runner.run(
        work, done, after=finish,
        label=_("Preparando el estado de cuenta de %(name)s…") % {"name": member.sort_name},
    )


def receipts_folder() -> Path:
    """Documents/coopdesk/Tickets de acopio, next to the statements."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or tempfile.gettempdir()) / "coopdesk" / _("Tickets de acopio")


def print_delivery_receipt(runner: TaskRunner, delivery: DeliveryRow,
                           on_finish: Callable[[str | None], None] | None = None) -> Task:
    """Write the intake ticket of ``delivery`` as an A6 PDF and open it.
    ``on_finish(path or None)`` is called however it ends."""
    folder = receipts_folder()
    outcome: list[str] = []

    def work(book) -> str:
        from coopdesk.reports.receipt_pdf import receipt_filename, receipt_view, render_receipt

        row = book.deliveries.get(delivery.id)  # as it is now: voided since the list was read?
        view = receipt_view(row, book.cooperative, book.documents.receipt(row))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / receipt_filename(row.ticket)
        try:
            render_receipt(view, str(path), size="a6")
        except PermissionError:  # an earlier copy is open in a viewer that locks it (Windows)
            n = 2
            while (folder / f"{path.stem}-{n}.pdf").exists():
                n += 1
            path = folder / f"{path.stem}-{n}.pdf"
            render_receipt(view, str(path), size="a6")
        return str(path)

    def done(path: str) -> None:
        outcome.append(path)
        show_pdf(path)

    def finish() -> None:
        if on_finish is not None:
            on_finish(outcome[0] if outcome else None)

    return runner.run(work, done, after=finish,
                      label=_("Preparando el ticket %(ticket)s…") % {"ticket": delivery.ticket})
