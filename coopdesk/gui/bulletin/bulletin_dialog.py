"""«Boletín mensual»: the month, the board's decisions and the next assembly as
the treasurer types them, with or without the members' slips; the PDF (and the
PNG to send by WhatsApp) is written on the worker into Documents/coopdesk/Boletines
and opened: what ``coopdesk bulletin`` writes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _
from coopdesk.i18n.formatting import format_month


def bulletins_folder() -> Path:
    """Documents/coopdesk/Boletines, beside the statements."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or tempfile.gettempdir()) / "coopdesk" / _("Boletines")


def write_bulletin_files(book, year: int, month: int, decisions: str, assembly: str, slips: bool,
                         png: bool, folder: Path) -> tuple[str, list[str], str]:
    """On the worker: the bulletin's PDF, and its PNG pages if asked; returns the
    PDF's path, the images' paths and why there are none when asked for (or "")."""
    from coopdesk.reports.bulletin_pdf import PngUnavailable, write_bulletin  # ReportLab, only to print
    from coopdesk.reports.bulletin_view import bulletin_view

    data = book.bulletin.monthly(year, month, decisions, assembly, slips=slips)
    view = bulletin_view(data, book.cooperative, book.clock.today())
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"boletin-{year:04d}-{month:02d}.pdf"
    try:
        images = write_bulletin(view, pdf, folder / f"boletin-{year:04d}-{month:02d}.png" if png else None, slips)
    except PngUnavailable as exc:
        return str(pdf), [], str(exc)
    return str(pdf), [str(p) for p in images], ""


class BulletinDialog(QDialog):
    def __init__(self, parent: QWidget | None, runner: TaskRunner, year: int, month: int):
        super().__init__(parent)
        self.runner = runner
        self.written: tuple[str, list[str], str] | None = None
        self.setWindowTitle(_("Boletín mensual a los socios"))
        self.month = QDateEdit(QDate(year, month, 1))
        self.month.setDisplayFormat("MM/yyyy")
        self.decisions = QPlainTextEdit()
        self.decisions.setPlaceholderText(_("Los acuerdos del Consejo de Administración de este mes, en palabras "
                                            "sencillas"))
        self.assembly = QLineEdit()
        self.assembly.setPlaceholderText(_("Por ejemplo: sábado 19 de diciembre, 9:00 a. m., local comunal"))
        self.slips = QCheckBox(_("Con la hoja personal de cada socio"))
        self.png = QCheckBox(_("También como imagen, para enviar por WhatsApp"))
        self.png.setChecked(True)
        self.note = QLabel(_("Las cifras salen de las entregas, la contabilidad y las cuentas de los socios."))
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Mes"), self.month)
        form.addRow(_("Acuerdos del Consejo"), self.decisions)
        form.addRow(_("Próxima asamblea"), self.assembly)
        form.addRow("", self.slips)
        form.addRow("", self.png)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = buttons.addButton(_("Preparar el boletín"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.make)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def make(self) -> None:
        from coopdesk.gui.kit import printing

        chosen = self.month.date()
        year, month = chosen.year(), chosen.month()
        decisions, assembly = self.decisions.toPlainText(), self.assembly.text()
        slips, png, folder = self.slips.isChecked(), self.png.isChecked(), bulletins_folder()
        self.make_button.setEnabled(False)

        def done(written) -> None:
            self.written = written
            pdf, images, missing = written
            printing.show_pdf(pdf, self)
            self.note.setText("\n".join([_("Boletín en PDF: %(file)s") % {"file": pdf}]
                                        + [_("Imagen para enviar: %(file)s") % {"file": i} for i in images]
                                        + ([missing] if missing else [])))

        self.runner.run(lambda book: write_bulletin_files(book, year, month, decisions, assembly, slips, png, folder),
                        done, after=lambda: self.make_button.setEnabled(True), label=_("Preparando el boletín de %(month)s…") % {
                            "month": format_month(year, month)}, owner=self)

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner, year: int, month: int) -> "BulletinDialog":
        dialog = cls(parent, runner, year, month)
        dialog.open()
        return dialog
