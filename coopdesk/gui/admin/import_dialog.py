"""Importar…: the treasurer's spreadsheet (CSV or XLSX) into the book.

The treasurer picks what the file holds and the file, and presses «Revisar»:
the core checks every row on the worker without writing anything
(``book.imports.<kind>(path, dry_run=True)``) and the dialog lists every
problem with its row and column, or says what would be added and which rows
are already in the book. «Importar» is enabled only after a clean review of
that same file and kind, and only while neither changes; the import then runs
on the worker through ``runner.mutate`` (the core checks everything again and
writes all the rows or none), so the screens refresh. A file saved again
after its review must be reviewed again.

A file whose rows are right but whose import would leave Caja or a bank below
zero (the advances of imported tickets, movements paid in cash:
``core.cash_guard``) is reviewed with that refusal shown, and «Importar» stays
enabled: pressing it asks «¿Registrar de todos modos?» with the account and its
balance, as every form does (``gui/negative_cash.py``). «Revisar» there writes
nothing; a reason imports the file with it, and the reason is recorded with each
entry that overdraws (the CLI's ``--confirmar-saldo-negativo``). An import
refused so at the moment it is written asks the same.

A file that cannot be read (a Word document, a damaged or locked file) shows
a sentence in Spanish, never a traceback. The file chooser is
``choose_import_file``, looked up at call time so tests replace it.

What can be imported is ``IMPORTS``: one line per kind, its label and the
name of its method on ``book.imports``.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree
import zipfile
import zlib
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import BookError, Changes
from coopdesk.core.cash_guard import is_negative_cash
from coopdesk.core.imports import COLUMNS, ImportReport
from coopdesk.domain.problems import Problem
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.gui.kit.negative_cash import ask_reason
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n.transfers import summary
from coopdesk.i18n import N_, _, describe, ngettext
from coopdesk.i18n.formatting import format_number

# What can be imported: (label, method of book.imports). A new kind is one line more.
IMPORTS: tuple[tuple[str, str], ...] = (
    (N_("Socios"), "members"),
    (N_("Entregas"), "deliveries"),
    (N_("Movimientos de cuenta"), "movements"),
    (N_("Asistencia"), "attendance"),
    (N_("Precios de adelanto"), "prices"),
    (N_("Plan de cuentas"), "accounts"),
)

SHEET_PATTERNS = "*.xlsx *.xlsm *.csv *.txt *.tsv"
FOLDER_KEY = "import/folder"
SHOWN_PROBLEMS = 500  # a file read with the wrong decimal mark can have a problem on every row
OK_COLOR = "#1b5e20"
NOTE_STYLE = "color: #4a4a4a;"
ROW, COLUMN, REASON = range(3)

# What goes wrong reading a file that is not a spreadsheet, or a damaged or locked one.
UNREADABLE = (OSError, UnicodeError, zipfile.BadZipFile, zlib.error, EOFError, xml.etree.ElementTree.ParseError)


# -- files and folders ---------------------------------------------------------------


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or ""


def last_folder(key: str) -> str:
    """The folder the treasurer last took a file from (or saved one to), else Documents."""
    value = QSettings().value(key, "")
    return value if isinstance(value, str) and value and os.path.isdir(value) else documents_folder()


def remember_folder(key: str, path: str) -> None:
    QSettings().setValue(key, str(Path(path).parent))


def choose_import_file(parent: QWidget | None, folder: str) -> str | None:
    """Ask for the spreadsheet to import (replaced in tests)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Elegir el archivo a importar"), folder,
        _("Hojas de cálculo (%(patterns)s)") % {"patterns": SHEET_PATTERNS} + ";;" + _("Todos los archivos (*)"),
    )
    return path or None


def unreadable(path: str, exc: BaseException) -> BookError:
    """What the treasurer reads when a file cannot be opened or is not a spreadsheet."""
    name = Path(path).name or path
    if isinstance(exc, PermissionError):
        return BookError(N_("No se puede abrir el archivo %(file)s: está abierto en otro programa o no tiene "
                            "permiso para leerlo. Ciérrelo e inténtelo de nuevo."), file=name)
    return BookError(N_("No se pudo leer el archivo %(file)s: no es una hoja de cálculo .xlsx ni un archivo .csv, "
                        "o está dañado. Ábralo en su hoja de cálculo y guárdelo como .xlsx o .csv."), file=name)


def _stamp(path: str) -> tuple[int, int] | None:
    """When the file was last saved, and its size: a file saved again must be reviewed again."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def read_file(book, method: str, path: str, dry_run: bool) -> ImportReport:
    """On the worker: ``book.imports.<method>(path)``, a file that cannot be read
    turned into a ``BookError`` in Spanish (anything else is a bug, and is raised)."""
    try:
        return getattr(book.imports, method)(path, dry_run=dry_run)
    except BookError:
        raise
    except UNREADABLE as exc:
        raise unreadable(path, exc) from exc
    except Exception as exc:
        if type(exc).__module__.startswith("openpyxl"):  # InvalidFileException: a .docx, a .pdf…
            raise unreadable(path, exc) from exc
        raise


# -- what the report says --------------------------------------------------------------


def column_titles(method: str) -> str:
    """The titles coopdesk recognises for a kind, as a file should carry them."""
    return ", ".join(column.header for column in COLUMNS.get(method, ()))


# -- the dialog ----------------------------------------------------------------------


class ImportDialog(QDialog):
    """``ImportDialog.ask(parent, runner)`` -> the ``ImportReport`` of what was imported, or None."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.runner = runner
        self.imported: ImportReport | None = None  # the last import written
        self.report: ImportReport | None = None  # the last report shown (review or import)
        self._reviewed: tuple[str, str, tuple[int, int] | None] | None = None  # (kind, path, stamp) clean
        self._reviewing: tuple[str, str] | None = None
        self._importing = False
        self._cash_problems: list[Problem] | None = None  # the review found Caja or a bank would go below zero
        self.setWindowTitle(_("Importar desde una hoja de cálculo"))

        intro = QLabel(_("Elija qué va a importar y el archivo, y pulse «Revisar»: coopdesk revisa cada fila sin "
                         "guardar nada y le muestra cada problema con su fila y su columna. Cuando el archivo no tenga "
                         "problemas podrá importarlo: se guardan todas las filas o ninguna."))
        intro.setWordWrap(True)

        self.kind = QComboBox()
        for label, method in IMPORTS:
            self.kind.addItem(_(label), method)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.path = QLineEdit()
        self.path.setPlaceholderText(_("Un archivo .xlsx o .csv"))
        self.path.setClearButtonEnabled(True)
        self.choose_button = QPushButton(_("Elegir archivo…"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        self.columns = QLabel()
        self.columns.setWordWrap(True)
        self.columns.setStyleSheet(NOTE_STYLE)
        self.columns.setTextFormat(Qt.TextFormat.PlainText)
        file_box = QWidget()
        file_column = QVBoxLayout(file_box)
        file_column.setContentsMargins(0, 0, 0, 0)
        file_column.setSpacing(4)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose_button)
        file_column.addLayout(file_row)
        file_column.addWidget(self.columns)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(_("Qué importar:"), self.kind)
        form.addRow(_("Archivo:"), file_box)

        self.review_button = QPushButton(_("Revisar"))
        self.review_button.setAutoDefault(False)
        self.review_button.setDefault(True)
        self.review_button.clicked.connect(self.review)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)  # file names and cells are the user's text
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignTop)
        review_row.addWidget(self.result, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()

        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels([_("Fila"), _("Columna"), _("Motivo")])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setAlternatingRowColors(True)
        self.problems.setWordWrap(True)
        self.problems.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(ROW, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.problems.fontMetrics()
        header.resizeSection(ROW, max(metrics.horizontalAdvance("00,000"),
                                      header.fontMetrics().horizontalAdvance(_("Fila"))) + 24)
        header.resizeSection(COLUMN, metrics.horizontalAdvance("Fecha de ingreso") + 24)
        self.problems.horizontalHeaderItem(ROW).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problems.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.hide()

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_("Importar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.import_button, self.close_button):
            button.setAutoDefault(False)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addLayout(review_row)
        layout.addWidget(self.note)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self._selection_changed)
        self.path.textChanged.connect(self._selection_changed)
        self.setMinimumWidth(760)
        self.resize(900, 380)
        self._selection_changed()

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner) -> ImportReport | None:
        dialog = cls(parent, runner)
        try:
            dialog.exec()
            return dialog.imported
        finally:
            dialog.deleteLater()

    # -- the choice ------------------------------------------------------------------

    def method(self) -> str:
        return self.kind.currentData()

    def file(self) -> str:
        return self.path.text().strip()

    def set_kind(self, method: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(method))

    def choose_file(self) -> None:
        current = self.file()
        folder = str(Path(current).parent) if current else last_folder(FOLDER_KEY)
        path = choose_import_file(self, folder)
        if path:
            remember_folder(FOLDER_KEY, path)
            self.path.setText(os.path.normpath(path))

    def _selection_changed(self) -> None:
        """Another kind or file: what was reviewed no longer holds."""
        titles = column_titles(self.method())
        self.columns.setText(_("Títulos de columna que reconoce: %(columns)s.") % {"columns": titles}
                             if titles else "")
        self._reviewed = None
        self._cash_problems = None
        self.report = None
        self._show_result("", None)
        self.note.hide()
        self.problems.setRowCount(0)
        self.problems.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._reviewing is not None or self._importing
        self.review_button.setEnabled(bool(self.file()) and not busy)
        self.import_button.setEnabled(self._reviewed is not None and not busy)
        self.close_button.setEnabled(not self._importing)
        self.kind.setEnabled(not self._importing)
        self.path.setEnabled(not self._importing)
        self.choose_button.setEnabled(not self._importing)

    # -- reviewing -------------------------------------------------------------------

    def review(self) -> None:
        """Check the file on the worker, writing nothing."""
        path, method = self.file(), self.method()
        if not path or self._reviewing is not None or self._importing:
            return
        self._reviewing = (method, path)
        self._reviewed = None
        self._show_result(_("Revisando %(file)s…") % {"file": Path(path).name}, None)
        self._update_buttons()
        # no ``after=``: it would be called even once the dialog is closed and deleted
        self.runner.run(lambda book: (_stamp(path), read_file(book, method, path, dry_run=True)),
                        lambda done: self._reviewed_file(method, path, *done),
                        lambda exc: self._review_failed(method, path, exc),
                        label=_("Revisando el archivo…"), owner=self)

    def _review_over(self) -> None:
        self._reviewing = None
        self._update_buttons()

    def _review_failed(self, method: str, path: str, exc: Exception) -> None:
        self._review_over()
        self._failed(method, path, exc)
        if is_negative_cash(exc) and self._current(method, path):
            # every row is right; only Caja or a bank would go below zero: importable with a reason
            self._reviewed, self._cash_problems = (method, path, _stamp(path)), list(exc.problems)
            self._show_result(self.result.text() + " " + _("Puede importarlo de todos modos, diciendo por qué: "
                                                           "pulse «Importar»."), ERROR_COLOR)
            self._update_buttons()

    def _current(self, method: str, path: str) -> bool:
        return (method, path) == (self.method(), self.file())

    def _reviewed_file(self, method: str, path: str, stamp, report: ImportReport) -> None:
        self._review_over()
        if not self._current(method, path):
            return  # the treasurer chose another file or kind meanwhile
        self._cash_problems = None
        self._show_report(method, report, dry_run=True)
        if report.ok and report.to_add:
            self._reviewed = (method, path, stamp)
            self._update_buttons()

    def _failed(self, method: str, path: str, exc: Exception) -> None:
        if not self._current(method, path):
            return
        self._reviewed = None
        self.report = None
        self.note.hide()
        self.problems.setRowCount(0)
        self.problems.hide()
        problems = getattr(exc, "problems", ())
        self._show_result(" ".join(describe(p) for p in problems), ERROR_COLOR)

    # -- importing -------------------------------------------------------------------

    def commit(self) -> None:
        """Import what was reviewed: the core checks it all again and writes every row or none."""
        if self._reviewed is None or self._importing or self._reviewing is not None:
            return
        method, path, stamp = self._reviewed
        if not self._current(method, path):
            return
        reason = None
        if self._cash_problems:
            reason = self.confirm_negative_cash(self._cash_problems)
            if not reason:
                return  # «Revisar»: nothing written, the refusal still shown
        written: list[ImportReport] = []

        def work(book) -> Changes:
            if _stamp(path) != stamp:
                raise BookError(N_("El archivo %(file)s se guardó de nuevo después de revisarlo: pulse «Revisar» "
                                   "otra vez."), file=Path(path).name)
            if reason:
                with book.cash.confirmed(reason):
                    report = read_file(book, method, path, dry_run=False)
            else:
                report = read_file(book, method, path, dry_run=False)
            written.append(report)
            # Many rows of any kind: every screen reads its list again.
            return Changes(reference=True) if report.written else Changes()

        self._importing = True
        self._reviewed = self._cash_problems = None
        self._show_result(_("Importando %(file)s…") % {"file": Path(path).name}, None)
        self._update_buttons()
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._import(work, method, path, written)

    def _import(self, work, method: str, path: str, written: list[ImportReport]) -> None:
        self.runner.mutate(work, lambda _changes: self._imported(method, written[-1]),
                           lambda exc: self._refused(exc, work, method, path, written),
                           label=_("Importando el archivo…"), owner=self)

    def confirm_negative_cash(self, problems: list[Problem]) -> str | None:
        """The core refused the import because Caja or a bank would go below zero: the
        reason to import it anyway, or None to review (replaced in tests)."""
        return ask_reason(self, problems)

    def _refused(self, exc: Exception, work, method: str, path: str, written: list[ImportReport]) -> None:
        if is_negative_cash(exc) and self._current(method, path):
            reason = self.confirm_negative_cash(list(exc.problems))
            if reason:
                def confirmed(book, reason=reason, work=work):
                    with book.cash.confirmed(reason):
                        return work(book)
                self._show_result(_("Importando %(file)s…") % {"file": Path(path).name}, None)
                self._import(confirmed, method, path, written)
                return
        self._failed_import(method, path, exc)

    def _imported(self, method: str, report: ImportReport) -> None:
        self._finish_import()
        self._show_report(method, report, dry_run=False)
        if report.written:
            self.imported = report

    def _finish_import(self) -> None:
        self._importing = False
        self.unsetCursor()
        self._update_buttons()

    def _failed_import(self, method: str, path: str, exc: Exception) -> None:
        self._finish_import()
        self._failed(method, path, exc)

    # -- showing ---------------------------------------------------------------------

    def _show_result(self, text: str, color: str | None) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")

    def _show_report(self, method: str, report: ImportReport, dry_run: bool) -> None:
        self.report = report
        notes = []
        if report.ignored_columns:
            notes.append(_("Columnas que no se importan: %(columns)s.") % {
                "columns": ", ".join(f"«{c}»" for c in report.ignored_columns)})
        if report.problems:
            n = len(report.problems)
            if dry_run:
                text = ngettext("El archivo tiene %(n)s problema. Corríjalo en su hoja de cálculo, guárdela y pulse "
                                "«Revisar» otra vez: no se importa nada mientras haya problemas.",
                                "El archivo tiene %(n)s problemas. Corríjalos en su hoja de cálculo, guárdela y "
                                "pulse «Revisar» otra vez: no se importa nada mientras haya problemas.", n)
            else:
                text = ngettext("No se importó nada: el archivo tiene %(n)s problema. Corríjalo y vuelva a "
                                "importarlo.",
                                "No se importó nada: el archivo tiene %(n)s problemas. Corríjalos y vuelva a "
                                "importarlo.", n)
            self._show_result(text % {"n": format_number(n)}, ERROR_COLOR)
            if n > SHOWN_PROBLEMS:
                notes.append(_("Se muestran los primeros %(shown)s problemas.") % {
                    "shown": format_number(SHOWN_PROBLEMS)})
        elif not report.rows:
            self._show_result(_("El archivo no tiene filas con datos: no hay nada que importar."), None)
        else:
            text = summary(report, dry_run)
            if dry_run and report.to_add:
                text += " " + _("No hay problemas: pulse «Importar» para guardar los datos.")
            elif dry_run:
                text += " " + _("Todo ya está registrado: no hay nada que importar.")
            self._show_result(text, OK_COLOR)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self._fill_problems(report)

    def _fill_problems(self, report: ImportReport) -> None:
        shown = report.problems[:SHOWN_PROBLEMS]
        table = self.problems
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fitting each row as it is filled takes seconds
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(0)
            table.setRowCount(len(shown))
            for i, problem in enumerate(shown):
                row = QTableWidgetItem(format_number(problem.row) if problem.row else "—")
                row.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                column = QTableWidgetItem(problem.column or "—")
                column.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                column.setToolTip(problem.column)
                reason = QTableWidgetItem(describe(problem.problem))
                reason.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                for j, item in enumerate((row, column, reason)):
                    table.setItem(i, j, item)
        finally:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # long reasons wrap
            table.setUpdatesEnabled(True)
        if shown:
            widest = max(table.fontMetrics().horizontalAdvance(p.column) for p in shown)
            header = table.horizontalHeader()
            header.resizeSection(COLUMN, min(max(header.sectionSize(COLUMN), widest + 24), 260))
            if not table.isVisible():
                self.resize(max(self.width(), 900), max(self.height(), 560))
        table.setVisible(bool(shown))

    # -- closing ---------------------------------------------------------------------

    def reject(self) -> None:
        if self._importing:
            return  # the import is being written: its changes must still be announced
        super().reject()
