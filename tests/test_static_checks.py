"""Lint, type and architecture checks run as part of the test suite."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import alprdesk

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Modules that may import Qt: the UI package and the entry points that start it.
QT_MODULES = {"alprdesk.ui", "alprdesk.cli", "alprdesk.__main__"}


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint() -> None:
    result = run_tool(str(BIN / "ruff"), "check", "app", "tests")

    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run_tool(str(BIN / "ruff"), "format", "--check", "app", "tests")

    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run_tool(str(BIN / "mypy"))

    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts() -> None:
    result = run_tool(str(BIN / "lint-imports"), "--no-cache")

    assert result.returncode == 0, result.stdout + result.stderr


def test_qt_contract_lists_every_plain_module() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(
        item
        for item in settings["tool"]["importlinter"]["contracts"]
        if item["name"] == "Only the UI imports Qt"
    )
    modules = {f"alprdesk.{info.name}" for info in pkgutil.iter_modules(alprdesk.__path__)}

    unchecked = modules - set(contract["source_modules"]) - QT_MODULES

    assert not unchecked, f"add {sorted(unchecked)} to the Qt contract's source_modules"


@pytest.mark.parametrize("module", ["alprdesk.scout", "alprdesk.export", "alprdesk.demo"])
def test_plain_packages_import_without_qt(module: str) -> None:
    code = (
        f"import sys; import {module}; "
        "bad = [name for name in sys.modules if name.split('.')[0] in ('PySide6', 'qasync')]; "
        "sys.exit(1 if bad else 0)"
    )
    result = run_tool(sys.executable, "-c", code)

    assert result.returncode == 0, result.stdout + result.stderr
