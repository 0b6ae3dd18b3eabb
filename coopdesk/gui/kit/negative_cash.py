"""«¿Registrar de todos modos?»: the core refused a document because it would
leave Caja or a bank below zero (``core.cash_guard``). The treasurer reads the
account, its balance that day and the amount, and either goes back to review or
writes why and records it anyway; the reason is recorded with the document."""

from __future__ import annotations

from typing import Iterable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from coopdesk.domain.problems import Problem
from coopdesk.i18n import _, describe


class NegativeCashDialog(QDialog):
    def __init__(self, parent: QWidget | None, problems: Iterable[Problem]):
        super().__init__(parent)
        self.setWindowTitle(_("¿Registrar de todos modos?"))
        layout = QVBoxLayout(self)
        self.message = QLabel("\n\n".join(describe(p) for p in problems))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("¿Registrar de todos modos? Diga por qué (queda registrado quién, cuándo y el "
                                  "motivo):")))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("por ejemplo: el depósito del comprador aún no se registró"))
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.anyway = buttons.addButton(_("Registrar de todos modos"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.review = buttons.addButton(_("Revisar"), QDialogButtonBox.ButtonRole.RejectRole)
        self.review.setDefault(True)  # Enter never records by accident
        self.anyway.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.anyway.setEnabled(bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> str | None:
        """The reason, or None when the user chose to review."""
        return self.reason.text().strip() if self.exec() == QDialog.DialogCode.Accepted else None


def ask_reason(parent: QWidget | None, problems: Iterable[Problem]) -> str | None:
    dialog = NegativeCashDialog(parent, problems)
    try:
        return dialog.answer()
    finally:
        dialog.deleteLater()
