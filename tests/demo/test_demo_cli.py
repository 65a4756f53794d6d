"""The demo-server command run as a child process, as the desktop app starts it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from alprdesk.demo import main
from tests.demo.demo_http import http_get

MAIN_CODE = "import sys; from alprdesk.demo import main; sys.exit(main(sys.argv[1:]))"
LISTENING = re.compile(r"^ALPR Desk demo server listening on (http://127\.0\.0\.1:(\d+))$")
KEY_ENV = "ALPRDESK_DEMO_API_KEY"


def run_command(*args: str, api_key: str | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop(KEY_ENV, None)
    if api_key is not None:
        env[KEY_ENV] = api_key
    return subprocess.Popen(
        [sys.executable, "-c", MAIN_CODE, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def read_url(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline().decode("utf-8").rstrip("\n")
    match = LISTENING.match(line)
    assert match, f"unexpected first line: {line!r}"
    assert int(match.group(2)) > 0
    return match.group(1)


def test_exits_when_stdin_closes(processes: list[subprocess.Popen[bytes]]) -> None:
    process = run_command("--port", "0", "--exit-on-stdin-eof")
    processes.append(process)
    url = read_url(process)
    assert process.stdout is not None
    assert process.stdout.readline().decode("utf-8").startswith("API key: demo ")

    assert http_get(url, "/api/agents/", {"api_key": "demo"}).status == 200
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=10)
    assert process.stderr is not None
    log = process.stderr.read().decode("utf-8")

    assert process.returncode == 0
    assert "GET /api/agents/ -> 200" in log
    assert "api_key" not in log
    database = re.search(r"alert hits in (\S+)", log)
    assert database is not None
    assert not Path(database.group(1)).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX only")
def test_key_from_environment_and_sigterm(
    processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    database = tmp_path / "demo.sqlite3"
    process = run_command("--port", "0", "--db", str(database), api_key="env-key")
    processes.append(process)
    url = read_url(process)

    assert http_get(url, "/api/users/", {"api_key": "demo"}).status == 401
    assert http_get(url, "/api/users/", {"api_key": "env-key"}).status == 200
    process.send_signal(signal.SIGTERM)
    stdout, _ = process.communicate(timeout=10)

    assert process.returncode == 0
    assert b"API key" not in stdout
    assert database.exists()


def test_missing_images_folder_fails(
    processes: list[subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    process = run_command("--images", str(tmp_path / "missing"))
    processes.append(process)
    stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 1
    assert stdout == b""
    assert "Demo server failed to start" in stderr.decode("utf-8")


def test_usage_error_returns_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "70000"]) == 2
    assert "outside 0-65535" in capsys.readouterr().err


def test_help_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--exit-on-stdin-eof" in capsys.readouterr().out


def test_log_level_warning_hides_requests(processes: list[subprocess.Popen[bytes]]) -> None:
    process = run_command("--exit-on-stdin-eof", "--log-level", "WARNING", api_key="quiet-key")
    processes.append(process)
    url = read_url(process)
    assert http_get(url, "/api/users/", {"api_key": "quiet-key"}).status == 200
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=10)
    assert process.returncode == 0
    assert process.stderr is not None
    assert b"GET /api/users/" not in process.stderr.read()
