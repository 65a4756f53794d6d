"""Removal of API keys from text before it reaches a log, an error or an export.

Scout takes the key as the ``api_key`` query parameter, so any URL the client
builds carries it. Two mechanisms cover that: a pattern that masks the value
of every ``api_key=`` parameter, and a registry of the keys in use, masked
wherever they appear.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "********"
_API_KEY_PARAMETER = re.compile(r"(api_key=)[^&\s'\"<>]*", re.IGNORECASE)
# Shorter values would mask ordinary words in log lines.
_MIN_REGISTERED_LENGTH = 4

_lock = threading.Lock()
_registered: set[str] = set()


def register_secret(secret: str) -> None:
    """Add a secret that ``redact`` masks wherever it appears from now on."""
    if len(secret) < _MIN_REGISTERED_LENGTH:
        return
    with _lock:
        _registered.add(secret)


def unregister_secret(secret: str) -> None:
    with _lock:
        _registered.discard(secret)


def redact(text: str, *secrets: str) -> str:
    """Return ``text`` with api_key parameters, registered secrets and ``secrets`` masked."""
    text = _API_KEY_PARAMETER.sub(rf"\g<1>{MASK}", text)
    with _lock:
        known = _registered | {secret for secret in secrets if secret}
    # Longest first, so a key that contains another is masked whole.
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in the formatted message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
