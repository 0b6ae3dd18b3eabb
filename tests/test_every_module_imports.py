"""Every module of coopdesk imports: the CLI's commands, the window's screens and
the printers are imported by name only when used (coopdesk/cli/__init__.py,
gui/main_window.py), so a broken import in one of them would otherwise show only
to the treasurer who first opens it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import coopdesk

MODULES = sorted(m.name for m in pkgutil.walk_packages(coopdesk.__path__, "coopdesk.")
                 if ".migrations" not in m.name and not m.name.endswith("__main__"))


def test_the_package_has_its_layers():
    assert {"coopdesk.cli.book", "coopdesk.gui.main_window", "coopdesk.core.book",
            "coopdesk.reports.flowables"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_the_module_imports(name):
    importlib.import_module(name)
