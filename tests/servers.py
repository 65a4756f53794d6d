"""Demo servers started in-process on 127.0.0.1 for integration and GUI tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from alprdesk.demo import DemoServer, build_demo_server

DEMO_KEY = "integration-key-5f0c2b"
REAL_PLATES_ENV = "ALPRDESK_REAL_PLATES"


@contextmanager
def running_demo_server(images_dir: Path | None = None) -> Iterator[DemoServer]:
    server = build_demo_server(api_key=DEMO_KEY, images_dir=images_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def real_plates_dir() -> Path:
    """Return the annotated photo folder, skip when unset, fail when set but missing."""
    configured = os.environ.get(REAL_PLATES_ENV)
    if not configured:
        pytest.skip(f"{REAL_PLATES_ENV} is not set")
    folder = Path(configured)
    if not (folder / "plates.csv").is_file():
        pytest.fail(f"{REAL_PLATES_ENV}={folder} has no plates.csv")
    return folder
