"""Dialog for a server profile: name, address, TLS settings and API key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alprdesk.config import ProfileError, ServerProfile, make_profile

CLEAR_TEXT_WARNING = (
    "Warning: this address uses plain http. Scout sends the API key inside the URL, "
    "so anyone on the network path can read it. Use https unless the server is on "
    "this machine."
)


class ProfileDialog(QDialog):
    """Edit or create a profile. ``profile()`` and ``api_key()`` hold the result.

    The key field never shows a saved key: left empty, the saved key is kept.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        profile: ServerProfile | None = None,
        *,
        taken_names: set[str] | None = None,
        key_is_session_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit server profile" if profile else "New server profile")
        self.setMinimumWidth(520)
        self._editing = profile
        self._taken_names = set(taken_names or ()) - ({profile.name} if profile else set())
        self._result: ServerProfile | None = None

        self.name = QLineEdit(profile.name if profile else "")
        self.name.setObjectName("profileName")
        self.name.setPlaceholderText("e.g. County Scout server")
        self.base_url = QLineEdit(profile.base_url if profile else "https://")
        self.base_url.setObjectName("profileUrl")
        self.base_url.setPlaceholderText("https://scout.example.org")
        self.verify_tls = QCheckBox("Verify the server's TLS certificate")
        self.verify_tls.setChecked(profile.verify_tls if profile else True)
        self.ca_bundle = QLineEdit(str(profile.ca_bundle) if profile and profile.ca_bundle else "")
        self.ca_bundle.setPlaceholderText("Optional: PEM file of a private certificate authority")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_ca_bundle)
        self.api_key = QLineEdit()
        self.api_key.setObjectName("profileKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        if profile is None:
            placeholder = "API key"
        elif key_is_session_only:
            placeholder = "Kept for this session only; enter it again to save it"
        else:
            placeholder = "Saved in the keyring; leave empty to keep it"
        self.api_key.setPlaceholderText(placeholder)
        self.warning = QLabel(CLEAR_TEXT_WARNING)
        self.warning.setObjectName("clearTextWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error = QLabel("")
        self.error.setObjectName("profileError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")

        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle)
        ca_row.addWidget(browse)
        ca_label = QLabel("&CA bundle")
        ca_label.setBuddy(self.ca_bundle)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Base URL", self.base_url)
        form.addRow("", self.verify_tls)
        form.addRow(ca_label, ca_row)
        form.addRow("API &key", self.api_key)
        hint = QLabel(
            "The key is stored in the operating system's keyring, never in a file. "
            "Each user creates one on the Scout web server under /account/my_account."
        )
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.base_url.textChanged.connect(self._update_warning)
        self.verify_tls.toggled.connect(self.ca_bundle.setEnabled)
        self._update_warning()

    def profile(self) -> ServerProfile | None:
        return self._result

    def key(self) -> str:
        """Return the key typed in the dialog, or an empty string to keep the saved one."""
        return self.api_key.text().strip()

    def accept(self) -> None:
        try:
            profile = make_profile(
                name=self.name.text(),
                base_url=self.base_url.text(),
                verify_tls=self.verify_tls.isChecked(),
                ca_bundle=self.ca_bundle.text().strip() or None,
            )
        except ProfileError as exc:
            self.error.setText(str(exc))
            return
        if profile.name in self._taken_names:
            self.error.setText(f"A profile named {profile.name!r} already exists.")
            return
        if self._editing is None and not self.key():
            self.error.setText("Enter the API key for this server.")
            return
        self._result = profile
        super().accept()

    def _update_warning(self) -> None:
        try:
            profile = make_profile(name="check", base_url=self.base_url.text())
        except ProfileError:
            self.warning.hide()
            return
        self.warning.setVisible(profile.sends_key_in_clear)

    def _browse_ca_bundle(self) -> None:
        dialog = QFileDialog(self, "Choose a CA bundle", str(Path.home()))
        dialog.setNameFilters(["Certificates (*.pem *.crt *.cer)", "All files (*)"])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ca_bundle.setText)
        dialog.open()
