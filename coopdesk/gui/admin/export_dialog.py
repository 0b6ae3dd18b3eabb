"""Exportar…: a list (socios, entregas, movimientos) to an XLSX or CSV file.

The treasurer picks the list and presses «Exportar…»: the save dialog asks
where (the format goes by the extension, .xlsx unless .csv is chosen), the
file is written on the worker (``book.exports.<kind>(path)``), and the dialog
says how many rows were written and offers to open the file. The columns
carry the titles «Importar…» reads, so an exported file imports back as it is.

The save dialog is ``choose_export_file``, looked up at call time so tests
replace it. What can be exported is ``EXPORTS``: one line per list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import BookError
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.kit import printing
from coopdesk.gui.kit.forms import ERROR_COLOR
from coopdesk.gui.admin.import_dialog import (
    NOTE_STYLE,
    OK_COLOR,
    last_folder,
    remember_folder,
)
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n.transfers import exported
from coopdesk.i18n import N_, _, describe

# What can be exported: (label, method of book.exports). A new list is one line more.
EXPORTS: tuple[tuple[str, str], ...] = (
    (N_("Socios"), "members"),
    (N_("Entregas"), "deliveries"),
    (N_("Movimientos de cuenta"), "movements"),
    (N_("Precios de adelanto"), "prices"),
    (N_("Plan de cuentas"), "accounts"),
    (N_("Libro Diario"), "journal"),
    (N_("Balance de comprobación"), "trial_balance"),
    (N_("Hoja de trabajo"), "worksheet"),
    (N_("Ventas"), "sales"),
    (N_("Gastos"), "expenses"),
)

FOLDER_KEY = "export/folder"
FORMATS = (".xlsx", ".csv")


def choose_export_file(parent: QWidget | None, suggested: str) -> str | None:
    """Ask where to save the list (replaced in tests); the path ends in .xlsx or .csv."""
    xlsx = _("Libro de Excel (*.xlsx)")
    csv = _("Texto separado por comas (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(parent, _("Exportar a un archivo"), suggested, f"{xlsx};;{csv}", xlsx)
    if not path:
        return None
    if Path(path).suffix.lower() not in FORMATS:  # a name typed without its extension
        path += ".csv" if chosen == csv else ".xlsx"
    return path


def suggested_name(label: str, day: date) -> str:
    """«socios-2026-11-26.xlsx», «movimientos-de-cuenta-2026-11-26.xlsx»."""
    return f"{'-'.join(label.lower().split())}-{day.isoformat()}.xlsx"


def unwritable(path: str, exc: OSError) -> BookError:
    name = Path(path).name or path
    if isinstance(exc, PermissionError):
        return BookError(N_("No se pudo guardar %(file)s: está abierto en otro programa o no tiene permiso para "
                            "escribir en esa carpeta. Ciérrelo o elija otra carpeta."), file=name)
    return BookError(N_("No se pudo guardar %(file)s. Elija otra carpeta, o revise que el disco o la memoria USB "
                        "tenga espacio."), file=name)


def write_list(book, method: str, path: str) -> int:
    """On the worker: the rows written; a file that cannot be written as a ``BookError`` in Spanish."""
    try:
        return getattr(book.exports, method)(path)
    except OSError as exc:
        raise unwritable(path, exc) from exc


class ExportDialog(QDialog):
    """``ExportDialog.ask(parent, runner)`` -> the paths written (several lists may be exported)."""

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.runner = runner
        self.written: list[str] = []
        self.message = ""  # what the last export said
        self._writing = False
        self.setWindowTitle(_("Exportar a una hoja de cálculo"))

        intro = QLabel(_("Elija la lista y pulse «Exportar…» para decir dónde guardarla. Un archivo .xlsx se abre "
                         "en Excel con números y fechas; un .csv lo lee cualquier programa. Las columnas llevan los "
                         "títulos que lee «Importar…»."))
        intro.setWordWrap(True)
        intro.setStyleSheet(NOTE_STYLE)
        self.kind = QComboBox()
        for label, method in EXPORTS:
            self.kind.addItem(_(label), method)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form = QFormLayout()
        form.addRow(_("Lista:"), self.kind)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(_("Exportar…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton(_("Abrir el archivo"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(_("Cerrar"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.export_button, self.open_button, self.close_button):
            button.setAutoDefault(False)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.open_button.clicked.connect(self.open_file)
        self.open_button.hide()
        self.close_button.clicked.connect(self.reject)
        self.kind.currentIndexChanged.connect(self._kind_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner) -> list[str]:
        dialog = cls(parent, runner)
        try:
            dialog.exec()
            return dialog.written
        finally:
            dialog.deleteLater()

    def method(self) -> str:
        return self.kind.currentData()

    def set_kind(self, method: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(method))

    def _kind_changed(self) -> None:
        self.result.clear()
        self.open_button.hide()

    def export(self) -> None:
        if self._writing:
            return
        method, label = self.method(), self.kind.currentText()
        suggested = str(Path(last_folder(FOLDER_KEY)) / suggested_name(label, self.runner.today()))
        path = choose_export_file(self, suggested)
        if not path:
            return
        remember_folder(FOLDER_KEY, path)
        self._set_writing(True)
        self.open_button.hide()
        self._show(_("Guardando %(file)s…") % {"file": Path(path).name}, None)
        # no ``after=``: it would be called even once the dialog is closed and deleted
        self.runner.run(lambda book: write_list(book, method, path), lambda n: self._written(method, path, n),
                        self._failed, label=_("Exportando…"), owner=self)

    def _written(self, method: str, path: str, n: int) -> None:
        self._set_writing(False)
        self.written.append(path)
        self.message = exported(method, n, path)
        self._show(self.message, OK_COLOR)
        self.open_button.show()

    def _failed(self, exc: Exception) -> None:
        self._set_writing(False)
        self.message = " ".join(describe(p) for p in getattr(exc, "problems", ()))
        self._show(self.message, ERROR_COLOR)

    def open_file(self) -> None:
        if self.written:
            printing.open_file(self.written[-1])

    def _show(self, text: str, color: str | None) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")

    def _set_writing(self, writing: bool) -> None:
        self._writing = writing
        self.export_button.setEnabled(not writing)
        self.kind.setEnabled(not writing)
        if writing:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
