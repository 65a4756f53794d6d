"""Rendering of a vehicle scene with its plate drawn into the stored plate corners."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFont

from alprdesk.demo.geometry import (
    bounding_box,
    corner_points,
    perspective_coefficients,
    scale_corners,
)
from alprdesk.demo.records import FrameImage

RGB = tuple[int, int, int]

BODY_COLORS: dict[str, RGB] = {
    "white": (226, 228, 230),
    "black": (28, 29, 33),
    "silver-gray": (150, 154, 160),
    "blue": (38, 70, 140),
    "red": (150, 30, 34),
    "green": (40, 96, 60),
    "brown": (100, 70, 45),
    "yellow": (210, 175, 40),
}
PLATE_BACKGROUND: RGB = (238, 238, 228)
PLATE_INK: RGB = (20, 20, 32)
PLATE_RECESS: RGB = (34, 34, 40)
# The plate is drawn at this multiple of its size in the frame, then warped down.
PLATE_SUPERSAMPLING = 2


def render_scene(frame: FrameImage) -> Image.Image:
    """Render the frame: sky, road, a car around the plate, and the plate in ``plate_quad``."""
    rng = random.Random(frame.scene_seed)
    image = Image.new("RGB", (frame.width, frame.height))
    draw = ImageDraw.Draw(image)
    horizon = int(frame.height * rng.uniform(0.3, 0.42))
    _vertical_gradient(draw, 0, horizon, frame.width, (110, 150, 205), (205, 218, 232))
    _vertical_gradient(draw, horizon, frame.height, frame.width, (112, 112, 118), (62, 62, 68))
    _draw_lane_marks(draw, frame.width, frame.height, horizon)
    _draw_car(draw, frame, rng)
    _draw_plate(image, frame)
    return image


def _vertical_gradient(
    draw: ImageDraw.ImageDraw, top: int, bottom: int, width: int, start: RGB, end: RGB
) -> None:
    span = max(1, bottom - top - 1)
    for y in range(top, bottom):
        t = (y - top) / span
        color = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(0, y), (width, y)], fill=color)


def _draw_lane_marks(draw: ImageDraw.ImageDraw, width: int, height: int, horizon: int) -> None:
    vanish_x = width / 2
    for lane_x in (-0.2 * width, 1.2 * width):
        for step in range(6):
            t0 = 0.1 + step * 0.16
            t1 = t0 + 0.08
            x0 = vanish_x + (lane_x - vanish_x) * t0
            x1 = vanish_x + (lane_x - vanish_x) * t1
            y0 = horizon + (height - horizon) * t0
            y1 = horizon + (height - horizon) * t1
            draw.line([(x0, y0), (x1, y1)], fill=(215, 215, 200), width=max(2, round(6 * t1)))


def _draw_car(draw: ImageDraw.ImageDraw, frame: FrameImage, rng: random.Random) -> None:
    """Draw the rear of a car sized and centred on the plate."""
    points = corner_points(frame.plate_quad)
    center_x = sum(x for x, _ in points) / 4
    center_y = sum(y for _, y in points) / 4
    plate_w = (math.dist(points[0], points[1]) + math.dist(points[3], points[2])) / 2
    plate_h = (math.dist(points[0], points[3]) + math.dist(points[1], points[2])) / 2
    car_w = max(plate_w * 3.4, plate_h * 10)
    body = BODY_COLORS.get(frame.vehicle_color, (120, 120, 125))
    shade = tuple(max(0, round(c * 0.72)) for c in body)

    body_top = center_y - car_w * 0.3
    body_bottom = center_y + car_w * 0.13
    left = center_x - car_w / 2
    right = center_x + car_w / 2
    wheel_w = car_w * 0.16
    for wheel_x in (left + car_w * 0.06, right - car_w * 0.06 - wheel_w):
        draw.rounded_rectangle(
            [wheel_x, body_bottom - car_w * 0.05, wheel_x + wheel_w, body_bottom + car_w * 0.1],
            radius=car_w * 0.03,
            fill=(18, 18, 20),
        )
    cabin_top = body_top - car_w * rng.uniform(0.2, 0.26)
    draw.polygon(
        [
            (left + car_w * 0.14, body_top),
            (left + car_w * 0.24, cabin_top),
            (right - car_w * 0.24, cabin_top),
            (right - car_w * 0.14, body_top),
        ],
        fill=shade,
    )
    draw.polygon(
        [
            (left + car_w * 0.18, body_top),
            (left + car_w * 0.26, cabin_top + car_w * 0.03),
            (right - car_w * 0.26, cabin_top + car_w * 0.03),
            (right - car_w * 0.18, body_top),
        ],
        fill=(48, 60, 78),
    )
    draw.rounded_rectangle([left, body_top, right, body_bottom], radius=car_w * 0.06, fill=body)
    light_top = body_top + car_w * 0.06
    light_bottom = light_top + car_w * 0.07
    for light_x in (left + car_w * 0.04, right - car_w * 0.2):
        draw.rectangle(
            [light_x, light_top, light_x + car_w * 0.16, light_bottom], fill=(190, 30, 30)
        )
    draw.rectangle(
        [left + car_w * 0.02, body_bottom - car_w * 0.07, right - car_w * 0.02, body_bottom],
        fill=shade,
    )
    draw.polygon(corner_points(scale_corners(frame.plate_quad, 1.25)), fill=PLATE_RECESS)


def _draw_plate(image: Image.Image, frame: FrameImage) -> None:
    """Warp a flat plate with the plate text into the frame's plate quadrilateral."""
    points = corner_points(frame.plate_quad)
    plate_w = (math.dist(points[0], points[1]) + math.dist(points[3], points[2])) / 2
    plate_h = (math.dist(points[0], points[3]) + math.dist(points[1], points[2])) / 2
    flat_w = max(8, round(plate_w * PLATE_SUPERSAMPLING))
    flat_h = max(4, round(plate_h * PLATE_SUPERSAMPLING))
    flat = flat_plate(frame.plate_text, flat_w, flat_h)

    left, top, right, bottom = bounding_box(frame.plate_quad)
    target = [(x - left, y - top) for x, y in points]
    source = [(0.0, 0.0), (flat_w, 0.0), (flat_w, flat_h), (0.0, flat_h)]
    try:
        coefficients = perspective_coefficients(target, source)
    except ValueError:
        return  # a zero-area quadrilateral shows no plate
    size = (right - left, bottom - top)
    warped = flat.transform(
        size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC
    )
    mask = Image.new("L", flat.size, 255).transform(
        size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR
    )
    image.paste(warped, (left, top), mask)


def flat_plate(text: str, width: int, height: int) -> Image.Image:
    """Return a light plate with a dark border and dark text, the text as large as fits."""
    plate = Image.new("RGB", (width, height), PLATE_BACKGROUND)
    draw = ImageDraw.Draw(plate)
    border = max(1, round(height * 0.05))
    draw.rectangle([0, 0, width - 1, height - 1], outline=PLATE_INK, width=border)
    size = max(6, round(height * 0.66))
    # NOTE: without FreeType, Pillow's load_default ignores the size and the text stays tiny.
    while True:
        font = ImageFont.load_default(size=size)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        if (right - left <= width * 0.88 and bottom - top <= height * 0.72) or size <= 6:
            break
        size -= max(1, size // 12)
    x = (width - (right - left)) / 2 - left
    y = (height - (bottom - top)) / 2 - top
    draw.text((x, y), text, fill=PLATE_INK, font=font)
    return plate
