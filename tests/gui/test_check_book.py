"""Informes → «Verificar la contabilidad» runs the same full check as ``coopdesk
check --integrity`` (one core call, ``book.checks.run(integrity=True)``), on the
worker, and names in Spanish what was changed behind coopdesk's back."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtWidgets import QMessageBox

from coopdesk.cli import main
from coopdesk.gui.main_window import MainWindow

from .conftest import answering, wait_idle


def open_window(qtbot, runner) -> MainWindow:
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window


def rename_behind_coopdesks_back(db) -> None:
    """A hostile insider with sqlite3: the members' triggers dropped (so the trail
    records nothing), a name changed, the triggers put back."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'members'").fetchall()
        conn.execute("BEGIN")
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE members SET first_names = 'Rosalía' WHERE code = 'S001'")
        for _name, sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")


def checked(qtbot, runner, window) -> dict:
    seen: dict = {}

    def read(box: QMessageBox):
        seen["text"] = box.text().replace("\u00a0", " ")
        seen["icon"] = box.icon()
        seen["details"] = box.detailedText().replace("\u00a0", " ")

    with answering(QMessageBox, read):
        window.check_action.trigger()
        # on the worker: the action returned at once, and the answer comes back through the event loop
        assert runner.busy and "text" not in seen
        qtbot.waitUntil(lambda: "text" in seen, timeout=15000)
    return seen


def test_the_gui_check_names_a_change_made_with_sqlite_as_the_cli_check_does(qtbot, runner, db, capsys):
    window = open_window(qtbot, runner)
    seen = checked(qtbot, runner, window)
    assert seen["icon"] == QMessageBox.Icon.Information
    assert seen["text"].startswith("La contabilidad cuadra: se compararon ")
    rename_behind_coopdesks_back(db)
    seen = checked(qtbot, runner, window)
    assert seen["icon"] == QMessageBox.Icon.Warning

    assert main(["--db", str(db), "check", "--integrity"]) == 1
    out = capsys.readouterr().out.replace("\u00a0", " ")
    cli_findings = [line[2:] for line in out.splitlines() if line.startswith("- ")]
    assert cli_findings == ['Socios, fila 1: se cambió sin dejar registro (lo registrado → lo que hay ahora): '
                            'first_names: "Rosa" → "Rosalía".']
    assert seen["details"].splitlines() == [f"• {finding}" for finding in cli_findings]
    assert seen["text"].splitlines()[0] == out.splitlines()[0]
