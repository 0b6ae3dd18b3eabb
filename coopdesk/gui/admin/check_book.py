"""Informes → «Verificar la contabilidad»: the core's one-pass check of the whole
book (coopdesk.core.checks), run on the worker, its answer in a message box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _

SHOWN = 12  # findings listed in the box itself; all of them under «Mostrar detalles»


def check_book(parent: QWidget | None, runner: TaskRunner) -> None:
    runner.run(lambda book: book.checks.run(), lambda report: show_report(parent, report),
               label=_("Verificando la contabilidad…"), owner=parent)


def show_report(parent: QWidget | None, report) -> None:
    head, findings = report.sentences()
    details = "\n".join(f"• {finding}" for finding in findings)
    box = QMessageBox(parent)
    box.setWindowTitle(_("Verificar la contabilidad"))
    noted, confirmed = report.confirmed_sentences()
    apart = ("\n\n" + noted + "\n" + "\n".join(f"• {line}" for line in confirmed)) if confirmed else ""
    if report.agrees:
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(head + apart)
    else:
        box.setIcon(QMessageBox.Icon.Warning)
        lines = details.splitlines()
        shown = "\n".join(lines[:SHOWN]) + ("\n…" if len(lines) > SHOWN else "")
        box.setText(head + "\n\n" + shown + apart)
        box.setInformativeText(_("Cada diferencia dice el socio o la cuenta. Corríjala con el documento que la "
                                 "originó (un movimiento, una venta, una distribución), nunca a mano."))
        box.setDetailedText(details)
    box.exec()
