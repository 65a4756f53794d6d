"""Running coroutines together and failing with the first error itself."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def run_all(coroutines: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run ``coroutines`` concurrently and return their results in order.

    On failure the others are cancelled and the first error is raised as it
    is: callers handle ``ScoutError`` or ``OSError``, not the ``ExceptionGroup``
    a ``TaskGroup`` wraps them in.
    """
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coroutine) for coroutine in coroutines]
    except ExceptionGroup as failures:
        first: BaseException = failures
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
    else:
        return [task.result() for task in tasks]
    raise first
