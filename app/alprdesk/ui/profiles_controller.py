"""Server profiles in the app: saving, keys in the keyring and the dialogs that edit them."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from alprdesk.config import KeyringUnavailableError, ProfileStore, SecretStore, ServerProfile
from alprdesk.connections import Connections, MissingKeyError
from alprdesk.scout import ScoutClient
from alprdesk.ui.async_tools import run_dialog
from alprdesk.ui.key_prompt import KeyPromptDialog
from alprdesk.ui.profile_dialog import ProfileDialog

logger = logging.getLogger(__name__)


class ProfilesController(QObject):
    """Saved profiles plus transient ones (the demo), each with one connection.

    File and keyring access runs in worker threads.
    """

    profiles_changed = Signal()
    message = Signal(str)
    problem = Signal(str)

    def __init__(self, store: ProfileStore, secrets: SecretStore) -> None:
        super().__init__()
        self.store = store
        self.secrets = secrets
        self.connections = Connections(secrets)
        self._profiles: dict[str, ServerProfile] = {}
        self._transient: set[str] = set()
        self.last_used: str | None = None

    async def load(self) -> None:
        profiles, last_used = await asyncio.to_thread(self.store.load)
        self._profiles = {profile.name: profile for profile in profiles}
        self.last_used = last_used if last_used in self._profiles else None
        self.profiles_changed.emit()

    def add_transient(self, profile: ServerProfile, key: str) -> None:
        """Add a profile that is never saved, whose key stays in memory."""
        self._profiles[profile.name] = profile
        self._transient.add(profile.name)
        self.secrets.set_for_session(profile.name, key)
        self.profiles_changed.emit()

    def names(self) -> list[str]:
        return list(self._profiles)

    def get(self, name: str) -> ServerProfile | None:
        return self._profiles.get(name)

    def is_transient(self, name: str) -> bool:
        return name in self._transient

    async def client_for(self, parent: QWidget, profile: ServerProfile) -> ScoutClient | None:
        """Return the profile's client, asking for its key when the keyring has none.

        Returns None when the user cancels the key prompt. Raises ``ScoutError``
        when the client cannot be built (an unreadable CA bundle).
        """
        try:
            client = await self.connections.client_for(profile)
        except MissingKeyError as exc:
            reason, session_only = exc.message, False
        except KeyringUnavailableError as exc:
            reason, session_only = exc.message, True
        else:
            await self._remember_last_used(profile.name)
            return client

        dialog = KeyPromptDialog(parent, profile.name, reason, session_only=session_only)
        if await run_dialog(dialog) != KeyPromptDialog.DialogCode.Accepted:
            return None
        key = dialog.key()
        if session_only:
            self.secrets.set_for_session(profile.name, key)
        elif not await self._store_key(parent, profile.name, key):
            return None
        client = await self.connections.client_for(profile)
        await self._remember_last_used(profile.name)
        return client

    async def _remember_last_used(self, name: str) -> None:
        if name not in self._transient and self.last_used != name:
            self.last_used = name
            await self._save()

    async def create(self, parent: QWidget) -> ServerProfile | None:
        dialog = ProfileDialog(parent, taken_names=set(self._profiles))
        if await run_dialog(dialog) != ProfileDialog.DialogCode.Accepted:
            return None
        profile = dialog.profile()
        assert profile is not None
        if not await self._store_key(parent, profile.name, dialog.key()):
            return None
        self._profiles[profile.name] = profile
        await self._save()
        self.profiles_changed.emit()
        self.message.emit(f"Saved the profile {profile.name!r}.")
        await self._check_ca_bundle(profile)
        return profile

    async def edit(self, parent: QWidget, name: str) -> ServerProfile | None:
        old = self._profiles.get(name)
        if old is None:
            self.problem.emit("Choose a profile to edit.")
            return None
        dialog = ProfileDialog(
            parent,
            old,
            taken_names=set(self._profiles),
            key_is_session_only=self.secrets.is_session_only(old.name),
        )
        if await run_dialog(dialog) != ProfileDialog.DialogCode.Accepted:
            return None
        profile = dialog.profile()
        assert profile is not None

        key = dialog.key()
        if not key and profile.name != old.name:
            # A renamed profile keeps its key under the new name.
            try:
                saved_key: str | None = await asyncio.to_thread(self.secrets.get, old.name)
            except KeyringUnavailableError as exc:
                self.problem.emit(exc.message)
                saved_key = None
            key = saved_key or ""
        if key and not await self._store_key(parent, profile.name, key):
            return None
        if profile.name != old.name:
            await self._delete_key(old.name)

        await self.connections.forget(old.name)
        self._profiles = {
            (profile.name if current == old.name else current): (
                profile if current == old.name else value
            )
            for current, value in self._profiles.items()
        }
        if old.name in self._transient:
            self._transient.discard(old.name)
            self._transient.add(profile.name)
        if self.last_used == old.name:
            self.last_used = profile.name
        await self._save()
        self.profiles_changed.emit()
        await self._check_ca_bundle(profile)
        return profile

    async def delete(self, parent: QWidget, name: str) -> bool:
        if name not in self._profiles:
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete profile",
            f"Delete the profile {name!r} and remove its API key from the keyring?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if await run_dialog(box) != QMessageBox.StandardButton.Yes:
            return False
        await self.connections.forget(name)
        await self._delete_key(name)
        del self._profiles[name]
        self._transient.discard(name)
        if self.last_used == name:
            self.last_used = None
        await self._save()
        self.profiles_changed.emit()
        self.message.emit(f"Deleted the profile {name!r}.")
        return True

    async def aclose(self) -> None:
        await self.connections.aclose()

    async def _store_key(self, parent: QWidget, name: str, key: str) -> bool:
        """Save ``key`` in the keyring, or with consent for this session only."""
        try:
            await asyncio.to_thread(self.secrets.set, name, key)
            return True
        except KeyringUnavailableError as exc:
            reason = exc.message

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Keyring unavailable",
            f"{reason}\n\nALPR Desk never stores API keys in plain text. Keep this key "
            "for this session only? You will need to enter it again after restarting.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            parent,
        )
        if await run_dialog(box) != QMessageBox.StandardButton.Yes:
            return False
        self.secrets.set_for_session(name, key)
        return True

    async def _delete_key(self, name: str) -> None:
        try:
            await asyncio.to_thread(self.secrets.delete, name)
        except KeyringUnavailableError as exc:
            self.problem.emit(exc.message)

    async def _check_ca_bundle(self, profile: ServerProfile) -> None:
        """Warn about a CA bundle that is not a file; the stat runs off the GUI thread.

        A network path can take seconds to respond, so the dialog does not check it.
        """
        bundle = profile.ca_bundle
        if bundle is not None and not await asyncio.to_thread(bundle.is_file):
            self.problem.emit(
                f"The CA bundle {bundle} of {profile.name!r} is not a file; "
                "the profile cannot connect until it is corrected."
            )

    async def _save(self) -> None:
        saved = [profile for name, profile in self._profiles.items() if name not in self._transient]
        try:
            await asyncio.to_thread(self.store.save, saved, self.last_used)
        except OSError as exc:
            logger.error("Cannot save profiles to %s: %s", self.store.path, exc)
            self.problem.emit(f"Cannot save the profiles file {self.store.path}: {exc.strerror}")
