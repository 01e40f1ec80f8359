"""Real HTTP servers on 127.0.0.1 for tests of code that fetches URLs: never the internet."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalServer(ThreadingHTTPServer):
    """Counts the connections it accepts and keeps what its handler records in `requests`."""

    daemon_threads = True  # a handler still dripping bytes does not hold the test up

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.connections = 0
        self.requests: list = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def verify_request(self, request, client_address) -> bool:
        self.connections += 1
        return True

    def handle_error(self, request, client_address) -> None:
        """Quiet: clients here hang up early on purpose (deadlines, size caps)."""


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler], *, tls=None) -> Iterator[LocalServer]:
    """Serve from a daemon thread until the block ends; `tls`: an SSLContext for https."""
    httpd = LocalServer(handler)
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
