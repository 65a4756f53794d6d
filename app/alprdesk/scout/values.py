"""Lenient conversion of the loosely typed values real Scout servers send.

Every converter returns None (or an empty string) for a value it cannot
use, instead of raising, so one odd field never costs a whole record.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger(__name__)

# Epoch numbers above this are taken as milliseconds (1e11 s is the year 5138).
_EPOCH_MILLISECONDS_THRESHOLD = 1e11
_EPOCH_TEXT = re.compile(r"\d{9,14}(\.\d+)?")
# C0 and C1 control characters; a hostile server could send terminal escape codes.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def to_float(value: Any) -> float | None:
    """Convert a number sent as int, float or text (``"87.5"`` or ``"87,5"``)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            logger.debug("Ignoring a non-numeric value %r", value)
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def to_int(value: Any) -> int | None:
    """Convert a whole number sent as int, float or text, keeping large ids exact."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
        return int(value)
    number = to_float(value)
    if number is None or number != int(number):
        return None
    return int(number)


def to_text(value: Any) -> str:
    """Convert a text field that may be null or, for plates like ``0123``, a number.

    Control characters are removed and lone surrogates, which JSON allows
    but no UTF-8 file can hold, become U+FFFD.
    """
    if value is None or isinstance(value, dict | list):
        return ""
    whole = isinstance(value, float) and value.is_integer()
    text = str(int(value)) if whole else str(value)
    text = text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")
    return clean_text(text).strip()


def clean_text(text: str) -> str:
    """Return ``text`` without control characters, each run replaced by one space."""
    return _CONTROL_CHARACTERS.sub(" ", text)


def to_camera(value: Any) -> int | str | None:
    """Convert a camera number that arrives as an int on some servers and as text on others."""
    if value is None or value == "":
        return None
    number = to_int(value)
    if number is not None:
        return number
    return to_text(value) or None


def to_coordinate(value: Any) -> float:
    """Convert a plate corner coordinate; missing is 0, unusable is NaN.

    NaN makes the crop geometry treat the corners as degenerate, so a
    read with a garbled corner shows its full frame instead of a crop
    stretched to the frame's edge.
    """
    if value is None:
        return 0.0
    number = to_float(value)
    return math.nan if number is None else number


def to_datetime(value: Any) -> datetime | None:
    """Parse a record time into an aware datetime.

    Accepts ISO 8601 text with ``Z``, with a numeric offset or with none, with
    any number of fractional digits, and epoch seconds or milliseconds as
    numbers or text. The whole string is parsed, so an offset is never cut off.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str) and _EPOCH_TEXT.fullmatch(value.strip()):
        value = float(value)
    if isinstance(value, int | float):
        return _from_epoch(value)
    if not isinstance(value, str):
        return None

    text = value.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        logger.debug("Ignoring an unparsable time %r", value)
        return None
    if parsed.tzinfo is None:
        # NOTE: Scout servers store UTC; a time sent without an offset is
        # taken as UTC rather than as the workstation's local time.
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        # Times such as 0001-01-01T00:00+14:00 have no UTC equivalent.
        return None
    return parsed


def _from_epoch(value: float) -> datetime | None:
    try:
        seconds = float(value)
        if seconds > _EPOCH_MILLISECONDS_THRESHOLD:
            seconds /= 1000
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
