"""Logging to a rotating file in the platform's log folder, with secrets masked."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from alprdesk.redaction import RedactingFilter

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 5


def setup_logging(
    log_file: Path | None, *, verbose: bool = False, console_level: int = logging.WARNING
) -> None:
    """Send records to stderr and, when ``log_file`` is given, to a rotating file.

    ``verbose`` shows debug records on stderr, whatever ``console_level`` is.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    formatter = logging.Formatter(LOG_FORMAT)
    redacting = RedactingFilter()

    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else console_level)
    handlers: list[logging.Handler] = [console]

    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    log_file, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
            )
        except OSError as exc:
            print(f"ALPR Desk: cannot write the log file {log_file}: {exc}", file=sys.stderr)

    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(redacting)
        root.addHandler(handler)
    logging.captureWarnings(True)
