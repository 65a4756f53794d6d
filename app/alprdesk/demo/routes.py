"""Routing of demo server requests to the search, listing, detail and image endpoints."""

from __future__ import annotations

import functools
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from alprdesk.demo import serialize
from alprdesk.demo.images import ImageRequestError, ImageService
from alprdesk.demo.params import (
    BadRequestError,
    QueryParams,
    first_value,
    parse_image_query,
    parse_search_query,
)
from alprdesk.demo.serialize import Directory, JsonObject
from alprdesk.demo.store import DemoStore

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
JPEG_TYPE = "image/jpeg"


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes


def json_response(payload: object, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, JSON_TYPE, body)


def text_response(status: int, message: str) -> Response:
    return Response(status, TEXT_TYPE, message.encode("utf-8"))


UNAUTHORIZED = json_response({"detail": "Invalid API key"}, status=401)
API_NOT_FOUND = json_response({"detail": "Not found."}, status=404)

ApiHandler = Callable[[QueryParams], Response]
_GROUP_ID = re.compile(r"[0-9]{1,18}")  # larger ids cannot exist in SQLite's 64-bit integers


class DemoApp:
    """The demo server's endpoints, independent of the HTTP server that calls them."""

    def __init__(self, *, store: DemoStore, api_key: str, images: ImageService) -> None:
        self._store = store
        self._api_key = api_key.encode("utf-8")
        self._images = images
        self._directory = Directory(
            sites={site.site_id: site for site in store.sites()},
            cameras={camera.camera_id: camera for camera in store.cameras()},
            alert_lists={alert_list.list_id: alert_list for alert_list in store.alert_lists()},
        )
        self._api_routes: dict[str, ApiHandler] = {
            "search/plate": self._search_groups,
            "search/platecandidate": self._search_candidates,
            "search/alert": self._search_alerts,
            "agents": self._agents,
            "cameras": self._cameras,
            "alert-lists": self._alert_lists,
            "users": self._users,
        }

    def handle(self, path: str, params: QueryParams) -> Response:
        """Return the response to a GET request for ``path`` (without query string)."""
        segments = [unquote(segment) for segment in path.strip("/").split("/")]
        if segments[0] == "api":
            return self._api(segments[1:], params)
        if segments[0] == "img" and len(segments) == 2 and segments[1].endswith(".jpg"):
            # The agent's own image service on port 8355 needs no API key.
            return self._image(segments[1].removesuffix(".jpg"), None, params)
        if segments[0] == "img" and len(segments) == 3:
            if not self._authorized(params):
                return UNAUTHORIZED
            return self._image(segments[2], segments[1], params)
        return text_response(404, f"Not found: {path}")

    def _authorized(self, params: QueryParams) -> bool:
        provided_key = first_value(params, "api_key") or ""
        return hmac.compare_digest(provided_key.encode("utf-8"), self._api_key)

    def _api(self, segments: list[str], params: QueryParams) -> Response:
        route = "/".join(segments)
        handler = self._api_routes.get(route)
        if handler is None and len(segments) == 3 and segments[:2] == ["detail", "platecandidate"]:
            handler = functools.partial(self._detail, segments[2])
        if handler is None:
            return API_NOT_FOUND
        if not self._authorized(params):
            return UNAUTHORIZED
        try:
            return handler(params)
        except BadRequestError as error:
            return text_response(400, str(error))

    def _search_groups(self, params: QueryParams) -> Response:
        groups = self._store.search_groups(parse_search_query(params))
        return json_response([serialize.serialize_group(g, self._directory) for g in groups])

    def _search_candidates(self, params: QueryParams) -> Response:
        candidates = self._store.search_candidates(parse_search_query(params))
        return json_response(
            [serialize.serialize_candidate(c, self._directory) for c in candidates]
        )

    def _search_alerts(self, params: QueryParams) -> Response:
        alerts = self._store.search_alerts(parse_search_query(params))
        return json_response([serialize.serialize_alert(a, self._directory) for a in alerts])

    def _detail(self, group_text: str, params: QueryParams) -> Response:
        if _GROUP_ID.fullmatch(group_text) is None:
            return API_NOT_FOUND
        group = self._store.group(int(group_text))
        if group is None:
            return API_NOT_FOUND
        return json_response(serialize.serialize_group(group, self._directory))

    def _agents(self, params: QueryParams) -> Response:
        agents = self._store.agents()
        return json_response([serialize.serialize_agent(a, self._directory) for a in agents])

    def _cameras(self, params: QueryParams) -> Response:
        cameras = self._store.cameras()
        return json_response([serialize.serialize_camera(c, self._directory) for c in cameras])

    def _alert_lists(self, params: QueryParams) -> Response:
        results: list[JsonObject] = [
            serialize.serialize_alert_list(a) for a in self._store.alert_lists()
        ]
        return json_response(serialize.paginated(results))

    def _users(self, params: QueryParams) -> Response:
        results: list[JsonObject] = [serialize.serialize_user(u) for u in self._store.users()]
        return json_response(serialize.paginated(results))

    def _image(self, uuid: str, agent_uid: str | None, params: QueryParams) -> Response:
        try:
            query = parse_image_query(params)
            return Response(200, JPEG_TYPE, self._images.jpeg(uuid, agent_uid, query))
        except BadRequestError as error:
            return text_response(400, str(error))
        except ImageRequestError as error:
            return text_response(error.status, error.message)
