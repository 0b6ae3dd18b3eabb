"""Root conftest: makes the source tree importable without installing it, and
keeps Qt on its offscreen platform so GUI tests never need a screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
