"""The Qt bindings keep Python's reference counts intact.

PySide6 6.12.0 on Python 3.11 releases a reference to True on every emit of a
Signal(bool), so a long session ends in "bool_dealloc" when the interpreter
exits. This guards the version range in pyproject.toml.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication


class _Emitter(QObject):
    flag = Signal(bool)


def test_emitting_bools_keeps_their_reference_counts(qapp: QApplication) -> None:
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(50):
        emitter.flag.emit(True)
        emitter.flag.emit(False)
    received.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
