"""ISO 8601 time texts as Scout servers write them, and parsing of query times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone


@dataclass(frozen=True, slots=True)
class TimeStyle:
    """One way of writing an instant: UTC offset, ``Z`` or numeric suffix, fraction digits.

    A style with ``naive`` set writes UTC without any offset, as some servers do.
    """

    offset_minutes: int
    use_z: bool
    fraction_digits: int  # 0, 3 or 6
    naive: bool = False


# Every style writes the same instant. Styles without a fraction need a time in whole seconds.
TIME_STYLES: tuple[TimeStyle, ...] = (
    TimeStyle(offset_minutes=0, use_z=False, fraction_digits=3, naive=True),
    TimeStyle(offset_minutes=0, use_z=True, fraction_digits=3),
    TimeStyle(offset_minutes=0, use_z=True, fraction_digits=0),
    TimeStyle(offset_minutes=0, use_z=False, fraction_digits=6),
    TimeStyle(offset_minutes=0, use_z=False, fraction_digits=0),
    TimeStyle(offset_minutes=-300, use_z=False, fraction_digits=3),
    TimeStyle(offset_minutes=120, use_z=False, fraction_digits=0),
)
FRACTION_STYLE_INDEXES: tuple[int, ...] = tuple(
    index for index, style in enumerate(TIME_STYLES) if style.fraction_digits > 0
)
UTC_Z_STYLE = 1

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# A "+" in a query string decodes to a space, so an unencoded "T10:00:00+02:00" arrives
# as "T10:00:00 02:00".
_OFFSET_DECODED_AS_SPACE = re.compile(r"^(\d{4}-\d\d-\d\dT[0-9:.,]+) (\d\d(?::?\d\d)?)$")


def format_time(epoch_ms: int, style_index: int) -> str:
    """Format a UTC instant in milliseconds with one of ``TIME_STYLES``.

    Raises ValueError if the style has no fraction and the instant is not a whole second,
    because the text would then name a different instant.
    """
    style = TIME_STYLES[style_index]
    if style.fraction_digits == 0 and epoch_ms % 1000 != 0:
        raise ValueError(
            f"time style {style_index} has no fraction, but {epoch_ms} ms is not a whole second"
        )
    offset = timezone(timedelta(minutes=style.offset_minutes))
    moment = (_EPOCH + timedelta(milliseconds=epoch_ms)).astimezone(offset)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if style.fraction_digits == 3:
        text += f".{epoch_ms % 1000:03d}"
    elif style.fraction_digits == 6:
        text += f".{epoch_ms % 1000:03d}000"
    if style.naive:
        return text
    if style.use_z:
        return text + "Z"
    sign = "-" if style.offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(style.offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def parse_query_time(text: str) -> int:
    """Parse an ISO 8601 time from a query parameter into UTC epoch milliseconds.

    A time without an offset is UTC. Raises ValueError if the text is not ISO 8601.
    """
    cleaned = text.strip()
    decoded_plus = _OFFSET_DECODED_AS_SPACE.match(cleaned)
    if decoded_plus is not None:
        cleaned = f"{decoded_plus.group(1)}+{decoded_plus.group(2)}"
    moment = datetime.fromisoformat(cleaned)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return epoch_ms_of(moment)


def epoch_ms_of(moment: datetime) -> int:
    """Return UTC epoch milliseconds of an aware datetime, rounded down."""
    return (moment - _EPOCH) // timedelta(milliseconds=1)
