"""Plate quadrilaterals in a frame and the perspective transform that draws a plate into one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from alprdesk.demo.records import Corners


@dataclass(frozen=True, slots=True)
class PlatePose:
    """Placement of a plate in a frame.

    ``shear`` slants the vertical edges (x shifts by shear * y), and ``taper`` shrinks
    the right edge by that fraction of the height, as a plate seen from one side.
    """

    center_x: float
    center_y: float
    width: float
    height: float
    angle_degrees: float
    shear: float = 0.0
    taper: float = 0.0


def pose_corners(pose: PlatePose) -> Corners:
    """Return the four corners of a posed plate, clockwise from its top-left, rounded to pixels."""
    half_w = pose.width / 2
    half_h = pose.height / 2
    right_half_h = half_h * (1 - pose.taper)
    local = (
        (-half_w, -half_h),
        (half_w, -right_half_h),
        (half_w, right_half_h),
        (-half_w, half_h),
    )
    angle = math.radians(pose.angle_degrees)
    cos_a = math.cos(angle)
    sin_a = math.sin(angle)
    values: list[int] = []
    for x, y in local:
        sheared_x = x + pose.shear * y
        values.append(round(pose.center_x + sheared_x * cos_a - y * sin_a))
        values.append(round(pose.center_y + sheared_x * sin_a + y * cos_a))
    return (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])


def corner_points(corners: Corners) -> list[tuple[float, float]]:
    """Return the corners as four (x, y) points."""
    return [(float(corners[i]), float(corners[i + 1])) for i in range(0, 8, 2)]


def bounding_box(corners: Corners) -> tuple[int, int, int, int]:
    """Return (left, top, right, bottom) of the corners, right and bottom exclusive."""
    xs = corners[0::2]
    ys = corners[1::2]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def scale_corners(corners: Corners, factor: float) -> Corners:
    """Return the corners scaled about their centroid."""
    points = corner_points(corners)
    center_x = sum(x for x, _ in points) / 4
    center_y = sum(y for _, y in points) / 4
    values: list[int] = []
    for x, y in points:
        values.append(round(center_x + (x - center_x) * factor))
        values.append(round(center_y + (y - center_y) * factor))
    return (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])


def perspective_coefficients(
    target: Sequence[tuple[float, float]], source: Sequence[tuple[float, float]]
) -> tuple[float, float, float, float, float, float, float, float]:
    """Return Pillow PERSPECTIVE coefficients that map each target point to its source point.

    ``Image.transform`` takes coefficients (a … h) that send an output pixel (x, y) to
    the input pixel ((a·x + b·y + c) / (g·x + h·y + 1), (d·x + e·y + f) / (g·x + h·y + 1)).
    Raises ValueError if the four target points are degenerate.
    """
    rows: list[list[float]] = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -x * u, -y * u, u])
        rows.append([0, 0, 0, x, y, 1, -x * v, -y * v, v])
    solution = _solve_linear(rows)
    return (
        solution[0],
        solution[1],
        solution[2],
        solution[3],
        solution[4],
        solution[5],
        solution[6],
        solution[7],
    )


def _solve_linear(augmented: list[list[float]]) -> list[float]:
    """Solve an n by n+1 augmented system by Gaussian elimination with partial pivoting."""
    size = len(augmented)
    for column in range(size):
        pivot_row = max(range(column, size), key=lambda row: abs(augmented[row][column]))
        if abs(augmented[pivot_row][column]) < 1e-12:
            raise ValueError("degenerate quadrilateral: the perspective system has no solution")
        augmented[column], augmented[pivot_row] = augmented[pivot_row], augmented[column]
        pivot = augmented[column][column]
        for row in range(column + 1, size):
            factor = augmented[row][column] / pivot
            if factor:
                for k in range(column, size + 1):
                    augmented[row][k] -= factor * augmented[column][k]
    solution = [0.0] * size
    for row in range(size - 1, -1, -1):
        rest = sum(augmented[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (augmented[row][size] - rest) / augmented[row][row]
    return solution
