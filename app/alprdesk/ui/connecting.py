"""Opening a profile's connection: the client, then the server's listings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from alprdesk.config import ServerProfile
from alprdesk.scout import (
    ConnectionFailedError,
    ListedItem,
    RequestTimeoutError,
    ScoutClient,
    ScoutError,
    ServerError,
    UnauthorizedError,
)
from alprdesk.ui.profiles_controller import ProfilesController

logger = logging.getLogger(__name__)

# Failures of the first request after connecting that mean the profile is unusable.
_UNUSABLE = (UnauthorizedError, ConnectionFailedError, RequestTimeoutError, ServerError)


class ConnectFailedError(Exception):
    """The profile could not be used; ``message`` gives the reason in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Connection:
    """An open client and the server's listings; a missing listing is empty."""

    client: ScoutClient
    cameras: list[ListedItem]
    agents: list[ListedItem]
    alert_lists: list[ListedItem]

    def agent_names(self) -> dict[str, str]:
        """Agent names by agent uid, for agents whose listing names them."""
        names: dict[str, str] = {}
        for item in self.agents:
            uid = item.fields.get("agent_uid", item.id)
            if uid is not None and item.name and item.name != str(uid):
                names[str(uid)] = item.name
        return names

    def camera_names(self) -> dict[str, str]:
        """Camera names by camera number, for cameras whose name says more than the number."""
        names: dict[str, str] = {}
        for item in self.cameras:
            number = item.fields.get("camera", item.fields.get("camera_number", item.id))
            if number is not None and item.name and item.name != str(number):
                names[str(number)] = item.name
        return names


async def open_connection(
    profiles: ProfilesController, parent: QWidget, profile: ServerProfile
) -> Connection:
    """Open ``profile``'s client, asking for a key if needed, and load the listings.

    The camera list is the first request, so it also proves the key and the
    address work. Raises ``ConnectFailedError``.
    """
    client: ScoutClient | None = None
    try:
        client = await profiles.client_for(parent, profile)
        if client is None:
            raise ConnectFailedError(f"No API key entered for {profile.name}; not connected.")
        cameras = await client.cameras()
    except _UNUSABLE as exc:
        await profiles.connections.forget(profile.name)
        raise ConnectFailedError(f"Cannot use {profile.name}. {exc.title}: {exc.message}") from None
    except ScoutError as exc:
        if client is None:
            raise ConnectFailedError(
                f"Cannot open {profile.name}. {exc.title}: {exc.message}"
            ) from None
        # The listings are undocumented; a server without them still searches.
        logger.info("Camera list of %r unavailable: %s", profile.name, exc)
        cameras = []
    agents, alert_lists = await asyncio.gather(
        _listing_or_empty(client.agents()), _listing_or_empty(client.alert_lists())
    )
    return Connection(client, cameras, agents, alert_lists)


def connected_text(profile: ServerProfile) -> str:
    text = f"Connected to {profile.name} ({profile.base_url}). Enter a plate or press Search."
    if profile.sends_key_in_clear:
        text += " Warning: plain http; the API key is sent unencrypted."
    return text


async def _listing_or_empty(listing: Awaitable[list[ListedItem]]) -> list[ListedItem]:
    try:
        return await listing
    except ScoutError as exc:
        logger.info("Listing unavailable: %s", exc.title)
        return []
