"""Words the desk shows about a distribution: deductions with their accents."""

from __future__ import annotations

from coopdesk.gui.distribution.distribution_dialogs import concept_name


def test_the_deductions_are_named_in_words_with_their_accents():
    assert [concept_name(c) for c in ("adelantos", "prestamos", "insumos", "aportaciones", "retencion")] == [
        "Adelantos", "Préstamos", "Créditos de insumos", "Aportaciones pendientes", "Retención de ley"]
    assert concept_name("prestamos") != "Prestamos"
