"""Connecting to profiles: unusable servers, wrong keys and a keyring that fails."""

from __future__ import annotations

import keyring
import qasync
from PySide6.QtWidgets import QApplication

from alprdesk.config import SecretStore, make_profile
from alprdesk.demo import DemoServer
from alprdesk.ui.key_prompt import KeyPromptDialog
from alprdesk.ui.main_window import MainWindow
from tests.conftest import FailingKeyring, MemoryKeyring
from tests.gui.conftest import run_scenario, until
from tests.servers import DEMO_KEY


def add_saved(window: MainWindow, name: str, url: str) -> None:
    profile = make_profile(name=name, base_url=url)
    window.profiles._profiles[name] = profile
    window.profiles.profiles_changed.emit()


def test_unreachable_server_is_not_connected(
    bare_window: MainWindow, qloop: qasync.QEventLoop
) -> None:
    window = bare_window
    SecretStore().set("Nowhere", DEMO_KEY)
    add_saved(window, "Nowhere", "http://127.0.0.1:9")

    async def scenario() -> None:
        window.connect_profile("Nowhere")
        await window.wait_connected()

    run_scenario(qloop, window, scenario)

    text = window.status.message.text()
    assert text.startswith("Cannot use Nowhere. Cannot reach the server")
    assert "Connected" not in text
    assert window._client is None


def test_wrong_key_is_reported_at_connect(
    bare_window: MainWindow, qloop: qasync.QEventLoop, demo_server: DemoServer
) -> None:
    window = bare_window
    SecretStore().set("Demo", "not-the-key-7")
    add_saved(window, "Demo", demo_server.url)

    async def scenario() -> None:
        window.connect_profile("Demo")
        await window.wait_connected()

    run_scenario(qloop, window, scenario)

    assert "Not authorized" in window.status.message.text()
    assert "not-the-key-7" not in window.status.message.text()
    assert window._client is None


def test_missing_key_is_asked_and_saved(
    bare_window: MainWindow,
    qloop: qasync.QEventLoop,
    demo_server: DemoServer,
    memory_keyring: MemoryKeyring,
) -> None:
    window = bare_window
    add_saved(window, "Demo", demo_server.url)

    async def scenario() -> None:
        window.connect_profile("Demo")
        await until(lambda: isinstance(QApplication.activeModalWidget(), KeyPromptDialog))
        prompt = QApplication.activeModalWidget()
        assert isinstance(prompt, KeyPromptDialog)
        assert "saved in the operating system's keyring" in prompt.explanation.text()
        prompt.api_key.setText(DEMO_KEY)
        prompt.accept()
        await window.wait_connected()

    run_scenario(qloop, window, scenario)

    assert window.status.message.text().startswith("Connected to Demo")
    assert memory_keyring.passwords == {("ALPR Desk", "Demo"): DEMO_KEY}


def test_failing_keyring_offers_session_key(
    bare_window: MainWindow, qloop: qasync.QEventLoop, demo_server: DemoServer
) -> None:
    keyring.set_keyring(FailingKeyring())
    window = bare_window
    add_saved(window, "Demo", demo_server.url)

    async def scenario() -> None:
        window.connect_profile("Demo")
        await until(lambda: isinstance(QApplication.activeModalWidget(), KeyPromptDialog))
        prompt = QApplication.activeModalWidget()
        assert isinstance(prompt, KeyPromptDialog)
        assert "for this session only" in prompt.explanation.text()
        prompt.api_key.setText(DEMO_KEY)
        prompt.accept()
        await window.wait_connected()

    run_scenario(qloop, window, scenario)

    assert window.status.message.text().startswith("Connected to Demo")
    assert window.profiles.secrets.is_session_only("Demo")
    assert DEMO_KEY not in window.profiles.store.path.read_text()


def test_cancelled_key_prompt_leaves_window_unconnected(
    bare_window: MainWindow, qloop: qasync.QEventLoop, demo_server: DemoServer
) -> None:
    window = bare_window
    add_saved(window, "Demo", demo_server.url)

    async def scenario() -> None:
        window.connect_profile("Demo")
        await until(lambda: isinstance(QApplication.activeModalWidget(), KeyPromptDialog))
        prompt = QApplication.activeModalWidget()
        assert isinstance(prompt, KeyPromptDialog)
        prompt.reject()
        await window.wait_connected()

    run_scenario(qloop, window, scenario)

    assert window.status.message.text() == "No API key entered for Demo; not connected."
    assert window._client is None


def test_demo_profile_cannot_be_edited(window: MainWindow) -> None:
    assert not window.actions_by_name["Edit profile…"].isEnabled()
    assert not window.actions_by_name["Delete profile…"].isEnabled()
