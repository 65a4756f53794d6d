"""Fixtures for the demo server tests: one server on a free port, shared by the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alprdesk.demo import DemoServer, build_demo_server
from tests.demo.demo_http import API_KEY, NOW, DemoClient


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    server = build_demo_server(api_key=API_KEY, now=NOW)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def client(demo_server: DemoServer) -> DemoClient:
    return DemoClient(demo_server)


@pytest.fixture(scope="session")
def all_groups(client: DemoClient) -> list[dict[str, object]]:
    return client.all_groups()
