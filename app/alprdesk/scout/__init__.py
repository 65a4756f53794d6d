"""Client for the Rekor Scout web server's REST API."""

from alprdesk.scout.client import (
    AGENT_IMAGE_PORT,
    AgentImageClient,
    CropBox,
    ScoutClient,
    SearchResult,
    unwrap_list,
)
from alprdesk.scout.errors import (
    BadRequestError,
    ConnectionFailedError,
    HTTPStatusError,
    MalformedResponseError,
    NotFoundError,
    QueryError,
    RequestTimeoutError,
    ResponseTooLargeError,
    ScoutError,
    ServerError,
    UnauthorizedError,
)
from alprdesk.scout.query import MAX_TOPN, SearchKind, SearchQuery, normalize_plate
from alprdesk.scout.records import AlertHit, Candidate, ListedItem, PlateGroup, ScoutRecord

__all__ = [
    "AGENT_IMAGE_PORT",
    "MAX_TOPN",
    "AgentImageClient",
    "AlertHit",
    "BadRequestError",
    "Candidate",
    "ConnectionFailedError",
    "CropBox",
    "HTTPStatusError",
    "ListedItem",
    "MalformedResponseError",
    "NotFoundError",
    "PlateGroup",
    "QueryError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "ScoutClient",
    "ScoutError",
    "ScoutRecord",
    "SearchKind",
    "SearchQuery",
    "SearchResult",
    "ServerError",
    "UnauthorizedError",
    "normalize_plate",
    "unwrap_list",
]
