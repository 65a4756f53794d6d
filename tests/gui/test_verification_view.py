"""The alert-hit verification view against the demo server and scripted image servers."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import qasync
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from alprdesk import plate_images
from alprdesk.demo import DemoServer
from alprdesk.imaging import plate_crop_rect
from alprdesk.plate_images import AGENT_OFFLINE, IMAGE_NOT_FOUND
from alprdesk.scout import AlertHit, PlateGroup, ScoutClient, SearchQuery
from alprdesk.search.compare import CellKind
from alprdesk.ui.formatting import local_time
from alprdesk.ui.verification_view import RESOLVING, VerificationView
from tests.gui.conftest import until
from tests.servers import DEMO_KEY


class CountingTransport(httpx.AsyncBaseTransport):
    """A transport that forwards requests to the demo server and records the image paths."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.image_paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/img/"):
            self.image_paths.append(request.url.path)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class DemoHits:
    """The demo's alert hits with their plate groups and the reason the crop fails, if any."""

    entries: list[tuple[AlertHit, PlateGroup, str]]

    def lookalike(self) -> tuple[AlertHit, PlateGroup]:
        return next(
            (hit, group)
            for hit, group, reason in self.entries
            if hit.plate != group.best_plate and not reason
        )

    def with_reason(self, crop_reason: str) -> tuple[AlertHit, PlateGroup]:
        return next((hit, group) for hit, group, reason in self.entries if reason == crop_reason)


_demo_hits: dict[str, DemoHits] = {}


async def demo_hits(url: str) -> DemoHits:
    """Return the demo's alert hits, searched once per server."""
    if url not in _demo_hits:
        entries = []
        async with ScoutClient(url, DEMO_KEY) as client:
            start = datetime.now(UTC) - timedelta(days=7)
            hits = (await client.search_alerts(SearchQuery(start=start, topn=500))).records
            for hit in hits:
                assert hit.plate_group_id is not None
                group = await client.plate_group(hit.plate_group_id)
                crop = await plate_images.fetch_plate_crop(client, group)
                entries.append((hit, group, "" if crop.ok else crop.reason))
        _demo_hits[url] = DemoHits(entries)
    return _demo_hits[url]


@pytest.fixture
def view(qloop: qasync.QEventLoop) -> Iterator[VerificationView]:
    widget = VerificationView()
    widget.resize(1100, 900)
    widget.show()
    widget.activateWindow()
    yield widget

    async def close() -> None:
        widget.cancel()
        await widget.wait_idle()
        widget.close()
        widget.deleteLater()
        await asyncio.sleep(0)

    qloop.run_until_complete(close())


@pytest.fixture
def transport() -> CountingTransport:
    return CountingTransport()


@pytest.fixture
def demo_client(
    qloop: qasync.QEventLoop, demo_server: DemoServer, transport: CountingTransport
) -> Iterator[ScoutClient]:
    client = ScoutClient(demo_server.url, DEMO_KEY, transport=transport)
    yield client
    qloop.run_until_complete(client.aclose())


def run(loop: qasync.QEventLoop, scenario: Callable[[], Awaitable[None]]) -> None:
    loop.run_until_complete(scenario())


def hit_record(plate: str, **fields: Any) -> AlertHit:
    return AlertHit.from_serialized(
        {
            "pk": 501,
            "model": "openalpr.alert",
            "fields": {
                "plate_number": plate,
                "plate_group": 77,
                "agent_uid": "agent-1",
                "alert_group_name": "Stolen vehicles",
                "description": f"Hot list plate {plate}",
                "epoch_time": "2026-11-01T10:00:00Z",
                "site": "Depot",
                **fields,
            },
        }
    )


def group_record(plate: str, **fields: Any) -> PlateGroup:
    return PlateGroup.from_serialized(
        {
            "pk": 77,
            "model": "openalpr.plategroup",
            "fields": {
                "best_plate": plate,
                "agent_uid": "agent-1",
                "best_uuid": "uuid-77",
                "epoch_time_start": "2026-11-01T10:00:00Z",
                "camera": 5,
                "img_width": 320,
                "img_height": 180,
                "plate_x1": 100, "plate_y1": 80, "plate_x2": 200, "plate_y2": 80,
                "plate_x3": 200, "plate_y3": 110, "plate_x4": 100, "plate_y4": 110,
                **fields,
            },
        }
    )  # fmt: skip


JPEG_HEADERS = {"content-type": "image/jpeg"}


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 170, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def scripted_client(handler: Callable[[httpx.Request], httpx.Response]) -> ScoutClient:
    return ScoutClient("http://127.0.0.1:1", DEMO_KEY, transport=httpx.MockTransport(handler))


def test_lookalike_hit_compared_and_shown(
    view: VerificationView, demo_client: ScoutClient, qloop: qasync.QEventLoop
) -> None:
    shown_ids: list[int] = []
    view.images_shown.connect(shown_ids.append)
    view.camera_name = lambda group: f"Lane {group.camera}"
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).lookalike()
        view.show_hit(hit, group)
        await view.wait_idle()

        comparison = view.compare.comparison
        assert comparison is not None
        assert comparison.only_lookalikes
        changed = [cell for cell in comparison.cells if cell.kind is not CellKind.SAME]
        assert len(changed) == 1
        assert changed[0].kind is CellKind.LOOKALIKE
        position = changed[0].position
        assert position is not None
        assert hit.plate[position - 1] == changed[0].hot
        assert group.best_plate[position - 1] == changed[0].read
        expected_summary = (
            f"Differs only by look-alike characters: position {position}: "
            f"{changed[0].hot} read as {changed[0].read}"
        )
        assert view.compare.summary.text() == expected_summary
        assert view.compare.marker_texts().count("≈") == 1
        assert (
            f"position {position}: hot list {changed[0].hot}"
            in view.compare.cell_tooltips()[position - 1]
        )

        rect = plate_crop_rect(group.corners, group.img_width, group.img_height)
        assert rect is not None
        assert view.crop_panel.view.image_size() == (rect.width, rect.height)
        assert view.frame_panel.view.image_size() == (group.img_width, group.img_height)
        assert view.frame_panel.view.outline() is not None
        assert shown_ids == [hit.id]
        assert not view.retry_button.isVisibleTo(view)

        assert view.fields["Alert list"].text() == hit.alert_group_name
        assert view.fields["Description"].text() == hit.description
        assert view.fields["Camera"].text() == f"{group.camera} (Lane {group.camera})"
        assert view.fields["Agent"].text() == hit.agent_uid
        assert view.fields["Time"].text() == local_time(hit.epoch_time)
        assert view.fields["Site"].text() == hit.site

    run(qloop, scenario)


def test_exact_hit_summary(
    view: VerificationView, demo_client: ScoutClient, qloop: qasync.QEventLoop
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hits = await demo_hits(demo_client.base_url)
        hit, group = next(
            (hit, group) for hit, group, _ in hits.entries if hit.plate == group.best_plate
        )
        view.show_hit(hit, group)
        await view.wait_idle()

        assert view.compare.summary.text() == "Exact match"
        assert set(view.compare.marker_texts()) == {""}

    run(qloop, scenario)


def test_hand_built_hit_kinds(view: VerificationView, qloop: qasync.QEventLoop) -> None:
    hit = hit_record("AB8C1234")
    group = group_record("ABEC1Z3")

    view.show_hit(hit, group)

    comparison = view.compare.comparison
    assert comparison is not None
    assert [cell.kind for cell in comparison.cells] == [
        CellKind.SAME,
        CellKind.SAME,
        CellKind.DIFFERENT,
        CellKind.SAME,
        CellKind.SAME,
        CellKind.LOOKALIKE,
        CellKind.SAME,
        CellKind.MISSING,
    ]
    assert view.compare.marker_texts() == ["", "", "≠", "", "", "≈", "", "∅"]
    assert view.compare.summary.text() == (
        "3 characters differ: position 3: 8 read as E; "
        "position 6: 2 read as Z (look-alike); position 8: missing"
    )
    assert view.compare.cell_tooltips()[5] == "position 6: hot list 2, read Z (look-alike)"
    assert "≈ look-alike" in view.compare.legend.text()
    assert view.crop_panel.message_text() == "Not connected to a server."


def test_resolving_then_group_arrives(
    view: VerificationView,
    demo_client: ScoutClient,
    transport: CountingTransport,
    qloop: qasync.QEventLoop,
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).lookalike()
        view.show_hit(hit, None)

        assert view.status.text() == RESOLVING
        assert view.compare.comparison is None
        assert view.crop_panel.message_text() == "Waiting for the read…"
        assert view.fields["Camera"].text() == "unknown until the read is resolved"
        await view.wait_idle()
        assert transport.image_paths == []

        view.show_hit(hit, group)
        await view.wait_idle()
        assert view.status.text() == ""
        assert view.compare.comparison is not None
        assert view.crop_panel.view.has_image()
        assert len(transport.image_paths) == 2

        view.show_hit(hit, group)
        await view.wait_idle()
        assert len(transport.image_paths) == 2
        assert view.frame_panel.view.has_image()

    run(qloop, scenario)


def test_same_hit_again_keeps_running_load(
    view: VerificationView,
    demo_client: ScoutClient,
    transport: CountingTransport,
    qloop: qasync.QEventLoop,
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).lookalike()
        view.show_hit(hit, group)
        view.show_hit(hit, group)
        await view.wait_idle()

        assert len(transport.image_paths) == 2
        assert view.crop_panel.view.has_image()
        assert view.frame_panel.view.has_image()

    run(qloop, scenario)


def test_group_failure_shown(view: VerificationView, qloop: qasync.QEventLoop) -> None:
    hit = hit_record("AB1234")

    view.show_hit(hit, None, group_problem="plate group 77 not found on the server")

    assert view.status.text() == (
        "The read could not be resolved: plate group 77 not found on the server"
    )
    assert view.compare.comparison is None
    assert view.crop_panel.message_text() == "No read, so no image."
    assert not view.retry_button.isVisibleTo(view)


def test_missing_image_offers_no_retry(
    view: VerificationView,
    demo_client: ScoutClient,
    transport: CountingTransport,
    qloop: qasync.QEventLoop,
    qtbot: QtBot,
) -> None:
    failures: list[tuple[int, str]] = []
    view.image_failed.connect(lambda hit_id, reason: failures.append((hit_id, reason)))
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).with_reason(IMAGE_NOT_FOUND)
        view.show_hit(hit, group)
        await view.wait_idle()

        expected = "The agent no longer has this image. Agents delete their oldest images first."
        assert view.crop_panel.message_text() == expected
        assert view.frame_panel.message_text() == expected
        assert not view.crop_panel.view.has_image()
        # The agent deleted the image, so a retry cannot bring it back.
        assert not view.retry_button.isVisibleTo(view)
        assert failures == [(hit.id, IMAGE_NOT_FOUND)]
        requested = len(transport.image_paths)

        view.frame_button.setFocus()
        qtbot.keyClick(view.frame_button, Qt.Key.Key_R)
        await view.wait_idle()

        assert len(transport.image_paths) == requested
        assert failures == [(hit.id, IMAGE_NOT_FOUND)]

    run(qloop, scenario)


def test_offline_agent_offers_retry(
    view: VerificationView, demo_client: ScoutClient, qloop: qasync.QEventLoop
) -> None:
    failures: list[str] = []
    view.image_failed.connect(lambda _hit_id, reason: failures.append(reason))
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).with_reason(AGENT_OFFLINE)
        view.show_hit(hit, group)
        await view.wait_idle()

        expected = f"Agent {group.agent_uid} is offline or did not send the image in time."
        assert view.crop_panel.message_text() == expected
        assert view.retry_button.isVisibleTo(view)
        assert failures == [AGENT_OFFLINE]

    run(qloop, scenario)


def test_late_image_appears_on_retry(
    view: VerificationView, qloop: qasync.QEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plate_images, "FRESH_READ_RETRY_DELAY", 0.01)
    stored = {"yes": False}

    def handler(request: httpx.Request) -> httpx.Response:
        if not stored["yes"]:
            return httpx.Response(404, text="Image not found")
        width = int(request.url.params.get("width", 320))
        height = int(request.url.params.get("height", 180))
        return httpx.Response(200, content=jpeg(width, height), headers=JPEG_HEADERS)

    client = scripted_client(handler)
    view.set_client(client)
    now = datetime.now(UTC).isoformat()
    shown_ids: list[int] = []
    view.images_shown.connect(shown_ids.append)

    async def scenario() -> None:
        view.show_hit(
            hit_record("AB1234", epoch_time=now), group_record("AB1234", epoch_time_start=now)
        )
        await view.wait_idle()

        expected = "The agent has not stored this image yet. Retry in a moment."
        assert view.crop_panel.message_text() == expected
        assert view.retry_button.isVisibleTo(view)
        assert shown_ids == []

        stored["yes"] = True
        view.retry()
        await view.wait_idle()

        assert view.crop_panel.view.has_image()
        assert view.frame_panel.view.image_size() == (320, 180)
        assert not view.retry_button.isVisibleTo(view)
        assert shown_ids == [501]
        await client.aclose()

    run(qloop, scenario)


def test_newer_hit_cancels_loads(view: VerificationView, qloop: qasync.QEventLoop) -> None:
    arrived = asyncio.Event()
    cancelled: list[bool] = []

    async def stall(request: httpx.Request) -> httpx.Response:
        if "uuid-1" not in request.url.path:
            return httpx.Response(200, content=jpeg(320, 180), headers=JPEG_HEADERS)
        arrived.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return httpx.Response(404)

    client = ScoutClient("http://127.0.0.1:1", DEMO_KEY, transport=httpx.MockTransport(stall))
    view.set_client(client)

    async def scenario() -> None:
        view.show_hit(hit_record("AB1234", pk=1), group_record("AB1234", pk=1, best_uuid="uuid-1"))
        await asyncio.wait_for(arrived.wait(), 10)

        view.show_hit(hit_record("CD5678", pk=2), group_record("CD5678", pk=2, best_uuid="uuid-2"))
        await view.wait_idle()
        await until(lambda: len(cancelled) == 2)

        assert view.frame_panel.view.image_size() == (320, 180)
        comparison = view.compare.comparison
        assert comparison is not None
        assert comparison.hot == "CD5678"
        await client.aclose()

    run(qloop, scenario)


def test_cached_images_not_requested_again(
    view: VerificationView,
    demo_client: ScoutClient,
    transport: CountingTransport,
    qloop: qasync.QEventLoop,
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hits = await demo_hits(demo_client.base_url)
        first = hits.lookalike()
        second = next(
            (hit, group)
            for hit, group, reason in hits.entries
            if not reason and hit.id != first[0].id
        )
        view.show_hit(*first)
        await view.wait_idle()
        view.show_hit(*second)
        await view.wait_idle()
        requested = len(transport.image_paths)

        view.show_hit(*first)
        await view.wait_idle()

        assert len(transport.image_paths) == requested
        assert view.crop_panel.view.has_image()

    run(qloop, scenario)


def test_zoom_and_full_frame_keys(
    view: VerificationView, demo_client: ScoutClient, qloop: qasync.QEventLoop, qtbot: QtBot
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).lookalike()
        view.show_hit(hit, group)
        await view.wait_idle()
        frame = view.frame_panel.view
        crop = view.crop_panel.view
        frame.setFocus()
        fitted = frame.zoom_factor()

        qtbot.keyClick(frame, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert frame.zoom_factor() > fitted
        assert "%" in view.frame_panel.caption.text()

        qtbot.keyClick(frame, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        assert frame.zoom_factor() == pytest.approx(fitted)

        qtbot.keyClick(frame, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(frame, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert frame.zoom_factor() == pytest.approx(fitted)
        assert frame.is_fitted()

        # The crop starts large; F enlarges the frame.
        assert not view.showing_full_frame
        crop_height = view.crop_panel.height()
        qtbot.keyClick(frame, Qt.Key.Key_F)
        assert view.showing_full_frame
        assert view.frame_panel.height() > view.crop_panel.height()
        assert view.crop_panel.height() < crop_height

        qtbot.keyClick(view.frame_button, Qt.Key.Key_F)
        assert not view.showing_full_frame

        # With the focus outside both pictures, zoom keys act on the large one.
        view.frame_button.setFocus()
        crop_zoom = crop.zoom_factor()
        qtbot.keyClick(view.frame_button, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert crop.zoom_factor() > crop_zoom

    run(qloop, scenario)


def test_no_hit_clears_view(
    view: VerificationView, demo_client: ScoutClient, qloop: qasync.QEventLoop
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).lookalike()
        view.show_hit(hit, group)
        await view.wait_idle()

        view.show_hit(None, None)

        assert view.status.text() == "No alert hit selected"
        assert view.compare.comparison is None
        assert not view.crop_panel.view.has_image()
        assert not view.frame_panel.view.has_image()
        assert not view.isEnabled()

    run(qloop, scenario)


def test_window_shortcut_not_ambiguous(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    view = VerificationView()
    window.setCentralWidget(view)
    toggle = QAction("Show full frame", window)
    toggle.setShortcut(QKeySequence("F"))
    toggle.triggered.connect(view.toggle_full_frame)
    window.addAction(toggle)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    view.show_hit(hit_record("AB1234"), group_record("AB1234"))
    view.frame_button.setFocus()

    qtbot.keyClick(view.frame_button, Qt.Key.Key_F)

    assert view.showing_full_frame


def test_frame_in_place_of_crop_is_named(
    view: VerificationView, demo_client: ScoutClient, qloop: qasync.QEventLoop
) -> None:
    view.set_client(demo_client)

    async def scenario() -> None:
        hit, group = (await demo_hits(demo_client.base_url)).lookalike()
        view.show_hit(hit, group)
        await view.wait_idle()
        assert view.crop_panel.caption.text().startswith("Plate crop")

        # The same image under another id, whose corners outline no plate.
        corners = {f"plate_{axis}{number}": 0.0 for axis in "xy" for number in range(1, 5)}
        no_corners = group.model_copy(update={**corners, "id": group.id + 1_000_000})
        view.show_hit(hit, no_corners)
        await view.wait_idle()

        caption = view.crop_panel.caption.text()
        assert caption.startswith("Full frame in place of the crop")
        assert view.crop_panel.view.image_size() == (group.img_width, group.img_height)

    run(qloop, scenario)
