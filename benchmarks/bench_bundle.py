"""The coopdesk bundle against a bare PySide6-Essentials hello-world bundle, built in the same run.

    .venv/bin/python benchmarks/bench_bundle.py [--runs 7] [--keep DIR] [--reuse DIR]

Builds both with the same PyInstaller (onedir): the hello bundle with
PyInstaller's defaults (a QMainWindow with a QLabel: what "bare" means), coopdesk
from packaging/coopdesk.spec. Prints each bundle's size (the bytes of its
files) and file count, and the cold start to the first window: from starting
the process to the first window exposed on Qt's offscreen platform (the
programs print ``first-window`` then; coopdesk opens the demo book), the median
of ``--runs`` starts, taken in turns. "Cold" is a new process each time; the
files are in the page cache (dropping it would slow everyone else on a shared
machine). Goal (issue 11): coopdesk at most 1.2x the hello bundle in both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = os.environ.get("PYTHON", sys.executable)

HELLO = textwrap.dedent('''
    import sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)

    class FirstWindow(QObject):
        done = False

        def eventFilter(self, obj, event):
            if not self.done and event.type() == QEvent.Type.Expose and obj.isWindowType() and obj.isExposed():
                self.done = True
                print("first-window hello", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    watch = FirstWindow()
    app.installEventFilter(watch)
    window = QMainWindow()
    window.setWindowTitle("hello")
    window.setCentralWidget(QLabel("Hola"))
    window.show()
    sys.exit(app.exec())
''')


def build_hello(dist: Path) -> Path:
    work = dist / ".hello-build"
    work.mkdir(parents=True, exist_ok=True)
    script = work / "hello.py"
    script.write_text(HELLO, encoding="utf-8")
    subprocess.run([PYTHON, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", "--onedir",
                    "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work), str(script)],
                   check=True, capture_output=True)
    return dist / "hello" / "hello"


def build_coopdesk(dist: Path) -> Path:
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), str(dist)], check=True, capture_output=True,
                   env=dict(os.environ, PYTHON=PYTHON))
    return dist / "coopdesk" / "coopdesk"


def size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def first_window(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    proc.wait(timeout=120)
    if not line.startswith("first-window"):
        raise SystemExit(f"{cmd[0]} showed no window (exit {proc.returncode})")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    parser.add_argument("--reuse", type=Path, help="measure the bundles already built in this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        tmp = Path(tmp)
        dist = args.reuse or args.keep or tmp / "dist"
        built = {}
        if args.reuse:
            hello, coop = dist / "hello" / "hello", dist / "coopdesk" / "coopdesk"
        else:
            started = time.perf_counter()
            hello = build_hello(dist)
            built["hello"] = time.perf_counter() - started
            started = time.perf_counter()
            coop = build_coopdesk(dist)
            built["coopdesk"] = time.perf_counter() - started
        home = tmp / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "XDG_", "COOPDESK_"))}
        env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
        db = tmp / "demo.sqlite"
        subprocess.run([str(coop), "demo", "--db", str(db)], check=True, capture_output=True, env=env)
        runs = {"hello": [], "coopdesk": []}
        first_window([str(hello)], env)  # one start each first, so both read from the page cache alike
        first_window([str(coop), "--db", str(db)], dict(env, COOPDESK_EXIT_ON_WINDOW="1"))
        for _ in range(args.runs):
            runs["hello"].append(first_window([str(hello)], env))
            runs["coopdesk"].append(first_window([str(coop), "--db", str(db)], dict(env, COOPDESK_EXIT_ON_WINDOW="1")))
        version = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([str(coop), "--version"], check=True, capture_output=True, env=env)
            version.append(time.perf_counter() - started)

        sizes = {"hello": size(hello.parent), "coopdesk": size(coop.parent)}
        medians = {name: statistics.median(times) for name, times in runs.items()}
        print(f"PyInstaller onedir bundles, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
              f"{args.runs} starts each (offscreen, to the first window exposed)")
        if built:
            print(f"build time: hello {built['hello']:.0f} s, coopdesk {built['coopdesk']:.0f} s")
        print(f"{'':10} {'size MB':>9} {'files':>6} {'start median s':>15} {'min':>6} {'max':>6}")
        for name in ("hello", "coopdesk"):
            b, n = sizes[name]
            print(f"{name:10} {b / 1e6:9.1f} {n:6d} {medians[name]:15.3f} {min(runs[name]):6.3f} {max(runs[name]):6.3f}")
        print(f"ratio coopdesk/hello: size {sizes['coopdesk'][0] / sizes['hello'][0]:.2f}x, "
              f"files {sizes['coopdesk'][1] / sizes['hello'][1]:.2f}x, "
              f"start {medians['coopdesk'] / medians['hello']:.2f}x (goal: at most 1.2x in size and start)")
        print(f"coopdesk --version (frozen): median {statistics.median(version):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
