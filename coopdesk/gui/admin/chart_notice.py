"""Once after a book is upgraded to the PCGE's codes (migration 0008): a message
telling the contador which account codes changed (old → new). Shown once: the
core marks the changes shown as it hands them over (``coopdesk ledger
chart-changes`` prints them whenever asked)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from coopdesk.core import chart_changes as C
from coopdesk.gui.kit.tasks import TaskRunner
from coopdesk.i18n import _


def changes_text(changes) -> str:
    lines = [_(C.INTRO), ""]
    for c in changes:
        words = {"old": c.old_code, "new": c.new_code, "old_name": c.old_name, "new_name": c.new_name}
        lines.append((_(C.MOVED_LINE) if c.moved else _(C.RENUMBERED_LINE)) % words)
    lines += ["", _("Puede volver a verlo con «coopdesk ledger chart-changes».")]
    return "\n".join(lines)


def show_chart_changes(parent: QWidget, runner: TaskRunner) -> None:
    """Ask the worker for the changes not shown yet; show them, if any, in a
    message that does not block the window."""

    def shown(changes) -> None:
        if not changes:
            return
        box = QMessageBox(QMessageBox.Icon.Information, _(C.TITLE), changes_text(changes), QMessageBox.StandardButton.Ok,
                          parent)
        box.setObjectName("chart_changes")
        box.open()

    runner.run(lambda book: book.ledger.unseen_chart_changes(), shown, owner=parent)
