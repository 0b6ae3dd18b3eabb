"""How the GUI shows what went wrong.

- Problems a person can fix (``InvalidInput``, ``BookError``): a message box that
  lists every problem in Spanish (``show_problems``); dialogs show them next to
  their fields instead (``coopdesk.gui.kit.forms``).
- Bugs: ``install_excepthook`` replaces ``sys.excepthook`` so an unexpected
  exception writes its traceback to a log file in the user-data directory and
  shows "Ocurrió un error inesperado" with the details collapsed, instead of
  closing the program and losing the treasurer's place.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Iterable

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from coopdesk.core import locations
from coopdesk.domain.problems import Problem
from coopdesk.i18n import _, describe


def log_path() -> Path:
    """The file where unexpected errors are written, for whoever gives support:
    the same one the CLI writes (coopdesk.core.locations.log_path)."""
    return locations.log_path()


def show_problems(parent: QWidget | None, problems: Iterable[Problem], title: str | None = None) -> QMessageBox:
    """A warning listing every problem; not blocking (``open()``), so work continues."""
    sentences = [describe(p) for p in problems]
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _("No se pudo completar"))
    if len(sentences) == 1:
        box.setText(sentences[0])
    else:
        box.setText(_("Corrija lo siguiente:"))
        box.setInformativeText("\n".join(f"• {s}" for s in sentences))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def record_anyway(parent: QWidget | None, warnings: Iterable[Problem], advice: str, anyway: str = "") -> bool:
    """Warnings before recording (never refusals): True when the user records anyway.
    «Revisar» is the default, so Enter never records by accident."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Antes de registrar"))
    box.setText("\n\n".join(describe(w) for w in warnings))
    box.setInformativeText(advice)
    anyway = box.addButton(anyway or _("Registrar de todos modos"), QMessageBox.ButtonRole.AcceptRole)
    review = box.addButton(_("Revisar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(review)
    box.setEscapeButton(review)
    box.exec()
    answered = box.clickedButton() is anyway
    box.deleteLater()
    return answered


def write_log(text: str) -> Path | None:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        return None
    return path


_open_dialog: QMessageBox | None = None


def show_unexpected_error(details: str, logged_to: Path | None) -> QMessageBox | None:
    """The one "unexpected error" dialog; while one is open, later errors are only logged."""
    global _open_dialog
    if QApplication.instance() is None:
        return None
    if _open_dialog is not None and _open_dialog.isVisible():
        return _open_dialog
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Error en coopdesk"))
    box.setText(_("Ocurrió un error inesperado"))
    if logged_to is not None:
        box.setInformativeText(
            _("Los datos ya guardados no se han perdido. Puede seguir trabajando.\n\n"
              "Si el error se repite, envíe a soporte este archivo:\n%(path)s") % {"path": str(logged_to)}
        )
    else:
        box.setInformativeText(_("Los datos ya guardados no se han perdido. Puede seguir trabajando."))
    box.setDetailedText(details)  # QMessageBox keeps the details collapsed
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 460px; }")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    _open_dialog = box
    return box


def excepthook(exc_type, exc, tb) -> None:
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    if sys.__stderr__ is not None:  # None in a windowed (PyInstaller) build
        sys.__stderr__.write(details)
    show_unexpected_error(details, write_log(details))


def install_excepthook() -> None:
    sys.excepthook = excepthook
