"""Validation of the query parameters of search and image requests."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alprdesk.demo.plates import normalize_plate
from alprdesk.demo.timefmt import parse_query_time

DEFAULT_TOPN = 1000
_INTEGER = re.compile(r"[+-]?[0-9]+")
_MAX_DIGITS = 18  # keeps every accepted value inside SQLite's 64-bit integers
TIME_EXAMPLE = "2026-01-31T08:00:00Z"

QueryParams = Mapping[str, Sequence[str]]


class BadRequestError(ValueError):
    """A query parameter is missing or invalid. The message is sent as the 400 body."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Filters of a search request. Times are UTC epoch milliseconds, both ends inclusive."""

    start_ms: int | None = None
    end_ms: int | None = None
    plate_key: str | None = None  # normalized plate text
    site: str | None = None  # site name or site id as text
    camera: int | None = None  # camera number
    topn: int = DEFAULT_TOPN
    descending: bool = True


@dataclass(frozen=True, slots=True)
class ImageQuery:
    """Crop rectangle (all four values or none) and maximum width of an image request."""

    crop: tuple[int, int, int, int] | None = None  # x, y, width, height
    max_width: int | None = None


def first_value(params: QueryParams, name: str) -> str | None:
    """Return the first value of a parameter, or None if it is absent or blank."""
    values = params.get(name)
    if not values:
        return None
    value = values[0].strip()
    return value or None


def parse_search_query(params: QueryParams) -> SearchQuery:
    """Validate search parameters, or raise BadRequestError naming the parameter at fault."""
    start_ms = _parse_time(params, "start")
    end_ms = _parse_time(params, "end")
    if start_ms is None and end_ms is None:
        raise BadRequestError(
            f"Missing parameter: start or end is required (ISO 8601 time, e.g. {TIME_EXAMPLE})."
        )
    if start_ms is not None and end_ms is not None and start_ms > end_ms:
        raise BadRequestError(
            f"Invalid start/end: start {first_value(params, 'start')} is after "
            f"end {first_value(params, 'end')}."
        )

    plate_key: str | None = None
    plate_text = first_value(params, "plate")
    if plate_text is not None:
        plate_key = normalize_plate(plate_text)
        if not plate_key:
            raise BadRequestError(f"Invalid plate: {plate_text!r} contains no letters or digits.")

    camera_text = first_value(params, "camera")
    camera = None
    if camera_text is not None:
        camera = _parse_int(camera_text, "camera", "is not a camera number (an integer)")

    topn = DEFAULT_TOPN
    topn_text = first_value(params, "topn")
    if topn_text is not None:
        topn = _parse_int(topn_text, "topn", "is not a positive integer")
        if topn <= 0:
            raise BadRequestError(f"Invalid topn: {topn_text!r} is not a positive integer.")

    order = (first_value(params, "order") or "desc").lower()
    if order not in {"asc", "desc"}:
        raise BadRequestError(
            f"Invalid order: {first_value(params, 'order')!r} must be asc or desc."
        )
    return SearchQuery(
        start_ms=start_ms,
        end_ms=end_ms,
        plate_key=plate_key,
        site=first_value(params, "site"),
        camera=camera,
        topn=topn,
        descending=order == "desc",
    )


def parse_image_query(params: QueryParams) -> ImageQuery:
    """Validate x, y, width, height and max_width, or raise BadRequestError naming the parameter.

    The crop applies only if all four of x, y, width and height are given.
    """
    values: dict[str, int] = {}
    for name in ("x", "y", "width", "height", "max_width"):
        text = first_value(params, name)
        if text is not None:
            values[name] = _parse_int(text, name, "is not an integer number of pixels")
    for name in ("width", "height", "max_width"):
        if name in values and values[name] <= 0:
            raise BadRequestError(f"Invalid {name}: {values[name]} must be a positive integer.")
    crop = None
    if all(name in values for name in ("x", "y", "width", "height")):
        crop = (values["x"], values["y"], values["width"], values["height"])
    return ImageQuery(crop=crop, max_width=values.get("max_width"))


def _parse_time(params: QueryParams, name: str) -> int | None:
    text = first_value(params, name)
    if text is None:
        return None
    try:
        return parse_query_time(text)
    except ValueError:
        raise BadRequestError(
            f"Invalid {name}: {text!r} is not an ISO 8601 time (e.g. {TIME_EXAMPLE})."
        ) from None


def _parse_int(text: str, name: str, problem: str) -> int:
    if _INTEGER.fullmatch(text) is None:
        raise BadRequestError(f"Invalid {name}: {text!r} {problem}.")
    if len(text.lstrip("+-")) > _MAX_DIGITS:
        raise BadRequestError(f"Invalid {name}: {text!r} is too large.")
    return int(text)
