"""The demo server as a child process: startup, a request, and exit with its parent."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from alprdesk.demo_process import DemoServerError, DemoServerProcess


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_start_serve_and_stop() -> None:
    server = DemoServerProcess()
    url = server.start()
    try:
        assert url.startswith("http://127.0.0.1:")
        assert server.running
        assert status_of(f"{url}/api/agents/?api_key={server.api_key}") == 200
        assert status_of(f"{url}/api/agents/?api_key=wrong") == 401
    finally:
        server.stop()

    assert not server.running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/api/agents/", timeout=2)  # noqa: S310


def test_key_not_on_command_line() -> None:
    server = DemoServerProcess()
    server.start()
    try:
        assert server._process is not None
        assert server.api_key not in " ".join(map(str, server._process.args))  # type: ignore[arg-type]
    finally:
        server.stop()


def test_child_exits_when_its_input_closes() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "alprdesk", "demo-server", "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdin is not None
    assert "listening on http://127.0.0.1:" in child.stdout.readline()

    child.stdin.close()

    assert child.wait(timeout=15) == 0
    child.stdout.close()


def test_failed_start_reports_output(tmp_path: Path) -> None:
    server = DemoServerProcess(images_dir=tmp_path / "missing")

    with pytest.raises(DemoServerError) as caught:
        server.start(timeout=30)

    assert "demo server" in str(caught.value)
    assert not server.running
