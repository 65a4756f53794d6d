"""The ``alprdesk export`` command, run as a process, against a hostile server on 127.0.0.1.

The command must either exit 1 with one line on stderr, or exit 0 having written
every row, with the reason for a missing crop in the row. It must never print a
traceback or the API key.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.hostile_servers import (
    API_KEY,
    PLATE_CROP_SIZE,
    PLATE_FIELDS,
    encode_image,
    has_control_characters,
    serialized,
)

CannedResponse = tuple[int, dict[str, str], bytes]
Scenario = Callable[[str], CannedResponse]

GOOD_CROP = encode_image(*PLATE_CROP_SIZE)
JSON_TYPE = {"Content-Type": "application/json"}


def json_response(payload: Any, status: int = 200) -> CannedResponse:
    return status, JSON_TYPE, json.dumps(payload).encode()


def alert(pk: int, group_id: int) -> dict[str, Any]:
    fields = {"plate_number": "AB1234", "plate_group": group_id, "alert_group_name": "Stolen"}
    return serialized(fields | {"epoch_time": "2026-12-01T10:00:00Z"}, pk=pk, model="alert")


def search_only(response: CannedResponse) -> Scenario:
    def scenario(path: str) -> CannedResponse:
        if path.startswith("/api/search/"):
            return response
        return 404, {}, b""

    return scenario


def alerts_with_groups(groups: dict[str, Any]) -> Scenario:
    """Return alert hits for plate groups 12, 13 and 14, with detail records from ``groups``.

    A plate group id missing from ``groups`` gets 404.
    """

    def scenario(path: str) -> CannedResponse:
        if path.startswith("/api/search/alert"):
            return json_response([alert(1, 12), alert(2, 13), alert(3, 14)])
        if path.startswith("/api/detail/platecandidate/"):
            group_id = path.rsplit("/", 1)[1]
            if group_id in groups:
                return json_response(groups[group_id])
            return 404, {}, b"Not found"
        if path.startswith("/img/"):
            return 200, {"Content-Type": "image/jpeg"}, GOOD_CROP
        return 404, {}, b""

    return scenario


def plates_response(fields: dict[str, Any]) -> CannedResponse:
    body = json.dumps([serialized(PLATE_FIELDS | fields)])
    return 200, JSON_TYPE, body.encode()


SCENARIOS: dict[str, Scenario] = {
    "html": search_only((200, {"Content-Type": "text/html"}, b"<html><h1>Sign in</h1></html>")),
    "unauthorized": search_only(json_response({"detail": "Invalid API key"}, status=401)),
    "server-error": search_only((500, {}, f"Traceback: api_key={API_KEY}".encode())),
    "bad-request-controls": search_only(
        (400, {}, b"\x1b[2J\x1b]0;owned\x07bad \x00start\rvalue\x1b[31m")
    ),
    "bad-request-echo": search_only((400, {}, f"bad start in ?api_key={API_KEY}".encode())),
    "not-json": search_only((200, JSON_TYPE, b"{not json")),
    "deeply-nested": search_only((200, JSON_TYPE, b"[" * 100_000 + b"]" * 100_000)),
    "gzip-lie": search_only((200, JSON_TYPE | {"Content-Encoding": "gzip"}, b"[]")),
    "redirect-bad-port": search_only((302, {"Location": "http://127.0.0.1:99999/login"}, b"")),
    "huge-int": search_only(
        (200, JSON_TYPE, b'[{"pk": 1, "fields": {"best_confidence": 1' + b"0" * 400 + b"}}]")
    ),
    "lone-surrogate": search_only(
        (200, JSON_TYPE, b'[{"pk": 1, "fields": {"best_plate": "\\ud800"}}]')
    ),
    "year-1": search_only(plates_response({"epoch_time_start": "0001-01-01T00:00:00+14:00"})),
    "alerts-missing-groups": alerts_with_groups({"12": serialized(PLATE_FIELDS, pk=12)}),
    "alerts-other-pk": alerts_with_groups({"12": serialized(PLATE_FIELDS, pk=99)}),
}


class ScenarioHandler(BaseHTTPRequestHandler):
    """Request handler that serves ``/<scenario>/<Scout path>`` as the named scenario defines."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        name, _, rest = path.lstrip("/").partition("/")
        status, headers, body = SCENARIOS[name]("/" + rest)
        self.send_response(status)
        for header, value in headers.items():
            self.send_header(header, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the request log off the test output."""


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScenarioHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class ExportRun:
    returncode: int
    stdout: str
    stderr: str
    out: Path
    log_text: str


def run_export(base_url: str, kind: str, home: Path, *options: str) -> ExportRun:
    environment = {
        name: value
        for name, value in os.environ.items()
        if "proxy" not in name.lower() and name != "ALPRDESK_API_KEY"
    }
    environment |= {"ALPRDESK_HOME": str(home), "ALPRDESK_API_KEY": API_KEY}
    out = home / "out"
    command = [sys.executable, "-m", "alprdesk", *options, "export", kind]
    command += ["--server", base_url, "--start", "2026-12-01T00:00:00+00:00"]
    command += ["--out", str(out), "--crops"]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        errors="replace",
        env=environment,
        timeout=60,
        check=False,
    )
    log_file = home / "logs" / "alprdesk.log"
    log_text = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
    return ExportRun(completed.returncode, completed.stdout, completed.stderr, out, log_text)


def read_rows(out: Path) -> list[dict[str, str]]:
    with (out / "results.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def assert_clean_outcome(run: ExportRun) -> None:
    """Check the exit status, the stderr line count and that the key appears nowhere."""
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 1), run.stderr
    if run.returncode == 1:
        lines = run.stderr.splitlines()
        assert len(lines) == 1, run.stderr
        assert lines[0].startswith("alprdesk export: ")
    else:
        assert (run.out / "results.csv").is_file()
    for text in (run.stdout, run.stderr, run.log_text):
        assert API_KEY not in text
    if (run.out / "results.csv").is_file():
        assert API_KEY not in (run.out / "results.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "scenario",
    [
        "html",
        "unauthorized",
        "server-error",
        "bad-request-echo",
        "not-json",
        "deeply-nested",
        "gzip-lie",
        "redirect-bad-port",
    ],
)
def test_search_failure_is_one_line(server_url: str, tmp_path: Path, scenario: str) -> None:
    run = run_export(f"{server_url}/{scenario}", "plates", tmp_path)

    assert_clean_outcome(run)
    assert run.returncode == 1


def test_bad_request_controls_not_printed(server_url: str, tmp_path: Path) -> None:
    run = run_export(f"{server_url}/bad-request-controls", "plates", tmp_path)

    assert_clean_outcome(run)
    assert "bad" in run.stderr
    assert not has_control_characters(run.stderr.rstrip("\n"))


@pytest.mark.parametrize("scenario", ["huge-int", "lone-surrogate", "year-1"])
def test_odd_record_values(server_url: str, tmp_path: Path, scenario: str) -> None:
    """Writing the record, or leaving it out and saying so, are both correct."""
    run = run_export(f"{server_url}/{scenario}", "plates", tmp_path)

    assert_clean_outcome(run)


def test_alerts_missing_groups_rows_have_reasons(server_url: str, tmp_path: Path) -> None:
    run = run_export(f"{server_url}/alerts-missing-groups", "alerts", tmp_path)

    assert_clean_outcome(run)
    assert run.returncode == 0
    rows = sorted(read_rows(run.out), key=lambda row: int(row["id"]))
    assert [row["plate_group_id"] for row in rows] == ["12", "13", "14"]
    assert rows[0]["crop_file"] == "crops/12.jpg"
    assert (run.out / "crops" / "12.jpg").is_file()
    assert rows[1]["crop_note"] == "plate group not found on the server"
    assert rows[2]["crop_note"] == "plate group not found on the server"


def test_alerts_detail_with_other_pk(server_url: str, tmp_path: Path) -> None:
    run = run_export(f"{server_url}/alerts-other-pk", "alerts", tmp_path)

    assert_clean_outcome(run)
    assert run.returncode == 0
    for row in read_rows(run.out):
        assert row["crop_note"] or (run.out / row["crop_file"]).is_file()


def test_verbose_log_carries_no_key(server_url: str, tmp_path: Path) -> None:
    run = run_export(f"{server_url}/alerts-missing-groups", "alerts", tmp_path, "--verbose")

    assert run.returncode == 0, run.stderr
    assert "DEBUG" in run.stderr or "INFO" in run.stderr
    assert API_KEY not in run.stderr
    assert API_KEY not in run.log_text
