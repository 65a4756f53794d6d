"""``alprdesk --self-test`` from source, run as a child process on the offscreen platform.

packaging/linux/self-test.sh runs the same command in the frozen bundle.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from alprdesk.ui.self_test import StepReport

ROOT = Path(__file__).resolve().parents[2]
# Seconds; the self-test stops itself after 180 s.
RUN_TIMEOUT = 240
STEPS = ["start", "Qt platform", "window", "keyring", "demo server", "search", "plate crop"]


@dataclass(frozen=True)
class SelfTestRun:
    result: subprocess.CompletedProcess[str]
    caller_home: Path
    temp_dir: Path

    @property
    def lines(self) -> list[str]:
        return self.result.stdout.splitlines()


def run_self_test(base: Path, platform: str) -> SelfTestRun:
    caller_home = base / "caller-home"
    temp_dir = base / "tmp"
    caller_home.mkdir()
    temp_dir.mkdir()
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM=platform,
        ALPRDESK_HOME=str(caller_home),
        TMPDIR=str(temp_dir),
        # keyring's null backend stores nothing, whatever keyring the machine has.
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    environment.pop("ALPRDESK_API_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "alprdesk", "--self-test"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    return SelfTestRun(result, caller_home, temp_dir)


@pytest.fixture(scope="module")
def passing_run(tmp_path_factory: pytest.TempPathFactory) -> SelfTestRun:
    return run_self_test(tmp_path_factory.mktemp("self-test"), "offscreen")


def test_self_test_exits_zero(passing_run: SelfTestRun) -> None:
    assert passing_run.result.returncode == 0, passing_run.result.stdout + passing_run.result.stderr


def test_self_test_prints_each_step_ok(passing_run: SelfTestRun) -> None:
    steps = [line.split(": ")[1] for line in passing_run.lines if line.startswith("ok: ")]

    assert steps == STEPS, passing_run.result.stdout


def test_self_test_prints_no_failure(passing_run: SelfTestRun) -> None:
    failures = [line for line in passing_run.lines if line.startswith("FAILED")]

    assert failures == []


def test_self_test_reports_keyring_backend(passing_run: SelfTestRun) -> None:
    keyring_line = next(line for line in passing_run.lines if line.startswith("ok: keyring: "))

    assert keyring_line.startswith("ok: keyring: keyring.backends.null.Keyring ")
    assert "SecretService" in keyring_line  # the registered backends


def test_self_test_fetches_crop(passing_run: SelfTestRun) -> None:
    crop_line = passing_run.lines[-1]

    assert re.match(r"ok: plate crop: \d+x\d+ pixel (JPEG|PNG) crop of plate ", crop_line)


def test_self_test_leaves_caller_home_empty(passing_run: SelfTestRun) -> None:
    assert list(passing_run.caller_home.iterdir()) == []


def test_self_test_removes_its_settings_after_pass(passing_run: SelfTestRun) -> None:
    start_line = passing_run.lines[0]
    settings = Path(start_line.rsplit("settings and logs in ", 1)[1])

    assert settings.parent == passing_run.temp_dir
    assert not settings.exists()


def test_self_test_names_failing_step(tmp_path: Path) -> None:
    run = run_self_test(tmp_path, "no-such-platform")
    failures = [line for line in run.lines if line.startswith("FAILED")]

    assert run.result.returncode != 0
    assert len(failures) == 1, run.result.stdout
    assert failures[0].startswith("FAILED: Qt platform: Qt: ")
    assert "no Qt platform plugin could be initialized" in failures[0]
    assert run.lines[-1].startswith("The log is in ")


def test_step_report_prints_step_and_reason() -> None:
    output = io.StringIO()
    report = StepReport(output, Path("alprdesk.log"))

    report.begin("search")
    report.ok("12 plate reads")
    report.begin("plate crop")
    report.fail("image not found")

    assert output.getvalue().splitlines() == [
        "ok: search: 12 plate reads",
        "FAILED: plate crop: image not found",
    ]
    assert report.failed
