"""The demo Scout server as a child process that ends with its parent."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import secrets
import subprocess
import sys
import threading
from pathlib import Path

logger = logging.getLogger(__name__)

API_KEY_ENV = "ALPRDESK_DEMO_API_KEY"
STARTUP_TIMEOUT = 60.0
_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class DemoServerError(RuntimeError):
    """The demo server did not start; the message includes its last output."""


def demo_server_command(images_dir: Path | None = None) -> list[str]:
    """Return the command that starts the demo server, frozen or not."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "demo-server"]
    else:
        command = [sys.executable, "-m", "alprdesk", "demo-server"]
    command += ["--port", "0", "--exit-on-stdin-eof", "--log-level", "WARNING"]
    if images_dir is not None:
        command += ["--images", str(images_dir)]
    return command


class DemoServerProcess:
    """Start ``alprdesk demo-server`` on a free loopback port with a fresh random key.

    The key reaches the child through its environment, never its command
    line. The child stops when its standard input closes, so it also ends
    when this process dies without calling ``stop``.
    """

    def __init__(self, images_dir: Path | None = None) -> None:
        self.images_dir = images_dir
        self.api_key = secrets.token_urlsafe(24)
        self.url: str | None = None
        self._process: subprocess.Popen[str] | None = None
        self._output: list[str] = []

    def start(self, timeout: float = STARTUP_TIMEOUT) -> str:
        """Start the child and block until it listens; return its base URL."""
        environment = dict(os.environ, **{API_KEY_ENV: self.api_key})
        self._process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
            demo_server_command(self.images_dir),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(lines,), daemon=True).start()

        while True:
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                self.stop()
                raise DemoServerError(self._failure("did not start in time")) from None
            if line is None:
                self.stop()
                raise DemoServerError(self._failure("exited during startup"))
            match = _LISTENING.search(line)
            if match:
                self.url = match.group(1)
                logger.info("Demo server started at %s (pid %d)", self.url, self._process.pid)
                return self.url

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the child to stop by closing its input; kill it if it does not."""
        process = self._process
        if process is None:
            return
        self._process = None
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
        logger.info("Demo server stopped (exit status %s)", process.returncode)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _pump(self, lines: queue.Queue[str | None]) -> None:
        process = self._process
        if process is None or process.stdout is None:
            lines.put(None)
            return
        try:
            for line in process.stdout:
                self._output.append(line.rstrip())
                del self._output[:-20]
                lines.put(line)
                logger.debug("demo server: %s", line.rstrip())
        except (OSError, ValueError):
            pass  # the pipe was closed by stop()
        lines.put(None)

    def _failure(self, what: str) -> str:
        tail = " | ".join(self._output[-5:]) or "no output"
        return f"The demo server {what}: {tail}"
