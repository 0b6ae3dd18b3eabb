"""The PyInstaller bundle: built from the spec, run headless, its PDFs read back,
and what it carries held to packaging/bundle_filter.py.

Slow (about a minute and a half to build, once per session: conftest.py); CI
runs it. Deselect locally with ``pytest -m "not slow"``.
"""

import re
import sqlite3
import struct
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

import coopdesk
from coopdesk.db.migrate import head_revision

from .conftest import frozen_env

pytestmark = pytest.mark.slow


def frozen(exe: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=frozen_env(**env), timeout=600)


def test_the_frozen_version_names_the_release_and_the_schema_without_loading_the_app(bundle):
    started = time.perf_counter()
    version = frozen(bundle, "--version")
    elapsed = time.perf_counter() - started
    assert (version.returncode, version.stdout) == (0, f"coopdesk {coopdesk.__version__} (schema {head_revision()})\n")
    assert elapsed < 3.0  # the bundle's own start; the full CLI import took 1 s more on a quiet machine


def test_the_frozen_app_makes_the_demo_and_prints_every_statement(bundle, tmp_path):
    db, out = tmp_path / "demo.sqlite", tmp_path / "estados"
    demo = frozen(bundle, "demo", "--db", str(db))
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout == f"Se creó la cooperativa de demostración en {db}: 150 socios y 1,800 entregas.\n"
    printed = frozen(bundle, "statements", "--db", str(db), "--out", str(out))
    assert printed.returncode == 0, printed.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert printed.stdout == f"Se imprimieron {len(pdfs)} estados de cuenta en {out}.\n"
    assert len(pdfs) > 100
    text = PdfReader(pdfs[0]).pages[0].extract_text().replace("\u00a0", " ")
    assert "ESTADO DE CUENTA DEL SOCIO" in text
    assert "Cooperativa Agraria Sur Oriente de Madre de Dios" in text
    assert "SON: " in text and " SOLES" in text
    window = frozen(bundle, "--db", str(db), COOPDESK_EXIT_ON_WINDOW="1", QT_QPA_PLATFORM="offscreen",
                    HOME=str(tmp_path / "home"))
    assert (window.returncode, window.stdout) == (0, "first-window MainWindow\n"), window.stderr


def test_the_frozen_app_speaks_spanish_and_english_to_a_mistake(bundle, tmp_path):
    missing = tmp_path / "no-hay.sqlite"
    es = frozen(bundle, "--db", str(missing), "members", "list")
    en = frozen(bundle, "--lang", "en", "--db", str(missing), "members", "list")
    assert (es.returncode, es.stderr) == (2, f"Error: No existe la base de datos {missing}.\n")
    assert (en.returncode, en.stderr) == (2, f"Error: The database {missing} does not exist.\n")


def test_the_bundle_carries_only_the_qt_it_uses(bundle_dir):
    internal = bundle_dir / "_internal"
    qt = internal / "PySide6" / "Qt"
    plugins = sorted(p.relative_to(qt / "plugins").as_posix() for p in (qt / "plugins").rglob("*.so"))
    assert plugins == [
        "iconengines/libqsvgicon.so",
        "imageformats/libqico.so",
        "imageformats/libqsvg.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "platforms/libqminimal.so",
        "platforms/libqoffscreen.so",
        "platforms/libqxcb.so",
        "platformthemes/libqxdgdesktopportal.so",
        "printsupport/libcupsprintersupport.so",
        "xcbglintegrations/libqxcb-egl-integration.so",
        "xcbglintegrations/libqxcb-glx-integration.so",
    ]
    modules = sorted(p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.so"))
    assert modules == ["QtCore", "QtGui", "QtPrintSupport", "QtSvg", "QtWidgets"]
    assert not list(internal.glob("libcups*")) and not list(internal.glob("libgnutls*"))  # the system's
    libs = {p.name for p in (qt / "lib").iterdir()}
    assert not {n for n in libs if re.match(r"libQt6(Network|Qml|Quick|Pdf|Wayland|EglFS)", n)}
    assert sorted(p.name for p in (qt / "translations").iterdir()) == ["qtbase_es.qm"]
    assert not list(internal.glob("libgtk-3*")) and not list(internal.glob("libcairo*"))  # the GTK3 theme's


def test_babel_carries_spanish_english_and_root_only(bundle_dir):
    names = {p.name for p in (bundle_dir / "_internal" / "babel" / "locale-data").iterdir()}
    assert {"root.dat", "es.dat", "es_PE.dat", "es_419.dat", "en.dat", "en_US.dat"} <= names
    assert all(re.match(r"(root|es(_\w+)?|en|en_US)\.dat$", n) for n in names), sorted(names)


def test_matplotlib_carries_its_qtagg_backend_its_settings_and_the_charts_fonts_only(bundle_dir):
    mpl = bundle_dir / "_internal" / "matplotlib"
    data = sorted(p.relative_to(mpl / "mpl-data").as_posix() for p in (mpl / "mpl-data").rglob("*") if p.is_file())
    assert data == [
        "fonts/ttf/DejaVuSans-Bold.ttf",
        "fonts/ttf/DejaVuSans-BoldOblique.ttf",
        "fonts/ttf/DejaVuSans-Oblique.ttf",
        "fonts/ttf/DejaVuSans.ttf",
        "fonts/ttf/DejaVuSansDisplay.ttf",
        "fonts/ttf/LICENSE_DEJAVU",
        "fonts/ttf/LastResortHE-Regular.ttf",
        "matplotlibrc",
    ]
    internal = bundle_dir / "_internal"
    assert not list(internal.rglob("*tkagg*")) and not list(internal.rglob("_tkinter*"))
    assert not list(internal.glob("PIL/_imagingft*")) and not list(internal.glob("pillow.libs/libharfbuzz*"))


def test_the_frozen_app_shows_inicio_with_its_chart_prints_a_statement_and_previews_it(bundle, tmp_path):
    """packaging/frozen_check.py inside the real app: matplotlib's QtAgg chart drawn,
    ReportLab's PDF written through the GUI's print path, PDFium's pages in Qt's
    print preview (QtPrintSupport), and printed from it to a file."""
    db, out, home = tmp_path / "demo.sqlite", tmp_path / "check", tmp_path / "home"
    assert frozen(bundle, "demo", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as con:
        grams, = con.execute("SELECT SUM(net_g) FROM deliveries WHERE voided_at IS NULL").fetchone()
        products, months = con.execute("SELECT count(DISTINCT product_id), count(DISTINCT substr(date, 1, 7)) "
                                       "FROM deliveries WHERE voided_at IS NULL").fetchone()
    env = {f"XDG_{k}_HOME": str(home / k.lower()) for k in ("CONFIG", "DATA", "CACHE", "STATE")}
    check = frozen(bundle, "--db", str(db), COOPDESK_FROZEN_CHECK=str(out), QT_QPA_PLATFORM="offscreen",
                   HOME=str(home), **env)
    assert check.returncode == 0, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    chart = re.fullmatch(r"chart: (\d+) products, (\d+) months, ([\d.]+) kg, (\d+) px of #8c510a", lines[0])
    assert chart, lines
    assert int(chart[1]) == products == 4 and int(chart[2]) >= months  # the months without tickets too
    assert Decimal(chart[3]) == Decimal(grams).scaleb(-3)
    assert int(chart[4]) > 5000  # the first product's bars, drawn by Agg
    statement = re.fullmatch(r"statement: (estado-cuenta-2026-S\d{5}-000001\.pdf)", lines[1])
    assert statement, lines
    printed_by_app = next(home.rglob(statement[1]))
    pages = len(PdfReader(printed_by_app).pages)
    assert "ESTADO DE CUENTA DEL SOCIO" in PdfReader(printed_by_app).pages[0].extract_text()
    assert lines[2:] == [f"preview: {pages} of {pages} pages", f"printed: {pages} pages"]
    assert len(PdfReader(out / "impreso.pdf").pages) == pages
    png = (out / "inicio.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) >= (800, 500)


def test_the_bundle_is_stripped(bundle_dir):
    libpython = next((bundle_dir / "_internal").glob("libpython3*.so*"))
    sections = subprocess.run(["readelf", "-S", "-W", str(libpython)], capture_output=True, text=True,
                              check=True).stdout
    assert ".symtab" not in sections and ".debug_info" not in sections
