"""Crops of real vehicle photographs, served by the demo server and exported with --crops."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from alprdesk.demo import DemoServer
from alprdesk.imaging import CropRect
from tests.servers import DEMO_KEY, real_plates_dir, running_demo_server

pytestmark = pytest.mark.real_plates

MAX_AREA_RATIO = 4
# Mean absolute difference per channel between an exported crop and the same
# rectangle of the original photo; JPEG re-encoding stays far below this.
MAX_MEAN_DIFFERENCE = 12


@dataclass(frozen=True)
class Annotation:
    file: str
    box: CropRect
    plate: str


@pytest.fixture(scope="module")
def photos() -> Path:
    return real_plates_dir()


@pytest.fixture(scope="module")
def photo_server(photos: Path) -> Iterator[DemoServer]:
    with running_demo_server(images_dir=photos) as server:
        yield server


@pytest.fixture(scope="module")
def exported(photo_server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real-plates")
    start = (datetime.now(UTC) - timedelta(days=60)).isoformat(timespec="seconds")
    environment = dict(os.environ, ALPRDESK_API_KEY=DEMO_KEY, ALPRDESK_HOME=str(out / "home"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "alprdesk",
            "export",
            "plates",
            "--server",
            photo_server.url,
            "--start",
            start,
            "--topn",
            "10000",
            "--out",
            str(out),
            "--crops",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def annotations(folder: Path) -> list[Annotation]:
    with (folder / "plates.csv").open(encoding="utf-8", newline="") as file:
        return [
            Annotation(
                file=row["file"],
                box=CropRect(int(row["x"]), int(row["y"]), int(row["width"]), int(row["height"])),
                plate=row["plate"],
            )
            for row in csv.DictReader(file)
        ]


def exported_rows(out: Path) -> list[dict[str, str]]:
    with (out / "results.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def row_rect(row: dict[str, str]) -> CropRect:
    return CropRect(
        int(row["crop_x"]), int(row["crop_y"]), int(row["crop_width"]), int(row["crop_height"])
    )


def mean_difference(crop: Image.Image, original: Image.Image) -> float:
    difference = ImageChops.difference(crop.convert("RGB"), original.convert("RGB"))
    return sum(ImageStat.Stat(difference).mean) / 3


def test_every_photo_exported_with_its_plate(photos: Path, exported: Path) -> None:
    rows = exported_rows(exported)

    assert sorted(row["plate"] for row in rows) == sorted(
        item.plate for item in annotations(photos)
    )


def test_every_crop_contains_the_annotated_plate(photos: Path, exported: Path) -> None:
    rows = [row for row in exported_rows(exported) if row["crop_file"]]
    unmatched: list[str] = []

    for item in annotations(photos):
        with Image.open(photos / item.file) as photo:
            photo.load()
            matches = []
            for row in rows:
                if row["plate"] != item.plate:
                    continue
                rect = row_rect(row)
                crop = Image.open(io.BytesIO((exported / row["crop_file"]).read_bytes()))
                if crop.size != (rect.width, rect.height) or rect.right > photo.width:
                    continue
                original = photo.crop((rect.x, rect.y, rect.right, rect.bottom))
                if mean_difference(crop, original) <= MAX_MEAN_DIFFERENCE:
                    matches.append(rect)

        if not matches:
            unmatched.append(f"{item.file}: no exported crop shows this photo")
            continue
        rect = matches[0]
        assert rect.contains(item.box), f"{item.file}: crop {rect} misses plate box {item.box}"
        assert rect.area <= MAX_AREA_RATIO * item.box.area, f"{item.file}: crop {rect} too large"

    assert not unmatched, unmatched
