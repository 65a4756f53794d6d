"""The ``alprdesk export`` command against the demo server, run as a separate process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from alprdesk.demo import DemoServer
from alprdesk.export import COLUMNS
from tests.servers import DEMO_KEY

START = (datetime.now(UTC) - timedelta(days=8)).isoformat(timespec="seconds")


def export(
    *arguments: str, key: str | None = DEMO_KEY, home: Path
) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name != "ALPRDESK_API_KEY"}
    environment["ALPRDESK_HOME"] = str(home)
    if key is not None:
        environment["ALPRDESK_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "alprdesk", "export", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=240,
        check=False,
    )


def read_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "results.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_plates_with_crops(demo_server: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = export(
        "plates",
        "--server",
        demo_server.url,
        "--start",
        START,
        "--topn",
        "5000",
        "--out",
        str(out),
        "--crops",
        home=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout
    rows = read_rows(out)
    assert len(rows) >= 100
    with_crop = [row for row in rows if row["crop_file"]]
    without = [row for row in rows if not row["crop_file"]]
    assert with_crop
    assert without
    for row in with_crop:
        assert (out / row["crop_file"]).read_bytes().startswith(b"\xff\xd8")
        assert row["crop_file"] == f"crops/{row['id']}.jpg"
    assert {row["crop_note"].split(":")[0] for row in without} <= {
        "image not found",
        "agent offline",
    }
    assert len(list((out / "crops").iterdir())) == len(with_crop)
    for row in rows:
        assert row["first_seen"].endswith("Z")
        assert datetime.fromisoformat(row["first_seen"]).tzinfo == UTC
        assert row["plate"] == row["plate"].upper()


def test_alerts_resolve_to_plate_groups(demo_server: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "alerts"

    result = export(
        "alerts",
        "--server",
        demo_server.url,
        "--start",
        START,
        "--out",
        str(out),
        "--crops",
        home=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    rows = read_rows(out)
    assert rows
    assert all(row["plate_group_id"] for row in rows)
    assert all(row["alert_list"] for row in rows)
    assert any(row["crop_file"] == f"crops/{row['plate_group_id']}.jpg" for row in rows)


def test_candidates_without_crops(demo_server: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "candidates"

    result = export(
        "candidates",
        "--server",
        demo_server.url,
        "--start",
        START,
        "--topn",
        "200",
        "--out",
        str(out),
        home=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    rows = read_rows(out)
    assert len(rows) == 200
    assert "may be incomplete" in result.stdout
    assert {row["crop_note"] for row in rows} == {"crops not requested"}
    assert not (out / "crops").exists()


@pytest.mark.parametrize(
    ("arguments", "key", "phrase"),
    [
        (("--start", START), "wrong-key-456", "Not authorized"),
        (("--start", START), None, "ALPRDESK_API_KEY"),
        ((), DEMO_KEY, "--start"),
        (("--start", START, "--topn", "0"), DEMO_KEY, "--topn"),
    ],
)
def test_failures_exit_non_zero_with_one_line(
    demo_server: DemoServer,
    tmp_path: Path,
    arguments: tuple[str, ...],
    key: str | None,
    phrase: str,
) -> None:
    result = export(
        "plates",
        "--server",
        demo_server.url,
        *arguments,
        "--out",
        str(tmp_path / "x"),
        key=key,
        home=tmp_path,
    )

    assert result.returncode == 1
    assert phrase in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "wrong-key-456" not in result.stderr
    assert not (tmp_path / "x" / "results.csv").exists()


def test_unreachable_server(tmp_path: Path) -> None:
    result = export(
        "plates",
        "--server",
        "http://127.0.0.1:9",
        "--start",
        START,
        "--out",
        str(tmp_path),
        home=tmp_path,
    )

    assert result.returncode == 1
    assert "Cannot reach the server" in result.stderr


def test_unknown_profile_name(tmp_path: Path) -> None:
    result = export(
        "plates", "--server", "County", "--start", START, "--out", str(tmp_path), home=tmp_path
    )

    assert result.returncode == 1
    assert "neither a saved profile nor an http(s) URL" in result.stderr


def test_profile_key_from_keyring(
    demo_server: DemoServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alprdesk.cli import main
    from alprdesk.config import AppPaths, ProfileStore, SecretStore, make_profile

    ProfileStore(AppPaths.default().profiles_file).save(
        [make_profile(name="Demo", base_url=demo_server.url)], None
    )
    SecretStore().set("Demo", DEMO_KEY)
    out = tmp_path / "by-profile"

    status = main(["export", "plates", "--server", "Demo", "--start", START, "--out", str(out)])

    assert status == 0, capsys.readouterr().err
    assert read_rows(out)
