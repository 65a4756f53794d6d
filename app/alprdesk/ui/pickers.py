"""Editable combo boxes that offer the server's sites, cameras and alert lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter

MIN_CONTENTS_LENGTH = 14


class Picker(QComboBox):
    """Choices from a server listing that also accept free text.

    Searches read ``currentText()``, not ``currentData()``: the typed text
    can differ from the item Qt still counts as current. Suggestions pop up
    for text found anywhere in an item, and the typed text is only replaced
    when the user picks one, so typing ``1`` never turns into ``101``.
    """

    submitted = Signal()

    def __init__(self, name: str, placeholder: str, tooltip: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setToolTip(tooltip)
        # Long names from the server must not widen the form beyond the window.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(MIN_CONTENTS_LENGTH)
        edit = self.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        # The line edit also emits returnPressed when Enter picks a suggestion.
        edit.returnPressed.connect(self.submitted)
        completer = self.completer()
        if completer is not None:
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The combo box has the focus and passes keys to its line edit, whose
        # returnPressed has submitted by now. Accepting Enter keeps the form's
        # own Enter handling from searching a second time.
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()

    def set_entries(self, entries: Sequence[tuple[str, Any]]) -> None:
        """Replace the items by ``(label, data)`` pairs, keeping what the user typed or chose.

        A chosen item whose label changed is chosen again by its data.
        """
        typed = self.currentText()
        index = self.currentIndex()
        chosen = self.itemData(index) if index >= 0 and self.itemText(index) == typed else None

        self.clear()
        for label, data in entries:
            self.addItem(label, data)

        again = self.findData(chosen) if chosen is not None else -1
        if again < 0:
            again = self.findText(typed, Qt.MatchFlag.MatchExactly) if typed else -1
        self.setCurrentIndex(again)
        if again < 0:
            self.setEditText(typed)

    def labels(self) -> list[str]:
        return [self.itemText(index) for index in range(self.count())]
