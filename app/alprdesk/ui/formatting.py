"""How times, confidences and plates are shown in the window."""

from __future__ import annotations

from datetime import datetime


def local_time(moment: datetime | None) -> str:
    """Show ``moment`` in the workstation's time zone with its UTC offset."""
    if moment is None:
        return ""
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} %"
