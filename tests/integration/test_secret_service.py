"""A key stored, read and deleted through a real Secret Service (GNOME Keyring in CI)."""

from __future__ import annotations

import os
import uuid

import keyring
import pytest

from alprdesk.config import SecretStore

pytestmark = pytest.mark.secret_service


def test_round_trip_through_secret_service() -> None:
    if os.environ.get("ALPRDESK_TEST_SECRET_SERVICE") != "1":
        pytest.skip("set ALPRDESK_TEST_SECRET_SERVICE=1 inside a D-Bus session with a keyring")
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    keyring.set_keyring(backend)
    store = SecretStore(service=f"ALPR Desk test {uuid.uuid4().hex[:8]}")
    key = f"real-keyring-{uuid.uuid4().hex}"

    store.set("County", key)
    try:
        assert SecretStore.backend_name().endswith("SecretService.Keyring")
        assert backend.get_password(store.service, "County") == key
        assert SecretStore(service=store.service).get("County") == key
    finally:
        store.delete("County")

    assert backend.get_password(store.service, "County") is None
