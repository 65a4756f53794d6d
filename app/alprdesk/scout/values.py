"""Lenient conversion of the loosely typed values real Scout servers send."""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger(__name__)

# Epoch numbers above this are taken as milliseconds (1e11 s is the year 5138).
_EPOCH_MILLISECONDS_THRESHOLD = 1e11


def to_float(value: Any) -> float | None:
    """Convert a number sent as int, float or text (``"87.5"`` or ``"87,5"``)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
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
    """Convert a whole number sent as int, float or text."""
    number = to_float(value)
    if number is None or number != int(number):
        return None
    return int(number)


def to_text(value: Any) -> str:
    """Convert a text field that may be null or, for plates like ``0123``, a number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def to_camera(value: Any) -> int | str | None:
    """Convert a camera number that arrives as an int on some servers and as text on others."""
    if value is None or value == "":
        return None
    number = to_int(value)
    if number is not None:
        return number
    return to_text(value) or None


def to_datetime(value: Any) -> datetime | None:
    """Parse a record time into an aware datetime.

    Accepts ISO 8601 text with ``Z``, with a numeric offset or with none, with
    any number of fractional digits, and epoch seconds or milliseconds. The
    whole string is parsed, so an offset is never cut off.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
        if seconds > _EPOCH_MILLISECONDS_THRESHOLD:
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
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
    return parsed
