"""Tests of plate image preparation and detection of servers that ignore the crop."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from alprdesk.imaging import (
    CropRect,
    ImageDecodeError,
    PlateImage,
    prepare_plate_image,
    server_ignored_crop,
)

FRAME_SIZE = (640, 360)
RECT = CropRect(200, 150, 120, 48)


def encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def decode(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB")


def sample_frame(width: int = FRAME_SIZE[0], height: int = FRAME_SIZE[1]) -> Image.Image:
    """Return an RGB frame whose pixels differ by position, so a shifted crop is detected."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 80)
    return Image.merge(
        "RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )


def assert_jpeg_of_size(data: bytes, size: tuple[int, int]) -> None:
    assert data.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == size


def test_server_honoured_crop_bytes_passed_through() -> None:
    data = encode(sample_frame().crop(RECT.box), "JPEG", quality=90)

    plate = prepare_plate_image(data, RECT, FRAME_SIZE)

    assert plate.jpeg is data
    assert plate.rect == RECT
    assert not plate.full_frame
    assert not plate.cropped_locally
    assert plate.image.size == (RECT.width, RECT.height)
    assert plate.image.rgb == decode(data).tobytes()


def test_server_honoured_png_crop_reencoded() -> None:
    crop = sample_frame().crop(RECT.box)

    plate = prepare_plate_image(encode(crop, "PNG"), RECT, FRAME_SIZE)

    assert plate.image.format == "PNG"
    assert plate.image.rgb == crop.tobytes()
    assert not plate.cropped_locally
    assert_jpeg_of_size(plate.jpeg, (RECT.width, RECT.height))


def test_server_ignored_crop_jpeg_cropped_locally() -> None:
    data = encode(sample_frame(), "JPEG", quality=90)

    plate = prepare_plate_image(data, RECT, FRAME_SIZE)

    assert plate.cropped_locally
    assert not plate.full_frame
    assert plate.rect == RECT
    assert plate.image.size == (RECT.width, RECT.height)
    assert plate.image.rgb == decode(data).crop(RECT.box).tobytes()
    assert_jpeg_of_size(plate.jpeg, (RECT.width, RECT.height))


def test_server_ignored_crop_png_exact_pixels() -> None:
    frame = sample_frame()

    plate = prepare_plate_image(encode(frame, "PNG"), RECT, FRAME_SIZE)

    assert plate.cropped_locally
    assert plate.image.rgb == frame.crop(RECT.box).tobytes()
    assert_jpeg_of_size(plate.jpeg, (RECT.width, RECT.height))


def test_server_ignored_crop_and_resized_frame() -> None:
    # The server returned the whole frame, scaled to max_width=320.
    resized = sample_frame().resize((320, 180))

    plate = prepare_plate_image(encode(resized, "PNG"), RECT, FRAME_SIZE)

    assert plate.cropped_locally
    assert plate.rect == RECT
    assert plate.image.size == (60, 24)
    assert plate.image.rgb == resized.crop((100, 75, 160, 99)).tobytes()


def test_resized_frame_uneven_scale_rounds_outward() -> None:
    # 640x360 scaled to width 500 gives 500x281: x scale 0.78125, y scale 0.78056.
    resized = sample_frame().resize((500, 281))

    plate = prepare_plate_image(encode(resized, "PNG"), RECT, FRAME_SIZE)

    # x: 200 * 0.78125 = 156.25 -> 156, 320 * 0.78125 = 250.0 -> 250.
    # y: 150 * 0.78056 = 117.08 -> 117, 198 * 0.78056 = 154.55 -> 155.
    assert plate.image.rgb == resized.crop((156, 117, 250, 155)).tobytes()


def test_degenerate_corners_full_frame_marked() -> None:
    data = encode(sample_frame(), "JPEG", quality=90)

    plate = prepare_plate_image(data, None, FRAME_SIZE)

    assert plate.full_frame
    assert plate.rect is None
    assert not plate.cropped_locally
    assert plate.jpeg is data
    assert plate.image.size == FRAME_SIZE


def test_full_frame_png_reencoded_as_jpeg() -> None:
    plate = prepare_plate_image(encode(sample_frame(), "PNG"), None, FRAME_SIZE)

    assert plate.full_frame
    assert_jpeg_of_size(plate.jpeg, FRAME_SIZE)


def test_rect_covering_whole_frame_passed_through() -> None:
    data = encode(sample_frame(), "JPEG", quality=90)
    whole = CropRect(0, 0, *FRAME_SIZE)

    plate = prepare_plate_image(data, whole, FRAME_SIZE)

    assert plate.rect == whole
    assert not plate.full_frame
    assert not plate.cropped_locally
    assert plate.jpeg is data


def test_frame_size_mismatch_trusts_record_and_clamps() -> None:
    # The record gives 640x360, but the server returned a 600x400 frame. Its aspect
    # ratio rules out a resize, so the crop is taken in returned-image pixels and
    # clamped to the image.
    frame = sample_frame(600, 400)
    rect = CropRect(540, 360, 100, 50)

    plate = prepare_plate_image(encode(frame, "PNG"), rect, FRAME_SIZE)

    assert plate.cropped_locally
    assert plate.rect == CropRect(540, 360, 60, 40)
    assert plate.image.rgb == frame.crop((540, 360, 600, 400)).tobytes()


def test_crop_outside_returned_image_shows_full_frame() -> None:
    frame = sample_frame(300, 200)
    rect = CropRect(400, 250, 120, 48)

    plate = prepare_plate_image(encode(frame, "PNG"), rect, FRAME_SIZE)

    assert plate.full_frame
    assert plate.rect is None
    assert not plate.cropped_locally
    assert plate.image.size == (300, 200)


def test_unknown_frame_size_crops_larger_image() -> None:
    frame = sample_frame()

    plate = prepare_plate_image(encode(frame, "PNG"), RECT, (0, 0))

    assert plate.cropped_locally
    assert plate.image.rgb == frame.crop(RECT.box).tobytes()


def test_undecodable_data_raises() -> None:
    with pytest.raises(ImageDecodeError):
        prepare_plate_image(b"<html>login</html>", RECT, FRAME_SIZE)


@pytest.mark.parametrize(
    ("returned_size", "frame_size", "rect", "expected"),
    [
        ((640, 360), (640, 360), RECT, True),
        ((320, 180), (640, 360), RECT, True),
        ((500, 281), (640, 360), RECT, True),
        ((120, 48), (640, 360), RECT, False),
        ((60, 24), (640, 360), RECT, False),
        ((640, 360), (640, 360), CropRect(0, 0, 640, 360), False),
        ((320, 180), (640, 360), CropRect(100, 100, 160, 90), False),
        ((600, 400), (640, 360), RECT, True),
        ((100, 40), (640, 360), RECT, False),
        ((640, 360), (0, 0), RECT, True),
        ((120, 48), (0, 0), RECT, False),
        ((0, 0), (640, 360), RECT, False),
    ],
    ids=[
        "frame-size",
        "resized-frame",
        "resized-frame-rounded",
        "crop-size",
        "resized-crop",
        "rect-is-whole-frame",
        "crop-aspect-equals-frame",
        "frame-size-mismatch",
        "smaller-than-crop",
        "unknown-frame-larger",
        "unknown-frame-crop-size",
        "empty-image",
    ],
)
def test_server_ignored_crop_cases(
    returned_size: tuple[int, int],
    frame_size: tuple[int, int],
    rect: CropRect,
    expected: bool,
) -> None:
    assert server_ignored_crop(returned_size, frame_size, rect) is expected


def test_prepare_in_threads_matches_serial() -> None:
    frame_jpeg = encode(sample_frame(), "JPEG", quality=90)
    frame_png = encode(sample_frame(), "PNG")
    jobs = [(frame_jpeg, RECT), (frame_png, RECT), (frame_jpeg, None)] * 8

    def run(job: tuple[bytes, CropRect | None]) -> PlateImage:
        return prepare_plate_image(job[0], job[1], FRAME_SIZE)

    serial = [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(run, jobs))

    assert threaded == serial
