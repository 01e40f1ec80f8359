"""A local Akismet-compatible server for tests, and for trying failures by hand.

    python -m tests.akismet_server --port 8765 --mode slow

then point the site at it with ``AKISMET_API_URL=http://127.0.0.1:8765/1.1/``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

THANKS = "Thanks for making the web a better place."
SPAM_AUTHOR = "viagra-test-123"
SPAM_CONTENT = "akismet-guaranteed-spam"
SPAM_EMAIL = "akismet-guaranteed-spam@example.com"

MODES = (
    "auto",
    "ham",
    "spam",
    "discard",
    "recheck",
    "alert",
    "invalid_key",
    "error_header",
    "403",
    "500",
    "503",
    "empty",
    "garbage",
    "html",
    "huge",
    "slow",
    "drip",
    "close",
    "rate_limited",
    "random",
)
"""``auto`` answers by the content rule; ``random`` fails ``failure_rate`` of requests with 500."""

DEFAULT_OPTIONS: dict[str, Any] = {
    "slow_seconds": 3.0,
    "drip_seconds": 4.0,
    "drip_bytes": 40,
    "retry_after": "1",
    "recheck_after": 3600,
    "huge_bytes": 10 * 1024 * 1024,
    "alert_code": "10003",
    "alert_msg": "Your Akismet subscription needs attention.",
    "failure_rate": 0.0,
    "seed": 0,
}

_HTML = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>oops</body></html>"
_WRITE_CHUNK = 64 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it; header names are lower-cased."""

    method: str
    path: str
    endpoint: str
    headers: dict[str, str]
    form: dict[str, str]
    mode: str


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
        self._httpd: _HTTPServer | None = None
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
        self._httpd = _HTTPServer((self.host, self.port), owner=self)
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


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, owner: AkismetTestServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="akismet-test-server-handler",
            daemon=True,
        )
        self.owner._track(request, thread, add=True)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.owner._track(request, threading.current_thread(), add=False)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AkismetTestServer/1.0"
    # Headers and body go out in separate writes; without this, delayed ACKs add 40 ms each.
    disable_nagle_algorithm = True
    # Idle keep-alive connections give up on their own; stop() also cuts them.
    timeout = 10
    server: _HTTPServer

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: requests are recorded, and printed by _record when verbose."""

    def _handle(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        url = urlsplit(self.path)
        form = {name: values[-1] for name, values in parse_qs(url.query).items()}
        fields = parse_qs(body, keep_blank_values=True)
        form.update({name: values[-1] for name, values in fields.items()})
        mode, options = owner._next()
        owner._record(
            RecordedRequest(
                method=self.command,
                path=url.path,
                endpoint=url.path.rstrip("/").rsplit("/", 1)[-1],
                headers={name.lower(): value for name, value in self.headers.items()},
                form=form,
                mode=mode,
            )
        )
        try:
            self._answer(mode=mode, options=options, form=form)
        except OSError:
            # The client gave up (timeout, size cap) or stop() cut the connection.
            self.close_connection = True

    def _answer(self, *, mode: str, options: dict[str, Any], form: dict[str, str]) -> None:
        owner = self.server.owner
        endpoint = self.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if mode == "close":
            self.close_connection = True
        elif mode in {"403", "500", "503"}:
            status = HTTPStatus(int(mode))
            self._send(status, status.phrase)
        elif mode == "rate_limited":
            retry_after = str(options["retry_after"])
            self._send(HTTPStatus.TOO_MANY_REQUESTS, "Slow down", {"Retry-After": retry_after})
        elif mode == "empty":
            self._send(HTTPStatus.OK, "")
        elif mode == "garbage":
            self._send(HTTPStatus.OK, "banana")
        elif mode == "html":
            self._send(HTTPStatus.OK, _HTML, {"Content-Type": "text/html; charset=utf-8"})
        elif mode == "huge":
            self._send_huge(options["huge_bytes"])
        elif mode == "invalid_key":
            self._send(HTTPStatus.OK, "invalid", {"X-akismet-debug-help": "Invalid API key."})
        elif mode == "error_header":
            message = "Missing required field: user_ip."
            headers = {"X-akismet-error": message, "X-akismet-debug-help": "Send user_ip."}
            self._send(HTTPStatus.OK, message, headers)
        elif mode == "slow":
            if owner._stopping.wait(options["slow_seconds"]):
                return
            self._send(*self._protocol_answer(endpoint=endpoint, form=form, mode="auto"))
        elif mode == "drip":
            status, text, headers = self._protocol_answer(endpoint=endpoint, form=form, mode="auto")
            self._send_drip(status, text, headers, options=options)
        else:
            self._send(
                *self._protocol_answer(endpoint=endpoint, form=form, mode=mode, options=options)
            )

    def _protocol_answer(
        self,
        *,
        endpoint: str,
        form: dict[str, str],
        mode: str,
        options: dict[str, Any] | None = None,
    ) -> tuple[HTTPStatus, str, dict[str, str]]:
        """What Akismet would say, with the verdict forced by ham/spam/discard/recheck modes."""
        options = {**DEFAULT_OPTIONS, **(options or {})}
        headers: dict[str, str] = {}
        if mode == "alert":
            headers["X-akismet-alert-code"] = str(options["alert_code"])
            headers["X-akismet-alert-msg"] = str(options["alert_msg"])
        valid_key = self.server.owner.valid_key
        key = form.get("key", "") if endpoint == "verify-key" else form.get("api_key", "")
        if valid_key is not None and key != valid_key:
            headers["X-akismet-debug-help"] = "We were unable to verify your API key."
            return HTTPStatus.OK, "invalid", headers
        if endpoint == "verify-key":
            return HTTPStatus.OK, "valid", headers
        if endpoint in {"submit-spam", "submit-ham"}:
            return HTTPStatus.OK, THANKS, headers
        if endpoint == "usage-limit":
            usage = {"limit": 350000, "usage": 7463, "percentage": "2.13", "throttled": False}
            return HTTPStatus.OK, json.dumps(usage), {**headers, "Content-Type": "application/json"}
        if endpoint != "comment-check":
            return HTTPStatus.NOT_FOUND, "Not Found", headers
        missing = [name for name in ("blog", "user_ip") if not form.get(name)]
        if missing:
            headers["X-akismet-error"] = f"Missing required field: {missing[0]}."
            return HTTPStatus.OK, headers["X-akismet-error"], headers
        if mode in {"spam", "discard"}:
            if mode == "discard":
                headers["X-akismet-pro-tip"] = "discard"
            return HTTPStatus.OK, "true", headers
        if mode == "recheck":
            headers["X-akismet-recheck-after"] = str(options["recheck_after"])
        if mode != "auto":
            return HTTPStatus.OK, "false", headers
        return HTTPStatus.OK, "true" if _looks_like_spam(form) else "false", headers

    def _send(
        self, status: HTTPStatus, body: str | bytes, headers: dict[str, str] | None = None
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self._send_head(status, len(data), headers)
        self.wfile.write(data)

    def _send_head(self, status: HTTPStatus, length: int, headers: dict[str, str] | None) -> None:
        self.send_response(status)
        headers = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send_huge(self, size: int) -> None:
        self._send_head(HTTPStatus.OK, size, None)
        chunk = b"x" * _WRITE_CHUNK
        sent = 0
        while sent < size and not self.server.owner._stopping.is_set():
            part = chunk[: size - sent]
            self.wfile.write(part)
            sent += len(part)

    def _send_drip(
        self, status: HTTPStatus, text: str, headers: dict[str, str], *, options: dict[str, Any]
    ) -> None:
        """Send a valid answer, padded with leading spaces, one byte at a time."""
        data = text.encode().rjust(max(options["drip_bytes"], len(text)))
        pause = options["drip_seconds"] / len(data)
        self._send_head(status, len(data), headers)
        self.wfile.flush()
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            if self.server.owner._stopping.wait(pause):
                return


def _looks_like_spam(form: dict[str, str]) -> bool:
    """Akismet's documented test triggers; administrators are never spam."""
    if form.get("user_role") == "administrator":
        return False
    return (
        form.get("comment_author") == SPAM_AUTHOR
        or form.get("comment_author_email") == SPAM_EMAIL
        or SPAM_CONTENT in form.get("comment_content", "")
    )


def main(argv: list[str] | None = None) -> None:
    """Serve until Ctrl-C, printing the URL to put in AKISMET_API_URL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mode", choices=MODES, default="auto")
    parser.add_argument("--key", default=None, help="the only valid API key (default: any)")
    parser.add_argument("--slow-seconds", type=float, default=DEFAULT_OPTIONS["slow_seconds"])
    parser.add_argument("--drip-seconds", type=float, default=DEFAULT_OPTIONS["drip_seconds"])
    parser.add_argument("--retry-after", default=DEFAULT_OPTIONS["retry_after"])
    parser.add_argument("--failure-rate", type=float, default=0.3, help="for --mode random")
    parser.add_argument("--seed", type=int, default=0, help="for --mode random")
    args = parser.parse_args(argv)
    server = AkismetTestServer(
        host=args.host,
        port=args.port,
        valid_key=args.key,
        default_mode=args.mode,
        verbose=True,
        slow_seconds=args.slow_seconds,
        drip_seconds=args.drip_seconds,
        retry_after=args.retry_after,
        failure_rate=args.failure_rate,
        seed=args.seed,
    )
    with server:
        print(f"Akismet test server ({args.mode}) at {server.url}", flush=True)
        print(f"Try: AKISMET_API_URL={server.url}", flush=True)
        stopped = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
        print("Stopping.", file=sys.stderr)


if __name__ == "__main__":
    main()
