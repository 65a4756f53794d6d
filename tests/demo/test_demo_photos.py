"""Demo server built from a folder of annotated photos (plates.csv)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from alprdesk.demo import DemoServer, build_demo_server
from tests.demo.demo_http import API_KEY, NOW, WEEK_AGO, DemoClient, fields_of

# file, region, x, y, width, height, plate, frame size
PHOTOS = [
    ("front.jpg", "us", 100, 200, 120, 40, "7ABC123", (640, 480)),
    ("rear.jpg", "eu", 300, 350, 200, 44, "AB-12 CDE", (800, 600)),
    ("gate.jpg", "us", 10, 10, 60, 30, "0123XY", (320, 240)),
    ("street.jpg", "br", 150, 120, 90, 30, "OKL1235", (400, 300)),
]
CSV_HEADER = ["file", "region", "x", "y", "width", "height", "plate"]


def write_photo_folder(folder: Path) -> None:
    for name, _region, x, y, width, height, _plate, size in PHOTOS:
        image = Image.new("RGB", size, (60, 60, 70))
        ImageDraw.Draw(image).rectangle([x, y, x + width - 1, y + height - 1], fill=(250, 250, 250))
        image.save(folder / name, quality=95)
    write_csv(folder, [[str(value) for value in photo[:7]] for photo in PHOTOS])


def write_csv(folder: Path, rows: list[list[str]], header: list[str] = CSV_HEADER) -> None:
    with (folder / "plates.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def photo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    folder = tmp_path_factory.mktemp("photos")
    write_photo_folder(folder)
    with build_demo_server(api_key=API_KEY, images_dir=folder, now=NOW) as server:
        yield server


@pytest.fixture(scope="module")
def photo_client(photo_server: DemoServer) -> DemoClient:
    return DemoClient(photo_server)


@pytest.fixture(scope="module")
def photo_groups(photo_client: DemoClient) -> dict[str, dict[str, Any]]:
    records = photo_client.records("/api/search/plate", start=WEEK_AGO, topn=100)
    return {fields_of(record)["best_plate"]: fields_of(record) for record in records}


def test_one_group_per_photo(photo_groups: dict[str, dict[str, Any]]) -> None:
    assert set(photo_groups) == {"7ABC123", "AB12CDE", "0123XY", "OKL1235"}


def test_corners_are_box_corners(photo_groups: dict[str, dict[str, Any]]) -> None:
    for _name, _region, x, y, width, height, plate, size in PHOTOS:
        fields = photo_groups[plate.replace("-", "").replace(" ", "")]
        corners = [(fields[f"plate_x{i}"], fields[f"plate_y{i}"]) for i in range(1, 5)]
        assert corners == [(x, y), (x + width, y), (x + width, y + height), (x, y + height)]
        assert (fields["img_width"], fields["img_height"]) == size


def test_sites_by_region(photo_client: DemoClient, photo_groups: dict[str, dict[str, Any]]) -> None:
    assert photo_groups["7ABC123"]["site"] == photo_groups["0123XY"]["site"]
    assert photo_groups["7ABC123"]["site"] != photo_groups["AB12CDE"]["site"]
    assert photo_groups["AB12CDE"]["region"] == "eu"
    cameras = photo_client.get("/api/cameras/").json()
    assert isinstance(cameras, list)
    assert len(cameras) == 3


def test_photo_times_in_recent_days(photo_client: DemoClient) -> None:
    assert photo_client.records("/api/search/plate", end="2026-05-26T00:00:00Z") == []


def test_candidates_include_misreadings(photo_client: DemoClient) -> None:
    candidates = photo_client.records("/api/search/platecandidate", start=WEEK_AGO)
    numbers = {fields_of(c)["plate_number"] for c in candidates if fields_of(c)["plate_index"] > 0}
    assert len(candidates) >= 12
    assert numbers - {"7ABC123", "AB12CDE", "0123XY", "OKL1235"}


def test_stolen_list_hits(photo_client: DemoClient) -> None:
    lists = photo_client.get("/api/alert-lists/").json()
    assert isinstance(lists, dict)
    assert lists["results"] == [{"id": 1, "name": "Stolen vehicles"}]
    alerts = photo_client.records("/api/search/alert", start=WEEK_AGO)
    assert len(alerts) >= 1
    for alert in alerts:
        fields = fields_of(alert)
        assert fields["plate_number"] in fields["description"]


def test_crop_serves_box_of_real_file(
    photo_client: DemoClient, photo_groups: dict[str, dict[str, Any]]
) -> None:
    fields = photo_groups["AB12CDE"]
    path = f"/img/{fields['agent_uid']}/{fields['best_uuid']}"
    crop = photo_client.get(path, x=300, y=350, width=200, height=44)
    assert crop.status == 200
    assert crop.image_size() == (200, 44)
    with Image.open(io.BytesIO(crop.body)) as image:
        histogram = image.convert("L").histogram()
    assert sum(histogram[200:]) / sum(histogram) > 0.9
    full = photo_client.get(path, max_width=400)
    assert full.image_size() == (400, 300)


def test_agent_route_serves_photo(
    photo_client: DemoClient, photo_groups: dict[str, dict[str, Any]]
) -> None:
    fields = photo_groups["0123XY"]
    result = photo_client.get_without_key(f"/img/{fields['best_uuid']}.jpg")
    assert result.status == 200
    assert result.image_size() == (320, 240)


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([["front.jpg", "us", "1", "2", "3", "4", "AB1"]], ["file", "x"], "missing columns"),
        ([["nothere.jpg", "us", "1", "2", "3", "4", "AB1"]], CSV_HEADER, "not found"),
        ([["../front.jpg", "us", "1", "2", "3", "4", "AB1"]], CSV_HEADER, "inside the folder"),
        ([["front.jpg", "us", "one", "2", "3", "4", "AB1"]], CSV_HEADER, "x 'one' is not"),
        ([["front.jpg", "us", "1", "2", "0", "4", "AB1"]], CSV_HEADER, "must be positive"),
        ([["front.jpg", "us", "1", "2", "3", "4", " - "]], CSV_HEADER, "plate is empty"),
        ([["notes.jpg", "us", "1", "2", "3", "4", "AB1"]], CSV_HEADER, "not a readable image"),
        ([], CSV_HEADER, "lists no photos"),
    ],
)
def test_bad_folder_rejected(
    tmp_path: Path, rows: list[list[str]], header: list[str], message: str
) -> None:
    Image.new("RGB", (32, 32)).save(tmp_path / "front.jpg")
    (tmp_path / "notes.jpg").write_text("not an image", encoding="utf-8")
    write_csv(tmp_path, rows, header)
    with pytest.raises(ValueError, match=message):
        build_demo_server(api_key=API_KEY, images_dir=tmp_path, now=NOW)


def test_folder_without_csv_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"plates\.csv"):
        build_demo_server(api_key=API_KEY, images_dir=tmp_path, now=NOW)


@pytest.mark.real_plates
def test_real_plate_photos() -> None:
    folder_text = os.environ.get("ALPRDESK_REAL_PLATES")
    if not folder_text:
        pytest.skip("ALPRDESK_REAL_PLATES is not set")
    folder = Path(folder_text)
    with (folder / "plates.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with build_demo_server(api_key=API_KEY, images_dir=folder, now=NOW) as server:
        client = DemoClient(server)
        records = client.records("/api/search/plate", start=WEEK_AGO, topn=1000)
        assert len(records) == len(rows)
        fields = fields_of(records[0])
        width = fields["plate_x2"] - fields["plate_x1"]
        height = fields["plate_y4"] - fields["plate_y1"]
        crop = client.get(
            f"/img/{fields['agent_uid']}/{fields['best_uuid']}",
            x=fields["plate_x1"],
            y=fields["plate_y1"],
            width=width,
            height=height,
        )
        assert crop.status == 200
        assert crop.image_size() == (width, height)


def test_photo_deleted_after_start_is_404(tmp_path: Path) -> None:
    write_photo_folder(tmp_path)
    with build_demo_server(api_key=API_KEY, images_dir=tmp_path, now=NOW) as server:
        client = DemoClient(server)
        records = client.records("/api/search/plate", start=WEEK_AGO, plate="7ABC123")
        fields = fields_of(records[0])
        (tmp_path / "front.jpg").unlink()
        result = client.get(f"/img/{fields['agent_uid']}/{fields['best_uuid']}")
    assert result.status == 404
