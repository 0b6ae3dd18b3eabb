"""The PyInstaller bundle: built from the spec, run headless, its PDFs read back.

Slow (about a minute and a half to build); CI runs it. Deselect locally with
``pytest -m "not slow"``.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, PYTHON=sys.executable)
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), str(dist)], check=True, env=env,
                   capture_output=True, text=True)
    exe = dist / "coopdesk" / ("coopdesk.exe" if os.name == "nt" else "coopdesk")
    assert exe.exists()
    return exe


def frozen(exe: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.slow
def test_the_frozen_app_makes_the_demo_and_prints_every_statement(bundle, tmp_path):
    db, out = tmp_path / "demo.sqlite", tmp_path / "estados"
    version = frozen(bundle, "--version")
    assert version.stdout == "coopdesk 0.1.0\n"
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


@pytest.mark.slow
def test_the_frozen_app_speaks_spanish_and_english_to_a_mistake(bundle, tmp_path):
    missing = tmp_path / "no-hay.sqlite"
    es = frozen(bundle, "--db", str(missing), "members", "list")
    en = frozen(bundle, "--lang", "en", "--db", str(missing), "members", "list")
    assert (es.returncode, es.stderr) == (2, f"Error: No existe la base de datos {missing}.\n")
    assert (en.returncode, en.stderr) == (2, f"Error: The database {missing} does not exist.\n")
