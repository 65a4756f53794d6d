"""Dialog requesting a profile's API key when none can be read from the keyring."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class KeyPromptDialog(QDialog):
    """Ask for an API key; ``key()`` returns what was typed."""

    def __init__(self, parent: QWidget | None, profile: str, reason: str, *, session_only: bool):
        super().__init__(parent)
        self.setWindowTitle(f"API key for {profile}")
        self.setMinimumWidth(460)

        where = (
            "It will be kept in memory for this session only and never written to a file."
            if session_only
            else "It will be saved in the operating system's keyring."
        )
        self.explanation = QLabel(f"{reason}\n\nEnter the API key for {profile!r}. {where}")
        self.explanation.setWordWrap(True)
        self.api_key = QLineEdit()
        self.api_key.setObjectName("promptKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("API key")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.api_key)
        layout.addWidget(buttons)

    def key(self) -> str:
        return self.api_key.text().strip()

    def accept(self) -> None:
        if self.key():
            super().accept()
