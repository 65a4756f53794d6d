"""Profile dialog and keyring handling as the user meets them."""

from __future__ import annotations

import asyncio
import json

import keyring
import qasync
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from alprdesk.config import AppPaths, ProfileStore, SecretStore, make_profile
from alprdesk.ui.profile_dialog import ProfileDialog
from alprdesk.ui.profiles_controller import ProfilesController
from tests.conftest import FailingKeyring, MemoryKeyring
from tests.gui.conftest import until

KEY = "profile-key-8Hq2Wn5Z"


def controller() -> ProfilesController:
    return ProfilesController(ProfileStore(AppPaths.default().profiles_file), SecretStore())


def fill(dialog: ProfileDialog, qtbot: QtBot, *, name: str, url: str, key: str) -> None:
    dialog.name.setText(name)
    dialog.base_url.setText(url)
    qtbot.keyClicks(dialog.api_key, key)


def open_dialog() -> ProfileDialog:
    widget = QApplication.activeModalWidget()
    assert isinstance(widget, ProfileDialog)
    return widget


def test_key_field_is_masked(qtbot: QtBot) -> None:
    dialog = ProfileDialog()
    qtbot.addWidget(dialog)

    assert dialog.api_key.echoMode() == QLineEdit.EchoMode.Password


def test_plain_http_warning(qtbot: QtBot) -> None:
    dialog = ProfileDialog()
    qtbot.addWidget(dialog)
    dialog.show()

    dialog.base_url.setText("http://scout.county.example")
    assert dialog.warning.isVisible()
    dialog.base_url.setText("http://127.0.0.1:8000")
    assert not dialog.warning.isVisible()
    dialog.base_url.setText("https://scout.county.example")
    assert not dialog.warning.isVisible()


def test_invalid_url_keeps_dialog_open(qtbot: QtBot) -> None:
    dialog = ProfileDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, qtbot, name="County", url="scout.county.example", key=KEY)

    dialog.accept()

    assert dialog.isVisible()
    assert "http://" in dialog.error.text()


def test_new_profile_key_goes_to_keyring(
    qtbot: QtBot, qloop: qasync.QEventLoop, memory_keyring: MemoryKeyring
) -> None:
    profiles = controller()

    async def scenario() -> None:
        creating = asyncio.ensure_future(profiles.create(None))  # type: ignore[arg-type]
        await until(lambda: isinstance(QApplication.activeModalWidget(), ProfileDialog))
        dialog = open_dialog()
        fill(dialog, qtbot, name="County", url="https://scout.county.example", key=KEY)
        dialog.accept()
        profile = await creating
        assert profile is not None

    qloop.run_until_complete(scenario())

    assert memory_keyring.passwords == {("ALPR Desk", "County"): KEY}
    saved = profiles.store.path.read_text()
    assert KEY not in saved
    assert json.loads(saved)["profiles"][0]["base_url"] == "https://scout.county.example"


def test_no_keyring_offers_session_only(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    keyring.set_keyring(FailingKeyring())
    profiles = controller()

    async def scenario() -> None:
        creating = asyncio.ensure_future(profiles.create(None))  # type: ignore[arg-type]
        await until(lambda: isinstance(QApplication.activeModalWidget(), ProfileDialog))
        fill(open_dialog(), qtbot, name="County", url="https://scout.example", key=KEY)
        open_dialog().accept()
        await until(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "never stores API keys in plain text" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        assert await creating is not None

    qloop.run_until_complete(scenario())

    assert profiles.secrets.get("County") == KEY
    assert profiles.secrets.is_session_only("County")
    assert KEY not in profiles.store.path.read_text()


def test_no_keyring_declined_saves_nothing(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    keyring.set_keyring(FailingKeyring())
    profiles = controller()

    async def scenario() -> None:
        creating = asyncio.ensure_future(profiles.create(None))  # type: ignore[arg-type]
        await until(lambda: isinstance(QApplication.activeModalWidget(), ProfileDialog))
        fill(open_dialog(), qtbot, name="County", url="https://scout.example", key=KEY)
        open_dialog().accept()
        await until(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert await creating is None

    qloop.run_until_complete(scenario())

    assert profiles.names() == []
    assert not profiles.store.path.exists()


def test_transient_profile_never_saved(
    qloop: qasync.QEventLoop, memory_keyring: MemoryKeyring
) -> None:
    profiles = controller()

    profiles.add_transient(make_profile(name="Demo", base_url="http://127.0.0.1:1"), KEY)
    qloop.run_until_complete(profiles._save())

    assert json.loads(profiles.store.path.read_text())["profiles"] == []
    assert memory_keyring.passwords == {}


def test_renamed_profile_keeps_its_key(
    qtbot: QtBot, qloop: qasync.QEventLoop, memory_keyring: MemoryKeyring
) -> None:
    profiles = controller()
    SecretStore().set("County", KEY)
    profiles._profiles["County"] = make_profile(name="County", base_url="https://scout.example")

    async def scenario() -> None:
        editing = asyncio.ensure_future(profiles.edit(None, "County"))  # type: ignore[arg-type]
        await until(lambda: isinstance(QApplication.activeModalWidget(), ProfileDialog))
        dialog = open_dialog()
        assert dialog.api_key.text() == ""
        dialog.name.setText("County North")
        dialog.accept()
        assert await editing is not None

    qloop.run_until_complete(scenario())

    assert memory_keyring.passwords == {("ALPR Desk", "County North"): KEY}
    assert profiles.names() == ["County North"]
    assert json.loads(profiles.store.path.read_text())["profiles"][0]["name"] == "County North"
