"""JSON shapes of the Scout endpoints, with the encodings real servers vary between."""

from __future__ import annotations

from dataclasses import dataclass

from alprdesk.demo.records import (
    Agent,
    AlertHit,
    AlertList,
    Camera,
    Candidate,
    NumberStyle,
    PlateGroup,
    Site,
    User,
    WireStyle,
)
from alprdesk.demo.timefmt import UTC_Z_STYLE, format_time

COMPANY_ID = 1
PLATE_GROUP_MODEL = "openalpr.plategroup"
CANDIDATE_MODEL = "openalpr.platecandidate"
ALERT_MODEL = "openalpr.alert"
CAMERA_MODEL = "openalpr.camera"

JsonObject = dict[str, object]


@dataclass(frozen=True, slots=True)
class Directory:
    """Sites, cameras and alert lists by id, to fill in the names records refer to."""

    sites: dict[int, Site]
    cameras: dict[int, Camera]
    alert_lists: dict[int, AlertList]


def format_number(value: float, style: NumberStyle) -> float | str:
    """Return the value as a JSON number, as text, or as text with a decimal comma."""
    if style is NumberStyle.NUMBER:
        return value
    text = repr(float(value))
    return text.replace(".", ",") if style is NumberStyle.COMMA_TEXT else text


def _placement(camera_id: int, style: WireStyle, directory: Directory) -> JsonObject:
    camera = directory.cameras[camera_id]
    site = directory.sites[camera.site_id]
    return {
        "camera": str(camera.number) if style.camera_as_text else camera.number,
        "camera_id": camera.camera_id,
        "company": COMPANY_ID,
        "site": site.name,
        "site_id": site.site_id,
    }


def serialize_group(group: PlateGroup, directory: Directory) -> JsonObject:
    """Return a plate group as a serialized object, with the extra fields servers add."""
    style = group.style
    x1, y1, x2, y2, x3, y3, x4, y4 = group.corners
    fields: JsonObject = {
        "agent_uid": group.agent_uid,
        "best_confidence": format_number(group.best_confidence, style.number_style),
        "best_plate": group.best_plate,
        "best_index": group.best_index,
        "best_uuid": group.best_uuid,
        "epoch_time_start": format_time(group.start_ms, style.time_style),
        "epoch_time_end": format_time(group.end_ms, style.time_style),
        **_placement(group.camera_id, style, directory),
        "img_width": group.img_width,
        "img_height": group.img_height,
        "plate_x1": x1,
        "plate_y1": y1,
        "plate_x2": x2,
        "plate_y2": y2,
        "plate_x3": x3,
        "plate_y3": y3,
        "plate_x4": x4,
        "plate_y4": y4,
        "processing_time_ms": format_number(group.processing_time_ms, style.number_style),
        "region": group.region,
        "direction_of_travel_degrees": group.direction_degrees,
        "vehicle_color": group.vehicle.color,
        "vehicle_body_type": group.vehicle.body_type,
        "hit_count": group.hit_count,
    }
    # The classifier leaves make and model out when it is unsure.
    if group.vehicle.make is not None:
        fields["vehicle_make"] = group.vehicle.make
    if group.vehicle.make_model is not None:
        fields["vehicle_make_model"] = group.vehicle.make_model
    return {"pk": group.group_id, "model": PLATE_GROUP_MODEL, "fields": fields}


def serialize_candidate(candidate: Candidate, directory: Directory) -> JsonObject:
    style = candidate.style
    fields: JsonObject = {
        "agent_uid": candidate.agent_uid,
        "confidence": format_number(candidate.confidence, style.number_style),
        "group": candidate.group_id,
        "plate_number": candidate.plate_number,
        "uuid": candidate.uuid,
        "epoch_time": format_time(candidate.time_ms, style.time_style),
        **_placement(candidate.camera_id, style, directory),
        "plate_index": candidate.plate_index,
    }
    return {"pk": candidate.candidate_id, "model": CANDIDATE_MODEL, "fields": fields}


def serialize_alert(alert: AlertHit, directory: Directory) -> JsonObject:
    style = alert.style
    placement = _placement(alert.camera_id, style, directory)
    fields: JsonObject = {
        "agent_uid": alert.agent_uid,
        "confidence": format_number(alert.confidence, style.number_style),
        "plate_group": alert.group_id,
        "plate_number": alert.plate_number,
        "description": alert.description,
        "epoch_time": format_time(alert.time_ms, style.time_style),
        "alert_group_name": directory.alert_lists[alert.list_id].name,
        "alert_group": alert.list_id,
        "company": COMPANY_ID,
        "site": placement["site"],
        "site_id": placement["site_id"],
    }
    return {"pk": alert.alert_id, "model": ALERT_MODEL, "fields": fields}


def serialize_agent(agent: Agent, directory: Directory) -> JsonObject:
    """Return an agent as a plain object with ``os``, a field the API description does not list."""
    return {
        "agent_uid": agent.agent_uid,
        "name": agent.name,
        "site": directory.sites[agent.site_id].name,
        "version": agent.version,
        "last_seen": format_time(agent.last_seen_ms, UTC_Z_STYLE),
        "os": agent.operating_system,
    }


def serialize_camera(camera: Camera, directory: Directory) -> JsonObject:
    fields: JsonObject = {
        "camera": camera.number,
        "name": camera.name,
        "site": directory.sites[camera.site_id].name,
        "site_id": camera.site_id,
        "agent_uid": camera.agent_uid,
    }
    return {"pk": camera.camera_id, "model": CAMERA_MODEL, "fields": fields}


def serialize_alert_list(alert_list: AlertList) -> JsonObject:
    return {"id": alert_list.list_id, "name": alert_list.name}


def serialize_user(user: User) -> JsonObject:
    return {
        "id": user.user_id,
        "username": user.username,
        "email": user.email,
        "is_admin": user.is_admin,
    }


def paginated(results: list[JsonObject]) -> JsonObject:
    """Wrap a listing as one page of a Django REST framework paginated response."""
    return {"count": len(results), "next": None, "previous": None, "results": results}
