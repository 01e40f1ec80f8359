"""AkismetTestServer: a scripted Akismet-protocol server on 127.0.0.1 for tests."""

from __future__ import annotations

import contextlib
import random
import socket
import sys
import threading
from dataclasses import dataclass
from typing import Any

from tests.akismet_server.handler import HTTPServer
from tests.akismet_server.protocol import DEFAULT_OPTIONS, MODES, RecordedRequest


@dataclass
class _Step:
    mode: str
    options: dict[str, Any]
    rng: random.Random | None = None


class AkismetTestServer:
    """Speaks Akismet on 127.0.0.1; each request consumes a scripted mode, or the default one.

    ``valid_key=None`` accepts any key, which suits pointing a development site at it.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        valid_key: str | None = "test-key",
        default_mode: str = "auto",
        verbose: bool = False,
        **options: Any,
    ) -> None:
        self.host = host
        self.port = port
        self.valid_key = valid_key
        self.verbose = verbose
        self._lock = threading.Lock()
        self._queue: list[_Step] = []
        self._default = self._step(default_mode, options)
        self._base_options = {**DEFAULT_OPTIONS, **options}
        self._requests: list[RecordedRequest] = []
        self._stopping = threading.Event()
        self._httpd: HTTPServer | None = None
        self._serve_thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._handler_threads: set[threading.Thread] = set()

    @property
    def url(self) -> str:
        """Base URL to give the client, ending in ``/1.1/``."""
        return f"http://{self.host}:{self.port}/1.1/"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of the requests received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        """Forget recorded requests and scripted modes; keep the default mode."""
        with self._lock:
            self._requests.clear()
            self._queue.clear()

    def script(self, mode: str, *, times: int | None = None, **options: Any) -> None:
        """Answer the next ``times`` requests with ``mode``; ``times=None`` makes it the default.

        Options override the server's (``slow_seconds``, ``retry_after``, ``failure_rate``, ...).
        """
        step = self._step(mode, options)
        with self._lock:
            if times is None:
                self._default = step
            else:
                self._queue.extend([step] * times)

    def random_failure(self, *, rate: float, seed: int = 0) -> None:
        """From now on fail ``rate`` of requests with HTTP 500 and answer the rest by content."""
        self.script("random", failure_rate=rate, seed=seed)

    def start(self) -> AkismetTestServer:
        """Bind (a random port when port is 0) and serve from a daemon thread."""
        self._stopping.clear()
        self._httpd = HTTPServer((self.host, self.port), owner=self)
        self.port = self._httpd.server_address[1]
        self._serve_thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="akismet-test-server",
            daemon=True,
        )
        self._serve_thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections and wake sleeping handlers; returns promptly."""
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
            threads = list(self._handler_threads)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in [*threads, self._serve_thread]:
            if thread is not None:
                thread.join(timeout=2)
        self._httpd = None

    def __enter__(self) -> AkismetTestServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _step(self, mode: str, options: dict[str, Any]) -> _Step:
        if mode not in MODES:
            raise ValueError(f"Unknown mode {mode!r}; choose from {', '.join(MODES)}.")
        unknown = set(options) - set(DEFAULT_OPTIONS)
        if unknown:
            raise TypeError(f"Unknown options {sorted(unknown)}; known: {sorted(DEFAULT_OPTIONS)}.")
        rng = random.Random(options.get("seed", 0)) if mode == "random" else None
        return _Step(mode=mode, options=options, rng=rng)

    def _next(self) -> tuple[str, dict[str, Any]]:
        with self._lock:
            step = self._queue.pop(0) if self._queue else self._default
            options = {**self._base_options, **step.options}
            if step.rng is None:
                return step.mode, options
            failed = step.rng.random() < options["failure_rate"]
        return ("500" if failed else "auto"), options

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)
        if self.verbose:
            print(f"{request.method} {request.path} -> {request.mode}", file=sys.stderr)

    def _track(self, connection: socket.socket, thread: threading.Thread, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
                self._handler_threads.add(thread)
            else:
                self._connections.discard(connection)
                self._handler_threads.discard(thread)
