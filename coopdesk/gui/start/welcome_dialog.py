"""The first screen when there is no database yet: create, try the demo, open, or leave."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk.core import Book
from coopdesk.gui.kit.fit import fit_on_show
from coopdesk.gui.start import opening
from coopdesk.gui.start.setup_wizard import SetupWizard
from coopdesk.gui.kit.errors import show_problems
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _


class WelcomeDialog(QDialog):
    """Accepted once the runner holds an open book; rejected for "Salir"."""

    def __init__(self, runner: TaskRunner, url: str, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        fit_on_show(self)  # never taller than the screen (kit/fit.py)
        self.runner = runner
        self.url = url
        self._choices: list[tuple[QPushButton, QLabel]] = []
        self.setWindowTitle(_("Bienvenido a coopdesk"))
        title = QLabel(_("<h2>Bienvenido a coopdesk</h2>"))
        # The data file's place is a detail for whoever copies backups by hand: a tooltip, not the greeting.
        intro = QLabel(_("Todavía no ha creado ni abierto una cooperativa.<br>¿Qué desea hacer?"))
        intro.setToolTip(_("Los datos se guardarán en %(path)s") % {"path": location})
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_button = self._button(_("Crear cooperativa"), self.create,
                                          _("Un asistente le pide el nombre y los datos de la cooperativa, sus zonas, productos y precios, y "
                                            "le ayuda a importar los socios."))
        self.demo_button = self._button(_("Abrir datos de demostración"), self.open_demo,
                                        _("Una cooperativa de ejemplo con socios y entregas, para practicar."))
        self.open_button = self._button(_("Abrir otra base de datos…"), self.open_other,
                                        _("Un archivo de coopdesk copiado de otra computadora o de una memoria USB."))
        self.quit_button = QPushButton(_("Salir"))
        self.quit_button.clicked.connect(self.reject)
        self.status = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.status.hide()
        self.progress.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(intro)
        for button, hint in self._choices:
            layout.addSpacing(6)
            layout.addWidget(button)
            layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(560)

    def _button(self, text: str, slot, hint: str) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(button.sizeHint().height() + 14)
        button.setStyleSheet("QPushButton { font-size: 11pt; text-align: left; padding-left: 14px; }")
        button.clicked.connect(slot)
        hint_label = QLabel(hint)
        hint_label.setStyleSheet("color: #4a4a4a; margin-left: 16px;")
        hint_label.setWordWrap(True)
        self._choices.append((button, hint_label))
        return button

    # -- the choices ----------------------------------------------------------

    def create(self) -> None:
        """The setup assistant: name first, a file in Documents proposed from it."""
        wizard = SetupWizard(self, self.runner)
        try:
            wizard.exec()
        finally:
            wizard.deleteLater()
        if wizard.created is not None:
            self.accept()

    def open_demo(self) -> None:
        self._working(_("Preparando la cooperativa de demostración…"))
        opening.open_demo(self.runner, self._opened, self._failed, self._progress, on_cancel=self._ready,
                          parent=self)

    def open_other(self) -> None:
        path = opening.choose_database_file(self)
        if path:
            self._working(_("Abriendo %(path)s…") % {"path": path})
            opening.open_database(self.runner, path, self._opened, self._failed, on_cancel=self._ready, parent=self)

    # -- while working --------------------------------------------------------

    def _working(self, text: str) -> None:
        for button in (self.create_button, self.demo_button, self.open_button):
            button.setEnabled(False)
        self.status.setText(text)
        self.status.show()
        self.progress.setRange(0, 0)
        self.progress.show()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _opened(self, _book: Book) -> None:
        self.accept()

    def _ready(self) -> None:
        """The choices again (after a failure, or a login cancelled)."""
        for button in (self.create_button, self.demo_button, self.open_button):
            button.setEnabled(True)
        self.status.hide()
        self.progress.hide()

    def _failed(self, exc: Exception) -> None:
        self._ready()
        show_problems(self, exc.problems, _("No se pudo abrir"))
