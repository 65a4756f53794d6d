"""HTTP server and request handler that serve the demo endpoints on 127.0.0.1."""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from alprdesk.demo.routes import DemoApp, Response, text_response

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
IDLE_CONNECTION_TIMEOUT_S = 30
WORKER_JOIN_TIMEOUT_S = 5.0
_API_KEY_VALUE = re.compile(r"(api_key=)[^&\s'\"]*")


class DemoRequestHandler(BaseHTTPRequestHandler):
    """Serve GET requests through the server's DemoApp and log them without query strings."""

    server: DemoHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_CONNECTION_TIMEOUT_S  # closes idle keep-alive connections

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        params = parse_qs(split.query, keep_blank_values=True)
        try:
            response = self.server.app.handle(split.path, params)
        except Exception:
            # A bug in an endpoint fails only this request with a 500, and the server keeps running.
            logger.exception("GET %s failed", split.path)
            response = text_response(500, "Internal server error: see the demo server log.")
        logger.info("GET %s -> %d (%d bytes)", split.path, response.status, len(response.body))
        self._send(response)

    def _send(self, response: Response) -> None:
        self.send_response_only(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Date", self.date_time_string())
        self.end_headers()
        try:
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("Client closed the connection before the response was sent")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the base class's request line, which contains the query string and its api_key."""

    def log_message(self, format: str, *args: Any) -> None:
        # The base class calls this for protocol errors and timeouts. A "bad request syntax"
        # message quotes the request line, so the api_key value is removed first.
        message = _API_KEY_VALUE.sub(r"\1[redacted]", format % args)
        logger.warning("HTTP error from %s: %s", self.address_string(), message)


class DemoHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that tracks its connections so that stopping can end them all."""

    daemon_threads = True

    def __init__(self, port: int, app: DemoApp) -> None:
        self.app = app
        self._workers: dict[socket.socket, threading.Thread] = {}
        self._workers_lock = threading.Lock()
        super().__init__((HOST, port), DemoRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look up the host name of 127.0.0.1 (a DNS query).
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"alprdesk-demo-request-{client_address[1]}",
            daemon=True,
        )
        with self._workers_lock:
            self._workers[request] = worker
        worker.start()

    def shutdown_request(self, request: Any) -> None:
        with self._workers_lock:
            self._workers.pop(request, None)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open connection and wait for the request threads to finish."""
        with self._workers_lock:
            workers = dict(self._workers)
        for connection in workers:
            with contextlib.suppress(OSError):  # the connection may be closed already
                connection.shutdown(socket.SHUT_RDWR)
        for worker in workers.values():
            worker.join(WORKER_JOIN_TIMEOUT_S)
            if worker.is_alive():
                logger.warning(
                    "Request thread %s did not finish within %.0f s",
                    worker.name,
                    WORKER_JOIN_TIMEOUT_S,
                )
