"""Synthetic demo data set: about 600 plate groups over the 7 days before a given time."""

from __future__ import annotations

import dataclasses
import enum
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from alprdesk.demo import plates
from alprdesk.demo.catalog import AMBER_LIST, HOUR_MS, STOLEN_LIST, Catalog, build_catalog
from alprdesk.demo.factory import RecordFactory
from alprdesk.demo.geometry import PlatePose, pose_corners
from alprdesk.demo.plates import PlateFormat
from alprdesk.demo.records import (
    ZERO_CORNERS,
    AlertList,
    Camera,
    Corners,
    DataSet,
    FrameImage,
    ImageStatus,
    PlateGroup,
    Vehicle,
)

DAY_MS = 24 * HOUR_MS
HISTORY_MS = 7 * DAY_MS
BASE_READ_COUNT = 597  # a final group, a repeat pass and a fresh read make 600 groups
READS_LAST_HOUR = 24
READS_LAST_DAY = 110
EXPIRED_READ_COUNT = 12
STRONG_POSE_COUNT = 8
ZERO_CORNER_COUNT = 4
EDGE_CORNER_COUNT = 4
MISREAD_SHARE = 0.06
FRESH_READ_AGE_MS = 3_000
FLEET_SIZES = {1: 150, 2: 110, 3: 120}  # distinct vehicles seen at each site


class PoseKind(enum.Enum):
    NORMAL = "normal"
    STRONG = "strong"  # strongly rotated and skewed
    EDGE = "edge"  # partly outside the frame


@dataclass(frozen=True, slots=True)
class _FleetVehicle:
    plate: str
    plate_format: PlateFormat
    vehicle: Vehicle


@dataclass(slots=True)
class _ReadPlan:
    """A planned read. ``plate`` is the plate on the vehicle and ``read`` the best plate read."""

    time_ms: int
    camera: Camera
    fleet_vehicle: _FleetVehicle
    read: str
    status: ImageStatus = ImageStatus.AVAILABLE
    pose_kind: PoseKind = PoseKind.NORMAL
    zero_corners: bool = False
    alert: tuple[AlertList, str, str] | None = None  # list, description, listed plate
    is_final_of_preview: bool = False  # shares the image of the plan before it

    @property
    def plate(self) -> str:
        return self.fleet_vehicle.plate


def generate_dataset(*, now_ms: int, seed: int) -> DataSet:
    """Generate the synthetic data set, which depends only on ``now_ms`` and ``seed``."""
    rng = random.Random(seed)
    factory = RecordFactory(rng)
    catalog = build_catalog(factory, now_ms)
    fleet = _build_fleet(factory, catalog)

    plans = [_plan_read(rng, catalog, fleet, time_ms) for time_ms in _read_times(rng, now_ms)]
    _mark_image_statuses(plans, catalog)
    _mark_poses(rng, plans)
    _mark_alerts(rng, plans, now_ms)
    plans = _add_special_reads(rng, plans, catalog, fleet, now_ms)

    dataset = DataSet(
        sites=catalog.sites,
        agents=catalog.agents,
        cameras=catalog.cameras,
        users=catalog.users,
        alert_lists=catalog.alert_lists,
    )
    previous: PlateGroup | None = None
    for group_id, plan in enumerate(plans, start=1):
        if plan.is_final_of_preview and previous is not None:
            group = _final_group(rng, previous, group_id)
        else:
            group, image = _build_group(factory, plan, group_id)
            dataset.images.append(image)
        dataset.groups.append(group)
        dataset.candidates += factory.make_candidates(group, plan.plate)
        if plan.alert is not None:
            dataset.alerts.append(factory.make_alert(group, *plan.alert))
        previous = group
    return dataset


def _build_fleet(factory: RecordFactory, catalog: Catalog) -> dict[int, list[_FleetVehicle]]:
    rng = factory.rng
    seen: set[str] = set()
    fleet: dict[int, list[_FleetVehicle]] = {}
    for site_id, size in FLEET_SIZES.items():
        formats = [plate_format for plate_format, _ in catalog.site_formats[site_id]]
        weights = [weight for _, weight in catalog.site_formats[site_id]]
        vehicles: list[_FleetVehicle] = []
        while len(vehicles) < size:
            plate_format = rng.choices(formats, weights)[0]
            plate = plates.random_plate(rng, plate_format)
            if plate not in seen:
                seen.add(plate)
                vehicles.append(_FleetVehicle(plate, plate_format, factory.make_vehicle()))
        fleet[site_id] = vehicles
    return fleet


def _read_times(rng: random.Random, now_ms: int) -> list[int]:
    times = [now_ms - rng.randrange(30_000, HOUR_MS) for _ in range(READS_LAST_HOUR)]
    times += [now_ms - rng.randrange(HOUR_MS, DAY_MS) for _ in range(READS_LAST_DAY)]
    older_count = BASE_READ_COUNT - READS_LAST_HOUR - READS_LAST_DAY
    times += [now_ms - rng.randrange(DAY_MS, HISTORY_MS) for _ in range(older_count)]
    return sorted(times)


def _plan_read(
    rng: random.Random,
    catalog: Catalog,
    fleet: dict[int, list[_FleetVehicle]],
    time_ms: int,
) -> _ReadPlan:
    last_seen = {agent.agent_uid: agent.last_seen_ms for agent in catalog.agents}
    online = {agent.agent_uid for agent in catalog.agents if agent.online}
    # An offline agent sent no reads after its last heartbeat.
    cameras = [
        camera
        for camera in catalog.cameras
        if camera.agent_uid in online or time_ms <= last_seen[camera.agent_uid]
    ]
    weights = [catalog.camera_weights[camera.camera_id] for camera in cameras]
    camera = rng.choices(cameras, weights)[0]
    site_id = camera.site_id
    if rng.random() < 0.1:
        site_id = rng.choice(sorted(fleet))
    fleet_vehicle = rng.choice(fleet[site_id])
    read = fleet_vehicle.plate
    if rng.random() < MISREAD_SHARE:
        read = plates.misread_once(rng, read)
    return _ReadPlan(time_ms, camera, fleet_vehicle, read)


def _mark_image_statuses(plans: list[_ReadPlan], catalog: Catalog) -> None:
    """Mark reads of the offline agent, and expire the oldest images of online agents."""
    online = {agent.agent_uid for agent in catalog.agents if agent.online}
    expired = 0
    for plan in plans:
        if plan.camera.agent_uid not in online:
            plan.status = ImageStatus.AGENT_OFFLINE
        elif expired < EXPIRED_READ_COUNT:
            plan.status = ImageStatus.EXPIRED
            expired += 1


def _mark_poses(rng: random.Random, plans: list[_ReadPlan]) -> None:
    available = [plan for plan in plans if plan.status is ImageStatus.AVAILABLE]
    chosen = rng.sample(available, STRONG_POSE_COUNT + ZERO_CORNER_COUNT + EDGE_CORNER_COUNT)
    for plan in chosen[:STRONG_POSE_COUNT]:
        plan.pose_kind = PoseKind.STRONG
    for plan in chosen[STRONG_POSE_COUNT : STRONG_POSE_COUNT + ZERO_CORNER_COUNT]:
        plan.zero_corners = True
    for plan in chosen[STRONG_POSE_COUNT + ZERO_CORNER_COUNT :]:
        plan.pose_kind = PoseKind.EDGE


def _mark_alerts(rng: random.Random, plans: list[_ReadPlan], now_ms: int) -> None:
    """Put a few read plates on the hot lists and mark every read of them as a hit.

    One stolen plate is read within the last hour. Another stolen plate is hit by a read
    that differs from it by one look-alike character.
    """
    exact = [plan for plan in plans if plan.read == plan.plate]
    last_hour = [plan for plan in exact if plan.time_ms >= now_ms - HOUR_MS]
    hot_plans = [rng.choice(last_hour)]
    for plan in rng.sample(exact, len(exact)):
        if len(hot_plans) == 6:
            break
        if plan.plate not in {hot.plate for hot in hot_plans}:
            hot_plans.append(plan)

    listings: dict[str, tuple[AlertList, str, str]] = {}
    for plan in hot_plans[:4]:
        listings[plan.plate] = (
            STOLEN_LIST,
            _stolen_description(rng, plan.plate, now_ms),
            plan.plate,
        )
    for plan in hot_plans[4:]:
        vehicle = plan.fleet_vehicle.vehicle
        vehicle_text = f"{vehicle.color} {vehicle.make_model or vehicle.body_type}"
        listings[plan.plate] = (
            AMBER_LIST,
            f"Hot list plate {plan.plate} — amber alert, {vehicle_text}",
            plan.plate,
        )

    lookalike_plan = next(
        plan
        for plan in rng.sample(exact, len(exact))
        if plan.time_ms >= now_ms - DAY_MS
        and plan.status is ImageStatus.AVAILABLE
        and plan.plate not in listings
        and plates.has_lookalike(plan.plate)
    )
    listings[lookalike_plan.plate] = (
        STOLEN_LIST,
        _stolen_description(rng, lookalike_plan.plate, now_ms),
        lookalike_plan.plate,
    )
    lookalike_plan.read = plates.misread_once(rng, lookalike_plan.plate)

    for plan in plans:
        if plan.read in listings:
            plan.alert = listings[plan.read]
    lookalike_plan.alert = listings[lookalike_plan.plate]


def _stolen_description(rng: random.Random, plate: str, now_ms: int) -> str:
    reported = datetime.fromtimestamp(now_ms / 1000, tz=UTC) - timedelta(days=rng.randint(2, 90))
    return f"Hot list plate {plate} — stolen {reported.date().isoformat()}"


def _add_special_reads(
    rng: random.Random,
    plans: list[_ReadPlan],
    catalog: Catalog,
    fleet: dict[int, list[_FleetVehicle]],
    now_ms: int,
) -> list[_ReadPlan]:
    """Add a final group after a preview group, a repeat pass seconds later and a fresh read."""
    ordinary = [
        plan
        for plan in plans
        if plan.status is ImageStatus.AVAILABLE
        and plan.pose_kind is PoseKind.NORMAL
        and not plan.zero_corners
        and plan.alert is None
        and plan.time_ms >= now_ms - DAY_MS
    ]
    preview, repeated = rng.sample(ordinary, 2)
    result: list[_ReadPlan] = []
    for plan in plans:
        result.append(plan)
        if plan is preview:
            result.append(dataclasses.replace(plan, is_final_of_preview=True))
    result.append(dataclasses.replace(repeated, time_ms=repeated.time_ms + rng.randint(3000, 6000)))

    camera = catalog.cameras[0]
    fresh_vehicle = rng.choice(fleet[camera.site_id])
    fresh = _ReadPlan(now_ms - FRESH_READ_AGE_MS, camera, fresh_vehicle, fresh_vehicle.plate)
    fresh.status = ImageStatus.NOT_YET_STORED
    result.append(fresh)
    result.sort(key=lambda plan: plan.time_ms)  # stable: a final group stays after its preview
    return result


def _build_group(
    factory: RecordFactory, plan: _ReadPlan, group_id: int
) -> tuple[PlateGroup, FrameImage]:
    rng = factory.rng
    camera = plan.camera
    hit_count = rng.randint(2, 12)
    start_ms, end_ms = factory.make_group_times(plan.time_ms, hit_count * rng.randint(150, 400))
    uuid = factory.make_image_uuid(camera.agent_uid, camera.number, start_ms)
    quad = _plate_quad(rng, plan.fleet_vehicle.plate_format, camera, plan.pose_kind)
    group = PlateGroup(
        group_id=group_id,
        camera_id=camera.camera_id,
        agent_uid=camera.agent_uid,
        best_plate=plan.read,
        best_confidence=round(rng.uniform(72.0, 97.0), 2),
        best_index=rng.randrange(hit_count),
        best_uuid=uuid,
        start_ms=start_ms,
        end_ms=end_ms,
        img_width=camera.frame_width,
        img_height=camera.frame_height,
        corners=ZERO_CORNERS if plan.zero_corners else quad,
        processing_time_ms=round(rng.uniform(14.0, 90.0), 2),
        region=plan.fleet_vehicle.plate_format.region,
        direction_degrees=(camera.direction_degrees + rng.randint(-12, 12)) % 360,
        vehicle=factory.observe_vehicle(plan.fleet_vehicle.vehicle),
        hit_count=hit_count,
        style=factory.make_wire_style(start_ms, end_ms),
    )
    image = FrameImage(
        uuid=uuid,
        agent_uid=camera.agent_uid,
        width=camera.frame_width,
        height=camera.frame_height,
        status=plan.status,
        source_file=None,
        plate_text=plan.plate,
        plate_quad=quad,
        vehicle_color=plan.fleet_vehicle.vehicle.color,
        scene_seed=rng.randrange(2**31),
    )
    return group, image


def _final_group(rng: random.Random, preview: PlateGroup, group_id: int) -> PlateGroup:
    """Return the final group that follows a preview group: same image, more frames."""
    extra_frames = rng.randint(4, 8)
    return dataclasses.replace(
        preview,
        group_id=group_id,
        hit_count=preview.hit_count + extra_frames,
        end_ms=preview.end_ms + extra_frames * 1000,
        best_confidence=min(99.5, round(preview.best_confidence + rng.uniform(1.0, 4.0), 2)),
    )


def _plate_quad(
    rng: random.Random, plate_format: PlateFormat, camera: Camera, pose_kind: PoseKind
) -> Corners:
    frame_w = camera.frame_width
    frame_h = camera.frame_height
    if plate_format.aspect > 3:
        width = rng.uniform(0.14, 0.2) * frame_w
    else:
        width = rng.uniform(0.085, 0.15) * frame_w
    height = width / plate_format.aspect
    if pose_kind is PoseKind.STRONG:
        angle = rng.choice((-1, 1)) * rng.uniform(22.0, 38.0)
        shear = rng.choice((-1, 1)) * rng.uniform(0.2, 0.4)
        taper = rng.uniform(0.12, 0.25)
    else:
        angle = rng.uniform(-7.0, 7.0)
        shear = rng.uniform(-0.08, 0.08)
        taper = rng.uniform(0.0, 0.06)
    center_x = rng.uniform(0.3, 0.7) * frame_w
    center_y = rng.uniform(0.55, 0.8) * frame_h
    if pose_kind is PoseKind.EDGE:
        if rng.random() < 0.5:
            center_x = width * rng.uniform(0.1, 0.35)
        else:
            center_y = frame_h - height * rng.uniform(0.1, 0.35)
    return pose_corners(PlatePose(center_x, center_y, width, height, angle, shear, taper))
