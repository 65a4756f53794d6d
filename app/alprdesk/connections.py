"""One long-lived Scout client per server profile, opened on first use."""

from __future__ import annotations

import asyncio
import logging

from alprdesk.config import SecretStore, ServerProfile
from alprdesk.scout import ScoutClient

logger = logging.getLogger(__name__)


class MissingKeyError(LookupError):
    """The profile has no API key in the keyring or in this session."""

    def __init__(self, profile: str) -> None:
        super().__init__(profile)
        self.message = (
            f"No API key is saved for the profile {profile!r}. Edit the profile and enter the key."
        )


class Connections:
    """Clients by profile name; a changed profile gets a new client."""

    def __init__(self, secrets: SecretStore) -> None:
        self.secrets = secrets
        self._clients: dict[str, tuple[ServerProfile, ScoutClient]] = {}
        self._lock = asyncio.Lock()

    async def client_for(self, profile: ServerProfile) -> ScoutClient:
        """Return the profile's client, reading its key from the keyring if needed.

        Raises ``MissingKeyError``, ``KeyringUnavailableError`` or ``ScoutError``.
        """
        async with self._lock:
            current = self._clients.get(profile.name)
            if current is not None and current[0] == profile and not current[1].is_closed:
                return current[1]
            if current is not None:
                await current[1].aclose()
                del self._clients[profile.name]

            key = await asyncio.to_thread(self.secrets.get, profile.name)
            if not key:
                raise MissingKeyError(profile.name)
            client = await ScoutClient.open(
                profile.base_url, key, verify_tls=profile.verify_tls, ca_bundle=profile.ca_bundle
            )
            self._clients[profile.name] = (profile, client)
            logger.info("Opened a connection for profile %r", profile.name)
            return client

    async def forget(self, name: str) -> None:
        async with self._lock:
            entry = self._clients.pop(name, None)
        if entry is not None:
            await entry[1].aclose()

    async def aclose(self) -> None:
        async with self._lock:
            entries = list(self._clients.values())
            self._clients.clear()
        for _profile, client in entries:
            await client.aclose()
