"""Fixtures that start the demo server and connect the real client to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from alprdesk.demo import DemoServer
from alprdesk.scout import ScoutClient
from tests.servers import DEMO_KEY, running_demo_server


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    with running_demo_server() as server:
        yield server


@pytest.fixture
async def client(demo_server: DemoServer) -> AsyncIterator[ScoutClient]:
    async with ScoutClient(demo_server.url, DEMO_KEY) as scout:
        yield scout
