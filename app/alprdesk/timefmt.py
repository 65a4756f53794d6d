"""Times as the window shows them: the workstation's zone with its offset, or UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def format_time(moment: datetime | None, *, utc: bool = False) -> str:
    """Show ``moment`` as "2026-03-29 03:15:00 +02:00" in local time, or with "Z" in UTC.

    The offset is the one in force at that moment, so times on either side of a
    daylight-saving change show different offsets. Naive times are taken as UTC,
    as the API client stores them.
    """
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if utc:
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} Z"
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def zone_label(*, utc: bool = False, now: datetime | None = None) -> str:
    """Name the zone times are shown in, for example "UTC+01:00" or "UTC"."""
    if utc:
        return "UTC"
    offset = (now or datetime.now(UTC)).astimezone().strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"
