"""The Distribución screen refuses to print a published run altered behind
coopdesk's back: the treasurer reads why, in Spanish, and no file is written
(docs/seals.md)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from coopdesk.gui.kit import printing
from tests.core.test_distribution_seals import unsealed
from tests.gui.test_distribution_view import documents, on_worker, open_view, season, stored_run  # noqa: F401

from .conftest import wait_idle


def test_printing_the_summary_of_an_altered_run_is_refused_with_the_reason(qtbot, runner, season, monkeypatch,
                                                                             documents):
    opened: list[str] = []
    monkeypatch.setattr(printing, "show_pdf", lambda path, *_a, **_k: opened.append(path))
    view = open_view(qtbot, runner)
    stored_run(qtbot, runner, view, publish=True)

    def tamper(book):
        with unsealed(book) as conn:
            conn.execute(text("UPDATE distribution_lines SET net_cents = net_cents + 100000 "
                              "WHERE member_id = (SELECT id FROM members WHERE code = 'S002')"))
    on_worker(qtbot, runner, tamper)
    view.summary_button.click()
    wait_idle(qtbot, runner, timeout=15000)

    def shown() -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    qtbot.waitUntil(lambda: shown() != [], timeout=20_000)
    [box] = shown()
    said = box.informativeText().replace("\xa0", " ")
    assert said.startswith("• No se imprime la distribución N.º 1: ya no coincide con lo que se selló al publicarla")
    assert "• Distribución N.º 1, socio S002: neto a pagar" in said and "en sus líneas y" in said
    assert "Traceback" not in said and opened == []
    assert list(documents.rglob("*.pdf")) == []
    box.close()
