"""One bundle per test session, built from packaging/coopdesk.spec (slow tests only)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory) -> Path:
    """dist/coopdesk/ of a fresh build (about a minute and a half on 2 cores)."""
    dist = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, PYTHON=sys.executable)
    build = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), str(dist)], env=env,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return dist / "coopdesk"


@pytest.fixture(scope="session")
def bundle(bundle_dir) -> Path:
    exe = bundle_dir / ("coopdesk-cli.exe" if os.name == "nt" else "coopdesk")
    assert exe.exists()
    return exe


def frozen_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no PYTHON* variables leaking the venv in,
    and not the tests' own login (COOPDESK_USER/PASSWORD, for books the tests make):
    the frozen demo is made as a treasurer makes it, with its documented automatic
    login, which the desktop app opens without asking."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTHON") and k not in ("COOPDESK_USER", "COOPDESK_PASSWORD")}
    env.update(extra)
    return env
