"""The demo Scout web server: data set, SQLite store and HTTP server with one lifecycle."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from alprdesk.demo.generate import generate_dataset
from alprdesk.demo.handler import HOST, DemoHTTPServer
from alprdesk.demo.images import FrameCache, ImageService
from alprdesk.demo.photos import load_photo_dataset
from alprdesk.demo.routes import DemoApp
from alprdesk.demo.store import DemoStore
from alprdesk.demo.timefmt import epoch_ms_of

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.05  # how often serve_forever checks for a stop request


class StartClock:
    """Seconds since the server started serving, or since it was built before that."""

    def __init__(self) -> None:
        self._started_at = time.monotonic()

    def restart(self) -> None:
        self._started_at = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self._started_at


class DemoServer:
    """A demo Scout web server bound to 127.0.0.1 until stop() is called.

    The socket is bound on construction, so ``url`` contains the real port even for port 0.
    ``db_path`` is the SQLite file with the data set.
    Use start() to serve in a background thread or serve_forever() to block. As a
    context manager it starts on entry unless already serving, and stops on exit.
    """

    url: str  # "http://127.0.0.1:<port>"
    api_key: str
    db_path: Path

    def __init__(
        self,
        *,
        api_key: str,
        httpd: DemoHTTPServer,
        store: DemoStore,
        temporary_db: Path | None,
        clock: StartClock,
    ) -> None:
        self.api_key = api_key
        self.url = f"http://{HOST}:{httpd.server_port}"
        self.db_path = store.path
        self._httpd = httpd
        self._store = store
        self._temporary_db = temporary_db
        self._clock = clock
        self._serve_requested = False
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._state_lock = threading.Lock()
        self._stop_lock = threading.Lock()

    def _claim_serving(self) -> bool:
        """Mark the server as serving, or return False if it was stopped already.

        Raises RuntimeError if start() or serve_forever() was called before.
        """
        with self._state_lock:
            if self._stopped:
                return False
            if self._serve_requested:
                raise RuntimeError(f"demo server on {self.url} is already serving")
            self._serve_requested = True
            self._clock.restart()
        logger.info("Demo server listening on %s", self.url)
        return True

    def start(self) -> None:
        """Serve in a daemon background thread.

        Raises RuntimeError if the server is serving already or was stopped.
        """
        if not self._claim_serving():
            raise RuntimeError(f"demo server on {self.url} is stopped and cannot restart")
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL_S},
            name="alprdesk-demo-server",
            daemon=True,
        )
        self._thread.start()

    def serve_forever(self) -> None:
        """Serve in the calling thread until stop() is called from another thread.

        Returns at once if stop() was called before. Raises RuntimeError if the server
        is serving already.
        """
        if self._claim_serving():
            self._httpd.serve_forever(poll_interval=POLL_INTERVAL_S)

    def stop(self) -> None:
        """Stop serving, end open connections, close the socket and the database.

        Deletes the database file if it was a temporary one. Safe to call more than once
        and from any thread except a request thread. A second caller waits until the
        first one has finished.
        """
        with self._stop_lock:
            with self._state_lock:
                if self._stopped:
                    return
                self._stopped = True
                serving = self._serve_requested
            if serving:
                self._httpd.shutdown()
            if self._thread is not None:
                self._thread.join()
            self._httpd.close_connections()
            self._httpd.server_close()
            self._store.close()
            if self._temporary_db is not None:
                self._temporary_db.unlink(missing_ok=True)
            logger.info("Demo server on %s stopped", self.url)

    def __enter__(self) -> Self:
        with self._state_lock:
            serving = self._serve_requested
        if not serving:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def build_demo_server(
    *,
    api_key: str,
    port: int = 0,
    images_dir: Path | None = None,
    db_path: Path | None = None,
    now: datetime | None = None,
    seed: int = 7,
) -> DemoServer:
    """Generate the data set, store it in SQLite and bind the HTTP server to 127.0.0.1.

    Without ``images_dir`` the data set is synthetic. With it, each photo listed in the
    folder's ``plates.csv`` becomes one plate group. Without ``db_path`` the store is a
    temporary file that stop() deletes. ``now`` and ``seed`` fix the data set. ``now``
    defaults to the current time, and a naive ``now`` is UTC. Raises ValueError for an
    empty key or a bad images folder, and OSError if the port cannot be bound.
    """
    if not api_key:
        raise ValueError("api_key must not be empty")
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now_ms = epoch_ms_of(moment)
    if images_dir is None:
        dataset = generate_dataset(now_ms=now_ms, seed=seed)
    else:
        dataset = load_photo_dataset(images_dir, now_ms=now_ms, seed=seed)

    temporary_db: Path | None = None
    if db_path is None:
        handle, name = tempfile.mkstemp(prefix="alprdesk-demo-", suffix=".sqlite3")
        os.close(handle)
        temporary_db = db_path = Path(name)
    store: DemoStore | None = None
    clock = StartClock()
    try:
        store = DemoStore(db_path)
        store.load(dataset)
        images = ImageService(store, FrameCache(images_dir), clock.elapsed)
        app = DemoApp(store=store, api_key=api_key, images=images)
        httpd = DemoHTTPServer(port, app)
    except BaseException:
        if store is not None:
            store.close()
        if temporary_db is not None:
            temporary_db.unlink(missing_ok=True)
        raise
    server = DemoServer(
        api_key=api_key, httpd=httpd, store=store, temporary_db=temporary_db, clock=clock
    )
    logger.info(
        "Demo data set: %d plate groups, %d candidates, %d alert hits in %s",
        len(dataset.groups),
        len(dataset.candidates),
        len(dataset.alerts),
        db_path,
    )
    return server
