"""API keys in the keyring, the session-only fallback and masked logs."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import pytest

from alprdesk.config import KeyringUnavailableError, SecretStore
from alprdesk.config.logs import setup_logging
from tests.conftest import FailingKeyring, MemoryKeyring

KEY = "key-Jq7Lm2Np9Xc4"


def test_set_get_delete(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()

    store.set("County", KEY)

    assert memory_keyring.passwords == {("ALPR Desk", "County"): KEY}
    assert store.get("County") == KEY
    store.delete("County")
    assert store.get("County") is None


def test_delete_missing_is_quiet() -> None:
    SecretStore().delete("never saved")


def test_unavailable_keyring_raises() -> None:
    keyring.set_keyring(FailingKeyring())
    store = SecretStore()

    with pytest.raises(KeyringUnavailableError) as caught:
        store.set("County", KEY)

    assert "Secret Service" in caught.value.message
    assert KEY not in caught.value.message


def test_session_key_without_keyring() -> None:
    keyring.set_keyring(FailingKeyring())
    store = SecretStore()

    store.set_for_session("County", KEY)

    assert store.get("County") == KEY
    assert store.is_session_only("County")


def test_session_key_never_reaches_keyring(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()

    store.set_for_session("Demo", KEY)

    assert memory_keyring.passwords == {}
    assert SecretStore().get("Demo") is None


def test_keyring_available_reports_backend(memory_keyring: MemoryKeyring) -> None:
    assert SecretStore.keyring_available()
    assert SecretStore.backend_name().endswith("MemoryKeyring")


def test_log_file_masks_keys(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "alprdesk.log"
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    try:
        setup_logging(log_file)
        SecretStore().set("County", KEY)
        logging.getLogger("alprdesk.test").warning(
            "Request to /api?api_key=%s failed", "other-secret"
        )
        logging.getLogger("alprdesk.test").warning("The key is %s", KEY)
    finally:
        for handler in root.handlers[len(handlers_before) :]:
            handler.close()
            root.removeHandler(handler)
        root.setLevel(level_before)
        logging.captureWarnings(False)

    text = log_file.read_text()
    assert "Request to /api?api_key=********" in text
    assert "The key is ********" in text
    assert KEY not in text
    assert "other-secret" not in text
