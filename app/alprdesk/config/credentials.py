"""API keys in the operating system's keyring, never in a file.

Every call may block (D-Bus, an unlock prompt), so the UI runs them in a
worker thread. When no keyring is available the user may keep a key for the
current session only; nothing is ever written in plain text.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail

from alprdesk.redaction import register_secret

logger = logging.getLogger(__name__)

KEYRING_SERVICE = "ALPR Desk"


class KeyringUnavailableError(Exception):
    """The OS keyring cannot be used. ``message`` states the reason and what to do."""

    title = "Keyring unavailable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SecretStore:
    """API keys by profile name: the OS keyring plus keys kept for this session."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self.service = service
        self._session_keys: dict[str, str] = {}
        self._lock = threading.Lock()

    @staticmethod
    def backend_name() -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__qualname__}"

    @staticmethod
    def keyring_available() -> bool:
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            return False
        try:
            return bool(backend.priority > 0)
        except Exception:  # a backend priority check may raise anything
            return False

    def get(self, profile: str) -> str | None:
        """Return the profile's key from this session's keys or from the keyring."""
        with self._lock:
            if profile in self._session_keys:
                return self._session_keys[profile]
        try:
            key = keyring.get_password(self.service, profile)
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from None
        if key:
            register_secret(key)
        return key

    def set(self, profile: str, key: str) -> None:
        """Save the key in the keyring; raises ``KeyringUnavailableError`` if it cannot."""
        register_secret(key)
        try:
            keyring.set_password(self.service, profile, key)
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from None
        with self._lock:
            self._session_keys.pop(profile, None)
        logger.info("Saved the API key of profile %r in the keyring", profile)

    def set_for_session(self, profile: str, key: str) -> None:
        """Keep the key in memory until the app quits."""
        register_secret(key)
        with self._lock:
            self._session_keys[profile] = key
        logger.info("Keeping the API key of profile %r for this session only", profile)

    def is_session_only(self, profile: str) -> bool:
        with self._lock:
            return profile in self._session_keys

    def delete(self, profile: str) -> None:
        with self._lock:
            self._session_keys.pop(profile, None)
        try:
            keyring.delete_password(self.service, profile)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from None


def _unavailable(exc: keyring.errors.KeyringError) -> KeyringUnavailableError:
    logger.warning("Keyring failed: %s", exc.__class__.__name__)
    if isinstance(exc, keyring.errors.KeyringLocked):
        reason = "The keyring is locked. Unlock it and try again."
    else:
        reason = (
            "No usable keyring was found on this workstation "
            f"({exc.__class__.__name__}). On Linux, a Secret Service such as GNOME Keyring "
            "or KWallet must be running."
        )
    return KeyringUnavailableError(reason)
