"""Typed records for the plate groups, candidates and alert hits a Scout server returns.

Search endpoints return Django-serialized objects, ``{"pk": 1, "model": "...",
"fields": {...}}``; some servers send the fields flat. Fields this module does
not know are kept in ``extra_fields`` so the UI can show them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from alprdesk.scout.values import (
    to_camera,
    to_coordinate,
    to_datetime,
    to_float,
    to_int,
    to_text,
)

Text = Annotated[str, BeforeValidator(to_text)]
OptionalFloat = Annotated[float | None, BeforeValidator(to_float)]
OptionalInt = Annotated[int | None, BeforeValidator(to_int)]
Coordinate = Annotated[float, BeforeValidator(to_coordinate)]
Dimension = Annotated[int, BeforeValidator(lambda value: max(to_int(value) or 0, 0))]
Camera = Annotated[int | str | None, BeforeValidator(to_camera)]
Timestamp = Annotated[datetime | None, BeforeValidator(to_datetime)]


def flatten_serialized(item: Any) -> dict[str, Any] | None:
    """Return the fields of one serialized object with its key as ``id``, or None."""
    if not isinstance(item, dict):
        return None
    fields = item.get("fields")
    if "fields" in item and not isinstance(fields, dict):
        return None
    if isinstance(fields, dict):
        flat = dict(fields)
        if "pk" in item:
            flat["id"] = item["pk"]
        if "model" in item:
            flat.setdefault("django_model", item["model"])
        return flat
    flat = dict(item)
    if "id" not in flat and "pk" in flat:
        flat["id"] = flat.pop("pk")
    return flat


class ScoutRecord(BaseModel):
    """Fields shared by every Scout search record."""

    model_config = ConfigDict(extra="allow", frozen=True, protected_namespaces=())

    id: Annotated[int, BeforeValidator(to_int)]
    django_model: Text = ""
    agent_uid: Text = ""
    company: OptionalInt = None
    site: Text = ""
    site_id: OptionalInt = None

    @classmethod
    def from_serialized(cls, item: Any) -> Self:
        """Validate one serialized object; raises ``pydantic.ValidationError``."""
        return cls.model_validate(flatten_serialized(item))

    @property
    def extra_fields(self) -> dict[str, Any]:
        """Fields the server sent that this model does not name."""
        return dict(self.model_extra or {})


class PlateGroup(ScoutRecord):
    """One vehicle passage: the best reading of a plate over several frames."""

    best_plate: Text = ""
    best_confidence: OptionalFloat = None
    best_index: OptionalInt = None
    best_uuid: Text = ""
    epoch_time_start: Timestamp = None
    epoch_time_end: Timestamp = None
    camera: Camera = None
    camera_id: OptionalInt = None
    img_width: Dimension = 0
    img_height: Dimension = 0
    plate_x1: Coordinate = 0.0
    plate_y1: Coordinate = 0.0
    plate_x2: Coordinate = 0.0
    plate_y2: Coordinate = 0.0
    plate_x3: Coordinate = 0.0
    plate_y3: Coordinate = 0.0
    plate_x4: Coordinate = 0.0
    plate_y4: Coordinate = 0.0
    processing_time_ms: OptionalFloat = None

    @property
    def plate(self) -> str:
        return self.best_plate

    @property
    def confidence(self) -> float | None:
        return self.best_confidence

    @property
    def first_seen(self) -> datetime | None:
        return self.epoch_time_start or self.epoch_time_end

    @property
    def last_seen(self) -> datetime | None:
        return self.epoch_time_end or self.epoch_time_start

    @property
    def image_uuid(self) -> str:
        return self.best_uuid

    @property
    def corners(self) -> list[tuple[float, float]]:
        """The plate's four corners in full-frame pixels, in the order the server sent them."""
        return [
            (self.plate_x1, self.plate_y1),
            (self.plate_x2, self.plate_y2),
            (self.plate_x3, self.plate_y3),
            (self.plate_x4, self.plate_y4),
        ]


class Candidate(ScoutRecord):
    """One alternative reading of a plate group's plate."""

    plate_number: Text = ""
    confidence: OptionalFloat = None
    group: OptionalInt = Field(default=None, description="Plate group id")
    uuid: Text = ""
    epoch_time: Timestamp = None
    camera: Camera = None
    camera_id: OptionalInt = None
    plate_index: OptionalInt = None

    @property
    def plate(self) -> str:
        return self.plate_number

    @property
    def plate_group_id(self) -> int | None:
        return self.group


class AlertHit(ScoutRecord):
    """A read that matched a plate on an alert list (hot list).

    ``plate_number`` is taken as the listed plate that was hit; the plate as
    read is the plate group's ``best_plate``. On a server that stores the read
    plate here the two are equal and the comparison shows no difference.
    """

    plate_number: Text = ""
    confidence: OptionalFloat = None
    plate_group: OptionalInt = None
    description: Text = ""
    epoch_time: Timestamp = None
    alert_group_name: Text = ""
    alert_group: OptionalInt = None

    @property
    def plate(self) -> str:
        return self.plate_number

    @property
    def plate_group_id(self) -> int | None:
        return self.plate_group


class ListedItem(BaseModel):
    """An entry of the agents, cameras, alert-lists or users listings.

    These endpoints are undocumented, so every field is kept as sent.
    """

    model_config = ConfigDict(frozen=True)

    id: str | None
    name: str
    fields: dict[str, Any]

    @classmethod
    def from_item(cls, item: Any) -> Self | None:
        flat = flatten_serialized(item)
        if flat is None:
            return None
        raw_id = flat.get("id", flat.get("agent_uid", flat.get("camera")))
        name = next(
            (to_text(flat[key]) for key in _NAME_KEYS if to_text(flat.get(key))),
            "",
        )
        return cls(id=None if raw_id is None else to_text(raw_id), name=name, fields=flat)


_NAME_KEYS = ("name", "camera_name", "username", "agent_uid", "email", "description")
