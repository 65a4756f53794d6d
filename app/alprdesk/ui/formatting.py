"""Text forms of times, confidences and read details shown in the window."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from alprdesk.plate_images import AGENT_OFFLINE, IMAGE_NOT_FOUND, IMAGE_NOT_STORED_YET, NO_IMAGE
from alprdesk.scout import PlateGroup
from alprdesk.timefmt import format_time


class _TimeZoneChoice:
    """Whether the window shows times in UTC; one choice for every view."""

    utc = False


def show_utc(enabled: bool) -> None:
    """Show times in UTC from now on, or in the workstation's zone."""
    _TimeZoneChoice.utc = enabled


def showing_utc() -> bool:
    return _TimeZoneChoice.utc


class _AgentNames:
    """Names of the connected server's agents by agent uid."""

    names: ClassVar[dict[str, str]] = {}


def set_agent_names(names: dict[str, str]) -> None:
    """Use the connected server's agent names wherever an agent is shown."""
    _AgentNames.names = dict(names)


def agent_label(agent_uid: str) -> str:
    """Return an agent as "north-gate (UJZDE8…)" when its name is known, else its uid."""
    if not agent_uid:
        return "(unknown)"
    name = _AgentNames.names.get(agent_uid, "")
    return f"{name} ({agent_uid})" if name and name != agent_uid else agent_uid


def local_time(moment: datetime | None) -> str:
    """Show ``moment`` in the zone the user chose: local with its offset, or UTC."""
    return format_time(moment, utc=_TimeZoneChoice.utc)


def confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} %"


def describe_read(read: PlateGroup, camera_name: str = "") -> str:
    """Return the read's context as lines of text, unknown server fields included."""
    camera = "" if read.camera is None else f"camera {read.camera}"
    if camera and camera_name:
        camera += f" ({camera_name})"
    lines = [
        " · ".join(part for part in (read.site, camera, confidence(read.confidence)) if part),
        f"First seen {local_time(read.first_seen)}, last seen {local_time(read.last_seen)}",
    ]
    if read.first_seen is not None:
        lines.append(f"UTC {read.first_seen.astimezone(UTC):%Y-%m-%d %H:%M:%S}")
    lines.append(f"Plate group {read.id} · agent {agent_label(read.agent_uid)}")
    lines.append(f"Image {read.best_uuid}")
    extras = sorted(read.extra_fields.items())
    lines += [f"{_label(name)}: {_value(value)}{_UNITS.get(name, '')}" for name, value in extras]
    return "\n".join(line for line in lines if line)


# Fields real servers add beyond the documented ones; values are shown as sent.
_LABELS = {"direction_of_travel_degrees": "Direction of travel", "hit_count": "Frames read"}
_UNITS = {"direction_of_travel_degrees": "°"}


def _label(name: str) -> str:
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def problem_text(reason: str, agent_uid: str) -> str:
    """Return the sentence shown for an image failure ``reason`` from alprdesk.plate_images."""
    if reason == IMAGE_NOT_FOUND:
        return "The agent no longer has this image. Agents delete their oldest images first."
    if reason == AGENT_OFFLINE:
        return f"Agent {agent_label(agent_uid)} is offline or did not send the image in time."
    if reason == IMAGE_NOT_STORED_YET:
        return "The agent has not stored this image yet. Retry in a moment."
    if reason == NO_IMAGE:
        return "The read names no image."
    text = reason[:1].upper() + reason[1:]
    return text if text.endswith(".") else text + "."
