"""The demo cooperative at benchmark size, built in a child process (so the
benchmark's own peak memory is what it measures), and the year the law asks to
be closed before its remanente is distributed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JANUARY = date(2027, 1, 20)    # the contador closes 2026
ACTA_DAY = date(2027, 1, 18)   # the assembly approved the distribution


def build_demo_apart(db: Path, members: int, deliveries: int) -> None:
    subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                    "from coopdesk.core.demo import build_demo; "
                    "build_demo(sys.argv[2], members=int(sys.argv[3]), deliveries=int(sys.argv[4]))",
                    str(ROOT), str(db), str(members), str(deliveries)], check=True)
