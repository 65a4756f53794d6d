"""Assertions that a secret appears nowhere in an exception or its chain."""

from __future__ import annotations

import traceback


def assert_no_secret(error: BaseException, secret: str) -> None:
    """Fail if ``secret`` is in the text, repr, traceback, cause or context of ``error``."""
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), repr(current.args)]
        current = current.__cause__ or current.__context__
    for text in texts:
        assert secret not in text
