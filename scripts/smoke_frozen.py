"""Smoke test of a frozen coopdesk, on Linux or Windows (the Windows workflow runs it).

    python scripts/smoke_frozen.py PATH/TO/coopdesk[-cli.exe] [--gui PATH/TO/coopdesk.exe]

Runs, in a scratch folder with its own user-data folder (HOME/LOCALAPPDATA):
``--version``; ``demo``; ``statements`` (every PDF written and starting
with %PDF); a plot's polygon checked (shapely and pyproj frozen); and the desktop app offscreen on the demo book until its main
window shows (``COOPDESK_EXIT_ON_WINDOW=1``, see packaging/coopdesk_main.py).
Prints what it checked; exit 1 at the first thing that is wrong.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(exe: Path, *args: str, env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=timeout)


def check(ok: bool, what: str, result: subprocess.CompletedProcess | None = None) -> None:
    if not ok:
        detail = f"\n  exit {result.returncode}\n  stdout: {result.stdout[-2000:]}\n  stderr: {result.stderr[-2000:]}" \
            if result is not None else ""
        print(f"FAILED: {what}{detail}")
        sys.exit(1)
    print(f"ok: {what}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("cli", type=Path, help="the console executable (coopdesk, coopdesk-cli.exe)")
    parser.add_argument("--gui", type=Path, help="the windowed executable, if another (coopdesk.exe)")
    args = parser.parse_args(argv)
    gui = args.gui or args.cli
    with tempfile.TemporaryDirectory(prefix="coopdesk-smoke-") as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "XDG_", "COOPDESK_"))}
        env.update(HOME=str(home), USERPROFILE=str(home), LOCALAPPDATA=str(home / "AppData" / "Local"),
                   APPDATA=str(home / "AppData" / "Roaming"), QT_QPA_PLATFORM="offscreen")
        db, out = tmp / "demo.sqlite", tmp / "estados"

        started = time.perf_counter()
        version = run(args.cli, "--version", env=env)
        check(version.returncode == 0 and re.fullmatch(r"coopdesk \S+ \(schema \d{4}\)\n", version.stdout) is not None,
              f"--version: {version.stdout.strip()} ({time.perf_counter() - started:.2f} s)", version)
        demo = run(args.cli, "demo", "--db", str(db), env=env)
        check(demo.returncode == 0 and "150 socios" in demo.stdout, "demo: 150 socios", demo)
        printed = run(args.cli, "statements", "--db", str(db), "--out", str(out), env=env)
        pdfs = sorted(out.glob("*.pdf"))
        check(printed.returncode == 0 and len(pdfs) > 100, f"statements: {len(pdfs)} PDFs", printed)
        check(all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs), "every statement is a PDF")
        plot = tmp / "parcela.geojson"  # geometry (shapely, numpy) and geodesic area (pyproj) work frozen
        plot.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"Nombre":"La Loma",'
                        '"ha":"12.00"},"geometry":{"type":"Polygon","coordinates":[[[-69.150000,-12.600000],'
                        '[-69.140000,-12.600000],[-69.140000,-12.601000],[-69.150000,-12.601000],'
                        '[-69.150000,-12.600000]]]}}]}', encoding="utf-8")
        plots = run(args.cli, "plots", "import", str(plot), "--db", str(db), "--member", "S00001", "--crop", "cacao",
                    "--yield", "600", "--check", env=env)
        check(plots.returncode == 0 and "1 parcela de parcela.geojson" in plots.stdout,
              "plots import --check: a polygon measured", plots)
        window = run(gui, "--db", str(db), env=dict(env, COOPDESK_EXIT_ON_WINDOW="1"), timeout=300)
        check(window.returncode == 0 and window.stdout.strip() == "first-window MainWindow",
              "the desktop app opens its main window (offscreen)", window)
        data = [p for p in home.rglob("*") if p.is_file()]
        print(f"files the app wrote in the user's folders: {[str(p.relative_to(home)) for p in data]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
