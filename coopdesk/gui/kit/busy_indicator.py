"""The status-bar sign that long work is going on (printing, opening, building)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from coopdesk.gui.kit.tasks import TaskRunner


class BusyIndicator(QWidget):
    """Shows the label of the labelled task in course and a moving bar; hidden otherwise."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: list[str] = []
        self.text = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.bar)
        runner.task_started.connect(self._started)
        runner.task_finished.connect(self._finished)
        self.hide()

    def _started(self, label: str) -> None:
        self._labels.append(label)
        self._update()

    def _finished(self, label: str) -> None:
        if label in self._labels:
            self._labels.remove(label)
        self._update()

    def _update(self) -> None:
        if self._labels:
            self.text.setText(self._labels[-1])
            self.show()
        else:
            self.hide()
