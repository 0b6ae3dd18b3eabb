"""«Asamblea trimestral»: the quarter, the agenda as the board types it, and up
to two saved distributions to compare as criteria proposals; «Guardar la
carpeta» writes the pack's PDF (what ``coopdesk assembly-pack`` writes) and
«Presentar» shows its figures on the projector (``ProjectorDialog``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _

SLIDE_TITLE_PT = 40
SLIDE_LINE_PT = 28


def assembly_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or tempfile.gettempdir()) / "coopdesk" / _("Asambleas")


def assembly_pack_view(book, year: int, quarter: int, agenda: tuple[str, ...], runs: tuple[int, ...]):
    """On the worker: the pack's view (``reports.assembly_view``) with the saved runs as proposals."""
    from coopdesk.reports.assembly_view import Proposal, assembly_view

    data = book.bulletin.quarter(year, quarter)
    named = []
    for number in runs:
        stored = book.distributions.stored(number)
        named.append((stored.row.name or _("N.º %(number)s") % {"number": number}, stored.result))
    summaries, comparison = book.bulletin.proposals(named) if named else ([], None)
    return assembly_view(data, book.cooperative, book.clock.today(), agenda,
                         tuple(Proposal(n, s) for n, s in summaries), comparison)


class ProjectorDialog(QDialog):
    """The pack's figures, one slide at a time in large type, full screen: → or
    space for the next, ← for the previous, Esc to close."""

    def __init__(self, parent: QWidget | None, view):
        super().__init__(parent)
        self.setWindowTitle(view.pdf_title)
        self.setStyleSheet("background: #111; color: #f5f5f5;")
        self.stack = QStackedWidget()
        self.slides: list[tuple[QLabel, list[QLabel]]] = []
        for slide in view.slides:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(60, 40, 60, 40)
            title = QLabel(slide.title)
            title.setStyleSheet(f"font-size: {SLIDE_TITLE_PT}pt; font-weight: bold; color: #ffd27f;")
            title.setWordWrap(True)
            layout.addWidget(title)
            lines = []
            for text in slide.lines:
                line = QLabel(text)
                line.setTextFormat(Qt.TextFormat.PlainText)
                line.setWordWrap(True)
                line.setStyleSheet(f"font-size: {SLIDE_LINE_PT}pt;")
                layout.addWidget(line)
                lines.append(line)
            layout.addStretch(1)
            self.stack.addWidget(page)
            self.slides.append((title, lines))
        self.counter = QLabel()
        self.counter.setStyleSheet("font-size: 14pt; color: #bbb;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight)
        for key, step in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_Space, 1), (Qt.Key.Key_PageDown, 1),
                          (Qt.Key.Key_Left, -1), (Qt.Key.Key_PageUp, -1)):
            QShortcut(QKeySequence(key), self, activated=lambda step=step: self.go(step))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.accept)
        self.go(0)

    def go(self, step: int) -> None:
        index = min(max(self.stack.currentIndex() + step, 0), self.stack.count() - 1)
        self.stack.setCurrentIndex(index)
        self.counter.setText(_("%(n)s de %(total)s  (← →, Esc para salir)") % {"n": index + 1,
                                                                               "total": self.stack.count()})

    @classmethod
    def present(cls, parent: QWidget | None, view, full_screen: bool = True) -> "ProjectorDialog":
        dialog = cls(parent, view)
        dialog.showFullScreen() if full_screen else dialog.show()
        return dialog


class AssemblyDialog(QDialog):
    def __init__(self, parent: QWidget | None, runner: TaskRunner, year: int, quarter: int,
                 runs: list[tuple[int, str]] = ()):
        super().__init__(parent)
        self.runner = runner
        self.view = None
        self.projector: ProjectorDialog | None = None
        self.written: str | None = None
        self.setWindowTitle(_("Asamblea trimestral"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.quarter = QComboBox()
        for n in range(1, 5):
            self.quarter.addItem(_("%(n)s.º trimestre") % {"n": n}, n)
        self.quarter.setCurrentIndex(quarter - 1)
        self.agenda = QPlainTextEdit()
        self.agenda.setPlaceholderText(_("Un punto de la agenda por línea"))
        self.proposals = []
        for _i in range(2):
            box = QComboBox()
            box.addItem(_("(ninguna)"), None)
            for number, name in runs:
                box.addItem(_("N.º %(number)s – %(name)s") % {"number": number, "name": name}, number)
            self.proposals.append(box)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.quarter)
        row.addWidget(self.year)
        form.addRow(_("Trimestre"), row)
        form.addRow(_("Agenda"), self.agenda)
        form.addRow(_("Propuesta A"), self.proposals[0])
        form.addRow(_("Propuesta B"), self.proposals[1])
        self.note = QLabel(_("Las propuestas son distribuciones guardadas (simuladas) con criterios distintos."))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))  # never Qt's English «Close»
        self.save_button = QPushButton(_("Guardar la carpeta (PDF)"))
        self.present_button = QPushButton(_("Presentar en el proyector"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.present_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.present_button.clicked.connect(self.present)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def _chosen(self):
        agenda = tuple(line.strip() for line in self.agenda.toPlainText().splitlines() if line.strip())
        runs = tuple(dict.fromkeys(b.currentData() for b in self.proposals if b.currentData() is not None))
        return self.year.value(), self.quarter.currentData(), agenda, runs

    def save(self) -> None:
        from coopdesk.gui.kit import printing

        year, quarter, agenda, runs = self._chosen()
        folder = assembly_folder()

        def work(book) -> str:
            from coopdesk.reports.assembly_pdf import render_assembly  # ReportLab, only to print

            view = assembly_pack_view(book, year, quarter, agenda, runs)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"asamblea-{year:04d}-T{quarter}.pdf"
            render_assembly(view, path)
            return str(path)

        def done(path: str) -> None:
            self.written = path
            self.note.setText(_("Carpeta en PDF: %(file)s") % {"file": path})
            printing.show_pdf(path, self)

        self.runner.run(work, done, label=_("Preparando la carpeta de la asamblea…"), owner=self)

    def present(self, full_screen: bool = True) -> None:
        year, quarter, agenda, runs = self._chosen()

        def show(view) -> None:
            self.view = view
            self.projector = ProjectorDialog.present(self, view, full_screen)

        self.runner.run(lambda book: assembly_pack_view(book, year, quarter, agenda, runs), show, owner=self)

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner) -> None:
        """Opens on the quarter of today, with the saved distributions to choose from."""

        def show(found) -> None:
            today, runs = found
            dialog = cls(parent, runner, today.year, (today.month - 1) // 3 + 1, runs)
            dialog.open()

        runner.run(lambda book: (book.clock.today(), [(r.number, r.name) for r in book.distributions.runs()]),
                   show)
