"""Helpers of the demo server: time texts, look-alike misreadings, plate geometry."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from alprdesk.demo.geometry import PlatePose, perspective_coefficients, pose_corners
from alprdesk.demo.plates import LOOKALIKE_GROUPS, misreadings, normalize_plate
from alprdesk.demo.timefmt import TIME_STYLES, format_time, parse_query_time

WHOLE_SECOND_MS = 1_780_315_200_000  # 2026-06-01T12:00:00Z


WHOLE_SECOND_STYLE = next(
    index for index, style in enumerate(TIME_STYLES) if style.fraction_digits == 0
)


@pytest.mark.parametrize("style", range(len(TIME_STYLES)))
def test_every_time_style_round_trips(style: int) -> None:
    text = format_time(WHOLE_SECOND_MS, style)
    moment = datetime.fromisoformat(text)
    if TIME_STYLES[style].naive:
        moment = moment.replace(tzinfo=UTC)
    assert moment == datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert parse_query_time(text) == WHOLE_SECOND_MS


def test_fraction_styles_keep_milliseconds() -> None:
    for style, time_style in enumerate(TIME_STYLES):
        if time_style.fraction_digits:
            assert parse_query_time(format_time(WHOLE_SECOND_MS + 123, style)) == (
                WHOLE_SECOND_MS + 123
            )


def test_style_without_fraction_rejects_milliseconds() -> None:
    with pytest.raises(ValueError, match="not a whole second"):
        format_time(WHOLE_SECOND_MS + 5, WHOLE_SECOND_STYLE)


def test_query_time_forms() -> None:
    assert parse_query_time("2026-06-01T12:00:00") == WHOLE_SECOND_MS
    assert parse_query_time("2026-06-01T14:00:00 02:00") == WHOLE_SECOND_MS
    assert parse_query_time(" 2026-06-01T07:00:00-05:00 ") == WHOLE_SECOND_MS
    with pytest.raises(ValueError, match="Invalid isoformat"):
        parse_query_time("1 June 2026")


def test_normalize_plate() -> None:
    assert normalize_plate("ab-12 cde") == "AB12CDE"
    assert normalize_plate("0123 xy") == "0123XY"


def test_misreadings_swap_lookalikes_only() -> None:
    rng = random.Random(1)
    plate = "8ABC105"
    variants = misreadings(rng, plate, 4, exclude=set())
    assert len(variants) == 4
    assert len(set(variants)) == 4
    assert plate not in variants
    for variant in variants:
        assert len(variant) == len(plate)
        for original, read in zip(plate, variant, strict=True):
            if original != read:
                assert any(original in group and read in group for group in LOOKALIKE_GROUPS)


def test_misreadings_without_lookalikes_drop_a_character() -> None:
    variants = misreadings(random.Random(1), "AHKMX", 2, exclude=set())
    assert sorted(variants) == ["AHKM", "HKMX"]


def test_pose_corners_clockwise_from_top_left() -> None:
    corners = pose_corners(PlatePose(100, 50, 40, 20, angle_degrees=0))
    assert corners == (80, 40, 120, 40, 120, 60, 80, 60)


def test_perspective_maps_target_corners_to_source() -> None:
    target = [(10.0, 5.0), (90.0, 20.0), (85.0, 60.0), (5.0, 40.0)]
    source = [(0.0, 0.0), (200.0, 0.0), (200.0, 50.0), (0.0, 50.0)]
    a, b, c, d, e, f, g, h = perspective_coefficients(target, source)
    for (x, y), (u, v) in zip(target, source, strict=True):
        w = g * x + h * y + 1
        assert (a * x + b * y + c) / w == pytest.approx(u, abs=1e-6)
        assert (d * x + e * y + f) / w == pytest.approx(v, abs=1e-6)


def test_perspective_rejects_degenerate_quad() -> None:
    with pytest.raises(ValueError, match="degenerate"):
        perspective_coefficients([(0.0, 0.0)] * 4, [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)])
