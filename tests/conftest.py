"""Fixtures shared by every test: offscreen Qt, a private home folder and an in-memory keyring."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

# Set before any Qt import, so no test needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class FailingKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that behaves like a workstation with no Secret Service."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring, so none touches the real one."""
    previous = keyring.get_keyring() if _keyring_chosen() else None
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    if previous is not None:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point settings, logs and cache at a fresh folder."""
    home = tmp_path_factory.mktemp("alprdesk-home")
    monkeypatch.setenv("ALPRDESK_HOME", str(home))
    monkeypatch.delenv("ALPRDESK_API_KEY", raising=False)
    return home


def _keyring_chosen() -> bool:
    # keyring.get_keyring() would probe D-Bus on first use; only ask once one is set.
    from keyring.core import _keyring_backend  # type: ignore[attr-defined]

    return _keyring_backend is not None


@pytest.fixture
def berlin() -> Iterator[None]:
    """The workstation's zone set to Europe/Berlin, which leaves summer time on 25 Oct 2026."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
