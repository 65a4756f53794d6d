"""Command-line entry point: the desktop app, the demo server and the export command."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from alprdesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alprdesk",
        description="Search and review licence-plate reads held on a Rekor Scout web server.",
    )
    parser.add_argument("--version", action="version", version=f"ALPR Desk {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on its built-in demo server"
    )
    parser.add_argument(
        "--demo-images",
        type=Path,
        metavar="DIR",
        help="with --demo: serve the photos listed in DIR/plates.csv",
    )
    parser.add_argument("--verbose", action="store_true", help="log debug messages to stderr")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation without a network or the user's settings: open the "
        "window offscreen, start the demo server, run one search and fetch one plate crop; "
        "prints one line per step and exits with status 0 when all pass",
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Listed for --help only: main() hands demo-server's options to the demo package.
    commands.add_parser("demo-server", help="run the demo Scout server on 127.0.0.1")
    export_parser = commands.add_parser(
        "export", help="export a search to results.csv and crops without a window"
    )
    from alprdesk.export.command import add_arguments

    add_arguments(export_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv

    # The demo server parses its own options; global options before it are ignored.
    for position, argument in enumerate(argv):
        if argument == "demo-server":
            from alprdesk.demo import main as demo_main

            return demo_main(argv[position + 1 :])
        if not argument.startswith("-"):
            break

    args = build_parser().parse_args(argv)
    if args.self_test:
        from alprdesk.ui.self_test import run_self_test

        return run_self_test(verbose=args.verbose)
    if args.command == "export":
        from alprdesk.config import AppPaths
        from alprdesk.config.logs import setup_logging
        from alprdesk.export.command import run

        # Failures reach the user as one line on stderr; the details go to the log file.
        setup_logging(
            AppPaths.default().log_file, verbose=args.verbose, console_level=logging.CRITICAL
        )
        return run(args)

    from alprdesk.ui.app import run_app

    return run_app(demo=args.demo, demo_images=args.demo_images, verbose=args.verbose)
