"""Building, starting and stopping demo servers: determinism, speed, database files."""

from __future__ import annotations

import http.client
import sqlite3
import time
from pathlib import Path

import pytest

from alprdesk.demo import build_demo_server
from tests.demo.demo_http import API_KEY, NOW, WEEK_AGO, DemoClient, http_get


def fetch_groups(seed: int) -> bytes:
    with build_demo_server(api_key=API_KEY, now=NOW, seed=seed) as server:
        result = DemoClient(server).get("/api/search/plate", start=WEEK_AGO, topn=20000)
        assert result.status == 200
        return result.body


def test_same_seed_and_time_give_same_data() -> None:
    assert fetch_groups(7) == fetch_groups(7)


def test_other_seed_gives_other_data() -> None:
    assert fetch_groups(7) != fetch_groups(8)


def test_build_takes_under_one_second() -> None:
    started = time.perf_counter()
    server = build_demo_server(api_key=API_KEY, now=NOW)
    elapsed = time.perf_counter() - started
    server.stop()
    assert elapsed < 1.0


def test_url_has_bound_port_before_start() -> None:
    server = build_demo_server(api_key=API_KEY, now=NOW)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert int(server.url.rsplit(":", 1)[1]) > 0
        assert server.api_key == API_KEY
    finally:
        server.stop()


def test_temporary_database_deleted_on_stop() -> None:
    server = build_demo_server(api_key=API_KEY, now=NOW)
    database = server.db_path
    assert database.exists()
    server.stop()
    assert not database.exists()


def test_given_database_kept_and_filled(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    with build_demo_server(api_key=API_KEY, now=NOW, db_path=database):
        pass
    assert database.exists()
    connection = sqlite3.connect(database)
    try:
        (count,) = connection.execute("SELECT count(*) FROM plate_groups").fetchone()
    finally:
        connection.close()
    assert count == 600


def test_existing_database_is_replaced(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    with build_demo_server(api_key=API_KEY, now=NOW, db_path=database, seed=1):
        pass
    with build_demo_server(api_key=API_KEY, now=NOW, db_path=database, seed=2) as server:
        groups = DemoClient(server).records("/api/search/plate", start=WEEK_AGO, topn=20000)
    assert len(groups) == 600


def test_stop_is_idempotent_and_closes_port() -> None:
    server = build_demo_server(api_key=API_KEY, now=NOW)
    server.start()
    url = server.url
    assert http_get(url, "/api/agents/", {"api_key": API_KEY}).status == 200
    server.stop()
    server.stop()
    with pytest.raises(ConnectionRefusedError):
        http_get(url, "/api/agents/", {"api_key": API_KEY})


def test_start_twice_raises() -> None:
    with build_demo_server(api_key=API_KEY, now=NOW) as server, pytest.raises(RuntimeError):
        server.start()


def test_start_after_stop_raises() -> None:
    server = build_demo_server(api_key=API_KEY, now=NOW)
    server.stop()
    with pytest.raises(RuntimeError):
        server.start()


def test_stop_ends_idle_keep_alive_connection() -> None:
    server = build_demo_server(api_key=API_KEY, now=NOW)
    server.start()
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", f"/api/users/?api_key={API_KEY}")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        started = time.perf_counter()
        server.stop()
        assert time.perf_counter() - started < 2.0
    finally:
        connection.close()


def test_empty_api_key_rejected() -> None:
    with pytest.raises(ValueError, match="api_key"):
        build_demo_server(api_key="", now=NOW)


def test_naive_now_means_utc() -> None:
    with build_demo_server(api_key=API_KEY, now=NOW.replace(tzinfo=None)) as server:
        naive = DemoClient(server).get("/api/search/plate", start=WEEK_AGO, topn=20000).body
    assert naive == fetch_groups(7)
