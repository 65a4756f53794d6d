"""Demo data set built from a folder of photos annotated in ``plates.csv``."""

from __future__ import annotations

import csv
import logging
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from alprdesk.demo import plates
from alprdesk.demo.catalog import AGENT_VERSION, HOUR_MS, STOLEN_LIST, USERS
from alprdesk.demo.factory import RecordFactory
from alprdesk.demo.records import (
    Agent,
    Camera,
    Corners,
    DataSet,
    FrameImage,
    ImageStatus,
    PlateGroup,
    Site,
)

logger = logging.getLogger(__name__)

PLATES_CSV = "plates.csv"
REQUIRED_COLUMNS = ("file", "region", "x", "y", "width", "height", "plate")
HISTORY_MS = 5 * 24 * HOUR_MS
HOT_LIST_SHARE = 4  # every 4th photo, at least one, is on the stolen list
REGION_SITE_NAMES = {
    "us": "US sample photos",
    "eu": "EU sample photos",
    "br": "Brazil sample photos",
}


@dataclass(frozen=True, slots=True)
class PhotoRow:
    """One annotated photo: an axis-aligned plate box with its top-left at (x, y)."""

    line: int
    file: str
    region: str
    x: int
    y: int
    width: int
    height: int
    plate: str


def read_plates_csv(images_dir: Path) -> list[PhotoRow]:
    """Read and validate ``plates.csv`` in the folder.

    Raises ValueError naming the file and line of a missing column, a bad number, an
    empty plate, or an image file that is missing or not a plain name in the folder.
    """
    csv_path = images_dir / PLATES_CSV
    if not csv_path.is_file():
        raise ValueError(f"{csv_path} not found: the images folder needs a {PLATES_CSV}")
    rows: list[PhotoRow] = []
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{csv_path}: missing columns {', '.join(missing)}")
        for record in reader:
            rows.append(_parse_row(csv_path, reader.line_num, record))
    if not rows:
        raise ValueError(f"{csv_path} lists no photos")
    return rows


def _parse_row(csv_path: Path, line: int, record: dict[str, str]) -> PhotoRow:
    where = f"{csv_path} line {line}"
    file_name = (record["file"] or "").strip()
    if not file_name or Path(file_name).name != file_name or file_name in {".", ".."}:
        raise ValueError(f"{where}: file {file_name!r} must be a file name inside the folder")
    if not (csv_path.parent / file_name).is_file():
        raise ValueError(f"{where}: image file {file_name!r} not found in {csv_path.parent}")
    numbers: dict[str, int] = {}
    for column in ("x", "y", "width", "height"):
        text = (record[column] or "").strip()
        try:
            numbers[column] = int(text)
        except ValueError:
            raise ValueError(f"{where}: {column} {text!r} is not an integer") from None
    if numbers["width"] <= 0 or numbers["height"] <= 0:
        raise ValueError(f"{where}: width and height must be positive")
    plate = plates.normalize_plate(record["plate"] or "")
    if not plate:
        raise ValueError(f"{where}: plate is empty")
    region = (record["region"] or "").strip().lower() or "unknown"
    return PhotoRow(line, file_name, region, plate=plate, **numbers)


def load_photo_dataset(images_dir: Path, *, now_ms: int, seed: int) -> DataSet:
    """Build one plate group per annotated photo, with one site, agent and camera per region.

    Reads only the image headers, so startup stays fast for large photos.
    """
    rows = read_plates_csv(images_dir)
    rng = random.Random(seed)
    factory = RecordFactory(rng)
    dataset = DataSet(users=list(USERS), alert_lists=[STOLEN_LIST])

    cameras_by_region: dict[str, Camera] = {}
    for site_id, region in enumerate(sorted({row.region for row in rows}), start=1):
        name = REGION_SITE_NAMES.get(region, f"{region.upper()} sample photos")
        agent_uid = factory.make_agent_uid()
        dataset.sites.append(Site(site_id, name))
        agent = Agent(
            agent_uid=agent_uid,
            name=f"{region}-photos",
            site_id=site_id,
            version=AGENT_VERSION,
            last_seen_ms=now_ms - 15_000,
            online=True,
            operating_system="Ubuntu 22.04",
        )
        dataset.agents.append(agent)
        # Frame sizes differ from photo to photo, so the camera has none (0 x 0).
        camera = Camera(site_id, 500 + site_id, f"{name} camera", site_id, agent_uid, 0, 0, 90)
        cameras_by_region[region] = camera
        dataset.cameras.append(camera)

    times = sorted(now_ms - rng.randrange(60_000, HISTORY_MS) for _ in rows)
    hot_rows = set(rng.sample(range(len(rows)), max(1, len(rows) // HOT_LIST_SHARE)))
    for index, (row, time_ms) in enumerate(zip(rows, times, strict=True)):
        width, height = _image_size(images_dir / row.file)
        camera = cameras_by_region[row.region]
        group = _photo_group(factory, index + 1, row, camera, time_ms, width, height)
        dataset.groups.append(group)
        dataset.candidates += factory.make_candidates(group, row.plate)
        dataset.images.append(
            FrameImage(
                uuid=group.best_uuid,
                agent_uid=camera.agent_uid,
                width=width,
                height=height,
                status=ImageStatus.AVAILABLE,
                source_file=row.file,
                plate_text=row.plate,
                plate_quad=group.corners,
                vehicle_color=group.vehicle.color,
                scene_seed=0,
            )
        )
        if index in hot_rows:
            description = f"Hot list plate {row.plate} — stolen vehicle"
            dataset.alerts.append(factory.make_alert(group, STOLEN_LIST, description, row.plate))
    logger.info("Loaded %d annotated photos from %s", len(rows), images_dir)
    return dataset


def _image_size(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError) as error:
        raise ValueError(f"{path} is not a readable image: {error}") from error


def _photo_group(
    factory: RecordFactory,
    group_id: int,
    row: PhotoRow,
    camera: Camera,
    time_ms: int,
    width: int,
    height: int,
) -> PlateGroup:
    rng = factory.rng
    hit_count = rng.randint(2, 10)
    start_ms, end_ms = factory.make_group_times(time_ms, hit_count * rng.randint(150, 400))
    right = row.x + row.width
    bottom = row.y + row.height
    corners: Corners = (row.x, row.y, right, row.y, right, bottom, row.x, bottom)
    return PlateGroup(
        group_id=group_id,
        camera_id=camera.camera_id,
        agent_uid=camera.agent_uid,
        best_plate=row.plate,
        best_confidence=round(rng.uniform(75.0, 97.0), 2),
        best_index=rng.randrange(hit_count),
        best_uuid=factory.make_image_uuid(camera.agent_uid, camera.number, start_ms),
        start_ms=start_ms,
        end_ms=end_ms,
        img_width=width,
        img_height=height,
        corners=corners,
        processing_time_ms=round(rng.uniform(14.0, 90.0), 2),
        region=row.region,
        direction_degrees=rng.randrange(360),
        vehicle=factory.observe_vehicle(factory.make_vehicle()),
        hit_count=hit_count,
        style=factory.make_wire_style(start_ms, end_ms),
    )
