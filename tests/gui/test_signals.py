"""A long session emits tens of thousands of signals; Python's True must survive them.

PySide6-Essentials 6.12.0 on Python 3.11 loses a reference to True at every
Python-side emit() and aborts the process ("bool_dealloc") after a few thousand:
pyproject.toml keeps PySide6 below 6.12. This test fails if an allowed version
has the fault again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Bell(QObject):
    rang = Signal()
    said = Signal(object)


def test_emitting_many_signals_leaves_true_alone():
    bell = Bell()
    heard = []
    bell.said.connect(heard.append)
    before = sys.getrefcount(True)
    for n in range(200):
        bell.rang.emit()
        bell.said.emit(n)
    assert len(heard) == 200
    assert abs(sys.getrefcount(True) - before) < 50
