"""The README's screenshots are taken by a script from the real app
(scripts/screenshots.py): it must keep working, and what it takes must show a
filled window of the size asked for, one picture per screen."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from coopdesk.gui.main_window import MainWindow
from PySide6.QtGui import QImage

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_takes_every_screen_of_the_demo_at_a_small_laptops_size(tmp_path, qapp):
    shots = load_script().take(tmp_path / "png", width=1024, height=600, members=20, work=tmp_path / "work")

    names = [path.name for path in shots]
    assert names == ["inicio.png", "socios.png", "entregas.png", "distribucion.png", "cuentas.png",
                     "participacion.png", "precios.png", "contabilidad.png", "ventas-y-gastos.png", "parcelas.png"]
    for path in shots:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1024, 560), path.name
        # a real window, not a blank one: many distinct colours (text, lines, selection)
        colours = {image.pixel(x, y) for x in range(0, 1024, 7) for y in range(0, 560, 7)}
        assert len(colours) > 20, path.name


@pytest.mark.slow
def test_the_script_takes_every_screen_at_both_laptop_sizes(tmp_path, qapp):
    shots = load_script().take_both(tmp_path / "png", members=20, work=tmp_path / "work")
    assert sorted({path.parent.name for path in shots}) == ["1024x600", "1366x768"]
    assert len(shots) == 2 * len(MainWindow.screens)  # every screen at both sizes
    for path in shots:
        width, height = (int(n) for n in path.parent.name.split("x"))
        image = QImage(str(path))
        assert (image.width(), image.height()) == (width, height - 40), path
