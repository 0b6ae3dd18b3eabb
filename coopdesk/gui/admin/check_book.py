"""Informes → «Verificar la contabilidad»: the core's check of the whole book
(coopdesk.core.checks), the same full pass as ``coopdesk check --integrity``
(the figures, the file's own integrity_check, every published run against its
seal, the audit trail and the heads printed on paper), run on the worker so the
window does not freeze, its answer in a message box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _

SHOWN = 12  # findings listed in the box itself; all of them under «Mostrar detalles»


def check_book(parent: QWidget | None, runner: TaskRunner) -> None:
    runner.run(lambda book: book.checks.run(integrity=True), lambda report: show_report(parent, report),
               label=_("Verificando la contabilidad…"), owner=parent)


def show_report(parent: QWidget | None, report) -> None:
    head, findings = report.sentences()
    details = "\n".join(f"• {finding}" for finding in findings)
    box = QMessageBox(parent)
    box.setWindowTitle(_("Verificar la contabilidad"))
    noted, confirmed = report.confirmed_sentences()
    apart = ("\n\n" + noted + "\n" + "\n".join(f"• {line}" for line in confirmed)) if confirmed else ""
    agreements = report.agreement_sentences()  # the heads printed on paper that the trail still reaches
    apart += ("\n\n" + "\n".join(f"• {line}" for line in agreements)) if agreements else ""
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
