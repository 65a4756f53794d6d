"""Settings, server profiles, API keys and logging, without Qt."""

from alprdesk.config.credentials import KeyringUnavailableError, SecretStore
from alprdesk.config.paths import AppPaths
from alprdesk.config.profiles import ProfileError, ProfileStore, ServerProfile, make_profile

__all__ = [
    "AppPaths",
    "KeyringUnavailableError",
    "ProfileError",
    "ProfileStore",
    "SecretStore",
    "ServerProfile",
    "make_profile",
]
