"""Start-up from source against bare baselines measured in the same run (issue 11, item 7).

    .venv/bin/python benchmarks/bench_startup.py [--runs 9] [--members 20]

Each figure is the median of ``--runs`` new processes, all taken in turns so that
the machine's load falls on every one alike:

- ``python -c pass``: the bare interpreter (with this venv's site);
- ``coopdesk --version`` and ``coopdesk --help`` (``python -m coopdesk``, what the
  ``coopdesk`` entry point runs: ``coopdesk.cli:main``); target at most 0.2 s;
- a read command, ``coopdesk members list`` on a small demo book (``--members``
  members, ten deliveries each) that opens with its automatic login (a typed
  password costs argon2's deliberate work on top); target at most 0.5 s;
- the GUI to its first window exposed on Qt's offscreen platform
  (packaging/coopdesk_main.py with ``COOPDESK_EXIT_ON_WINDOW=1``, on the same
  book) against a bare PySide6 QMainWindow with a QLabel; target at most 2x.

The absolute targets are for a quiet machine; on a loaded one read the ratios,
the time above bare Python, and the CPU time: each process's user + system time
(``RUSAGE_CHILDREN``), which a machine shared with other work inflates far less
than the wall time (for the GUI rows, to the process's exit, which
``COOPDESK_EXIT_ON_WINDOW`` makes right after its first window). The frozen bundle's size and start are
benchmarks/bench_bundle.py's.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_bundle import HELLO, first_window

ROOT = Path(__file__).resolve().parents[1]
PYTHON = os.environ.get("PYTHON", sys.executable)


def elapsed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(run) -> tuple[float, float]:
    """The wall time ``run`` returns, and the CPU time of the process it waited for."""
    before = children_cpu()
    wall = run()
    return wall, children_cpu() - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--members", type=int, default=20)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        tmp = Path(tmp)
        (tmp / "home").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "XDG_", "COOPDESK_"))}
        env.update(HOME=str(tmp / "home"), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        db = str(tmp / "demo.sqlite")
        coopdesk = [PYTHON, "-m", "coopdesk"]
        subprocess.run([*coopdesk, "demo", "--db", db, "--members", str(args.members), "--deliveries",
                        str(args.members * 10), "--automatic-login", "--password", "benchmark-only"],
                       check=True, capture_output=True, env=env)
        gui_env = dict(env, COOPDESK_EXIT_ON_WINDOW="1")
        gui = [PYTHON, str(ROOT / "packaging" / "coopdesk_main.py"), "--db", db]
        commands = {
            "python -c pass": lambda: elapsed([PYTHON, "-c", "pass"], env),
            "coopdesk --version": lambda: elapsed([*coopdesk, "--version"], env),
            "coopdesk --help": lambda: elapsed([*coopdesk, "--help"], env),
            "coopdesk members list": lambda: elapsed([*coopdesk, "members", "list", "--db", db], env),
            "bare PySide6 window": lambda: first_window([PYTHON, "-c", HELLO], env),
            "coopdesk main window": lambda: first_window(gui, gui_env),
        }
        for run in commands.values():  # once each first: every file in the page cache, every .pyc written
            run()
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, run in commands.items():
                wall, used = timed(run)
                times[name].append(wall)
                cpu[name].append(used)

    median = {name: statistics.median(values) for name, values in times.items()}
    bare, window = median["python -c pass"], median["bare PySide6 window"]
    print(f"Start-up from source, {os.cpu_count()} cores, load {load_before:.2f} before and "
          f"{os.getloadavg()[0]:.2f} after, median of {args.runs} "
          f"runs each, taken in turns; a demo book of {args.members} members")
    print(f"{'':24} {'median s':>9} {'min':>7} {'max':>7} {'ratio':>16} {'above bare s':>13} {'CPU s':>7} "
          f"{'CPU min':>7}  target")
    targets = {"coopdesk --version": "≤ 0.2 s", "coopdesk --help": "≤ 0.2 s", "coopdesk members list": "≤ 0.5 s",
               "coopdesk main window": "≤ 2x the bare window"}
    for name, values in times.items():
        base, against = (window, "window") if "window" in name else (bare, "python")
        ratio = f"{median[name] / base:.2f}x {against}" if name not in ("python -c pass", "bare PySide6 window") else ""
        above = f"{median[name] - base:.3f}" if ratio else ""
        print(f"{name:24} {median[name]:9.3f} {min(values):7.3f} {max(values):7.3f} {ratio:>16} {above:>13} "
              f"{statistics.median(cpu[name]):7.3f} {min(cpu[name]):7.3f}  {targets.get(name, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
