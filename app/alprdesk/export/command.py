"""The ``alprdesk export`` command: one search written to CSV and crops, no window."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from datetime import datetime
from pathlib import Path

from alprdesk.config import AppPaths, KeyringUnavailableError, ProfileStore, SecretStore
from alprdesk.config.profiles import ProfileError, make_profile
from alprdesk.export.csv_export import export_search
from alprdesk.scout import QueryError, ScoutClient, ScoutError, SearchKind, SearchQuery

logger = logging.getLogger(__name__)

API_KEY_ENV = "ALPRDESK_API_KEY"
_KINDS = {
    "plates": SearchKind.PLATES,
    "candidates": SearchKind.CANDIDATES,
    "alerts": SearchKind.ALERTS,
}
_OPTION_OF_FIELD = {"start": "--start", "end": "--end", "topn": "--topn", "order": "--order"}


class ExportFailed(Exception):
    """A reason to stop the export, printed as one line."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=sorted(_KINDS), help="what to search")
    parser.add_argument(
        "--server",
        required=True,
        metavar="URL_OR_PROFILE",
        help="a saved profile's name, or a server's base URL (key from $ALPRDESK_API_KEY)",
    )
    parser.add_argument("--site", default="", help="site name or id")
    parser.add_argument("--camera", type=int, help="camera number")
    parser.add_argument("--start", type=_timestamp, help="ISO 8601 time; no offset means local")
    parser.add_argument("--end", type=_timestamp, help="ISO 8601 time; no offset means local")
    parser.add_argument("--plate", default="", help="plate number")
    parser.add_argument(
        "--topn", type=int, default=1000, help="maximum number of records (default: 1000)"
    )
    parser.add_argument(
        "--order", choices=("asc", "desc"), default="desc", help="by time (default: desc)"
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--crops", action="store_true", help="also save crops/<id>.jpg")


def run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_export(args))
    except ExportFailed as exc:
        print(f"alprdesk export: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("alprdesk export: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # A defect, not a user error: the traceback goes to the log file only.
        logger.exception("Export failed unexpectedly")
        print(
            f"alprdesk export: unexpected error ({type(exc).__name__}); "
            f"details are in {AppPaths.default().log_file}",
            file=sys.stderr,
        )
        return 1


async def _export(args: argparse.Namespace) -> int:
    query = SearchQuery(
        start=args.start,
        end=args.end,
        plate=args.plate,
        site=args.site,
        camera=args.camera,
        topn=args.topn,
        order=args.order,
    )
    try:
        query = query.validated()
    except QueryError as exc:
        option = _OPTION_OF_FIELD.get(exc.field, f"--{exc.field}")
        raise ExportFailed(f"{option}: {exc.message}") from None

    base_url, verify_tls, ca_bundle, api_key = _connection(args.server)
    try:
        client = await ScoutClient.open(
            base_url, api_key, verify_tls=verify_tls, ca_bundle=ca_bundle
        )
    except ScoutError as exc:
        raise ExportFailed(exc.message) from None

    async with client:
        try:
            summary = await export_search(
                client, _KINDS[args.kind], query, args.out, with_crops=args.crops
            )
        except ScoutError as exc:
            raise ExportFailed(f"{exc.title}: {exc.message}") from None
        except OSError as exc:
            raise ExportFailed(f"cannot write to {args.out}: {exc.strerror or exc}") from None

    line = f"Wrote {summary.rows} rows to {summary.csv_path}"
    if args.crops:
        line += f", {summary.crops_written} crops ({summary.crops_missing} without an image)"
    if summary.rejected:
        line += f"; {summary.rejected} records could not be read and were left out"
    if summary.reached_topn:
        line += f"; the result reached --topn {query.topn} and may be incomplete"
    elif summary.may_be_truncated:
        line += (
            "; the result may be incomplete: the server's answers stayed full in time "
            "windows of two seconds or ignored the period (see the log)"
        )
    print(line)
    return 0


def _connection(server: str) -> tuple[str, bool, Path | None, str]:
    """Return base URL, TLS settings and API key for a profile name or a URL."""
    profiles, _ = ProfileStore(AppPaths.default().profiles_file).load()
    profile = next((item for item in profiles if item.name == server), None)
    if profile is None:
        try:
            profile = make_profile(name="command line", base_url=server)
        except ProfileError:
            raise ExportFailed(
                f"--server: {server!r} is neither a saved profile nor an http(s) URL"
            ) from None

    api_key = os.environ.get(API_KEY_ENV, "")
    if not api_key and profile.name != "command line":
        try:
            api_key = SecretStore().get(profile.name) or ""
        except KeyringUnavailableError as exc:
            raise ExportFailed(f"{exc.message} Or set {API_KEY_ENV}.") from None
    if not api_key:
        raise ExportFailed(
            f"no API key: set {API_KEY_ENV}, or save the key in the profile "
            f"{profile.name!r} from the app"
            if profile.name != "command line"
            else f"no API key: set {API_KEY_ENV}"
        )
    return profile.base_url, profile.verify_tls, profile.ca_bundle, api_key


def _timestamp(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 time such as 2026-12-01T08:00:00+01:00"
        ) from None
