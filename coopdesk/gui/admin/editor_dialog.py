"""A closeable dialog around one list editor of the cooperative's settings
(«Zonas y comités…», «Productos…»): a sentence that says what it is for above it.
The setup assistant shows the same editors on its pages."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _


class EditorDialog(QDialog):
    title = ""            # N_("…"), translated when shown
    intro = ""            # N_("…")
    size = (520, 420)

    def __init__(self, parent: QWidget | None, runner: TaskRunner):
        super().__init__(parent)
        self.setWindowTitle(_(self.title))
        intro = QLabel(_(self.intro))
        intro.setWordWrap(True)
        self.editor = self.make_editor(runner)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Cerrar"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor)
        layout.addWidget(close)
        self.resize(*self.size)

    def make_editor(self, runner: TaskRunner) -> QWidget:
        raise NotImplementedError

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner) -> None:
        dialog = cls(parent, runner)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
