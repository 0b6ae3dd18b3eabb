"""«Exportar esta tabla…» on every table of the screens: what the table shows, in
the order it shows it, as an XLSX (amounts and kilos as numbers, dates as
dates) or a CSV, through the same writer as «Archivo › Exportar…»
(``core.sheets.write_file``). The file is written off the GUI thread.

The long lists (Socios, Entregas) load their rows page by page; they are
exported whole from «Archivo › Exportar…» instead.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTableView

from coopdesk.i18n import _, ngettext

EMPTY = ("", "—")


def table_rows(table: QTableView) -> tuple[list[str], list[list[Any]]]:
    """The headers and the rows as shown: a column that sorts by an amount, a
    quantity or a date gives that value (a number in the sheet), any other its text."""
    model = table.model()
    columns = getattr(model, "_columns", None) or []
    row_at = getattr(model, "row_at", None)
    count = model.columnCount()
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(count)]
    rows = []
    for r in range(model.rowCount()):
        record = row_at(r) if row_at is not None else None
        values: list[Any] = []
        for c in range(count):
            text = model.index(r, c).data()
            text = "" if text is None else str(text)
            value: Any = text
            key = getattr(columns[c], "key", None) if c < len(columns) else None
            if record is not None and key is not None and text not in EMPTY:
                try:
                    raw = key(record)
                except Exception:  # a marker key (the core's order), not a value
                    raw = None
                if isinstance(raw, (Decimal, date)):
                    value = raw
            values.append(value)
        rows.append(values)
    return headers, rows


class _Written(QObject):
    done = Signal(object, object)  # (path, count) or (path, exception)


def export_table(table: QTableView, title: str) -> None:
    """Ask where, then write the table there; say how many rows, or what went wrong."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = str(Path(documents) / "coopdesk" / f"{title}.xlsx")
    xlsx, csv = _("Libro de Excel (*.xlsx)"), _("Texto separado por comas (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(table, _("Exportar esta tabla"), suggested, f"{xlsx};;{csv}", xlsx)
    if not path:
        return
    if Path(path).suffix.lower() not in (".xlsx", ".csv"):
        path += ".csv" if chosen == csv else ".xlsx"
    headers, rows = table_rows(table)
    written = _Written(table)
    written.done.connect(lambda where, result: _say(table, where, result))
    table.setCursor(Qt.CursorShape.BusyCursor)

    def work() -> None:
        from coopdesk.core.sheets import write_file

        try:
            result: object = write_file(path, headers, rows, title)
        except Exception as exc:  # said to her below, in Spanish
            result = exc
        written.done.emit(path, result)

    threading.Thread(target=work, daemon=True).start()


def _say(table: QTableView, path: str, result: object) -> None:
    table.unsetCursor()
    if isinstance(result, Exception):
        from coopdesk.gui.kit.errors import show_problems

        problems = getattr(result, "problems", None)
        if problems:
            show_problems(table, problems, _("No se pudo exportar"))
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, _("No se pudo exportar"),
                              _("No se pudo escribir %(file)s: %(reason)s") % {"file": path, "reason": result},
                              QMessageBox.StandardButton.Ok, table)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        return
    table.setProperty("exported", path)
    text = ngettext("Se exportó %(n)s fila a %(file)s.", "Se exportaron %(n)s filas a %(file)s.", result) % {
        "n": result, "file": path}
    window = table.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 10_000)
    else:  # a dialog's table: said without blocking
        box = QMessageBox(QMessageBox.Icon.Information, _("Exportado"), text, QMessageBox.StandardButton.Ok, table)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def add_export_action(table: QTableView, title: str) -> QAction:
    """«Exportar esta tabla…» in the table's right-click menu."""
    action = QAction(_("Exportar esta tabla a Excel…"), table)
    action.triggered.connect(lambda: export_table(table, title))
    table.addAction(action)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action
