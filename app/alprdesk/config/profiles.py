"""Server profiles: which Scout servers the user works with, saved without their keys."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

logger = logging.getLogger(__name__)

SETTINGS_VERSION = 1


class ProfileError(ValueError):
    """A profile or the profiles file is invalid. The message names the invalid value."""


class ServerProfile(BaseModel):
    """Connection settings of one Scout web server. The API key lives in the keyring."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str = Field(max_length=100)
    base_url: str
    verify_tls: bool = True
    ca_bundle: Path | None = None

    @field_validator("name")
    @classmethod
    def _strip_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("enter a name for the profile")
        return value

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        try:
            parts.port  # noqa: B018 - urlsplit checks the port only when it is read
        except ValueError:
            raise ValueError("the port must be a number from 1 to 65535") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("enter an address starting with http:// or https:// and a host")
        if parts.query or parts.fragment:
            raise ValueError("remove the query string or fragment (the part after ? or #)")
        if parts.username or parts.password:
            raise ValueError("remove the user name or password; the API key is entered separately")
        return value

    @property
    def sends_key_in_clear(self) -> bool:
        """True when the key would travel unencrypted to a host other than this machine."""
        parts = urlsplit(self.base_url)
        return parts.scheme == "http" and not is_loopback(parts.hostname or "")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_FIELD_LABELS = {"name": "Name", "base_url": "Base URL", "ca_bundle": "CA bundle"}


def make_profile(**values: object) -> ServerProfile:
    """Build a profile, raising ``ProfileError`` with a readable message."""
    try:
        return ServerProfile.model_validate(values)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "profile"
        message = str(first["msg"]).removeprefix("Value error, ")
        label = _FIELD_LABELS.get(field, field)
        raise ProfileError(f"{label}: {message[:1].upper()}{message[1:]}.") from None


class ProfileStore:
    """The profiles file: a JSON list of profiles and the one last used."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[list[ServerProfile], str | None]:
        """Return the saved profiles and the last used profile's name.

        An unreadable file is logged and treated as empty, so a damaged file
        never keeps the app from starting. The file stays as it is until the next save.
        """
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return [], None
        except (OSError, ValueError) as exc:
            logger.error("Cannot read the profiles file %s: %s", self.path, exc)
            return [], None

        profiles: list[ServerProfile] = []
        for entry in raw.get("profiles", []) if isinstance(raw, dict) else []:
            try:
                profiles.append(ServerProfile.model_validate(entry))
            except ValidationError as exc:
                logger.error("Skipping an invalid profile in %s: %s", self.path, exc)
        last = raw.get("last_profile") if isinstance(raw, dict) else None
        return profiles, last if isinstance(last, str) else None

    def save(self, profiles: list[ServerProfile], last_profile: str | None) -> None:
        """Write the file atomically, so a crash leaves the old or the new version."""
        document = {
            "version": SETTINGS_VERSION,
            "last_profile": last_profile,
            "profiles": [profile.model_dump(mode="json") for profile in profiles],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".profiles-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(document, file, indent=2)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
