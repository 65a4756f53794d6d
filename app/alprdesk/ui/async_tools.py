"""Awaiting Qt dialogs and signals from coroutines without nested event loops."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

from PySide6.QtWidgets import QDialog


async def run_dialog(dialog: QDialog) -> int:
    """Open ``dialog`` window-modal and return its result code once it closes.

    Unlike ``exec()``, this starts no nested event loop, so the qasync loop
    keeps running other tasks. Cancelling the caller rejects the dialog.
    The dialog is scheduled for deletion once the caller's current step
    ends, so read its fields right after this returns.
    """
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await future
    except asyncio.CancelledError:
        dialog.reject()
        raise
    finally:
        dialog.finished.disconnect(finished)
        # Deleted by Qt on the GUI thread, never by Python's garbage collector,
        # which may run on any thread.
        dialog.deleteLater()


def start_task(coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Schedule ``coroutine`` and send an exception it raises to ``sys.excepthook``.

    This is what ``qasync.asyncSlot`` does for slots, for tasks started elsewhere.
    """
    task = asyncio.ensure_future(coroutine)
    task.add_done_callback(_report_failure)
    return task


def _report_failure(task: asyncio.Task[Any]) -> None:
    if task.cancelled():
        return
    exception = task.exception()
    if exception is not None:
        sys.excepthook(type(exception), exception, exception.__traceback__)
