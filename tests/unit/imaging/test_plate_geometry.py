"""Tests of plate crop rectangles and outlines computed from plate corners."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alprdesk.imaging import (
    CropRect,
    plate_crop_rect,
    plate_outline,
)

FRAME_WIDTH = 1920
FRAME_HEIGHT = 1080

# A 100x30 plate with whole-pixel corners, clockwise from the top-left as in Scout records.
AXIS_ALIGNED = [(400.0, 300.0), (500.0, 300.0), (500.0, 330.0), (400.0, 330.0)]


def rotated_plate(
    center: tuple[float, float], width: float, height: float, degrees: float
) -> list[tuple[float, float]]:
    """Return the corners of a width x height rectangle rotated about its center."""
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    half_w, half_h = width / 2, height / 2
    corners = []
    for dx, dy in [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]:
        corners.append((center[0] + dx * cos - dy * sin, center[1] + dx * sin + dy * cos))
    return corners


def clamped_bounds(
    corners: list[tuple[float, float]], frame_width: int, frame_height: int
) -> CropRect:
    """Return the corners' bounding box rounded outward and clamped to the frame."""
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    left = max(0, math.floor(min(xs)))
    top = max(0, math.floor(min(ys)))
    right = math.ceil(max(xs))
    bottom = math.ceil(max(ys))
    if frame_width > 0 and frame_height > 0:
        right = min(right, frame_width)
        bottom = min(bottom, frame_height)
    return CropRect(left, top, right - left, bottom - top)


def assert_inside_frame(rect: CropRect, frame_width: int, frame_height: int) -> None:
    assert rect.x >= 0
    assert rect.y >= 0
    assert rect.right <= frame_width
    assert rect.bottom <= frame_height


def test_axis_aligned_plate_exact_rect() -> None:
    rect = plate_crop_rect(AXIS_ALIGNED, FRAME_WIDTH, FRAME_HEIGHT)

    assert rect == CropRect(375, 285, 150, 60)
    assert rect.area == 3 * 100 * 30
    assert rect.area <= 4 * 100 * 30
    assert rect.contains(CropRect(400, 300, 100, 30))


def test_axis_aligned_plate_any_corner_order() -> None:
    expected = CropRect(375, 285, 150, 60)
    for order in itertools.permutations(AXIS_ALIGNED):
        assert plate_crop_rect(list(order), FRAME_WIDTH, FRAME_HEIGHT) == expected, order


def test_fractional_corners_round_outward() -> None:
    corners = [(400.4, 300.6), (500.2, 300.6), (500.2, 330.3), (400.4, 330.3)]

    rect = plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT)

    # The box rounds out to x 400..501 and y 300..331, and the padding is
    # floor(0.25 * 99.8) = 24 px and floor(0.5 * 29.7) = 14 px.
    assert rect == CropRect(376, 286, 149, 59)


def test_integer_corner_lists_accepted() -> None:
    corners = [(400, 300), (500, 300), (500, 330), (400, 330)]

    assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) == CropRect(375, 285, 150, 60)


@pytest.mark.parametrize("degrees", [30.0, 80.0, -45.0])
def test_rotated_plate_contains_corners(degrees: float) -> None:
    corners = rotated_plate((960.0, 540.0), 120.0, 40.0, degrees)

    rect = plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT)

    assert rect is not None
    assert rect.contains(clamped_bounds(corners, FRAME_WIDTH, FRAME_HEIGHT))
    assert_inside_frame(rect, FRAME_WIDTH, FRAME_HEIGHT)
    # The padding is a quarter of the width and half the height on each side, measured
    # on the unrounded box, which is up to 2 px smaller than the rounded-out one.
    box = clamped_bounds(corners, FRAME_WIDTH, FRAME_HEIGHT)
    assert box.width * 1.5 - 3 <= rect.width <= box.width * 1.5
    assert box.height * 2 - 4 <= rect.height <= box.height * 2


def test_skewed_plate() -> None:
    # A parallelogram seen from the side: the right edge is 25 px lower than the left.
    corners = [(600.0, 400.0), (700.0, 425.0), (700.0, 455.0), (600.0, 430.0)]

    rect = plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT)

    assert rect == CropRect(575, 373, 150, 109)


def test_crossing_corner_order_not_degenerate() -> None:
    # Top-left, top-right, bottom-left, bottom-right: the shoelace area of this
    # order is 0, but the corners still span a 100x30 plate.
    corners = [(400.0, 300.0), (500.0, 300.0), (400.0, 330.0), (500.0, 330.0)]

    assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) == CropRect(375, 285, 150, 60)


def test_plate_partly_left_of_frame() -> None:
    corners = [(-40.0, 500.0), (60.0, 500.0), (60.0, 530.0), (-40.0, 530.0)]

    rect = plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT)

    assert rect == CropRect(0, 485, 85, 60)


def test_plate_partly_below_right_of_frame() -> None:
    corners = [(1880.0, 1060.0), (1980.0, 1060.0), (1980.0, 1090.0), (1880.0, 1090.0)]

    rect = plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT)

    assert rect == CropRect(1855, 1045, 65, 35)


def test_padding_clamped_at_frame_edge() -> None:
    corners = [(0.0, 0.0), (100.0, 0.0), (100.0, 30.0), (0.0, 30.0)]

    rect = plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT)

    assert rect == CropRect(0, 0, 125, 45)


@pytest.mark.parametrize(
    "corners",
    [
        [(-200.0, 500.0), (-100.0, 500.0), (-100.0, 530.0), (-200.0, 530.0)],
        [(500.0, -90.0), (600.0, -90.0), (600.0, -60.0), (500.0, -60.0)],
        [(1920.0, 500.0), (2020.0, 500.0), (2020.0, 530.0), (1920.0, 530.0)],
        [(500.0, 1100.0), (600.0, 1100.0), (600.0, 1130.0), (500.0, 1130.0)],
        [(-120.0, 500.0), (-20.0, 500.0), (-20.0, 530.0), (-120.0, 530.0)],
    ],
    ids=["left", "above", "right", "below", "padding-reaches-frame"],
)
def test_plate_wholly_outside_frame(corners: list[tuple[float, float]]) -> None:
    assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) is None
    assert plate_outline(corners, FRAME_WIDTH, FRAME_HEIGHT) is None


@pytest.mark.parametrize(
    "corners",
    [
        [(0.0, 0.0)] * 4,
        [(0, 0)] * 4,
        [(500.0, 500.0)] * 4,
        [(400.0, 300.0), (450.0, 325.0), (500.0, 350.0), (425.0, 312.5)],
        [(400.0, 300.0), (500.0, 300.0), (500.0, 300.0), (400.0, 300.0)],
        [(400.0, 300.0), (401.0, 300.0), (401.0, 330.0), (400.0, 330.0)],
        [(400.0, 300.0), (500.0, 300.0), (500.0, 301.5), (400.0, 301.5)],
        [(400.0, 300.0), (500.0, 330.0), (500.01, 330.0), (400.01, 300.0)],
    ],
    ids=[
        "all-zero",
        "all-zero-int",
        "single-point",
        "collinear",
        "zero-height",
        "1px-wide",
        "under-2px-high",
        "area-under-1px2",
    ],
)
def test_degenerate_corners_rejected(corners: list[tuple[float, float]]) -> None:
    assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) is None
    assert plate_outline(corners, FRAME_WIDTH, FRAME_HEIGHT) is None


@pytest.mark.parametrize("bad_value", [math.nan, math.inf, -math.inf])
def test_non_finite_corner_rejected(bad_value: float) -> None:
    for index in range(4):
        corners = list(AXIS_ALIGNED)
        corners[index] = (bad_value, corners[index][1])
        assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) is None
        corners[index] = (AXIS_ALIGNED[index][0], bad_value)
        assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) is None


def test_overflowing_corners_rejected() -> None:
    corners = [(-1e308, -1e308), (1e308, -1e308), (1e308, 1e308), (-1e308, 1e308)]

    assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) is None


@pytest.mark.parametrize("count", [0, 1, 3, 5, 8])
def test_wrong_corner_count_rejected(count: int) -> None:
    corners = [(400.0 + 10 * i, 300.0 + (i % 2) * 30) for i in range(count)]

    assert plate_crop_rect(corners, FRAME_WIDTH, FRAME_HEIGHT) is None
    assert plate_outline(corners, FRAME_WIDTH, FRAME_HEIGHT) is None


def test_malformed_corner_rejected() -> None:
    three_values = [(400.0, 300.0, 1.0), (500.0, 300.0), (500.0, 330.0), (400.0, 330.0)]
    text_value = [("left", 300.0), (500.0, 300.0), (500.0, 330.0), (400.0, 330.0)]

    assert plate_crop_rect(three_values, FRAME_WIDTH, FRAME_HEIGHT) is None  # type: ignore[arg-type]
    assert plate_crop_rect(text_value, FRAME_WIDTH, FRAME_HEIGHT) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("frame_size", [(0, 0), (-1, -1), (0, 1080), (1920, 0)])
def test_unknown_frame_size_clamps_only_at_zero(frame_size: tuple[int, int]) -> None:
    far_corners = [(3000.0, 2000.0), (3100.0, 2000.0), (3100.0, 2030.0), (3000.0, 2030.0)]
    edge_corners = [(-40.0, 10.0), (60.0, 10.0), (60.0, 40.0), (-40.0, 40.0)]

    assert plate_crop_rect(far_corners, *frame_size) == CropRect(2975, 1985, 150, 60)
    assert plate_crop_rect(edge_corners, *frame_size) == CropRect(0, 0, 85, 55)
    assert plate_outline(far_corners, *frame_size) == far_corners


def test_outline_clockwise_from_top_left() -> None:
    shuffled = [AXIS_ALIGNED[2], AXIS_ALIGNED[0], AXIS_ALIGNED[3], AXIS_ALIGNED[1]]

    assert plate_outline(shuffled, FRAME_WIDTH, FRAME_HEIGHT) == AXIS_ALIGNED


def test_outline_keeps_corners_outside_frame() -> None:
    corners = [(-40.0, 500.0), (60.0, 500.0), (60.0, 530.0), (-40.0, 530.0)]

    assert plate_outline(corners, FRAME_WIDTH, FRAME_HEIGHT) == corners


def test_outline_of_rotated_plate_is_simple_polygon() -> None:
    corners = rotated_plate((960.0, 540.0), 120.0, 40.0, 80.0)
    crossing = [corners[0], corners[2], corners[1], corners[3]]

    outline = plate_outline(crossing, FRAME_WIDTH, FRAME_HEIGHT)

    assert outline is not None
    assert sorted(outline) == sorted(corners)
    # Consecutive outline corners are adjacent plate corners, never the diagonal.
    diagonal = math.hypot(120.0, 40.0)
    for index, (x1, y1) in enumerate(outline):
        x2, y2 = outline[(index + 1) % 4]
        assert math.hypot(x2 - x1, y2 - y1) < diagonal - 1


def test_crop_rect_edges_and_contains() -> None:
    rect = CropRect(10, 20, 30, 40)

    assert rect.right == 40
    assert rect.bottom == 60
    assert rect.area == 1200
    assert rect.box == (10, 20, 40, 60)
    assert rect.contains(rect)
    assert rect.contains(CropRect(11, 21, 29, 39))
    assert not rect.contains(CropRect(9, 20, 30, 40))
    assert not rect.contains(CropRect(10, 20, 31, 40))
    assert not rect.contains(CropRect(10, 20, 30, 41))


@pytest.mark.parametrize(
    "fields", [(0, 0, 0, 10), (0, 0, 10, 0), (0, 0, -1, 10), (-1, 0, 10, 10), (0, -1, 10, 10)]
)
def test_crop_rect_rejects_invalid(fields: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError, match="CropRect"):
        CropRect(*fields)


coordinates = st.floats(min_value=-500, max_value=2500, allow_nan=False)
corner_sets = st.lists(st.tuples(coordinates, coordinates), min_size=4, max_size=4)
frame_sides = st.integers(min_value=1, max_value=2000)


@given(corners=corner_sets, frame_width=frame_sides, frame_height=frame_sides)
def test_rect_inside_frame_and_contains_box(
    corners: list[tuple[float, float]], frame_width: int, frame_height: int
) -> None:
    rect = plate_crop_rect(corners, frame_width, frame_height)
    if rect is None:
        return

    assert rect.width >= 1
    assert rect.height >= 1
    assert_inside_frame(rect, frame_width, frame_height)
    assert rect.contains(clamped_bounds(corners, frame_width, frame_height))


@given(corners=corner_sets)
def test_rect_with_unknown_frame_contains_box(corners: list[tuple[float, float]]) -> None:
    rect = plate_crop_rect(corners, 0, 0)
    if rect is None:
        return

    assert rect.width >= 1
    assert rect.height >= 1
    assert rect.contains(clamped_bounds(corners, 0, 0))


@given(
    left=st.integers(min_value=0, max_value=1500),
    top=st.integers(min_value=0, max_value=900),
    width=st.integers(min_value=2, max_value=400),
    height=st.integers(min_value=2, max_value=150),
)
def test_axis_aligned_area_at_most_three_times(
    left: int, top: int, width: int, height: int
) -> None:
    corners = [
        (float(left), float(top)),
        (float(left + width), float(top)),
        (float(left + width), float(top + height)),
        (float(left), float(top + height)),
    ]

    rect = plate_crop_rect(corners, 0, 0)

    assert rect is not None
    assert rect.area <= 3 * width * height
    assert rect.contains(CropRect(left, top, width, height))


@given(
    corners=st.lists(st.tuples(st.floats(), st.floats()), min_size=0, max_size=6),
    frame_width=st.integers(min_value=-10, max_value=5000),
    frame_height=st.integers(min_value=-10, max_value=5000),
)
def test_arbitrary_floats_never_raise(
    corners: list[tuple[float, float]], frame_width: int, frame_height: int
) -> None:
    rect = plate_crop_rect(corners, frame_width, frame_height)
    outline = plate_outline(corners, frame_width, frame_height)

    assert (rect is None) == (outline is None)
