"""Crop rectangle and outline of a licence plate computed from its four corners."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PLATE_PADDING_X: float = 0.25
"""Fraction of the plate's bounding-box width added to the crop on the left and on the right."""

PLATE_PADDING_Y: float = 0.5
"""Fraction of the plate's bounding-box height added to the crop above and below."""

MIN_PLATE_AREA: float = 1.0
"""Minimum area in px² of the corner quadrilateral. Smaller corner sets are degenerate."""

MIN_PLATE_SIDE: float = 2.0
"""Minimum width and height in px of the corners' bounding box. Smaller boxes are degenerate."""

Point = tuple[float, float]


@dataclass(frozen=True)
class CropRect:
    """Pixel rectangle in full-frame coordinates, with exclusive right and bottom edges."""

    x: int
    y: int
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.x < 0 or self.y < 0:
            raise ValueError(f"CropRect origin must not be negative, got x={self.x}, y={self.y}")
        if self.width < 1 or self.height < 1:
            raise ValueError(
                f"CropRect width and height must be at least 1, "
                f"got width={self.width}, height={self.height}"
            )

    @property
    def right(self) -> int:
        """Exclusive right edge, x + width."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """Exclusive bottom edge, y + height."""
        return self.y + self.height

    @property
    def area(self) -> int:
        """Area in px²."""
        return self.width * self.height

    @property
    def box(self) -> tuple[int, int, int, int]:
        """Edges as (left, top, right, bottom), the box argument of PIL.Image.Image.crop."""
        return (self.x, self.y, self.right, self.bottom)

    def contains(self, other: CropRect) -> bool:
        """Return True when `other` lies entirely inside this rectangle."""
        return (
            other.x >= self.x
            and other.y >= self.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


def plate_crop_rect(
    corners: Sequence[tuple[float, float]], img_width: int, img_height: int
) -> CropRect | None:
    """Compute the crop around a plate, or None when the corners cannot describe a plate.

    The crop is the corners' bounding box widened by PLATE_PADDING_X of its width on each
    side and by PLATE_PADDING_Y of its height above and below. Each padding is rounded
    down to whole pixels and the box edges are rounded outward. For an axis-aligned plate
    with whole-pixel corners the crop area is therefore at most 3 times the bounding-box
    area. The crop is then clamped to the img_width by img_height frame. When either frame
    dimension is not positive, the frame size is unknown and the crop is clamped only at 0.

    Returns None when no crop can be requested, so the full frame should be shown. That
    is the case when the corners are not exactly four (x, y) pairs of finite numbers or
    are all zero. It is also the case for a degenerate quadrilateral, whose area is under
    MIN_PLATE_AREA or whose bounding box is narrower or lower than MIN_PLATE_SIDE, and
    for a bounding box entirely outside a known frame.
    """
    points = _visible_plate_points(corners, img_width, img_height)
    if points is None:
        return None

    left, top, right, bottom = _bounds(points)
    frame_known = img_width > 0 and img_height > 0
    padding_x = math.floor(PLATE_PADDING_X * (right - left))
    padding_y = math.floor(PLATE_PADDING_Y * (bottom - top))
    crop_left = max(0, math.floor(left) - padding_x)
    crop_top = max(0, math.floor(top) - padding_y)
    crop_right = math.ceil(right) + padding_x
    crop_bottom = math.ceil(bottom) + padding_y
    if frame_known:
        crop_right = min(crop_right, img_width)
        crop_bottom = min(crop_bottom, img_height)

    return CropRect(crop_left, crop_top, crop_right - crop_left, crop_bottom - crop_top)


def plate_outline(
    corners: Sequence[tuple[float, float]], img_width: int, img_height: int
) -> list[tuple[float, float]] | None:
    """Order the plate corners for drawing its outline on the full frame.

    Returns the four corners as floats, clockwise on screen (y down) starting from the
    corner nearest the top-left, so that any input order gives a simple polygon. Corners
    outside the frame are kept unclamped because clamping would distort the outline.

    Returns None in the same cases as plate_crop_rect.
    """
    return _visible_plate_points(corners, img_width, img_height)


def _visible_plate_points(
    corners: Sequence[tuple[float, float]], img_width: int, img_height: int
) -> list[Point] | None:
    """Return the valid corners clockwise from the top-left, or None if invalid or outside."""
    points = _plate_points(corners)
    if points is None:
        return None

    left, top, right, bottom = _bounds(points)
    if right <= 0 or bottom <= 0:
        return None
    if img_width > 0 and img_height > 0 and (left >= img_width or top >= img_height):
        return None
    return points


def _plate_points(corners: Sequence[tuple[float, float]]) -> list[Point] | None:
    """Convert and validate the corners, returning them clockwise from the top-left or None."""
    if len(corners) != 4:
        return None

    points: list[Point] = []
    for corner in corners:
        try:
            raw_x, raw_y = corner
            point = (float(raw_x), float(raw_y))
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(point[0]) and math.isfinite(point[1])):
            return None
        points.append(point)

    if all(x == 0 and y == 0 for x, y in points):
        return None

    left, top, right, bottom = _bounds(points)
    width = right - left
    height = bottom - top
    # Coordinates near the float maximum overflow to inf here, and are rejected like NaN.
    if not (math.isfinite(width) and math.isfinite(height)):
        return None
    if width < MIN_PLATE_SIDE or height < MIN_PLATE_SIDE:
        return None

    ordered = _clockwise_from_top_left(points)
    area = _shoelace_area(ordered)
    if not math.isfinite(area) or area < MIN_PLATE_AREA:
        return None
    return ordered


def _bounds(points: Sequence[Point]) -> tuple[float, float, float, float]:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _clockwise_from_top_left(points: Sequence[Point]) -> list[Point]:
    """Sort points by angle around their centroid, which is clockwise on screen with y down.

    Sorting makes a simple polygon out of corners given in crossing order, such as
    top-left, top-right, bottom-left, bottom-right, whose shoelace area would be near 0.
    """
    center_x = sum(x for x, _ in points) / len(points)
    center_y = sum(y for _, y in points) / len(points)
    ordered = sorted(points, key=lambda p: math.atan2(p[1] - center_y, p[0] - center_x))
    start = min(range(len(ordered)), key=lambda i: ordered[i][0] + ordered[i][1])
    return ordered[start:] + ordered[:start]


def _shoelace_area(points: Sequence[Point]) -> float:
    twice_area = 0.0
    for index, (x1, y1) in enumerate(points):
        x2, y2 = points[(index + 1) % len(points)]
        twice_area += x1 * y2 - x2 * y1
    return abs(twice_area) / 2
