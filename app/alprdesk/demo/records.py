"""Records of the demo data set, kept apart from the API client's models."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

Corners = tuple[int, int, int, int, int, int, int, int]
"""Plate corners x1, y1 … x4, y4 in frame pixels, clockwise from the plate's top-left."""

ZERO_CORNERS: Corners = (0, 0, 0, 0, 0, 0, 0, 0)


class NumberStyle(enum.IntEnum):
    """Encoding of numeric fields such as ``best_confidence``."""

    NUMBER = 0
    TEXT = 1  # "87.5"
    COMMA_TEXT = 2  # "87,5"


class ImageStatus(enum.StrEnum):
    """Agent behaviour when a client requests the frame."""

    AVAILABLE = "available"
    EXPIRED = "expired"  # deleted from the agent's rolling buffer: 404
    AGENT_OFFLINE = "agent_offline"  # proxy times out: 504 after a delay
    NOT_YET_STORED = "not_yet_stored"  # 404 for the first seconds after server start


@dataclass(frozen=True, slots=True)
class WireStyle:
    """The real-world encodings one record is serialized with."""

    time_style: int  # index into timefmt.TIME_STYLES
    number_style: NumberStyle = NumberStyle.NUMBER
    camera_as_text: bool = False


@dataclass(frozen=True, slots=True)
class Site:
    site_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Agent:
    agent_uid: str
    name: str
    site_id: int
    version: str
    last_seen_ms: int
    online: bool
    operating_system: str


@dataclass(frozen=True, slots=True)
class Camera:
    camera_id: int
    number: int
    name: str
    site_id: int
    agent_uid: str
    frame_width: int
    frame_height: int
    direction_degrees: int  # usual direction of travel seen by this camera


@dataclass(frozen=True, slots=True)
class Vehicle:
    """Vehicle attributes. Make and model are None when the classifier was unsure."""

    color: str
    body_type: str
    make: str | None
    make_model: str | None


@dataclass(frozen=True, slots=True)
class PlateGroup:
    group_id: int
    camera_id: int
    agent_uid: str
    best_plate: str
    best_confidence: float
    best_index: int
    best_uuid: str
    start_ms: int
    end_ms: int
    img_width: int
    img_height: int
    corners: Corners
    processing_time_ms: float
    region: str
    direction_degrees: int
    vehicle: Vehicle
    hit_count: int
    style: WireStyle


@dataclass(frozen=True, slots=True)
class Candidate:
    candidate_id: int
    group_id: int
    agent_uid: str
    camera_id: int
    plate_number: str
    confidence: float
    plate_index: int  # 0 is the group's best plate
    uuid: str
    time_ms: int
    style: WireStyle


@dataclass(frozen=True, slots=True)
class AlertList:
    list_id: int
    name: str


@dataclass(frozen=True, slots=True)
class AlertHit:
    alert_id: int
    group_id: int
    agent_uid: str
    camera_id: int
    list_id: int
    plate_number: str  # the hot-list plate, which may differ from the plate as read
    confidence: float
    description: str
    time_ms: int
    style: WireStyle


@dataclass(frozen=True, slots=True)
class User:
    user_id: int
    username: str
    email: str
    is_admin: bool


@dataclass(frozen=True, slots=True)
class FrameImage:
    """A full frame on an agent: either a photo file or a scene rendered on request.

    ``plate_quad`` is where the plate really is in the frame. It equals the group's
    corners except for groups whose reported corners are all zero.
    """

    uuid: str
    agent_uid: str
    width: int
    height: int
    status: ImageStatus
    source_file: str | None  # file name inside the images folder
    plate_text: str
    plate_quad: Corners
    vehicle_color: str
    scene_seed: int


@dataclass(slots=True)
class DataSet:
    sites: list[Site] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    cameras: list[Camera] = field(default_factory=list)
    groups: list[PlateGroup] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    alert_lists: list[AlertList] = field(default_factory=list)
    alerts: list[AlertHit] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    images: list[FrameImage] = field(default_factory=list)
