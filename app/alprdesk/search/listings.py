"""Search choices taken from the server's undocumented cameras, agents and alert-lists listings.

Field names differ between server versions, so each value is looked up under
several keys, in order, and an item without a usable value is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from alprdesk.scout import ListedItem, QueryError
from alprdesk.scout.values import to_datetime, to_int, to_text

SITE_KEYS = ("site_name", "site", "location_name", "location")
CAMERA_NUMBER_KEYS = ("camera", "camera_number", "number", "camera_id")
CAMERA_NAME_KEYS = ("name", "camera_name", "title", "description")
LAST_SEEN_KEYS = (
    "last_seen",
    "last_heartbeat",
    "last_contact",
    "heartbeat_time",
    "last_seen_at",
    "last_heartbeat_time",
    "last_checkin",
    "last_check_in",
    "lastSeen",
    "lastHeartbeat",
)
# A camera number alone or at the start of a ``CameraChoice.label``.
_LABEL_NUMBER = re.compile(r"([0-9]+)(?: — .*)?", re.DOTALL)
# Keys that contain the name of a nested object such as {"site": {"id": 2, "name": "Depot"}}.
_NESTED_NAME_KEYS = ("name", "title", "site_name")


@dataclass(frozen=True)
class CameraChoice:
    """A camera the search form offers: its number, which searches use, and its name."""

    number: int
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.number} — {self.name}" if self.name else str(self.number)


@dataclass(frozen=True)
class AlertListChoice:
    """An alert list the search form offers. ``list_id`` is empty when the server sent none."""

    list_id: str
    name: str

    @property
    def label(self) -> str:
        if self.name and self.list_id:
            return f"{self.name} (id {self.list_id})"
        return self.name or self.list_id

    @property
    def value(self) -> str:
        """The id when known, because names need not be unique, else the name."""
        return self.list_id or self.name


def site_names(*listings: Iterable[ListedItem]) -> list[str]:
    """Return the distinct site names of the items, sorted without regard to case."""
    names: dict[str, str] = {}
    for listing in listings:
        for item in listing:
            site = site_of(item)
            if site:
                names.setdefault(site.casefold(), site)
    return sorted(names.values(), key=str.casefold)


def site_of(item: ListedItem) -> str:
    """Return the item's site name, or its site id when that is all the server sent."""
    for key in SITE_KEYS:
        text = _name_text(item.fields.get(key))
        if text:
            return text
    return ""


def camera_choices(cameras: Iterable[ListedItem]) -> list[CameraChoice]:
    """Return one choice per camera number, sorted by number.

    Cameras without a whole, non-negative number are left out, because the
    search filters by number. Different names for one number are joined.
    """
    names: dict[int, list[str]] = {}
    for item in cameras:
        number = camera_number_of(item)
        if number is None:
            continue
        known = names.setdefault(number, [])
        name = camera_name_of(item)
        if name and name != str(number) and name not in known:
            known.append(name)
    return [CameraChoice(number, " / ".join(names[number])) for number in sorted(names)]


def camera_number_of(item: ListedItem) -> int | None:
    for key in CAMERA_NUMBER_KEYS:
        number = _whole_number(item.fields.get(key))
        if number is not None:
            return number
    return _whole_number(item.id)


def camera_name_of(item: ListedItem) -> str:
    for key in CAMERA_NAME_KEYS:
        text = to_text(item.fields.get(key))
        if text:
            return text
    return ""


def alert_list_choices(alert_lists: Iterable[ListedItem]) -> list[AlertListChoice]:
    """Return the alert lists in the server's order, without repeats or empty entries."""
    choices: list[AlertListChoice] = []
    for item in alert_lists:
        choice = AlertListChoice(list_id=item.id or "", name=item.name)
        if choice.value and choice not in choices:
            choices.append(choice)
    return choices


def camera_number(text: str, choices: Iterable[CameraChoice] = ()) -> int | None:
    """Return the camera number that ``text`` names, or None when it is empty.

    ``text`` may be a number, a label such as ``101 — North Gate`` (whose camera
    may have left the listing since) or a camera's name, ignoring case.
    Raises ``QueryError`` for the field ``camera`` otherwise.
    """
    typed = text.strip()
    if not typed:
        return None
    labelled = _LABEL_NUMBER.fullmatch(typed)
    if labelled is not None:
        return int(labelled.group(1))
    folded = typed.casefold()
    for choice in choices:
        if folded in (choice.label.casefold(), choice.name.casefold()):
            return choice.number
    raise QueryError(
        "camera",
        f"Unknown camera {typed!r}. Enter a camera number (a whole number) "
        "or choose a camera from the list.",
    )


def alert_list_value(text: str, choices: Iterable[AlertListChoice] = ()) -> str:
    """Return the id of the alert list ``text`` names, or ``text`` itself when no choice matches.

    ``text`` may be a choice's label, name or id, ignoring case. Free text is
    kept because the server's listing may be incomplete or missing.
    """
    typed = text.strip()
    if not typed:
        return ""
    folded = typed.casefold()
    for choice in choices:
        if folded in (choice.label.casefold(), choice.name.casefold(), choice.list_id.casefold()):
            return choice.value
    return typed


def last_seen(item: ListedItem) -> datetime | None:
    """Return when an agent last contacted the server, or None when no time could be read.

    Accepts ISO 8601 text and epoch seconds or milliseconds, as numbers or text.
    """
    for key in LAST_SEEN_KEYS:
        moment = to_datetime(item.fields.get(key))
        if moment is not None:
            return moment
    return None


def _name_text(value: Any) -> str:
    if isinstance(value, dict):
        for key in _NESTED_NAME_KEYS:
            text = to_text(value.get(key))
            if text:
                return text
        return ""
    if isinstance(value, bool):
        return ""
    return to_text(value)


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    number = to_int(value)
    return number if number is not None and number >= 0 else None
