"""The ``alprdesk demo-server`` command."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from alprdesk.demo.server import DemoServer, build_demo_server

logger = logging.getLogger(__name__)

API_KEY_ENV = "ALPRDESK_DEMO_API_KEY"
DEFAULT_API_KEY = "demo"  # a fixed key for a local demo, not a secret
LISTENING_LINE = "ALPR Desk demo server listening on {url}"


class _TerminationRequestedError(BaseException):
    """Raised in the main thread by the SIGTERM handler so that cleanup runs."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is outside 0-65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alprdesk demo-server",
        description=(
            "Run a demo Rekor Scout web server on 127.0.0.1 with generated plate reads. "
            f"The API key comes from {API_KEY_ENV}, or is '{DEFAULT_API_KEY}' if that is unset."
        ),
    )
    parser.add_argument(
        "--port", type=_port, default=0, help="TCP port to listen on (default: 0, a free port)"
    )
    parser.add_argument(
        "--images",
        type=Path,
        metavar="DIR",
        help="serve the photos in DIR, annotated in DIR/plates.csv, instead of generated scenes",
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="SQLite file to write the data set to (default: a temporary file deleted on exit)",
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="random seed of the generated data set (default: 7)"
    )
    parser.add_argument(
        "--log-level",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        default="INFO",
        help="minimum level of the standard error log (default: INFO, one line per request)",
    )
    parser.add_argument(
        "--exit-on-stdin-eof",
        action="store_true",
        help="stop the server when standard input is closed, e.g. when the parent process exits",
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the demo server until it is interrupted, and return the process exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_request:  # argparse exits for --help and for usage errors
        return exit_request.code if isinstance(exit_request.code, int) else 2
    # basicConfig does nothing if the calling program configured logging already.
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alprdesk.demo").setLevel(args.log_level)
    stdin = sys.stdin.buffer if sys.stdin is not None else None
    if args.exit_on_stdin_eof and stdin is None:
        logger.error("--exit-on-stdin-eof needs a standard input, but this process has none")
        return 2

    api_key = os.environ.get(API_KEY_ENV) or DEFAULT_API_KEY
    try:
        server = build_demo_server(
            api_key=api_key,
            port=args.port,
            images_dir=args.images,
            db_path=args.db,
            seed=args.seed,
        )
    except (OSError, ValueError, sqlite3.Error) as error:
        logger.error("Demo server failed to start: %s", error)
        return 1

    print(LISTENING_LINE.format(url=server.url), flush=True)
    if api_key == DEFAULT_API_KEY:
        print(f"API key: {DEFAULT_API_KEY} (set {API_KEY_ENV} to use another key)", flush=True)
    if args.exit_on_stdin_eof and stdin is not None:
        threading.Thread(
            target=_stop_on_eof, args=(server, stdin), name="alprdesk-demo-stdin", daemon=True
        ).start()
    return _serve(server)


def _serve(server: DemoServer) -> int:
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.getsignal(signal.SIGTERM) if in_main_thread else None
    if in_main_thread:
        signal.signal(signal.SIGTERM, _raise_termination)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, _TerminationRequestedError):
        logger.info("Stopping the demo server on a signal")
    finally:
        server.stop()
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous_handler)
    return 0


def _raise_termination(signal_number: int, frame: FrameType | None) -> None:
    raise _TerminationRequestedError


def _stop_on_eof(server: DemoServer, stdin: BinaryIO) -> None:
    try:
        while stdin.read(4096):
            pass
        logger.info("Standard input closed, stopping the demo server")
    except (OSError, ValueError) as error:
        logger.warning("Reading standard input failed (%s), stopping the demo server", error)
    server.stop()
