"""packaging/bundle_filter.py's rules on the files PyInstaller would place, without a build
(fast; the built bundle is held to them in test_bundle.py, slow), and the Qt the code imports."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bundle_filter", ROOT / "packaging" / "bundle_filter.py")
bundle_filter = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_filter)
leave_out = bundle_filter.leave_out


def test_matplotlib_keeps_its_settings_and_the_fonts_the_chart_draws_with():
    kept = ["matplotlibrc", "fonts/ttf/DejaVuSans.ttf", "fonts/ttf/DejaVuSans-Bold.ttf",
            "fonts/ttf/DejaVuSans-Oblique.ttf", "fonts/ttf/DejaVuSans-BoldOblique.ttf",
            "fonts/ttf/DejaVuSansDisplay.ttf", "fonts/ttf/LastResortHE-Regular.ttf", "fonts/ttf/LICENSE_DEJAVU"]
    dropped = ["fonts/ttf/DejaVuSansMono.ttf", "fonts/ttf/DejaVuSerif.ttf", "fonts/ttf/STIXGeneral.ttf",
               "fonts/ttf/cmr10.ttf", "fonts/afm/cmr10.afm", "fonts/pdfcorefonts/Helvetica.afm",
               "sample_data/goog.npz", "images/home.svg", "stylelib/ggplot.mplstyle", "kpsewhich.lua",
               "plot_directive/plot_directive.css"]
    assert [f for f in kept if leave_out("matplotlib/mpl-data/" + f)] == []
    assert [f for f in dropped if not leave_out("matplotlib/mpl-data/" + f)] == []
    assert bundle_filter.MATPLOTLIB_BACKENDS == ["QtAgg"]  # FigureCanvasQTAgg (coopdesk/gui/home/home_view.py)


def test_the_print_preview_keeps_qtprintsupport_and_the_cups_plugin():
    assert "PySide6.QtPrintSupport" not in bundle_filter.QT_MODULES_UNUSED
    assert not leave_out("PySide6/Qt/lib/libQt6PrintSupport.so.6")
    assert not leave_out("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
    assert not leave_out("PySide6/Qt6PrintSupport.dll")
    assert leave_out("PySide6/Qt/plugins/platforms/libqwayland-egl.so")


def test_babel_keeps_every_spanish_but_only_the_english_coopdesk_formats():
    assert [n for n in ("es", "es_PE", "es_419", "es_BO", "en", "en_US", "root") if leave_out(f"babel/locale-data/{n}.dat")] == []
    assert all(leave_out(f"babel/locale-data/{n}.dat") for n in ("en_GB", "en_001", "fr", "pt_BR", "qu_PE"))


def test_neither_the_code_nor_matplotlibs_qt_backend_imports_a_qt_module_the_bundle_leaves_out():
    unused = {m.split(".")[1] for m in bundle_filter.QT_MODULES_UNUSED}
    imported = set()
    for path in (ROOT / "coopdesk").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported & unused == set()
    assert {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"} <= imported
    # the chart's FigureCanvasQTAgg imports these from PySide6 (QtSvg among them) before anything is drawn
    qt_compat = Path(importlib.util.find_spec("matplotlib.backends.qt_compat").origin).read_text(encoding="utf-8")
    matplotlibs = re.search(r"from PySide6 import ([\w, ]+)", qt_compat)[1].replace(" ", "").split(",")
    assert "QtSvg" in matplotlibs
    assert {m for m in matplotlibs if m.startswith("Qt")} & unused == set()


def test_libcups_is_the_systems():
    assert leave_out("libcups.so.2")
    assert not leave_out("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")
